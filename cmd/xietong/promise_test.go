package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"xietong/model"
)

// Promises that hold (docs/DOMAIN.md#orders), over SSH. 200 a day, a line
// of 550 promised for Tuesday 12-08 and 150 in stock: the line takes the
// stock and is made on Saturday 12-05 and Monday 12-07, so a new 200 is made
// on 12-08 and promised for 12-09, not on a day already full, and the reason
// says so. A line waiting higher in the reply queue takes the first free
// day before a lower one; an answer earlier than the suggestion needs a
// reason; a promise on a Sunday is refused.
func TestPromisesHold(t *testing.T) {
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	f := newFixtureAt(t, time.Date(2026, time.December, 3, 9, 0, 0, 0, shanghai)) // Thursday
	ts, ctx, svc := f.ts, context.Background(), f.ts.m.Svc
	f.today = model.NewDate(2026, 12, 3)
	if _, err := svc.Master.SaveProduct(ctx, nil, &model.Product{Code: "T-SLOW", Name: "测试鱼丸", Spec: "小批量", Unit: "件",
		EconomicBatch: 100, DailyCapacity: 200, LeadTimeDays: 1}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Master.AdjustStock(ctx, nil, model.StockAdjustment{ProductCode: "T-SLOW", Delta: 150, Reason: "盘点"}); err != nil {
		t.Fatal(err)
	}
	line := func(c *model.Customer, qty int64) *model.OrderLine {
		t.Helper()
		o, err := svc.Orders.CreateOrder(ctx, f.user("sales"), &model.Order{CustomerID: c.ID,
			Lines: []model.OrderLine{{ProductCode: "T-SLOW", Qty: qty, RequestedDate: model.NewDate(2026, 12, 15)}}}, true)
		if err != nil {
			t.Fatal(err)
		}
		lead := f.user("saleslead")
		for _, step := range []func(l *model.OrderLine) error{
			func(l *model.OrderLine) error { return l.Review(lead, svc.Clock.Now(), svc.Calendar) },
			func(l *model.OrderLine) error { return l.Send(lead, svc.Clock.Now(), svc.Calendar) },
		} {
			_, cur, _ := svc.Orders.Line(ctx, o.Lines[0].ID)
			if _, _, err := svc.Orders.UpdateLine(ctx, lead, cur.ID, cur.Version, func(_ *model.Order, l *model.OrderLine, _ model.ProductLookup) error {
				return step(l)
			}); err != nil {
				t.Fatal(err)
			}
		}
		_, l, _ := svc.Orders.Line(ctx, o.Lines[0].ID)
		return l
	}
	big := line(f.a, 550)
	prod := f.user("prod")
	if _, _, err := svc.Orders.UpdateLine(ctx, prod, big.ID, big.Version, func(_ *model.Order, l *model.OrderLine, _ model.ProductLookup) error {
		return l.Answer(prod, svc.Clock.Now(), svc.Calendar, model.NewDate(2026, 12, 8))
	}); err != nil {
		t.Fatal(err)
	}

	// Sales on the phone: 200 more.
	var p struct {
		Date   string `json:"date"`
		Reason string `json:"reason"`
	}
	r := ts.exec("sales", "promise T-SLOW 200 --json")
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &p) != nil || p.Date != "2026-12-09" || p.Reason != "库存 0；12-05 已满；12-07 已满；12-08 空余 200" {
		t.Fatalf("promise: %+v %+v", r, p)
	}
	r = ts.exec("sales", "promise T-SLOW 200")
	if r.code != 0 || !strings.Contains(r.stdout, "建议交期 2026-12-09") || !strings.Contains(r.stdout, "依据：库存 0；12-05 已满；12-07 已满；12-08 空余 200") {
		t.Fatalf("promise as text: %+v", r)
	}
	for _, bad := range []string{"promise T-SLOW 0", "promise T-SLOW x", "promise NOPE 10", "promise T-SLOW 10 --variant gold"} {
		if r := ts.exec("sales", bad); r.code == 0 || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
			t.Errorf("%s: %+v", bad, r)
		}
	}

	// Two lines in the reply queue, grade A ahead of grade C, 200 each: A
	// is made on 12-08 (the first day left) and promised 12-09; C, behind
	// it, on 12-09 and promised 12-10.
	a, c := line(f.a, 200), line(f.c, 200)
	fa, err := svc.Orders.PromiseFor(ctx, a.ID, svc.Clock.Now())
	if err != nil || fa.Suggestion.Date != model.NewDate(2026, 12, 9) {
		t.Fatalf("line A: %+v %v", fa.Suggestion, err)
	}
	fc, err := svc.Orders.PromiseFor(ctx, c.ID, svc.Clock.Now())
	if err != nil || fc.Suggestion.Date != model.NewDate(2026, 12, 10) {
		t.Fatalf("line C after A: %+v %v", fc.Suggestion, err)
	}
	// A new order waits behind both: made on 12-10, promised for 12-11.
	if r := ts.exec("sales", "promise T-SLOW 200 --json"); !strings.Contains(r.stdout, `"date": "2026-12-11"`) {
		t.Fatalf("a new order behind the queue: %+v", r)
	}

	// Production answers C from the reply screen: the form holds 12-10; an
	// earlier date needs a reason, a Sunday is refused.
	o, _, _ := svc.Orders.Line(ctx, c.ID)
	ref := o.No + "/1"
	tm := ts.open("prod", 120, 40, "")
	tm.waitText("今天需要你处理的事")
	tm.send("3")
	tm.waitText(ref)
	moveTo(t, tm, ref)
	tm.send(kEnter)
	tm.waitText("建议交期 2026-12-10", "依据：库存 0；12-05 已满；12-07 已满；12-08 已满；12-09 空余 200")
	tm.send("a")
	tm.waitText("答复交期 · "+ref, "2026-12-10")
	tm.send("\x15", "2026-12-13", kCtrlS)
	tm.waitText("2026-12-13 不是工作日")
	tm.send(kTab, kTab, "\x15", "2026-12-09", kCtrlS)
	tm.waitText("早于建议交期 2026-12-10，请写明原因")
	tm.send("客户急需，加班生产", kCtrlS)
	tm.waitText("已答复交期：" + ref)
	_, got, _ := svc.Orders.Line(ctx, c.ID)
	if got.PromisedDate != model.NewDate(2026, 12, 9) || got.History[len(got.History)-1].Text != "客户急需，加班生产" {
		t.Fatalf("answered %+v", got.History[len(got.History)-1])
	}
}
