package kit

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"xietong/find"
	"xietong/i18n"
)

// Row is one record in a List: its id and its cells (plain text; List makes
// them Safe when rendering).
type Row struct {
	ID    string
	Cells []string
	Style lipgloss.Style
	Emph  bool // use Style for the row
}

// List is a bordered, scrollable, filterable table that keeps the cursor on
// the same record when its rows are replaced by a live update.
type List struct {
	cols      []Column
	rows      []Row
	view      []int // indices into rows matching the filter
	cursor    int   // index into view
	offset    int
	filtering bool
	filter    textinput.Model
	Keys      ListKeys
	Lang      string
	pageRows  int
	cache     RowCache
	// found are the rows prepared for the filter (pinyin initials), made
	// when a filter is first typed over these rows.
	found []find.Key
}

// NewList makes an empty list.
func NewList(lang string, cols []Column) *List {
	fi := textinput.New()
	fi.Prompt = i18n.T(lang, "filter.prompt")
	fi.CharLimit = 60
	l := &List{cols: cols, filter: fi, Keys: NewListKeys(lang), Lang: lang, pageRows: 10}
	return l
}

// SetRows replaces the rows, keeping the cursor on the record it was on.
func (l *List) SetRows(rows []Row) {
	cur := l.SelectedID()
	l.rows, l.found = rows, nil
	l.applyFilter()
	if cur != "" {
		l.Select(cur)
	}
}

// Select moves the cursor to the record with id, if shown.
func (l *List) Select(id string) {
	for i, ri := range l.view {
		if l.rows[ri].ID == id {
			l.cursor = i
			return
		}
	}
	l.cursor = min(l.cursor, max(len(l.view)-1, 0))
}

// SetCursor puts the cursor on the i-th row shown.
func (l *List) SetCursor(i int) { l.cursor = max(min(i, len(l.view)-1), 0) }

// SelectedID returns the id under the cursor, or "".
func (l *List) SelectedID() string {
	if l.cursor < 0 || l.cursor >= len(l.view) {
		return ""
	}
	return l.rows[l.view[l.cursor]].ID
}

// Len is the number of rows shown (after filtering).
func (l *List) Len() int { return len(l.view) }

// Filtering reports whether the filter field has focus.
func (l *List) Filtering() bool { return l.filtering }

// applyFilter keeps the rows the filter names: any cell holding it, in any
// case, or the pinyin initials of the row's Chinese ("yhcs" finds 永辉超市),
// as the lookups and the command line match.
func (l *List) applyFilter() {
	q := find.Query(l.filter.Value())
	if q != "" && len(l.found) != len(l.rows) {
		l.found = make([]find.Key, len(l.rows))
		for i, r := range l.rows {
			l.found[i] = find.NewKey("", strings.Join(r.Cells, " "))
		}
	}
	l.view = l.view[:0]
	for i := range l.rows {
		if q == "" || l.found[i].Score(q) > 0 {
			l.view = append(l.view, i)
		}
	}
	if l.cursor >= len(l.view) {
		l.cursor = max(len(l.view)-1, 0)
	}
}

// Update handles navigation and filter keys. It reports whether it used msg.
func (l *List) Update(msg tea.Msg) (bool, tea.Cmd) {
	km, ok := msg.(tea.KeyPressMsg)
	if !ok {
		if l.filtering {
			var cmd tea.Cmd
			l.filter, cmd = l.filter.Update(msg)
			return false, cmd
		}
		return false, nil
	}
	if l.filtering {
		switch km.String() {
		case "enter":
			l.filtering = false
			l.filter.Blur()
			return true, nil
		case "esc":
			l.filtering = false
			l.filter.Blur()
			l.filter.SetValue("")
			l.applyFilter()
			return true, nil
		case "up", "down", "pgup", "pgdown":
			// fall through to navigation while typing the filter
		default:
			var cmd tea.Cmd
			l.filter, cmd = l.filter.Update(msg)
			l.applyFilter()
			return true, cmd
		}
	}
	switch {
	case key.Matches(km, l.Keys.Up):
		l.cursor = max(l.cursor-1, 0)
	case key.Matches(km, l.Keys.Down):
		l.cursor = min(l.cursor+1, max(len(l.view)-1, 0))
	case key.Matches(km, l.Keys.PgUp):
		l.cursor = max(l.cursor-l.pageRows, 0)
	case key.Matches(km, l.Keys.PgDown):
		l.cursor = min(l.cursor+l.pageRows, max(len(l.view)-1, 0))
	case key.Matches(km, l.Keys.Top):
		l.cursor = 0
	case key.Matches(km, l.Keys.Bottom):
		l.cursor = max(len(l.view)-1, 0)
	case key.Matches(km, l.Keys.Filter):
		l.filtering = true
		return true, l.filter.Focus()
	case km.String() == "esc" && l.filter.Value() != "":
		l.filter.SetValue("")
		l.applyFilter()
	default:
		return false, nil
	}
	return true, nil
}

// View renders the list into width×height cells.
func (l *List) View(st Styles, width, height int, empty string) string {
	var b strings.Builder
	bodyH := height
	if l.filtering || l.filter.Value() != "" {
		l.filter.SetWidth(max(width-lipgloss.Width(l.filter.Prompt)-2, 10))
		b.WriteString(l.filter.View())
		b.WriteByte('\n')
		bodyH--
	}
	if len(l.rows) == 0 {
		b.WriteString(st.Dim.Render(empty))
		return b.String()
	}
	if len(l.view) == 0 {
		b.WriteString(st.Dim.Render(i18n.T(l.Lang, "filter.none", Line(l.filter.Value()))))
		return b.String()
	}
	visible := max(bodyH-4, 1) // borders and header take 4 lines
	l.pageRows = visible
	if l.cursor < l.offset {
		l.offset = l.cursor
	}
	if l.cursor >= l.offset+visible {
		l.offset = l.cursor - visible + 1
	}
	l.offset = max(min(l.offset, len(l.view)-visible), 0)
	end := min(l.offset+visible, len(l.view))
	cells := make([][]string, 0, end-l.offset)
	for _, ri := range l.view[l.offset:end] {
		r := l.rows[ri]
		cs := make([]string, len(r.Cells))
		for j, c := range r.Cells {
			cs[j] = Line(c)
		}
		cells = append(cells, cs)
	}
	b.WriteString(RenderTableCached(st, l.cols, cells, l.cursor-l.offset, width, func(i int) lipgloss.Style {
		if r := l.rows[l.view[l.offset+i]]; r.Emph {
			return r.Style
		}
		return lipgloss.NewStyle()
	}, func(i int) bool { return !l.rows[l.view[l.offset+i]].Emph }, &l.cache))
	return b.String()
}

// HelpKeys are the list's keys that work now: while a filter is typed,
// keeping or clearing it and moving; else moving (when there is somewhere
// to move), paging (when the rows are more than fit), opening (when there
// is a row) and filtering.
func (l *List) HelpKeys() []key.Binding {
	if l.filtering {
		return append(l.MoveKeys(), l.Keys.Keep, l.Keys.Clear)
	}
	return append(append(append(l.MoveKeys(), l.PageKeys()...), l.OpenKeys()...), l.Keys.Filter)
}

// PageKeys is one binding for the keys that page a list and go to its
// first and last row, when it has more rows than fit. Home and end, not g
// and G: a screen may take G for itself (the department plans' goals).
func (l *List) PageKeys() []key.Binding {
	if len(l.view) <= l.pageRows {
		return nil
	}
	return []key.Binding{key.NewBinding(key.WithKeys("pgup", "pgdown", "home", "end"),
		key.WithHelp(pageHelpKey, i18n.T(l.Lang, "key.page_ends")))}
}

// pageHelpKey is how help names the paging keys.
const pageHelpKey = "pgup pgdn home end"

// FooterKeys are keys without those only full help lists: the paging keys
// every long list has would push a screen's own keys off an 80-column
// footer.
func FooterKeys(keys []key.Binding) []key.Binding {
	// A copy: keys may share an array a screen keeps (slices.DeleteFunc
	// would shift and clear it in place).
	return slices.DeleteFunc(slices.Clone(keys), func(b key.Binding) bool { return b.Help().Key == pageHelpKey })
}

// MoveKeys are ↑ and ↓ when the list has more than one row to move over.
func (l *List) MoveKeys() []key.Binding {
	if len(l.view) > 1 {
		return []key.Binding{l.Keys.Up, l.Keys.Down}
	}
	return nil
}

// OpenKeys is enter when there is a row to open.
func (l *List) OpenKeys() []key.Binding {
	if len(l.view) > 0 {
		return []key.Binding{l.Keys.Open}
	}
	return nil
}
