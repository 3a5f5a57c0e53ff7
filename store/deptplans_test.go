package store

import (
	"strings"
	"testing"

	"xietong/model"
)

// kpiPlans adds, in March 2025, three items R&D delivers (two of its own,
// one production needs from it and it accepted; one done on time, one
// late, one not done) and one approved project done by its target date,
// and feedback routed to R&D answered in time, then puts the clock back
// where it was.
func kpiPlans(t *testing.T, e *shopEnv) {
	t.Helper()
	ctx := t.Context()
	back := e.clock.Now().In(e.clock.Loc).Format("2006-01-02 15:04")
	defer e.at(t, back)
	e.at(t, "2025-03-01 09:00")
	office, sales := e.users["office"], e.users["sales"]
	file := func(in model.PlanInput) *model.PlanItem {
		t.Helper()
		p, err := e.db.FilePlanItem(ctx, office, in)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	change := func(p *model.PlanItem, f model.PlanItemChange) *model.PlanItem {
		t.Helper()
		p, err := e.db.ChangePlanItem(ctx, office, p.ID, p.Version, f)
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	a := file(model.PlanInput{Dept: model.DeptRnD, Text: "新配方小试", Owner: "rnd", Due: date(t, "2025-03-10")})
	file(model.PlanInput{Dept: model.DeptRnD, Text: "工艺文件修订", Owner: "rnd", Due: date(t, "2025-03-20")})
	c := file(model.PlanInput{Dept: model.DeptProduction, Text: "试产需研发派 2 名工程师", Owner: "prod", Due: date(t, "2025-03-15"),
		With: model.DeptRnD, Relation: model.RelNeeds})
	c = change(c, func(by *model.User, p *model.PlanItem) error { return p.Accept(by, e.clock.Now()) })
	e.at(t, "2025-03-09 17:00")
	change(a, func(by *model.User, p *model.PlanItem) error { return p.Complete(by, e.clock.Now(), "小试报告") })
	e.at(t, "2025-03-16 10:00")
	change(c, func(by *model.User, p *model.PlanItem) error {
		return p.Complete(by, e.clock.Now(), "两名工程师到场")
	})

	// Feedback routed to R&D, answered within its day: technical service.
	e.at(t, "2025-03-05 09:00")
	fb, err := e.db.FileFeedback(ctx, sales, &model.Feedback{CustomerID: e.customers["CA"].ID, Product: "P1", Problem: "口味偏咸",
		Route: model.RouteRnD})
	if err != nil {
		t.Fatal(err)
	}
	e.at(t, "2025-03-05 15:00")
	if _, err := e.db.RespondFeedback(ctx, e.users["rnd"], fb.ID, fb.Version, "配方盐量复核，下批调整"); err != nil {
		t.Fatal(err)
	}
	e.at(t, "2025-03-03 09:00")
	gm, err := e.db.CreateUser(ctx, nil, &model.User{Login: "gm", Name: "黄总", Dept: model.DeptManagement, Role: model.RoleGM})
	if err != nil {
		t.Fatal(err)
	}
	pr, err := e.db.FileProject(ctx, sales, model.ProjectInput{Kind: model.ProjectProcess, Title: "封口改进", Purpose: "p", Effect: "e",
		Target: date(t, "2025-03-15"), Depts: []model.Department{model.DeptProduction}, Owner: "prod"})
	if err != nil {
		t.Fatal(err)
	}
	for _, step := range []struct {
		by *model.User
		f  func(p *model.Project) error
	}{
		{sales, func(p *model.Project) error { return p.Submit(sales, e.clock.Now(), e.db.cal, 3) }},
		{gm, func(p *model.Project) error { return p.Approve(gm, e.clock.Now(), "") }},
		{e.users["prod"], func(p *model.Project) error { return p.Finish(e.users["prod"], e.clock.Now(), "done", 0) }},
	} {
		if pr, err = e.db.ChangeProject(ctx, step.by, pr.ID, pr.Version, step.f); err != nil {
			t.Fatal(err)
		}
	}
}

// Plan items keep their references and versions: an unknown owner or goal
// is refused at its field, and a second save of the same version names who
// saved first.
func TestPlanItemStore(t *testing.T) {
	e := newShopEnv(t)
	ctx := t.Context()
	e.at(t, "2025-03-01 09:00")
	office, prod := e.users["office"], e.users["prod"]
	in := model.PlanInput{Dept: model.DeptProduction, Text: "二号线换模", Owner: "nobody", Due: date(t, "2025-03-20"), Goal: 3}
	_, err := e.db.FilePlanItem(ctx, prod, in)
	if fe := model.FieldErrors(err); fe["owner"].Key != "val.unknown_login" || fe["goal"].Key != "val.deptplan_goal" {
		t.Fatalf("refs: %v", err)
	}
	if _, err := e.db.SaveGoals(ctx, prod, model.DeptProduction, 2025, 0, []model.Goal{{Text: "a"}, {Text: "b"}, {Text: "c"}}); err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.SaveGoals(ctx, prod, model.DeptProduction, 2025, 0, nil); model.ErrorCode(err) != model.ECONFLICT {
		t.Fatalf("goals saved twice at version 0: %v", err)
	}
	in.Owner = "shop"
	p, err := e.db.FilePlanItem(ctx, prod, in)
	if err != nil || p.No != "JH-2025-0001" || p.Status != model.PlanOpen {
		t.Fatalf("filed %+v %v", p, err)
	}
	if _, err := e.db.ChangePlanItem(ctx, prod, p.ID, p.Version, func(by *model.User, p *model.PlanItem) error {
		return p.Complete(by, e.clock.Now(), "换模记录")
	}); err != nil {
		t.Fatal(err)
	}
	_, err = e.db.ChangePlanItem(ctx, office, p.ID, p.Version, func(by *model.User, p *model.PlanItem) error {
		return p.Cancel(by, e.clock.Now(), "x")
	})
	if model.ErrorCode(err) != model.ECONFLICT || !strings.Contains(model.ErrorMessage(err, "zh"), "郑军") {
		t.Fatalf("second save: %v", err)
	}
	got, err := e.db.PlanItems(ctx, model.PlanFilter{Month: mar2025, Dept: model.DeptProduction})
	if err != nil || len(got) != 1 || got[0].Status != model.PlanDone {
		t.Fatalf("list %+v %v", got, err)
	}
	if byNo, err := e.db.PlanItemByNo(ctx, "JH-2025-0001"); err != nil || byNo.ID != p.ID {
		t.Fatalf("by number %v %v", byNo, err)
	}
}
