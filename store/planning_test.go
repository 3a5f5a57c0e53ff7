package store

import (
	"encoding/json"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"xietong/model"
)

// at sets the pinned clock to s ("2006-01-02 15:04", factory zone).
func (e *ordersEnv) at(t *testing.T, s string) time.Time {
	t.Helper()
	tm, err := time.ParseInLocation("2006-01-02 15:04", s, e.clock.Loc)
	if err != nil {
		t.Fatal(err)
	}
	e.clock.Set(tm)
	return tm
}

func ship(qty int64, d model.Date) step {
	return func(l *model.OrderLine, by *model.User, now time.Time, cal *model.Calendar) error {
		return l.Ship(by, now, cal, qty, d)
	}
}

// answered creates an order of one line for CA, sends it and answers it
// with promised; it returns the line.
func (e *ordersEnv) answered(t *testing.T, l model.OrderLine, promised model.Date) *model.OrderLine {
	t.Helper()
	o := e.order(t, "CA", l)
	id := o.Lines[0].ID
	e.send(t, id)
	return e.move(t, id, "plead", answer(promised))
}

// takeEvents returns the pending events of sub as "kind key action".
func takeEvents(sub *model.Subscription) []string {
	evs, _ := sub.Take()
	var out []string
	for _, ev := range evs {
		out = append(out, string(ev.Kind)+" "+ev.Key+" "+ev.Action)
	}
	return out
}

func TestPlanVersionsConflictAndPublish(t *testing.T) {
	e := newOrdersEnv(t)
	ctx := t.Context()
	p := model.Period{Kind: model.PlanForecast, Month: model.Month{Year: 2025, Month: 4}}
	sub := e.feed.Subscribe()
	defer sub.Close()

	set, err := e.db.Plan(ctx, p)
	if err != nil || len(set.Versions) != 0 || set.Reference != nil || set.Period != p {
		t.Fatalf("empty set %+v %v", set, err)
	}
	v1, err := e.db.SavePlan(ctx, e.users["sales"], p, 0, []model.PlanCell{{Product: "P2", Qty: 50}, {Product: "P1", Qty: 100}, {Product: "P1", Variant: "mark", Qty: 0}}, "首版")
	if err != nil {
		t.Fatal(err)
	}
	if v1.Version != 1 || v1.By != "sales" || !v1.At.Equal(e.clock.Now()) || !v1.Published.IsZero() ||
		!reflect.DeepEqual(v1.Cells, []model.PlanCell{{Product: "P1", Variant: "std", Qty: 100}, {Product: "P2", Qty: 50}}) {
		t.Fatalf("v1 %+v", v1)
	}
	if got := takeEvents(sub); !slices.Equal(got, []string{"plan 2025-04 save"}) {
		t.Fatalf("events %v", got)
	}

	// A second editor who also started from nothing is refused, naming the saver.
	e.advance(time.Minute)
	_, err = e.db.SavePlan(ctx, e.users["saleslead"], p, 0, []model.PlanCell{{Product: "P1", Qty: 1}}, "")
	wantCode(t, err, model.ECONFLICT)
	if msg := err.Error(); !strings.Contains(msg, "forecast/2025-04") || !strings.Contains(msg, "张伟") || !strings.Contains(msg, "2025-03-03 09:00:00") {
		t.Fatalf("conflict message %q", msg)
	}
	v2, err := e.db.SavePlan(ctx, e.users["saleslead"], p, 1, []model.PlanCell{{Product: "P1", Qty: 120}}, "")
	if err != nil || v2.Version != 2 || v2.By != "saleslead" {
		t.Fatalf("v2 %+v %v", v2, err)
	}
	takeEvents(sub)
	_, err = e.db.SavePlan(ctx, e.users["sales"], p, 1, nil, "")
	wantCode(t, err, model.ECONFLICT)

	// Refusals: production, bad cells, a base that never existed, a bad period.
	_, err = e.db.SavePlan(ctx, e.users["keeper"], p, 2, nil, "")
	wantCode(t, err, model.EFORBIDDEN)
	_, err = e.db.SavePlan(ctx, e.users["sales"], p, 2, []model.PlanCell{{Product: "P1", Qty: -1}, {Product: "NOPE", Qty: 1}}, "")
	wantFields(t, err, "row 1.qty", "row 2.product")
	_, err = e.db.SavePlan(ctx, e.users["sales"], model.Period{Kind: model.PlanTenDay, Month: p.Month, Part: 1}, 3, nil, "")
	wantCode(t, err, model.EINVALID)
	_, err = e.db.SavePlan(ctx, e.users["sales"], model.Period{Kind: model.PlanTenDay, Month: p.Month, Part: 4}, 0, nil, "")
	wantFields(t, err, "period")
	noEvents(t, sub)

	// Publishing: v1 then v2; the reference follows, the first publish stays.
	e.advance(time.Hour)
	pub1, err := e.db.PublishPlan(ctx, e.users["sales"], p, 1)
	if err != nil || !pub1.Published.Equal(e.clock.Now()) {
		t.Fatalf("publish v1 %+v %v", pub1, err)
	}
	first := e.clock.Now()
	e.advance(time.Hour)
	if _, err := e.db.PublishPlan(ctx, e.users["saleslead"], p, 2); err != nil {
		t.Fatal(err)
	}
	before := e.auditLen(t)
	again, err := e.db.PublishPlan(ctx, e.users["sales"], p, 1)
	if err != nil || !again.Published.Equal(first) || e.auditLen(t) != before {
		t.Fatalf("publishing again changed something: %+v %v", again, err)
	}
	_, err = e.db.PublishPlan(ctx, e.users["sales"], p, 9)
	wantCode(t, err, model.ENOTFOUND)
	_, err = e.db.PublishPlan(ctx, e.users["plead"], p, 1)
	wantCode(t, err, model.EFORBIDDEN)

	set, err = e.db.Plan(ctx, p)
	if err != nil || len(set.Versions) != 2 || set.Reference == nil || set.Reference.Version != 2 ||
		set.FirstPublished().Version != 1 || !set.FirstPublished().Published.Equal(first) {
		t.Fatalf("set %+v %v", set, err)
	}
	// Publish events are alerts: the feed keeps each one rather than merging them.
	if got := takeEvents(sub); !slices.Equal(got, []string{"plan 2025-04 publish", "plan 2025-04 publish"}) {
		t.Fatalf("events %v", got)
	}
	want := []string{"plan.save sales", "plan.save saleslead", "plan.publish sales", "plan.publish saleslead"}
	if got := e.actions(t, "forecast/2025-04"); !slices.Equal(got, want) {
		t.Fatalf("audit %v", got)
	}
	if _, err := e.db.VerifyAudit(); err != nil {
		t.Fatal(err)
	}
	e.reopen(t)
	if set2, err := e.db.Plan(ctx, p); err != nil || !reflect.DeepEqual(set2, set) {
		t.Fatalf("after reopen %+v %v", set2, err)
	}
}

// shortfallScene is Friday 2025-03-21, ten-day period 3 of March (21–31,
// 11 days), default horizon 21–23:
//
//	ten-day plan 2025-03-3 (published): P1/std 1100, P2 0
//	line A  P1/std 300 promised 03-22                   → demand 300
//	line B  P1/std 200 requested 03-25, submitted only   → beyond the horizon
//	line C  P1/std 150 promised 03-21, 100 shipped 03-21 → demand 50; shipped in period 100
//	line D  P2 80 requested 03-23, sent, not answered    → demand 80
//	line E  P2 999 requested 03-22, draft                → not demand
//	stock   P1/std 100, P1/mark 7
//	production plan for 03-22 (published): P1/std 500
//
// P1/std: 300 + 50 + ⌈(1100 − 100) × 3/11⌉ = 273 − 100 − 500 → 23.
func shortfallScene(t *testing.T) *ordersEnv {
	t.Helper()
	e := newOrdersEnv(t)
	ctx := t.Context()
	e.at(t, "2025-03-18 09:00")
	td := model.Period{Kind: model.PlanTenDay, Month: model.Month{Year: 2025, Month: 3}, Part: 3}
	v, err := e.db.SavePlan(ctx, e.users["sales"], td, 0, []model.PlanCell{{Product: "P1", Qty: 1100}}, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.PublishPlan(ctx, e.users["sales"], td, v.Version); err != nil {
		t.Fatal(err)
	}
	e.answered(t, line("P1", 300, date(t, "2025-03-22")), date(t, "2025-03-22"))
	e.order(t, "CB", line("P1", 200, date(t, "2025-03-25")))
	c := e.answered(t, line("P1", 150, date(t, "2025-03-21")), date(t, "2025-03-21"))
	o := e.order(t, "CC", line("P2", 80, date(t, "2025-03-23")))
	e.send(t, o.Lines[0].ID)
	if _, err := e.db.CreateOrder(ctx, e.users["sales"], &model.Order{CustomerID: e.customers["CA"].ID,
		Lines: []model.OrderLine{line("P2", 999, date(t, "2025-03-22"))}}, false); err != nil {
		t.Fatal(err)
	}
	for _, a := range []model.StockAdjustment{
		{ProductCode: "P1", Variant: "std", Delta: 100, Reason: "盘点"},
		{ProductCode: "P1", Variant: "mark", Delta: 7, Reason: "盘点"},
	} {
		if _, err := e.db.AdjustStock(ctx, e.users["keeper"], a); err != nil {
			t.Fatal(err)
		}
	}
	e.at(t, "2025-03-20 17:00")
	pp, _, err := e.db.SaveProductionPlan(ctx, e.users["plead"], &model.ProductionPlan{Date: date(t, "2025-03-22"),
		Lines: []model.ProductionLine{{Product: "P1", Qty: 500}}})
	if err != nil {
		t.Fatal(err)
	}
	// An unpublished plan for 03-21 does not count.
	if _, _, err := e.db.SaveProductionPlan(ctx, e.users["plead"], &model.ProductionPlan{Date: date(t, "2025-03-21"),
		Lines: []model.ProductionLine{{Product: "P1", Qty: 9000}}}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.PublishProductionPlan(ctx, e.users["plead"], pp.Date, pp.Version); err != nil {
		t.Fatal(err)
	}
	e.at(t, "2025-03-21 10:00")
	e.move(t, c.ID, "keeper", ship(100, date(t, "2025-03-21")))
	return e
}

func TestShortfallDraft(t *testing.T) {
	e := shortfallScene(t)
	s, err := e.db.Shortfall(t.Context(), date(t, "2025-03-21"))
	if err != nil {
		t.Fatal(err)
	}
	want := []model.ShortfallRow{
		{Product: "P1", Variant: "mark", Stock: 7, Surplus: 7},
		// The 100 on hand left with line c's shipment this morning.
		{Product: "P1", Variant: "std", OrderDemand: 350, PlanRemainder: 273, Stock: 0, Planned: 500, Computed: 123, Figure: 123},
		{Product: "P2", OrderDemand: 80, Computed: 80, Figure: 80},
	}
	if s.Version != 0 || s.Date != date(t, "2025-03-21") || s.Through != date(t, "2025-03-23") || !reflect.DeepEqual(s.Rows, want) {
		t.Fatalf("draft %+v\nrows %+v", s, s.Rows)
	}
	// A longer horizon (setting) takes line B and more of the remainder.
	e.db.Close()
	db, err := Open(e.path, Options{Clock: e.clock, Feed: e.feed, ShortfallDays: 4})
	if err != nil {
		t.Fatal(err)
	}
	e.db = db
	s, err = e.db.Shortfall(t.Context(), date(t, "2025-03-21"))
	if err != nil || s.Through != date(t, "2025-03-25") || s.Rows[1].OrderDemand != 550 || s.Rows[1].PlanRemainder != 455 {
		t.Fatalf("5-day horizon %+v %v", s.Rows, err)
	}
	for _, bad := range []int{-1, model.MaxShortfallDays + 1} {
		if _, err := Open(e.path+".x", Options{Clock: e.clock, ShortfallDays: bad}); err == nil {
			t.Errorf("horizon %d accepted", bad)
		}
	}
}

func TestShortfallSaveAndPublish(t *testing.T) {
	e := shortfallScene(t)
	ctx := t.Context()
	day := date(t, "2025-03-21")
	sub := e.feed.Subscribe()
	defer sub.Close()

	draft, err := e.db.Shortfall(ctx, day)
	if err != nil {
		t.Fatal(err)
	}
	draft.Rows[2].Figure = 100 // P2 edited without a reason
	_, err = e.db.SaveShortfall(ctx, e.users["sales"], draft)
	wantFields(t, err, "row 3.reason")
	_, err = e.db.SaveShortfall(ctx, e.users["plead"], draft)
	wantCode(t, err, model.EFORBIDDEN)
	_, err = e.db.PublishShortfall(ctx, e.users["sales"], day, 0)
	wantCode(t, err, model.EINVALID)
	noEvents(t, sub)

	draft.Rows[2].Reason = "客户电话追加 20 件"
	draft.Rows[1].Computed = 999999 // a client cannot forge the computed figure
	e.at(t, "2025-03-21 13:50")
	s1, err := e.db.SaveShortfall(ctx, e.users["sales"], draft)
	if err != nil {
		t.Fatal(err)
	}
	if s1.Version != 1 || s1.Rows[1].Computed != 123 || s1.Rows[1].Figure != 123 || s1.Rows[2].Figure != 100 || !s1.Published.IsZero() {
		t.Fatalf("saved %+v", s1)
	}
	if got, _ := e.db.Shortfall(ctx, day); !reflect.DeepEqual(got, s1) {
		t.Fatalf("read back %+v", got)
	}
	// Saving again from the draft (version 0) is a conflict.
	_, err = e.db.SaveShortfall(ctx, e.users["saleslead"], draft)
	wantCode(t, err, model.ECONFLICT)

	// Published at 14:05: the first publish is kept for good.
	e.at(t, "2025-03-21 14:05")
	_, err = e.db.PublishShortfall(ctx, e.users["sales"], day, 0)
	wantCode(t, err, model.ECONFLICT)
	pub, err := e.db.PublishShortfall(ctx, e.users["sales"], day, s1.Version)
	if err != nil || !pub.Published.Equal(e.clock.Now()) || pub.PublishedBy != "sales" || pub.Version != 2 {
		t.Fatalf("publish %+v %v", pub, err)
	}
	published := pub.Published
	evs, _ := sub.Take() // the save's event was coalesced into the publish
	if len(evs) != 1 || evs[0].Kind != "shortfall" || evs[0].Key != "2025-03-21" || evs[0].Action != "publish" ||
		!slices.Equal(evs[0].Depts, []model.Department{model.DeptProduction}) || evs[0].Actor != "sales" {
		t.Fatalf("events %+v", evs)
	}

	// A correction after publishing stays published and is marked edited;
	// republishing keeps the first publish, moves the last and clears the mark.
	e.at(t, "2025-03-21 15:00")
	pub.Rows[0].Figure, pub.Rows[0].Reason = 10, "样品"
	s3, err := e.db.SaveShortfall(ctx, e.users["saleslead"], pub)
	if err != nil || s3.Version != 3 || !s3.Published.Equal(published) || s3.PublishedBy != "sales" || !s3.Edited {
		t.Fatalf("corrected %+v %v", s3, err)
	}
	e.at(t, "2025-03-21 15:10")
	re, err := e.db.PublishShortfall(ctx, e.users["saleslead"], day, s3.Version)
	if err != nil || re.Version != 4 || !re.Published.Equal(published) || re.Edited || !re.LastPublished.Equal(e.clock.Now()) || !re.Republished() {
		t.Fatalf("republish %+v %v", re, err)
	}
	want := []string{"shortfall.save sales", "shortfall.publish sales", "shortfall.save saleslead", "shortfall.republish saleslead"}
	if got := e.actions(t, "shortfall/2025-03-21"); !slices.Equal(got, want) {
		t.Fatalf("audit %v", got)
	}
	if got := takeEvents(sub); !slices.Equal(got, []string{"shortfall 2025-03-21 republish"}) {
		t.Fatalf("events %v", got)
	}

	// Recompute after more stock keeps the edits and the version.
	if _, err := e.db.AdjustStock(ctx, e.users["keeper"], model.StockAdjustment{ProductCode: "P2", Delta: 30, Reason: "入库"}); err != nil {
		t.Fatal(err)
	}
	rc, err := e.db.Recompute(ctx, day)
	if err != nil {
		t.Fatal(err)
	}
	p2 := rc.Rows[2]
	if rc.Version != 4 || !rc.Published.Equal(published) || p2.Stock != 30 || p2.Computed != 50 || p2.Figure != 100 ||
		p2.Reason != "客户电话追加 20 件" || rc.Rows[0].Figure != 10 {
		t.Fatalf("recomputed %+v", rc)
	}
	if saved, _ := e.db.Shortfall(ctx, day); saved.Rows[2].Stock != 0 {
		t.Fatal("Recompute wrote")
	}
	if s4, err := e.db.SaveShortfall(ctx, e.users["sales"], rc); err != nil || s4.Version != 5 || !s4.Edited {
		t.Fatalf("save recomputed %+v %v", s4, err)
	}
}

func TestProductionPlanProposal(t *testing.T) {
	e := newOrdersEnv(t)
	ctx := t.Context()
	e.at(t, "2025-03-21 13:30")
	sf := &model.Shortfall{Date: date(t, "2025-03-21"), Through: date(t, "2025-03-23"), Rows: []model.ShortfallRow{
		{Product: "P1", Variant: "std", OrderDemand: 700, Figure: 700},
		{Product: "P1", Variant: "mark", OrderDemand: 30, Figure: 30},
		{Product: "P2", OrderDemand: 80, Figure: 80},
	}}
	saved, err := e.db.SaveShortfall(ctx, e.users["sales"], sf)
	if err != nil {
		t.Fatal(err)
	}
	// Not yet published: nothing to propose from.
	draft, warns, err := e.db.ProductionPlan(ctx, date(t, "2025-03-22"))
	if err != nil || draft.Version != 0 || len(draft.Lines) != 0 || warns != nil {
		t.Fatalf("no basis %+v %v %v", draft, warns, err)
	}
	if _, err := e.db.PublishShortfall(ctx, e.users["sales"], saved.Date, saved.Version); err != nil {
		t.Fatal(err)
	}
	// A later unpublished table is skipped.
	if _, err := e.db.SaveShortfall(ctx, e.users["sales"], &model.Shortfall{Date: date(t, "2025-03-22"), Through: date(t, "2025-03-24")}); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{"2025-03-22", "2025-03-24"} { // the next day, and Monday after a Sunday
		draft, warns, err = e.db.ProductionPlan(ctx, date(t, d))
		if err != nil {
			t.Fatal(err)
		}
		want := []model.ProductionLine{
			{Product: "P1", Variant: "mark", Need: 30, Proposed: 500, Qty: 500, Process: model.ProcessFront},
			{Product: "P1", Variant: "std", Need: 700, Proposed: 1000, Qty: 1000, Process: model.ProcessFront},
			{Product: "P2", Need: 80, Proposed: 100, Qty: 100, Process: model.ProcessFront},
		}
		// P1's 1,500 exceed its daily capacity of 1,000.
		wantWarn := []model.BalanceWarning{{Kind: model.WarnCapacity, Product: "P1", Qty: 1500, Limit: 1000}}
		if draft.Version != 0 || draft.Date != date(t, d) || !reflect.DeepEqual(draft.Lines, want) || !reflect.DeepEqual(warns, wantWarn) {
			t.Fatalf("%s: draft %+v warnings %v", d, draft.Lines, warns)
		}
	}
	// The table of the production day itself is not the basis.
	if draft, _, _ := e.db.ProductionPlan(ctx, date(t, "2025-03-21")); len(draft.Lines) != 0 {
		t.Fatalf("same-day basis %+v", draft.Lines)
	}

	draft, _, _ = e.db.ProductionPlan(ctx, date(t, "2025-03-22"))
	draft.Lines[0].Qty = 0 // only one variant of P1 made
	draft.Lines[2].Process, draft.Lines[2].Remark = model.ProcessOutsourced, "外协厂"
	_, _, err = e.db.SaveProductionPlan(ctx, e.users["sales"], draft)
	wantCode(t, err, model.EFORBIDDEN)
	e.at(t, "2025-03-21 17:00")
	p1, warns, err := e.db.SaveProductionPlan(ctx, e.users["plead"], draft)
	if err != nil {
		t.Fatal(err)
	}
	wantWarn := []model.BalanceWarning{{Kind: model.WarnBalance, Family: "P1", Short: []string{"P1/mark", "P1/std"}, Planned: []string{"P1/std"}}}
	if p1.Version != 1 || !reflect.DeepEqual(warns, wantWarn) {
		t.Fatalf("saved %+v warnings %+v", p1, warns)
	}
	if got, w, _ := e.db.ProductionPlan(ctx, p1.Date); !reflect.DeepEqual(got, p1) || !reflect.DeepEqual(w, wantWarn) {
		t.Fatalf("read back %+v %v", got, w)
	}
	_, _, err = e.db.SaveProductionPlan(ctx, e.users["plead"], draft) // version 0 again
	wantCode(t, err, model.ECONFLICT)
	bad := *p1
	bad.Lines = append([]model.ProductionLine(nil), p1.Lines...)
	bad.Lines[1].Qty = model.MaxQty + 1
	_, _, err = e.db.SaveProductionPlan(ctx, e.users["plead"], &bad)
	wantFields(t, err, "lines.2.qty")

	sub := e.feed.Subscribe()
	defer sub.Close()
	e.at(t, "2025-03-21 17:10")
	pub, err := e.db.PublishProductionPlan(ctx, e.users["plead"], p1.Date, p1.Version)
	if err != nil || !pub.Published.Equal(e.clock.Now()) || pub.PublishedBy != "plead" {
		t.Fatalf("publish %+v %v", pub, err)
	}
	evs, _ := sub.Take()
	if len(evs) != 1 || evs[0].Kind != "prodplan" || evs[0].Key != "2025-03-22" || evs[0].Action != "publish" ||
		!slices.Equal(evs[0].Depts, []model.Department{model.DeptSales}) {
		t.Fatalf("events %+v", evs)
	}
	want := []string{"prodplan.save plead", "prodplan.publish plead"}
	if got := e.actions(t, "prodplan/2025-03-22"); !slices.Equal(got, want) {
		t.Fatalf("audit %v", got)
	}
	// Published production counts in the next shortfall table.
	s, err := e.db.Shortfall(ctx, date(t, "2025-03-21"))
	if err != nil || s.Version != 2 {
		t.Fatalf("saved table %+v %v", s, err)
	}
	s, _ = e.db.Recompute(ctx, date(t, "2025-03-21"))
	planned := map[string]int64{}
	for _, r := range s.Rows {
		planned[r.Key()] = r.Planned
	}
	if planned["P1/std"] != 1000 || planned["P2"] != 100 || len(planned) != 2 {
		t.Fatalf("planned not counted %+v", s.Rows)
	}
}

func TestDeadlines(t *testing.T) {
	e := newOrdersEnv(t)
	ctx := t.Context()
	apr := model.Period{Kind: model.PlanForecast, Month: model.Month{Year: 2025, Month: 4}}
	may := model.Period{Kind: model.PlanForecast, Month: model.Month{Year: 2025, Month: 5}}
	publishPlan := func(p model.Period, login string) {
		t.Helper()
		v, err := e.db.SavePlan(ctx, e.users[login], p, 0, []model.PlanCell{{Product: "P1", Qty: 10}}, "")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := e.db.PublishPlan(ctx, e.users[login], p, v.Version); err != nil {
			t.Fatal(err)
		}
	}
	// The April forecast on the 21st (due end of the 22nd): on time.
	e.at(t, "2025-03-21 10:00")
	publishPlan(apr, "sales")
	// Two lines sent on Friday 21st: the replies are due by the end of Saturday.
	o := e.order(t, "CA", line("P1", 10, date(t, "2025-04-10")), line("P2", 10, date(t, "2025-04-10")))
	e.send(t, o.Lines[0].ID)
	e.send(t, o.Lines[1].ID)
	// Shortfall at 14:05: 5 minutes late.
	e.at(t, "2025-03-21 14:05")
	sf, err := e.db.SaveShortfall(ctx, e.users["sales"], &model.Shortfall{Date: date(t, "2025-03-21"), Through: date(t, "2025-03-23")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.PublishShortfall(ctx, e.users["sales"], sf.Date, sf.Version); err != nil {
		t.Fatal(err)
	}
	// Plan for Saturday published at 17:10: on time.
	e.at(t, "2025-03-21 17:10")
	pp, _, err := e.db.SaveProductionPlan(ctx, e.users["plead"], &model.ProductionPlan{Date: date(t, "2025-03-22")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.PublishProductionPlan(ctx, e.users["plead"], pp.Date, pp.Version); err != nil {
		t.Fatal(err)
	}
	// Saturday: one reply at 11:00, the other never; nothing else is done.
	e.at(t, "2025-03-22 11:00")
	e.move(t, o.Lines[0].ID, "plead", answer(date(t, "2025-04-10")))

	e.at(t, "2025-03-24 09:00") // Monday
	items, err := e.db.Deadlines(ctx, date(t, "2025-03-21"), date(t, "2025-03-24"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, it := range items {
		got = append(got, strings.TrimSpace(it.Due.Format("01-02 15:04")+" "+string(it.Kind)+" "+it.Ref+" "+string(it.Dept)+" "+
			string(it.State)+" "+it.Late.String()+" "+it.Who))
	}
	no := o.No
	want := []string{
		"03-21 14:00 shortfall 2025-03-21 sales late 5m0s sales",
		"03-21 17:30 plan 2025-03-22 production on_time 0s plead",
		"03-22 14:00 shortfall 2025-03-22 sales missing 43h0m0s",
		"03-22 17:30 plan 2025-03-24 production missing 39h30m0s",
		"03-23 00:00 forecast 2025-04 sales on_time 0s sales",
		"03-23 00:00 reply " + no + "/1 production on_time 0s plead",
		"03-23 00:00 reply " + no + "/2 production missing 33h0m0s",
		"03-24 14:00 shortfall 2025-03-24 sales pending 0s",
		"03-24 17:30 plan 2025-03-25 production pending 0s",
	}
	if !slices.Equal(got, want) {
		t.Fatalf("board\n got %q\nwant %q", got, want)
	}
	if !items[0].Done.Equal(time.Date(2025, 3, 21, 14, 5, 0, 0, e.clock.Loc)) {
		t.Errorf("done %v", items[0].Done)
	}

	// The May forecast on the 23rd: late by one day (begun).
	e.at(t, "2025-04-23 10:00")
	publishPlan(may, "saleslead")
	items, err = e.db.Deadlines(ctx, date(t, "2025-04-22"), date(t, "2025-04-22"))
	if err != nil {
		t.Fatal(err)
	}
	var fc *model.DueItem
	for i := range items {
		if items[i].Kind == model.DueForecast {
			fc = &items[i]
		}
	}
	if fc == nil || fc.Ref != "2025-05" || fc.State != model.DueLate || fc.Late != 10*time.Hour || fc.LateDays() != 1 || fc.Who != "saleslead" {
		t.Fatalf("late forecast %+v", fc)
	}

	_, err = e.db.Deadlines(ctx, date(t, "2024-01-01"), date(t, "2024-12-31")) // 366 days
	wantCode(t, err, "")
	_, err = e.db.Deadlines(ctx, date(t, "2024-01-01"), date(t, "2025-01-01"))
	wantCode(t, err, model.EINVALID)
	_, err = e.db.Deadlines(ctx, model.Date{}, date(t, "2026-01-01"))
	wantFields(t, err, "from")
}

func TestForecastAccuracyStore(t *testing.T) {
	e := newOrdersEnv(t)
	ctx := t.Context()
	mar := model.Month{Year: 2025, Month: 3}
	acc, err := e.db.ForecastAccuracy(ctx, mar)
	if err != nil || acc.OK || len(acc.ByProduct) != 0 {
		t.Fatalf("nothing yet %+v %v", acc, err)
	}
	// Forecast for March: P1 100 (as 60 std + 40 mark), P2 50.
	fc := model.Period{Kind: model.PlanForecast, Month: mar}
	v, err := e.db.SavePlan(ctx, e.users["sales"], fc, 0, []model.PlanCell{
		{Product: "P1", Variant: "std", Qty: 60}, {Product: "P1", Variant: "mark", Qty: 40}, {Product: "P2", Qty: 50}}, "")
	if err != nil {
		t.Fatal(err)
	}
	// An unpublished forecast is not the reference.
	if acc, _ := e.db.ForecastAccuracy(ctx, mar); acc.Forecast != 0 {
		t.Fatalf("unpublished counted %+v", acc)
	}
	if _, err := e.db.PublishPlan(ctx, e.users["sales"], fc, v.Version); err != nil {
		t.Fatal(err)
	}
	td := model.Period{Kind: model.PlanTenDay, Month: mar, Part: 1}
	v, _ = e.db.SavePlan(ctx, e.users["sales"], td, 0, []model.PlanCell{{Product: "P1", Qty: 50}}, "")
	if _, err := e.db.PublishPlan(ctx, e.users["sales"], td, v.Version); err != nil {
		t.Fatal(err)
	}
	// Shipped in March: P1 80 (on the 5th and 12th), P2 70; in April P1 500.
	l1 := e.answered(t, line("P1", 580, date(t, "2025-03-05")), date(t, "2025-03-05"))
	l2 := e.answered(t, line("P2", 70, date(t, "2025-03-05")), date(t, "2025-03-05"))
	e.at(t, "2025-03-05 10:00")
	e.stocked(t, "P1", "std", 580)
	e.stocked(t, "P2", "", 70)
	e.move(t, l1.ID, "keeper", ship(30, date(t, "2025-03-05")))
	e.move(t, l2.ID, "keeper", ship(70, date(t, "2025-03-05")))
	e.at(t, "2025-03-12 10:00")
	e.move(t, l1.ID, "keeper", ship(50, date(t, "2025-03-12")))
	e.at(t, "2025-04-01 10:00")
	e.move(t, l1.ID, "keeper", ship(500, date(t, "2025-04-01")))
	e.move(t, l1.ID, "sales", func(l *model.OrderLine, by *model.User, now time.Time, cal *model.Calendar) error {
		return l.Close(by, now, cal, "")
	})

	// ΣA = 150, Σ|F − A| = |100 − 80| + |50 − 70| = 40: 1 − 40/150; bias 0.
	acc, err = e.db.ForecastAccuracy(ctx, mar)
	if err != nil {
		t.Fatal(err)
	}
	if !acc.OK || acc.Forecast != 150 || acc.Actual != 150 || acc.AbsError != 40 ||
		math.Abs(acc.Value-0.7333333333333333) > 1e-12 || acc.Bias != 0 || len(acc.ByProduct) != 2 ||
		acc.ByProduct[0].Product != "P1" || acc.ByProduct[0].Actual != 80 || math.Abs(acc.ByProduct[0].Value-0.75) > 1e-12 {
		t.Fatalf("accuracy %+v", acc)
	}
	// Ten-day 1 (1–10 March): P1 50 forecast, 30 shipped; P2 70 not planned.
	acc, err = e.db.TenDayAccuracy(ctx, td)
	if err != nil || acc.Forecast != 50 || acc.Actual != 100 || acc.AbsError != 90 || math.Abs(acc.Value-0.1) > 1e-12 {
		t.Fatalf("ten-day %+v %v", acc, err)
	}
	// April: shipments but no forecast.
	acc, _ = e.db.ForecastAccuracy(ctx, model.Month{Year: 2025, Month: 4})
	if !acc.OK || acc.Forecast != 0 || acc.Actual != 500 || acc.Value != 0 || acc.Bias != -1 {
		t.Fatalf("april %+v", acc)
	}
	_, err = e.db.TenDayAccuracy(ctx, model.Period{Kind: model.PlanTenDay, Month: mar})
	wantFields(t, err, "period")
}

// Lines are read for the planning figures without their history.
func TestLineDecodedLite(t *testing.T) {
	due := time.Date(2025, 3, 22, 16, 0, 0, 0, time.UTC)
	l := model.OrderLine{ID: 7, ProductCode: "P1", Variant: "std", Qty: 5, ReplyDue: due,
		Shipments: []model.Shipment{{Qty: 2, Date: model.NewDate(2025, 3, 21)}},
		History:   []model.LineEvent{{Kind: model.EvShip, Text: `"date":"2025-04-01" "reply_due":"x"`}}}
	raw, err := json.Marshal(&l)
	if err != nil {
		t.Fatal(err)
	}
	lite, err := decodeLineLite(itob(7), raw)
	if err != nil || lite.History != nil || lite.ProductCode != "P1" || len(lite.Shipments) != 1 || !lite.ReplyDue.Equal(due) {
		t.Fatalf("lite %+v %v", lite, err)
	}
}

// The board is cached per committed transaction; a later read at a later
// time re-settles the cached items, and a commit makes it read afresh.
func TestDeadlinesCacheFollowsTimeAndWrites(t *testing.T) {
	e := newOrdersEnv(t)
	ctx := t.Context()
	day := date(t, "2025-03-21")
	e.at(t, "2025-03-21 13:00")
	board := func() map[string]model.DueItem {
		t.Helper()
		items, err := e.db.Deadlines(ctx, day, day)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string]model.DueItem{}
		for _, it := range items {
			m[string(it.Kind)+" "+it.Ref] = it
		}
		return m
	}
	sfKey := "shortfall 2025-03-21"
	if it := board()[sfKey]; it.State != model.DuePending {
		t.Fatalf("at 13:00 the shortfall is %s", it.State)
	}
	// The same board an hour later, nothing written in between: missing, and
	// late by how long it has been missing at this read.
	e.at(t, "2025-03-21 15:00")
	if it := board()[sfKey]; it.State != model.DueMissing || it.Late != time.Hour {
		t.Fatalf("at 15:00 the shortfall is %s, late %v", it.State, it.Late)
	}
	e.at(t, "2025-03-21 15:30")
	if it := board()[sfKey]; it.Late != 90*time.Minute {
		t.Fatalf("at 15:30 late %v", it.Late)
	}
	// A caller changing its slice does not change the next caller's.
	items, err := e.db.Deadlines(ctx, day, day)
	if err != nil {
		t.Fatal(err)
	}
	for i := range items {
		items[i].Who = "changed"
	}
	if board()[sfKey].Who != "" {
		t.Fatal("the cached board was changed through a returned copy")
	}
	// Publishing is a commit: the next read sees it done.
	sf, err := e.db.SaveShortfall(ctx, e.users["sales"], &model.Shortfall{Date: day, Through: date(t, "2025-03-23")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.PublishShortfall(ctx, e.users["sales"], sf.Date, sf.Version); err != nil {
		t.Fatal(err)
	}
	if it := board()[sfKey]; it.State != model.DueLate || it.Who != "sales" || it.Late != 90*time.Minute {
		t.Fatalf("after publishing: %+v", it)
	}
}

// Every figure of a shortfall row can be followed back to its records: the
// lines counted, the ten-day remainder and its proration, stock as of the
// saved table's time and the planned days.
func TestShortfallBasis(t *testing.T) {
	e := shortfallScene(t)
	ctx := t.Context()
	day := date(t, "2025-03-21")
	b, err := e.db.ShortfallBasis(ctx, day, "P1", "std")
	if err != nil {
		t.Fatal(err)
	}
	want := model.ShortfallRow{Product: "P1", Variant: "std", OrderDemand: 350, PlanRemainder: 273, Planned: 500, Computed: 123, Figure: 123}
	if b.Row != want || b.Now != want || !b.Saved.IsZero() {
		t.Fatalf("draft basis row %+v now %+v", b.Row, b.Now)
	}
	if len(b.Lines) != 2 || b.Lines[0].Date != day || b.Lines[0].Qty != 50 || !b.Lines[0].Promised ||
		b.Lines[1].Date != date(t, "2025-03-22") || b.Lines[1].Qty != 300 {
		t.Fatalf("lines %+v", b.Lines)
	}
	for _, l := range b.Lines {
		if !strings.HasPrefix(l.OrderNo, "SO-") || l.Customer != e.customers["CA"].Name || l.LineNo != 1 {
			t.Errorf("line %+v: want its order number and customer", l)
		}
	}
	// 1100 planned for 03-21..03-31, 100 shipped: 1000 left, 3 of its 11 days
	// in the horizon → 273 (rounded up).
	if !b.HasPlan || b.PlanQty != 1100 || b.Shipped != 100 || b.Rest != 1000 || b.Days != 3 || b.DaysLeft != 11 {
		t.Fatalf("remainder basis %+v", b)
	}
	if len(b.Planned) != 1 || b.Planned[0] != (model.PlannedDay{Date: date(t, "2025-03-22"), Qty: 500}) {
		t.Fatalf("planned %+v", b.Planned)
	}

	// Saved at 13:50; 40 counted in at 14:30: the table keeps its figures
	// and the stock then, the basis shows what the records say now.
	savedAt := e.at(t, "2025-03-21 13:50")
	sf, _ := e.db.Shortfall(ctx, day)
	if _, err := e.db.SaveShortfall(ctx, e.users["sales"], sf); err != nil {
		t.Fatal(err)
	}
	e.at(t, "2025-03-21 14:30")
	if _, err := e.db.AdjustStock(ctx, e.users["keeper"], model.StockAdjustment{ProductCode: "P1", Variant: "std", Delta: 40, Reason: "盘点"}); err != nil {
		t.Fatal(err)
	}
	b, err = e.db.ShortfallBasis(ctx, day, "P1", "std")
	if err != nil {
		t.Fatal(err)
	}
	if b.Row != want || b.Now.Stock != 40 || b.Now.Computed != 83 || b.StockSaved != 0 || !b.Saved.Equal(savedAt) {
		t.Fatalf("saved basis row %+v now %+v stock then %d saved %v", b.Row, b.Now, b.StockSaved, b.Saved)
	}
	// The mark variant: no demand, stock 7 as of the save.
	if b, err := e.db.ShortfallBasis(ctx, day, "P1", "mark"); err != nil || b.StockSaved != 7 || len(b.Lines) != 0 || b.Row.Surplus != 7 {
		t.Fatalf("mark basis %+v %v", b, err)
	}
	if _, err := e.db.ShortfallBasis(ctx, day, "P404", ""); err == nil {
		t.Fatal("unknown product explained")
	}
}

// Nothing was owed before the data file came into use: the planning
// deadlines begin on the day of its first audited change (here the test
// accounts, set up on 2025-03-03), so a new factory's board and
// submission timeliness do not open with months of "missing".
func TestDeadlinesBeginWhenInUse(t *testing.T) {
	e := newOrdersEnv(t)
	ctx := t.Context()
	e.at(t, "2025-03-05 09:00")
	items, err := e.db.Deadlines(ctx, date(t, "2025-02-01"), date(t, "2025-03-04"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, it := range items {
		got = append(got, it.Due.Format("01-02 15:04")+" "+string(it.Kind)+" "+string(it.State))
	}
	want := []string{
		"03-03 14:00 shortfall missing", "03-03 17:30 plan missing",
		"03-04 14:00 shortfall missing", "03-04 17:30 plan missing",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("board of February to 03-04:\n%s\nwant only the days in use:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	feb := model.Month{Year: 2025, Month: 2}
	v, err := e.db.KPI(ctx, model.KPISubmission, feb, "")
	if err != nil {
		t.Fatal(err)
	}
	if v.OK {
		t.Errorf("submission timeliness of February, before the data file was in use: %+v, want no data", v)
	}
}
