package orders

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"xietong/find"
	"xietong/model"
	"xietong/tui/kit"
)

// Columns of an order line in the entry grid.
var lineCells = []string{"product", "variant", "qty", "requested_date"}

const maxEntryLines = 20

// orderForm is the order entry screen: header fields, a grid of lines, and
// for the line being typed the product's stock, open demand, free capacity,
// lead time and a suggested promise date.
type orderForm struct {
	s       *kit.Session
	header  []textinput.Model // customer, channel, remarks
	hdrErr  [3]string
	lines   [][]textinput.Model
	lineErr []map[string]string
	focus   int // index over header inputs then line cells row-major
	saved   *model.Order
	discard bool
	keys    struct{ Save, AddLine, DelLine, Cancel, Lookup key.Binding }
	pick    *kit.Picker // the lookup open on F4, for input pickFor
	pickFor int
	facts   map[string]model.PromiseFacts // by product|variant|qty
	faults  map[string]error              // by the same key: a fault met reading the facts (shown and logged once)
	// All customers and products, read once, for the "did you mean" hints,
	// and by code, so drawing the form does not read the database per key.
	allCusts []*model.Customer
	allProds []*model.Product
	custs    map[string]*model.Customer
	prods    map[string]*model.Product
	custKeys []find.Key // allCusts and allProds prepared for matching
	prodKeys []find.Key
}

var headerNames = []string{"customer", "channel", "remarks"}

func newInput(limit int) textinput.Model {
	in := textinput.New()
	in.Prompt = ""
	in.CharLimit = limit
	return in
}

func newOrderForm(s *kit.Session) *orderForm {
	f := &orderForm{s: s, facts: map[string]model.PromiseFacts{}, faults: map[string]error{}}
	f.header = []textinput.Model{newInput(40), newInput(model.MaxChannelLen + 10), newInput(model.MaxRemarks + 100)}
	f.addLine()
	f.allCusts, _ = s.Svc.Master.Customers(s.Ctx)
	f.allProds, _ = s.Svc.Master.Products(s.Ctx)
	f.custs = make(map[string]*model.Customer, len(f.allCusts))
	for _, c := range f.allCusts {
		f.custs[c.Code] = c
	}
	f.prods = make(map[string]*model.Product, len(f.allProds))
	for _, p := range f.allProds {
		f.prods[p.Code] = p
		f.prodKeys = append(f.prodKeys, find.NewKey(p.Code, p.Name))
	}
	for _, c := range f.allCusts {
		f.custKeys = append(f.custKeys, find.NewKey(c.Code, c.Name))
	}
	t := s.T
	f.keys.Save = key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", t("ui.order.key_submit")))
	f.keys.AddLine = key.NewBinding(key.WithKeys("ctrl+n"), key.WithHelp("ctrl+n", t("ui.order.key_addline")))
	f.keys.DelLine = key.NewBinding(key.WithKeys("ctrl+d"), key.WithHelp("ctrl+d", t("ui.order.key_delline")))
	f.keys.Cancel = key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", t("key.cancel")))
	f.keys.Lookup = key.NewBinding(key.WithKeys("f4", "ctrl+f"), key.WithHelp("F4", t("ui.order.key_lookup")))
	return f
}

func (f *orderForm) addLine() {
	row := []textinput.Model{newInput(40), newInput(40), newInput(20), newInput(20)}
	if n := len(f.lines); n > 0 { // repeat the requested date of the line above
		row[3].SetValue(f.lines[n-1][3].Value())
	}
	f.lines = append(f.lines, row)
	f.lineErr = append(f.lineErr, nil)
}

func (f *orderForm) inputs() []*textinput.Model {
	out := make([]*textinput.Model, 0, len(f.header)+4*len(f.lines))
	for i := range f.header {
		out = append(out, &f.header[i])
	}
	for r := range f.lines {
		for c := range f.lines[r] {
			out = append(out, &f.lines[r][c])
		}
	}
	return out
}

// Focus focuses the current input.
func (f *orderForm) Focus() tea.Cmd { return f.setFocus(f.focus) }

func (f *orderForm) setFocus(i int) tea.Cmd {
	ins := f.inputs()
	f.focus = (i + len(ins)) % len(ins)
	for _, in := range ins {
		in.Blur()
	}
	return ins[f.focus].Focus()
}

// curLine is the grid row with focus, or -1 in the header.
func (f *orderForm) curLine() int {
	if f.focus < len(f.header) {
		return -1
	}
	return (f.focus - len(f.header)) / 4
}

// Dirty reports typed input.
func (f *orderForm) Dirty() bool {
	for _, in := range f.inputs() {
		if in.Value() != "" {
			return true
		}
	}
	return false
}

func (f *orderForm) Update(msg tea.Msg) (kit.FormResult, tea.Cmd) {
	if f.discard {
		if km, ok := msg.(tea.KeyPressMsg); ok {
			switch km.String() {
			case "y", "Y":
				return kit.FormCancel, nil
			case "n", "N", "esc":
				f.discard = false
				f.s.Info("")
			}
		}
		return kit.FormNone, nil
	}
	if f.pick != nil {
		done, chosen, cmd := f.pick.Update(msg)
		if !done {
			return kit.FormNone, cmd
		}
		f.pick = nil
		if chosen == nil {
			return kit.FormNone, f.setFocus(f.pickFor)
		}
		f.inputs()[f.pickFor].SetValue(chosen.Value)
		return kit.FormNone, f.setFocus(f.pickFor + 1)
	}
	if km, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(km, f.keys.Lookup):
			return kit.FormNone, f.openLookup()
		case key.Matches(km, f.keys.Cancel):
			if f.Dirty() {
				f.discard = true
				f.s.Alert(f.s.T("app.discard"))
				return kit.FormNone, nil
			}
			return kit.FormCancel, nil
		case key.Matches(km, f.keys.Save):
			if f.save() {
				return kit.FormSubmit, nil
			}
			return kit.FormNone, nil
		case key.Matches(km, f.keys.AddLine):
			if len(f.lines) < maxEntryLines {
				f.addLine()
				return kit.FormNone, f.setFocus(len(f.header) + 4*(len(f.lines)-1))
			}
			return kit.FormNone, nil
		case key.Matches(km, f.keys.DelLine):
			if r := f.curLine(); r >= 0 && len(f.lines) > 1 {
				f.lines = append(f.lines[:r], f.lines[r+1:]...)
				f.lineErr = append(f.lineErr[:r], f.lineErr[r+1:]...)
				return kit.FormNone, f.setFocus(min(f.focus, len(f.inputs())-1))
			}
			return kit.FormNone, nil
		}
		switch km.String() {
		case "tab", "enter":
			return kit.FormNone, f.setFocus(f.focus + 1)
		case "shift+tab":
			return kit.FormNone, f.setFocus(f.focus - 1)
		case "down":
			if f.curLine() >= 0 && f.curLine() < len(f.lines)-1 {
				return kit.FormNone, f.setFocus(f.focus + 4)
			}
			return kit.FormNone, f.setFocus(f.focus + 1)
		case "up":
			if f.curLine() > 0 {
				return kit.FormNone, f.setFocus(f.focus - 4)
			}
			return kit.FormNone, f.setFocus(f.focus - 1)
		}
	}
	if p, ok := msg.(tea.PasteMsg); ok {
		clean, removed := kit.CleanPaste(p.Content, false)
		if removed {
			f.pasteNote(f.s.T("form.paste_cleaned"))
		}
		msg = tea.PasteMsg{Content: clean}
	}
	in := f.inputs()[f.focus]
	var cmd tea.Cmd
	*in, cmd = in.Update(msg)
	return kit.FormNone, cmd
}

// openLookup opens the picker of the focused field: customers, products,
// or the variants of the line's product; other fields have none.
func (f *orderForm) openLookup() tea.Cmd {
	t := f.s.T
	var title string
	var items []kit.PickItem
	typed := f.inputs()[f.focus].Value()
	switch col := (f.focus - len(f.header)) % 4; {
	case f.focus == 0:
		title = t("ui.pick.customer")
		for _, c := range f.allCusts {
			items = append(items, kit.NewPickItem(c.Code, c.Code, c.Name, string(c.Grade)+" · "+c.Region))
		}
	case f.focus < len(f.header):
		f.s.Info(t("ui.order.no_lookup"))
		return nil
	case col == 0:
		title = t("ui.pick.product")
		for _, p := range f.allProds {
			items = append(items, kit.NewPickItem(p.Code, p.Code, p.Name, p.Spec))
		}
	case col == 1:
		p := f.resolveProduct(f.lines[f.curLine()][0].Value())
		if p == nil {
			f.s.Info(t("ui.order.product_first"))
			return nil
		}
		title = t("ui.pick.variant")
		items = kit.VariantItems(p)
	default:
		f.s.Info(t("ui.order.no_lookup"))
		return nil
	}
	f.pick, f.pickFor = kit.NewPicker(f.s.Lang, title, items, typed), f.focus
	return f.pick.Focus()
}

// resolveCustomer is the customer typed: by its code in any case, or by a
// name or part of one that names exactly one customer best; nil if none
// or several.
func (f *orderForm) resolveCustomer(typed string) *model.Customer {
	if i := resolve(f.custKeys, typed); i >= 0 {
		return f.allCusts[i]
	}
	return nil
}

// resolveProduct is the product typed, as resolveCustomer finds customers.
func (f *orderForm) resolveProduct(typed string) *model.Product {
	if p := f.prods[strings.TrimSpace(typed)]; p != nil {
		return p
	}
	if i := resolve(f.prodKeys, typed); i >= 0 {
		return f.allProds[i]
	}
	return nil
}

// resolve is the one record keys name best for typed (an exact code or
// name, or a single match of any kind), -1 when none or several tie.
func resolve(keys []find.Key, typed string) int {
	q := find.Query(typed)
	if q == "" {
		return -1
	}
	best, at, ties := 0, -1, 0
	for i, k := range keys {
		switch s := k.Score(q); {
		case s > best:
			best, at, ties = s, i, 1
		case s == best && s > 0:
			ties++
		}
	}
	if ties != 1 {
		return -1
	}
	return at
}

// pasteNote shows msg next to the focused input.
func (f *orderForm) pasteNote(msg string) {
	if f.focus < len(f.header) {
		f.hdrErr[f.focus] = msg
		return
	}
	r, c := f.curLine(), (f.focus-len(f.header))%4
	if f.lineErr[r] == nil {
		f.lineErr[r] = map[string]string{}
	}
	f.lineErr[r][lineCells[c]] = msg
}

// save validates everything, shows every problem next to its field and
// creates the order (submitted) when all is well.
func (f *orderForm) save() bool {
	f.hdrErr = [3]string{}
	for i := range f.lineErr {
		f.lineErr[i] = nil
	}
	ok := true
	ord := &model.Order{Channel: strings.TrimSpace(f.header[1].Value()), Remarks: f.header[2].Value()}
	code := strings.TrimSpace(f.header[0].Value())
	if code == "" {
		f.hdrErr[0], ok = f.s.T("val.required"), false
	} else if c := f.customerAtSave(code); c == nil {
		f.hdrErr[0], ok = f.s.T("ui.order.unknown_customer", kit.Line(code)), false
	} else {
		ord.CustomerID = c.ID
		f.header[0].SetValue(c.Code)
	}
	hv := model.Invalid{}
	model.ValidateText(hv, "channel", ord.Channel, false, model.MaxChannelLen, false)
	model.ValidateText(hv, "remarks", ord.Remarks, false, model.MaxRemarks, false)
	if t, bad := hv["channel"]; bad {
		f.hdrErr[1], ok = t.In(f.s.Lang), false
	}
	if t, bad := hv["remarks"]; bad {
		f.hdrErr[2], ok = t.In(f.s.Lang), false
	}
	for r, row := range f.lines {
		// A product typed by its name (or initials) that names one product
		// is taken as that product's code.
		if p := f.resolveProduct(row[0].Value()); p != nil {
			row[0].SetValue(p.Code)
		}
		in, err := parseLineInput(row[0].Value(), row[1].Value(), row[2].Value(), row[3].Value())
		if err != nil {
			f.lineErr[r], ok = f.s.FieldErrs(err), false
			continue
		}
		ord.Lines = append(ord.Lines, model.OrderLine{ProductCode: in.ProductCode, Variant: in.Variant, Qty: in.Qty, RequestedDate: in.RequestedDate})
	}
	if !ok {
		f.s.Alert(f.s.T("form.fix"))
		return false
	}
	saved, err := f.s.Svc.Orders.CreateOrder(f.s.Ctx, f.s.User, ord, true)
	if err != nil {
		f.placeErrors(err)
		f.s.Fail(err)
		return false
	}
	f.saved = saved
	f.s.Info(f.s.T("ui.order.created", saved.No, len(saved.Lines)))
	return true
}

// placeErrors puts store field errors ("customer", "lines.2.qty") next to
// their inputs.
func (f *orderForm) placeErrors(err error) {
	for name, msg := range f.s.FieldErrs(err) {
		if i := indexOf(headerNames, name); i >= 0 {
			f.hdrErr[i] = msg
			continue
		}
		parts := strings.Split(name, ".")
		if len(parts) == 3 && parts[0] == "lines" {
			if n, e := strconv.Atoi(parts[1]); e == nil && n >= 1 && n <= len(f.lines) {
				if f.lineErr[n-1] == nil {
					f.lineErr[n-1] = map[string]string{}
				}
				f.lineErr[n-1][parts[2]] = msg
			}
		}
	}
}

func indexOf(xs []string, x string) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	return -1
}

func (f *orderForm) View(width, height int) string {
	st, t := f.s.St, f.s.T
	if f.pick != nil {
		return f.pick.View(st, width, height)
	}
	var b strings.Builder
	b.WriteString(st.Title.Render(t("ui.order.new")) + "\n")
	for i, name := range headerNames {
		// The marker, not only the label's colour, shows the field with
		// focus: without colours (NO_COLOR, TERM=dumb) it is all there is,
		// as in kit forms and the grid's rows below.
		label, marker := st.Label, "  "
		if f.focus == i {
			label, marker = st.LabelFocus, "▸ "
		}
		if i == 0 {
			f.header[i].SetWidth(16) // room for the customer's name or hints
		} else {
			f.header[i].SetWidth(width - 18)
		}
		b.WriteString(label.Render(marker+kit.Fit(t("field."+name), 12, false)) + " " + f.header[i].View())
		if i == 0 {
			typed := strings.TrimSpace(f.header[0].Value())
			if c := f.resolveCustomer(typed); c != nil {
				b.WriteString(st.OK.Render("  " + kit.Line(c.Code+" "+c.Name) + " · " + string(c.Grade) + " · " + kit.Line(c.Region)))
			} else if hint := f.customerHint(typed); hint != "" {
				b.WriteString(st.Dim.Render("  " + kit.Fit(kit.Line(hint), max(width-32, 10), false)))
			}
		}
		b.WriteByte('\n')
		if f.hdrErr[i] != "" {
			b.WriteString(st.FieldErr.Render("  ✗ "+f.hdrErr[i]) + "\n")
		}
	}
	// The grid.
	widths := []int{14, 10, 9, 12}
	b.WriteString(st.TableHeader.Render(fmt.Sprintf("  #  %s %s %s %s", kit.Fit(t("field.product"), widths[0], false), kit.Fit(t("field.variant"), widths[1], false),
		kit.Fit(t("field.qty"), widths[2], false), kit.Fit(t("field.requested_date"), widths[3], false))) + "\n")
	for r, row := range f.lines {
		marker := "  "
		if f.curLine() == r {
			marker = "▸ "
		}
		b.WriteString(fmt.Sprintf("%s%-2d ", marker, r+1))
		for c := range row {
			row[c].SetWidth(widths[c] - 1)
			b.WriteString(kit.Fit(row[c].View(), widths[c], false) + " ")
		}
		if p := f.productOf(r); p != nil {
			b.WriteString(st.Dim.Render(kit.Fit(kit.Line(p.Name+" "+p.Spec), max(width-54, 0), false)))
		} else if hint := f.productHint(strings.TrimSpace(row[0].Value())); hint != "" {
			b.WriteString(st.Dim.Render(kit.Fit(kit.Line(hint), max(width-54, 0), false)))
		}
		b.WriteByte('\n')
		if len(f.lineErr[r]) > 0 {
			var parts []string
			for _, c := range lineCells {
				if msg := f.lineErr[r][c]; msg != "" {
					parts = append(parts, t("field."+c)+t("ui.colon")+msg)
				}
			}
			b.WriteString(st.FieldErr.Render(fmt.Sprintf("     ✗ %s", strings.Join(parts, t("ui.semi_sep")))) + "\n")
		}
	}
	if r := f.curLine(); r >= 0 {
		b.WriteString("\n" + f.factsView(r, width))
	}
	return b.String()
}

func (f *orderForm) productOf(r int) *model.Product {
	return f.resolveProduct(f.lines[r][0].Value())
}

// customerHint lists customers whose code or name holds what was typed, so
// people can find a code without leaving the form.
func (f *orderForm) customerHint(typed string) string {
	if typed == "" {
		return f.s.T("ui.order.customer_hint")
	}
	var out []string
	for _, c := range f.allCusts {
		if strings.Contains(strings.ToLower(c.Code), strings.ToLower(typed)) || strings.Contains(c.Name, typed) {
			out = append(out, c.Code+" "+c.Name)
			if len(out) == 3 {
				break
			}
		}
	}
	return strings.Join(out, " · ")
}

// productHint lists products whose code, name or spec holds what was typed.
func (f *orderForm) productHint(typed string) string {
	if typed == "" {
		return ""
	}
	var out []string
	for _, p := range f.allProds {
		if strings.Contains(strings.ToLower(p.Code), strings.ToLower(typed)) || strings.Contains(p.Name+p.Spec, typed) {
			out = append(out, p.Code+" "+p.Name)
			if len(out) == 2 {
				break
			}
		}
	}
	return strings.Join(out, " · ")
}

// customer is the customer with a typed code, nil if none.
func (f *orderForm) customer(code string) *model.Customer {
	if code == "" {
		return nil
	}
	return f.custs[code]
}

// customerAtSave is the customer with code for the order being saved; a
// code not among those read with the form (a customer added since) is
// looked up in the store, once, on save.
func (f *orderForm) customerAtSave(code string) *model.Customer {
	if c := f.customer(code); c != nil {
		return c
	}
	if c := f.resolveCustomer(code); c != nil {
		return c
	}
	c, err := f.s.Svc.Master.CustomerByCode(f.s.Ctx, code)
	if err != nil {
		return nil
	}
	return c
}

// factsView explains stock, demand, capacity and the suggested promise for
// the line being typed.
func (f *orderForm) factsView(r, width int) string {
	row := f.lines[r]
	code := strings.TrimSpace(row[0].Value())
	if code == "" {
		return f.s.St.Dim.Render(f.s.T("ui.order.facts_hint"))
	}
	qty, err := model.ParseQty(row[2].Value())
	if err != nil {
		qty = 0
	}
	k := code + "|" + strings.TrimSpace(row[1].Value()) + "|" + kit.FmtInt(qty)
	if err := f.faults[k]; err != nil {
		return f.s.St.Error.Render(model.ErrorMessage(err, f.s.Lang))
	}
	facts, ok := f.facts[k]
	if !ok {
		p := f.productOf(r)
		if p == nil {
			return f.s.St.Warn.Render(f.s.T("ui.order.unknown_product", kit.Line(code)))
		}
		facts, err = f.s.Svc.Orders.Promise(f.s.Ctx, p.Code, strings.TrimSpace(row[1].Value()), max(qty, 1), f.s.Svc.Clock.Now())
		if err != nil {
			// This runs at every frame: a fault is logged once, then shown
			// from here.
			if model.IsFault(err) {
				err = f.s.Fault(err)
				f.faults[k] = err
			}
			return f.s.St.Error.Render(model.ErrorMessage(err, f.s.Lang))
		}
		f.facts[k] = facts
	}
	return promiseFactsView(f.s, facts, qty, width)
}

// promiseFactsView renders PromiseFacts (shared by order entry and reply).
func promiseFactsView(s *kit.Session, facts model.PromiseFacts, qty int64, width int) string {
	st, t := s.St, s.T
	p := facts.Product
	var b strings.Builder
	b.WriteString(st.Bold.Render(kit.Line(p.Name+" "+p.Spec)) + st.Dim.Render(" · "+kit.Line(p.VariantName(facts.Variant))+" · "+kit.Line(p.Unit)) + "\n")
	b.WriteString(t("ui.facts.line", facts.Stock, facts.Available, facts.OpenDemand, p.LeadTimeDays, p.DailyCapacity) + "\n")
	var free []string
	for _, d := range facts.Free {
		if len(free) >= 6 {
			break
		}
		free = append(free, fmt.Sprintf("%s:%d", d.Date.String()[5:], d.Qty))
	}
	b.WriteString(st.Label.Render(t("ui.facts.free")+t("ui.colon")) + strings.Join(free, "  ") + "\n")
	if qty <= 0 {
		b.WriteString(st.Dim.Render(t("ui.facts.need_qty")))
	} else if facts.SuggestErr != nil {
		b.WriteString(st.Warn.Render(t("ui.facts.no_suggestion") + t("ui.colon") + model.ErrorMessage(facts.SuggestErr, s.Lang)))
	} else {
		sg := facts.Suggestion
		b.WriteString(st.OK.Render(t("ui.facts.suggest", sg.Date.String(), sg.FromStock, sg.Produced)))
		if len(sg.Days) > 0 {
			b.WriteString("\n" + st.Dim.Render(kit.Fit(t("ui.facts.why", sg.Reason(s.Lang)), width, false)))
		}
	}
	return b.String()
}

func (f *orderForm) HelpKeys() []key.Binding {
	if f.pick != nil {
		return nil // the picker says its keys
	}
	ks := []key.Binding{f.keys.Lookup, f.keys.Save}
	if len(f.lines) < maxEntryLines {
		ks = append(ks, f.keys.AddLine)
	}
	if f.curLine() >= 0 && len(f.lines) > 1 {
		ks = append(ks, f.keys.DelLine) // the last line stays
	}
	return append(ks, f.keys.Cancel)
}
