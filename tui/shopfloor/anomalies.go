// Package shopfloor is the sections of the shop floor: the daily reports
// and the anomalies with their feedback.
package shopfloor

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"xietong/model"
	"xietong/tui/kit"
)

// Sections are the shop floor's sections: daily reports, anomalies and
// quality feedback.
func Sections() []kit.Section {
	return []kit.Section{
		{Key: "sec.reports", Code: "reports", Group: "grp.production", Make: func(s *kit.Session) kit.Screen { return newReports(s) },
			Wants: model.KindSet(model.KindReport, model.KindDefectReasons, model.KindProduct, model.KindProdPlan)},
		{Key: "sec.issues", Code: "issues", Group: "grp.production", Make: func(s *kit.Session) kit.Screen { return newIssues(s) },
			Wants:  model.KindSet(model.KindAnomaly, model.KindFeedback, model.KindLine, model.KindCustomer, model.KindProduct),
			Alerts: []kit.LiveAlert{{Kind: model.KindAnomaly, Say: anomalyAlert}, {Kind: model.KindFeedback, Say: feedbackAlert}}},
	}
}

// anomalyAlert words a new anomaly for sales and for the owners of the
// order lines it puts at risk; a severe one rings.
func anomalyAlert(s *kit.Session, e model.Event) (kit.Alert, bool) {
	if e.Action != "file" || s.User.Dept != model.DeptSales && !slices.Contains(e.For, s.User.Login) {
		return kit.Alert{}, false
	}
	an, err := s.Svc.Shop.Anomaly(s.Ctx, e.ID)
	if err != nil {
		return kit.Alert{}, false
	}
	return kit.Alert{Text: s.T("live.anomaly", an.ID, an.Category.Text().In(s.Lang), an.Severity, kit.Line(an.Text), len(an.RiskMarks)),
		Level: kit.StatusAlert, Bell: e.Urgent}, true
}

// feedbackAlert tells the department a quality feedback is routed to that
// it was filed, with its deadline.
func feedbackAlert(s *kit.Session, e model.Event) (kit.Alert, bool) {
	if e.Action != "file" {
		return kit.Alert{}, false
	}
	f, err := s.Svc.Shop.Feedback(s.Ctx, e.ID)
	if err != nil || f.Route.Dept() != s.User.Dept {
		return kit.Alert{}, false
	}
	return kit.Alert{Text: s.T("live.feedback", f.ID, kit.Line(f.Product), s.Deadline(f.Due)), Level: kit.StatusAlert}, true
}

type issuesTab int

const (
	tabAnomalies issuesTab = iota
	tabFeedback
)

// issuesScreen is the 异常与反馈 section: the anomaly queue (异常报告) ranked
// by severity then age, and customer quality feedback (客户质量反馈).
type issuesScreen struct {
	s        *kit.Session
	tab      issuesTab
	anomList *kit.List
	fbList   *kit.List
	anomaly  *model.Anomaly // detail
	marks    string         // the anomaly's lines at risk, worded when it is read
	fb       *model.Feedback
	form     *kit.Form
	formFor  string
	draft    *model.Anomaly // step one of filing, waiting for the lines
	proposed []*model.Order
	names    kit.MasterNames
}

func newIssues(s *kit.Session) *issuesScreen { return &issuesScreen{s: s} }

func (v *issuesScreen) Title() string { return v.s.T("sec.issues") }

func (v *issuesScreen) Reload() {
	t := v.s.T
	if v.anomList == nil || v.anomList.Lang != v.s.Lang {
		v.anomList = kit.NewList(v.s.Lang, []kit.Column{
			{Title: "#", Width: 4, Right: true}, {Title: t("ui.an.col_sev"), Width: 4}, {Title: t("ui.an.col_cat"), Width: 6},
			{Title: t("ui.an.col_text")}, {Title: t("ui.an.col_age"), Width: 12}, {Title: t("ui.an.col_status"), Width: 8},
		})
		v.fbList = kit.NewList(v.s.Lang, []kit.Column{
			{Title: "#", Width: 4, Right: true}, {Title: t("ui.order.col_customer")}, {Title: t("field.product"), Width: 9},
			{Title: t("ui.fb.col_route"), Width: 6}, {Title: t("ui.fb.col_due"), Width: 14}, {Title: t("ui.an.col_status"), Width: 8},
		})
	}
	v.names = kit.LoadCustomers(v.s)
	now := v.s.Svc.Clock.Now()
	if list, err := v.s.Svc.Shop.Anomalies(v.s.Ctx, false); err == nil {
		rows := make([]kit.Row, len(list))
		for i, a := range list {
			open := a.Status == model.AnomalyOpen
			age := kit.DurText(v.s, now.Sub(a.FiledAt))
			rows[i] = kit.Row{ID: strconv.FormatUint(a.ID, 10), Cells: []string{strconv.FormatUint(a.ID, 10), strconv.Itoa(a.Severity),
				a.Category.Text().In(v.s.Lang), a.Text, age, a.Status.Text().In(v.s.Lang)}}
			if open && now.After(model.AnomalyTarget(a.Severity, v.s.Svc.Calendar, a.FiledAt)) {
				rows[i].Style, rows[i].Emph = v.s.St.Alert, true // past its response target
			} else if a.Status == model.AnomalyResolved || a.Status == model.AnomalyClosed {
				rows[i].Style, rows[i].Emph = v.s.St.Dim, true
			}
		}
		v.anomList.SetRows(rows)
	} else {
		v.s.Fail(err)
	}
	if list, err := v.s.Svc.Shop.Feedbacks(v.s.Ctx, false); err == nil {
		rows := make([]kit.Row, len(list))
		for i, f := range list {
			due, late := v.s.Until(f.Due, now)
			if f.Status != model.FeedbackOpen {
				due, late = v.s.Deadline(f.Due), false
			}
			rows[i] = kit.Row{ID: strconv.FormatUint(f.ID, 10), Cells: []string{strconv.FormatUint(f.ID, 10), v.names.CustomerName(f.CustomerID), f.Product,
				f.Route.Text().In(v.s.Lang), due, f.Status.Text().In(v.s.Lang)}}
			if late {
				rows[i].Style, rows[i].Emph = v.s.St.Alert, true
			}
		}
		v.fbList.SetRows(rows)
	}
	if v.anomaly != nil && v.form == nil {
		a, _ := v.s.Svc.Shop.Anomaly(v.s.Ctx, v.anomaly.ID)
		v.showAnomaly(a)
	}
	if v.fb != nil && v.form == nil {
		v.fb, _ = v.s.Svc.Shop.Feedback(v.s.Ctx, v.fb.ID)
	}
}

func (v *issuesScreen) list() *kit.List {
	if v.tab == tabFeedback {
		return v.fbList
	}
	return v.anomList
}

func (v *issuesScreen) Capturing() bool { return v.form != nil || v.list().Filtering() }
func (v *issuesScreen) Dirty() bool     { return v.form != nil && v.form.Dirty() }

func (v *issuesScreen) Update(msg tea.Msg) tea.Cmd {
	if om, ok := msg.(kit.OpenMsg); ok && v.form == nil {
		// An anomaly opened from elsewhere (the command line).
		a, err := v.s.Svc.Shop.Anomaly(v.s.Ctx, om.ID)
		if err != nil {
			v.s.Fail(err)
			return nil
		}
		v.tab, v.fb = tabAnomalies, nil
		v.showAnomaly(a)
		return nil
	}
	if v.form != nil {
		res, cmd := v.form.Update(msg)
		switch res {
		case kit.FormCancel:
			v.form, v.draft = nil, nil
			if v.anomaly != nil {
				v.showAnomaly(v.anomaly) // its lines may have changed meanwhile
			}
		case kit.FormSubmit:
			v.save()
		}
		return cmd
	}
	km, ok := msg.(tea.KeyPressMsg)
	if !ok || v.list().Filtering() {
		_, cmd := v.list().Update(msg)
		return cmd
	}
	if v.anomaly != nil || v.fb != nil {
		return v.detailKey(km.String())
	}
	switch km.String() {
	case "left", "right":
		v.tab = 1 - v.tab
		return nil
	case "n":
		if v.tab == tabAnomalies {
			return v.openAnomalyForm()
		}
		return v.openFeedbackForm()
	case "enter":
		id, _ := strconv.ParseUint(v.list().SelectedID(), 10, 64)
		if id == 0 {
			return nil
		}
		var err error
		if v.tab == tabAnomalies {
			var a *model.Anomaly
			a, err = v.s.Svc.Shop.Anomaly(v.s.Ctx, id)
			v.showAnomaly(a)
		} else {
			v.fb, err = v.s.Svc.Shop.Feedback(v.s.Ctx, id)
		}
		if err != nil {
			v.s.Fail(err)
		}
		return nil
	}
	_, cmd := v.list().Update(msg)
	return cmd
}

func (v *issuesScreen) openAnomalyForm() tea.Cmd {
	t := v.s.T
	cats := make([]kit.Option, len(model.AnomalyCategories))
	for i, c := range model.AnomalyCategories {
		cats[i] = kit.Option{Value: string(c), Label: c.Text().In(v.s.Lang)}
	}
	sev := []kit.Option{{Value: "1", Label: t("ui.an.sev1")}, {Value: "2", Label: t("ui.an.sev2")}, {Value: "3", Label: t("ui.an.sev3")}}
	v.form = kit.NewForm(v.s.Lang, t("ui.an.new"),
		kit.ChoiceField("category", t("ui.an.col_cat"), t("ui.an.one_hint"), cats),
		kit.ChoiceField("severity", t("ui.an.col_sev"), t("ui.an.one_hint"), sev),
		kit.AreaField("text", t("ui.an.col_text"), model.MaxLineText+100),
		kit.TextField("products", t("ui.an.products"), 200),
		kit.TextField("delay_days", t("ui.an.delay"), 4))
	v.form.SetChosen("category", []string{string(model.AnomalyEquipment)})
	v.form.SetChosen("severity", []string{"2"})
	v.form.SetText("delay_days", "0")
	v.form.Snapshot()
	v.formFor = "anomaly"
	return v.form.Focus()
}

func (v *issuesScreen) openFeedbackForm() tea.Cmd {
	t := v.s.T
	routes := []kit.Option{{Value: string(model.RouteQuality), Label: model.RouteQuality.Text().In(v.s.Lang)}, {Value: string(model.RouteRnD), Label: model.RouteRnD.Text().In(v.s.Lang)}}
	v.form = kit.NewForm(v.s.Lang, t("ui.fb.new"),
		kit.TextField("customer", t("field.customer"), 40).WithLookup(t("ui.pick.customer"), kit.CustomerItems(v.s)),
		kit.TextField("product", t("field.product"), 40).WithLookup(t("ui.pick.product"), kit.ProductItems(v.s)),
		kit.TextField("batch", t("ui.fb.batch"), 40),
		kit.AreaField("problem", t("ui.fb.problem"), model.MaxLineText+100),
		kit.TextField("qty", t("ui.fb.qty"), 12),
		kit.ToggleField("visit", t("ui.fb.visit")),
		kit.ChoiceField("route", t("ui.fb.col_route"), t("ui.an.one_hint"), routes))
	v.form.SetChosen("route", []string{string(model.RouteQuality)})
	v.form.SetText("qty", "0")
	v.form.Snapshot()
	v.formFor = "feedback"
	return v.form.Focus()
}

// detailKey runs an action on the anomaly or feedback shown.
func (v *issuesScreen) detailKey(k string) tea.Cmd {
	t := v.s.T
	ctx, svc, u := v.s.Ctx, v.s.Svc.Shop, v.s.User
	if k == "esc" {
		v.anomaly, v.fb = nil, nil
		return nil
	}
	var err error
	if a := v.anomaly; a != nil {
		switch k {
		case "a":
			var saved *model.Anomaly
			if saved, err = svc.AckAnomaly(ctx, u, a.ID, a.Version); err == nil {
				v.anomaly = saved
				v.s.Info(t("ui.an.acked", a.ID, kit.DurText(v.s, saved.AckAt.Sub(saved.FiledAt))))
			}
		case "t":
			v.form, v.formFor = kit.NewForm(v.s.Lang, t("ui.an.act_title", a.ID), kit.AreaField("action", t("ui.an.action"), model.MaxLineText+100)), "act"
			return v.form.Focus()
		case "r":
			v.form = kit.NewForm(v.s.Lang, t("ui.an.resolve_title", a.ID), kit.AreaField("cause", t("ui.an.cause"), model.MaxLineText+100),
				kit.TextField("actual_delay", t("ui.an.actual_delay"), 4),
				kit.ChoiceField("mode", t("ui.an.resolve_mode"), t("ui.an.one_hint"), []kit.Option{
					{Value: string(model.ResolveDelay), Label: t("ui.an.mode_delay")},
					{Value: string(model.ResolveReanswer), Label: t("ui.an.mode_reanswer")}}))
			v.form.SetText("actual_delay", strconv.Itoa(a.DelayDays))
			v.form.SetChosen("mode", []string{string(model.ResolveDelay)})
			v.form.Snapshot()
			v.formFor = "resolve"
			return v.form.Focus()
		case "c":
			var saved *model.Anomaly
			if saved, err = svc.CloseAnomaly(ctx, u, a.ID, a.Version); err == nil {
				v.anomaly = saved
				v.s.Info(t("ui.an.closed", a.ID))
			}
		default:
			return nil // not an action: nothing to re-read
		}
	} else if f := v.fb; f != nil {
		switch k {
		case "r":
			v.form, v.formFor = kit.NewForm(v.s.Lang, t("ui.fb.respond_title", f.ID), kit.AreaField("text", t("ui.fb.response"), model.MaxLineText+100)), "respond"
			return v.form.Focus()
		case "v":
			v.form = kit.NewForm(v.s.Lang, t("ui.fb.visit_title", f.ID), kit.TextField("date", t("field.date"), 20), kit.TextField("who", t("ui.fb.who"), 60),
				kit.AreaField("findings", t("ui.fb.findings"), model.MaxLineText+100))
			v.form.SetText("date", v.s.Svc.Calendar.DateOf(v.s.Svc.Clock.Now()).String())
			v.form.Snapshot()
			v.formFor = "visit"
			return v.form.Focus()
		case "c":
			v.form, v.formFor = kit.NewForm(v.s.Lang, t("ui.fb.close_title", f.ID), kit.AreaField("root", t("ui.fb.root"), model.MaxLineText+100),
				kit.AreaField("corrective", t("ui.fb.corrective"), model.MaxLineText+100)), "fbclose"
			return v.form.Focus()
		}
		return nil // not an action: nothing to re-read
	}
	if err != nil {
		v.s.Fail(err)
	}
	v.Reload()
	return nil
}

func (v *issuesScreen) one(name string) string {
	if c := v.form.Chosen(name); len(c) == 1 {
		return c[0]
	}
	return ""
}

// save handles every form of the section.
func (v *issuesScreen) save() {
	t, ctx, svc, u, f := v.s.T, v.s.Ctx, v.s.Svc.Shop, v.s.User, v.form
	var err error
	switch v.formFor {
	case "anomaly":
		a := &model.Anomaly{Category: model.AnomalyCategory(v.one("category")), Text: strings.TrimSpace(f.Text("text"))}
		a.Severity, _ = strconv.Atoi(v.one("severity"))
		a.Products = strings.FieldsFunc(f.Text("products"), func(r rune) bool { return r == ',' || r == '，' || r == ' ' })
		d, perr := model.ParseWhole(f.Text("delay_days"), 0, 365)
		a.DelayDays = int(d)
		if err = a.Validate(); err == nil && perr != nil {
			err = model.FieldError("delay_days", perr)
		}
		if err != nil {
			break
		}
		// Step two: the lines the delay puts at risk, all ticked.
		v.proposed, err = svc.ProposeAtRisk(ctx, a.Products, a.DelayDays)
		if err != nil {
			break
		}
		var opts []kit.Option
		var ids []string
		for _, o := range v.proposed {
			for _, l := range o.Lines {
				id := strconv.FormatUint(l.ID, 10)
				opts = append(opts, kit.Option{Value: id, Label: fmt.Sprintf("%s/%d %s %s", o.No, l.LineNo, l.ProductCode, kit.Date(l.PromisedDate))})
				ids = append(ids, id)
			}
		}
		v.draft = a
		if len(opts) == 0 {
			v.fileDraft(nil)
			return
		}
		v.form = kit.NewForm(v.s.Lang, t("ui.an.lines_title", len(opts)), kit.ChoicesField("lines", t("ui.an.lines"), t("ui.an.lines_hint"), opts))
		v.form.SetChosen("lines", ids)
		v.formFor = "anomaly_lines"
		v.form.Focus()
		return
	case "anomaly_lines":
		var lines []uint64
		for _, s := range f.Chosen("lines") {
			id, _ := strconv.ParseUint(s, 10, 64)
			lines = append(lines, id)
		}
		v.fileDraft(lines)
		return
	case "act":
		var saved *model.Anomaly
		if saved, err = svc.ActAnomaly(ctx, u, v.anomaly.ID, v.anomaly.Version, f.Text("action")); err == nil {
			v.anomaly = saved
			v.s.Info(t("ui.an.acted", saved.ID))
		}
	case "resolve":
		d, perr := model.ParseWhole(f.Text("actual_delay"), 0, 365)
		if perr != nil {
			err = model.FieldError("actual_delay", perr)
			break
		}
		var saved *model.Anomaly
		if saved, err = svc.ResolveAnomaly(ctx, u, v.anomaly.ID, v.anomaly.Version, f.Text("cause"), int(d), model.ResolveMode(v.one("mode"))); err == nil {
			v.anomaly = saved
			v.s.Info(t("ui.an.resolved", saved.ID, len(saved.RiskMarks)))
		}
	case "feedback":
		fb := &model.Feedback{Product: strings.TrimSpace(f.Text("product")), Batch: strings.TrimSpace(f.Text("batch")),
			Problem: strings.TrimSpace(f.Text("problem")), VisitWanted: f.Bool("visit"), Route: model.FeedbackRoute(v.one("route"))}
		if c, cerr := v.s.Svc.Master.CustomerByCode(ctx, strings.TrimSpace(f.Text("customer"))); cerr == nil {
			fb.CustomerID = c.ID
		} else {
			iv := model.Invalid{}
			iv.Add("customer", "ui.order.unknown_customer", kit.Line(f.Text("customer")))
			err = iv.Err()
			break
		}
		q, qerr := model.ParseWhole(f.Text("qty"), 0, model.MaxQty)
		if qerr != nil {
			err = model.FieldError("qty", qerr)
			break
		}
		fb.QtyAffected = q
		var saved *model.Feedback
		if saved, err = svc.FileFeedback(ctx, u, fb); err == nil {
			v.s.Info(t("ui.fb.filed", saved.ID, v.s.Deadline(saved.Due)))
		}
	case "respond":
		var saved *model.Feedback
		if saved, err = svc.RespondFeedback(ctx, u, v.fb.ID, v.fb.Version, f.Text("text")); err == nil {
			v.fb = saved
			v.s.Info(t("ui.fb.responded", saved.ID))
		}
	case "visit":
		d, derr := model.ParseDate(f.Text("date"))
		if derr != nil {
			err = model.FieldError("date", derr)
			break
		}
		var saved *model.Feedback
		if saved, err = svc.RecordVisit(ctx, u, v.fb.ID, v.fb.Version, model.Visit{Date: d, Who: f.Text("who"), Findings: f.Text("findings")}); err == nil {
			v.fb = saved
			v.s.Info(t("ui.fb.visited", saved.ID))
		}
	case "fbclose":
		var saved *model.Feedback
		if saved, err = svc.CloseFeedback(ctx, u, v.fb.ID, v.fb.Version, f.Text("root"), f.Text("corrective")); err == nil {
			v.fb = saved
			v.s.Info(t("ui.fb.closed", saved.ID))
		}
	}
	if err != nil {
		if fe := v.s.FieldErrs(err); fe != nil {
			f.SetErrors(fe)
		}
		v.s.Fail(err)
		return
	}
	v.form = nil
	v.Reload()
}

func (v *issuesScreen) fileDraft(lines []uint64) {
	a := v.draft
	a.Lines = lines
	saved, err := v.s.Svc.Shop.FileAnomaly(v.s.Ctx, v.s.User, a)
	if err != nil {
		v.s.Fail(err)
		return
	}
	v.s.Info(v.s.T("ui.an.filed", saved.ID, len(saved.RiskMarks)))
	v.form, v.draft = nil, nil
	v.Reload()
}

func (v *issuesScreen) View(width, height int) string {
	st, t := v.s.St, v.s.T
	if v.form != nil {
		return v.form.View(st, width, height)
	}
	if v.anomaly != nil {
		return v.anomalyView(width)
	}
	if v.fb != nil {
		return v.feedbackView(width)
	}
	tabs := kit.SubTabs(st, []string{t("ui.an.tab"), t("ui.fb.tab")}, int(v.tab))
	empty := t("ui.an.none")
	if v.tab == tabFeedback {
		empty = t("ui.fb.none")
	}
	return tabs + "\n" + v.list().View(st, width, height-1, empty)
}

func (v *issuesScreen) anomalyView(width int) string {
	st, t, a := v.s.St, v.s.T, v.anomaly
	var b strings.Builder
	title := t("ui.an.title", a.ID, a.Category.Text().In(v.s.Lang), a.Severity)
	style := st.Title
	if a.Severity == 1 {
		style = st.Urgent
	}
	b.WriteString(style.Render(title) + "  " + st.Dim.Render(a.Status.Text().In(v.s.Lang)) + "\n")
	b.WriteString(lipgloss.NewStyle().Width(width-2).Render(kit.Safe(a.Text, true)) + "\n\n")
	line := func(k, val string) {
		if val != "" {
			b.WriteString(st.Label.Render(t(k)+t("ui.colon")) + kit.Line(val) + "\n")
		}
	}
	line("ui.an.filed_by", v.s.Who(a.FiledBy)+" "+v.s.Time(a.FiledAt))
	line("ui.an.products", strings.Join(a.Products, v.s.T("ui.list_sep")))
	line("ui.an.delay", strconv.Itoa(a.DelayDays))
	line("ui.an.target", v.s.Time(model.AnomalyTarget(a.Severity, v.s.Svc.Calendar, a.FiledAt)))
	if !a.AckAt.IsZero() {
		line("ui.an.ack", v.s.Who(a.AckBy)+" "+v.s.Time(a.AckAt)+" · "+t("ui.an.response", kit.DurText(v.s, a.AckAt.Sub(a.FiledAt))))
	}
	line("ui.an.action", a.Action)
	line("ui.an.cause", a.Cause)
	line("ui.an.lines", v.marks)
	return b.String()
}

// showAnomaly makes a (nil: none) the anomaly shown and words its lines at
// risk now, so drawing the detail reads nothing.
func (v *issuesScreen) showAnomaly(a *model.Anomaly) {
	v.anomaly, v.marks = a, ""
	if a == nil {
		return
	}
	var marks []string
	for _, m := range a.RiskMarks {
		if _, l, err := v.s.Svc.Orders.Line(v.s.Ctx, m.LineID); err == nil {
			marks = append(marks, fmt.Sprintf("#%d %s %s", l.ID, l.ProductCode, v.s.Status(l.Status)))
		}
	}
	v.marks = strings.Join(marks, v.s.T("ui.semi_sep"))
}

func (v *issuesScreen) feedbackView(width int) string {
	st, t, f := v.s.St, v.s.T, v.fb
	var b strings.Builder
	b.WriteString(st.Title.Render(t("ui.fb.title", f.ID, v.names.CustomerName(f.CustomerID), f.Product)) + "  " + st.Dim.Render(f.Status.Text().In(v.s.Lang)) + "\n")
	b.WriteString(lipgloss.NewStyle().Width(width-2).Render(kit.Safe(f.Problem, true)) + "\n\n")
	line := func(k, val string) {
		if val != "" {
			b.WriteString(st.Label.Render(t(k)+t("ui.colon")) + kit.Line(val) + "\n")
		}
	}
	line("ui.fb.batch", f.Batch)
	line("ui.fb.qty", kit.FmtInt(f.QtyAffected))
	line("ui.fb.col_route", f.Route.Text().In(v.s.Lang))
	line("ui.fb.col_due", v.s.Deadline(f.Due))
	for _, r := range f.Responses {
		line("ui.fb.response", v.s.Who(r.By)+" "+v.s.Time(r.At)+v.s.T("ui.colon")+r.Text)
	}
	for _, vi := range f.Visits {
		line("ui.fb.visit_rec", vi.Date.String()+" "+vi.Who+v.s.T("ui.colon")+vi.Findings)
	}
	line("ui.fb.root", f.RootCause)
	line("ui.fb.corrective", f.Corrective)
	return b.String()
}

func (v *issuesScreen) HelpKeys() []key.Binding {
	if v.form != nil {
		return v.form.HelpKeys()
	}
	t := v.s.T
	b := func(k, label string) key.Binding { return key.NewBinding(key.WithKeys(k), key.WithHelp(k, t(label))) }
	back := key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", t("key.back")))
	if a := v.anomaly; a != nil {
		var ks []key.Binding
		if a.IsOpen() {
			if a.AckAt.IsZero() {
				ks = append(ks, b("a", "ui.an.key_ack"))
			}
			ks = append(ks, b("t", "ui.an.key_act"), b("r", "ui.an.key_resolve"))
		}
		if a.Status == model.AnomalyResolved {
			ks = append(ks, b("c", "ui.an.key_close"))
		}
		return append(ks, back)
	}
	if f := v.fb; f != nil {
		if f.Status == model.FeedbackClosed {
			return []key.Binding{back}
		}
		return []key.Binding{b("r", "ui.fb.key_respond"), b("v", "ui.fb.key_visit"), b("c", "ui.fb.key_close"), back}
	}
	if v.list().Filtering() {
		return v.list().HelpKeys()
	}
	return append(append(v.list().MoveKeys(), v.list().OpenKeys()...), key.NewBinding(key.WithKeys("n"), key.WithHelp("n", t("key.new"))),
		key.NewBinding(key.WithKeys("left", "right"), key.WithHelp("←/→", t("ui.master.key_tab"))))
}
