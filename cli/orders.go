package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"xietong/model"
)

// Orders and production's queue.

var orderCols = []column{
	{name: "order_ref", aliases: []string{"订单号", "参考号", "外部单号"}},
	{name: "order_no", aliases: []string{"单据编号", "订单编号", "K3单号"}, field: "no"},
	{name: "customer", aliases: []string{"客户编码", "客户", "客户代码"}, required: true},
	{name: "received_at", aliases: []string{"接单时间", "下单时间", "订单日期", "单据日期", "日期"}},
	{name: "channel", aliases: []string{"渠道", "来源"}},
	{name: "owner", aliases: []string{"负责人", "业务员", "销售员"}},
	{name: "remarks", aliases: []string{"备注", "摘要"}},
	{name: "product", aliases: []string{"产品编码", "物料编码", "产品", "产品代码"}, required: true},
	{name: "variant", aliases: []string{"型号"}},
	{name: "qty", aliases: []string{"数量"}, required: true},
	{name: "requested_date", aliases: []string{"要求交期", "要求交货日期", "交货日期", "交期"}, required: true},
}

// orderHeaderCols are the columns every row of one order must agree on (or
// leave empty after the first row).
var orderHeaderCols = []string{"order_no", "customer", "received_at", "channel", "owner", "remarks"}

// orderListCols is the header of `orders list --csv`, one row per line.
var orderListCols = []string{"order_no", "order_id", "customer", "customer_name", "received_at", "channel", "owner",
	"remarks", "line_no", "line_id", "product", "variant", "qty", "requested_date", "status", "promised_date",
	"shipped_qty", "reply_due"}

// Queue listing limits.
const (
	defaultQueueLimit = 100
	maxListLimit      = 100_000
	// defaultOrdersLimit is how many orders `orders list` shows without
	// --limit, newest first: a year of a factory's orders is a file of a
	// hundred megabytes.
	defaultOrdersLimit = 1000
)

// importChannel is the channel of imported orders that name none.
const importChannel = "CSV"

// parseStatus reads a line status by its code (sent) or its name in
// either language (待答复, awaiting reply).
func parseStatus(s string) (model.LineStatus, bool) {
	s = strings.TrimSpace(s)
	for _, st := range model.LineStatuses {
		if strings.EqualFold(s, string(st)) || s == st.Text().In(model.LangZH) || strings.EqualFold(s, st.Text().In(model.LangEN)) {
			return st, true
		}
	}
	return "", false
}

func statusCodes() string {
	out := make([]string, len(model.LineStatuses))
	for i, s := range model.LineStatuses {
		out[i] = string(s)
	}
	return strings.Join(out, ", ")
}

// parseLimit reads --limit: a whole number from 1 to maxListLimit.
func parseLimit(p parsed, def int) (int, error) {
	s, ok := p.flags["limit"]
	if !ok {
		return def, nil
	}
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil || n < 1 || n > maxListLimit {
		return 0, model.Errorf(model.EINVALID, "cli.bad_limit", s, maxListLimit)
	}
	return n, nil
}

func checkOrdersList(p parsed) error {
	if err := checkFormat(p); err != nil {
		return err
	}
	if s, ok := p.flags["status"]; ok {
		if _, ok := parseStatus(s); !ok {
			return model.Errorf(model.EINVALID, "cli.bad_status", s, statusCodes())
		}
	}
	_, err := parseLimit(p, 0)
	return err
}

func checkQueue(p parsed) error {
	if err := checkFormat(p); err != nil {
		return err
	}
	_, err := parseLimit(p, defaultQueueLimit)
	return err
}

// queueCols is the header of `queue --csv`.
var queueCols = []string{"rank", "order_no", "order_id", "line_no", "line_id", "customer", "customer_name", "grade",
	"product", "product_name", "variant", "qty", "requested_date", "received_at", "reply_due", "remaining_min",
	"late", "changed", "rank_adjust"}

// customerMap loads every customer by id.
func customerMap(ctx context.Context, e *Env) (map[uint64]*model.Customer, error) {
	list, err := e.Svc.Master.Customers(ctx)
	if err != nil {
		return nil, err
	}
	m := make(map[uint64]*model.Customer, len(list))
	for _, c := range list {
		m[c.ID] = c
	}
	return m, nil
}

// orderJSON is an order as scripts read it: the stored record plus the
// customer's code and name.
type orderJSON struct {
	*model.Order
	CustomerCode string `json:"customer_code"`
	CustomerName string `json:"customer_name"`
}

func toOrderJSON(o *model.Order, customers map[uint64]*model.Customer) orderJSON {
	j := orderJSON{Order: o}
	if c := customers[o.CustomerID]; c != nil {
		j.CustomerCode, j.CustomerName = c.Code, c.Name
	}
	if j.Lines == nil {
		j.Lines = []model.OrderLine{}
	}
	return j
}

// customerText names an order's customer for a table.
func customerText(c *model.Customer, id uint64) string {
	if c == nil {
		return "#" + strconv.FormatUint(id, 10)
	}
	return c.Name
}

// variantOf is a line's product code and, if it has one, its variant by
// name: "P001 带一元标示".
func variantOf(products map[string]*model.Product, code, variant string) string {
	if variant == "" {
		return code
	}
	return code + " " + variantName(products, code, variant)
}

func runOrdersList(ctx context.Context, e *Env, p parsed) error {
	f := model.OrderFilter{}
	f.Limit, _ = parseLimit(p, defaultOrdersLimit)
	if s, ok := p.flags["status"]; ok {
		f.Status, _ = parseStatus(s)
	}
	if code, ok := p.flags["customer"]; ok {
		c, err := e.Svc.Master.CustomerByCode(ctx, strings.TrimSpace(code))
		if err != nil {
			return err
		}
		f.CustomerID = c.ID
	}
	orders, err := e.Svc.Orders.Orders(ctx, f)
	if err != nil {
		return err
	}
	if _, asked := p.flags["limit"]; !asked && len(orders) == f.Limit {
		fmt.Fprintln(e.Stderr, e.t("cli.orders_limited", f.Limit, maxListLimit))
	}
	customers, err := customerMap(ctx, e)
	if err != nil {
		return err
	}
	products, err := productMap(ctx, e)
	if err != nil {
		return err
	}
	// With --status, only the lines in that status are shown.
	if f.Status != "" {
		for i, o := range orders {
			c := *o
			c.Lines = nil
			for _, l := range o.Lines {
				if l.Status == f.Status {
					c.Lines = append(c.Lines, l)
				}
			}
			orders[i] = &c
		}
	}
	loc := e.Svc.Clock.Loc
	switch outFormat(p) {
	case fmtJSON:
		out := make([]orderJSON, len(orders))
		for i, o := range orders {
			out[i] = toOrderJSON(o, customers)
		}
		return writeJSON(e.Stdout, out)
	case fmtCSV, fmtXLSX:
		sh := &sheet{name: "orders", cols: orderListCols}
		for _, o := range orders {
			code, name := "", ""
			if c := customers[o.CustomerID]; c != nil {
				code, name = c.Code, c.Name
			}
			for _, l := range o.Lines {
				sh.add(txt(o.No), num(o.ID), txt(code), txt(name),
					timeCell(o.ReceivedAt, loc, time.RFC3339), txt(o.Channel), txt(o.Owner), txt(o.Remarks),
					num(l.LineNo), num(l.ID), txt(l.ProductCode), txt(variantName(products, l.ProductCode, l.Variant)),
					num(l.Qty), dateCell(l.RequestedDate), txt(l.Status.Text().In(e.Lang)),
					dateCell(l.PromisedDate), num(l.ShippedQty), timeCell(l.ReplyDue, loc, time.RFC3339))
			}
		}
		return writeSheet(e, p, sh)
	}
	var rows [][]string
	for _, o := range orders {
		for _, l := range o.Lines {
			rows = append(rows, []string{o.No, strconv.Itoa(l.LineNo), customerText(customers[o.CustomerID], o.CustomerID),
				o.ReceivedAt.In(loc).Format("2006-01-02 15:04"), variantOf(products, l.ProductCode, l.Variant),
				strconv.FormatInt(l.Qty, 10), l.RequestedDate.String(), l.Status.Text().In(e.Lang),
				l.PromisedDate.String(), o.Owner})
		}
	}
	writeTable(e.Stdout, []string{e.t("cli.col.order_no"), e.t("cli.col.line"), e.t("field.customer"),
		e.t("field.received_at"), e.t("field.product"), e.t("field.qty"), e.t("field.requested_date"),
		e.t("cli.col.status"), e.t("field.promised_date"), e.t("field.owner")}, rows)
	return nil
}

// findOrder reads an order by numeric id or by number (SO-20261126-0001).
func findOrder(ctx context.Context, e *Env, ref string) (*model.Order, error) {
	ref = strings.TrimSpace(ref)
	if id, err := strconv.ParseUint(ref, 10, 64); err == nil {
		return e.Svc.Orders.Order(ctx, id)
	}
	return e.Svc.Orders.OrderByNo(ctx, ref)
}

func runOrdersShow(ctx context.Context, e *Env, p parsed) error {
	o, err := findOrder(ctx, e, p.pos[0])
	if err != nil {
		return err
	}
	c, err := e.Svc.Master.Customer(ctx, o.CustomerID)
	if err != nil && model.ErrorCode(err) != model.ENOTFOUND {
		return err
	}
	if p.has("json") {
		return writeJSON(e.Stdout, toOrderJSON(o, map[uint64]*model.Customer{o.CustomerID: c}))
	}
	products, err := productMap(ctx, e)
	if err != nil {
		return err
	}
	loc := e.Svc.Clock.Loc
	at := func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(loc).Format("2006-01-02 15:04")
	}
	cust := customerText(c, o.CustomerID)
	if c != nil {
		cust += e.t("cli.show.customer_of", c.Code, string(o.CustomerGrade))
	}
	fmt.Fprintln(e.Stdout, e.t("cli.show.order", o.No, o.ID, o.Version))
	head := [][]string{
		{"  " + e.t("field.customer"), cust},
		{"  " + e.t("field.received_at"), at(o.ReceivedAt)},
		{"  " + e.t("field.channel"), o.Channel},
		{"  " + e.t("field.owner"), o.Owner},
		{"  " + e.t("field.remarks"), o.Remarks},
	}
	writeTable(e.Stdout, head[0], head[1:])
	now := e.Svc.Clock.Now()
	for i := range o.Lines {
		l := &o.Lines[i]
		fmt.Fprintln(e.Stdout)
		name, unit := "", ""
		if x := products[l.ProductCode]; x != nil {
			name, unit = x.Name, x.Unit
		}
		fmt.Fprintln(e.Stdout, safe(e.t("cli.show.line", l.LineNo, variantOf(products, l.ProductCode, l.Variant), name, l.Qty, unit, l.ID)))
		status := l.Status.Text().In(e.Lang)
		if l.Changed {
			status += e.t("cli.show.changed")
		}
		rows := [][]string{
			{"    " + e.t("cli.col.status"), status},
			{"    " + e.t("field.requested_date"), l.RequestedDate.String()},
		}
		if !l.PromisedDate.IsZero() {
			rows = append(rows, []string{"    " + e.t("field.promised_date"), l.PromisedDate.String()})
		}
		if !l.ReplyDue.IsZero() {
			rows = append(rows, []string{"    " + e.t("cli.col.reply_due"), dueText(l.ReplyDue, loc, "2006-01-02 15:04") + "  " + replyText(e, l, now)})
		}
		if l.Question != "" {
			rows = append(rows, []string{"    " + e.t("field.question"), l.Question})
		}
		if l.RiskReason != "" {
			rows = append(rows, []string{"    " + e.t("field.reason"), l.RiskReason},
				[]string{"    " + e.t("field.risk_date"), l.RiskDate.String()})
		}
		if l.RankAdjust != 0 {
			rows = append(rows, []string{"    " + e.t("field.rank_adjust"), strconv.Itoa(l.RankAdjust)})
		}
		if l.ShippedQty > 0 || len(l.Shipments) > 0 {
			rows = append(rows, []string{"    " + e.t("cli.col.shipped"), e.t("cli.show.shipped", l.ShippedQty, l.Qty)})
			for _, s := range l.Shipments {
				rows = append(rows, []string{"", e.t("cli.show.shipment", s.Qty, s.Date.String(), s.By)})
			}
		}
		writeTable(e.Stdout, rows[0], rows[1:])
		if len(l.History) == 0 {
			continue
		}
		fmt.Fprintln(e.Stdout, "    "+e.t("cli.show.history"))
		hist := make([][]string, len(l.History))
		for j, ev := range l.History {
			detail := ev.Text
			if ev.Before != "" || ev.After != "" {
				before, after := instantText(ev.Before, loc), instantText(ev.After, loc)
				change := before + " → " + after
				if before == "" {
					change = after
				}
				detail = strings.TrimSpace(detail + "  " + change)
			}
			hist[j] = []string{"      " + at(ev.At), ev.By, ev.Kind.Text().In(e.Lang), detail}
		}
		writeTable(e.Stdout, hist[0], hist[1:])
	}
	return nil
}

// dueText formats a deadline in the factory zone; a deadline at midnight
// is shown as 24:00 of the day it ends ("2026-11-27 24:00", not
// "2026-11-28 00:00"), as people say it.
func dueText(t time.Time, loc *time.Location, layout string) string {
	t = t.In(loc)
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 && strings.HasSuffix(layout, "15:04") {
		s := t.Add(-time.Minute).Format(layout)
		return s[:len(s)-5] + "24:00"
	}
	return t.Format(layout)
}

// instantText shows a history value that is an instant (the reply deadline
// of a sending, stored as RFC 3339 UTC) in the factory zone; other values
// as they are.
func instantText(s string, loc *time.Location) string {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return dueText(t, loc, "2006-01-02 15:04")
	}
	return s
}

// replyText says how a line stands against its reply deadline: time left,
// late by how much, or replied on time / late.
func replyText(e *Env, l *model.OrderLine, now time.Time) string {
	remaining, late := model.ReplyState(l, now)
	switch {
	case l.ReplyDue.IsZero():
		return ""
	case !l.RepliedAt.IsZero() && late:
		return e.t("cli.q.replied_late", duration(e, -remaining))
	case !l.RepliedAt.IsZero():
		return e.t("cli.q.replied_on_time")
	case late:
		return e.t("cli.q.late", duration(e, -remaining))
	}
	return e.t("cli.q.left", duration(e, remaining))
}

// duration writes d for people: 1d 3h, 3h 20m, 45m.
func duration(e *Env, d time.Duration) string {
	if d < 0 {
		d = -d
	}
	d = d.Round(time.Minute)
	days, hours, mins := int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour), int(d%time.Hour/time.Minute)
	switch {
	case days > 0:
		return e.t("cli.dur.dh", days, hours)
	case hours > 0:
		return e.t("cli.dur.hm", hours, mins)
	}
	return e.t("cli.dur.m", mins)
}

// queueJSON is one line of production's queue.
type queueJSON struct {
	Rank          int    `json:"rank"`
	OrderID       uint64 `json:"order_id"`
	OrderNo       string `json:"order_no"`
	LineID        uint64 `json:"line_id"`
	LineNo        int    `json:"line_no"`
	CustomerCode  string `json:"customer_code"`
	CustomerName  string `json:"customer_name"`
	Grade         string `json:"grade"`
	Product       string `json:"product"`
	ProductName   string `json:"product_name"`
	Variant       string `json:"variant"`
	Qty           int64  `json:"qty"`
	RequestedDate string `json:"requested_date"`
	ReceivedAt    string `json:"received_at"`
	ReplyDue      string `json:"reply_due,omitempty"`
	RemainingSecs int64  `json:"remaining_seconds"` // negative once late
	Late          bool   `json:"late"`
	Changed       bool   `json:"changed"`
	RankAdjust    int    `json:"rank_adjust"`
	Version       uint64 `json:"version"`
}

type queuePageJSON struct {
	Total   int         `json:"total"`
	Entries []queueJSON `json:"entries"`
}

func runQueue(ctx context.Context, e *Env, p parsed) error {
	limit, _ := parseLimit(p, defaultQueueLimit)
	page, err := e.Svc.Orders.Queue(ctx, 0, limit)
	if err != nil {
		return err
	}
	customers, err := customerMap(ctx, e)
	if err != nil {
		return err
	}
	products, err := productMap(ctx, e)
	if err != nil {
		return err
	}
	loc := e.Svc.Clock.Loc
	now := e.Svc.Clock.Now()
	out := queuePageJSON{Total: page.Total, Entries: make([]queueJSON, 0, len(page.Entries))}
	for _, q := range page.Entries {
		o, l := q.Order, q.Line
		j := queueJSON{Rank: q.Rank, OrderID: o.ID, OrderNo: o.No, LineID: l.ID, LineNo: l.LineNo,
			Grade: string(o.CustomerGrade), Product: l.ProductCode, Variant: l.Variant, Qty: l.Qty,
			RequestedDate: l.RequestedDate.String(), ReceivedAt: o.ReceivedAt.In(loc).Format(time.RFC3339),
			Changed: l.Changed, RankAdjust: l.RankAdjust, Version: l.Version}
		if c := customers[o.CustomerID]; c != nil {
			j.CustomerCode, j.CustomerName = c.Code, c.Name
		}
		if x := products[l.ProductCode]; x != nil {
			j.ProductName = x.Name
		}
		if !l.ReplyDue.IsZero() {
			remaining, late := model.ReplyState(l, now)
			j.ReplyDue, j.RemainingSecs, j.Late = l.ReplyDue.In(loc).Format(time.RFC3339), int64(remaining/time.Second), late
		}
		out.Entries = append(out.Entries, j)
	}
	switch outFormat(p) {
	case fmtJSON:
		return writeJSON(e.Stdout, out)
	case fmtCSV, fmtXLSX:
		sh := &sheet{name: "queue", cols: queueCols}
		for i, q := range page.Entries {
			j, l := out.Entries[i], q.Line
			remaining := cell{}
			if j.ReplyDue != "" {
				remaining = num(j.RemainingSecs / 60)
			}
			sh.add(num(j.Rank), txt(j.OrderNo), num(j.OrderID), num(j.LineNo), num(j.LineID), txt(j.CustomerCode),
				txt(j.CustomerName), txt(j.Grade), txt(j.Product), txt(j.ProductName), txt(variantName(products, j.Product, j.Variant)), num(j.Qty),
				dateCell(l.RequestedDate), timeCell(q.Order.ReceivedAt, loc, time.RFC3339), timeCell(l.ReplyDue, loc, time.RFC3339),
				remaining, boolCell(j.Late, strconv.FormatBool(j.Late)), boolCell(j.Changed, strconv.FormatBool(j.Changed)), num(j.RankAdjust))
		}
		return writeSheet(e, p, sh)
	}
	rows := make([][]string, len(page.Entries))
	for i, q := range page.Entries {
		j, l := out.Entries[i], q.Line
		var marks []string
		if l.RankAdjust < 0 {
			marks = append(marks, e.t("cli.q.expedited"))
		} else if l.RankAdjust > 0 {
			marks = append(marks, e.t("cli.q.deferred"))
		}
		if l.Changed {
			marks = append(marks, e.t("cli.q.changed"))
		}
		due := ""
		if !l.ReplyDue.IsZero() {
			due = dueText(l.ReplyDue, loc, "01-02 15:04")
		}
		rows[i] = []string{strconv.Itoa(j.Rank), j.OrderNo, customerText(customers[q.Order.CustomerID], q.Order.CustomerID),
			j.Grade, j.Product, j.ProductName, variantName(products, j.Product, j.Variant), strconv.FormatInt(j.Qty, 10), j.RequestedDate, due,
			replyText(e, l, now), strings.Join(marks, " ")}
	}
	writeTable(e.Stdout, []string{e.t("cli.col.rank"), e.t("cli.col.order_no"), e.t("field.customer"), e.t("field.grade"),
		e.t("field.product"), e.t("cli.col.name"), e.t("field.variant"), e.t("field.qty"), e.t("field.requested_date"),
		e.t("cli.col.reply_due"), e.t("cli.col.remaining"), e.t("cli.col.mark")}, rows)
	if page.Total > len(page.Entries) {
		fmt.Fprintln(e.Stdout, e.t("cli.q.more", len(page.Entries), page.Total))
	}
	return nil
}

// --- orders import ---

func runOrdersImport(ctx context.Context, e *Env, _ parsed) error {
	orders, lines, at, err := parseOrders(ctx, e)
	if err != nil {
		return err
	}
	if err := e.Svc.Orders.ImportOrders(ctx, e.User, orders); err != nil {
		return at.translate(err)
	}
	fmt.Fprintln(e.Stdout, e.t("cli.imported_orders", lines, len(orders)))
	return nil
}

// orderGroup is an order being built from the rows of one order_ref.
type orderGroup struct {
	order *model.Order
	line  int               // line of its first row
	lines []int             // line of each order line
	head  map[string]string // header values of its first row
}

// parseOrders reads and checks an orders CSV. Rows with the same order_ref
// (or, without that column, the same order_no) form one order whose header
// values come from its first row (later rows repeat them or leave them
// empty). An order_no (e.g. the K3 number) is kept as the order's number;
// without one the store numbers the order. Lines are built as entered and
// submitted by the importing person, now.
func parseOrders(ctx context.Context, e *Env) ([]*model.Order, int, *storeRows, error) {
	in, err := openCSV(e, orderCols)
	if err != nil {
		return nil, 0, nil, err
	}
	t := in.t
	group := "order_ref"
	if !t.has(group) {
		if !t.has("order_no") {
			return nil, 0, nil, &headerError{parts: []model.Text{model.T("cli.csv.missing_cols", "order_ref")}, cols: orderCols}
		}
		group = "order_no"
	}
	custList, err := e.Svc.Master.Customers(ctx)
	if err != nil {
		return nil, 0, nil, err
	}
	customers := make(map[string]*model.Customer, len(custList))
	for _, c := range custList {
		customers[c.Code] = c
	}
	products, err := productMap(ctx, e)
	if err != nil {
		return nil, 0, nil, err
	}
	lookup := byCode(products)
	owners := map[string]bool{e.User.Login: true}
	ownerKnown := func(login string) bool {
		if known, ok := owners[login]; ok {
			return known
		}
		_, err := e.Svc.Users.User(ctx, login)
		owners[login] = err == nil
		return err == nil
	}

	by, cal := e.User, e.Svc.Calendar
	now := e.Svc.Clock.Now()
	today := cal.DateOf(now)
	ch := newChecker(t)
	groups := map[string]*orderGroup{}
	numbers := map[string]int{} // order_no -> line of the order that has it
	var order []*orderGroup
	nLines := 0
	for r := range in.rows(ch) {
		ch.row(r.line)
		ch.text(r, "order_ref", "order_no", "customer", "received_at", "channel", "owner", "remarks", "product", "variant", "qty", "requested_date")
		ref := r.get(group)
		v := model.Invalid{}
		model.ValidateText(v, group, ref, true, maxOrderRef, false)
		ch.addErr(group, v.Err())

		g := groups[ref]
		if g == nil && ref != "" {
			g = &orderGroup{line: r.line, head: map[string]string{}}
			for _, c := range orderHeaderCols {
				g.head[c] = r.get(c)
			}
			g.order = orderHeader(ch, r, customers, ownerKnown, by, now)
			if no := g.order.No; no != "" {
				if first, dup := numbers[no]; dup {
					ch.add("order_no", "cli.val.dup", first)
				} else {
					numbers[no] = r.line
				}
			}
			groups[ref] = g
			order = append(order, g)
		} else if g != nil {
			for _, c := range orderHeaderCols {
				if val := r.get(c); val != "" && val != g.head[c] {
					ch.add(c, "cli.val.differs", g.line)
				}
			}
			if len(g.order.Lines) >= model.MaxOrderLines {
				ch.add("order_ref", "val.too_many_lines", model.MaxOrderLines)
			}
		}

		in := model.LineInput{ProductCode: r.get("product"), Variant: r.get("variant")}
		var qtyErr, dateErr error
		in.Qty, qtyErr = model.ParseQty(r.get("qty"))
		in.RequestedDate, dateErr = model.ParseDate(r.get("requested_date"))
		ch.addErr("qty", qtyErr)
		ch.addErr("requested_date", dateErr)
		if err := in.Validate(today, lookup); err != nil {
			ch.addErr("", err)
		}
		if !ch.ok() || g == nil {
			continue
		}
		l, err := model.NewLine(by, now, cal, in, lookup)
		if err == nil {
			err = l.Submit(by, now, cal)
		}
		if err != nil { // checked above; kept for safety
			ch.row(r.line)
			ch.addErr("", err)
			ch.ok()
			continue
		}
		l.LineNo = len(g.order.Lines) + 1
		g.order.Lines = append(g.order.Lines, *l)
		g.lines = append(g.lines, r.line)
		nLines++
	}
	if err := in.done(); err != nil {
		return nil, 0, nil, err
	}
	if err := ch.err(); err != nil {
		return nil, 0, nil, err
	}
	out := make([]*model.Order, len(order))
	at := &storeRows{ch: ch}
	for i, g := range order {
		out[i] = g.order
		at.rows = append(at.rows, g.line)
		at.lines = append(at.lines, g.lines)
	}
	return out, nLines, at, nil
}

// orderHeader builds and checks the header of a new order from its first
// row: customer by code, received time (now when empty), channel (CSV when
// empty), owner (the importing person when empty), remarks.
func orderHeader(ch *checker, r csvRow, customers map[string]*model.Customer, ownerKnown func(string) bool,
	by *model.User, now time.Time) *model.Order {
	o := &model.Order{No: r.get("order_no"), Channel: r.get("channel"), Owner: r.get("owner"), Remarks: r.get("remarks"), ReceivedAt: now.UTC()}
	if o.No != "" {
		v := model.Invalid{}
		model.ValidateCode(v, "no", o.No)
		if len(v) == 0 && strings.Trim(o.No, "0123456789") == "" {
			v.Add("no", "cli.val.no_digits")
		}
		ch.addErr("order_no", v.Err())
	}
	if o.Channel == "" {
		o.Channel = importChannel
	}
	if o.Owner == "" {
		o.Owner = by.Login
	} else {
		v := model.Invalid{}
		model.ValidateLogin(v, o.Owner)
		if len(v) > 0 {
			ch.addErr("owner", v.Err())
		} else if !ownerKnown(o.Owner) {
			ch.add("owner", "err.no_account", o.Owner)
		}
	}
	if code := r.get("customer"); code != "" {
		if c := customers[code]; c != nil {
			o.CustomerID, o.CustomerGrade = c.ID, c.Grade
		} else {
			ch.add("customer", "cli.val.unknown_customer", code)
		}
	}
	if s := r.get("received_at"); s != "" {
		t, err := parseReceived(s, now)
		if err != nil {
			ch.addErr("received_at", err)
		} else {
			o.ReceivedAt = t.UTC()
		}
	}
	// A column already reported (an unknown customer) gets no second message.
	ch.addErr("", o.Validate())
	return o
}

// parseReceived reads when an order was received: RFC 3339, or a date
// (model.ParseDate) optionally followed by a time 15:04 or 15:04:05 in the
// factory zone (now's location). The future is refused.
func parseReceived(s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		if t.After(now.Add(time.Minute)) {
			return time.Time{}, model.Errorf(model.EINVALID, "cli.val.future", now.Format("2006-01-02 15:04"))
		}
		return t, nil
	}
	fields := strings.Fields(strings.Replace(s, "T", " ", 1))
	if len(fields) == 0 || len(fields) > 2 {
		return time.Time{}, model.Errorf(model.EINVALID, "cli.val.datetime")
	}
	d, err := model.ParseDate(fields[0])
	if err != nil {
		return time.Time{}, err
	}
	var hms [3]int
	if len(fields) == 2 {
		parts := strings.Split(strings.ReplaceAll(fields[1], "：", ":"), ":")
		if len(parts) < 2 || len(parts) > 3 {
			return time.Time{}, model.Errorf(model.EINVALID, "cli.val.datetime")
		}
		limits := [3]int{23, 59, 59}
		for i, p := range parts {
			n, err := strconv.Atoi(p)
			if err != nil || n < 0 || n > limits[i] || utf8.RuneCountInString(p) > 2 || p == "" || strings.ContainsAny(p, "+-") {
				return time.Time{}, model.Errorf(model.EINVALID, "cli.val.datetime")
			}
			hms[i] = n
		}
	}
	t := time.Date(d.Y, d.M, d.D, hms[0], hms[1], hms[2], 0, now.Location())
	if t.After(now.Add(time.Minute)) {
		return time.Time{}, model.Errorf(model.EINVALID, "cli.val.future", now.Format("2006-01-02 15:04"))
	}
	return t, nil
}
