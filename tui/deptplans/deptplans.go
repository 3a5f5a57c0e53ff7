// Package deptplans is the 部门计划 section (计划协同): each department's
// goals of the year and its monthly plan items, what it needs from and owes
// to the others, their answers, and completion with evidence
// (docs/DOMAIN.md#department-plans).
package deptplans

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"xietong/model"
	"xietong/tui/kit"
)

// Sections is the department plans section, under management, beside the
// meetings that review them.
func Sections() []kit.Section {
	return []kit.Section{
		{Key: "sec.deptplans", Code: "plans", Group: "grp.management", Make: func(s *kit.Session) kit.Screen { return newScreen(s) },
			Wants:  model.KindSet(model.KindDeptPlan, model.KindUser),
			Alerts: []kit.LiveAlert{{Kind: model.KindDeptPlan, Say: planAlert}}},
	}
}

// planAlert tells the other department's planners what an item asks of
// them, and the item's own department and owner how it was answered and
// when it was done.
func planAlert(s *kit.Session, e model.Event) (kit.Alert, bool) {
	me := s.User
	if e.ID == 0 || e.Actor == me.Login || !slices.Contains(e.Depts, me.Dept) && !slices.Contains(e.For, me.Login) && me.Role != model.RoleOffice {
		return kit.Alert{}, false
	}
	p, err := s.Svc.Plans.PlanItem(s.Ctx, e.ID)
	if err != nil {
		return kit.Alert{}, false
	}
	by := kit.Line(s.Who(e.Actor))
	switch model.PlanEventKind(e.Action) {
	case model.PlEvFile, model.PlEvRevise:
		if p.With == "" || !model.CanPlan(me, p.With) || me.Dept != p.With {
			return kit.Alert{}, false
		}
		msg := "ui.dp.live_ask"
		if p.Relation == model.RelOwes {
			msg = "ui.dp.live_owed"
		}
		return kit.Alert{Text: s.T(msg, s.T("dept."+string(p.Dept)), p.No, kit.Line(p.Text), p.Due.String(), by),
			Level: kit.StatusAlert, Bell: true}, true
	case model.PlEvAccept, model.PlEvDecline, model.PlEvDone:
		if !(me.Dept == p.Dept && model.CanPlan(me, p.Dept)) && me.Login != p.Owner {
			return kit.Alert{}, false
		}
		return kit.Alert{Text: s.T("ui.dp.live_step", p.No, kit.Line(p.Text), model.PlanEventKind(e.Action).Text().In(s.Lang), by),
			Level: kit.StatusAlert}, true
	}
	return kit.Alert{}, false
}

type mode int

const (
	modeList mode = iota
	modeDetail
	modeGoals
)

// screen is the section: a month of one department's plan (its own items
// and those asked of it), an item's detail with the steps the person may
// take, and the department's goals of the year.
type screen struct {
	s      *kit.Session
	mode   mode
	month  model.Month
	dept   model.Department
	list   *kit.List
	items  []*model.PlanItem
	done   model.Ratio // the department's completion of the month so far
	p      *model.PlanItem
	page   *kit.Pager
	form   *kit.Form
	act    *action // the step the form is for (nil: a new item)
	goals  *model.DeptGoals
	grid   *kit.Grid // the goals being edited
	asking bool      // esc on changed goals: drop them?
	keys   struct{ New, Goals, Month, Dept, Back, Save, AddRow, DelRow key.Binding }
}

func newScreen(s *kit.Session) *screen {
	v := &screen{s: s, month: model.MonthOf(s.Svc.Calendar.DateOf(s.Svc.Clock.Now())), dept: s.User.Dept}
	if !slices.Contains(planDepts(), v.dept) {
		v.dept = model.DeptProduction
	}
	return v
}

// planDepts are the departments that keep plans, in the order D cycles.
func planDepts() []model.Department {
	return []model.Department{model.DeptSales, model.DeptProduction, model.DeptRnD, model.DeptQuality, model.DeptPurchasing, model.DeptOffice}
}

func (v *screen) Title() string { return v.s.T("sec.deptplans") }

func (v *screen) Reload() {
	t := v.s.T
	v.keys.New = key.NewBinding(key.WithKeys("n"), key.WithHelp("n", t("ui.dp.key_new")))
	v.keys.Goals = key.NewBinding(key.WithKeys("G"), key.WithHelp("G", t("ui.dp.key_goals")))
	v.keys.Month = key.NewBinding(key.WithKeys("[", "]"), key.WithHelp("[ ]", t("ui.dp.key_month")))
	v.keys.Dept = key.NewBinding(key.WithKeys("D"), key.WithHelp("D", t("ui.dp.key_dept")))
	v.keys.Back = key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", t("key.back")))
	v.keys.Save = key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", t("key.save")))
	v.keys.AddRow = key.NewBinding(key.WithKeys("ctrl+n"), key.WithHelp("ctrl+n", t("ui.dp.key_add_goal")))
	v.keys.DelRow = key.NewBinding(key.WithKeys("ctrl+d"), key.WithHelp("ctrl+d", t("ui.dp.key_del_goal")))
	if v.list == nil || v.list.Lang != v.s.Lang {
		// At 80 columns the item's text keeps room; its number and owner
		// come back on wider terminals.
		v.list = kit.NewList(v.s.Lang, []kit.Column{
			{Title: t("ui.dp.col_text"), Min: 24}, {Title: t("ui.dp.col_with"), Width: 12},
			{Title: t("ui.dp.col_due"), Width: 10}, {Title: t("ui.dp.col_status"), Width: 10},
			{Title: t("field.owner"), Width: 6, Optional: true}, {Title: t("ui.dp.col_no"), Width: 12, Optional: true},
		})
	}
	items, err := v.s.Svc.Plans.PlanItems(v.s.Ctx, model.PlanFilter{Month: v.month, Dept: v.dept})
	if err != nil {
		v.s.Fail(err)
		return
	}
	v.items = items
	today := v.s.Svc.Calendar.DateOf(v.s.Svc.Clock.Now())
	cut := today.AddDays(-1)
	if last := v.month.Last(); last.Before(cut) {
		cut = last
	}
	v.done = model.DeptPlanCompletion(items, v.dept, v.month, cut, v.s.Svc.Calendar)
	// What waits for this department's answer first, then by due date.
	slices.SortStableFunc(items, func(a, b *model.PlanItem) int {
		wa, wb := v.waiting(a), v.waiting(b)
		switch {
		case wa && !wb:
			return -1
		case wb && !wa:
			return 1
		}
		return 0
	})
	rows := make([]kit.Row, 0, len(items))
	for _, p := range items {
		r := kit.Row{ID: strconv.FormatUint(p.ID, 10), Cells: []string{p.Text, v.withText(p), p.Due.String(),
			p.Status.Text().In(v.s.Lang), v.s.Who(p.Owner), p.No}}
		switch {
		case v.waiting(p):
			r.Style, r.Emph = v.s.St.Warn, true
		case p.Counted() && p.Status != model.PlanDone && p.Due.Before(today):
			r.Style, r.Emph = v.s.St.Alert, true
		case !p.Counted() || p.Status == model.PlanDone:
			r.Style, r.Emph = v.s.St.Dim, true
		}
		rows = append(rows, r)
	}
	v.list.SetRows(rows)
	if v.p != nil && v.form == nil {
		if p, err := v.s.Svc.Plans.PlanItem(v.s.Ctx, v.p.ID); err == nil {
			v.p = p
		}
	}
	if v.mode == modeGoals && v.grid == nil {
		v.loadGoals()
	}
}

// waiting reports whether p waits for the department on view to answer.
func (v *screen) waiting(p *model.PlanItem) bool {
	return p.Status == model.PlanProposed && p.With == v.dept
}

// withText words how p involves another department, seen from the
// department on view: what it needs from or owes to it, or who asks it.
func (v *screen) withText(p *model.PlanItem) string {
	t := v.s.T
	switch {
	case p.With == "":
		return ""
	case p.With == v.dept && p.Relation == model.RelNeeds:
		return t("ui.dp.asked_by", t("dept."+string(p.Dept)))
	case p.With == v.dept:
		return t("ui.dp.owed_by", t("dept."+string(p.Dept)))
	case p.Relation == model.RelNeeds:
		return t("ui.dp.needs", t("dept."+string(p.With)))
	}
	return t("ui.dp.owes", t("dept."+string(p.With)))
}

func (v *screen) Capturing() bool {
	return v.form != nil || v.grid != nil || v.list.Filtering()
}

func (v *screen) Dirty() bool {
	return v.form != nil && v.form.Dirty() || v.grid != nil && v.grid.Dirty()
}

func (v *screen) Update(msg tea.Msg) tea.Cmd {
	if om, ok := msg.(kit.OpenMsg); ok && v.form == nil && v.grid == nil {
		v.open(om.ID)
		return nil
	}
	if v.form != nil {
		res, cmd := v.form.Update(msg)
		switch res {
		case kit.FormCancel:
			v.form, v.act = nil, nil
		case kit.FormSubmit:
			v.save()
		}
		return cmd
	}
	if v.mode == modeGoals {
		return v.updateGoals(msg)
	}
	km, ok := msg.(tea.KeyPressMsg)
	if !ok || v.list.Filtering() {
		_, cmd := v.list.Update(msg)
		return cmd
	}
	k := km.String()
	if v.mode == modeDetail {
		if k == "esc" {
			v.mode, v.p, v.page = modeList, nil, nil
			return nil
		}
		for i := range actions() {
			a := &actions()[i]
			if a.key == k && a.may(v.s.User, v.p) {
				return v.start(a)
			}
		}
		v.page.Update(km)
		return nil
	}
	switch {
	case key.Matches(km, v.keys.Month):
		n := 1
		if k == "[" {
			n = -1
		}
		v.month = kit.AddMonths(v.s, v.month, n)
		v.Reload()
		return nil
	case key.Matches(km, v.keys.Dept):
		ds := planDepts()
		v.dept = ds[(slices.Index(ds, v.dept)+1)%len(ds)]
		v.Reload()
		return nil
	case key.Matches(km, v.keys.New) && model.CanPlan(v.s.User, v.dept):
		return v.openInputForm(nil)
	case key.Matches(km, v.keys.Goals):
		v.mode = modeGoals
		v.loadGoals()
		return nil
	case k == "enter":
		if id, _ := strconv.ParseUint(v.list.SelectedID(), 10, 64); id != 0 {
			v.open(id)
		}
		return nil
	}
	_, cmd := v.list.Update(msg)
	return cmd
}

// open shows plan item id.
func (v *screen) open(id uint64) {
	p, err := v.s.Svc.Plans.PlanItem(v.s.Ctx, id)
	if err != nil {
		v.s.Fail(err)
		return
	}
	v.p, v.mode = p, modeDetail
	v.page = &kit.Pager{Lang: v.s.Lang, Build: v.detailLines}
}

func (v *screen) View(width, height int) string {
	st, t := v.s.St, v.s.T
	switch {
	case v.form != nil:
		head := ""
		if v.p != nil {
			head = st.Title.Render(kit.Fit(v.p.No+"  "+kit.Line(v.p.Text), width, false)) + "\n\n"
		}
		return head + v.form.View(st, width, height-strings.Count(head, "\n"))
	case v.mode == modeDetail:
		return v.page.View(st, width, height, "")
	case v.mode == modeGoals:
		return v.goalsView(width, height)
	}
	head := t("ui.dp.head", v.month.String(), t("dept."+string(v.dept)))
	done := t("ui.dp.done_none")
	if v.done.Den > 0 {
		done = t("ui.dp.done", model.FormatRatio(v.s.Lang, v.done))
	}
	return st.Title.Render(kit.Fit(head, width, false)) + "\n" + st.Dim.Render(kit.Fit(done, width, false)) + "\n" +
		v.list.View(st, width, height-2, t("ui.dp.none"))
}

func (v *screen) HelpKeys() []key.Binding {
	switch {
	case v.form != nil:
		return v.form.HelpKeys()
	case v.mode == modeGoals:
		return v.goalsKeys()
	case v.list.Filtering():
		return v.list.HelpKeys()
	case v.mode == modeDetail:
		var ks []key.Binding
		for _, a := range actions() {
			if a.may(v.s.User, v.p) {
				ks = append(ks, key.NewBinding(key.WithKeys(a.key), key.WithHelp(a.key, v.s.T(a.label))))
			}
		}
		return append(ks, v.keys.Back)
	}
	ks := v.list.HelpKeys()
	if model.CanPlan(v.s.User, v.dept) {
		ks = append(ks, v.keys.New)
	}
	return append(ks, v.keys.Month, v.keys.Dept, v.keys.Goals)
}

// detailLines are the open item as a head and a body to scroll: its
// fields, its answer, its completion and its history.
func (v *screen) detailLines(width int) (head, body []string) {
	s, p, st := v.s, v.p, v.s.St
	t := s.T
	head = []string{st.Title.Render(kit.Fit(p.No+"  "+kit.Line(p.Text), width, false)),
		st.Dim.Render(kit.Fit(t("dept."+string(p.Dept))+" · "+p.Month().String()+" · "+p.Status.Text().In(s.Lang)+" · "+
			t("ui.dp.filed_by", s.Who(p.FiledBy), s.Time(p.FiledAt)), width, false))}
	field := func(label, value string) {
		if value != "" {
			body = append(body, kit.Wrap(st.Label.Render(label+t("ui.colon"))+kit.Line(value), width)...)
		}
	}
	field(t("field.owner"), s.Who(p.Owner))
	field(t("field.due"), p.Due.String())
	if p.Goal != 0 {
		if g, err := s.Svc.Plans.Goals(s.Ctx, p.Dept, p.Due.Y); err == nil && g.Goal(p.Goal) != nil {
			field(t("ui.dp.goal"), fmt.Sprintf("%d. %s", p.Goal, g.Goal(p.Goal).Text))
		}
	}
	if p.With != "" {
		field(t("ui.dp.with"), p.Relation.Text().In(s.Lang)+" "+t("dept."+string(p.With)))
		if !p.AnsweredAt.IsZero() {
			field(t("ui.dp.answered"), s.Who(p.AnsweredBy)+" "+s.Time(p.AnsweredAt))
		}
	}
	if p.Status == model.PlanDone {
		on := t("ui.dp.late")
		if p.OnTime(s.Svc.Calendar) {
			on = t("ui.dp.on_time")
		}
		field(t("ui.dp.done_at"), s.Who(p.DoneBy)+" "+s.Time(p.DoneAt)+" · "+on)
		field(t("field.evidence"), p.Evidence)
	}
	body = append(body, "", st.Bold.Render(t("ui.pj.history")))
	for i := len(p.History) - 1; i >= 0; i-- {
		h := p.History[i]
		line := s.Time(h.At) + "  " + kit.Line(s.Who(h.By)) + "  " + h.Kind.Text().In(s.Lang)
		if h.Text != "" {
			line += t("ui.colon") + kit.Line(h.Text)
		}
		body = append(body, kit.Wrap(line, width)...)
	}
	return head, body
}
