package projects

import (
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"xietong/model"
	"xietong/tui/kit"
)

// action is one step a person may take on an open project: its key, label,
// who may and from which statuses (asked of the model), the form it needs
// (nil: none) and the transition it runs.
type action struct {
	key    string
	label  string // catalogue key
	may    func(u *model.User, p *model.Project) bool
	fields func(s *kit.Session, p *model.Project) []*kit.Field
	init   func(s *kit.Session, f *kit.Form, p *model.Project)
	run    func(s *kit.Session, f *kit.Form, p *model.Project) (model.ProjectChange, error)
}

// in reports whether p is in one of the statuses.
func in(p *model.Project, sts ...model.ProjectStatus) bool {
	for _, st := range sts {
		if p.Status == st {
			return true
		}
	}
	return false
}

func filer(u *model.User, p *model.Project) bool {
	return model.Can(u, model.ActProjectFile) && in(p, model.ProjectDraft, model.ProjectReturned)
}

func decider(u *model.User, p *model.Project) bool {
	return model.Can(u, model.ActProjectDecide) && in(p, model.ProjectSubmitted)
}

func worker(u *model.User, p *model.Project) bool {
	return model.CanWorkProject(u, p) && in(p, model.ProjectApproved, model.ProjectInProgress)
}

func reason(label string) func(s *kit.Session, _ *model.Project) []*kit.Field {
	return func(s *kit.Session, _ *model.Project) []*kit.Field {
		return []*kit.Field{kit.AreaField("reason", s.T(label), model.MaxProjectText+100)}
	}
}

// actions are the steps of the detail, in the order the footer lists them.
func actions() []action {
	now := func(s *kit.Session) model.Date { return s.Svc.Calendar.DateOf(s.Svc.Clock.Now()) }
	return []action{
		{key: "e", label: "ui.pj.act_edit", may: filer, fields: inputFields, init: fillInput,
			run: func(s *kit.Session, f *kit.Form, _ *model.Project) (model.ProjectChange, error) {
				in, err := readInput(s, f)
				if err != nil {
					return nil, err
				}
				return func(p *model.Project) error {
					in.Links.LineID = p.Links.LineID // kept as it was: the screen does not edit it
					return p.Edit(s.User, s.Svc.Clock.Now(), s.Svc.Calendar, in)
				}, nil
			}},
		{key: "s", label: "ui.pj.act_submit", may: filer,
			run: func(s *kit.Session, _ *kit.Form, _ *model.Project) (model.ProjectChange, error) {
				days := s.Svc.Projects.ProjectDecideDays()
				return func(p *model.Project) error { return p.Submit(s.User, s.Svc.Clock.Now(), s.Svc.Calendar, days) }, nil
			}},
		{key: "a", label: "ui.pj.act_approve", may: decider,
			fields: func(s *kit.Session, _ *model.Project) []*kit.Field {
				return []*kit.Field{kit.AreaField("reason", s.T("ui.pj.note"), model.MaxProjectText+100)}
			},
			run: func(s *kit.Session, f *kit.Form, _ *model.Project) (model.ProjectChange, error) {
				note := f.Text("reason")
				return func(p *model.Project) error { return p.Approve(s.User, s.Svc.Clock.Now(), note) }, nil
			}},
		{key: "b", label: "ui.pj.act_return", may: decider, fields: reason("ui.pj.return_reason"),
			run: func(s *kit.Session, f *kit.Form, _ *model.Project) (model.ProjectChange, error) {
				r := f.Text("reason")
				return func(p *model.Project) error { return p.Return(s.User, s.Svc.Clock.Now(), r) }, nil
			}},
		{key: "r", label: "ui.pj.act_reject", may: decider, fields: reason("ui.pj.reject_reason"),
			run: func(s *kit.Session, f *kit.Form, _ *model.Project) (model.ProjectChange, error) {
				r := f.Text("reason")
				return func(p *model.Project) error { return p.Reject(s.User, s.Svc.Clock.Now(), r) }, nil
			}},
		{key: "m", label: "ui.pj.act_milestone", may: worker,
			fields: func(s *kit.Session, _ *model.Project) []*kit.Field {
				return []*kit.Field{kit.TextField("text", s.T("field.milestone"), model.MaxProjectTitle+20),
					kit.TextField("owner", s.T("ui.pj.owner_hint"), 40).WithLookup(s.T("ui.pick.account"), kit.AccountItems(s)),
					kit.TextField("due", s.T("field.due"), 20)}
			},
			init: func(s *kit.Session, f *kit.Form, p *model.Project) {
				f.SetText("owner", s.Who(p.Owner))
				f.SetText("due", now(s).AddDays(14).String())
			},
			run: func(s *kit.Session, f *kit.Form, _ *model.Project) (model.ProjectChange, error) {
				m := model.Milestone{Text: strings.TrimSpace(f.Text("text"))}
				v := model.Invalid{}
				var err error
				if m.Owner, err = kit.LoginOf(s, f.Text("owner")); err != nil {
					v.AddErr("owner", err)
				}
				if m.Due, err = model.ParseDate(f.Text("due")); err != nil {
					v.AddErr("due", err)
				}
				if err := v.Err(); err != nil {
					return nil, err
				}
				return func(p *model.Project) error { return p.AddMilestone(s.User, s.Svc.Clock.Now(), s.Svc.Calendar, m) }, nil
			}},
		{key: "x", label: "ui.pj.act_milestone_done",
			may: func(u *model.User, p *model.Project) bool {
				return model.CanWorkProject(u, p) && in(p, model.ProjectInProgress) && openMilestone(p) >= 0
			},
			fields: func(s *kit.Session, p *model.Project) []*kit.Field {
				var opts []kit.Option
				for i, m := range p.Milestones {
					if m.DoneAt.IsZero() {
						opts = append(opts, kit.Option{Value: strconv.Itoa(i), Label: kit.Line(m.Text) + " · " + m.Due.String()})
					}
				}
				return []*kit.Field{kit.ChoiceField("milestone", s.T("field.milestone"), s.T("ui.an.one_hint"), opts)}
			},
			init: func(_ *kit.Session, f *kit.Form, p *model.Project) {
				f.SetChosen("milestone", []string{strconv.Itoa(openMilestone(p))})
			},
			run: func(s *kit.Session, f *kit.Form, _ *model.Project) (model.ProjectChange, error) {
				i := -1
				if c := f.Chosen("milestone"); len(c) == 1 {
					i, _ = strconv.Atoi(c[0])
				}
				return func(p *model.Project) error { return p.CompleteMilestone(s.User, s.Svc.Clock.Now(), i) }, nil
			}},
		{key: "p", label: "ui.pj.act_note", may: worker,
			fields: func(s *kit.Session, _ *model.Project) []*kit.Field {
				return []*kit.Field{kit.AreaField("text", s.T("ui.pj.note"), model.MaxProjectText+100)}
			},
			run: func(s *kit.Session, f *kit.Form, _ *model.Project) (model.ProjectChange, error) {
				text := f.Text("text")
				return func(p *model.Project) error { return p.AddNote(s.User, s.Svc.Clock.Now(), text) }, nil
			}},
		{key: "d", label: "ui.pj.act_finish", may: worker,
			fields: func(s *kit.Session, _ *model.Project) []*kit.Field {
				return []*kit.Field{kit.AreaField("actual_effect", s.T("field.actual_effect"), model.MaxProjectText+100),
					kit.TextField("benefit", s.T("field.benefit"), 14)}
			},
			init: func(_ *kit.Session, f *kit.Form, _ *model.Project) { f.SetText("benefit", "0") },
			run: func(s *kit.Session, f *kit.Form, _ *model.Project) (model.ProjectChange, error) {
				effect := f.Text("actual_effect")
				benefit, err := model.ParseWhole(f.Text("benefit"), 0, model.MaxProjectBenefit)
				if err != nil {
					return nil, model.FieldError("benefit", err)
				}
				return func(p *model.Project) error { return p.Finish(s.User, s.Svc.Clock.Now(), effect, benefit) }, nil
			}},
		{key: "v", label: "ui.pj.act_review",
			may: func(u *model.User, p *model.Project) bool {
				return model.Can(u, model.ActProjectReview) && in(p, model.ProjectDone)
			},
			fields: func(s *kit.Session, _ *model.Project) []*kit.Field {
				var opts []kit.Option
				for r := model.MaxProjectRating; r >= 1; r-- {
					opts = append(opts, kit.Option{Value: strconv.Itoa(r), Label: s.T("ui.pj.rating", r)})
				}
				return []*kit.Field{kit.ChoiceField("rating", s.T("field.rating"), s.T("ui.an.one_hint"), opts),
					kit.AreaField("award", s.T("ui.pj.award"), model.MaxProjectText+100)}
			},
			init: func(s *kit.Session, f *kit.Form, p *model.Project) {
				r := 3
				if p.OnTime(s.Svc.Calendar) {
					r = 4
				}
				f.SetChosen("rating", []string{strconv.Itoa(r)})
			},
			run: func(s *kit.Session, f *kit.Form, _ *model.Project) (model.ProjectChange, error) {
				rating := 0
				if c := f.Chosen("rating"); len(c) == 1 {
					rating, _ = strconv.Atoi(c[0])
				}
				award := f.Text("award")
				return func(p *model.Project) error { return p.Review(s.User, s.Svc.Clock.Now(), rating, award) }, nil
			}},
	}
}

// openMilestone is the index of p's first milestone not done, -1 if none.
func openMilestone(p *model.Project) int {
	for i, m := range p.Milestones {
		if m.DoneAt.IsZero() {
			return i
		}
	}
	return -1
}

// start begins action a on the open project: its form, or at once.
func (v *screen) start(a *action) tea.Cmd {
	if a.fields == nil {
		v.apply(a, nil)
		return nil
	}
	v.act = a
	v.form = kit.NewForm(v.s.Lang, v.s.T(a.label)+" · "+v.p.No, a.fields(v.s, v.p)...)
	if a.init != nil {
		a.init(v.s, v.form, v.p)
	}
	v.form.Snapshot()
	return v.form.Focus()
}

// apply runs action a (with its form f) on the open project and says what
// happened; a refusal stays in the form, next to its field when it has
// one.
func (v *screen) apply(a *action, f *kit.Form) bool {
	change, err := a.run(v.s, f, v.p)
	if err == nil {
		var saved *model.Project
		if saved, err = v.s.Svc.Projects.ChangeProject(v.s.Ctx, v.s.User, v.p.ID, v.p.Version, change); err == nil {
			v.p = saved
			v.s.Info(v.s.T("ui.pj.done_step", saved.No, v.s.T(a.label), saved.Status.Text().In(v.s.Lang)))
			v.Reload()
			return true
		}
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

// save saves the form on screen: a new project, or the step it is for.
func (v *screen) save() {
	if v.act != nil {
		if v.apply(v.act, v.form) {
			v.form, v.act = nil, nil
		}
		return
	}
	in, err := readInput(v.s, v.form)
	if err == nil {
		var p *model.Project
		if p, err = v.s.Svc.Projects.FileProject(v.s.Ctx, v.s.User, in); err == nil {
			v.form = nil
			v.s.Info(v.s.T("ui.pj.filed", p.No))
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

// openInputForm asks a new project's fields (p nil) or p's, to revise.
func (v *screen) openInputForm(p *model.Project) tea.Cmd {
	v.act = nil
	v.form = kit.NewForm(v.s.Lang, v.s.T("ui.pj.new"), inputFields(v.s, p)...)
	fillInput(v.s, v.form, p)
	v.form.Snapshot()
	return v.form.Focus()
}

// inputFields are the fields of a project's input.
func inputFields(s *kit.Session, _ *model.Project) []*kit.Field {
	t := s.T
	kinds := make([]kit.Option, len(model.ProjectKinds))
	for i, k := range model.ProjectKinds {
		kinds[i] = kit.Option{Value: string(k), Label: k.Text().In(s.Lang)}
	}
	var depts []kit.Option
	for _, d := range model.Departments {
		if d != model.DeptManagement && d != model.DeptOffice {
			depts = append(depts, kit.Option{Value: string(d), Label: t("dept." + string(d))})
		}
	}
	return []*kit.Field{
		kit.ChoiceField("kind", t("field.project_kind"), t("ui.an.one_hint"), kinds),
		kit.TextField("title", t("field.title"), model.MaxProjectTitle+20),
		kit.AreaField("purpose", t("field.purpose"), model.MaxProjectText+100),
		kit.AreaField("effect", t("field.effect"), model.MaxProjectText+100),
		kit.TextField("project_target", t("field.project_target"), 20),
		kit.ChoicesField("depts", t("field.depts"), t("ui.pj.depts_hint"), depts),
		kit.TextField("owner", t("ui.pj.owner_hint"), 40).WithLookup(t("ui.pick.account"), kit.AccountItems(s)),
		kit.TextField("customer", t("ui.pj.customer_hint"), 40).WithLookup(t("ui.pick.customer"), kit.CustomerItems(s)),
		kit.TextField("feedback", t("ui.pj.feedback_hint"), 12),
		kit.TextField("anomaly", t("ui.pj.anomaly_hint"), 12),
		kit.TextField("product", t("ui.pj.product_field"), 40).WithLookup(t("ui.pick.product"), kit.ProductItems(s)),
	}
}

// fillInput fills the input fields from p (nil: a new project's defaults).
func fillInput(s *kit.Session, f *kit.Form, p *model.Project) {
	if p == nil {
		f.SetChosen("kind", []string{string(model.ProjectNewProduct)})
		f.SetText("project_target", s.Svc.Calendar.DateOf(s.Svc.Clock.Now()).AddDays(90).String())
		return
	}
	f.SetChosen("kind", []string{string(p.Kind)})
	f.SetText("title", p.Title)
	f.SetText("purpose", p.Purpose)
	f.SetText("effect", p.Effect)
	f.SetText("project_target", p.Target.String())
	var depts []string
	for _, d := range p.Depts {
		depts = append(depts, string(d))
	}
	f.SetChosen("depts", depts)
	f.SetText("owner", s.Who(p.Owner))
	if c, err := s.Svc.Master.Customer(s.Ctx, p.Links.CustomerID); err == nil && p.Links.CustomerID != 0 {
		f.SetText("customer", c.Code)
	}
	if p.Links.FeedbackID != 0 {
		f.SetText("feedback", strconv.FormatUint(p.Links.FeedbackID, 10))
	}
	if p.Links.AnomalyID != 0 {
		f.SetText("anomaly", strconv.FormatUint(p.Links.AnomalyID, 10))
	}
	f.SetText("product", p.Links.Product)
}

// readInput reads a project's input from the form; what cannot be read
// (a date, a number, a name) is refused at its field.
func readInput(s *kit.Session, f *kit.Form) (model.ProjectInput, error) {
	in := model.ProjectInput{Title: strings.TrimSpace(f.Text("title")), Purpose: f.Text("purpose"), Effect: f.Text("effect")}
	if c := f.Chosen("kind"); len(c) == 1 {
		in.Kind = model.ProjectKind(c[0])
	}
	for _, d := range f.Chosen("depts") {
		in.Depts = append(in.Depts, model.Department(d))
	}
	v := model.Invalid{}
	if text := strings.TrimSpace(f.Text("project_target")); text != "" {
		d, err := model.ParseDate(text)
		v.AddErr("project_target", err)
		in.Target = d
	}
	if text := strings.TrimSpace(f.Text("owner")); text != "" {
		var err error
		in.Owner, err = kit.LoginOf(s, text)
		v.AddErr("owner", err)
	}
	// The customer and the product are typed by code in any case, or by a
	// name or its pinyin initials naming one record only.
	typedCust, typedProd := strings.TrimSpace(f.Text("customer")), strings.TrimSpace(f.Text("product"))
	if typedCust != "" || typedProd != "" {
		names := kit.LoadMaster(s)
		if typedCust != "" {
			c, err := kit.CustomerTyped(s, names, typedCust)
			v.AddErr("customer", err)
			if c != nil {
				in.Links.CustomerID = c.ID
			}
		}
		if typedProd != "" {
			p, err := kit.ProductTyped(s, names, typedProd)
			v.AddErr("product", err)
			if p != nil {
				in.Links.Product = p.Code
			}
		}
	}
	for name, dst := range map[string]*uint64{"feedback": &in.Links.FeedbackID, "anomaly": &in.Links.AnomalyID} {
		if text := strings.TrimPrefix(strings.TrimSpace(f.Text(name)), "#"); text != "" {
			n, err := model.ParseWhole(text, 1, 1<<40)
			v.AddErr(name, err)
			*dst = uint64(n)
		}
	}
	if err := v.Err(); err != nil {
		return in, err
	}
	return in, in.Validate(s.Svc.Calendar.DateOf(s.Svc.Clock.Now()))
}
