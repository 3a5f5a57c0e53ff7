package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"xietong/model"
)

// The rules of issue 17 over SSH, in March 2028, after every day the demo
// seeds, so its history never fires them. The missed-deadline rule is off:
// the demo's missing deadlines draft nothing. The office turns it on with
// R on the ledger screen (a working day's grace; sales may not, on the
// command line either); Monday's production plan, never published, drafts
// a 200-yuan penalty for the production head into the company fund once
// its grace has run out on Tuesday evening, not before: the office and the
// head are told live and it is on the ledger screen. Then a project rated
// 5 of 5 at the year-end review drafts the excellence award for its owner
// at the next sweep.
func TestLedgerRulesOnScreens(t *testing.T) {
	ts := startServer(t, Config{Demo: true})
	ctx := context.Background()
	loc := ts.m.Clock.Loc
	svc := ts.m.Svc
	ts.m.Clock.Set(time.Date(2028, 3, 6, 15, 0, 0, 0, loc)) // a Monday, after its shortfall table was due
	ts.m.Sweep(ctx)
	of := func(rule model.LedgerRule) []*model.LedgerEntry {
		t.Helper()
		all, err := svc.Ledger.LedgerEntries(ctx, model.LedgerFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var out []*model.LedgerEntry
		for _, x := range all {
			if x.Rule == rule {
				out = append(out, x)
			}
		}
		return out
	}
	if got := of(model.RuleMissedDeadline); len(got) != 0 {
		t.Fatalf("drafted while off: %+v", got)
	}
	toLedger := []string{"5", kTab, kTab, kTab, kTab}

	office := ts.open("office", 80, 24, "")
	office.waitText("今天需要你处理的事")
	prod := ts.open("prod", 80, 24, "")
	prod.waitText("今天需要你处理的事")
	office.send(toLedger...)
	office.waitText("▸奖罚台账", "奖罚台账 2028-03 · 全部")
	office.send("R")
	office.waitText("起草奖罚的规则 · 未按期限完成：未开启（宽限 1 个工作日）", "开启未按期限完成规则", "宽限（工作日，0–10）")
	office.send("y", kCtrlS)
	office.waitText("未按期限完成规则：已开启（2028-03-06 15:00 起，宽限 1 个工作日）")
	if r := ts.exec("office", "ledger rules"); r.code != 0 || !strings.Contains(r.stdout, "已开启（2028-03-06 15:00 起，宽限 1 个工作日）") ||
		!strings.Contains(r.stdout, "营销立项完成优秀奖") || !strings.Contains(r.stdout, "一直开启") {
		t.Fatalf("ledger rules: %d %q %q", r.code, r.stdout, r.stderr)
	}
	if r := ts.exec("sales", "ledger rules --missed-deadline off"); r.code != 1 || !strings.Contains(r.stderr, "只有综合办公室") {
		t.Fatalf("sales switched it off: %d %q", r.code, r.stderr)
	}
	if r := ts.exec("office", "ledger rules --grace 11"); r.code != 2 {
		t.Fatalf("an 11-day grace: %d %q", r.code, r.stderr)
	}
	if a, err := svc.Audit.Audit(ctx, "settings/ledger_rules"); err != nil || len(a) != 1 || a[0].Who != "office" || a[0].Action != "ledger.rules" {
		t.Fatalf("audit %+v %v", a, err)
	}

	// Monday's plan for Tuesday was due at 17:30; its grace runs to
	// Tuesday 17:30.
	ts.m.Clock.Set(time.Date(2028, 3, 7, 17, 0, 0, 0, loc))
	ts.m.Sweep(ctx)
	if got := of(model.RuleMissedDeadline); len(got) != 0 {
		t.Fatalf("drafted within the grace: %+v", got)
	}
	ts.m.Clock.Set(time.Date(2028, 3, 7, 18, 0, 0, 0, loc))
	ts.m.Sweep(ctx)
	office.within(live, "the draft", func(s string) bool { return strings.Contains(s, "规则「未按期限完成」起草了奖罚") })
	got := of(model.RuleMissedDeadline)
	if len(got) != 1 || got[0].Person != "prod" || got[0].Fund != model.FundCompany || got[0].Amount != 200 ||
		got[0].Cause != (model.Cause{Kind: model.CauseDeadline, Ref: "次日生产计划 2028-03-07"}) {
		t.Fatalf("drafted %+v", got)
	}
	x := got[0]
	prod.within(live, "the draft", func(s string) bool { return strings.Contains(s, "对你提出了奖罚 "+x.No+"：罚款 200 元") })
	office.waitText("刘建国", "未按期限完成", "待确认")
	office.send(kEnter)
	office.waitText(x.No, "规则触发：未按期限完成", "期限事项 次日生产计划 2028-03-07", "c 确认")
	ts.m.Sweep(ctx)
	if got := of(model.RuleMissedDeadline); len(got) != 1 {
		t.Fatalf("a second sweep drafted again: %+v", got)
	}

	// A process improvement owned by the production head, done and rated
	// 5 of 5.
	user := func(login string) *model.User {
		u, err := svc.Users.User(ctx, login)
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	sales, gm, head, off := user("sales"), user("gm"), user("prod"), user("office")
	now := func() time.Time { return ts.m.Clock.Now() }
	p, err := svc.Projects.FileProject(ctx, sales, model.ProjectInput{Kind: model.ProjectProcess, Title: "2号线封口温控改造",
		Purpose: "封口开裂反复出现", Effect: "封口不良率降到 0.1% 以下", Target: model.NewDate(2028, 3, 31),
		Depts: []model.Department{model.DeptProduction}, Owner: "prod"})
	if err != nil {
		t.Fatal(err)
	}
	for _, step := range []struct {
		by *model.User
		do func(p *model.Project) error
	}{
		{sales, func(p *model.Project) error {
			return p.Submit(sales, now(), svc.Calendar, svc.Projects.ProjectDecideDays())
		}},
		{gm, func(p *model.Project) error { return p.Approve(gm, now(), "") }},
		{head, func(p *model.Project) error { return p.Finish(head, now(), "不良率 0.05%", 52000) }},
		{off, func(p *model.Project) error {
			return p.Review(off, now(), model.MaxProjectRating, "年度优秀立项")
		}},
	} {
		if p, err = svc.Projects.ChangeProject(ctx, step.by, p.ID, p.Version, step.do); err != nil {
			t.Fatal(err)
		}
	}
	ts.m.Sweep(ctx)
	awards := of(model.RuleProjectAward)
	if len(awards) != 1 || awards[0].Person != "prod" || awards[0].Kind != model.LedgerAward || awards[0].Fund != model.FundMarketing ||
		awards[0].Cause != (model.Cause{Kind: model.CauseProject, Ref: p.No}) || !strings.Contains(awards[0].Evidence, "年度优秀立项") {
		t.Fatalf("awards %+v", awards)
	}
	prod.within(live, "the award", func(s string) bool {
		return strings.Contains(s, "对你提出了奖罚 "+awards[0].No+"：奖励 200 元")
	})
	office.send(kEsc)
	office.waitText("│ 刘建国   │ 奖励 │       -200 │ 营销立项完成优秀", "未按期限完成")

	// A new-product request names its product (one in master data), shown
	// by its name.
	products, err := svc.Master.Products(ctx)
	if err != nil || len(products) == 0 {
		t.Fatalf("products %v", err)
	}
	file := "projects file --kind new_product --title 芝士味新品 --purpose 儿童口味 --effect 月销2000件 --target 2028-06-30 --depts rnd --owner rnd --product "
	if r := ts.exec("sales", file+"NOPE"); r.code != 2 || !strings.Contains(r.stderr, "没有产品编码 NOPE") {
		t.Fatalf("an unknown product: %d %q", r.code, r.stderr)
	}
	if r := ts.exec("sales", file+products[0].Code+" --json"); r.code != 0 || !strings.Contains(r.stdout, `"product": "`+products[0].Code+`"`) {
		t.Fatalf("file: %d %q %q", r.code, r.stdout, r.stderr)
	}
	if r := ts.exec("sales", "projects show LX-2028-0002"); r.code != 0 || !strings.Contains(r.stdout, products[0].Name) {
		t.Fatalf("show: %d %q %q", r.code, r.stdout, r.stderr)
	}
}
