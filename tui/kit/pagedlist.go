package kit

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"xietong/i18n"
)

// PageFetch returns the rows [offset, offset+limit) of what matches search,
// in the list's order, and how many rows match in all.
type PageFetch func(search string, offset, limit int) (rows []Row, total int, err error)

// pageWindow is how many rows a PagedList holds around its cursor: a few
// screens, since every change the list shows reads and builds them again.
const pageWindow = 60

// PagedList is a List over records kept in the store: it holds a window of
// rows around the cursor and reads another when the cursor leaves it, so
// every record is reachable however many there are, and its search asks
// the store rather than filtering the rows it holds.
type PagedList struct {
	list      *List
	fetch     PageFetch
	search    textinput.Model
	searching bool
	offset    int // the window's first row in the whole list
	total     int
	abs       int // the cursor's row in the whole list
	keys      ListKeys
	Lang      string
}

// NewPagedList makes a list that reads its rows with fetch; call Reload to
// read the first window.
func NewPagedList(lang string, cols []Column, fetch PageFetch, prompt string) *PagedList {
	in := textinput.New()
	in.Prompt = prompt
	in.CharLimit = 60
	keys := NewListKeys(lang)
	keys.Filter.SetHelp("/", i18n.T(lang, "key.search"))
	return &PagedList{list: NewList(lang, cols), fetch: fetch, search: in, keys: keys, Lang: lang}
}

// Reload reads the window again (after a change), keeping the cursor on its
// record while that record is still in the window.
func (p *PagedList) Reload() error {
	id := p.list.SelectedID()
	if err := p.load(p.offset); err != nil {
		return err
	}
	if id != "" {
		for i, r := range p.list.rows {
			if r.ID == id {
				p.abs = p.offset + i
				break
			}
		}
	}
	p.settle()
	return nil
}

// load reads the window from offset.
func (p *PagedList) load(offset int) error {
	rows, total, err := p.fetch(p.search.Value(), max(offset, 0), pageWindow)
	if err != nil {
		return err
	}
	if offset > 0 && offset >= total && total > 0 {
		// The list shrank below the window: read its end.
		return p.load(max(total-pageWindow, 0))
	}
	p.offset, p.total = max(offset, 0), total
	p.list.SetRows(rows)
	return nil
}

// settle keeps the cursor inside the list and the window around it.
func (p *PagedList) settle() {
	p.abs = max(min(p.abs, p.total-1), 0)
	p.list.SetCursor(p.abs - p.offset)
}

// moveTo puts the cursor on row abs of the whole list, reading the window
// around it when it lies outside the one held.
func (p *PagedList) moveTo(abs int) error {
	p.abs = max(min(abs, p.total-1), 0)
	if p.abs < p.offset || p.abs >= p.offset+len(p.list.rows) {
		if err := p.load(max(min(p.abs-pageWindow/2, p.total-pageWindow), 0)); err != nil {
			return err
		}
	}
	p.settle()
	return nil
}

// SelectedID is the record under the cursor, or "".
func (p *PagedList) SelectedID() string { return p.list.SelectedID() }

// Select moves the cursor to the record with id when it is in the window.
func (p *PagedList) Select(id string) {
	for i, r := range p.list.rows {
		if r.ID == id {
			p.abs = p.offset + i
			p.settle()
			return
		}
	}
}

// Position is the cursor's row (1-based) and the number of rows.
func (p *PagedList) Position() (row, total int) {
	if p.total == 0 {
		return 0, 0
	}
	return p.abs + 1, p.total
}

// Searching reports whether the search field has focus.
func (p *PagedList) Searching() bool { return p.searching }

// Search is the text searched for ("" for none).
func (p *PagedList) Search() string { return p.search.Value() }

// Update handles navigation and search keys. It reports whether it used
// msg; an error is the store's, for the status line.
func (p *PagedList) Update(msg tea.Msg) (bool, tea.Cmd, error) {
	km, ok := msg.(tea.KeyPressMsg)
	if !ok {
		if p.searching {
			var cmd tea.Cmd
			p.search, cmd = p.search.Update(msg)
			return false, cmd, nil
		}
		return false, nil, nil
	}
	if p.searching {
		switch km.String() {
		case "enter":
			p.searching = false
			p.search.Blur()
			return true, nil, nil
		case "esc":
			p.searching = false
			p.search.Blur()
			return true, nil, p.SetSearch("")
		case "up", "down", "pgup", "pgdown":
			// navigate while typing
		default:
			before := p.search.Value()
			var cmd tea.Cmd
			p.search, cmd = p.search.Update(msg)
			if p.search.Value() == before {
				return true, cmd, nil
			}
			return true, cmd, p.SetSearch(p.search.Value())
		}
	}
	page := max(p.list.pageRows, 1)
	var err error
	switch {
	case key.Matches(km, p.keys.Up):
		err = p.moveTo(p.abs - 1)
	case key.Matches(km, p.keys.Down):
		err = p.moveTo(p.abs + 1)
	case key.Matches(km, p.keys.PgUp):
		err = p.moveTo(p.abs - page)
	case key.Matches(km, p.keys.PgDown):
		err = p.moveTo(p.abs + page)
	case key.Matches(km, p.keys.Top):
		err = p.moveTo(0)
	case key.Matches(km, p.keys.Bottom):
		err = p.moveTo(p.total - 1)
	case key.Matches(km, p.keys.Filter):
		p.searching = true
		return true, p.search.Focus(), nil
	case km.String() == "esc" && p.search.Value() != "":
		err = p.SetSearch("")
	default:
		return false, nil, nil
	}
	return true, nil, err
}

// SetSearch searches for q from the list's top.
func (p *PagedList) SetSearch(q string) error {
	p.search.SetValue(q)
	p.abs = 0
	if err := p.load(0); err != nil {
		return err
	}
	p.settle()
	return nil
}

// View renders the search field (while in use) and the window's rows.
func (p *PagedList) View(st Styles, width, height int, empty string) string {
	out := ""
	if p.searching || p.search.Value() != "" {
		p.search.SetWidth(max(width-lipgloss.Width(p.search.Prompt)-2, 10))
		out = p.search.View() + "\n"
		height--
		if p.total == 0 {
			return out + st.Dim.Render(i18n.T(p.Lang, "filter.none", Line(p.search.Value())))
		}
	}
	return out + p.list.View(st, width, height, empty)
}

// HelpKeys are the list's keys that work now (see List.HelpKeys), over
// every row on file, not the page read.
func (p *PagedList) HelpKeys() []key.Binding {
	var ks []key.Binding
	if p.total > 1 {
		ks = append(ks, p.keys.Up, p.keys.Down)
	}
	if p.searching {
		return append(ks, p.keys.Keep, p.keys.Clear)
	}
	if p.total > 0 {
		ks = append(ks, p.keys.Open)
	}
	return append(ks, p.keys.Filter)
}
