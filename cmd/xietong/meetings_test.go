package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"xietong/model"
)

// The monthly meeting (docs/DOMAIN.md#meetings) is created on the 1st,
// before November's last reports and December's forecast are in; on the
// 3rd it shows them: item (a) the same output-vs-plan figures as the
// monthly report, item (d) the same forecast accuracy as the planning
// panel, both as of the moment it is read, in Chinese and in English.
// Attendance is picked from the accounts; a decision for prod reaches
// prod's daily list live, and ticking it done there shows done in the
// meeting. Closing asks first and freezes the figures: a report filed after
// changes nothing in the minutes, which take addenda only, audited.
func TestMonthlyMeeting(t *testing.T) {
	f := newFixture(t)
	ts, ctx := f.ts, context.Background()
	loc := ts.m.Clock.Loc
	at := func(mo time.Month, d, h, min int) { ts.m.Clock.Set(time.Date(2026, mo, d, h, min, 0, 0, loc)) }

	// December 1st, five past midnight: the meeting exists, with nothing
	// to show yet for November.
	at(time.December, 1, 0, 5)
	office := ts.open("office", 120, 40, "")
	office.waitText("今天需要你处理的事")
	office.send("5", kTab)
	office.waitText("2026年12月 月度营销协同例会")
	moveTo(t, office, "2026年12月 月度营销协同例会")
	office.send(kEnter)
	office.waitText("上月无生产日报", "2026-12 预估销量表 尚未发布", "数字截至 2026-12-01 00:05")
	office.send(kEsc)

	// Recorded afterwards: November's reports and shipments, and on the 2nd
	// December's forecast.
	nov := seedNovember(t, f)
	at(time.December, 2, 10, 0)
	sales := f.user("sales")
	dec := model.Period{Kind: model.PlanForecast, Month: model.Month{Year: 2026, Month: time.December}}
	v, err := ts.m.Svc.Planning.SavePlan(ctx, sales, dec, 0, []model.PlanCell{{Product: "T-FISH", Variant: "mark", Qty: 140}}, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ts.m.Svc.Planning.PublishPlan(ctx, sales, dec, v.Version); err != nil {
		t.Fatal(err)
	}

	// December 3rd, 9:00.
	at(time.December, 3, 9, 0)
	out, err := ts.m.Svc.Shop.MonthlyOutput(ctx, nov)
	if err != nil || len(out) == 0 {
		t.Fatalf("monthly output %+v %v", out, err)
	}
	acc, err := ts.m.Svc.Planning.ForecastAccuracy(ctx, nov)
	if err != nil || !acc.OK {
		t.Fatalf("accuracy %+v %v", acc, err)
	}
	prod := ts.open("prod", 120, 40, "")
	prod.waitText("今天需要你处理的事")
	office.send(kEnter)
	screen := office.waitText("上月产量与计划差异", "销售预估准确率", "数字截至 2026-12-03 09:00")
	o := out[0]
	if !lineWith(screen, "鱼豆腐", fmt.Sprint(o.Planned), fmt.Sprint(o.Actual), fmt.Sprint(o.Variance)) {
		t.Fatalf("item (a) does not show %+v by the product's name:\n%s", o, screen)
	}
	if want := fmt.Sprintf("%.1f%%", acc.Value*100); !strings.Contains(screen, want) {
		t.Fatalf("item (d) does not show accuracy %s:\n%s", want, screen)
	}
	if !strings.Contains(screen, "2026-12 预估销量表 已发布，合计 140") || strings.Contains(screen, "上月无生产日报") {
		t.Fatalf("items (a) and (b) still show the 1st:\n%s", screen)
	}
	// The planning panel shows the same figure.
	board := ts.open("sales", 120, 40, "")
	board.waitText("今天需要你处理的事")
	board.send("4", "\x1b[1;5D") // ctrl+left: the accuracy tab
	board.waitText("2026-11：", fmt.Sprintf("准确率 %.1f%%", acc.Value*100))

	// An English reader sees the same meeting in English.
	en := ts.open("office", 120, 40, "en_US.UTF-8")
	en.waitText("what needs you today")
	en.send("5", kTab)
	en.waitText("monthly coordination meeting 2026-12")
	moveTo(t, en, "monthly coordination meeting 2026-12")
	en.send(kEnter)
	enScreen := en.waitText("last month's output vs plan and variance reasons", "sales forecast accuracy",
		"figures a–d as of 2026-12-03 09:00", "Sales forecast 2026-12 published, total 140")
	if !lineWith(enScreen, "鱼豆腐", "planned "+fmt.Sprint(o.Planned), "actual "+fmt.Sprint(o.Actual)) ||
		!strings.Contains(enScreen, fmt.Sprintf("accuracy %.1f%%", acc.Value*100)) {
		t.Fatalf("the English reader's figures:\n%s", enScreen)
	}
	for _, zh := range []string{"计划", "上月", "准确率", "预估"} {
		if strings.Contains(enScreen[strings.Index(enScreen, "monthly coordination"):], zh) {
			t.Fatalf("the English meeting shows %q:\n%s", zh, enScreen)
		}
	}
	en.send(kEsc)

	// Attendance is picked from the accounts.
	office.send("p")
	office.waitText("空格 勾选出席人员", "刘建国")
	moveTo(t, office, "刘建国")
	office.send(" ")
	office.waitFor("prod ticked", func(s string) bool { return lineWith(s, "[x]", "刘建国") })
	moveTo(t, office, " office ")
	office.send(" ", kCtrlS)
	office.waitText("出席已记录：2 人")
	office.waitFor("attendance", func(s string) bool { return lineWith(s, "出席", "刘建国", "郑红") })
	if _, err := ts.m.Svc.Meetings.SaveMeeting(ctx, f.user("office"), &model.Meeting{}); err == nil {
		t.Fatal("an empty meeting saved")
	}

	// A decision for prod, due in a week.
	office.send("d")
	office.waitText("决议（生成协同事项）")
	office.send("补齐 T-FISH 无标示库存", kTab, "prod", kTab, "\x15", "2026-12-10", kCtrlS)
	office.waitText("决议已记录，已交给 刘建国")
	prod.within(live, "the action item in prod's daily list", func(s string) bool {
		return strings.Contains(s, "补齐 T-FISH 无标示库存")
	})
	prod.send("g")
	moveTo(t, prod, "补齐 T-FISH 无标示库存")
	prod.send("x")
	prod.waitText("完成：补齐")
	prod.send("已生产 200 件", kCtrlS)
	prod.waitText("已完成：补齐 T-FISH 无标示库存")
	office.waitFor("done in the meeting", func(s string) bool { return lineWith(s, "补齐 T-FISH 无标示库存", "已完成") })

	// Close: asked first; n keeps it open, y closes.
	office.send("c")
	office.waitText("结束会议并冻结纪要和第 a–d 项数字？")
	office.send("n")
	office.waitFor("the question gone", func(s string) bool { return !strings.Contains(s, "结束会议并冻结") })
	list, _ := ts.m.Svc.Meetings.Meetings(ctx)
	var id uint64
	for _, m := range list {
		if m.Kind == model.MeetingMonthly && m.Date == model.NewDate(2026, 12, 3) {
			id = m.ID
		}
	}
	if m, _ := ts.m.Svc.Meetings.Meeting(ctx, id); m == nil || m.IsClosed() {
		t.Fatalf("n closed the meeting: %+v", m)
	}
	at(time.December, 3, 11, 30)
	office.send("c")
	office.waitText("结束会议并冻结")
	office.send("y")
	office.waitText("纪要已定稿", "数字于 2026-12-03 11:30 会议结束时冻结")
	frozen := office.screen()

	// A report filed after the close changes nothing in the minutes.
	at(time.December, 3, 14, 0)
	if _, err := ts.m.Svc.Shop.SubmitReport(ctx, f.user("shop"), &model.DailyReport{Date: model.NewDate(2026, 11, 28), Line: "2号线", Shift: model.ShiftDay,
		Rows: []model.ReportRow{{Product: "T-FISH", Variant: "mark", Planned: 300, Actual: 280}}}); err != nil {
		t.Fatal(err)
	}
	after, err := ts.m.Svc.Shop.MonthlyOutput(ctx, nov)
	if err != nil || after[0].Actual == o.Actual {
		t.Fatalf("the late report did not count in the monthly output: %+v %v", after, err)
	}
	office.send(kEsc, kEnter)
	office.waitText("数字于 2026-12-03 11:30 会议结束时冻结")
	if !lineWith(office.screen(), "鱼豆腐", fmt.Sprint(o.Planned), fmt.Sprint(o.Actual)) || !lineWith(frozen, "鱼豆腐", fmt.Sprint(o.Actual)) {
		t.Fatalf("the frozen minutes changed after a new report:\n%s", office.screen())
	}
	md := ts.exec("office", fmt.Sprintf("export meeting %d --md", id))
	if md.code != 0 || !strings.Contains(md.stdout, fmt.Sprintf("计划 %d 实际 %d", o.Planned, o.Actual)) {
		t.Fatalf("the exported minutes: %+v", md)
	}

	// Closed: edits refused, addenda taken and audited.
	office.send(" ")
	office.waitText("会议已结束：纪要不能再改")
	office.send("+", "补充：12 月 5 日复核库存", kCtrlS)
	office.waitText("补充已加入纪要")
	entries, err := ts.m.Svc.Audit.Audit(ctx, fmt.Sprintf("meeting/%d", id))
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range entries {
		found = found || e.Action == "meeting.addendum" && strings.Contains(string(e.After), "12 月 5 日复核库存")
	}
	if !found {
		t.Fatalf("no audited addendum in %d entries", len(entries))
	}
}

// seedNovember gives November 2026 figures: a published forecast, a daily
// report and a shipment.
func seedNovember(t *testing.T, f *fixture) model.Month {
	t.Helper()
	ts, ctx := f.ts, context.Background()
	loc := ts.m.Clock.Loc
	at := func(mo time.Month, d, h int) { ts.m.Clock.Set(time.Date(2026, mo, d, h, 0, 0, 0, loc)) }
	nov := model.Month{Year: 2026, Month: time.November}

	// October 20th: the November forecast, published.
	at(time.October, 20, 10)
	sales := f.user("sales")
	p := model.Period{Kind: model.PlanForecast, Month: nov}
	v, err := ts.m.Svc.Planning.SavePlan(ctx, sales, p, 0, []model.PlanCell{{Product: "T-FISH", Variant: "mark", Qty: 100}}, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ts.m.Svc.Planning.PublishPlan(ctx, sales, p, v.Version); err != nil {
		t.Fatal(err)
	}
	// November 20th: a daily report, and 80 shipped.
	at(time.November, 20, 18)
	shop := f.user("shop")
	if _, err := ts.m.Svc.Shop.SubmitReport(ctx, shop, &model.DailyReport{Date: model.NewDate(2026, 11, 20), Line: "1号线", Shift: model.ShiftDay,
		Rows: []model.ReportRow{{Product: "T-FISH", Variant: "mark", Planned: 120, Actual: 95, Defect: 2, DefectReason: "D01"}}}); err != nil {
		t.Fatal(err)
	}
	f.today = model.NewDate(2026, 11, 20)
	_, line := f.answeredLine(f.b, model.NewDate(2026, 11, 23))
	if _, _, err := ts.m.Svc.Orders.UpdateLine(ctx, shop, line.ID, line.Version, func(_ *model.Order, l *model.OrderLine, _ model.ProductLookup) error {
		return l.Ship(shop, ts.m.Svc.Clock.Now(), ts.m.Svc.Calendar, 50, model.NewDate(2026, 11, 20))
	}); err != nil {
		t.Fatal(err)
	}

	return nov
}

// kpiNames are the indicators' names on the Chinese KPI board.
var kpiNames = map[model.KPI]string{
	model.KPIForecastAccuracy: "订单预估准确率", model.KPIReplyTimeliness: "交期答复及时率", model.KPIOTIF: "准时足量交付率",
	model.KPIPlanCompletion: "订单计划完成率", model.KPIDefectRate: "交付不良率", model.KPIFeedbackTimeliness: "现场（质量）服务响应及时率",
	model.KPITechService: "现场（技术）服务响应及时率", model.KPISubmission: "提交及时率", model.KPIRnDPlan: "研发计划完成率",
	model.KPIProjectPlan: "立项计划完成率", model.KPICostTarget: "制造成本目标达成率",
}

// Every KPI on the dashboard equals the service's value for the month, and
// a month without data shows "no data".
func TestKPIDashboard(t *testing.T) {
	f := newFixture(t)
	ts, ctx := f.ts, context.Background()
	nov := seedNovember(t, f)
	ts.m.Clock.Set(time.Date(2026, 12, 3, 9, 0, 0, 0, ts.m.Clock.Loc))
	tm := ts.open("office", 130, 40, "")
	tm.waitText("今天需要你处理的事")
	tm.send("5", kRight)
	tm.waitText("2026-12 指标")
	tm.send("[")
	screen := tm.waitText("2026-11 指标")
	names := kpiNames
	for _, k := range model.KPIs {
		if kpiNames[k] == "" {
			t.Fatalf("%s has no name in the test", k)
		}
		t.Run(string(k), func(t *testing.T) {
			v, err := ts.m.Svc.Meetings.KPI(ctx, k, nov, "")
			if err != nil {
				t.Fatal(err)
			}
			want := "无数据"
			if v.OK {
				want = fmt.Sprintf("%.1f%%", v.Value*100)
			}
			if !lineWith(screen, names[k], want) {
				t.Fatalf("%s: want %s on its line:\n%s", k, want, screen)
			}
		})
	}
	// A month long before any data: every indicator says no data.
	for range 24 {
		tm.send("[")
	}
	screen = tm.waitText("2024-11 指标")
	for _, k := range []model.KPI{model.KPIForecastAccuracy, model.KPIReplyTimeliness, model.KPIOTIF, model.KPIDefectRate} {
		if !lineWith(screen, names[k], "无数据") {
			t.Fatalf("%s in an empty month:\n%s", k, screen)
		}
	}
}

// export over SSH: the KPI workbook and the meeting's minutes, written to
// stdout, open with excelize and hold the figures as numbers.
func TestExportsOverSSH(t *testing.T) {
	f := newFixture(t)
	ts, ctx := f.ts, context.Background()
	nov := seedNovember(t, f)
	ts.m.Clock.Set(time.Date(2026, 12, 3, 9, 0, 0, 0, ts.m.Clock.Loc))
	r := ts.exec("office", "export kpi 2026-11 --xlsx")
	if r.code != 0 {
		t.Fatalf("export kpi: %d %s", r.code, r.stderr)
	}
	x, err := excelize.OpenReader(strings.NewReader(r.stdout))
	if err != nil {
		t.Fatalf("the workbook does not open: %v", err)
	}
	sheet := x.GetSheetName(0)
	rows, err := x.GetRows(sheet)
	if err != nil || len(rows) < 2 {
		t.Fatalf("rows %v %v", rows, err)
	}
	want, _ := ts.m.Svc.Meetings.KPI(ctx, model.KPIForecastAccuracy, nov, "")
	found := false
	for i, row := range rows[1:] {
		if len(row) == 0 || row[0] != string(model.KPIForecastAccuracy) {
			continue
		}
		found = true
		for c, h := range rows[0] {
			if h != "value" && h != "数值" {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(c+1, i+2)
			typ, _ := x.GetCellType(sheet, cell)
			raw, _ := x.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
			var got float64
			if _, err := fmt.Sscan(raw, &got); err != nil || typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString {
				t.Fatalf("value cell %s is %q (type %v), not a number", cell, raw, typ)
			}
			if diff := got - want.Value; diff > 1e-9 || diff < -1e-9 {
				t.Fatalf("value %v, service says %v", got, want.Value)
			}
		}
	}
	if !found {
		t.Fatalf("no forecast accuracy row: %v", rows)
	}

	m, err := ts.m.Svc.Meetings.EnsureMonthly(ctx, model.Month{Year: 2026, Month: time.December})
	if err != nil {
		t.Fatal(err)
	}
	md := ts.exec("office", fmt.Sprintf("export meeting %d --md", m.ID))
	if md.code != 0 || !strings.Contains(md.stdout, m.Title) || !strings.Contains(md.stdout, "上月产量与计划差异") ||
		!strings.Contains(md.stdout, "第 a–d 项数字截至 2026-12-03 09:00") {
		t.Fatalf("markdown: %+v", md)
	}
	xl := ts.exec("office", fmt.Sprintf("export meeting %d --xlsx", m.ID))
	if _, err := excelize.OpenReader(strings.NewReader(xl.stdout)); xl.code != 0 || err != nil {
		t.Fatalf("meeting workbook: %d %v %s", xl.code, err, xl.stderr)
	}
}

// The office keeps its own checklist template and the KPI target table.
func TestTemplatesAndTargets(t *testing.T) {
	ts := startServer(t, Config{Demo: true})
	before, err := ts.m.Svc.Meetings.Targets(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	office := ts.open("office", 120, 40, "")
	office.waitText("今天需要你处理的事")
	office.send("5", kTab)
	office.waitText("月度营销协同例会")
	office.send("T")
	office.waitText("新建会议模板")
	office.send("包装改版协调会", kTab, "新包装打样", "\r", "一元标示位置", kCtrlS)
	office.waitText("模板“包装改版协调会”已保存（2 项）")
	office.send("n")
	office.waitText("新建会议")
	office.send(kRight, kRight, " ", kCtrlS) // the third template: the office's own
	office.waitText("已建立：包装改版协调会", "新包装打样", "一元标示位置")

	office.send(kEsc, "5", kRight)
	office.waitText("指标 · 全部部门")
	office.send("T")
	office.waitText("指标目标表")
	office.send(kRight, "9", "0", kEnter) // target of the first indicator: 90%
	office.send(kCtrlS)
	office.waitText("指标目标已保存")
	office.waitFor("the target on the board", func(s string) bool { return lineWith(s, "订单预估准确率", "90.0%") })
	// The first indicator's target changed; the rest of the table the demo's
	// office keeps is as it was.
	ts2, err := ts.m.Svc.Meetings.Targets(context.Background())
	if err != nil || len(ts2) != max(1, len(before)) || ts2[0].KPI != model.KPIs[0] || ts2[0].Target != 0.9 {
		t.Fatalf("targets %+v %v", ts2, err)
	}
	for i := 1; i < len(ts2); i++ {
		if ts2[i] != before[i] {
			t.Fatalf("target %s changed: %+v, was %+v", ts2[i].KPI, ts2[i], before[i])
		}
	}
}

// At 80×24 the monthly meeting is taller than the screen: the item under
// the cursor stays in view, and the keys stay at the bottom.
func TestMeetingScrollsAt80x24(t *testing.T) {
	ts := startServer(t, Config{Demo: true})
	for _, c := range []struct{ lang, home, last, keys string }{
		// The footer's first key, whether the meeting is still open (on the
		// 1st of a month) or closed (its minutes frozen).
		{"", "今天需要你处理的事", "采购部 上月协同结果与本月计划", "↑↓ 选择议程 • "},
		{"en_US.UTF-8", "what needs you today", "Purchasing: last month's coordination", "↑↓ item • "},
	} {
		tm := ts.open("office", 80, 24, c.lang)
		tm.waitText(c.home)
		tm.send("5", kTab, kEnter)
		first := tm.waitText(c.keys)
		if strings.Contains(first, c.last) {
			t.Fatalf("the whole meeting fits at 80×24; the test needs a taller one:\n%s", first)
		}
		for range 11 {
			tm.send(kDown)
		}
		tm.waitText(c.last, c.keys)
		// The last item shows before the cursor reaches it (the view keeps
		// the lines after the cursor's item in sight): wait for the cursor.
		tm.waitFor("the last item selected", func(screen string) bool { return rowOf(screen, c.last) == selectedRow(tm) })
		tm.send("k")
		tm.waitFor("the cursor back one item", func(string) bool { return selectedRow(tm) == rowOf(tm.screen(), c.last)-1 })
	}
}
