package store

import (
	"strings"
	"testing"
	"time"

	"xietong/model"
)

// A project goes from sales' draft through a return with a reason and a
// revision (kept as a diff) to the general manager's approval, milestones,
// done and the year-end review; the decision clock is on the deadline
// board, late when missed; a second save of an old version is refused
// naming who saved; the owner and links must exist.
func TestProjectLife(t *testing.T) {
	e := newOrdersEnv(t)
	ctx := t.Context()
	e.at(t, "2026-03-02 09:00") // a Monday
	gm, err := e.db.CreateUser(ctx, nil, &model.User{Login: "gm", Name: "黄总", Dept: model.DeptManagement, Role: model.RoleGM})
	if err != nil {
		t.Fatal(err)
	}
	sales, qlead, office, admin := e.users["sales"], e.users["qlead"], e.users["office"], e.users["admin"]
	in := model.ProjectInput{Kind: model.ProjectQuality, Title: "鱼豆腐封口改进", Purpose: "客户反馈封口开裂", Effect: "开裂率降到 0.1% 以下",
		Target: date(t, "2026-06-30"), Depts: []model.Department{model.DeptQuality, model.DeptProduction}, Owner: "qlead",
		Links: model.ProjectLinks{CustomerID: e.customers["CA"].ID}}

	// Bad input at its field; refs checked.
	bad := in
	bad.Target, bad.Owner, bad.Links.FeedbackID = date(t, "2026-03-01"), "nobody", 99
	_, err = e.db.FileProject(ctx, sales, bad)
	fe := model.FieldErrors(err)
	if fe["project_target"].Key != "val.date_past" {
		t.Fatalf("a past target: %v", err)
	}
	bad.Target = in.Target
	_, err = e.db.FileProject(ctx, sales, bad)
	if fe = model.FieldErrors(err); fe["owner"].Key != "val.unknown_login" || fe["feedback"].Key != "val.unknown_feedback" {
		t.Fatalf("unknown owner and feedback: %v", err)
	}
	if _, err := e.db.FileProject(ctx, qlead, in); model.ErrorCode(err) != model.EFORBIDDEN {
		t.Fatalf("QA filed a project: %v", err)
	}

	p, err := e.db.FileProject(ctx, sales, in)
	if err != nil {
		t.Fatal(err)
	}
	if p.No != "LX-2026-0001" || p.Status != model.ProjectDraft {
		t.Fatalf("filed: %s %s", p.No, p.Status)
	}
	change := func(by *model.User, p *model.Project, f func(p *model.Project) error) (*model.Project, error) {
		return e.db.ChangeProject(ctx, by, p.ID, p.Version, f)
	}
	now := func() time.Time { return e.clock.Now() }
	if p, err = change(sales, p, func(p *model.Project) error { return p.Submit(sales, now(), e.db.cal, e.db.ProjectDecideDays()) }); err != nil {
		t.Fatal(err)
	}
	// Due by the end of the third working day: Thursday 5 March.
	if got := p.DecideDue.In(e.clock.Loc).Format("2006-01-02 15:04"); got != "2026-03-06 00:00" {
		t.Fatalf("decide due %s", got)
	}
	// Only the general manager decides; an administrator may not.
	for _, u := range []*model.User{admin, office, sales} {
		if _, err := change(u, p, func(p *model.Project) error { return p.Approve(u, now(), "") }); model.ErrorCode(err) != model.EFORBIDDEN {
			t.Fatalf("%s approved: %v", u.Login, err)
		}
	}
	// Returned with a reason (required).
	if _, err := change(gm, p, func(p *model.Project) error { return p.Return(gm, now(), " ") }); model.FieldErrors(err)["reason"].Key != "val.required" {
		t.Fatalf("a return without a reason: %v", err)
	}
	e.at(t, "2026-03-03 10:00")
	if p, err = change(gm, p, func(p *model.Project) error { return p.Return(gm, now(), "请补充预计成本") }); err != nil {
		t.Fatal(err)
	}
	items, err := e.db.Deadlines(ctx, date(t, "2026-03-05"), date(t, "2026-03-05"))
	if err != nil || len(items) == 0 {
		t.Fatalf("deadlines: %v %v", items, err)
	}
	var found bool
	for _, it := range items {
		if it.Kind == model.DueProject && it.Ref == p.No {
			found = it.State == model.DueOnTime && it.Who == "gm"
		}
	}
	if !found {
		t.Fatalf("the decision is not on the board on time: %+v", items)
	}

	// The revision keeps a diff; an old version is refused naming who saved.
	old := *p
	rev := in
	rev.Effect = "开裂率降到 0.1% 以下，预计成本 2 万元"
	if p, err = change(sales, p, func(p *model.Project) error { return p.Edit(sales, now(), e.db.cal, rev) }); err != nil {
		t.Fatal(err)
	}
	last := p.History[len(p.History)-1]
	diff := model.DiffLines(last.Before, last.After)
	if len(diff) != 2 || !strings.HasPrefix(diff[0], "- effect: ") || !strings.Contains(diff[1], "预计成本") {
		t.Fatalf("diff %q", diff)
	}
	if _, err := e.db.ChangeProject(ctx, sales, old.ID, old.Version, func(p *model.Project) error {
		return p.Edit(sales, now(), e.db.cal, in)
	}); model.ErrorCode(err) != model.ECONFLICT || !strings.Contains(model.ErrorMessage(err, "zh"), "张伟") ||
		!strings.HasPrefix(model.ErrorMessage(err, "zh"), p.No+" 已被") {
		t.Fatalf("an old version saved: %v", err)
	}

	// Submitted again, and this time the general manager is late.
	if p, err = change(sales, p, func(p *model.Project) error { return p.Submit(sales, now(), e.db.cal, e.db.ProjectDecideDays()) }); err != nil {
		t.Fatal(err)
	}
	e.at(t, "2026-03-09 09:00")
	items, err = e.db.Deadlines(ctx, date(t, "2026-03-06"), date(t, "2026-03-06"))
	if err != nil {
		t.Fatal(err)
	}
	found = false
	for _, it := range items {
		if it.Kind == model.DueProject && it.Ref == p.No {
			found = it.State == model.DueMissing && it.Dept == model.DeptManagement
		}
	}
	if !found {
		t.Fatalf("the missed decision is not missing on the board: %+v", items)
	}
	if p, err = change(gm, p, func(p *model.Project) error { return p.Approve(gm, now(), "同意") }); err != nil {
		t.Fatal(err)
	}

	// Delivery: only the owner and the responsible departments.
	if _, err := change(sales, p, func(p *model.Project) error { return p.AddNote(sales, now(), "x") }); model.ErrorCode(err) != model.EFORBIDDEN {
		t.Fatalf("sales delivered: %v", err)
	}
	ms := model.Milestone{Text: "更换封口机加热条", Owner: "plead", Due: date(t, "2026-04-15")}
	if p, err = change(qlead, p, func(p *model.Project) error { return p.AddMilestone(qlead, now(), e.db.cal, ms) }); err != nil {
		t.Fatal(err)
	}
	if _, err := change(qlead, p, func(p *model.Project) error { return p.Finish(qlead, now(), "开裂率 0.05%", 20000) }); model.FieldErrors(err)["actual_effect"].Key != "val.milestones_open" {
		t.Fatalf("finished with an open milestone: %v", err)
	}
	if p, err = change(e.users["plead"], p, func(p *model.Project) error { return p.CompleteMilestone(e.users["plead"], now(), 0) }); err != nil {
		t.Fatal(err)
	}
	if p, err = change(qlead, p, func(p *model.Project) error { return p.Finish(qlead, now(), "开裂率 0.05%", 20000) }); err != nil {
		t.Fatal(err)
	}
	if !p.OnTime(e.db.cal) || p.Status != model.ProjectDone {
		t.Fatalf("done: %s on time %v", p.Status, p.OnTime(e.db.cal))
	}
	if _, err := change(office, p, func(p *model.Project) error { return p.Review(office, now(), 6, "") }); model.FieldErrors(err)["rating"].Key != "val.range" {
		t.Fatalf("rating 6: %v", err)
	}
	if p, err = change(office, p, func(p *model.Project) error { return p.Review(office, now(), 5, "营销立项优秀奖") }); err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, h := range p.History {
		kinds = append(kinds, string(h.Kind))
	}
	if got := strings.Join(kinds, " "); got != "file submit return edit submit approve milestone milestone_done finish review" {
		t.Fatalf("history %s", got)
	}
	byNo, err := e.db.ProjectByNo(ctx, p.No)
	if err != nil || byNo.Status != model.ProjectReviewed {
		t.Fatalf("by number: %v %v", byNo, err)
	}
	list, err := e.db.Projects(ctx, model.ProjectFilter{Year: 2026})
	if err != nil || len(list) != 1 {
		t.Fatalf("list: %v %v", list, err)
	}
	if entries, err := e.db.Audit(ctx, projectRecord(p.ID)); err != nil || len(entries) != 10 {
		t.Fatalf("audit entries: %d %v", len(entries), err)
	}
}
