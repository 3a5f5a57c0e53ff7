package kit

import (
	"image/color"
	"strings"

	"charm.land/lipgloss/v2"
)

// SubTabs draws a row of sub-tabs, the active one marked.
func SubTabs(st Styles, labels []string, active int) string {
	var b strings.Builder
	for i, l := range labels {
		if i == active {
			b.WriteString(st.TabActive.Render(l))
		} else {
			b.WriteString(st.Tab.Render(l))
		}
	}
	return b.String()
}

// Styles are built per session from the client's background; the renderer
// then downsamples colours to the client's profile (NO_COLOR, 16, 256, true colour).
type Styles struct {
	Header, HeaderDim, Tab, TabActive lipgloss.Style
	Title, Dim, Bold, Error, Alert    lipgloss.Style
	OK, Warn, Urgent                  lipgloss.Style
	Selected, SelBar, TableHeader     lipgloss.Style
	Border                            lipgloss.Style
	Status, StatusError, StatusAlert  lipgloss.Style
	Label, LabelFocus, FieldErr       lipgloss.Style
	Box                               lipgloss.Style
	BorderColor                       color.Color
	// Bar is a table's vertical border, rendered once: tables draw it
	// between every two cells of every row.
	Bar string
	// Key names the set of styles ("dark", "light"): table rows drawn with
	// one are kept under it (see TableCache).
	Key string
	// Rows, when set, keeps table rows drawn by every session, so a row
	// many sessions show is drawn once (see TableCache).
	Rows *TableCache
}

// NewStyles returns the styles for a dark or light background.
func NewStyles(dark bool) Styles {
	ld := lipgloss.LightDark(dark)
	accent := ld(lipgloss.Color("#1F5FAF"), lipgloss.Color("#7FB2F0"))
	dim := ld(lipgloss.Color("#6B6B6B"), lipgloss.Color("#9A9A9A"))
	red := ld(lipgloss.Color("#B00020"), lipgloss.Color("#FF6B6B"))
	green := ld(lipgloss.Color("#1B7F3B"), lipgloss.Color("#6FD08C"))
	amber := ld(lipgloss.Color("#9A6700"), lipgloss.Color("#F2C14E"))
	selBg := ld(lipgloss.Color("#D6E4F5"), lipgloss.Color("#2A3F5C"))
	border := ld(lipgloss.Color("#A0A0A0"), lipgloss.Color("#5A5A5A"))
	s := Styles{BorderColor: border, Key: "light"}
	if dark {
		s.Key = "dark"
	}
	s.Header = lipgloss.NewStyle().Bold(true).Foreground(accent)
	s.HeaderDim = lipgloss.NewStyle().Foreground(dim)
	s.Tab = lipgloss.NewStyle().Foreground(dim).Padding(0, 1)
	s.TabActive = lipgloss.NewStyle().Bold(true).Foreground(accent).Underline(true).Padding(0, 1)
	s.Title = lipgloss.NewStyle().Bold(true).Foreground(accent)
	s.Dim = lipgloss.NewStyle().Foreground(dim)
	s.Bold = lipgloss.NewStyle().Bold(true)
	s.Error = lipgloss.NewStyle().Foreground(red)
	s.Alert = lipgloss.NewStyle().Bold(true).Foreground(red)
	s.OK = lipgloss.NewStyle().Foreground(green)
	s.Warn = lipgloss.NewStyle().Foreground(amber)
	s.Urgent = lipgloss.NewStyle().Bold(true).Foreground(red)
	// A selected table row has a heavy left border as well as a coloured
	// first cell, so it stays visible when colours are off (NO_COLOR).
	s.Selected = lipgloss.NewStyle().Background(selBg).Bold(true)
	s.SelBar = lipgloss.NewStyle().Bold(true).Foreground(accent)
	s.TableHeader = lipgloss.NewStyle().Bold(true).Foreground(accent)
	s.Border = lipgloss.NewStyle().Foreground(border)
	s.Bar = s.Border.Render("│")
	s.Status = lipgloss.NewStyle().Foreground(dim)
	s.StatusError = lipgloss.NewStyle().Bold(true).Foreground(red)
	s.StatusAlert = lipgloss.NewStyle().Bold(true).Foreground(amber)
	s.Label = lipgloss.NewStyle().Foreground(dim)
	s.LabelFocus = lipgloss.NewStyle().Bold(true).Foreground(accent)
	s.FieldErr = lipgloss.NewStyle().Foreground(red)
	s.Box = lipgloss.NewStyle().Border(lipgloss.RoundedBorder()).BorderForeground(border).Padding(0, 1)
	return s
}
