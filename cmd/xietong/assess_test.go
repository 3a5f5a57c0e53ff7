package main

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"xietong/model"
)

// The assessment over SSH at 80×24, in March 2028 (after any month the
// demo has history in): the office opens sales' weights on the grid from
// the assessment, a weight of 150 is refused at its cell (and again on
// saving), 60 is saved; the order specialist, fined 200 yuan this month,
// opens her own assessment from the ledger (M) and sees the two points it
// takes off, then her year; the office's year view lists the months, and
// the sales lead may list his own department's people but not
// production's.
func TestAssessOnScreens(t *testing.T) {
	ts := startServer(t, Config{Demo: true})
	ctx := context.Background()
	loc := ts.m.Clock.Loc
	ts.m.Clock.Set(time.Date(2028, 3, 15, 9, 0, 0, 0, loc)) // a Wednesday
	svc := ts.m.Svc
	office, err := svc.Users.User(ctx, "office")
	if err != nil {
		t.Fatal(err)
	}
	gm, err := svc.Users.User(ctx, "gm")
	if err != nil {
		t.Fatal(err)
	}
	x, err := svc.Ledger.ProposeLedgerEntry(ctx, office, model.LedgerInput{Kind: model.LedgerPenalty, Rule: model.RuleMissedDeadline, Person: "sales",
		Dept: model.DeptSales, Amount: 200, Fund: model.FundCompany, Cause: model.Cause{Kind: model.CauseDeadline, Ref: "2028-03-14 差额表"},
		Evidence: "差额表未按时发布"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Ledger.ChangeLedgerEntry(ctx, gm, x.ID, x.Version, func(by *model.User, x *model.LedgerEntry) error {
		return x.Confirm(by, ts.m.Clock.Now())
	}); err != nil {
		t.Fatal(err)
	}
	toLedger := []string{"5", kTab, kTab, kTab, kTab}

	o := ts.open("office", 80, 24, "")
	o.waitText("今天需要你处理的事")
	o.send(toLedger...)
	o.waitText("奖罚台账 2028-03 · 全部", "A 考评", "M 我的考评")
	o.send("A")
	o.waitText("2028-03 考评（按记录实时计算，未定稿）", "销售部", "W 权重", "p 看人员", "Y 全年")
	o.send("W")
	o.waitText("销售部 考评权重", "订单预估准确率", "合计 100，不必是", "│      100 │")
	o.send("150", kEnter)
	o.waitText("✗ 权重：应在 0 至 100 之间")
	o.send(kCtrlS)
	o.waitText("✗ 权重：应在 0 至 100 之间")
	if ws, _ := svc.Ledger.Weights(ctx, model.DeptSales); ws[0].Weight != 50 {
		t.Fatalf("a bad weight saved: %+v", ws)
	}
	o.send("60", kEnter)
	o.waitText("合计 110，不必是", "│      110 │")
	o.send(kCtrlS)
	o.waitText("已保存 销售部 的考评权重", "2028-03 考评")
	if ws, _ := svc.Ledger.Weights(ctx, model.DeptSales); !slices.Equal(ws, []model.Weight{{KPI: model.KPIForecastAccuracy, Weight: 60},
		{KPI: model.KPIOTIF, Weight: 20}, {KPI: model.KPISubmission, Weight: 30}}) {
		t.Fatalf("weights saved: %+v", ws)
	}
	// Sales' people, then the year.
	o.send("p")
	o.waitText("销售部 人员", "王丽", "陈刚", "报送及时率")
	o.send(kEsc, "Y")
	o.waitText("2028 年考评（1、2、3 月按记录实时计算）", "1月", "3月", "12月", "销售部", "平均")
	o.send(kEnter) // the cursor is on March: enter opens it
	o.waitText("2028-03 考评（按记录实时计算，未定稿）")

	s := ts.open("sales", 80, 24, "")
	s.waitText("今天需要你处理的事")
	s.send(toLedger...)
	s.waitText("奖罚台账 2028-03 · 我的", "M 我的考评")
	s.send("M")
	s.waitText("2028-03 考评（按记录实时计算，未定稿） · 王丽", "部门指标得分", "罚款 200 元，奖励 0 元", "-2.0", "不计分")
	if strings.Contains(s.screen(), "sales") {
		t.Errorf("a login on her screen:\n%s", s.screen())
	}
	s.send("Y")
	s.waitText("2028 年考评", "· 王丽", "3月", "全年", "200")
	s.send(kEsc)
	s.waitText("奖罚台账 2028-03 · 我的")

	// The sales lead sees his department's people, not production's.
	l := ts.open("saleslead", 80, 24, "")
	l.waitText("今天需要你处理的事")
	l.send(toLedger...)
	l.send("A")
	l.waitText("2028-03 考评", "生产部")
	l.send(kDown, "p")
	l.waitText("只能看自己和本部门人员的考评")
	l.send(kUp, "p")
	l.waitText("销售部 人员", "王丽")
	l.send(kDown, kEnter)
	l.waitText("2028-03 考评（按记录实时计算，未定稿） · ")
}
