package deptplans

import (
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"xietong/model"
	"xietong/tui/kit"
)

// action is one step a person may take on an open plan item: its key,
// label, who may (asked of the model), the form it needs (nil: none) and
// the transition it runs.
type action struct {
	key    string
	label  string // catalogue key
	may    func(u *model.User, p *model.PlanItem) bool
	fields func(s *kit.Session) []*kit.Field
	run    func(s *kit.Session, f *kit.Form) (model.PlanItemChange, error)
}

// answerer reports whether u answers for the other department of a
// proposed item.
func answerer(u *model.User, p *model.PlanItem) bool {
	return p.Status == model.PlanProposed && p.With != "" && model.CanPlan(u, p.With)
}

func reasonField(label string) func(s *kit.Session) []*kit.Field {
	return func(s *kit.Session) []*kit.Field {
		return []*kit.Field{kit.AreaField("reason", s.T(label), model.MaxPlanReason+100)}
	}
}

// actions are the steps of the detail, in the order the footer lists them.
func actions() []action {
	return []action{
		{key: "a", label: "ui.dp.act_accept", may: answerer,
			run: func(s *kit.Session, _ *kit.Form) (model.PlanItemChange, error) {
				now := s.Svc.Clock.Now()
				return func(by *model.User, p *model.PlanItem) error { return p.Accept(by, now) }, nil
			}},
		{key: "x", label: "ui.dp.act_decline", may: answerer, fields: reasonField("ui.dp.decline_reason"),
			run: func(s *kit.Session, f *kit.Form) (model.PlanItemChange, error) {
				now, r := s.Svc.Clock.Now(), f.Text("reason")
				return func(by *model.User, p *model.PlanItem) error { return p.Decline(by, now, r) }, nil
			}},
		{key: "d", label: "ui.dp.act_done",
			may: func(u *model.User, p *model.PlanItem) bool { return p.Status == model.PlanOpen && p.CanComplete(u) },
			fields: func(s *kit.Session) []*kit.Field {
				return []*kit.Field{kit.AreaField("evidence", s.T("ui.dp.evidence_hint"), model.MaxPlanReason+100)}
			},
			run: func(s *kit.Session, f *kit.Form) (model.PlanItemChange, error) {
				now, e := s.Svc.Clock.Now(), f.Text("evidence")
				return func(by *model.User, p *model.PlanItem) error { return p.Complete(by, now, e) }, nil
			}},
		{key: "e", label: "ui.dp.act_revise",
			may: func(u *model.User, p *model.PlanItem) bool {
				return (p.Status == model.PlanProposed || p.Status == model.PlanDeclined) && model.CanPlan(u, p.Dept)
			}},
		{key: "c", label: "ui.dp.act_cancel",
			may: func(u *model.User, p *model.PlanItem) bool {
				return p.Status != model.PlanDone && p.Status != model.PlanCancelled && model.CanPlan(u, p.Dept)
			},
			fields: reasonField("ui.dp.cancel_reason"),
			run: func(s *kit.Session, f *kit.Form) (model.PlanItemChange, error) {
				now, r := s.Svc.Clock.Now(), f.Text("reason")
				return func(by *model.User, p *model.PlanItem) error { return p.Cancel(by, now, r) }, nil
			}},
	}
}

// start begins action a on the open item: its form, or at once. Revising
// opens the item's own input form.
func (v *screen) start(a *action) tea.Cmd {
	if a.key == "e" {
		return v.openInputForm(v.p)
	}
	if a.fields == nil {
		v.apply(a, nil)
		return nil
	}
	v.act = a
	v.form = kit.NewForm(v.s.Lang, v.s.T(a.label)+" · "+v.p.No, a.fields(v.s)...)
	v.form.Snapshot()
	return v.form.Focus()
}

// apply runs action a (with its form f) on the open item and says what
// happened; a refusal stays in the form, next to its field when it has
// one.
func (v *screen) apply(a *action, f *kit.Form) bool {
	change, err := a.run(v.s, f)
	if err == nil {
		return v.change(change, v.s.T(a.label), f)
	}
	v.s.Fail(err)
	return false
}

// change saves change to the open item.
func (v *screen) change(change model.PlanItemChange, step string, f *kit.Form) bool {
	saved, err := v.s.Svc.Plans.ChangePlanItem(v.s.Ctx, v.s.User, v.p.ID, v.p.Version, change)
	if err == nil {
		v.p = saved
		v.s.Info(v.s.T("ui.dp.done_step", saved.No, step, saved.Status.Text().In(v.s.Lang)))
		v.Reload()
		return true
	}
	if f != nil {
		if fe := v.s.FieldErrs(err); fe != nil {
			f.SetErrors(fe)
			return false
		}
	}
	v.s.Fail(err)
	return false
}

// save saves the form on screen: a new item, a revision, or the step it is
// for.
func (v *screen) save() {
	if v.act != nil {
		if v.apply(v.act, v.form) {
			v.form, v.act = nil, nil
		}
		return
	}
	in, err := v.readInput()
	if err == nil && v.p != nil { // a revision
		now := v.s.Svc.Clock.Now()
		if v.change(func(by *model.User, p *model.PlanItem) error { return p.Revise(by, now, v.s.Svc.Calendar, in) },
			v.s.T("ui.dp.act_revise"), v.form) {
			v.form = nil
		}
		return
	}
	if err == nil {
		var p *model.PlanItem
		if p, err = v.s.Svc.Plans.FilePlanItem(v.s.Ctx, v.s.User, in); err == nil {
			v.form = nil
			v.s.Info(v.s.T("ui.dp.filed", p.No, p.Status.Text().In(v.s.Lang)))
			v.Reload()
			v.open(p.ID)
			return
		}
	}
	if fe := v.s.FieldErrs(err); fe != nil {
		v.form.SetErrors(fe)
		return
	}
	v.s.Fail(err)
}

// openInputForm asks a new item's fields (p nil) or p's, to revise.
func (v *screen) openInputForm(p *model.PlanItem) tea.Cmd {
	t := v.s.T
	v.act = nil
	if p == nil {
		v.p = nil
	}
	rels := make([]kit.Option, len(model.PlanRelations))
	for i, r := range model.PlanRelations {
		rels[i] = kit.Option{Value: string(r), Label: r.Text().In(v.s.Lang)}
	}
	depts := []kit.Option{{Value: "", Label: t("ui.dp.no_dept")}}
	for _, d := range planDepts() {
		if d != v.dept {
			depts = append(depts, kit.Option{Value: string(d), Label: t("dept." + string(d))})
		}
	}
	// The goal is typed by its number or picked (F4) from the year's goals,
	// which may be many.
	year := v.month.Year
	if p != nil {
		year = p.Due.Y
	}
	var goals *model.DeptGoals
	if g, err := v.s.Svc.Plans.Goals(v.s.Ctx, v.dept, year); err == nil {
		goals = g
	}
	goalItems := func() []kit.PickItem {
		var out []kit.PickItem
		if goals != nil {
			for _, x := range goals.Goals {
				out = append(out, kit.NewPickItem(strconv.Itoa(x.No), strconv.Itoa(x.No)+".", x.Text, x.Measure))
			}
		}
		return out
	}
	title := t("ui.dp.new", t("dept."+string(v.dept)), v.month.String())
	if p != nil {
		title = t("ui.dp.act_revise") + " · " + p.No
	}
	v.form = kit.NewForm(v.s.Lang, title,
		kit.TextField("text", t("ui.dp.text_hint"), model.MaxPlanText+20),
		kit.ChoiceField("relation", t("ui.dp.relation"), t("ui.an.one_hint"), rels),
		kit.ChoiceField("with", t("ui.dp.with"), t("ui.an.one_hint"), depts),
		kit.TextField("owner", t("ui.pj.owner_hint"), 40).WithLookup(t("ui.pick.account"), kit.AccountItems(v.s)),
		kit.TextField("due", t("ui.dp.col_due"), 20),
		kit.TextField("goal", t("ui.dp.goal_hint"), 12).WithLookup(t("ui.dp.pick_goal"), goalItems),
	)
	if p == nil {
		v.form.SetChosen("relation", []string{""})
		v.form.SetChosen("with", []string{""})
		v.form.SetText("owner", v.s.User.Name)
		due := v.month.Last()
		if today := v.s.Svc.Calendar.DateOf(v.s.Svc.Clock.Now()); due.Before(today) {
			due = today
		}
		v.form.SetText("due", due.String())
	} else {
		v.form.SetText("text", p.Text)
		v.form.SetChosen("relation", []string{string(p.Relation)})
		v.form.SetChosen("with", []string{string(p.With)})
		if p.Goal != 0 {
			v.form.SetText("goal", strconv.Itoa(p.Goal))
		}
		v.form.SetText("owner", v.s.Who(p.Owner))
		v.form.SetText("due", p.Due.String())
	}
	v.form.Snapshot()
	return v.form.Focus()
}

// readInput reads an item's input from the form; a date or a person that
// cannot be read is refused at its field, the rest by the model.
func (v *screen) readInput() (model.PlanInput, error) {
	f := v.form
	in := model.PlanInput{Dept: v.dept, Text: strings.TrimSpace(f.Text("text"))}
	if v.p != nil {
		in.Dept = v.p.Dept
	}
	if c := f.Chosen("relation"); len(c) == 1 {
		in.Relation = model.PlanRelation(c[0])
	}
	if c := f.Chosen("with"); len(c) == 1 {
		in.With = model.Department(c[0])
	}
	va := model.Invalid{}
	if text := strings.TrimSuffix(strings.TrimSpace(f.Text("goal")), "."); text != "" {
		n, err := model.ParseWhole(text, 1, model.MaxGoals)
		va.AddErr("goal", err)
		in.Goal = int(n)
	}
	if text := strings.TrimSpace(f.Text("owner")); text != "" {
		var err error
		in.Owner, err = kit.LoginOf(v.s, text)
		va.AddErr("owner", err)
	}
	if text := strings.TrimSpace(f.Text("due")); text != "" {
		d, err := model.ParseDate(text)
		va.AddErr("due", err)
		in.Due = d
	}
	// What the model refuses is shown beside what could not be read.
	va.Merge(in.Validate(v.s.Svc.Calendar.DateOf(v.s.Svc.Clock.Now())))
	return in, va.Err()
}
