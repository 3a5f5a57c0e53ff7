package ledger

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"xietong/model"
	"xietong/tui/kit"
)

// The assessment (考评) inside the ledger: every department's month side
// by side (its weighted indicators, its people's penalties and awards, the
// score), a department's make-up on enter, its people on p and a person's
// make-up on enter there; Y turns the departments, the people and a person
// to the year's months side by side and back; the office sets a
// department's weights on a grid (W) and finalises an ended month (F).
// Everyone opens their own from the ledger (M). Who sees which person is
// model.SeesAssessmentOf.

// loadAssessment reads the month's or the year's assessment and fills the
// lists.
func (v *screen) loadAssessment() {
	var err error
	if v.yearly {
		v.year, err = v.s.Svc.Ledger.AssessYear(v.s.Ctx, v.month.Year)
	} else {
		v.assess, err = v.s.Svc.Ledger.Assess(v.s.Ctx, v.month)
	}
	if err != nil {
		v.s.Fail(err)
		return
	}
	if v.yearly {
		v.fillYear()
	} else {
		v.fillDepts()
	}
	if v.people != "" {
		v.fillPeople()
	}
}

// remake returns l, made anew with cols when the language or the columns
// (named by sig) changed since it was made.
func (v *screen) remake(l *kit.List, sig *string, want string, cols []kit.Column) *kit.List {
	if l == nil || l.Lang != v.s.Lang || *sig != want {
		*sig = want
		return kit.NewList(v.s.Lang, cols)
	}
	return l
}

// fillDepts lists the month's departments side by side.
func (v *screen) fillDepts() {
	t, a := v.s.T, v.assess
	v.alist = v.remake(v.alist, &v.asig, "month", []kit.Column{{Title: t("field.dept"), Width: 10}, {Title: t("ui.as.col_kpi"), Width: 9, Right: true},
		{Title: t("ui.as.col_penalties"), Width: 8, Right: true}, {Title: t("ui.as.col_awards"), Width: 8, Right: true},
		{Title: t("ui.as.col_score"), Width: 8, Right: true}, {Title: ""}})
	rows := make([]kit.Row, 0, len(a.Depts))
	for _, d := range a.Depts {
		rows = append(rows, kit.Row{ID: string(d.Dept), Cells: []string{t("dept." + string(d.Dept)), v.points(d.KPIScore, d.Scored),
			kit.FmtInt(d.Penalties), kit.FmtInt(d.Awards), v.points(d.Score, d.Scored), ""}})
	}
	v.alist.SetRows(rows)
	if v.dept != "" {
		v.alist.Select(string(v.dept))
	}
}

// fillYear lists the year's months, a column per department, then the
// year's average and ledger totals.
func (v *screen) fillYear() {
	t, y := v.s.T, v.year
	cols := []kit.Column{{Title: t("ui.as.col_month"), Width: 5}}
	for _, d := range y.Depts {
		title := t("dept." + string(d.Dept))
		cols = append(cols, kit.Column{Title: title, Width: min(max(lipgloss.Width(title), 6), 10), Right: true})
	}
	v.alist = v.remake(v.alist, &v.asig, "year", cols)
	rows := make([]kit.Row, 0, 15)
	for i, m := range y.Months {
		cells := []string{t("ui.as.month_n", int(m.Month.Month))}
		for _, d := range y.Depts {
			cells = append(cells, v.yearScore(d.Months[i]))
		}
		rows = append(rows, kit.Row{ID: strconv.Itoa(i + 1), Cells: cells})
	}
	avg, pen, awd := []string{t("ui.as.y_avg")}, []string{t("ui.as.y_penalties")}, []string{t("ui.as.y_awards")}
	for _, d := range y.Depts {
		avg = append(avg, v.compact(d.Average, d.Scored))
		pen = append(pen, kit.FmtInt(d.Penalties))
		awd = append(awd, kit.FmtInt(d.Awards))
	}
	rows = append(rows, kit.Row{ID: "avg", Cells: avg, Style: v.s.St.Bold, Emph: true}, kit.Row{ID: "pen", Cells: pen}, kit.Row{ID: "awd", Cells: awd})
	v.alist.SetRows(rows)
	if v.month.Year == y.Year {
		v.alist.Select(strconv.Itoa(int(v.month.Month)))
	}
}

// yearScore is a month's cell of the year: blank before the month has
// figures, "—" without a score.
func (v *screen) yearScore(m model.MonthScore) string {
	if !m.In {
		return ""
	}
	return v.compact(m.Score, m.Scored)
}

// compact is a score to one decimal, "—" when there is none (the year's
// narrow columns).
func (v *screen) compact(x float64, ok bool) string {
	if !ok {
		return "—"
	}
	return v.points(x, true)
}

// fillPeople lists the people of v.people: their month (department score,
// submission timeliness, ledger, score) or their year (average, months
// scored, ledger totals).
func (v *screen) fillPeople() {
	t := v.s.T
	var rows []kit.Row
	if v.yearly {
		v.plist = v.remake(v.plist, &v.psig, "year", []kit.Column{{Title: t("ui.as.col_person"), Width: 8},
			{Title: t("ui.as.col_average"), Width: 8, Right: true}, {Title: t("ui.as.col_months"), Width: 8, Right: true},
			{Title: t("ui.as.col_penalties"), Width: 8, Right: true}, {Title: t("ui.as.col_awards"), Width: 8, Right: true}, {Title: ""}})
		for _, r := range v.year.People {
			if r.Dept != v.people || !model.SeesAssessmentOf(v.s.User, r.Login, r.Dept) {
				continue
			}
			n := 0
			for _, m := range r.Months {
				if m.In && m.Scored {
					n++
				}
			}
			rows = append(rows, kit.Row{ID: r.Login, Cells: []string{v.s.Who(r.Login), v.points(r.Average, r.Scored), strconv.Itoa(n),
				kit.FmtInt(r.Penalties), kit.FmtInt(r.Awards), ""}})
		}
	} else {
		v.plist = v.remake(v.plist, &v.psig, "month", []kit.Column{{Title: t("ui.as.col_person"), Width: 8},
			{Title: t("ui.as.col_kpi"), Width: 9, Right: true}, {Title: t("ui.as.col_submission"), Width: 12, Right: true},
			{Title: t("ui.as.col_penalties"), Width: 8, Right: true}, {Title: t("ui.as.col_awards"), Width: 8, Right: true},
			{Title: t("ui.as.col_score"), Width: 8, Right: true}, {Title: ""}})
		for _, p := range v.assess.People {
			if p.Dept != v.people || !model.SeesAssessmentOf(v.s.User, p.Login, p.Dept) {
				continue
			}
			rows = append(rows, kit.Row{ID: p.Login, Cells: []string{v.s.Who(p.Login), v.points(p.KPIScore, p.Scored),
				v.ratio(p.Submission.Timeliness()), kit.FmtInt(p.Penalties), kit.FmtInt(p.Awards), v.points(p.Score, p.Scored), ""}})
		}
	}
	v.plist.SetRows(rows)
	if v.person != "" {
		v.plist.Select(v.person)
	}
}

// points words a score to one decimal, or no data.
func (v *screen) points(x float64, ok bool) string {
	if !ok {
		return v.s.T("kpi.no_data")
	}
	if x > -0.05 && x < 0.05 {
		x = 0
	}
	return fmt.Sprintf("%.1f", x)
}

// ratio words a timeliness short: "75.0% 3/4", or no data.
func (v *screen) ratio(r model.Ratio) string {
	x, ok := r.Value()
	if !ok {
		return v.s.T("kpi.no_data")
	}
	return fmt.Sprintf("%.0f%% %d/%d", x*100, r.Num, r.Den)
}

// openMine shows the person's own assessment of the ledger's month.
func (v *screen) openMine() {
	v.mode, v.mine, v.person, v.people, v.dept, v.yearly = modeAssess, true, v.s.User.Login, "", "", false
	v.loadAssessment()
}

// openPeople lists department d's people, if the person may see them.
func (v *screen) openPeople(d model.Department) {
	if d == "" {
		return
	}
	if err := model.RequireSeesAssessmentOf(v.s.User, "", d); err != nil {
		v.s.Fail(err)
		return
	}
	v.people, v.dept = d, ""
	v.fillPeople()
}

// openPerson shows person login of the people listed.
func (v *screen) openPerson(login string) {
	if login != "" && model.SeesAssessmentOf(v.s.User, login, v.people) {
		v.person = login
	}
}

// step moves the month, or the year in the year's view, by n.
func (v *screen) step(n int) {
	if v.yearly {
		n *= 12
	}
	v.month = kit.AddMonths(v.s, v.month, n)
	v.loadAssessment()
}

func (v *screen) toggleYear() {
	v.yearly = !v.yearly
	v.loadAssessment()
}

func (v *screen) assessKey(km tea.KeyPressMsg) {
	k := km.String()
	if v.wgrid != nil {
		v.weightsKey(km)
		return
	}
	// A filter being typed takes the keys of its list.
	if l := v.openList(); l != nil && l.Filtering() {
		l.Update(km)
		return
	}
	switch {
	case v.person != "":
		switch k {
		case "esc":
			v.person = ""
			if v.mine {
				v.mode, v.mine = modeList, false
			}
		case "Y":
			v.toggleYear()
		case "[", "]":
			v.step(stepOf(k))
		}
	case v.dept != "":
		switch k {
		case "esc":
			v.dept = ""
		case "p":
			v.openPeople(v.dept)
		case "W":
			if v.canWeigh() {
				v.openWeights(v.dept)
			}
		}
	case v.people != "":
		switch k {
		case "esc":
			v.people = ""
		case "enter":
			v.openPerson(v.plist.SelectedID())
		case "Y":
			v.toggleYear()
		case "[", "]":
			v.step(stepOf(k))
		default:
			v.plist.Update(km)
		}
	case k == "esc":
		v.mode = modeList
	case k == "[" || k == "]":
		v.step(stepOf(k))
	case k == "Y":
		v.toggleYear()
	case v.yearly && k == "enter":
		// A month of the year opens that month.
		if n, err := strconv.Atoi(v.alist.SelectedID()); err == nil {
			v.month, v.yearly = model.Month{Year: v.year.Year, Month: time.Month(n)}, false
			v.loadAssessment()
		}
	case v.yearly:
		v.alist.Update(km)
	case k == "enter":
		v.dept = model.Department(v.alist.SelectedID())
	case k == "p":
		v.openPeople(model.Department(v.alist.SelectedID()))
	case k == "W" && v.canWeigh():
		v.openWeights(model.Department(v.alist.SelectedID()))
	case k == "F" && v.canFinalise():
		if _, err := v.s.Svc.Ledger.FinaliseAssessment(v.s.Ctx, v.s.User, v.month); err != nil {
			v.s.Fail(err)
			return
		}
		v.s.Info(v.s.T("cli.assess.finalised", v.month.String()))
		v.loadAssessment()
	default:
		v.alist.Update(km)
	}
}

// openList is the list on view: the people's, the departments' (or the
// year's months), none under a department or a person opened.
func (v *screen) openList() *kit.List {
	switch {
	case v.person != "" || v.dept != "":
		return nil
	case v.people != "":
		return v.plist
	}
	return v.alist
}

// stepOf is how far [ and ] move: back one, on one.
func stepOf(k string) int {
	if k == "[" {
		return -1
	}
	return 1
}

// canFinalise reports whether the month on view may be finalised now by
// this person.
func (v *screen) canFinalise() bool {
	today := v.s.Svc.Calendar.DateOf(v.s.Svc.Clock.Now())
	return !v.yearly && model.Can(v.s.User, model.ActMeetingRun) && v.assess != nil && v.assess.FinalisedAt.IsZero() && v.month.Last().Before(today)
}

// canWeigh reports whether the person sets the departments' weights (the
// office).
func (v *screen) canWeigh() bool { return !v.yearly && model.Can(v.s.User, model.ActMeetingRun) }

func (v *screen) assessView(width, height int) string {
	st, t := v.s.St, v.s.T
	switch {
	case v.wgrid != nil:
		return v.weightsView(width, height)
	case v.yearly && v.year == nil, !v.yearly && v.assess == nil:
		return ""
	case v.person != "":
		return v.personView(width)
	case v.yearly:
		head := st.Title.Render(kit.Fit(t("ui.as.year_head", v.year.Year, v.yearStates()), width, false)) + "\n"
		if v.people != "" {
			return head + st.Bold.Render(kit.Fit(t("ui.as.people_head", t("dept."+string(v.people))), width, false)) + "\n" +
				v.plist.View(st, width, height-2, t("ui.as.no_people"))
		}
		return head + st.Dim.Render(kit.Fit(t("ui.as.year_note"), width, false)) + "\n" + v.alist.View(st, width, height-2, "")
	}
	head := st.Title.Render(kit.Fit(t("cli.assess.head", v.month.String(), v.monthState()), width, false)) + "\n"
	switch {
	case v.people != "":
		return head + st.Bold.Render(kit.Fit(t("ui.as.people_head", t("dept."+string(v.people))), width, false)) + "\n" +
			v.plist.View(st, width, height-2, t("ui.as.no_people"))
	case v.dept == "":
		return head + st.Dim.Render(kit.Fit(t("ui.as.note", model.LedgerPoints), width, false)) + "\n" +
			v.alist.View(st, width, height-2, "")
	}
	d := v.assess.Dept(v.dept)
	if d == nil {
		return head
	}
	var b strings.Builder
	b.WriteString(head + st.Bold.Render(t("dept."+string(d.Dept))) + "\n")
	rows := make([][]string, 0, len(d.KPIs)+3)
	pct := func(x float64, ok bool) string {
		if !ok {
			return t("kpi.no_data")
		}
		return fmt.Sprintf("%.1f%%", x*100)
	}
	for _, k := range d.KPIs {
		target := ""
		if k.Target != nil {
			target = pct(k.Target.Target, true)
		}
		rows = append(rows, []string{t("ui.kpi.name." + string(k.KPI)), pct(k.Value, k.OK), target, strconv.Itoa(k.Weight), pct(k.Score, k.OK)})
	}
	rows = append(rows, []string{t("cli.assess.kpi_score"), "", "", "", v.points(d.KPIScore, d.Scored)},
		[]string{t("cli.assess.ledger") + t("ui.colon") + t("cli.assess.ledger_sums", d.Penalties, d.Awards), "", "", "",
			v.points(model.LedgerAdjust(d.Penalties, d.Awards), true)},
		[]string{t("cli.assess.score"), "", "", "", v.points(d.Score, d.Scored)})
	cols := []kit.Column{{Title: t("kpi.col_name")}, {Title: t("kpi.col_value"), Width: 9, Right: true}, {Title: t("ui.kpi.col_target"), Width: 7, Right: true},
		{Title: t("ui.as.col_weight"), Width: 5, Right: true}, {Title: t("ui.as.col_score"), Width: 8, Right: true}}
	b.WriteString(kit.RenderTable(st, cols, rows, -1, width, nil))
	return b.String()
}

// monthState words whether the month is computed or kept.
func (v *screen) monthState() string {
	a := v.assess
	if a.FinalisedAt.IsZero() {
		return v.s.T("cli.assess.live")
	}
	return v.s.T("cli.assess.final", v.s.Time(a.FinalisedAt), kit.Line(v.s.Who(a.FinalisedBy)))
}

// yearStates words which months of the year are kept and which computed.
func (v *screen) yearStates() string {
	var final, live []string
	for _, m := range v.year.Months {
		switch {
		case !m.Assessed:
		case m.FinalisedAt.IsZero():
			live = append(live, strconv.Itoa(int(m.Month.Month)))
		default:
			final = append(final, strconv.Itoa(int(m.Month.Month)))
		}
	}
	var parts []string
	if len(final) > 0 {
		parts = append(parts, v.s.T("cli.assess.year_final", strings.Join(final, v.s.T("ui.list_sep"))))
	}
	if len(live) > 0 {
		parts = append(parts, v.s.T("cli.assess.year_live", strings.Join(live, v.s.T("ui.list_sep"))))
	}
	if len(parts) == 0 {
		return v.s.T("ui.as.year_none")
	}
	return strings.Join(parts, v.s.T("ui.semicolon"))
}

// personView is one person's month (their department's indicator score,
// their submission timeliness, their ledger points, the score) or year.
func (v *screen) personView(width int) string {
	st, t := v.s.St, v.s.T
	who := kit.Line(v.s.Who(v.person))
	var b strings.Builder
	if v.yearly {
		b.WriteString(st.Title.Render(kit.Fit(t("ui.as.year_head", v.year.Year, v.yearStates())+" · "+who, width, false)) + "\n")
		r := v.year.Person(v.person)
		if r == nil {
			b.WriteString(st.Dim.Render(kit.Fit(t("ui.as.no_person_year", who, v.year.Year), width, false)) + "\n")
			return b.String()
		}
		b.WriteString(st.Bold.Render(t("dept."+string(r.Dept))) + "\n")
		rows := make([][]string, 0, 13)
		for i, m := range r.Months {
			if !m.In {
				continue
			}
			month := t("ui.as.month_n", i+1)
			if !v.year.Months[i].FinalisedAt.IsZero() {
				month += " " + t("ui.as.final_mark")
			}
			rows = append(rows, []string{month, v.compact(m.KPIScore, m.Scored), v.ratio(m.Submission), kit.FmtInt(m.Penalties),
				kit.FmtInt(m.Awards), v.compact(m.Score, m.Scored)})
		}
		rows = append(rows, []string{t("ui.as.y_year"), "", "", kit.FmtInt(r.Penalties), kit.FmtInt(r.Awards), v.compact(r.Average, r.Scored)})
		cols := []kit.Column{{Title: t("ui.as.col_month"), Width: 8}, {Title: t("ui.as.col_kpi"), Width: 9, Right: true},
			{Title: t("ui.as.col_submission"), Width: 12, Right: true}, {Title: t("ui.as.col_penalties"), Width: 8, Right: true},
			{Title: t("ui.as.col_awards"), Width: 8, Right: true}, {Title: t("ui.as.col_score"), Width: 8, Right: true}}
		b.WriteString(kit.RenderTable(st, cols, rows, -1, width, nil) + "\n")
		b.WriteString(st.Dim.Render(kit.Fit(t("ui.as.year_person_note"), width, false)))
		return b.String()
	}
	a := v.assess
	b.WriteString(st.Title.Render(kit.Fit(t("cli.assess.head", v.month.String(), v.monthState())+" · "+who, width, false)) + "\n")
	p := a.Person(v.person)
	if p == nil {
		b.WriteString(st.Dim.Render(kit.Fit(t("cli.assess.no_person", who, v.month.String()), width, false)) + "\n")
		return b.String()
	}
	if a.PeopleLive {
		b.WriteString(st.Warn.Render(kit.Fit(t("cli.assess.people_live"), width, false)) + "\n")
	}
	sub := p.Submission
	r := sub.Timeliness()
	subText := t("kpi.no_data")
	if x, ok := r.Value(); ok {
		subText = t("cli.assess.submission", r.Num, r.Den, fmt.Sprintf("%.1f%%", x*100), sub.Late, sub.Missing)
	}
	rows := [][]string{
		{t("cli.assess.dept_score"), t("dept." + string(p.Dept)), v.points(p.KPIScore, p.Scored)},
		{t("kpi.name.submission"), subText, t("cli.assess.not_scored")},
		{t("cli.assess.ledger"), t("cli.assess.ledger_sums", p.Penalties, p.Awards), v.points(model.LedgerAdjust(p.Penalties, p.Awards), true)},
		{t("cli.assess.score"), "", v.points(p.Score, p.Scored)},
	}
	cols := []kit.Column{{Title: t("kpi.col_name"), Width: 24}, {Title: t("kpi.col_value")}, {Title: t("ui.as.col_score"), Width: 11, Right: true}}
	b.WriteString(kit.RenderTable(st, cols, rows, -1, width, nil) + "\n")
	for _, l := range kit.Wrap(t("cli.assess.person_note", model.LedgerPoints), width) {
		b.WriteString(st.Dim.Render(l) + "\n")
	}
	return b.String()
}

func (v *screen) assessKeys() []key.Binding {
	t := v.s.T
	bind := func(k, help string) key.Binding { return key.NewBinding(key.WithKeys(k), key.WithHelp(k, t(help))) }
	year := bind("Y", "ui.as.key_year")
	if v.yearly {
		year = bind("Y", "ui.as.key_month")
	}
	step := v.keys.Month
	if v.yearly {
		step = key.NewBinding(key.WithKeys("[", "]"), key.WithHelp("[ ]", t("ui.as.key_step_year")))
	}
	switch {
	case v.wgrid != nil:
		return append(v.wgrid.HelpKeys(), bind("ctrl+s", "key.save"), v.keys.Back)
	case v.person != "":
		return []key.Binding{step, year, v.keys.Back}
	case v.dept != "":
		ks := []key.Binding{bind("p", "ui.as.key_people")}
		if v.canWeigh() {
			ks = append(ks, bind("W", "ui.as.key_weights"))
		}
		return append(ks, v.keys.Back)
	case v.people != "":
		ks := v.plist.MoveKeys()
		if v.plist.Len() > 0 {
			ks = append(ks, bind("enter", "ui.as.key_person"))
		}
		return append(ks, step, year, v.keys.Back)
	case v.yearly:
		return append(v.alist.MoveKeys(), bind("enter", "ui.as.key_open_month"), step, year, v.keys.Back)
	}
	ks := append(v.alist.MoveKeys(), bind("enter", "ui.as.key_open"), bind("p", "ui.as.key_people"), v.keys.Month, year)
	if v.canWeigh() {
		ks = append(ks, bind("W", "ui.as.key_weights"))
	}
	if v.canFinalise() {
		ks = append(ks, bind("F", "ui.as.key_finalise"))
	}
	return append(ks, v.keys.Back)
}
