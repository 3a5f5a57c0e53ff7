package store

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"xietong/model"
)

func TestCreateOrderNumbersAndCopiesGrade(t *testing.T) {
	e := newOrdersEnv(t)
	ctx := t.Context()
	due := date(t, "2025-03-20")
	o1 := e.order(t, "CB", line("P1", 100, due), model.OrderLine{ProductCode: "P1", Variant: "mark", Qty: 50, RequestedDate: due})
	if o1.No != "SO-20250303-0001" || o1.CustomerGrade != model.GradeB || o1.Owner != "sales" ||
		!o1.ReceivedAt.Equal(e.clock.Now()) || o1.ID == 0 || o1.Version != 1 {
		t.Fatalf("order %+v", o1)
	}
	for i, l := range o1.Lines {
		if l.LineNo != i+1 || l.OrderID != o1.ID || l.ID == 0 || l.Status != model.LineSubmitted || l.Version != 1 || len(l.History) != 2 {
			t.Fatalf("line %d: %+v", i, l)
		}
	}
	if o1.Lines[0].Variant != "std" || o1.Lines[1].Variant != "mark" {
		t.Fatalf("variants %q %q", o1.Lines[0].Variant, o1.Lines[1].Variant)
	}
	o2, err := e.db.CreateOrder(ctx, e.users["sales"], &model.Order{CustomerID: e.customers["CA"].ID, No: "MINE",
		Owner: "saleslead", Channel: "微信", Lines: []model.OrderLine{line("P2", 10, due)}}, false)
	if err != nil {
		t.Fatal(err)
	}
	if o2.No != "SO-20250303-0002" || o2.CustomerGrade != model.GradeA || o2.Owner != "saleslead" || o2.Lines[0].Status != model.LineDraft {
		t.Fatalf("order %+v", o2)
	}
	e.advance(24 * time.Hour)
	o3 := e.order(t, "CC", line("P2", 10, due))
	if o3.No != "SO-20250304-0001" {
		t.Fatalf("next day numbered %s", o3.No)
	}

	got, err := e.db.OrderByNo(ctx, "SO-20250303-0001")
	if err != nil || got.ID != o1.ID || len(got.Lines) != 2 || got.Lines[1].Variant != "mark" {
		t.Fatalf("by no %+v %v", got, err)
	}
	if got.Remarks != o1.Remarks || !got.ReceivedAt.Equal(o1.ReceivedAt) {
		t.Fatalf("stored header differs: %+v", got)
	}
	if _, err := e.db.OrderByNo(ctx, "SO-1"); model.ErrorCode(err) != model.ENOTFOUND {
		t.Fatalf("unknown no: %v", err)
	}

	ids := func(f model.OrderFilter) []uint64 {
		os, err := e.db.Orders(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var out []uint64
		for _, o := range os {
			out = append(out, o.ID)
		}
		return out
	}
	if got := ids(model.OrderFilter{}); !slices.Equal(got, []uint64{o3.ID, o2.ID, o1.ID}) {
		t.Fatalf("orders %v", got)
	}
	if got := ids(model.OrderFilter{Limit: 2}); !slices.Equal(got, []uint64{o3.ID, o2.ID}) {
		t.Fatalf("limit: %v", got)
	}
	if got := ids(model.OrderFilter{Status: model.LineDraft}); !slices.Equal(got, []uint64{o2.ID}) {
		t.Fatalf("drafts: %v", got)
	}
	if got := ids(model.OrderFilter{CustomerID: e.customers["CB"].ID}); !slices.Equal(got, []uint64{o1.ID}) {
		t.Fatalf("customer: %v", got)
	}
	if got := ids(model.OrderFilter{Owner: "saleslead"}); !slices.Equal(got, []uint64{o2.ID}) {
		t.Fatalf("owner: %v", got)
	}
	lines, err := e.db.Lines(ctx, model.OrderFilter{Status: model.LineSubmitted})
	if err != nil || len(lines) != 2 || lines[0].ID != o1.ID || len(lines[0].Lines) != 2 || lines[1].ID != o3.ID {
		t.Fatalf("lines %+v %v", lines, err)
	}
	if got := e.actions(t, orderRecord(o1.ID)); !slices.Equal(got, []string{"order.create sales"}) {
		t.Fatalf("audit %v", got)
	}
	if got := e.actions(t, lineRecord(o1.Lines[0].ID)); !slices.Equal(got, []string{"line.create sales"}) {
		t.Fatalf("line audit %v", got)
	}
}

func TestCreateOrderFieldErrors(t *testing.T) {
	e := newOrdersEnv(t)
	ctx, sales := t.Context(), e.users["sales"]
	sub := e.feed.Subscribe()
	defer sub.Close()
	n := e.auditLen(t)
	due := date(t, "2025-03-20")
	_, err := e.db.CreateOrder(ctx, sales, &model.Order{
		CustomerID: e.customers["CB"].ID,
		Remarks:    strings.Repeat("长", 600),
		Channel:    "电话\x1b[2J",
		Lines: []model.OrderLine{
			line("P1", 100, due),
			line("P1", 0, due),
			line("NOPE", 5, due),
			line("P1", 5, date(t, "2025-03-02")),
			{ProductCode: "P1", Variant: "gold", Qty: 5, RequestedDate: due},
		},
	}, true)
	// The escape in the channel is refused by the text rule.
	wantFields(t, err, "remarks", "channel", "lines.2.qty", "lines.3.product", "lines.4.requested_date", "lines.5.variant")
	if f := model.FieldErrors(err); len(f) != 6 {
		t.Fatalf("fields %v", f)
	}
	_, err = e.db.CreateOrder(ctx, sales, &model.Order{CustomerID: 999, Owner: "ghost"}, true)
	wantFields(t, err, "customer", "owner", "lines")
	_, err = e.db.CreateOrder(ctx, e.users["plead"], &model.Order{CustomerID: e.customers["CB"].ID, Lines: []model.OrderLine{line("P1", 1, due)}}, true)
	wantCode(t, err, model.EFORBIDDEN)
	if e.auditLen(t) != n {
		t.Fatal("a refused order was audited")
	}
	noEvents(t, sub)
	if os, _ := e.db.Orders(ctx, model.OrderFilter{}); len(os) != 0 {
		t.Fatalf("orders %v", os)
	}
}

func TestImportOrdersAllOrNothing(t *testing.T) {
	e := newOrdersEnv(t)
	ctx, sales := t.Context(), e.users["sales"]
	due := date(t, "2025-04-01")
	orders := make([]*model.Order, 1000)
	for i := range orders {
		orders[i] = &model.Order{CustomerID: e.customers["CB"].ID, Channel: "K3",
			Lines: []model.OrderLine{line("P1", int64(i+1), due), line("P2", 10, due)}}
	}
	orders[499].Lines[0].RequestedDate = date(t, "2025-03-01") // row 500: in the past
	orders[10].No = "XSDD-0001"
	orders[20].No = "XSDD-0001" // row 21 repeats row 11
	n := e.auditLen(t)
	err := e.db.ImportOrders(ctx, sales, orders)
	wantFields(t, err, "row 500.lines.1.requested_date", "row 21.no")
	if f := model.FieldErrors(err); len(f) != 2 {
		t.Fatalf("fields %v", f)
	}
	if e.auditLen(t) != n {
		t.Fatal("a refused import was audited")
	}
	if os, _ := e.db.Orders(ctx, model.OrderFilter{}); len(os) != 0 {
		t.Fatalf("%d orders after a refused import", len(os))
	}

	orders[499].Lines[0].RequestedDate = due
	orders[20].No = ""
	if err := e.db.ImportOrders(ctx, sales, orders); err != nil {
		t.Fatal(err)
	}
	os, err := e.db.Orders(ctx, model.OrderFilter{Status: model.LineSubmitted})
	if err != nil || len(os) != 1000 {
		t.Fatalf("%d orders, %v", len(os), err)
	}
	k3, err := e.db.OrderByNo(ctx, "XSDD-0001")
	if err != nil || k3.Lines[0].Qty != 11 {
		t.Fatalf("K3 order %+v %v", k3, err)
	}
	if o, _ := e.db.OrderByNo(ctx, "SO-20250303-0999"); o == nil || o.Lines[0].Qty != 1000 {
		t.Fatalf("last order %+v", o)
	}
	if e.auditLen(t) != n+3000 {
		t.Fatalf("audit grew by %d", e.auditLen(t)-n)
	}
	err = e.db.ImportOrders(ctx, sales, orders[10:11])
	wantFields(t, err, "row 1.no")
}

func TestUpdateLineAnswerAndConflict(t *testing.T) {
	e := newOrdersEnv(t)
	ctx := t.Context()
	if _, err := e.db.CreateUser(ctx, nil, &model.User{Login: "phead", Name: "吴刚", Dept: model.DeptProduction, Role: model.RoleHead}); err != nil {
		t.Fatal(err)
	}
	e.users["phead"], _ = e.db.User(ctx, "phead")
	o := e.order(t, "CB", line("P1", 100, date(t, "2025-03-20")))
	id := o.Lines[0].ID
	sent := e.send(t, id)
	if sent.Status != model.LineSent || sent.ReplyDue.IsZero() {
		t.Fatalf("sent %+v", sent)
	}
	sub := e.feed.Subscribe()
	defer sub.Close()

	// Production's lead and head both open the line at the same version.
	e.advance(10 * time.Minute)
	promised := date(t, "2025-03-18")
	so, answered, err := e.try(t, id, sent.Version, "plead", answer(promised))
	if err != nil {
		t.Fatal(err)
	}
	if answered.Status != model.LineAnswered || answered.PromisedDate != promised || answered.Version != sent.Version+1 ||
		answered.UpdatedBy != "plead" || so.ID != o.ID || len(so.Lines) != 1 || so.Lines[0].Version != answered.Version {
		t.Fatalf("answered %+v in %+v", answered, so)
	}
	evs, _ := sub.Take()
	if len(evs) != 1 || evs[0].Kind != "line" || evs[0].ID != id || evs[0].Action != "answer" || evs[0].Actor != "plead" {
		t.Fatalf("events %+v", evs)
	}
	n := e.auditLen(t)
	_, _, err = e.try(t, id, sent.Version, "phead", answer(date(t, "2025-03-19")))
	wantCode(t, err, model.ECONFLICT)
	msg := err.Error()
	for _, want := range []string{o.No + " #1", "刘洋", "2025-03-03 09:10"} {
		if !strings.Contains(msg, want) {
			t.Errorf("conflict %q does not say %q", msg, want)
		}
	}
	if e.auditLen(t) != n {
		t.Fatal("a refused change was audited")
	}
	noEvents(t, sub)

	// A failing transition writes nothing; a no-op writes nothing.
	_, _, err = e.try(t, id, answered.Version, "sales", answer(promised))
	wantCode(t, err, model.EFORBIDDEN)
	_, _, err = e.try(t, id, answered.Version, "plead", answer(date(t, "2025-03-01")))
	wantFields(t, err, "promised_date")
	_, same, err := e.db.UpdateLine(ctx, e.users["plead"], id, answered.Version, func(*model.Order, *model.OrderLine, model.ProductLookup) error { return nil })
	if err != nil || same.Version != answered.Version {
		t.Fatalf("no-op: %+v %v", same, err)
	}
	_, _, err = e.db.UpdateLine(ctx, e.users["plead"], id, answered.Version, func(_ *model.Order, l *model.OrderLine, _ model.ProductLookup) error {
		l.Qty = 1 // no history entry
		return nil
	})
	wantCode(t, err, model.EINTERNAL)
	if e.auditLen(t) != n {
		t.Fatal("a refused change was audited")
	}
	noEvents(t, sub)
	_, _, err = e.try(t, 999, 1, "plead", answer(promised))
	wantCode(t, err, model.ENOTFOUND)

	if got := e.actions(t, lineRecord(id)); !slices.Equal(got, []string{"line.create sales", "line.review saleslead", "line.send saleslead", "line.answer plead"}) {
		t.Fatalf("audit %v", got)
	}
}

func TestUpdateLineWithdrawnRights(t *testing.T) {
	e := newOrdersEnv(t)
	ctx := t.Context()
	o := e.order(t, "CB", line("P1", 100, date(t, "2025-03-20")))
	id := o.Lines[0].ID
	sent := e.send(t, id)
	session := *e.users["plead"] // the copy a session read at login

	demoted := session
	demoted.Role = model.RoleMember
	if _, err := e.db.UpdateUser(ctx, e.users["admin"], &demoted); err != nil {
		t.Fatal(err)
	}
	by := &session
	run := func() error {
		_, _, err := e.db.UpdateLine(ctx, by, id, sent.Version, func(_ *model.Order, l *model.OrderLine, _ model.ProductLookup) error {
			return l.Answer(by, e.clock.Now(), e.db.cal, date(t, "2025-03-18"))
		})
		return err
	}
	wantCode(t, run(), model.EFORBIDDEN) // the stored role no longer may reply
	if _, err := e.db.DisableUser(ctx, e.users["admin"], "plead"); err != nil {
		t.Fatal(err)
	}
	wantCode(t, run(), model.EFORBIDDEN)
	if _, l, _ := e.db.Line(ctx, id); l.Version != sent.Version {
		t.Fatal("a refused change was saved")
	}
}

func TestQueueRankAndIndex(t *testing.T) {
	e := newOrdersEnv(t)
	ctx := t.Context()
	due := date(t, "2025-03-20")
	// Received in the order B, C, A; ranked A, B, C.
	ob := e.order(t, "CB", line("P1", 100, due), line("P2", 10, date(t, "2025-03-10")))
	e.advance(time.Minute)
	oc := e.order(t, "CC", line("P1", 100, due))
	e.advance(time.Minute)
	oa := e.order(t, "CA", line("P1", 100, due))
	b1, b2, c1, a1 := ob.Lines[0].ID, ob.Lines[1].ID, oc.Lines[0].ID, oa.Lines[0].ID
	if got := e.queueIDs(t); len(got) != 0 {
		t.Fatalf("submitted lines queued: %v", got)
	}
	for _, id := range []uint64{c1, b1, a1, b2} {
		e.send(t, id)
	}
	if got, want := e.queueIDs(t), []uint64{a1, b2, b1, c1}; !slices.Equal(got, want) {
		t.Fatalf("queue %v, want %v", got, want)
	}
	for want, id := range []uint64{a1, b2, b1, c1} {
		if pos, err := e.db.QueuePosition(ctx, id); err != nil || pos != want {
			t.Fatalf("position of %d: %d %v, want %d", id, pos, err, want)
		}
	}

	// Paging.
	page, err := e.db.Queue(ctx, 1, 2)
	if err != nil || page.Total != 4 || page.Offset != 1 || len(page.Entries) != 2 ||
		page.Entries[0].Line.ID != b2 || page.Entries[0].Rank != 2 || page.Entries[1].Line.ID != b1 {
		t.Fatalf("page %+v %v", page, err)
	}
	if page.Entries[0].Order.No != ob.No || page.Entries[0].Order.CustomerGrade != model.GradeB {
		t.Fatalf("entry order %+v", page.Entries[0].Order)
	}
	if page, _ := e.db.Queue(ctx, 10, 40); page.Total != 4 || len(page.Entries) != 0 {
		t.Fatalf("past the end %+v", page)
	}

	// The sales lead expedites the grade-C line: it moves to the top.
	rank := func(adjust int) step {
		return func(l *model.OrderLine, by *model.User, now time.Time, cal *model.Calendar) error {
			return l.Rank(by, now, cal, adjust, "客户加急")
		}
	}
	e.move(t, c1, "saleslead", rank(-1))
	if got, want := e.queueIDs(t), []uint64{c1, a1, b2, b1}; !slices.Equal(got, want) {
		t.Fatalf("after expediting %v, want %v", got, want)
	}
	e.move(t, a1, "saleslead", rank(2))
	if got, want := e.queueIDs(t), []uint64{c1, b2, b1, a1}; !slices.Equal(got, want) {
		t.Fatalf("after deferring %v, want %v", got, want)
	}

	// Answering takes a line out; a change order puts it back; unclear takes it out.
	e.move(t, b2, "plead", answer(date(t, "2025-03-10")))
	if got, want := e.queueIDs(t), []uint64{c1, b1, a1}; !slices.Equal(got, want) {
		t.Fatalf("after answer %v, want %v", got, want)
	}
	if pos, err := e.db.QueuePosition(ctx, b2); err != nil || pos != -1 {
		t.Fatalf("answered position %d %v", pos, err)
	}
	e.move(t, b2, "sales", func(l *model.OrderLine, by *model.User, now time.Time, cal *model.Calendar) error {
		return l.Change(by, now, cal, model.ChangeRequest{LineInput: model.LineInput{ProductCode: "P2", Qty: 20, RequestedDate: date(t, "2025-03-12")}, Reason: "客户加量"}, e.lookup(t))
	})
	if got, want := e.queueIDs(t), []uint64{c1, b2, b1, a1}; !slices.Equal(got, want) {
		t.Fatalf("after change %v, want %v", got, want)
	}
	e.move(t, b1, "plead", func(l *model.OrderLine, by *model.User, now time.Time, cal *model.Calendar) error {
		return l.MarkUnclear(by, now, cal, "包装要求不明")
	})
	if got, want := e.queueIDs(t), []uint64{c1, b2, a1}; !slices.Equal(got, want) {
		t.Fatalf("after unclear %v, want %v", got, want)
	}
	// The index survives a reopen and agrees with a sort of every line.
	e.reopen(t)
	all, err := e.db.Lines(ctx, model.OrderFilter{Status: model.LineSent})
	if err != nil {
		t.Fatal(err)
	}
	var items []model.QueueItem
	for _, o := range all {
		for i := range o.Lines {
			items = append(items, model.QueueItemOf(o, &o.Lines[i]))
		}
	}
	slices.SortFunc(items, model.QueueCompare)
	var sorted []uint64
	for _, it := range items {
		sorted = append(sorted, it.LineID)
	}
	if got := e.queueIDs(t); !slices.Equal(got, sorted) {
		t.Fatalf("index %v, sort %v", got, sorted)
	}
}

// lookup is a product lookup over the stored products.
func (e *ordersEnv) lookup(t *testing.T) model.ProductLookup {
	ps, err := e.db.Products(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return func(code string) *model.Product {
		for _, p := range ps {
			if p.Code == code {
				return p
			}
		}
		return nil
	}
}

func TestPromiseFacts(t *testing.T) {
	e := newOrdersEnv(t)
	ctx := t.Context()
	if _, err := e.db.AdjustStock(ctx, e.users["keeper"], model.StockAdjustment{ProductCode: "P1", Delta: 300, Reason: "入库"}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.AdjustStock(ctx, e.users["keeper"], model.StockAdjustment{ProductCode: "P1", Variant: "mark", Delta: 50, Reason: "入库"}); err != nil {
		t.Fatal(err)
	}
	// Monday 03-03; P1 lead time 1: production from Wednesday 03-05.
	o := e.order(t, "CB", line("P1", 500, date(t, "2025-03-20")), line("P1", 70, date(t, "2025-03-20")),
		model.OrderLine{ProductCode: "P1", Variant: "mark", Qty: 40, RequestedDate: date(t, "2025-03-20")})
	committed := o.Lines[0].ID
	e.send(t, committed)
	e.move(t, committed, "plead", answer(date(t, "2025-03-05"))) // 300 from stock, 200 made on 03-05
	e.order(t, "CC", line("P2", 10, date(t, "2025-03-20")))      // another product

	f, err := e.db.Promise(ctx, "P1", "", 900, e.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	if f.Product.Code != "P1" || f.Variant != "std" || f.Stock != 300 || f.Available != 0 || f.OpenDemand != 570 {
		t.Fatalf("facts %+v", f)
	}
	// The committed line's 200 are made on 03-04, the working day before
	// its promise; the new 900 on 03-05, the first day production can start,
	// and ship the day after.
	wantFree := []model.DayPlan{{Date: date(t, "2025-03-04"), Qty: 800}, {Date: date(t, "2025-03-05"), Qty: 1000}, {Date: date(t, "2025-03-06"), Qty: 1000}}
	if len(f.Free) != 10 || !slices.Equal(f.Free[:3], wantFree) {
		t.Fatalf("free %v", f.Free)
	}
	if f.SuggestErr != nil || f.Suggestion.Date != date(t, "2025-03-06") || f.Suggestion.Produced != 900 ||
		!slices.Equal(f.Suggestion.Days, []model.DayPlan{{Date: date(t, "2025-03-05"), Qty: 900, Free: 1000}}) {
		t.Fatalf("suggestion %+v %v", f.Suggestion, f.SuggestErr)
	}
	// The mark variant has its own stock: 40 wanted of 50 come from stock.
	f, err = e.db.Promise(ctx, "P1", "mark", 40, e.clock.Now())
	if err != nil || f.Stock != 50 || f.Available != 50 || f.OpenDemand != 40 || f.Suggestion.Date != date(t, "2025-03-04") || f.Suggestion.FromStock != 40 {
		t.Fatalf("mark %+v %v", f, err)
	}
	f, err = e.db.Promise(ctx, "P1", "", 0, e.clock.Now())
	if err != nil || f.SuggestErr == nil {
		t.Fatalf("qty 0: %+v %v", f.Suggestion, err)
	}
	_, err = e.db.Promise(ctx, "P9", "", 1, e.clock.Now())
	wantCode(t, err, model.ENOTFOUND)
	_, err = e.db.Promise(ctx, "P1", "gold", 1, e.clock.Now())
	wantFields(t, err, "variant")

	// A cancelled line leaves the product index; demand drops.
	e.move(t, o.Lines[1].ID, "sales", func(l *model.OrderLine, by *model.User, now time.Time, cal *model.Calendar) error {
		return l.Cancel(by, now, cal, "客户取消")
	})
	if f, _ = e.db.Promise(ctx, "P1", "", 1, e.clock.Now()); f.OpenDemand != 500 {
		t.Fatalf("demand after cancel %d", f.OpenDemand)
	}
}

func TestOrderEventsAfterCommit(t *testing.T) {
	e := newOrdersEnv(t)
	ctx := t.Context()
	sub := e.feed.Subscribe()
	defer sub.Close()
	due := date(t, "2025-03-20")

	// A subscriber that reads what an event names always finds it.
	found := make(chan string, 1)
	go func() {
		<-sub.Ready()
		evs, _ := sub.Take()
		var seen []string
		for _, ev := range evs {
			switch ev.Kind {
			case "order":
				o, err := e.db.Order(ctx, ev.ID)
				seen = append(seen, fmt.Sprintf("order %v %v", o != nil, err))
			case "line":
				_, l, err := e.db.Line(ctx, ev.ID)
				seen = append(seen, fmt.Sprintf("line %v %v %s", l != nil, err, ev.Action))
			}
		}
		found <- strings.Join(seen, "; ")
	}()
	_, err := e.db.CreateOrder(ctx, e.users["sales"], &model.Order{CustomerID: e.customers["CA"].ID, Lines: []model.OrderLine{line("P1", 0, due)}}, true)
	wantFields(t, err, "lines.1.qty")
	o, err := e.db.CreateOrder(ctx, e.users["sales"], &model.Order{CustomerID: e.customers["CA"].ID, Lines: []model.OrderLine{line("P1", 5, due), line("P2", 5, due)}}, true)
	if err != nil {
		t.Fatal(err)
	}
	select {
	case got := <-found:
		if want := "order true <nil>; line true <nil> submit; line true <nil> submit"; got != want {
			t.Fatalf("subscriber saw %q, want %q", got, want)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no events")
	}
	_, _, err = e.try(t, o.Lines[0].ID, 99, "saleslead", (*model.OrderLine).Review)
	wantCode(t, err, model.ECONFLICT)
	noEvents(t, sub)
}
