package tui

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"xietong/model"
)

// orderSections are the sections of orders: the list and master data for
// sales, the reply queue for production.
func orderSections() []section {
	return []section{
		{key: "sec.orders", code: "orders", group: "grp.sales", make: func(s *Session) Screen { return newOrders(s) },
			wants:  model.KindSet(model.KindOrder, model.KindLine, model.KindCustomer, model.KindProduct),
			alerts: []liveAlert{{model.KindLine, lineAlert}}},
		{key: "sec.master", code: "master", group: "grp.sales", make: func(s *Session) Screen { return newMaster(s) },
			wants: model.KindSet(model.KindCustomer, model.KindProduct, model.KindStock)},
		{key: "sec.queue", code: "queue", group: "grp.production", make: func(s *Session) Screen { return newQueue(s) },
			wants: model.KindSet(model.KindLine, model.KindOrder, model.KindCustomer, model.KindProduct, model.KindStock)},
	}
}

// lineAlert words a change of an order line for this person, unless it
// is not theirs to hear about: sales hear about replies to their orders,
// production about lines sent, changed or clarified for it. The line is
// read only for someone who may hear about it.
func lineAlert(s *Session, e model.Event) (alert, bool) {
	me := s.User
	switch model.EventKind(e.Action) {
	case model.EvAnswer, model.EvUnclear, model.EvRisk, model.EvSubmit:
		if !slices.Contains(e.For, me.Login) && !model.Can(me, model.ActOrderReview) {
			return alert{}, false
		}
	case model.EvSend, model.EvClarify, model.EvChange:
		if !model.Can(me, model.ActOrderReply) {
			return alert{}, false
		}
	default:
		return alert{}, false
	}
	ord, l, err := s.Svc.Orders.Line(s.Ctx, e.ID)
	if err != nil {
		return alert{}, false
	}
	ref := fmt.Sprintf("%s/%d", ord.No, l.LineNo)
	who := Line(s.Who(e.Actor))
	switch model.EventKind(e.Action) {
	case model.EvAnswer:
		if ord.Owner == me.Login || model.Can(me, model.ActOrderReview) {
			return alert{text: s.T("live.answer", ref, Date(l.PromisedDate), who), level: statusAlert}, true
		}
	case model.EvUnclear:
		if ord.Owner == me.Login || model.Can(me, model.ActOrderReview) {
			return alert{text: s.T("live.unclear", ref, Line(l.Question), who), level: statusAlert}, true
		}
	case model.EvRisk:
		if l.AnomalyID != 0 {
			return alert{}, false // the anomaly's own alert says it, with more
		}
		if ord.Owner == me.Login || model.Can(me, model.ActOrderReview) {
			return alert{text: s.T("live.risk", ref, Date(l.RiskDate), who), level: statusAlert}, true
		}
	case model.EvSend, model.EvClarify, model.EvChange:
		if model.Can(me, model.ActOrderReply) {
			return alert{text: s.T("live."+e.Action, ref, who), level: statusAlert}, true
		}
	case model.EvSubmit:
		if model.Can(me, model.ActOrderReview) {
			return alert{text: s.T("live.submit", ref, who), level: statusAlert}, true
		}
	}
	return alert{}, false
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
	s      *Session
	mode   ordersMode
	list   *PagedList
	mine   bool
	status model.LineStatus // the list narrowed to one status ("" all)
	sort   model.OrderSort  // the list's order ("" newest first)
	// The list narrowed to one customer (0 all), one product ("" all) and
	// requested dates from..to (zero: open).
	customer uint64
	product  string
	from, to model.Date
	dates    *Form   // asking the range of requested dates
	pick     *picker // choosing the status, the order, a customer or a product
	picked   func(value string)
	names    masterNames
	detail   *lineDetail
	entry    *orderForm
	kpi      *kpiPanel
	keys     ordersKeys
	stale    bool // the list missed a reload while not on screen
}

type ordersKeys struct{ New, Mine, Status, Sort, KPI, Customer, Product, Dates key.Binding }

func newOrders(s *Session) *orders {
	o := &orders{s: s, detail: newLineDetail(s, false)}
	return o
}

func (o *orders) Title() string { return o.s.T("sec.orders") }

func (o *orders) columns() []Column {
	t := o.s.T
	return []Column{
		{Title: t("ui.order.col_no"), Width: 19},
		{Title: t("ui.order.col_customer")},
		{Title: t("ui.order.col_product"), Width: 16},
		{Title: t("ui.order.col_qty"), Width: 6, Right: true},
		{Title: t("ui.order.col_requested"), Width: 10, Optional: true},
		{Title: t("ui.order.col_status"), Width: 9},
		{Title: t("ui.order.col_promised"), Width: 10, Optional: true},
	}
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
	if o.list == nil || o.list.lang != o.s.Lang {
		o.list = NewPagedList(o.s.Lang, o.columns(), o.fetch, t("ui.order.search"))
	}
	o.stale = false
	o.names = loadMaster(o.s)
	if err := o.list.Reload(); err != nil {
		o.s.Fail(err)
	}
}

// fetch reads a window of the list from the store: every line on file,
// mine only when asked, matching the search.
func (o *orders) fetch(search string, offset, limit int) ([]Row, int, error) {
	q := model.OrderQuery{Search: search, Status: o.status, Sort: o.sort, Customer: o.customer, Product: o.product,
		From: o.from, To: o.to, Offset: offset, Limit: limit}
	if o.mine {
		q.Owner = o.s.User.Login
	}
	page, err := o.s.Svc.Orders.OrderRows(o.s.Ctx, q)
	if err != nil {
		return nil, 0, err
	}
	rows := make([]Row, len(page.Rows))
	for i := range page.Rows {
		rows[i] = o.row(&page.Rows[i])
	}
	return rows, page.Total, nil
}

func (o *orders) row(l *model.OrderRow) Row {
	status := o.s.Status(l.Status)
	if l.Changed && l.Status == model.LineSent {
		status += "*"
	}
	r := Row{ID: strconv.FormatUint(l.LineID, 10), Cells: []string{
		fmt.Sprintf("%s/%d", l.No, l.LineNo),
		fmt.Sprintf("%s (%s)", o.names.customerName(l.CustomerID), l.Grade),
		o.names.listProduct(l.Product, l.Variant),
		fmtInt(l.Qty),
		Date(l.Requested),
		status,
		Date(l.Promised),
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
	if m, ok := msg.(openMsg); ok {
		if o.Dirty() {
			return nil
		}
		if o.detail.load(m.id) {
			o.mode = ordersDetail
			o.list.Select(strconv.FormatUint(m.id, 10))
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
		done, chosen, cmd := o.pick.update(msg)
		if done {
			o.pick = nil
			if chosen != nil {
				o.picked(chosen.value)
				if err := o.list.setSearch(o.list.Search()); err != nil {
					o.s.Fail(err)
				}
			}
		}
		return cmd
	}
	if km, ok := msg.(tea.KeyPressMsg); ok && !o.list.Searching() {
		switch {
		case key.Matches(km, o.keys.Status):
			items := []pickItem{newPickItem("", "", o.s.T("ui.order.all_statuses"), "")}
			for _, st := range model.LineStatuses {
				items = append(items, newPickItem(string(st), "", o.s.Status(st), ""))
			}
			o.pick = newPicker(o.s.Lang, o.s.T("ui.order.pick_status"), items, "")
			o.picked = func(v string) { o.status = model.LineStatus(v) }
			return o.pick.focus()
		case key.Matches(km, o.keys.Sort):
			var items []pickItem
			for _, so := range model.OrderSorts {
				items = append(items, newPickItem(string(so), "", so.Text().In(o.s.Lang), ""))
			}
			o.pick = newPicker(o.s.Lang, o.s.T("ui.order.pick_sort"), items, "")
			o.picked = func(v string) { o.sort = model.OrderSort(v) }
			return o.pick.focus()
		case key.Matches(km, o.keys.Customer):
			items := []pickItem{newPickItem("", "", o.s.T("ui.order.all_customers"), "")}
			for _, c := range sortedCustomers(o.names) {
				items = append(items, newPickItem(strconv.FormatUint(c.ID, 10), c.Code, c.Name, ""))
			}
			o.pick = newPicker(o.s.Lang, o.s.T("ui.order.pick_customer"), items, "")
			o.picked = func(v string) { o.customer, _ = strconv.ParseUint(v, 10, 64) }
			return o.pick.focus()
		case key.Matches(km, o.keys.Product):
			items := []pickItem{newPickItem("", "", o.s.T("ui.order.all_products"), "")}
			for _, p := range sortedProducts(o.names) {
				items = append(items, newPickItem(p.Code, p.Code, p.Name, p.Spec))
			}
			o.pick = newPicker(o.s.Lang, o.s.T("ui.order.pick_product"), items, "")
			o.picked = func(v string) { o.product = v }
			return o.pick.focus()
		case key.Matches(km, o.keys.Dates):
			o.dates = NewForm(o.s.Lang, o.s.T("ui.order.dates_title"),
				TextField("from", o.s.T("ui.order.dates_from"), 20), TextField("to", o.s.T("ui.order.dates_to"), 20))
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
				return o.Update(openMsg{id: id})
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
	case FormCancel:
		o.dates = nil
	case FormSubmit:
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
		if err := o.list.setSearch(o.list.Search()); err != nil {
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
func sortedCustomers(n masterNames) []*model.Customer {
	out := make([]*model.Customer, 0, len(n.customers))
	for _, c := range n.customers {
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b *model.Customer) int { return strings.Compare(a.Code, b.Code) })
	return out
}

func sortedProducts(n masterNames) []*model.Product {
	out := make([]*model.Product, 0, len(n.products))
	for _, p := range n.products {
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, b *model.Product) int { return strings.Compare(a.Code, b.Code) })
	return out
}

func (o *orders) updateEntry(msg tea.Msg) tea.Cmd {
	res, cmd := o.entry.Update(msg)
	switch res {
	case FormCancel:
		o.entry = nil
		o.toList()
		o.s.Info(o.s.T("app.cancelled"))
	case FormSubmit:
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
		return o.detail.view(width, height, o.names.customerName, o.names.product)
	}
	if o.dates != nil {
		return o.dates.View(o.s.St, width)
	}
	if o.pick != nil {
		return o.pick.view(o.s.St, width, height)
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
	if c := o.names.customers[o.customer]; c != nil {
		head = append(head, Line(c.Name))
	}
	if p := o.names.products[o.product]; p != nil {
		head = append(head, Line(p.Name))
	}
	if !o.from.IsZero() || !o.to.IsZero() {
		head = append(head, o.s.T("ui.order.dates_head", dateOrDots(o.from), dateOrDots(o.to)))
	}
	if o.sort != model.SortNewest {
		head = append(head, o.sort.Text().In(o.s.Lang))
	}
	return o.s.St.Dim.Render(fit(strings.Join(head, " · "), width, false)) + "\n" + o.list.View(o.s.St, width, height-1, o.s.T("ui.order.empty"))
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
