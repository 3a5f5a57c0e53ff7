package kit

import (
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"xietong/i18n"
	"xietong/model"
)

// GridColKind is how a grid column is edited.
type GridColKind int

const (
	ColRead   GridColKind = iota // shown only
	ColNumber                    // whole number 0..MaxQty
	ColText                      // free text (one line)
	ColChoice                    // one of Choices, space cycles
)

// GridCol is one column of a Grid.
type GridCol struct {
	Title   string
	Width   int // 0: share the rest
	Kind    GridColKind
	Total   bool // sum it in the totals row (numbers)
	Right   bool
	Choices []Option
	Limit   int // characters, text columns
	// Optional columns are left out on narrow terminals (see Column).
	Optional bool
	// lookup, when set, lists the records a row's cell may name: F4 (or
	// ctrl+f) opens a picker over them and enter fills the cell.
	lookup      func(row int) []PickItem
	lookupTitle string
}

// WithLookup gives a text column a lookup titled title over the records
// items lists for a row (read when the picker opens: a variant's depend on
// the row's product), as Field.WithLookup does for a form's field.
func (c GridCol) WithLookup(title string, items func(row int) []PickItem) GridCol {
	c.lookup, c.lookupTitle = items, title
	return c
}

// AnyRow is a lookup's items for a column whose records are the same on
// every row (the products, the materials).
func AnyRow(items func() []PickItem) func(row int) []PickItem {
	return func(int) []PickItem { return items() }
}

// Grid is a spreadsheet-like editor: arrow keys move, typing edits the cell
// under the cursor, enter or tab keeps it, esc drops it. Bad input is
// refused at the cell with a message, and changed cells are remembered so
// the screen can ask before they are lost.
type Grid struct {
	cols    []GridCol
	cells   [][]string
	keys    []string // row keys
	orig    [][]string
	row     int
	Col     int
	offset  int
	editing bool
	buf     string
	err     string // message of the cell under the cursor
	errAt   [2]int
	deleted bool // a row was deleted since SetRows
	// enterOpens: enter is the screen's (it opens the row); f2 edits the
	// cell keeping its text.
	enterOpens bool
	lang       string
	help       struct{ Move, Edit, Lookup, Keep, Drop, Undo key.Binding }
	// pick is the lookup open on the cell at pickAt (row, column).
	pick   *Picker
	pickAt [2]int
	// undo holds the edits since SetRows, newest last: each the cells one
	// keystroke or paste changed, with what they held before.
	undo [][]cellEdit
}

// cellEdit is one cell's value before an edit.
type cellEdit struct {
	row, col int
	was      string
}

// NewGrid makes a grid of rows (cells as strings, one per column).
func NewGrid(lang string, cols []GridCol, keys []string, rows [][]string) *Grid {
	g := &Grid{cols: cols, lang: lang}
	g.SetRows(keys, rows)
	g.Col = g.nextEditable(-1, 1)
	t := func(k string) string { return i18n.T(lang, k) }
	g.help.Move = key.NewBinding(key.WithKeys("up", "down", "left", "right"), key.WithHelp("↑↓←→", t("grid.move")))
	g.help.Edit = key.NewBinding(key.WithKeys("0"), key.WithHelp(t("grid.type"), t("grid.edit")))
	g.help.Lookup = key.NewBinding(key.WithKeys("f4", "ctrl+f"), key.WithHelp("F4", t("key.lookup")))
	g.help.Keep = key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", t("grid.keep")))
	g.help.Drop = key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", t("grid.drop")))
	g.help.Undo = key.NewBinding(key.WithKeys("ctrl+z"), key.WithHelp("ctrl+z", t("grid.undo")))
	return g
}

// OpenOnEnter leaves enter (outside an edit) to the screen, to open the
// row under the cursor; f2 then starts an edit that keeps the cell's text.
func (g *Grid) OpenOnEnter() {
	g.enterOpens = true
}

// KeepCursor puts the cursor where it was in old, a grid this one replaces
// (the same screen re-read): on the same row when it still has the same
// key, else on the first row with that key; the same column and scroll.
func (g *Grid) KeepCursor(old *Grid) {
	if old == nil || len(old.cells) == 0 || len(g.cells) == 0 || len(old.cols) != len(g.cols) {
		return
	}
	k := old.keys[old.row]
	switch {
	case old.row < len(g.keys) && g.keys[old.row] == k:
		g.row = old.row
	default:
		for i, gk := range g.keys {
			if gk == k {
				g.row = i
				break
			}
		}
	}
	g.Col, g.offset = old.Col, old.offset
}

// SetRows replaces the content and forgets changes.
func (g *Grid) SetRows(keys []string, rows [][]string) {
	g.keys, g.cells = keys, rows
	g.orig = make([][]string, len(rows))
	for i, r := range rows {
		g.orig[i] = append([]string(nil), r...)
	}
	g.row = min(g.row, max(len(rows)-1, 0))
	g.editing, g.err, g.deleted, g.undo, g.pick = false, "", false, nil, nil
}

// AddRow appends a row (cells as strings) with key and puts the cursor on it.
func (g *Grid) AddRow(key string, cells []string) {
	g.keys = append(g.keys, key)
	g.cells = append(g.cells, cells)
	g.orig = append(g.orig, make([]string, len(cells))) // a new row counts as changed
	g.row = len(g.cells) - 1
	g.Col = g.nextEditable(-1, 1)
}

// DeleteRow removes the row under the cursor.
func (g *Grid) DeleteRow() {
	if len(g.cells) == 0 {
		return
	}
	r := g.row
	g.keys = append(g.keys[:r], g.keys[r+1:]...)
	g.cells = append(g.cells[:r], g.cells[r+1:]...)
	g.orig = append(g.orig[:r], g.orig[r+1:]...)
	g.deleted = true
	g.row = max(min(g.row, len(g.cells)-1), 0)
}

// Cell returns a cell's text; Number parses a number cell (0 if empty).
func (g *Grid) Cell(row, col int) string { return g.cells[row][col] }
func (g *Grid) Number(row, col int) int64 {
	n, _ := strconv.ParseInt(strings.TrimSpace(g.cells[row][col]), 10, 64)
	return n
}

// SetRead sets a read-only cell (the name of what was typed beside it)
// without counting it as a change.
func (g *Grid) SetRead(row, col int, text string) {
	if row < 0 || row >= len(g.cells) || g.cols[col].Kind != ColRead {
		return
	}
	g.cells[row][col], g.orig[row][col] = text, text
}

// Rows is the number of rows; Key the key of a row.
func (g *Grid) Rows() int          { return len(g.cells) }
func (g *Grid) Key(row int) string { return g.keys[row] }

// Cursor is the current row and column.
func (g *Grid) Cursor() (int, int) { return g.row, g.Col }

// Dirty reports cells changed since SetRows (or MarkSaved), or one being typed.
func (g *Grid) Dirty() bool {
	if g.editing || g.deleted {
		return true
	}
	for i := range g.cells {
		for j := range g.cells[i] {
			if g.cells[i][j] != g.orig[i][j] {
				return true
			}
		}
	}
	return false
}

// Changed reports whether one cell differs from when it was loaded.
func (g *Grid) Changed(row, col int) bool { return g.cells[row][col] != g.orig[row][col] }

// MarkSaved makes the current content the unchanged state.
func (g *Grid) MarkSaved() { g.SetRows(g.keys, g.cells) }

// Editing reports a cell being typed or looked up: the grid takes every
// key.
func (g *Grid) Editing() bool { return g.editing || g.pick != nil }

// Picking reports whether a lookup is open (it takes every key and says
// its own keys).
func (g *Grid) Picking() bool { return g.pick != nil }

// CanLookUp reports whether F4 looks up the cell under the cursor.
func (g *Grid) CanLookUp() bool {
	return len(g.cells) > 0 && g.hasLookup(g.Col)
}

func (g *Grid) hasLookup(col int) bool {
	return col >= 0 && col < len(g.cols) && g.cols[col].lookup != nil && g.cols[col].Kind == ColText
}

// openLookup opens the picker of the cell under the cursor over its
// column's records for the row, narrowed by typed; the cell keeps its text
// until one is chosen. A row with nothing to pick says so at the cell.
func (g *Grid) openLookup(typed string) {
	c := g.cols[g.Col]
	items := c.lookup(g.row)
	g.editing, g.buf = false, ""
	if len(items) == 0 {
		g.err, g.errAt = i18n.T(g.lang, "grid.lookup_none"), [2]int{g.row, g.Col}
		return
	}
	g.err = ""
	g.pick, g.pickAt = NewPicker(g.lang, c.lookupTitle, items, typed), [2]int{g.row, g.Col}
	g.pick.Focus() // the cursor shows without blinking: the grid's owner gets no command
}

// pickFill fills the looked-up cell with value as if it were typed (the
// same checks, one step ctrl+z takes back) and moves on as tab does.
func (g *Grid) pickFill(value string) {
	r, c := g.pickAt[0], g.pickAt[1]
	if r >= len(g.cells) {
		return
	}
	g.row, g.Col = r, c
	v, msg := g.check(c, value)
	if msg != "" {
		g.err, g.errAt = msg, [2]int{r, c}
		return
	}
	g.set([]cellEdit{{r, c, g.cells[r][c]}}, []string{v})
	g.err = ""
	g.Col = g.nextEditable(c, 1)
}

// SetError shows msg at a cell (e.g. a reason missing).
func (g *Grid) SetError(row, col int, msg string) {
	g.err, g.errAt = msg, [2]int{row, col}
	g.row, g.Col = row, col
}

func (g *Grid) nextEditable(from, dir int) int {
	for c := from + dir; c >= 0 && c < len(g.cols); c += dir {
		if g.cols[c].Kind != ColRead {
			return c
		}
	}
	if from < 0 {
		return 0
	}
	return from
}

// commit checks the typed text and keeps it, or shows why not.
func (g *Grid) commit() bool {
	v, msg := g.check(g.Col, g.buf)
	if msg != "" {
		g.err, g.errAt = msg, [2]int{g.row, g.Col}
		return false
	}
	g.set([]cellEdit{{g.row, g.Col, g.cells[g.row][g.Col]}}, []string{v})
	g.editing, g.buf, g.err = false, "", ""
	return true
}

// check is the value text becomes in column col, or why it cannot.
func (g *Grid) check(col int, text string) (string, string) {
	c := g.cols[col]
	v := strings.TrimSpace(text)
	switch c.Kind {
	case ColNumber:
		if v == "" {
			v = "0"
		}
		n, err := model.ParseWhole(v, 0, model.MaxQty)
		if err != nil {
			return "", gridNumberError(g.lang, v, err)
		}
		v = strconv.FormatInt(n, 10)
	case ColText:
		if c.Limit > 0 && len([]rune(v)) > c.Limit {
			return "", i18n.T(g.lang, "val.too_long_n", c.Limit, len([]rune(v)))
		}
	case ColChoice:
		for _, o := range c.Choices {
			if v == o.Value || v == o.Label {
				return o.Value, ""
			}
		}
		return "", i18n.T(g.lang, "grid.not_choice", Line(v))
	case ColRead:
		return "", i18n.T(g.lang, "grid.read_only")
	}
	return v, ""
}

// set writes vals into the cells of edits (whose was are the old values)
// as one step that ctrl+z takes back.
func (g *Grid) set(edits []cellEdit, vals []string) {
	var step []cellEdit
	for i, e := range edits {
		if g.cells[e.row][e.col] == vals[i] {
			continue
		}
		step = append(step, e)
		g.cells[e.row][e.col] = vals[i]
	}
	if len(step) > 0 {
		g.undo = append(g.undo, step)
	}
}

// Undo takes back the last edit or paste; it reports whether there was one.
func (g *Grid) Undo() bool {
	if len(g.undo) == 0 {
		return false
	}
	step := g.undo[len(g.undo)-1]
	g.undo = g.undo[:len(g.undo)-1]
	for _, e := range step {
		g.cells[e.row][e.col] = e.was
	}
	g.row, g.Col = step[0].row, step[0].col
	g.editing, g.buf, g.err = false, "", ""
	return true
}

// paste fills cells from a block copied from a spreadsheet: lines are rows
// down from the cursor, tabs step to the next editable column to the
// right. Each value is checked as if typed: good cells are filled, a bad
// one is left as it was and named at its cell, with how many more were
// refused; rows past the grid's end are counted, not lost silently.
func (g *Grid) paste(block string) {
	lines := strings.Split(strings.TrimRight(block, "\n"), "\n")
	var edits []cellEdit
	var vals []string
	refused, beyond := 0, 0
	g.err = ""
	for i, line := range lines {
		r := g.row + i
		if r >= len(g.cells) {
			beyond++
			continue
		}
		c := g.Col
		for j, field := range strings.Split(line, "\t") {
			if j > 0 {
				next := g.nextEditable(c, 1)
				if next == c {
					break // no column left for it
				}
				c = next
			}
			v, msg := g.check(c, field)
			if msg != "" {
				if refused == 0 {
					g.err, g.errAt = msg, [2]int{r, c}
				}
				refused++
				continue
			}
			edits = append(edits, cellEdit{r, c, g.cells[r][c]})
			vals = append(vals, v)
		}
	}
	g.set(edits, vals)
	if refused > 1 {
		g.err += i18n.T(g.lang, "grid.paste_refused", refused-1)
	}
	if beyond > 0 {
		if g.err != "" {
			g.err += i18n.T(g.lang, "ui.semi_sep")
		} else {
			g.errAt = [2]int{g.row, g.Col}
		}
		g.err += i18n.T(g.lang, "grid.paste_beyond", beyond)
	}
}

// gridNumberError words a refused number: text, negative or too large.
func gridNumberError(lang, v string, err error) string {
	switch {
	case strings.HasPrefix(v, "-"):
		return i18n.T(lang, "grid.negative")
	case len(v) > 0 && strings.Trim(v, "0123456789０１２３４５６７８９") == "":
		return i18n.T(lang, "val.qty_max", model.MaxQty)
	}
	return i18n.T(lang, "grid.not_number")
}

// Update handles keys; it reports whether the grid used msg. While a
// lookup is open it takes every message: enter fills the cell with the
// record chosen, esc closes it leaving the cell as it was.
func (g *Grid) Update(msg tea.Msg) bool {
	if g.pick != nil {
		done, chosen, _ := g.pick.Update(msg)
		if done {
			g.pick = nil
			if chosen != nil {
				g.pickFill(chosen.Value)
			}
		}
		return true
	}
	if p, ok := msg.(tea.PasteMsg); ok && len(g.cells) > 0 && g.cols[g.Col].Kind != ColRead {
		clean, _ := CleanPaste(p.Content, true)
		if strings.ContainsAny(strings.TrimRight(clean, "\n"), "\n\t") {
			// A block (a column, a row, a range from a spreadsheet) fills
			// the cells from the cursor.
			g.editing, g.buf = false, ""
			g.paste(clean)
			return true
		}
		if !g.editing {
			g.editing, g.buf = true, ""
		}
		g.buf += strings.TrimRight(clean, "\n")
		return true
	}
	km, ok := msg.(tea.KeyPressMsg)
	if !ok || len(g.cells) == 0 {
		return false
	}
	k := km.String()
	if key.Matches(km, g.help.Lookup) {
		// F4 looks up a reference column's records, narrowed by what is
		// being typed in the cell, else by what it holds.
		if !g.hasLookup(g.Col) {
			return g.editing
		}
		typed := g.cells[g.row][g.Col]
		if g.editing {
			typed = g.buf
		}
		g.openLookup(typed)
		return true
	}
	if k == "ctrl+z" {
		if g.editing {
			g.editing, g.buf, g.err = false, "", ""
		} else {
			g.Undo()
		}
		return true
	}
	if g.editing {
		switch k {
		case "enter", "tab", "down", "up":
			if !g.commit() {
				return true
			}
			switch k {
			case "tab":
				g.Col = g.nextEditable(g.Col, 1)
			case "up":
				g.row = max(g.row-1, 0)
			default:
				g.row = min(g.row+1, len(g.cells)-1)
			}
		case "esc":
			g.editing, g.buf, g.err = false, "", ""
		case "backspace":
			if r := []rune(g.buf); len(r) > 0 {
				g.buf = string(r[:len(r)-1])
			}
		default:
			if km.Text != "" {
				g.buf += km.Text
			}
		}
		return true
	}
	c := g.cols[g.Col]
	switch k {
	case "up", "k":
		g.row = max(g.row-1, 0)
	case "down", "j":
		g.row = min(g.row+1, len(g.cells)-1)
	case "left", "shift+tab":
		g.Col = g.nextEditable(g.Col, -1)
	case "right", "tab":
		g.Col = g.nextEditable(g.Col, 1)
	case "pgdown":
		g.row = min(g.row+10, len(g.cells)-1)
	case "pgup":
		g.row = max(g.row-10, 0)
	case "enter", "f2":
		if k == "enter" && g.enterOpens {
			return false
		}
		if c.Kind == ColText || c.Kind == ColNumber {
			g.editing, g.buf = true, g.cells[g.row][g.Col]
		}
	case "space":
		if c.Kind == ColChoice && len(c.Choices) > 0 {
			cur := 0
			for i, o := range c.Choices {
				if o.Value == g.cells[g.row][g.Col] {
					cur = i
				}
			}
			g.set([]cellEdit{{g.row, g.Col, g.cells[g.row][g.Col]}}, []string{c.Choices[(cur+1)%len(c.Choices)].Value})
		} else {
			return false
		}
	case "backspace", "delete":
		if c.Kind == ColNumber || c.Kind == ColText {
			g.editing, g.buf = true, ""
		}
	default:
		// Typing starts an edit that replaces the cell.
		if km.Text == "" || c.Kind == ColRead || c.Kind == ColChoice {
			return false
		}
		if c.Kind == ColNumber && !strings.ContainsAny(km.Text, "0123456789-+.eE０１２３４５６７８９") {
			// Letters on a number cell: start the edit anyway so the
			// refusal comes from the cell, not silence.
			if strings.TrimSpace(km.Text) == "" {
				return false
			}
		}
		g.editing, g.buf, g.err = true, km.Text, ""
	}
	return true
}

// View draws the grid with a totals row, or the lookup open in its place.
func (g *Grid) View(st Styles, width, height int) string {
	if g.pick != nil {
		return g.pick.View(st, width, max(height, 10))
	}
	cols := make([]Column, len(g.cols))
	for i, c := range g.cols {
		cols[i] = Column{Title: c.Title, Width: c.Width, Right: c.Right || c.Kind == ColNumber, Optional: c.Optional}
	}
	visible := max(height-6, 1) // borders, header, totals, message
	if g.row < g.offset {
		g.offset = g.row
	}
	if g.row >= g.offset+visible {
		g.offset = g.row - visible + 1
	}
	end := min(g.offset+visible, len(g.cells))
	rows := make([][]string, 0, end-g.offset+1)
	for i := g.offset; i < end; i++ {
		r := make([]string, len(g.cols))
		for j := range g.cols {
			v := Line(g.cells[i][j])
			if g.cols[j].Kind == ColChoice {
				for _, o := range g.cols[j].Choices {
					if o.Value == g.cells[i][j] {
						v = o.Label
					}
				}
			}
			if i == g.row && j == g.Col {
				if g.editing {
					v = Line(g.buf) + "▏"
				}
				v = "[" + v + "]"
			} else if g.Changed(i, j) {
				v = "*" + v
			}
			r[j] = v
		}
		rows = append(rows, r)
	}
	totals := make([]string, len(g.cols))
	hasTotal := false
	for j, c := range g.cols {
		if !c.Total {
			continue
		}
		hasTotal = true
		var sum int64
		for i := range g.cells {
			sum += g.Number(i, j)
		}
		totals[j] = strconv.FormatInt(sum, 10)
	}
	if hasTotal {
		totals[0] = i18n.T(g.lang, "grid.total")
		rows = append(rows, totals)
	}
	totalRow := len(rows) - 1
	cols, rows = g.scrolled(cols, rows, width)
	out := RenderTable(st, cols, rows, g.row-g.offset, width, func(i int) lipgloss.Style {
		if hasTotal && i == totalRow {
			return st.Bold
		}
		return lipgloss.NewStyle()
	})
	if g.err != "" {
		out += "\n" + st.FieldErr.Render("✗ "+g.cols[g.errAt[1]].Title+i18n.T(g.lang, "ui.colon")+g.err)
	}
	return out
}

// scrolled keeps the columns that fit width. Those a narrow terminal can
// spare go first, as in any table; but when that would hide the column the
// cursor is on (an editable one, typed into blind), the grid scrolls
// instead: the leading key columns stay, then the columns up to and after
// the cursor's as many as fit, "◂" marking that more lie to the left.
func (g *Grid) scrolled(cols []Column, rows [][]string, width int) ([]Column, [][]string) {
	show := fitColumns(cols, width)
	if slices.Contains(show, g.Col) {
		return cols, rows // RenderTable drops the same ones
	}
	fixed := 0
	for fixed < min(2, g.Col) && g.cols[fixed].Kind == ColRead && !g.cols[fixed].Optional {
		fixed++
	}
	need := func(idx []int) int { return columnsWidth(cols, idx) }
	show = show[:0]
	for i := range fixed {
		show = append(show, i)
	}
	first := g.Col
	for first > fixed && need(append(slices.Clone(show), seq(first-1, g.Col)...)) <= width {
		first--
	}
	show = append(show, seq(first, g.Col)...)
	for next := g.Col + 1; next < len(cols) && need(append(slices.Clone(show), next)) <= width; next++ {
		show = append(show, next)
	}
	kept := make([]Column, len(show))
	for j, i := range show {
		kept[j] = cols[i]
		kept[j].Optional = false
		if i == first && first > fixed {
			kept[j].Title = "◂ " + kept[j].Title
		}
	}
	trimmed := make([][]string, len(rows))
	for r, cells := range rows {
		trimmed[r] = make([]string, len(show))
		for j, i := range show {
			if i < len(cells) {
				trimmed[r][j] = cells[i]
			}
		}
	}
	return kept, trimmed
}

// seq is from, from+1, …, to.
func seq(from, to int) []int {
	out := make([]int, 0, max(to-from+1, 0))
	for i := from; i <= to; i++ {
		out = append(out, i)
	}
	return out
}

// HelpKeys are the grid's bindings for the footer; none while a lookup is
// open (the picker says its keys).
func (g *Grid) HelpKeys() []key.Binding {
	if g.pick != nil {
		return nil
	}
	return append(g.EditKeys(), g.help.Keep, g.help.Drop, g.help.Undo)
}

// EditKeys are the grid's first bindings, for a footer with little room:
// on a column with a lookup F4 first (the key no one would guess), then
// move and type.
func (g *Grid) EditKeys() []key.Binding {
	if g.CanLookUp() {
		return []key.Binding{g.help.Lookup, g.help.Move, g.help.Edit}
	}
	return []key.Binding{g.help.Move, g.help.Edit}
}
