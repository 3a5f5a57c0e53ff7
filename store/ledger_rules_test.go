package store

import (
	"testing"
	"time"

	"xietong/model"
)

// drafted is the ledger's entries of rule, newest first.
func (e *ordersEnv) drafted(t *testing.T, rule model.LedgerRule) []*model.LedgerEntry {
	t.Helper()
	all, err := e.db.LedgerEntries(t.Context(), model.LedgerFilter{})
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

// sweep runs the rules and fails unless they filed want drafts.
func (e *ordersEnv) sweep(t *testing.T, want int) {
	t.Helper()
	if n, err := e.db.DraftRuleEntries(t.Context()); n != want || err != nil {
		t.Fatalf("the rules drafted %d (%v), want %d", n, err, want)
	}
}

// The awards: a project rated 5 of 5 at the review drafts the excellence
// award for its owner at the next sweep; a done new-product project
// drafts the promotion award for its filer once its product has shipped
// (a day's shipments count from the next day). Each is drafted once. A
// project names a product that exists.
func TestLedgerRuleAwards(t *testing.T) {
	e := newOrdersEnv(t)
	ctx := t.Context()
	e.at(t, "2026-03-02 09:00") // a Monday
	gm, err := e.db.CreateUser(ctx, nil, &model.User{Login: "gm", Name: "黄总", Dept: model.DeptManagement, Role: model.RoleGM})
	if err != nil {
		t.Fatal(err)
	}
	sales, plead, office := e.users["sales"], e.users["plead"], e.users["office"]
	now := func() time.Time { return e.clock.Now() }
	change := func(by *model.User, p *model.Project, f func(p *model.Project) error) *model.Project {
		t.Helper()
		p, err := e.db.ChangeProject(ctx, by, p.ID, p.Version, f)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	done := func(in model.ProjectInput) *model.Project {
		t.Helper()
		p, err := e.db.FileProject(ctx, sales, in)
		if err != nil {
			t.Fatal(err)
		}
		p = change(sales, p, func(p *model.Project) error { return p.Submit(sales, now(), e.db.cal, e.db.ProjectDecideDays()) })
		p = change(gm, p, func(p *model.Project) error { return p.Approve(gm, now(), "") })
		return change(plead, p, func(p *model.Project) error { return p.Finish(plead, now(), "已完成", 10000) })
	}
	in := model.ProjectInput{Kind: model.ProjectNewProduct, Title: "素毛肚新品", Purpose: "商超要新品", Effect: "月销 500 件",
		Target: date(t, "2026-03-31"), Depts: []model.Department{model.DeptProduction}, Owner: "plead", Links: model.ProjectLinks{Product: "NOPE"}}
	if _, err := e.db.FileProject(ctx, sales, in); model.FieldErrors(err)["product"].Key != "val.unknown_product" {
		t.Fatalf("an unknown product: %v", err)
	}
	in.Links.Product = "P2"
	newProduct := done(in)
	process := done(model.ProjectInput{Kind: model.ProjectProcess, Title: "换型时间缩短", Purpose: "换型慢", Effect: "2 小时",
		Target: date(t, "2026-03-31"), Depts: []model.Department{model.DeptProduction}, Owner: "plead"})
	e.sweep(t, 0)
	change(office, process, func(p *model.Project) error { return p.Review(office, now(), 4, "") })
	e.sweep(t, 0)

	excellent := done(model.ProjectInput{Kind: model.ProjectQuality, Title: "封口改进", Purpose: "开裂", Effect: "0.1% 以下",
		Target: date(t, "2026-03-31"), Depts: []model.Department{model.DeptProduction}, Owner: "plead"})
	change(office, excellent, func(p *model.Project) error { return p.Review(office, now(), 5, "年度优秀") })
	e.sweep(t, 1)
	awards := e.drafted(t, model.RuleProjectAward)
	if len(awards) != 1 || awards[0].Person != "plead" || awards[0].Dept != model.DeptProduction || awards[0].Kind != model.LedgerAward ||
		awards[0].Fund != model.FundMarketing || awards[0].Cause != (model.Cause{Kind: model.CauseProject, Ref: excellent.No}) ||
		awards[0].ProposedBy != model.SystemLogin || awards[0].Status != model.LedgerDraft {
		t.Fatalf("the excellence award: %+v", awards)
	}

	// P2 ships today: the promotion award waits for the day to end.
	e.stocked(t, "P2", "", 100)
	l := e.answered(t, line("P2", 60, date(t, "2026-03-03")), date(t, "2026-03-03"))
	e.move(t, l.ID, "keeper", ship(60, date(t, "2026-03-02")))
	e.sweep(t, 0)
	e.at(t, "2026-03-03 09:00")
	e.sweep(t, 1)
	promo := e.drafted(t, model.RuleNewProductAward)
	if len(promo) != 1 || promo[0].Person != "sales" || promo[0].Dept != model.DeptSales || promo[0].Fund != model.FundMarketing ||
		promo[0].Cause != (model.Cause{Kind: model.CauseProject, Ref: newProduct.No}) || promo[0].Amount != model.DefaultLedgerAmount {
		t.Fatalf("the promotion award: %+v", promo)
	}
	// Withdrawn, it is not drafted again.
	if _, err := e.db.ChangeLedgerEntry(ctx, office, promo[0].ID, promo[0].Version, func(by *model.User, x *model.LedgerEntry) error {
		return x.Withdraw(by, now(), "推广尚未开始")
	}); err != nil {
		t.Fatal(err)
	}
	e.sweep(t, 0)
}

// The missed-deadline rule drafts nothing until the office turns it on
// (audited; others may not), and then only for deadlines due from then
// on, once their grace has run out: production's plan due Monday 17:30,
// missing on Tuesday evening, for production's lead (it has no head) into
// the company fund; sales' Tuesday table, missing on Wednesday afternoon,
// for sales' lead into the marketing centre's fund. Each once; turned off,
// nothing more.
func TestLedgerRuleMissedDeadline(t *testing.T) {
	e := newOrdersEnv(t) // in use since Monday 2025-03-03: every planning deadline since is missing
	ctx := t.Context()
	office := e.users["office"]
	e.at(t, "2026-03-09 15:00") // a Monday
	e.sweep(t, 0)
	if r, err := e.db.LedgerRules(ctx); err != nil || r.MissedDeadline || r.GraceDays != 1 {
		t.Fatalf("defaults %+v %v", r, err)
	}
	if _, err := e.db.SetMissedDeadlineRule(ctx, e.users["saleslead"], true, 1); model.ErrorCode(err) != model.EFORBIDDEN {
		t.Fatalf("a lead turned it on: %v", err)
	}
	r, err := e.db.SetMissedDeadlineRule(ctx, office, true, 1)
	if err != nil || !r.MissedDeadline || !r.Since.Equal(e.clock.Now()) {
		t.Fatalf("on: %+v %v", r, err)
	}
	if got := e.actions(t, ledgerRulesRecord); len(got) != 1 || got[0] != "ledger.rules office" {
		t.Fatalf("audit %v", got)
	}
	e.sweep(t, 0) // nothing is due since, up to yesterday

	e.at(t, "2026-03-10 17:00") // within the grace of Monday's plan
	e.sweep(t, 0)
	e.at(t, "2026-03-10 18:00")
	e.sweep(t, 1)
	e.sweep(t, 0)
	got := e.drafted(t, model.RuleMissedDeadline)
	if len(got) != 1 || got[0].Person != "plead" || got[0].Dept != model.DeptProduction || got[0].Fund != model.FundCompany ||
		got[0].Cause != (model.Cause{Kind: model.CauseDeadline, Ref: "次日生产计划 2026-03-10"}) || got[0].Kind != model.LedgerPenalty {
		t.Fatalf("the plan: %+v", got)
	}

	e.at(t, "2026-03-11 15:00")
	e.sweep(t, 1)
	got = e.drafted(t, model.RuleMissedDeadline)
	if len(got) != 2 || got[0].Person != "saleslead" || got[0].Fund != model.FundMarketing ||
		got[0].Cause != (model.Cause{Kind: model.CauseDeadline, Ref: "差额表 2026-03-10"}) {
		t.Fatalf("the table: %+v", got)
	}

	if _, err := e.db.SetMissedDeadlineRule(ctx, office, false, 1); err != nil {
		t.Fatal(err)
	}
	e.at(t, "2026-03-13 09:00")
	e.sweep(t, 0)
}
