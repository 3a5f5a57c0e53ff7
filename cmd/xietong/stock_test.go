package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"xietong/model"
)

// A week in the factory (docs/DOMAIN.md#master-data, #planning): orders
// come in, the 14:00 shortfall is published, the 17:30 plan, a daily report
// is submitted, lines ship. At each step the stock and the next shortfall
// are the hand-computed figures, read over SSH; the stock as of a past time
// is what it was then; a shipment larger than the stock is refused with the
// figures; the stock screen lists the movements.
func TestWeekInTheFactory(t *testing.T) {
	// From Monday 11-30 08:00: T-FISH/mark 300 in stock, 1,000 a day, lead
	// time 1 day.
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	f := newFixtureAt(t, time.Date(2026, time.November, 30, 8, 0, 0, 0, shanghai))
	ts, ctx, svc := f.ts, context.Background(), f.ts.m.Svc
	loc := ts.m.Clock.Loc
	at := func(d, h, m int) { ts.m.Clock.Set(time.Date(2026, time.December, d, h, m, 0, 0, loc)) }
	type stockJSON struct {
		Qty   int64 `json:"qty"`
		Moves []struct {
			Cause   string `json:"cause"`
			Qty     int64  `json:"qty"`
			Balance int64  `json:"balance"`
		} `json:"moves"`
	}
	stock := func(args string) stockJSON {
		t.Helper()
		r := ts.exec("store", "stock show T-FISH --json "+args)
		var s stockJSON
		if r.code != 0 || json.Unmarshal([]byte(r.stdout), &s) != nil {
			t.Fatalf("stock show %s: %+v", args, r)
		}
		return s
	}
	shortfall := func(day string) model.ShortfallRow {
		t.Helper()
		r := ts.exec("sales", "shortfall show "+day+" --json")
		var sf model.Shortfall
		if r.code != 0 || json.Unmarshal([]byte(r.stdout), &sf) != nil {
			t.Fatalf("shortfall show %s: %+v", day, r)
		}
		for _, row := range sf.Rows {
			if row.Product == "T-FISH" && row.Variant == "mark" {
				return row
			}
		}
		return model.ShortfallRow{Product: "T-FISH", Variant: "mark"}
	}
	answered := func(qty int64, promised model.Date) *model.OrderLine {
		t.Helper()
		o := f.sentOrder(f.a, qty, 3)
		prod := f.user("prod")
		_, cur, err := svc.Orders.Line(ctx, o.Lines[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		_, l, err := svc.Orders.UpdateLine(ctx, prod, cur.ID, cur.Version, func(_ *model.Order, l *model.OrderLine, _ model.ProductLookup) error {
			return l.Answer(prod, svc.Clock.Now(), svc.Calendar, promised)
		})
		if err != nil {
			t.Fatal(err)
		}
		return l
	}

	// Monday 11-30 09:00: two orders in, answered for Wednesday and Thursday.
	ts.m.Clock.Set(time.Date(2026, time.November, 30, 9, 0, 0, 0, loc))
	f.today = model.NewDate(2026, 11, 30)
	a := answered(400, model.NewDate(2026, 12, 2))
	b := answered(150, model.NewDate(2026, 12, 3))
	if s := stock(""); s.Qty != 300 {
		t.Fatalf("Monday stock %d, want 300", s.Qty)
	}
	// 14:00: the shortfall through Wednesday counts line a: 400 − 300 = 100.
	ts.m.Clock.Set(time.Date(2026, time.November, 30, 14, 0, 0, 0, loc))
	if r := shortfall("2026-11-30"); r.OrderDemand != 400 || r.Stock != 300 || r.Figure != 100 {
		t.Fatalf("Monday's shortfall %+v, want demand 400, stock 300, figure 100", r)
	}
	sf, err := svc.Planning.Shortfall(ctx, model.NewDate(2026, 11, 30))
	if err != nil {
		t.Fatal(err)
	}
	saved, err := svc.Planning.SaveShortfall(ctx, f.user("sales"), sf)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Planning.PublishShortfall(ctx, f.user("sales"), saved.Date, saved.Version); err != nil {
		t.Fatal(err)
	}
	// 17:30: Tuesday's plan makes 200 (the economic batch rounds 100 up).
	ts.m.Clock.Set(time.Date(2026, time.November, 30, 17, 20, 0, 0, loc))
	plan, _, err := svc.Planning.ProductionPlan(ctx, model.NewDate(2026, 12, 1))
	if err != nil {
		t.Fatal(err)
	}
	for i := range plan.Lines {
		if plan.Lines[i].Product == "T-FISH" {
			plan.Lines[i].Qty = 200
		}
	}
	pp, _, err := svc.Planning.SaveProductionPlan(ctx, f.user("prod"), plan)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Planning.PublishProductionPlan(ctx, f.user("prod"), pp.Date, pp.Version); err != nil {
		t.Fatal(err)
	}

	// Tuesday 18:00: the day's report, 220 made, 20 defective: +200.
	at(1, 18, 0)
	if _, err := svc.Shop.SubmitReport(ctx, f.user("shop"), &model.DailyReport{Date: model.NewDate(2026, 12, 1), Line: "1号线", Shift: model.ShiftDay,
		Rows: []model.ReportRow{{Product: "T-FISH", Variant: "mark", Planned: 200, Actual: 220, Defect: 20, DefectReason: "D01"}}}); err != nil {
		t.Fatal(err)
	}
	if s := stock(""); s.Qty != 500 || len(s.Moves) == 0 || s.Moves[0].Cause != "production" || s.Moves[0].Qty != 200 {
		t.Fatalf("Tuesday evening stock %+v, want 500 after +200 produced", s)
	}

	// Wednesday 10:00: line a ships 400 → 100 left.
	at(2, 10, 0)
	store := f.user("store")
	ship := func(l *model.OrderLine, qty int64) error {
		_, cur, err := svc.Orders.Line(ctx, l.ID)
		if err != nil {
			return err
		}
		_, _, err = svc.Orders.UpdateLine(ctx, store, cur.ID, cur.Version, func(_ *model.Order, l *model.OrderLine, _ model.ProductLookup) error {
			return l.Ship(store, svc.Clock.Now(), svc.Calendar, qty, svc.Calendar.DateOf(svc.Clock.Now()))
		})
		return err
	}
	if err := ship(a, 400); err != nil {
		t.Fatal(err)
	}
	if s := stock(""); s.Qty != 100 || s.Moves[0].Cause != "shipment" || s.Moves[0].Qty != -400 || s.Moves[0].Balance != 100 {
		t.Fatalf("Wednesday stock %+v, want 100 after shipping 400", s)
	}
	// 14:00: the shortfall through Friday counts line b: 150 − 100 = 50.
	at(2, 14, 0)
	if r := shortfall("2026-12-02"); r.OrderDemand != 150 || r.Stock != 100 || r.Figure != 50 {
		t.Fatalf("Wednesday's shortfall %+v, want demand 150, stock 100, figure 50", r)
	}
	// Line b cannot ship 150 from 100: refused with the figures.
	err = ship(b, 150)
	if msg := model.ErrorMessage(err, model.LangZH); !strings.Contains(msg, "库存不足：T-FISH/mark 现有 100，要出 150") {
		t.Fatalf("shipping more than on hand: %v", msg)
	}
	// The stock as of Tuesday noon was Monday's 300; Tuesday night 500.
	for _, c := range []struct {
		at   string
		want int64
	}{{"'2026-12-01 12:00'", 300}, {"2026-12-01", 500}, {"2026-12-02T09:59:00+08:00", 500}} {
		if s := stock("--at " + c.at); s.Qty != c.want {
			t.Errorf("stock at %s: %d, want %d", c.at, s.Qty, c.want)
		}
	}
	if r := ts.exec("store", "stock show T-FISH --at yesterday"); r.code != 2 || !strings.Contains(r.stderr, "--at yesterday") {
		t.Errorf("bad --at: %+v", r)
	}

	// The stock screen: enter on the row lists the movements.
	tm := ts.open("store", 120, 40, "")
	tm.waitText("今天需要你处理的事")
	tm.send("2", kTab)
	tm.waitText("库存截至 2026-12-02 14:00", "测试鱼豆腐")
	moveTo(t, tm, "带一元标示       │       100")
	tm.send(kEnter)
	screen := tm.waitText("库存流水：测试鱼豆腐 18g 香辣 带一元标示 · 现有 100")
	for _, want := range [][]string{{"发货出库", "-400", "100"}, {"生产入库", "+200", "500", "2026-12-01|1号线|day"}, {"调整", "+300", "300", "盘点"}} {
		if !lineWith(screen, want...) {
			t.Fatalf("the movements lack %q:\n%s", want, screen)
		}
	}
}
