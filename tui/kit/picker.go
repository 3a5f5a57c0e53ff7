package kit

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"xietong/find"
	"xietong/i18n"
)

// PickItem is one choice of a picker: the value it fills in, what people
// read, and its prepared key for matching.
type PickItem struct {
	Value string
	label string
	key   find.Key
}

// NewPickItem is a choice with code and name, filling in value.
func NewPickItem(value, code, name, more string) PickItem {
	label := strings.TrimSpace(code + "  " + name)
	if more != "" {
		label += "  " + more
	}
	return PickItem{Value: value, label: label, key: find.NewKey(code, name)}
}

// maxPicked bounds the choices a picker lists at once.
const maxPicked = 200

// Picker is the lookup on F4 (and ctrl+f) in a reference field: the
// field's records, narrowed as one types by code, name or pinyin initials
// in any case (find), best matches first; enter fills the field.
type Picker struct {
	lang  string
	title string
	items []PickItem
	in    textinput.Model
	shown []int // indices into items, best first
	cur   int
	off   int
}

func NewPicker(lang, title string, items []PickItem, typed string) *Picker {
	in := textinput.New()
	in.Prompt = i18n.T(lang, "ui.pick.prompt")
	in.CharLimit = 40
	in.SetValue(strings.TrimSpace(typed))
	p := &Picker{lang: lang, title: title, items: items, in: in}
	p.narrow()
	return p
}

// narrow lists the items the typed text names, best first.
func (p *Picker) narrow() {
	q := find.Query(p.in.Value())
	type scored struct{ i, score int }
	var hits []scored
	for i, it := range p.items {
		if s := it.key.Score(q); s > 0 {
			hits = append(hits, scored{i, s})
		}
	}
	slices.SortStableFunc(hits, func(a, b scored) int { return b.score - a.score })
	p.shown = p.shown[:0]
	for _, h := range hits {
		if len(p.shown) == maxPicked {
			break
		}
		p.shown = append(p.shown, h.i)
	}
	p.cur, p.off = 0, 0
}

// Focus gives the picker's field the keyboard.
func (p *Picker) Focus() tea.Cmd { return p.in.Focus() }

// Update handles a key: done reports the picker closed, with the chosen
// item (nil: cancelled).
func (p *Picker) Update(msg tea.Msg) (done bool, chosen *PickItem, cmd tea.Cmd) {
	if km, ok := msg.(tea.KeyPressMsg); ok {
		switch km.String() {
		case "esc", "f4":
			return true, nil, nil
		case "enter":
			if p.cur < len(p.shown) {
				it := p.items[p.shown[p.cur]]
				return true, &it, nil
			}
			return false, nil, nil
		case "up", "ctrl+p":
			p.cur = max(p.cur-1, 0)
			return false, nil, nil
		case "down", "ctrl+n":
			p.cur = min(p.cur+1, max(len(p.shown)-1, 0))
			return false, nil, nil
		case "pgup":
			p.cur = max(p.cur-10, 0)
			return false, nil, nil
		case "pgdown":
			p.cur = min(p.cur+10, max(len(p.shown)-1, 0))
			return false, nil, nil
		}
	}
	if pm, ok := msg.(tea.PasteMsg); ok {
		clean, _ := CleanPaste(pm.Content, false)
		msg = tea.PasteMsg{Content: strings.Join(strings.Fields(clean), " ")}
	}
	before := p.in.Value()
	p.in, cmd = p.in.Update(msg)
	if p.in.Value() != before {
		p.narrow()
	}
	return false, nil, cmd
}

// View draws the picker in width×height.
func (p *Picker) View(st Styles, width, height int) string {
	var b strings.Builder
	b.WriteString(st.Title.Render(p.title) + "  " + st.Dim.Render(i18n.T(p.lang, "ui.pick.keys")) + "\n")
	p.in.SetWidth(max(width-12, 10))
	b.WriteString(p.in.View() + "\n")
	if len(p.shown) == 0 {
		b.WriteString(st.Dim.Render(i18n.T(p.lang, "ui.pick.none", Line(p.in.Value()))))
		return b.String()
	}
	rows := max(height-3, 1)
	if p.cur < p.off {
		p.off = p.cur
	}
	if p.cur >= p.off+rows {
		p.off = p.cur - rows + 1
	}
	for i := p.off; i < min(p.off+rows, len(p.shown)); i++ {
		mark := "  "
		line := Fit(Line(p.items[p.shown[i]].label), width-2, false)
		if i == p.cur {
			mark = "▸ "
			line = st.Selected.Render(line)
		}
		b.WriteString(mark + line + "\n")
	}
	b.WriteString(st.Dim.Render(i18n.T(p.lang, "ui.pick.count", len(p.shown))))
	return b.String()
}
