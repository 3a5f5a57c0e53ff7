// Package shopfloor is the sections of the shop floor: the daily reports
// and the anomalies with their feedback.
package shopfloor

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

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
	page     *kit.Pager // the anomaly or feedback shown, scrolled
	pageFor  string     // which: "a:<id>" or "f:<id>"
	pick     *productPick
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
		// The product is its code and its name (the three 果然有鱼
		// flavours differ at the name's end); the route gives way first.
		v.fbList = kit.NewList(v.s.Lang, []kit.Column{
			{Title: "#", Width: 4, Right: true}, {Title: t("ui.order.col_customer")}, {Title: t("field.product"), Width: 24},
			{Title: t("ui.fb.col_route"), Width: 6, Optional: true}, {Title: t("ui.fb.col_due"), Width: 14}, {Title: t("ui.an.col_status"), Width: 8},
		})
	}
	v.names = kit.LoadMaster(v.s) // customers, and products for their names
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
			rows[i] = kit.Row{ID: strconv.FormatUint(f.ID, 10), Cells: []string{strconv.FormatUint(f.ID, 10), v.names.CustomerName(f.CustomerID), v.productName(f.Product),
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
	if om, ok := msg.(OpenFeedbackMsg); ok && v.form == nil {
		v.openFeedback(om.ID)
		return nil
	}
	if v.form != nil {
		if v.formFor == "anomaly" {
			if cmd, done := v.pickProduct(msg); done {
				return cmd
			}
		}
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
		if v.pager().Update(km) {
			return nil
		}
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

// OpenFeedbackMsg asks the section to show customer feedback ID from
// elsewhere (the command line): on its tab, with the cursor on it.
type OpenFeedbackMsg struct{ ID uint64 }

// openFeedback shows feedback id as OpenFeedbackMsg asks.
func (v *issuesScreen) openFeedback(id uint64) {
	f, err := v.s.Svc.Shop.Feedback(v.s.Ctx, id)
	if err != nil {
		v.s.Fail(err)
		return
	}
	v.tab, v.fb = tabFeedback, f
	v.showAnomaly(nil)
	if v.fbList != nil {
		v.fbList.Select(strconv.FormatUint(id, 10))
	}
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
		kit.TextField("products", t("ui.an.products"), 200).WithLookup(t("ui.pick.product"), kit.ProductItems(v.s)),
		kit.TextField("delay_days", t("ui.an.delay"), 4))
	v.form.SetChosen("category", []string{string(model.AnomalyEquipment)})
	v.form.SetChosen("severity", []string{"2"})
	v.form.SetText("delay_days", "0")
	v.form.Snapshot()
	v.formFor, v.pick = "anomaly", nil
	return v.form.Focus()
}

// productPick is the product lookup open on the anomaly form's products:
// the picker is given the code being typed, and the code picked takes its
// place, after the codes before it.
type productPick struct {
	orig   string // the field as it was when the lookup opened
	prefix string // the codes kept before the one picked
	query  string // the code being typed, what the picker starts from
}

// splitProducts cuts a products field at the code being typed: the text
// before it (up to its separator) and the code. A last code that is a
// product's whole code, or a separator last, means the next pick comes
// after it, a comma added when needed.
func splitProducts(text string, known func(string) bool) (prefix, query string) {
	base := strings.TrimRight(text, " ")
	if base == "" {
		return "", ""
	}
	if strings.HasSuffix(base, ",") || strings.HasSuffix(base, "，") {
		return base + " ", ""
	}
	end := 0
	if i := strings.LastIndexAny(base, ", ，"); i >= 0 {
		_, n := utf8.DecodeRuneInString(base[i:])
		end = i + n
	}
	if query = base[end:]; known(query) {
		return base + ", ", ""
	}
	return base[:end], query
}

// setText sets the form's text field name to val with the cursor at its
// end, where the next code is typed (a field emptied first puts it there).
func setText(f *kit.Form, name, val string) {
	f.SetText(name, "")
	f.SetText(name, val)
}

// pickProduct runs the products lookup (F4 or ctrl+f) so that a pick adds
// one product to the list rather than replacing it; done reports whether
// msg was used.
func (v *issuesScreen) pickProduct(msg tea.Msg) (cmd tea.Cmd, done bool) {
	f := v.form
	if v.pick != nil {
		_, cmd = f.Update(msg)
		if f.Picking() {
			return cmd, true
		}
		if got := f.Text("products"); got == v.pick.query {
			setText(f, "products", v.pick.orig) // nothing picked: as it was
		} else {
			setText(f, "products", v.pick.prefix+got)
		}
		v.pick = nil
		return cmd, true
	}
	km, ok := msg.(tea.KeyPressMsg)
	if !ok || km.String() != "f4" && km.String() != "ctrl+f" {
		return nil, false
	}
	orig := f.Text("products")
	prefix, query := splitProducts(orig, func(code string) bool { return v.names.Product(code) != nil })
	f.SetText("products", query)
	_, cmd = f.Update(msg)
	if !f.Picking() {
		// The key was for another field (ctrl+f moves the cursor in the
		// text): the products are as they were.
		setText(f, "products", orig)
		return cmd, true
	}
	v.pick = &productPick{orig: orig, prefix: prefix, query: query}
	return cmd, true
}

func (v *issuesScreen) openFeedbackForm() tea.Cmd {
	t := v.s.T
	routes := []kit.Option{{Value: string(model.RouteQuality), Label: model.RouteQuality.Text().In(v.s.Lang)}, {Value: string(model.RouteRnD), Label: model.RouteRnD.Text().In(v.s.Lang)}}
	v.form = kit.NewForm(v.s.Lang, t("ui.fb.new"),
		kit.TextField("customer", t("ui.fb.customer"), 40).WithLookup(t("ui.pick.customer"), kit.CustomerItems(v.s)),
		kit.TextField("product", t("ui.fb.product"), 40).WithLookup(t("ui.pick.product"), kit.ProductItems(v.s)),
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
		v.anomaly, v.fb, v.page = nil, nil, nil
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
		fb := &model.Feedback{Batch: strings.TrimSpace(f.Text("batch")),
			Problem: strings.TrimSpace(f.Text("problem")), VisitWanted: f.Bool("visit"), Route: model.FeedbackRoute(v.one("route"))}
		// The customer and the product are typed by code in any case, or
		// by a name or its pinyin initials naming one record only.
		iv := model.Invalid{}
		if typed := strings.TrimSpace(f.Text("customer")); typed != "" {
			c, cerr := kit.CustomerTyped(v.s, v.names, typed)
			iv.AddErr("customer", cerr)
			if c != nil {
				fb.CustomerID = c.ID
			}
		}
		if typed := strings.TrimSpace(f.Text("product")); typed != "" {
			p, perr := kit.ProductTyped(v.s, v.names, typed)
			iv.AddErr("product", perr)
			if p != nil {
				fb.Product = p.Code
			}
		}
		q, qerr := model.ParseWhole(f.Text("qty"), 0, model.MaxQty)
		iv.AddErr("qty", qerr)
		if err = iv.Err(); err != nil {
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
	if v.anomaly != nil || v.fb != nil {
		return v.pager().View(st, width, height, t("ui.an.detail_keys"))
	}
	tabs := kit.SubTabs(st, []string{t("ui.an.tab"), t("ui.fb.tab")}, int(v.tab))
	empty := t("ui.an.none")
	if v.tab == tabFeedback {
		empty = t("ui.fb.none")
	}
	return tabs + "\n" + v.list().View(st, width, height-1, empty)
}

// pager is the scrolled page of the anomaly or feedback shown: a new one,
// at its top, when another record is shown; the same one when the record
// is read again, so a live change keeps the place.
func (v *issuesScreen) pager() *kit.Pager {
	var id string
	build := v.anomalyLines
	if v.anomaly != nil {
		id = "a:" + strconv.FormatUint(v.anomaly.ID, 10)
	} else if v.fb != nil {
		id, build = "f:"+strconv.FormatUint(v.fb.ID, 10), v.feedbackLines
	}
	if v.page == nil || v.pageFor != id {
		v.page, v.pageFor = &kit.Pager{Build: build}, id
	}
	v.page.Lang = v.s.Lang // L may have switched it
	return v.page
}

// detailField is a labelled field of a detail, wrapped in full; nothing
// when the value is empty.
func (v *issuesScreen) detailField(width int, label, val string) []string {
	if strings.TrimSpace(val) == "" {
		return nil
	}
	return kit.Labelled(v.s.T(label)+v.s.T("ui.colon"), kit.Safe(strings.TrimSpace(val), true), v.s.St.Label, width)
}

// productName is a product's code and, when it is known, its name.
func (v *issuesScreen) productName(code string) string {
	if p := v.names.Product(code); p != nil && p.Name != "" {
		return code + " " + p.Name
	}
	return code
}

// anomalyLines are the anomaly for the pager: its title stays on top; what
// happened, the figures, the action taken, the cause and the lines at
// risk scroll, each in full.
func (v *issuesScreen) anomalyLines(width int) (head, body []string) {
	width -= 2 // the margin the other pages keep
	st, t, a := v.s.St, v.s.T, v.anomaly
	title := t("ui.an.title", a.ID, a.Category.Text().In(v.s.Lang), a.Severity)
	style := st.Title
	if a.Severity == 1 {
		style = st.Urgent
	}
	head = kit.Heading(title, a.Status.Text().In(v.s.Lang), style, st.Dim, width)
	body = append(body, kit.WrapText(kit.Safe(a.Text, true), width)...)
	body = append(body, "")
	field := func(k, val string) { body = append(body, v.detailField(width, k, val)...) }
	field("ui.an.filed_by", v.s.Who(a.FiledBy)+" "+v.s.Time(a.FiledAt))
	products := make([]string, len(a.Products))
	for i, p := range a.Products {
		products[i] = v.productName(p)
	}
	field("ui.an.products", strings.Join(products, t("ui.list_sep")))
	field("ui.an.delay", strconv.Itoa(a.DelayDays))
	field("ui.an.target", v.s.Time(model.AnomalyTarget(a.Severity, v.s.Svc.Calendar, a.FiledAt)))
	if !a.AckAt.IsZero() {
		field("ui.an.ack", v.s.Who(a.AckBy)+" "+v.s.Time(a.AckAt)+" · "+t("ui.an.response", kit.DurText(v.s, a.AckAt.Sub(a.FiledAt))))
	}
	field("ui.an.action", a.Action)
	field("ui.an.cause", a.Cause)
	field("ui.an.lines", v.marks)
	return head, body
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

// feedbackLines are the customer feedback for the pager: its title stays
// on top; the problem, the responses, the visits, the root cause and the
// corrective action scroll, each in full.
func (v *issuesScreen) feedbackLines(width int) (head, body []string) {
	width -= 2 // the margin the other pages keep
	st, t, f := v.s.St, v.s.T, v.fb
	head = kit.Heading(kit.Line(t("ui.fb.title", f.ID, v.names.CustomerName(f.CustomerID), v.productName(f.Product))),
		f.Status.Text().In(v.s.Lang), st.Title, st.Dim, width)
	body = append(body, kit.WrapText(kit.Safe(f.Problem, true), width)...)
	body = append(body, "")
	field := func(k, val string) { body = append(body, v.detailField(width, k, val)...) }
	field("ui.fb.batch", f.Batch)
	field("ui.fb.qty", kit.FmtInt(f.QtyAffected))
	field("ui.fb.col_route", f.Route.Text().In(v.s.Lang))
	field("ui.fb.col_due", v.s.Deadline(f.Due))
	for _, r := range f.Responses {
		field("ui.fb.response", v.s.Who(r.By)+" "+v.s.Time(r.At)+t("ui.colon")+r.Text)
	}
	for _, vi := range f.Visits {
		field("ui.fb.visit_rec", vi.Date.String()+" "+vi.Who+t("ui.colon")+vi.Findings)
	}
	field("ui.fb.root", f.RootCause)
	field("ui.fb.corrective", f.Corrective)
	return head, body
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
