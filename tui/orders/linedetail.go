package orders

import (
	"fmt"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"xietong/model"
	"xietong/tui/kit"
)

// lineDetail shows one order line (status, dates, question, risk, history)
// and runs the actions the person's role allows on it. Orders and the
// production queue both use it; the queue also shows the promise facts.
type lineDetail struct {
	s         *kit.Session
	order     *model.Order
	line      *model.OrderLine
	facts     *model.PromiseFacts
	withFacts bool
	action    *lineAction
	form      *kit.Form
	// hist is the history entry under the cursor (from the newest, 0 the
	// newest), entry the one opened to its full text.
	hist  int
	entry *kit.Pager
	prod  func(string) *model.Product // names products in the entry
}

func newLineDetail(s *kit.Session, withFacts bool) *lineDetail {
	return &lineDetail{s: s, withFacts: withFacts}
}

// load reads line id; it reports false (with the error on the status line)
// when the line cannot be read.
func (d *lineDetail) load(id uint64) bool {
	ord, l, err := d.s.Svc.Orders.Line(d.s.Ctx, id)
	if err != nil {
		d.s.Fail(err)
		return false
	}
	d.order, d.line, d.facts = ord, l, nil
	if d.withFacts {
		if f, err := d.s.Svc.Orders.PromiseFor(d.s.Ctx, l.ID, d.s.Svc.Clock.Now()); err == nil {
			d.facts = &f
		}
	}
	return true
}

// reload re-reads the shown line (after a live event) unless a form is open
// on it: the form keeps the version it started from, so a save after someone
// else's change is refused rather than silently applied.
func (d *lineDetail) reload() {
	if d.line != nil && d.form == nil {
		d.load(d.line.ID)
	}
}

// clear lets go of the shown line (the person left it), so reload reads
// nothing until another line is loaded.
func (d *lineDetail) clear() {
	d.order, d.line, d.facts, d.action, d.form = nil, nil, nil, nil, nil
}

func (d *lineDetail) editing() bool { return d.form != nil }
func (d *lineDetail) dirty() bool   { return d.form != nil && d.form.Dirty() }

// update handles keys; it reports true when the person leaves the detail.
func (d *lineDetail) update(msg tea.Msg) (bool, tea.Cmd) {
	if d.form != nil {
		return false, d.updateForm(msg)
	}
	km, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return false, nil
	}
	if d.entry != nil {
		if km.String() == "esc" || km.String() == "enter" {
			d.entry = nil
		} else {
			d.entry.Update(km)
		}
		return false, nil
	}
	switch km.String() {
	case "esc":
		return true, nil
	case "up":
		d.hist = min(d.hist+1, max(len(d.line.History)-1, 0))
		return false, nil
	case "down":
		d.hist = max(d.hist-1, 0)
		return false, nil
	case "enter":
		if n := len(d.line.History); n > 0 {
			e := d.line.History[n-1-min(d.hist, n-1)]
			d.entry = &kit.Pager{Lang: d.s.Lang, Build: func(width int) ([]string, []string) { return d.entryLines(e, width) }}
		}
		return false, nil
	}
	return false, d.start(km.String())
}

// entryLines are one history entry in full: who did what and when on top,
// its values and words wrapped below.
func (d *lineDetail) entryLines(e model.LineEvent, width int) (head, body []string) {
	s := d.s
	head = []string{s.St.Title.Render(fmt.Sprintf("%s/%d  %s", d.order.No, d.line.LineNo, e.Kind.Text().In(s.Lang))),
		s.St.Dim.Render(s.Time(e.At) + "  " + kit.Line(s.Who(e.By)))}
	wrap := lipgloss.NewStyle().Width(max(width-2, 10))
	if e.Before != "" || e.After != "" {
		body = append(body, strings.Split(wrap.Render(kit.Line(s.HistChange(e.Before, e.After, d.prod))), "\n")...)
	}
	if e.From != "" && e.To != "" && e.From != e.To {
		body = append(body, s.T("ui.hist.status", s.Status(e.From), s.Status(e.To)))
	}
	if e.Text != "" {
		body = append(body, "")
		body = append(body, strings.Split(wrap.Render(kit.Safe(e.Text, true)), "\n")...)
	}
	return head, body
}

// start runs or opens the form of the action bound to k.
func (d *lineDetail) start(k string) tea.Cmd {
	for _, a := range availableActions(d.s.User, d.line) {
		if a.key != k {
			continue
		}
		a := a
		d.action = &a
		if a.fields == nil {
			d.apply(nil)
			return nil
		}
		title := fmt.Sprintf("%s · %s/%d", d.s.T(a.label), d.order.No, d.line.LineNo)
		var form *kit.Form
		typed := func(name string) string { return form.Text(name) }
		form = kit.NewForm(d.s.Lang, title, a.fields(d.s, d.order, d.line, typed)...)
		d.form = form
		if a.note != nil {
			d.form.Note = a.note(d.s, d.order, d.line)
		}
		if a.init != nil {
			a.init(d.s, d.form, d.order, d.line)
		}
		d.form.Snapshot()
		return d.form.Focus()
	}
	return nil
}

// apply saves the current action on the line (f may be nil).
func (d *lineDetail) apply(f *kit.Form) bool {
	ch, err := d.action.change(d.s, f, d.line)
	if err == nil {
		_, _, err = d.s.Svc.Orders.UpdateLine(d.s.Ctx, d.s.User, d.line.ID, d.line.Version, ch)
	}
	if err != nil {
		if f != nil {
			if fe := d.s.FieldErrs(err); fe != nil {
				f.SetErrors(fe)
			}
		}
		d.s.Fail(err)
		return false
	}
	d.s.Info(d.s.T("ui.order.done", d.s.T(d.action.label), d.order.No, d.line.LineNo))
	d.load(d.line.ID)
	return true
}

func (d *lineDetail) updateForm(msg tea.Msg) tea.Cmd {
	res, cmd := d.form.Update(msg)
	switch res {
	case kit.FormCancel:
		d.form = nil
		d.reload()
	case kit.FormSubmit:
		if d.apply(d.form) {
			d.form = nil
		}
	}
	return cmd
}

// summary is the one-line identity of the line.
func (d *lineDetail) summary(width int, names func(uint64) string, product func(string) *model.Product) string {
	l, ord := d.line, d.order
	name, spec, variant := l.ProductCode, "", l.Variant
	if p := product(l.ProductCode); p != nil {
		name, spec, variant = p.Name, p.Spec, p.VariantName(l.Variant)
	}
	// The spec last: it is the longest and the least needed, and a narrow
	// terminal cuts the end of the line, never the quantity.
	return d.s.St.Title.Render(kit.Fit(kit.Line(fmt.Sprintf("%s/%d  %s (%s)  %s %s ×%d  %s", ord.No, l.LineNo, names(ord.CustomerID),
		ord.CustomerGrade, name, variant, l.Qty, spec)), width, false))
}

func (d *lineDetail) view(width, height int, names func(uint64) string, product func(string) *model.Product) string {
	if d.form != nil {
		return d.summary(width, names, product) + "\n\n" + d.form.View(d.s.St, width, height-2)
	}
	d.prod = product
	if d.entry != nil {
		return d.entry.View(d.s.St, width, height, d.s.T("ui.hist.entry_keys"))
	}
	st, l, ord := d.s.St, d.line, d.order
	var b strings.Builder
	b.WriteString(d.summary(width, names, product) + "\n")
	field := func(k, v string) string { return st.Label.Render(d.s.T(k)+d.s.T("ui.colon")) + kit.Line(v) }
	status := d.s.Status(l.Status)
	if l.Changed && l.Status == model.LineSent {
		status += " · " + d.s.T("ui.order.changed")
	}
	b.WriteString(field("ui.order.col_status", status) + "   " + field("ui.order.col_requested", kit.Date(l.RequestedDate)) +
		"   " + field("ui.order.col_promised", kit.Date(l.PromisedDate)) + "\n")
	if !l.ReplyDue.IsZero() && l.Status == model.LineSent {
		txt, late := d.s.Until(l.ReplyDue, d.s.Svc.Clock.Now())
		style := st.OK
		if late {
			style = st.Alert
		}
		b.WriteString(field("ui.order.reply_due", d.s.Deadline(l.ReplyDue)) + "  " + style.Render(txt) + "\n")
	}
	if l.Question != "" && l.Status == model.LineUnclear {
		b.WriteString(st.Warn.Render(d.s.T("ui.order.question")+d.s.T("ui.colon")) + kit.Line(l.Question) + "\n")
	}
	if l.Status == model.LineAtRisk {
		b.WriteString(st.Warn.Render(d.s.T("ui.order.risk")+d.s.T("ui.colon")) + kit.Line(l.RiskReason) + "  " + field("field.risk_date", kit.Date(l.RiskDate)) + "\n")
	}
	if l.ShippedQty > 0 {
		b.WriteString(field("ui.order.shipped", fmt.Sprintf("%d / %d", l.ShippedQty, l.Qty)) + "\n")
	}
	b.WriteString(field("ui.order.header", fmt.Sprintf("%s · %s · %s", d.s.Time(ord.ReceivedAt), ord.Channel, d.s.Who(ord.Owner))))
	if ord.Remarks != "" {
		b.WriteString("  " + field("field.remarks", ord.Remarks))
	}
	b.WriteString("\n")
	if d.facts != nil {
		b.WriteString(promiseFactsView(d.s, *d.facts, l.Remaining(), width) + "\n")
	}
	if acts := availableActions(d.s.User, l); len(acts) > 0 {
		var parts []string
		for _, a := range acts {
			parts = append(parts, st.Bold.Render(a.key)+" "+d.s.T(a.label))
		}
		b.WriteString(st.Label.Render(d.s.T("ui.order.actions")+d.s.T("ui.colon")) + strings.Join(parts, "  ") + "\n")
	}
	b.WriteString(st.Bold.Render(d.s.T("ui.order.history")) + "\n")
	b.WriteString(historyView(d.s, l.History, product, width, max(height-lipgloss.Height(b.String()), 3), d.hist))
	return b.String()
}

// historyView lists a line's history, newest last, fitting height lines.
// product names the products of entries that record a line's input.
func historyView(s *kit.Session, hist []model.LineEvent, product func(string) *model.Product, width, height, sel int) string {
	// Only the entries that fit are worded: the newest, or those up to the
	// one under the cursor (sel, counted from the newest).
	sel = min(max(sel, 0), max(len(hist)-1, 0))
	cur := len(hist) - 1 - sel
	if visible := max(height-4, 1); len(hist) > visible {
		start := min(len(hist)-visible, cur)
		hist = hist[start : start+visible]
		cur -= start
	}
	rows := make([][]string, len(hist))
	for i, e := range hist {
		what := e.Text
		if e.Kind == model.EvRank {
			// Levels in words: "普通 → 加急", not "0 → -1".
			b, _ := strconv.Atoi(e.Before)
			a, _ := strconv.Atoi(e.After)
			what = strings.TrimSpace(model.RankLevel(b).In(s.Lang) + " → " + model.RankLevel(a).In(s.Lang) + "  " + e.Text)
		} else if e.Before != "" || e.After != "" {
			what = strings.TrimSpace(s.HistChange(e.Before, e.After, product) + "  " + e.Text)
		}
		rows[i] = []string{s.Time(e.At), s.Who(e.By), e.Kind.Text().In(s.Lang), kit.Line(what)}
	}
	cols := []kit.Column{{Title: s.T("ui.hist.at"), Width: 16}, {Title: s.T("ui.hist.by"), Width: 10}, {Title: s.T("ui.hist.what"), Width: 10}, {Title: s.T("ui.hist.detail")}}
	return kit.RenderTable(s.St, cols, rows, cur, width, nil)
}

func (d *lineDetail) helpKeys() []key.Binding {
	if d.form != nil {
		return d.form.HelpKeys()
	}
	var ks []key.Binding
	for _, a := range availableActions(d.s.User, d.line) {
		ks = append(ks, key.NewBinding(key.WithKeys(a.key), key.WithHelp(a.key, d.s.T(a.label))))
	}
	if d.entry != nil {
		return nil // the entry shows its keys
	}
	if n := len(d.line.History); n > 1 {
		ks = append(ks, key.NewBinding(key.WithKeys("up", "down"), key.WithHelp("↑↓", d.s.T("ui.hist.choose"))))
	}
	if len(d.line.History) > 0 {
		ks = append(ks, key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", d.s.T("ui.hist.open"))))
	}
	return append(ks, key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", d.s.T("key.back"))))
}

func lineID(s string) uint64 { id, _ := strconv.ParseUint(s, 10, 64); return id }
