package kit

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"xietong/i18n"
)

// FieldKind is how a form field is edited.
type FieldKind int

const (
	FieldText    FieldKind = iota // one line
	FieldArea                     // several lines
	FieldToggle                   // yes / no
	FieldChoices                  // tick any of a set of options
)

// Option is one choice of a FieldChoices field.
type Option struct{ Value, Label string }

// Field is one labelled input of a Form. Name matches the field names of
// model validation errors, so messages land next to the right field.
type Field struct {
	Name    string
	Label   string
	Kind    FieldKind
	Hint    string
	Limit   int // characters, for text fields
	input   textinput.Model
	area    textarea.Model
	on      bool
	options []Option
	single  bool // exactly one option (a radio group)
	chosen  map[string]bool
	optCur  int
	err     string
	// lookup, when set, lists the records the field names: F4 (or
	// ctrl+f) opens a picker over them and enter fills the field.
	lookup      func() []PickItem
	lookupTitle string
}

// WithLookup gives a text field a lookup titled title over the records
// items lists (read when the picker opens).
func (fd *Field) WithLookup(title string, items func() []PickItem) *Field {
	fd.lookup, fd.lookupTitle = items, title
	return fd
}

// Form is a keyboard form: tab/shift+tab between fields, ctrl+s saves, esc
// cancels. Errors appear under their field.
type Form struct {
	Title  string
	Note   string // what saving will do, under the title ("" for none)
	fields []*Field
	focus  int
	lang   string
	start  string // snapshot of values when opened, for Dirty
	keys   formKeys
	asking bool    // esc with unsaved edits: asking whether to drop them
	off    int     // first body line in view when the form scrolls
	pick   *Picker // the lookup open on the focused field
}

type formKeys struct{ Save, Next, Prev, Cancel, Toggle, Lookup key.Binding }

func NewFormKeys(lang string) formKeys {
	t := func(k string) string { return i18n.T(lang, k) }
	return formKeys{
		Save:   key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", t("key.save"))),
		Next:   key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", t("key.next"))),
		Prev:   key.NewBinding(key.WithKeys("shift+tab"), key.WithHelp("shift+tab", t("key.prev"))),
		Cancel: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", t("key.cancel"))),
		Toggle: key.NewBinding(key.WithKeys("space"), key.WithHelp("space", t("key.toggle"))),
		Lookup: key.NewBinding(key.WithKeys("f4", "ctrl+f"), key.WithHelp("F4", t("key.lookup"))),
	}
}

// NewForm builds a form from fields (set their values with the Set* methods
// before calling Snapshot).
func NewForm(lang, title string, fields ...*Field) *Form {
	f := &Form{Title: title, fields: fields, lang: lang, keys: NewFormKeys(lang)}
	for _, fd := range fields {
		switch fd.Kind {
		case FieldText:
			fd.input = textinput.New()
			fd.input.Prompt = ""
			fd.input.CharLimit = fd.Limit
		case FieldArea:
			fd.area = textarea.New()
			fd.area.ShowLineNumbers = false
			fd.area.CharLimit = fd.Limit
			fd.area.SetHeight(5)
			fd.area.Prompt = ""
		case FieldChoices:
			fd.chosen = map[string]bool{}
		}
	}
	f.Snapshot()
	return f
}

// TextField, AreaField, ToggleField and ChoicesField make fields.
func TextField(name, label string, limit int) *Field {
	return &Field{Name: name, Label: label, Kind: FieldText, Limit: limit}
}
func AreaField(name, label string, limit int) *Field {
	return &Field{Name: name, Label: label, Kind: FieldArea, Limit: limit}
}
func ToggleField(name, label string) *Field {
	return &Field{Name: name, Label: label, Kind: FieldToggle}
}
func ChoicesField(name, label, hint string, opts []Option) *Field {
	return &Field{Name: name, Label: label, Kind: FieldChoices, Hint: hint, options: opts}
}

// ChoiceField is a choice of exactly one option: space picks the one under
// the cursor.
func ChoiceField(name, label, hint string, opts []Option) *Field {
	return &Field{Name: name, Label: label, Kind: FieldChoices, Hint: hint, options: opts, single: true}
}

func (f *Form) field(name string) *Field {
	for _, fd := range f.fields {
		if fd.Name == name {
			return fd
		}
	}
	panic("tui: no form field " + name)
}

// SetText sets a text or area field.
func (f *Form) SetText(name, v string) {
	fd := f.field(name)
	if fd.Kind == FieldArea {
		fd.area.SetValue(v)
	} else {
		fd.input.SetValue(v)
	}
}

// Text returns a text or area field's value as typed.
func (f *Form) Text(name string) string {
	fd := f.field(name)
	if fd.Kind == FieldArea {
		return fd.area.Value()
	}
	return fd.input.Value()
}

// SetBool / Bool for toggles.
func (f *Form) SetBool(name string, v bool) { f.field(name).on = v }
func (f *Form) Bool(name string) bool       { return f.field(name).on }

// SetChosen / Chosen for choice fields (Chosen keeps option order).
func (f *Form) SetChosen(name string, vals []string) {
	fd := f.field(name)
	fd.chosen = map[string]bool{}
	for _, v := range vals {
		fd.chosen[v] = true
	}
}
func (f *Form) Chosen(name string) []string {
	fd := f.field(name)
	var out []string
	for _, o := range fd.options {
		if fd.chosen[o.Value] {
			out = append(out, o.Value)
		}
	}
	return out
}

func (f *Form) values() string {
	var b strings.Builder
	for _, fd := range f.fields {
		switch fd.Kind {
		case FieldText, FieldArea:
			b.WriteString(f.Text(fd.Name))
		case FieldToggle:
			if fd.on {
				b.WriteString("1")
			}
		case FieldChoices:
			b.WriteString(strings.Join(f.Chosen(fd.Name), ","))
		}
		b.WriteByte(0)
	}
	return b.String()
}

// Snapshot records the current values as the unchanged state.
func (f *Form) Snapshot() { f.start = f.values() }

// Dirty reports unsaved changes.
func (f *Form) Dirty() bool { return f.values() != f.start }

// SetErrors shows messages next to fields; fields not named are cleared.
// It focuses the first field in error.
func (f *Form) SetErrors(errs map[string]string) {
	first := -1
	for i, fd := range f.fields {
		fd.err = errs[fd.Name]
		if fd.err != "" && first < 0 {
			first = i
		}
	}
	if first >= 0 {
		f.setFocus(first)
	}
}

// Focus gives the first field focus; call when the form opens.
func (f *Form) Focus() tea.Cmd { return f.setFocus(0) }

func (f *Form) setFocus(i int) tea.Cmd {
	for _, fd := range f.fields {
		fd.input.Blur()
		fd.area.Blur()
	}
	f.focus = (i + len(f.fields)) % len(f.fields)
	fd := f.fields[f.focus]
	switch fd.Kind {
	case FieldText:
		return fd.input.Focus()
	case FieldArea:
		return fd.area.Focus()
	}
	return nil
}

// FormResult tells the owner what the key did.
type FormResult int

const (
	FormNone FormResult = iota
	FormSubmit
	FormCancel
)

// Update handles a message; the owner validates and saves on FormSubmit.
// FormCancel comes only once unsaved edits may be dropped: esc on a
// changed form first asks, and y confirms.
func (f *Form) Update(msg tea.Msg) (FormResult, tea.Cmd) {
	if f.pick != nil {
		done, chosen, cmd := f.pick.Update(msg)
		if !done {
			return FormNone, cmd
		}
		f.pick = nil
		if chosen != nil {
			fd := f.fields[f.focus]
			fd.input.SetValue(chosen.Value)
			fd.err = ""
			return FormNone, f.setFocus(f.focus + 1)
		}
		return FormNone, f.setFocus(f.focus)
	}
	if f.asking {
		if km, ok := msg.(tea.KeyPressMsg); ok {
			switch km.String() {
			case "y", "Y":
				f.asking = false
				return FormCancel, nil
			case "n", "N", "esc":
				f.asking = false
			}
		}
		return FormNone, nil
	}
	fd := f.fields[f.focus]
	if p, ok := msg.(tea.PasteMsg); ok {
		clean, removed := CleanPaste(p.Content, fd.Kind == FieldArea)
		if removed {
			fd.err = i18n.T(f.lang, "form.paste_cleaned")
		}
		msg = tea.PasteMsg{Content: clean}
	}
	if km, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(km, f.keys.Lookup) && fd.lookup != nil && fd.Kind == FieldText:
			f.pick = NewPicker(f.lang, fd.lookupTitle, fd.lookup(), fd.input.Value())
			return FormNone, f.pick.Focus()
		case key.Matches(km, f.keys.Save):
			return FormSubmit, nil
		case key.Matches(km, f.keys.Cancel):
			if f.Dirty() {
				f.asking = true
				return FormNone, nil
			}
			return FormCancel, nil
		case key.Matches(km, f.keys.Next):
			return FormNone, f.setFocus(f.focus + 1)
		case key.Matches(km, f.keys.Prev):
			return FormNone, f.setFocus(f.focus - 1)
		}
		switch fd.Kind {
		case FieldText:
			if km.String() == "enter" || km.String() == "down" {
				return FormNone, f.setFocus(f.focus + 1)
			}
			if km.String() == "up" {
				return FormNone, f.setFocus(f.focus - 1)
			}
		case FieldToggle:
			// Yes and no are radio buttons side by side: ← (or y) picks yes,
			// → (or n) picks no, space switches; pressing ← twice keeps yes.
			switch km.String() {
			case "left", "h", "y":
				fd.on = true
			case "right", "l", "n":
				fd.on = false
			case "space":
				fd.on = !fd.on
			case "down", "enter":
				return FormNone, f.setFocus(f.focus + 1)
			case "up":
				return FormNone, f.setFocus(f.focus - 1)
			}
			return FormNone, nil
		case FieldChoices:
			switch km.String() {
			case "left", "h":
				fd.optCur = max(fd.optCur-1, 0)
			case "right", "l":
				fd.optCur = min(fd.optCur+1, len(fd.options)-1)
			case "space", "x":
				v := fd.options[fd.optCur].Value
				if fd.single {
					fd.chosen = map[string]bool{v: true}
				} else {
					fd.chosen[v] = !fd.chosen[v]
				}
			case "down", "enter":
				return FormNone, f.setFocus(f.focus + 1)
			case "up":
				return FormNone, f.setFocus(f.focus - 1)
			}
			return FormNone, nil
		}
	}
	var cmd tea.Cmd
	switch fd.Kind {
	case FieldText:
		fd.input, cmd = fd.input.Update(msg)
	case FieldArea:
		fd.area, cmd = fd.area.Update(msg)
	}
	return FormNone, cmd
}

// View renders the form within width.
// View draws the form in width×height cells. A form taller than height
// scrolls: the title stays, the focused field is always in view, and a
// dim line says how much is above or below.
func (f *Form) View(st Styles, width, height int) string {
	if f.pick != nil {
		return f.pick.View(st, width, max(height, 10))
	}
	var b strings.Builder
	b.WriteString(st.Title.Render(f.Title))
	b.WriteString("\n")
	if f.Note != "" {
		b.WriteString(st.Warn.Render(lipgloss.NewStyle().Width(max(width-2, 20)).Render(Line(f.Note))) + "\n")
	}
	b.WriteString("\n")
	head := strings.Count(b.String(), "\n")
	from, to := 0, 0 // the focused field's lines, after head
	inner := max(width-4, 20)
	for i, fd := range f.fields {
		if i == f.focus {
			from = strings.Count(b.String(), "\n") - head
		}
		label := st.Label
		marker := "  "
		if i == f.focus {
			label, marker = st.LabelFocus, "▸ "
		}
		b.WriteString(label.Render(marker + fd.Label))
		if fd.Hint != "" {
			b.WriteString(st.Dim.Render("  " + fd.Hint))
		}
		if fd.lookup != nil && i == f.focus {
			b.WriteString(st.Dim.Render("  " + i18n.T(f.lang, "form.lookup_hint")))
		}
		b.WriteByte('\n')
		switch fd.Kind {
		case FieldText:
			fd.input.SetWidth(inner)
			b.WriteString("  " + fd.input.View())
		case FieldArea:
			fd.area.SetWidth(inner)
			b.WriteString(lipgloss.NewStyle().PaddingLeft(2).Render(fd.area.View()))
		case FieldToggle:
			yes, no := i18n.T(f.lang, "form.yes"), i18n.T(f.lang, "form.no")
			if fd.on {
				b.WriteString("  " + st.Bold.Render("(•) "+yes) + "  ( ) " + no)
			} else {
				b.WriteString("  ( ) " + yes + "  " + st.Bold.Render("(•) "+no))
			}
		case FieldChoices:
			// The options wrap at the width, each whole on its line.
			b.WriteString(" ")
			used := 1
			for j, o := range fd.options {
				box, on := "[ ]", "[x]"
				if fd.single {
					box, on = "( )", "(•)"
				}
				if fd.chosen[o.Value] {
					box = on
				}
				// The option under the cursor is marked in text as well as
				// in colour, for terminals without colour.
				cur := i == f.focus && j == fd.optCur
				mark := " "
				if cur {
					mark = "▸"
				}
				item := mark + box + " " + o.Label
				if w := lipgloss.Width(item); used > 1 && used+w > width {
					b.WriteString("\n ")
					used = 1
				}
				used += lipgloss.Width(item)
				if cur {
					item = st.Selected.Render(item)
				}
				b.WriteString(item)
			}
		}
		b.WriteByte('\n')
		if fd.err != "" {
			b.WriteString(st.FieldErr.Render("  ✗ " + fd.err))
			b.WriteByte('\n')
		}
		if i == f.focus {
			to = strings.Count(b.String(), "\n") - head
		}
	}
	if f.asking {
		b.WriteString("\n" + st.Alert.Render(i18n.T(f.lang, "app.discard")))
		from, to = strings.Count(b.String(), "\n")-head-1, strings.Count(b.String(), "\n")-head+1
	}
	out := b.String()
	lines := strings.Split(out, "\n")
	if height <= 0 || len(lines) <= height {
		return out
	}
	// The body scrolls under the title, no more than it takes, with a line
	// kept above and below for the markers.
	body := lines[head:]
	room := max(height-head-2, 1)
	off := min(max(f.off, to-room), from)
	off = max(min(off, len(body)-room), 0)
	f.off = off
	end := min(off+room, len(body))
	above, below := "", ""
	if off > 0 {
		above = st.Dim.Render(i18n.T(f.lang, "form.more_above", off))
	}
	if end < len(body) {
		below = st.Dim.Render(i18n.T(f.lang, "form.more_below", len(body)-end))
	}
	view := append(append(append([]string{}, lines[:head]...), above), body[off:end]...)
	return strings.Join(append(view, below), "\n")
}

// HelpKeys are the form's bindings for the footer.
func (f *Form) HelpKeys() []key.Binding {
	if f.pick != nil {
		return nil // the picker says its keys
	}
	ks := []key.Binding{f.keys.Save, f.keys.Next, f.keys.Prev}
	switch fd := f.fields[f.focus]; {
	case fd.Kind == FieldToggle || fd.Kind == FieldChoices:
		ks = append(ks, f.keys.Toggle) // space works on a choice only
	case fd.lookup != nil && fd.Kind == FieldText:
		ks = append(ks, f.keys.Lookup) // F4 works on a reference field only
	}
	return append(ks, f.keys.Cancel)
}

// Picking reports whether a lookup is open (it takes every key).
func (f *Form) Picking() bool { return f.pick != nil }
