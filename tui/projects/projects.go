// Package projects is the 立项 section: project requests from sales' draft
// through the general manager's decision to delivery and the year-end
// review (docs/DOMAIN.md#projects).
package projects

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

// Sections is the projects section, under management, where the general
// manager decides.
func Sections() []kit.Section {
	return []kit.Section{
		{Key: "sec.projects", Code: "projects", Group: "grp.management", Make: func(s *kit.Session) kit.Screen { return newScreen(s) },
			Wants:  model.KindSet(model.KindProject, model.KindUser, model.KindCustomer, model.KindProduct),
			Alerts: []kit.LiveAlert{{Kind: model.KindProject, Say: projectAlert}}},
	}
}

// projectAlert tells the general manager a project waits for a decision,
// and the filer and owner what was decided and done.
func projectAlert(s *kit.Session, e model.Event) (kit.Alert, bool) {
	me := s.User
	switch model.ProjectEventKind(e.Action) {
	case model.PEvSubmit:
		if !model.Can(me, model.ActProjectDecide) {
			return kit.Alert{}, false
		}
	case model.PEvApprove, model.PEvReject, model.PEvReturn, model.PEvFinish, model.PEvReview:
		if !slices.Contains(e.For, me.Login) {
			return kit.Alert{}, false
		}
	case model.PEvEscalate:
		// The general manager, the office (who track the clock) and the
		// filer.
		if !model.Can(me, model.ActProjectDecide) && !model.Can(me, model.ActProjectReview) && !slices.Contains(e.For, me.Login) {
			return kit.Alert{}, false
		}
	default:
		return kit.Alert{}, false
	}
	p, err := s.Svc.Projects.Project(s.Ctx, e.ID)
	if err != nil {
		return kit.Alert{}, false
	}
	ev := model.ProjectEventKind(e.Action)
	if ev == model.PEvEscalate {
		return kit.Alert{Text: s.T("ui.pj.live_escalate", p.No, kit.Line(p.Title), s.Deadline(p.DecideDue)), Level: kit.StatusAlert, Bell: true}, true
	}
	if ev == model.PEvSubmit {
		return kit.Alert{Text: s.T("ui.pj.live_submit", p.No, kit.Line(p.Title), kit.Line(s.Who(e.Actor)), s.Deadline(p.DecideDue)),
			Level: kit.StatusAlert, Bell: true}, true
	}
	return kit.Alert{Text: s.T("ui.pj.live_step", p.No, kit.Line(p.Title), ev.Text().In(s.Lang), kit.Line(s.Who(e.Actor))),
		Level: kit.StatusAlert}, true
}

type mode int

const (
	modeList mode = iota
	modeDetail
	modeYear
)

// screen is the 立项 section: the list (waiting decisions first), a
// project's detail with the steps the person may take, and the year's
// review.
type screen struct {
	s     *kit.Session
	mode  mode
	from  mode // where the detail was opened from (the list or the year)
	list  *kit.List
	year  *kit.List
	p     *model.Project // the project open
	page  *kit.Pager
	form  *kit.Form
	act   *action // the step the form is for (nil: a new project)
	yr    int
	names kit.MasterNames
	keys  struct{ New, Year, Back key.Binding }
}

func newScreen(s *kit.Session) *screen { return &screen{s: s} }

func (v *screen) Title() string { return v.s.T("sec.projects") }

func (v *screen) Reload() {
	t := v.s.T
	v.keys.New = key.NewBinding(key.WithKeys("n"), key.WithHelp("n", t("ui.pj.key_new")))
	v.keys.Year = key.NewBinding(key.WithKeys("Y"), key.WithHelp("Y", t("ui.pj.key_year")))
	v.keys.Back = key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", t("key.back")))
	if v.list == nil || v.list.Lang != v.s.Lang {
		v.list = kit.NewList(v.s.Lang, []kit.Column{
			{Title: t("ui.pj.col_no"), Width: 12}, {Title: t("ui.pj.col_kind"), Width: 8, Optional: true}, {Title: t("ui.pj.col_title")},
			{Title: t("ui.pj.col_status"), Width: 12}, {Title: t("field.owner"), Width: 8}, {Title: t("ui.pj.col_due"), Width: 16},
		})
		v.year = kit.NewList(v.s.Lang, []kit.Column{
			{Title: t("ui.pj.col_no"), Width: 12}, {Title: t("ui.pj.col_title")}, {Title: t("ui.pj.col_status"), Width: 10},
			{Title: t("ui.pj.col_target"), Width: 10}, {Title: t("ui.pj.col_on_time"), Width: 6}, {Title: t("ui.pj.col_benefit"), Width: 10, Right: true},
			{Title: t("ui.pj.col_rating"), Width: 4, Optional: true},
		})
	}
	now := v.s.Svc.Clock.Now()
	if v.yr == 0 {
		v.yr = v.s.Svc.Calendar.DateOf(now).Y
	}
	v.names = kit.LoadMaster(v.s) // customers, and products for the links' names
	list, err := v.s.Svc.Projects.Projects(v.s.Ctx, model.ProjectFilter{})
	if err != nil {
		v.s.Fail(err)
		return
	}
	// What waits for a decision first, the earliest due first; then the
	// rest, newest first.
	slices.SortStableFunc(list, func(a, b *model.Project) int {
		wa, wb := a.Status == model.ProjectSubmitted, b.Status == model.ProjectSubmitted
		switch {
		case wa && wb:
			return a.DecideDue.Compare(b.DecideDue)
		case wa:
			return -1
		case wb:
			return 1
		}
		return 0
	})
	rows := make([]kit.Row, 0, len(list))
	for _, p := range list {
		due := ""
		late := false
		switch p.Status {
		case model.ProjectSubmitted:
			due, late = v.s.Until(p.DecideDue, now)
		default:
			due = kit.Date(p.Target)
		}
		r := kit.Row{ID: strconv.FormatUint(p.ID, 10), Cells: []string{p.No, p.Kind.Text().In(v.s.Lang), p.Title,
			p.Status.Text().In(v.s.Lang), v.s.Who(p.Owner), due}}
		switch {
		case late:
			r.Style, r.Emph = v.s.St.Alert, true
		case p.Status == model.ProjectRejected || p.Status == model.ProjectReviewed:
			r.Style, r.Emph = v.s.St.Dim, true
		}
		rows = append(rows, r)
	}
	v.list.SetRows(rows)
	v.loadYear(list)
	if v.p != nil && v.form == nil {
		if p, err := v.s.Svc.Projects.Project(v.s.Ctx, v.p.ID); err == nil {
			v.p = p
		}
	}
}

// loadYear fills the year's review: the projects filed or due in the
// year, with their outcome.
func (v *screen) loadYear(list []*model.Project) {
	var rows []kit.Row
	for _, p := range list {
		if !(model.ProjectFilter{Year: v.yr}).Keep(p, v.s.Svc.Calendar) {
			continue
		}
		onTime, benefit, rating := "", "", ""
		if !p.DoneAt.IsZero() {
			onTime = v.s.T("ui.pj.late")
			if p.OnTime(v.s.Svc.Calendar) {
				onTime = v.s.T("ui.pj.on_time")
			}
			benefit = kit.FmtInt(p.Benefit)
		}
		if p.Rating > 0 {
			rating = strconv.Itoa(p.Rating)
		}
		rows = append(rows, kit.Row{ID: strconv.FormatUint(p.ID, 10), Cells: []string{p.No, p.Title, p.Status.Text().In(v.s.Lang),
			kit.Date(p.Target), onTime, benefit, rating}})
	}
	v.year.SetRows(rows)
}

func (v *screen) cur() *kit.List {
	if v.mode == modeYear {
		return v.year
	}
	return v.list
}

func (v *screen) Capturing() bool { return v.form != nil || v.cur().Filtering() }
func (v *screen) Dirty() bool     { return v.form != nil && v.form.Dirty() }

func (v *screen) Update(msg tea.Msg) tea.Cmd {
	if om, ok := msg.(kit.OpenMsg); ok && v.form == nil {
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
	km, ok := msg.(tea.KeyPressMsg)
	if !ok || v.cur().Filtering() {
		_, cmd := v.cur().Update(msg)
		return cmd
	}
	k := km.String()
	if v.mode == modeDetail {
		if k == "esc" {
			v.mode, v.p, v.page = v.from, nil, nil
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
	case v.mode == modeYear && k == "esc":
		v.mode = modeList
		return nil
	case v.mode == modeYear && (k == "[" || k == "]"):
		v.yr += map[string]int{"[": -1, "]": 1}[k]
		v.Reload()
		return nil
	case v.mode == modeList && key.Matches(km, v.keys.New):
		if err := model.Require(v.s.User, model.ActProjectFile); err != nil {
			v.s.Fail(err)
			return nil
		}
		return v.openInputForm(nil)
	case v.mode == modeList && key.Matches(km, v.keys.Year):
		v.mode = modeYear
		return nil
	case k == "enter":
		if id, _ := strconv.ParseUint(v.cur().SelectedID(), 10, 64); id != 0 {
			v.open(id)
		}
		return nil
	}
	_, cmd := v.cur().Update(msg)
	return cmd
}

// open shows project id.
func (v *screen) open(id uint64) {
	p, err := v.s.Svc.Projects.Project(v.s.Ctx, id)
	if err != nil {
		v.s.Fail(err)
		return
	}
	if v.mode != modeDetail {
		v.from = v.mode
	}
	v.p, v.mode = p, modeDetail
	v.page = &kit.Pager{Lang: v.s.Lang, Build: v.detailLines}
}

func (v *screen) View(width, height int) string {
	st := v.s.St
	if v.form != nil {
		head := ""
		if v.p != nil {
			head = st.Title.Render(kit.Line(v.p.No+"  "+v.p.Title)) + "\n\n"
		}
		return head + v.form.View(st, width, height-strings.Count(head, "\n"))
	}
	switch v.mode {
	case modeDetail:
		return v.page.View(st, width, height, "")
	case modeYear:
		return st.Title.Render(v.s.T("ui.pj.year_title", v.yr)) + "\n" +
			v.year.View(st, width, height-1, v.s.T("ui.pj.year_none", v.yr))
	}
	head := v.s.T("ui.pj.head")
	return st.Dim.Render(head) + "\n" + v.list.View(st, width, height-1, v.s.T("ui.pj.none"))
}

func (v *screen) HelpKeys() []key.Binding {
	if v.form != nil {
		return v.form.HelpKeys()
	}
	if v.cur().Filtering() {
		return v.cur().HelpKeys()
	}
	switch v.mode {
	case modeDetail:
		var ks []key.Binding
		for _, a := range actions() {
			if a.may(v.s.User, v.p) {
				ks = append(ks, key.NewBinding(key.WithKeys(a.key), key.WithHelp(a.key, v.s.T(a.label))))
			}
		}
		return append(ks, v.keys.Back)
	case modeYear:
		ks := append(v.year.MoveKeys(), v.year.OpenKeys()...)
		return append(ks, key.NewBinding(key.WithKeys("[", "]"), key.WithHelp("[ ]", v.s.T("ui.pj.key_years"))), v.keys.Back)
	}
	ks := v.list.HelpKeys()
	if model.Can(v.s.User, model.ActProjectFile) {
		ks = append(ks, v.keys.New)
	}
	return append(ks, v.keys.Year)
}

// detailLines are the open project as a head and a body to scroll: its
// fields, milestones and history, each revision as the lines it changed.
func (v *screen) detailLines(width int) (head, body []string) {
	s, p, st := v.s, v.p, v.s.St
	t := s.T
	head = []string{st.Title.Render(fit(p.No+"  "+p.Title, width)),
		st.Dim.Render(fit(p.Kind.Text().In(s.Lang)+" · "+p.Status.Text().In(s.Lang)+" · "+t("ui.pj.filed_by", s.Who(p.FiledBy), s.Time(p.FiledAt)), width))}
	field := func(label, value string) {
		if value == "" {
			return
		}
		body = append(body, kit.Wrap(st.Label.Render(t(label)+t("ui.colon"))+kit.Line(value), width)...)
	}
	depts := make([]string, len(p.Depts))
	for i, d := range p.Depts {
		depts[i] = t("dept." + string(d))
	}
	field("field.purpose", p.Purpose)
	field("field.effect", p.Effect)
	field("field.project_target", p.Target.String())
	field("field.depts", strings.Join(depts, t("ui.list_sep")))
	field("field.owner", s.Who(p.Owner))
	field("ui.pj.links", v.linksText())
	if p.Status == model.ProjectSubmitted {
		due, _ := s.Until(p.DecideDue, s.Svc.Clock.Now())
		field("field.decide_due", t("ui.pj.due_left", s.Deadline(p.DecideDue), due))
	}
	if !p.DoneAt.IsZero() {
		field("field.actual_effect", p.ActualEffect)
		field("field.benefit", kit.FmtInt(p.Benefit))
	}
	if p.Rating > 0 {
		field("field.rating", strconv.Itoa(p.Rating)+" "+p.Award)
	}
	if len(p.Milestones) > 0 {
		body = append(body, "", st.Bold.Render(t("ui.pj.milestones")))
		for i, m := range p.Milestones {
			mark := "[ ]"
			if !m.DoneAt.IsZero() {
				mark = "[x]"
			}
			body = append(body, fit(fmt.Sprintf("%s %d. %s · %s · %s", mark, i+1, kit.Line(m.Text), s.Who(m.Owner), m.Due), width))
		}
	}
	body = append(body, "", st.Bold.Render(t("ui.pj.history")))
	for i := len(p.History) - 1; i >= 0; i-- {
		h := p.History[i]
		line := s.Time(h.At) + "  " + kit.Line(s.Who(h.By)) + "  " + h.Kind.Text().In(s.Lang)
		if h.Text != "" {
			line += t("ui.colon") + kit.Line(h.Text)
		}
		body = append(body, kit.Wrap(line, width)...)
		if h.Kind == model.PEvEdit {
			for _, d := range model.DiffLines(h.Before, h.After) {
				style := st.OK
				if strings.HasPrefix(d, "- ") {
					style = st.Warn
				}
				body = append(body, style.Render(fit("    "+kit.Line(d), width)))
			}
		}
	}
	return head, body
}

// linksText names the records the project answers.
func (v *screen) linksText() string {
	l, t := v.p.Links, v.s.T
	var out []string
	if l.CustomerID != 0 {
		out = append(out, v.names.CustomerName(l.CustomerID))
	}
	if l.LineID != 0 {
		out = append(out, t("ui.pj.link_line", l.LineID))
	}
	if l.FeedbackID != 0 {
		out = append(out, t("ui.pj.link_feedback", l.FeedbackID))
	}
	if l.AnomalyID != 0 {
		out = append(out, t("ui.pj.link_anomaly", l.AnomalyID))
	}
	if l.Product != "" {
		name := l.Product
		if p := v.names.Product(l.Product); p != nil && p.Name != "" {
			name = p.Name
		}
		out = append(out, name)
	}
	return strings.Join(out, t("ui.list_sep"))
}

func fit(s string, width int) string { return kit.Fit(s, width, false) }
