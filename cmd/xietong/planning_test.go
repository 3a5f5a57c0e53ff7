package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"xietong/model"
)

// The planning deadlines (docs/DOMAIN.md#deadlines) on a test clock: a
// forecast entered on the 21st is on time, one entered on the 23rd is late
// by a day; the shortfall published at 14:05 is late by 5 minutes; the
// production plan published at 17:10 is on time and reaches the open sales
// session live. The months are the ones after the demo's history (which
// ends at the test clock): the next month's 21st, and the 23rd of the one
// after (its shortfall and plan on the first working day from then).
func TestPlanningDeadlinesOnTestClock(t *testing.T) {
	ts := startServer(t, Config{Demo: true})
	loc := ts.m.Clock.Loc
	cal := ts.m.Svc.Calendar
	at := func(d model.Date, h, m int) { ts.m.Clock.Set(time.Date(d.Y, d.M, d.D, h, m, 0, 0, loc)) }
	m1 := model.MonthOf(cal.DateOf(testNow())).AddMonths(1)
	m2, m3 := m1.AddMonths(1), m1.AddMonths(2)
	day := model.NewDate(m2.Year, m2.Month, 23)
	for !cal.IsWorkingDay(day) {
		day = day.AddDays(1)
	}
	next := cal.NextWorkingDay(day)

	at(model.NewDate(m1.Year, m1.Month, 21), 10, 0)
	s1 := ts.open("sales", 110, 34, "")
	s1.waitText("今天需要你处理的事")
	s1.send("4")
	s1.waitText(m2.String()+" 预估销量表", "截止 "+m1.String()+"-22 24:00")
	s1.send("5", "0", "0", kEnter, "2", "0", "0", kEnter, kCtrlS)
	s1.waitText(m2.String() + " 预估销量表 已保存为第 1 版")
	s1.send("\x10") // ctrl+p
	s1.waitText(m2.String() + " 预估销量表 第 1 版已发布")
	s1.close()

	at(model.NewDate(m2.Year, m2.Month, 23), 10, 0)
	s2 := ts.open("sales", 110, 34, "")
	s2.waitText("今天需要你处理的事")
	s2.send("4")
	s2.waitText(m3.String() + " 预估销量表")
	s2.send("3", "0", "0", kEnter, kCtrlS)
	s2.waitText("已保存为第 1 版")
	s2.send("\x10")
	s2.waitText(m3.String() + " 预估销量表 第 1 版已发布")
	s2.close()

	// The shortfall table at 14:05: raise one figure with a reason, publish.
	at(day, 14, 5)
	prod := ts.open("prod", 110, 34, "")
	prod.waitText("今天需要你处理的事")
	sales := ts.open("sales", 110, 34, "")
	sales.waitText("今天需要你处理的事")
	sales.send("4")
	sales.waitText(m3.String() + " 预估销量表")
	sales.send("\x1b[1;5C", "\x1b[1;5C") // ctrl+right twice: 差额表
	sales.waitText(day.String() + " 差额表")
	sales.send("4", "0", "0", kEnter, kUp, kRight)
	sales.send("客户临时加单", kEnter, kCtrlS)
	sales.waitText(day.String() + " 差额表已保存")
	sales.send("\x10")
	sales.waitText(day.String() + " 差额表已发布")
	prod.within(live, "the shortfall alert in production", func(s string) bool {
		return strings.Contains(s, day.String()+" 差额表已发布")
	})

	// The production plan at 17:10, for the next working day.
	at(day, 17, 10)
	prod.send("4", "\x1b[1;5C", "\x1b[1;5C", "\x1b[1;5C")
	prod.waitText(next.String() + " 生产计划")
	prod.send(kCtrlS)
	prod.waitText(next.String() + " 生产计划已保存")
	prod.send("\x10")
	prod.waitText(next.String() + " 生产计划已发布")
	took := sales.within(live, "the plan reaching sales", func(s string) bool {
		return strings.Contains(s, next.String()+" 生产计划已发布（刘建国）")
	})
	t.Logf("the published plan reached the sales session after %v", took)

	// The plan holds the raised figure, rounded up to the economic batch.
	plan, _, err := ts.m.Svc.Planning.ProductionPlan(context.Background(), next)
	if err != nil || len(plan.Lines) == 0 || plan.Lines[0].Qty < 400 {
		t.Fatalf("plan = %+v %v", plan, err)
	}

	// The deadline board of the second month: forecast late by a day,
	// shortfall late by 5 minutes, plan on time; of the first: its
	// forecast on time.
	board := ts.open("office", 120, 40, "")
	board.waitText("今天需要你处理的事")
	board.send("5", "t")
	board.waitText(m2.String() + " 月度期限")
	find := func(text string, parts ...string) {
		t.Helper()
		board.send("/")
		board.send(text, kEnter)
		board.waitFor(text, func(s string) bool { return lineWith(s, parts...) })
		board.send(kEsc)
	}
	find(m3.String(), "预估销量表", m3.String(), "迟交 1 天")
	find(day.String(), "差额表", day.String(), "迟交 5分钟")
	find(next.String(), "生产计划", next.String(), "按时")
	board.send("[")
	board.waitText(m1.String() + " 月度期限")
	find(m2.String(), "预估销量表", m2.String(), "按时")

	// The same over exec.
	r := ts.exec("office", "deadlines --month "+m2.String()+" --json")
	if r.code != 0 || !strings.Contains(r.stdout, `"state": "late"`) {
		t.Fatalf("deadlines exec: %+v", r)
	}
}

// Grid editing over SSH: text, negative and over-large cells are refused at
// the cell; leaving the grid with unsaved cells asks first and "n" keeps them.
func TestPlanningGridBadCells(t *testing.T) {
	ts := startServer(t, Config{Demo: true})
	tm := ts.open("sales", 110, 34, "en_US.UTF-8")
	tm.waitText("what needs you today")
	tm.send("4")
	tm.waitText("Sales forecast")
	for _, c := range []struct{ in, msg string }{
		{"abc", "a whole number from 0 to 10000000"},
		{"-5", "cannot be negative"},
		{"20000000", "at most 10000000"},
	} {
		tm.send(c.in, kEnter)
		tm.waitText("✗ Quantity", c.msg)
		tm.send(kEsc)
		tm.waitFor("the refused cell dropped", func(s string) bool { return !strings.Contains(s, c.msg) })
	}
	tm.send("1", "2", "0", kEnter)
	tm.waitText("*120")
	tm.send("\x1b[1;5C") // ctrl+right: leave the forecast tab
	tm.waitText("Discard unsaved edits?")
	tm.send("n")
	tm.waitFor("question gone", func(s string) bool { return !strings.Contains(s, "Discard unsaved edits?") })
	if !strings.Contains(tm.screen(), "*120") || !strings.Contains(tm.screen(), "Sales forecast") {
		t.Fatalf("the unsaved cell was lost:\n%s", tm.screen())
	}
	tm.send("\x03") // ctrl+c asks too
	tm.waitText("Quit anyway?")
}

// forecast import over exec is all-or-nothing; show and the board commands answer.
func TestPlanningExec(t *testing.T) {
	f := newFixture(t)
	c, err := f.ts.dial("sales")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	bad := "product,variant,qty\nT-FISH,mark,100\nT-FISH,plain,-3\n"
	if r := runExec(t, c, "forecast import 2027-02 --csv", bad); r.code != 1 || !strings.Contains(r.stderr, "第 3 行") {
		t.Fatalf("bad import: %+v", r)
	}
	if set, _ := f.ts.m.Svc.Planning.Plan(context.Background(), model.Period{Kind: model.PlanForecast, Month: model.Month{Year: 2027, Month: 2}}); len(set.Versions) != 0 {
		t.Fatal("a refused import saved a version")
	}
	// Variants by code or by name; shown by name.
	good := "产品编码,型号,数量\nT-FISH,mark,100\nT-FISH,无标示,30\n"
	if r := runExec(t, c, "forecast import 2027-02 --csv --publish", good); r.code != 0 {
		t.Fatalf("good import: %+v", r)
	}
	r := runExec(t, c, "forecast show 2027-02 --csv", "")
	if r.code != 0 || !strings.Contains(r.stdout, "T-FISH,带一元标示,100") || !strings.Contains(r.stdout, "T-FISH,无标示,30") {
		t.Fatalf("show: %+v", r)
	}
	for _, cmd := range []string{"shortfall show --json", "plan show", "deadlines", "kpi forecast 2027-02 --json", "tenday show 2027-02-3"} {
		if r := runExec(t, c, cmd, ""); r.code != 0 {
			t.Errorf("%s: %+v", cmd, r)
		}
	}
	if r := runExec(t, c, "kpi forecast 2027-13", ""); r.code == 0 {
		t.Error("a bad month was accepted")
	}
}

// moveToRow moves the cursor of tm's list or grid to the row holding every
// part.
func moveToRow(t *testing.T, tm *term, parts ...string) {
	t.Helper()
	for range 100 {
		s := tm.waitFor(strings.Join(parts, " "), func(s string) bool { return rowOf(s, parts...) >= 0 })
		target, cur := rowOf(s, parts...), selectedRow(tm)
		if cur == target {
			return
		}
		k := kDown
		if cur > target {
			k = kUp
		}
		tm.send(k)
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("cannot reach the row with %q:\n%s", parts, tm.screen())
}

// The planning loop over SSH on the demo's 果然有鱼 family: a shortfall row
// opens how it was made; the production plan warns when the three flavours
// are short and only one is planned; a product is planned on two rows (front
// and outsourced); an edit after publishing is marked with what changed,
// and publishing again alerts sales again.
func TestPlanBalanceBasisAndRepublish(t *testing.T) {
	shanghai, _ := time.LoadLocation("Asia/Shanghai")
	f := newFixtureAt(t, time.Date(2026, time.December, 7, 10, 0, 0, 0, shanghai))
	ts, ctx, svc := f.ts, context.Background(), f.ts.m.Svc
	// Far more of each flavour than any stock: all three are short today.
	var lines []model.OrderLine
	for _, p := range []string{"GRYY-YW", "GRYY-XL", "GRYY-SK"} {
		lines = append(lines, model.OrderLine{ProductCode: p, Variant: "mark", Qty: 3000, RequestedDate: f.today.AddDays(1)})
	}
	o, err := svc.Orders.CreateOrder(ctx, f.user("sales"), &model.Order{CustomerID: f.a.ID, Channel: "电话", Lines: lines}, true)
	if err != nil {
		t.Fatal(err)
	}

	sales := ts.open("sales", 110, 34, "")
	sales.waitText("今天需要你处理的事")
	sales.send("4", "\x1b[1;5C", "\x1b[1;5C")
	sales.waitText("2026-12-07 差额表", "enter 看明细")
	moveToRow(t, sales, "GRYY-YW", "带一元标示")
	sales.send(kEnter)
	sales.waitText("差额明细 GRYY-YW 果然有鱼（原味） 带一元标示", "计算值 = 订单", o.No+"/1", "测试甲超市", "3000")
	sales.send(kEsc)
	sales.waitText("2026-12-07 差额表（统计至 2026-12-09）")
	sales.send(kCtrlS)
	sales.waitText("2026-12-07 差额表已保存")
	sales.send("\x10")
	sales.waitText("2026-12-07 差额表已发布")

	prod := ts.open("prod", 110, 34, "")
	prod.waitText("今天需要你处理的事")
	prod.send("4", "\x1b[1;5C", "\x1b[1;5C", "\x1b[1;5C")
	prod.waitText("2026-12-08 生产计划", "GRYY-SK", "GRYY-XL", "GRYY-YW")
	// Only the original flavour: the balance warning names the family.
	for _, p := range []string{"GRYY-XL", "GRYY-SK"} {
		moveToRow(t, prod, p, "带一元标示")
		prod.send("0", kEnter)
	}
	prod.send(kCtrlS)
	prod.waitText("2026-12-08 生产计划已保存", "口味/型号平衡：果然有鱼 中", "都缺货，却只安排了 果然有鱼（原味） 带一元标示")

	// Part of the original flavour outsourced, on a second row.
	moveToRow(t, prod, "GRYY-YW", "带一元标示")
	prod.send("\x0e") // ctrl+n
	prod.waitText("外包工序")
	prod.send("100", kEnter, kCtrlS)
	byProcess := map[model.Process]int64{}
	prod.waitFor("the outsourced row saved", func(string) bool {
		plan, _, err := svc.Planning.ProductionPlan(ctx, model.NewDate(2026, 12, 8))
		if err != nil {
			t.Fatal(err)
		}
		clear(byProcess)
		for _, l := range plan.Lines {
			if l.Product == "GRYY-YW" && l.Variant == "mark" {
				byProcess[l.Process] += l.Qty
			}
		}
		return byProcess[model.ProcessOutsourced] == 100 && byProcess[model.ProcessFront] == 3000
	})

	prod.send("\x10")
	prod.waitText("2026-12-08 生产计划已发布")
	sales.within(live, "the plan reaching sales", func(s string) bool {
		return strings.Contains(s, "2026-12-08 生产计划已发布（刘建国）")
	})

	// An edit after publishing is marked, with what changed.
	moveToRow(t, prod, "GRYY-YW", "外包工序")
	prod.send("200", kEnter, kCtrlS)
	prod.waitText("发布后已修改，未重新发布", "发布后改动：果然有鱼（原味） 带一元标示 外包工序 100→200")
	prod.send("\x10")
	prod.waitText("重新发布")
	sales.within(live, "the changed plan reaching sales", func(s string) bool {
		return strings.Contains(s, "2026-12-08 生产计划已修改并重新发布（刘建国）")
	})
}

// A column pasted into the forecast grid over SSH fills three cells, and
// ctrl+z takes it back.
func TestGridPasteOverSSH(t *testing.T) {
	ts := startServer(t, Config{Demo: true})
	sales := ts.open("sales", 80, 24, "")
	sales.waitText("今天需要你处理的事")
	sales.send("4")
	before := sales.waitText("预估销量表", "本版数量")
	first := func(s, product, variant string) string {
		for _, l := range strings.Split(s, "\n") {
			if strings.Contains(l, product) && strings.Contains(l, variant) {
				f := strings.Split(l, "│")
				return strings.Trim(strings.TrimSpace(f[3]), "[]*")
			}
		}
		return ""
	}
	was := []string{first(before, "GRYY-SK", "带一元"), first(before, "GRYY-SK", "无一元"), first(before, "GRYY-XL", "带一元")}
	sales.send("\x1b[200~10\r20\r30\x1b[201~")
	sales.waitFor("three pasted cells", func(s string) bool {
		return lineWith(s, "GRYY-SK", "带一元", "[10]") && lineWith(s, "GRYY-SK", "无一元", "*20") && lineWith(s, "GRYY-XL", "带一元", "*30")
	})
	sales.send("\x1a") // ctrl+z
	sales.waitFor("the paste taken back", func(s string) bool {
		return lineWith(s, "GRYY-SK", "带一元", "["+was[0]+"]") && lineWith(s, "GRYY-SK", "无一元", " "+was[1]+" ") &&
			lineWith(s, "GRYY-XL", "带一元", " "+was[2]+" ") && !strings.Contains(s, "*")
	})
}

// In a grid that takes every key the footer offers only keys that work
// there: F1 for help, not ? L q (which would be typed).
func TestEditingGridFooterAndF1(t *testing.T) {
	ts := startServer(t, Config{Demo: true})
	sales := ts.open("sales", 120, 30, "")
	sales.waitText("今天需要你处理的事")
	sales.send("4")
	screen := sales.waitText("预估销量表", "F1 帮助")
	if strings.Contains(screen, "q 退出") || strings.Contains(screen, "L 中/英") {
		t.Fatalf("the footer offers keys that would be typed:\n%s", screen)
	}
	sales.send("\x1bOP") // F1
	sales.waitText("按键说明")
	sales.send(kEsc)
	sales.waitText("预估销量表", "F1 帮助")
}
