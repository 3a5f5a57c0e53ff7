package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"xietong/model"
)

// fixture is a small, known factory inside a demo server: three customers
// of grades A, B, C and one product with stock, beside the demo as it
// stands today without its months of history (so what a test counts,
// reports, anomalies, feedback, plans and meetings, starts from none).
type fixture struct {
	ts      *testServer
	today   model.Date
	a, b, c *model.Customer
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	return newFixtureAt(t, time.Time{})
}

// newFixtureAt is newFixture on a server whose clock starts at now (zero:
// the test clock).
func newFixtureAt(t *testing.T, now time.Time) *fixture {
	t.Helper()
	ts := startServerWith(t, Config{Demo: true, Now: now, StillClock: !now.IsZero()}, discardLogger(), demoBare)
	ctx := context.Background()
	f := &fixture{ts: ts, today: ts.m.Svc.Calendar.DateOf(ts.m.Svc.Clock.Now())}
	save := func(code, name string, g model.Grade) *model.Customer {
		c, err := ts.m.Svc.Master.SaveCustomer(ctx, nil, &model.Customer{Code: code, Name: name, Region: "华东", Grade: g})
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	f.a, f.b, f.c = save("T-A", "测试甲超市", model.GradeA), save("T-B", "测试乙超市", model.GradeB), save("T-C", "测试丙商店", model.GradeC)
	_, err := ts.m.Svc.Master.SaveProduct(ctx, nil, &model.Product{Code: "T-FISH", Name: "测试鱼豆腐", Spec: "18g 香辣", Unit: "件",
		Variants: []model.Variant{{Code: "mark", Name: "带一元标示"}, {Code: "plain", Name: "无标示"}}, DefaultVariant: "mark",
		EconomicBatch: 100, DailyCapacity: 1000, LeadTimeDays: 1})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ts.m.Svc.Master.AdjustStock(ctx, nil, model.StockAdjustment{ProductCode: "T-FISH", Variant: "mark", Delta: 300, Reason: "盘点"}); err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *fixture) user(login string) *model.User {
	u, err := f.ts.m.Svc.Users.User(context.Background(), login)
	if err != nil {
		f.ts.t.Fatal(err)
	}
	return u
}

// sentOrder creates an order for c and walks its line to "sent" through the
// services, as sales and the sales lead would.
func (f *fixture) sentOrder(c *model.Customer, qty int64, days int) *model.Order {
	t := f.ts.t
	t.Helper()
	ctx := context.Background()
	svc := f.ts.m.Svc
	o, err := svc.Orders.CreateOrder(ctx, f.user("sales"), &model.Order{CustomerID: c.ID, Channel: "电话",
		Lines: []model.OrderLine{{ProductCode: "T-FISH", Variant: "mark", Qty: qty, RequestedDate: f.today.AddDays(days)}}}, true)
	if err != nil {
		t.Fatal(err)
	}
	lead := f.user("saleslead")
	for _, step := range []func(l *model.OrderLine) error{
		func(l *model.OrderLine) error { return l.Review(lead, svc.Clock.Now(), svc.Calendar) },
		func(l *model.OrderLine) error { return l.Send(lead, svc.Clock.Now(), svc.Calendar) },
	} {
		_, l, err := svc.Orders.Line(ctx, o.Lines[0].ID)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := svc.Orders.UpdateLine(ctx, lead, l.ID, l.Version, func(_ *model.Order, l *model.OrderLine, _ model.ProductLookup) error {
			return step(l)
		}); err != nil {
			t.Fatal(err)
		}
	}
	return o
}

// rowOf returns the screen line index holding every part, or -1.
func rowOf(screen string, parts ...string) int {
	for i, l := range strings.Split(screen, "\n") {
		all := true
		for _, p := range parts {
			all = all && strings.Contains(l, p)
		}
		if all {
			return i
		}
	}
	return -1
}

// The whole order flow (docs/DOMAIN.md#orders) over SSH, with both sides'
// sessions open.
func TestOrderFlowEndToEnd(t *testing.T) {
	f := newFixture(t)
	ts := f.ts
	early := f.sentOrder(f.a, 100, 10) // an earlier grade-A line

	sales := ts.open("sales", 110, 34, "")
	sales.waitText("今天需要你处理的事")
	sales.send("2")
	sales.waitText("订单号/行")
	sales.send("n")
	sales.waitText("新建订单")
	d1, d2 := f.today.AddDays(5).String(), f.today.AddDays(7).String()
	sales.send("T-B", kTab, "电话", kTab, "两行测试订单", kTab)
	sales.send("T-FISH", kTab, "mark", kTab, "500", kTab, d1)
	sales.waitText("测试鱼豆腐", "建议交期")
	sales.send("\x0e") // ctrl+n: a second line
	sales.send("T-FISH", kTab, "plain", kTab, "200", kTab)
	sales.send("\x15", d2) // ctrl+u clears the copied date first
	sales.send(kCtrlS)
	screen := sales.waitText("已提交（2 行）")
	no := orderNo(t, screen)

	late := f.sentOrder(f.c, 50, 3) // a grade-C line sent after

	lead := ts.open("saleslead", 110, 34, "")
	lead.waitText("今天需要你处理的事")
	lead.send("2")
	lead.waitText(no + "/1")
	for _, ln := range []string{"/1", "/2"} {
		lead.send("/")
		lead.send(no + ln)
		lead.send(kEnter, kEnter)
		lead.waitText("可执行", "v 审核")
		lead.send("v")
		lead.waitText("已审核：" + no + ln)
		lead.send("d")
		lead.waitText("已下达生产：" + no + ln)
		lead.send(kEsc)
		lead.waitText("订单号/行")
		lead.send(kEsc) // clear the filter
	}

	prod := ts.open("prod", 110, 34, "")
	prod.waitText("今天需要你处理的事")
	prod.send("3")
	screen = prod.waitText(no+"/1", no+"/2", early.No+"/1", late.No+"/1")
	ra, rb1, rb2, rc := rowOf(screen, early.No+"/1"), rowOf(screen, no+"/1"), rowOf(screen, no+"/2"), rowOf(screen, late.No+"/1")
	if !(ra < rb1 && rb1 < rb2 && rb2 < rc) {
		t.Fatalf("queue order A=%d B1=%d B2=%d C=%d:\n%s", ra, rb1, rb2, rc, screen)
	}
	// Move to B/1 and answer it with the suggested date.
	moveTo(t, prod, no+"/1")
	prod.send(kEnter)
	prod.waitText("建议交期", "a 答复交期")
	prod.send("a")
	prod.waitText("答复交期 · " + no + "/1") // the form, not the detail behind it
	prod.send(kCtrlS)
	prod.waitText("已答复交期：" + no + "/1")
	took := sales.within(live, "answer seen by sales", func(s string) bool {
		return strings.Contains(s, no+"/1 已答复交期")
	})
	t.Logf("the answer reached the sales session %v after production's screen confirmed it", took)
	prod.send(kEsc)
	moveTo(t, prod, no+"/2")
	prod.send(kEnter)
	prod.waitText("u 订单内容不明")
	prod.send("u")
	prod.send("无标示的包装规格是哪一种？")
	prod.send(kCtrlS)
	prod.waitText("已订单内容不明：" + no + "/2")
	sales.within(live, "question seen by sales", func(s string) bool {
		return strings.Contains(s, no+"/2 订单内容不明：无标示的包装规格是哪一种？")
	})
	// The list updated in place too.
	sales.waitFor("statuses in the list", func(s string) bool {
		return lineWith(s, no+"/1", "已答复") && lineWith(s, no+"/2", "内容不明")
	})

	// Sales answers the question and files a change order on line 1.
	sales.send("/")
	sales.send(no + "/2")
	sales.send(kEnter, kEnter)
	sales.waitText("a 答复疑问")
	sales.send("a", "用 20 件装的纸箱。", kCtrlS)
	sales.waitText("已答复疑问：" + no + "/2")
	sales.send(kEsc)
	sales.send(kEsc)
	sales.send("/")
	sales.send(no + "/1")
	sales.send(kEnter, kEnter)
	sales.waitText("c 变更单")
	sales.send("c")
	sales.waitText("变更单 · " + no + "/1")
	// F4 looks up the product and then its variants, as in the order form.
	sales.send(kF4)
	sales.waitText("选择产品", "▸ T-FISH  测试鱼豆腐")
	sales.send(kEnter, kF4)
	sales.waitText("选择型号", "▸ mark  带一元标示")
	sales.send(kEnter) // on to the quantity
	sales.waitText("变更单 · " + no + "/1")
	sales.send("\x15", "600", kTab, kTab, "客户加量", kCtrlS)
	sales.waitText("已变更单：" + no + "/1")

	prod.within(live, "change order seen by production", func(s string) bool {
		return strings.Contains(s, "变更单："+no+"/1 需重新答复")
	})
	prod.send(kEsc)
	moveTo(t, prod, no+"/1")
	prod.send(kEnter)
	prod.waitText("已变更，待重新答复")
	prod.send("a")
	prod.waitText("答复交期 · " + no + "/1")
	prod.send(kCtrlS)
	prod.waitText("已答复交期：" + no + "/1")

	// The line's history shows every step, in order, in sales' session.
	sales.waitFor("history", func(s string) bool {
		rows := []int{rowOf(s, "录入"), rowOf(s, "│ 提交"), rowOf(s, "│ 审核"), rowOf(s, "下达生产"), rowOf(s, "答复交期"), rowOf(s, "变更单", "600")}
		for i := 1; i < len(rows); i++ {
			if rows[i-1] < 0 || rows[i] <= rows[i-1] {
				return false
			}
		}
		return strings.Count(s, "答复交期") >= 2
	})
}

// moveTo moves the list cursor onto the row holding text.
func moveTo(t *testing.T, tm *term, text string) {
	t.Helper()
	for range 100 {
		s := tm.waitText(text)
		target, cur := rowOf(s, text), selectedRow(tm)
		if cur == target {
			return
		}
		k := kDown
		if cur > target {
			k = kUp
		}
		tm.send(k)
		tm.waitFor("the cursor to move", func(string) bool { return selectedRow(tm) != cur })
	}
	t.Fatalf("could not move to %q:\n%s", text, tm.screen())
}

// selectedRow is the screen row drawn with the selection background.
func selectedRow(tm *term) int {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	for y := 0; y < tm.emu.Height(); y++ {
		c := tm.emu.CellAt(2, y)
		if c != nil && c.Style.Bg != nil && c.Content != "─" {
			return y
		}
	}
	return -1
}

func orderNo(t *testing.T, screen string) string {
	t.Helper()
	i := strings.Index(screen, "订单 SO-")
	if i < 0 {
		t.Fatalf("no order number on screen:\n%s", screen)
	}
	rest := screen[i+len("订单 "):]
	return strings.Fields(rest)[0]
}
