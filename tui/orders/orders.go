// Package orders is the sections of orders: the orders list with its order
// form, line detail, line actions and KPI panel, and the master data, for
// sales; the reply queue for production.
package orders

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"xietong/model"
	"xietong/tui/kit"
)

// Sections are the sections of orders: the list and master data for
// sales, the reply queue for production.
func Sections() []kit.Section {
	return []kit.Section{
		{Key: "sec.orders", Code: "orders", Group: "grp.sales", Make: func(s *kit.Session) kit.Screen { return newOrders(s) },
			Wants:  model.KindSet(model.KindOrder, model.KindLine, model.KindCustomer, model.KindProduct),
			Alerts: []kit.LiveAlert{{Kind: model.KindLine, Say: lineAlert}}},
		{Key: "sec.master", Code: "master", Group: "grp.sales", Make: func(s *kit.Session) kit.Screen { return newMaster(s) },
			Wants: model.KindSet(model.KindCustomer, model.KindProduct, model.KindStock)},
		{Key: "sec.queue", Code: "queue", Group: "grp.production", Make: func(s *kit.Session) kit.Screen { return newQueue(s) },
			Wants: model.KindSet(model.KindLine, model.KindOrder, model.KindCustomer, model.KindProduct, model.KindStock)},
	}
}

// lineAlert words a change of an order line for this person, unless it
// is not theirs to hear about: sales hear about replies to their orders,
// production about lines sent, changed or clarified for it. The line is
// read only for someone who may hear about it.
func lineAlert(s *kit.Session, e model.Event) (kit.Alert, bool) {
	me := s.User
	switch model.EventKind(e.Action) {
	case model.EvAnswer, model.EvUnclear, model.EvRisk, model.EvSubmit:
		if !slices.Contains(e.For, me.Login) && !model.Can(me, model.ActOrderReview) {
			return kit.Alert{}, false
		}
	case model.EvSend, model.EvClarify, model.EvChange:
		if !model.Can(me, model.ActOrderReply) {
			return kit.Alert{}, false
		}
	default:
		return kit.Alert{}, false
	}
	ord, l, err := s.Svc.Orders.Line(s.Ctx, e.ID)
	if err != nil {
		return kit.Alert{}, false
	}
	ref := fmt.Sprintf("%s/%d", ord.No, l.LineNo)
	who := kit.Line(s.Who(e.Actor))
	switch model.EventKind(e.Action) {
	case model.EvAnswer:
		if ord.Owner == me.Login || model.Can(me, model.ActOrderReview) {
			return kit.Alert{Text: s.T("live.answer", ref, kit.Date(l.PromisedDate), who), Level: kit.StatusAlert}, true
		}
	case model.EvUnclear:
		if ord.Owner == me.Login || model.Can(me, model.ActOrderReview) {
			return kit.Alert{Text: s.T("live.unclear", ref, kit.Line(l.Question), who), Level: kit.StatusAlert}, true
		}
	case model.EvRisk:
		if l.AnomalyID != 0 {
			return kit.Alert{}, false // the anomaly's own alert says it, with more
		}
		if ord.Owner == me.Login || model.Can(me, model.ActOrderReview) {
			return kit.Alert{Text: s.T("live.risk", ref, kit.Date(l.RiskDate), who), Level: kit.StatusAlert}, true
		}
	case model.EvSend, model.EvClarify, model.EvChange:
		if model.Can(me, model.ActOrderReply) {
			return kit.Alert{Text: s.T("live."+e.Action, ref, who), Level: kit.StatusAlert}, true
		}
	case model.EvSubmit:
		if model.Can(me, model.ActOrderReview) {
			return kit.Alert{Text: s.T("live.submit", ref, who), Level: kit.StatusAlert}, true
		}
	}
	return kit.Alert{}, false
}

type ordersMode int

const (
	ordersList ordersMode = iota
	ordersDetail
	ordersNew
	ordersKPI
)

// orders is the 订单 section: every order line with its status; a line's
// detail with history and the actions the person's role allows; new orders.
type orders struct {
	s      *kit.Session
	mode   ordersMode
	list   *kit.PagedList
	mine   bool
	status model.LineStatus // the list narrowed to one status ("" all)
	sort   model.OrderSort  // the list's order ("" newest first)
	// listSort is the order the list's columns were made for.
	listSort model.OrderSort
	// The list narrowed to one customer (0 all), one product ("" all) and
	// requested dates from..to (zero: open).
	customer uint64
	product  string
	from, to model.Date
	dates    *kit.Form   // asking the range of requested dates
	pick     *kit.Picker // choosing the status, the order, a customer or a product
	picked   func(value string)
	names    kit.MasterNames
	// rowMemo keeps the rows made of the store's rows (see row).
	rowMemo    map[model.OrderRow]kit.Row
	rowMemoKey string
	detail     *lineDetail
	entry      *orderForm
	kpi        *kpiPanel
	keys       ordersKeys
	stale      bool // the list missed a reload while not on screen
}

type ordersKeys struct{ New, Mine, Status, Sort, KPI, Customer, Product, Dates key.Binding }

func newOrders(s *kit.Session) *orders {
	o := &orders{s: s, detail: newLineDetail(s, false)}
	return o
}

func (o *orders) Title() string { return o.s.T("sec.orders") }

// columns are the list's columns for its order. The dates give way on a
// narrow terminal, the promised date first, except the date the list is
// sorted by: the order followed stays in sight, and the other date and then
// the quantity give way instead (at 80 columns both go).
func (o *orders) columns() []kit.Column {
	t := o.s.T
	byDate := o.sort == model.SortRequested || o.sort == model.SortPromised
	return []kit.Column{
		{Title: t("ui.order.col_no"), Width: 19},
		{Title: t("ui.order.col_customer")},
		{Title: t("ui.order.col_product"), Width: 16},
		{Title: t("ui.order.col_qty"), Width: 6, Right: true, Optional: byDate},
		{Title: t("ui.order.col_requested"), Width: 10, Optional: o.sort != model.SortRequested},
		{Title: t("ui.order.col_status"), Width: 9},
		{Title: t("ui.order.col_promised"), Width: 10, Optional: o.sort != model.SortPromised},
	}
}

// newList makes the list anew, with the columns of the language and order
// it now shows.
func (o *orders) newList() {
	o.list = kit.NewPagedList(o.s.Lang, o.columns(), o.fetch, o.s.T("ui.order.search"))
	o.listSort = o.sort
}

// Reload re-reads what the mode shows: the open line in the detail, else
// the list. A list not on screen is marked stale and read when shown again.
func (o *orders) Reload() {
	switch {
	case o.mode == ordersDetail:
		o.detail.reload()
		o.stale = true
	case o.mode == ordersList || o.list == nil:
		o.loadRows()
	default:
		o.stale = true
	}
}

// toList shows the list again, reading it if it missed a reload.
func (o *orders) toList() {
	o.mode = ordersList
	if o.stale {
		o.loadRows()
	}
}

// loadRows re-reads the window of the list the cursor is in.
func (o *orders) loadRows() {
	t := o.s.T
	o.keys = ordersKeys{
		New:      key.NewBinding(key.WithKeys("n"), key.WithHelp("n", t("ui.order.key_new"))),
		Mine:     key.NewBinding(key.WithKeys("m"), key.WithHelp("m", t("ui.order.key_mine"))),
		Status:   key.NewBinding(key.WithKeys("f"), key.WithHelp("f", t("ui.order.key_status"))),
		Sort:     key.NewBinding(key.WithKeys("o"), key.WithHelp("o", t("ui.order.key_sort"))),
		KPI:      key.NewBinding(key.WithKeys("K"), key.WithHelp("K", t("ui.order.key_kpi"))),
		Customer: key.NewBinding(key.WithKeys("c"), key.WithHelp("c", t("ui.order.key_customer"))),
		Product:  key.NewBinding(key.WithKeys("p"), key.WithHelp("p", t("ui.order.key_product"))),
		Dates:    key.NewBinding(key.WithKeys("d"), key.WithHelp("d", t("ui.order.key_dates"))),
	}
	if o.list == nil || o.list.Lang != o.s.Lang || o.listSort != o.sort {
		o.newList()
	}
	o.stale = false
	o.names = kit.LoadMaster(o.s)
	if err := o.list.Reload(); err != nil {
		o.s.Fail(err)
	}
}

// fetch reads a window of the list from the store: every line on file,
// mine only when asked, matching the search.
func (o *orders) fetch(search string, offset, limit int) ([]kit.Row, int, error) {
	q := model.OrderQuery{Search: search, Status: o.status, Sort: o.sort, Customer: o.customer, Product: o.product,
		From: o.from, To: o.to, Offset: offset, Limit: limit}
	if o.mine {
		q.Owner = o.s.User.Login
	}
	page, err := o.s.Svc.Orders.OrderRows(o.s.Ctx, q)
	if err != nil {
		return nil, 0, err
	}
	rows := make([]kit.Row, len(page.Rows))
	for i := range page.Rows {
		rows[i] = o.row(&page.Rows[i])
	}
	return rows, page.Total, nil
}

// row is the list row of l. A re-read after a change brings back mostly the
// rows of the last one: they are kept, keyed by what they show, while the
// names, the language and the styles stay those they were made with.
func (o *orders) row(l *model.OrderRow) kit.Row {
	memoKey := fmt.Sprintf("%d\x1f%s\x1f%s", o.s.MasterGen(), o.s.Lang, o.s.St.Key)
	if o.rowMemoKey != memoKey || len(o.rowMemo) > 4096 {
		o.rowMemoKey, o.rowMemo = memoKey, map[model.OrderRow]kit.Row{}
	}
	if r, ok := o.rowMemo[*l]; ok {
		return r
	}
	r := o.makeRow(l)
	o.rowMemo[*l] = r
	return r
}

func (o *orders) makeRow(l *model.OrderRow) kit.Row {
	status := o.s.Status(l.Status)
	if l.Changed && l.Status == model.LineSent {
		status += "*"
	}
	r := kit.Row{ID: strconv.FormatUint(l.LineID, 10), Cells: []string{
		fmt.Sprintf("%s/%d", l.No, l.LineNo),
		fmt.Sprintf("%s (%s)", o.names.CustomerName(l.CustomerID), l.Grade),
		o.names.ListProduct(l.Product, l.Variant),
		kit.FmtInt(l.Qty),
		kit.Date(l.Requested),
		status,
		kit.Date(l.Promised),
	}}
	switch l.Status {
	case model.LineUnclear, model.LineAtRisk:
		r.Style, r.Emph = o.s.St.Warn, true
	case model.LineCancelled, model.LineClosed:
		r.Style, r.Emph = o.s.St.Dim, true
	}
	return r
}

func (o *orders) Capturing() bool {
	return o.mode == ordersNew || (o.mode == ordersDetail && o.detail.editing()) || o.list.Searching() || o.pick != nil || o.dates != nil
}

func (o *orders) Dirty() bool {
	switch o.mode {
	case ordersDetail:
		return o.detail.dirty()
	case ordersNew:
		return o.entry.Dirty()
	}
	return false
}

func (o *orders) Update(msg tea.Msg) tea.Cmd {
	if m, ok := msg.(kit.OpenMsg); ok {
		if o.Dirty() {
			return nil
		}
		if o.detail.load(m.ID) {
			o.mode = ordersDetail
			o.list.Select(strconv.FormatUint(m.ID, 10))
		}
		return nil
	}
	switch o.mode {
	case ordersKPI:
		if km, ok := msg.(tea.KeyPressMsg); ok {
			switch km.String() {
			case "[":
				o.kpi.shift(-1)
			case "]":
				o.kpi.shift(1)
			case "esc":
				o.kpi = nil
				o.toList()
			}
		}
		return nil
	case ordersNew:
		return o.updateEntry(msg)
	case ordersDetail:
		back, cmd := o.detail.update(msg)
		if back {
			// The list was not on screen; read it now rather than per key
			// (the line may have changed by the person's own action too).
			// The line is let go so that live events stop re-reading it.
			o.detail.clear()
			o.mode = ordersList
			o.loadRows()
		}
		return cmd
	}
	if o.dates != nil {
		return o.updateDates(msg)
	}
	if o.pick != nil {
		done, chosen, cmd := o.pick.Update(msg)
		if done {
			o.pick = nil
			if chosen != nil {
				search := o.list.Search()
				o.picked(chosen.Value)
				if o.listSort != o.sort {
					o.newList() // the columns follow the order
				}
				if err := o.list.SetSearch(search); err != nil {
					o.s.Fail(err)
				}
			}
		}
		return cmd
	}
	if km, ok := msg.(tea.KeyPressMsg); ok && !o.list.Searching() {
		switch {
		case key.Matches(km, o.keys.Status):
			items := []kit.PickItem{kit.NewPickItem("", "", o.s.T("ui.order.all_statuses"), "")}
			for _, st := range model.LineStatuses {
				items = append(items, kit.NewPickItem(string(st), "", o.s.Status(st), ""))
			}
			o.pick = kit.NewPicker(o.s.Lang, o.s.T("ui.order.pick_status"), items, "")
			o.picked = func(v string) { o.status = model.LineStatus(v) }
			return o.pick.Focus()
		case key.Matches(km, o.keys.Sort):
			var items []kit.PickItem
			for _, so := range model.OrderSorts {
				items = append(items, kit.NewPickItem(string(so), "", so.Text().In(o.s.Lang), ""))
			}
			o.pick = kit.NewPicker(o.s.Lang, o.s.T("ui.order.pick_sort"), items, "")
			o.picked = func(v string) { o.sort = model.OrderSort(v) }
			return o.pick.Focus()
		case key.Matches(km, o.keys.Customer):
			items := []kit.PickItem{kit.NewPickItem("", "", o.s.T("ui.order.all_customers"), "")}
			for _, c := range sortedCustomers(o.names) {
				items = append(items, kit.NewPickItem(strconv.FormatUint(c.ID, 10), c.Code, c.Name, ""))
			}
			o.pick = kit.NewPicker(o.s.Lang, o.s.T("ui.order.pick_customer"), items, "")
			o.picked = func(v string) { o.customer, _ = strconv.ParseUint(v, 10, 64) }
			return o.pick.Focus()
		case key.Matches(km, o.keys.Product):
			items := []kit.PickItem{kit.NewPickItem("", "", o.s.T("ui.order.all_products"), "")}
			for _, p := range sortedProducts(o.names) {
				items = append(items, kit.NewPickItem(p.Code, p.Code, p.Name, p.Spec))
			}
			o.pick = kit.NewPicker(o.s.Lang, o.s.T("ui.order.pick_product"), items, "")
			o.picked = func(v string) { o.product = v }
			return o.pick.Focus()
		case key.Matches(km, o.keys.Dates):
			o.dates = kit.NewForm(o.s.Lang, o.s.T("ui.order.dates_title"),
				kit.TextField("from", o.s.T("ui.order.dates_from"), 20), kit.TextField("to", o.s.T("ui.order.dates_to"), 20))
			if !o.from.IsZero() {
				o.dates.SetText("from", o.from.String())
			}
			if !o.to.IsZero() {
				o.dates.SetText("to", o.to.String())
			}
			o.dates.Note = o.s.T("ui.order.dates_note")
			o.dates.Snapshot()
			return o.dates.Focus()
		case key.Matches(km, o.keys.New):
			if !model.Can(o.s.User, model.ActOrderEdit) {
				o.s.Fail(model.Forbidden(model.ActOrderEdit))
				return nil
			}
			o.entry = newOrderForm(o.s)
			o.mode = ordersNew
			return o.entry.Focus()
		case key.Matches(km, o.keys.KPI):
			o.kpi, o.mode = newKPIPanel(o.s), ordersKPI
			return nil
		case key.Matches(km, o.keys.Mine):
			o.mine = !o.mine
			o.loadRows()
			return nil
		case km.String() == "enter":
			if id := lineID(o.list.SelectedID()); id != 0 {
				return o.Update(kit.OpenMsg{ID: id})
			}
			return nil
		}
	}
	_, cmd, err := o.list.Update(msg)
	if err != nil {
		o.s.Fail(err)
	}
	return cmd
}

// updateDates runs the form of the requested dates: empty is open, a
// bad or reversed date is refused at its field.
func (o *orders) updateDates(msg tea.Msg) tea.Cmd {
	res, cmd := o.dates.Update(msg)
	switch res {
	case kit.FormCancel:
		o.dates = nil
	case kit.FormSubmit:
		var from, to model.Date
		errs := map[string]string{}
		for name, d := range map[string]*model.Date{"from": &from, "to": &to} {
			if text := o.dates.Text(name); text != "" {
				var err error
				if *d, err = model.ParseDate(text); err != nil {
					errs[name] = model.ErrorMessage(err, o.s.Lang)
				}
			}
		}
		if len(errs) == 0 && !from.IsZero() && !to.IsZero() && to.Before(from) {
			errs["to"] = o.s.T("val.range_reversed", from.String(), to.String())
		}
		if len(errs) > 0 {
			o.dates.SetErrors(errs)
			return cmd
		}
		o.dates, o.from, o.to = nil, from, to
		if err := o.list.SetSearch(o.list.Search()); err != nil {
			o.s.Fail(err)
		}
	}
	return cmd
}

// dateOrDots is d, or "…" for an open bound.
func dateOrDots(d model.Date) string {
	if d.IsZero() {
		return "…"
	}
	return d.String()
}

// sortedCustomers and sortedProducts are the names read, by code.
func sortedCustomers(n kit.MasterNames) []*model.Customer {
	out := make([]*model.Customer, 0, len(n.Customers))
	for _, c := range n.Customers {
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b *model.Customer) int { return strings.Compare(a.Code, b.Code) })
	return out
}

func sortedProducts(n kit.MasterNames) []*model.Product {
	out := make([]*model.Product, 0, len(n.Products))
	for _, p := range n.Products {
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, b *model.Product) int { return strings.Compare(a.Code, b.Code) })
	return out
}

func (o *orders) updateEntry(msg tea.Msg) tea.Cmd {
	res, cmd := o.entry.Update(msg)
	switch res {
	case kit.FormCancel:
		o.entry = nil
		o.toList()
		o.s.Info(o.s.T("app.cancelled"))
	case kit.FormSubmit:
		saved := o.entry.saved
		o.mode, o.entry = ordersList, nil
		o.Reload()
		if saved != nil && len(saved.Lines) > 0 {
			o.list.Select(strconv.FormatUint(saved.Lines[0].ID, 10))
		}
	}
	return cmd
}

func (o *orders) View(width, height int) string {
	switch o.mode {
	case ordersKPI:
		return o.kpi.view(width)
	case ordersNew:
		return o.entry.View(width, height)
	case ordersDetail:
		return o.detail.view(width, height, o.names.CustomerName, o.names.Product)
	}
	if o.dates != nil {
		return o.dates.View(o.s.St, width, height)
	}
	if o.pick != nil {
		return o.pick.View(o.s.St, width, height)
	}
	// Where the cursor is comes first: the filters after it are cut on a
	// narrow terminal, the count never.
	var head []string
	if row, total := o.list.Position(); total > 0 {
		head = append(head, o.s.T("ui.order.position", row, total))
	}
	switch {
	case o.mine:
		head = append(head, o.s.T("ui.order.mine"))
	case o.status == "" && o.customer == 0 && o.product == "" && o.from.IsZero() && o.to.IsZero():
		head = append(head, o.s.T("ui.order.all"))
	}
	if o.status != "" {
		head = append(head, o.s.T("ui.order.only_status", o.s.Status(o.status)))
	}
	if c := o.names.Customers[o.customer]; c != nil {
		head = append(head, kit.Line(c.Name))
	}
	if p := o.names.Products[o.product]; p != nil {
		head = append(head, kit.Line(p.Name))
	}
	if !o.from.IsZero() || !o.to.IsZero() {
		head = append(head, o.s.T("ui.order.dates_head", dateOrDots(o.from), dateOrDots(o.to)))
	}
	if o.sort != model.SortNewest {
		head = append(head, o.sort.Text().In(o.s.Lang))
	}
	return o.s.St.Dim.Render(kit.Fit(strings.Join(head, " · "), width, false)) + "\n" + o.list.View(o.s.St, width, height-1, o.s.T("ui.order.empty"))
}

func (o *orders) HelpKeys() []key.Binding {
	switch o.mode {
	case ordersNew:
		return o.entry.HelpKeys()
	case ordersDetail:
		return o.detail.helpKeys()
	}
	if o.mode == ordersKPI {
		return nil
	}
	if o.dates != nil {
		return o.dates.HelpKeys()
	}
	if o.pick != nil {
		return nil // the picker says its keys
	}
	if o.list.Searching() {
		return o.list.HelpKeys()
	}
	return append(o.list.HelpKeys(), o.keys.New, o.keys.Mine, o.keys.Status, o.keys.Customer, o.keys.Product, o.keys.Dates,
		o.keys.Sort, o.keys.KPI)
}
