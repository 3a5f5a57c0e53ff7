package kit

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"xietong/i18n"
)

// Pager shows a detail that may be taller than the screen: head lines that
// stay at the top and body lines that scroll with ↑↓, pgup/pgdown,
// home/end. The lines are built for the width at hand on every draw.
type Pager struct {
	Lang  string
	Build func(width int) (head, body []string)
	off   int // first body line in view
	page  int // body lines in view at the last draw
}

// Update scrolls on a key; it reports whether the key was used.
func (g *Pager) Update(km tea.KeyPressMsg) bool {
	page := max(g.page, 1)
	switch km.String() {
	case "up", "k":
		g.off--
	case "down", "j":
		g.off++
	case "pgup":
		g.off -= page
	case "pgdown", "space":
		g.off += page
	case "home", "g":
		g.off = 0
	case "end", "G":
		g.off = 1 << 30
	default:
		return false
	}
	g.off = max(g.off, 0) // the upper bound is applied when drawing
	return true
}

// View draws head, the body lines from the offset and foot, in height lines;
// a line saying more is above or below replaces the first or last body line
// when the body does not fit.
func (g *Pager) View(st Styles, width, height int, foot string) string {
	head, body := g.Build(width)
	room := max(height-len(head)-1, 1)
	g.page = room
	g.off = min(g.off, max(len(body)-room, 0))
	var b strings.Builder
	for _, l := range head {
		b.WriteString(l + "\n")
	}
	end := min(g.off+room, len(body))
	for i := g.off; i < end; i++ {
		switch {
		case i == g.off && g.off > 0:
			b.WriteString(st.Dim.Render(Fit(i18n.T(g.Lang, "ui.more_above", g.off), width, false)) + "\n")
		case i == end-1 && end < len(body):
			b.WriteString(st.Dim.Render(Fit(i18n.T(g.Lang, "ui.more_below", len(body)-end+1), width, false)) + "\n")
		default:
			b.WriteString(body[i] + "\n")
		}
	}
	for i := end - g.off; i < room; i++ {
		b.WriteString("\n")
	}
	b.WriteString(st.Dim.Render(Fit(foot, width, false)))
	return b.String()
}

// Wrap is s (already safe) broken into lines for a pager's body of width,
// as WrapText breaks them.
func Wrap(s string, width int) []string {
	return WrapText(s, max(width-2, 10))
}
