package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"xietong/model"
)

// The monthly assessment (考评) on the command line: every department's
// score of a month, how each indicator and the ledger make it, one sheet
// per department in XLSX; a year's months side by side; one person's
// month or year (--person, who may see whom as on screen); the office
// finalises an ended month and keeps each department's weights.

// assessPeriod is what `assess` is asked for: a month, or a whole year
// (YEAR, or --year).
type assessPeriod struct {
	month model.Month
	year  int // a year's months side by side; 0: the month
}

// parseAssessPeriod reads MONTH, YEAR or --year Y.
func parseAssessPeriod(p parsed) (assessPeriod, error) {
	y, hasYear := p.flags["year"]
	switch {
	case hasYear && len(p.pos) > 0:
		return assessPeriod{}, model.Errorf(model.EINVALID, "cli.assess.month_or_year")
	case !hasYear && len(p.pos) == 0:
		return assessPeriod{}, model.Errorf(model.EINVALID, "cli.usage", "assess MONTH|YEAR [--dept D | --person LOGIN] [--json|--csv [--bom]|--xlsx]")
	case !hasYear && len(strings.TrimSpace(p.pos[0])) > 4:
		m, err := model.ParseMonth(p.pos[0])
		if err != nil {
			return assessPeriod{}, model.FieldError("month", err)
		}
		return assessPeriod{month: m}, nil
	case !hasYear:
		y = p.pos[0]
	}
	n, err := model.ParseWhole(y, model.MinYear, model.MaxYear)
	if err != nil {
		return assessPeriod{}, model.FieldError("year", err)
	}
	return assessPeriod{year: int(n)}, nil
}

func checkAssess(p parsed) error {
	if _, err := parseAssessPeriod(p); err != nil {
		return err
	}
	if s, ok := p.flags["dept"]; ok && !model.Department(s).Valid() {
		v := model.Invalid{}
		v.Add("dept", "val.unknown_dept", s)
		return v.Err()
	}
	if p.has("dept") && p.has("person") {
		return model.Errorf(model.EINVALID, "cli.assess.dept_or_person")
	}
	return checkFormat(p)
}

// points words a score to one decimal ("—" when there is none), never
// "-0.0".
func points(e *Env, x float64, ok bool) string {
	if !ok {
		return e.t("kpi.no_data")
	}
	if x > -0.05 && x < 0.05 {
		x = 0
	}
	return strconv.FormatFloat(x, 'f', 1, 64)
}

// pctText is a fraction as a percentage, or no data.
func pctText(e *Env, x float64, ok bool) string {
	if !ok {
		return ""
	}
	return strconv.FormatFloat(x*100, 'f', 1, 64) + "%"
}

// assessSheet is one department's month as a sheet: each indicator, then
// the ledger and the score; table is true for the text table (percentages
// as text), false for a workbook (percentage cells).
func assessSheet(e *Env, d model.DeptAssessment, table bool) *sheet {
	pc := func(x float64, ok bool) cell {
		if table {
			return txt(pctText(e, x, ok))
		}
		return pctCell(x, ok)
	}
	sh := &sheet{name: e.t("dept." + string(d.Dept)), cols: []string{"indicator", "value", "target", "weight", "score"}}
	for _, k := range d.KPIs {
		target := cell{}
		if k.Target != nil {
			target = pc(k.Target.Target, true)
		}
		sh.add(txt(e.t("kpi.name."+string(k.KPI))), pc(k.Value, k.OK), target, num(k.Weight), pc(k.Score, k.OK))
	}
	sh.add(txt(e.t("cli.assess.kpi_score")), cell{}, cell{}, cell{}, txt(points(e, d.KPIScore, d.Scored)))
	sh.add(txt(e.t("cli.assess.ledger")), txt(e.t("cli.assess.ledger_sums", d.Penalties, d.Awards)), cell{}, cell{},
		txt(points(e, model.LedgerAdjust(d.Penalties, d.Awards), true)))
	sh.add(txt(e.t("cli.assess.score")), cell{}, cell{}, cell{}, txt(points(e, d.Score, d.Scored)))
	return sh
}

// runAssess prints a month's or a year's assessment: every department
// (for those who may see them side by side), with the people of --dept
// that the caller may see, or one person's (--person: the caller's own,
// their department's people for a lead or head, anyone's for the office
// and the general manager).
func runAssess(ctx context.Context, e *Env, p parsed) error {
	period, _ := parseAssessPeriod(p)
	if login, ok := p.flags["person"]; ok {
		return runAssessPerson(ctx, e, p, period, login)
	}
	if !model.SeesDepartments(e.User) {
		return model.Errorf(model.EFORBIDDEN, "err.assess_depts")
	}
	if period.year != 0 {
		return runAssessYear(ctx, e, p, period.year)
	}
	m := period.month
	a, err := e.Svc.Ledger.Assess(ctx, m)
	if err != nil {
		return err
	}
	dept := model.Department(p.flags["dept"])
	var depts []model.DeptAssessment
	for _, d := range a.Depts {
		if dept == "" || d.Dept == dept {
			depts = append(depts, d)
		}
	}
	people := visiblePeople(e, a.People, dept)
	if p.has("json") {
		a.Depts, a.People = depts, people
		return writeJSON(e.Stdout, a)
	}
	if outFormat(p) == fmtXLSX {
		var sheets []*sheet
		for _, d := range depts {
			sheets = append(sheets, assessSheet(e, d, false))
		}
		return writeXLSX(e, sheets...)
	}
	sh := &sheet{name: "assessment", cols: []string{"dept", "kpi_score", "penalties", "awards", "score"}}
	for _, d := range depts {
		sh.add(txt(e.t("dept."+string(d.Dept))), txt(points(e, d.KPIScore, d.Scored)), num(d.Penalties), num(d.Awards),
			txt(points(e, d.Score, d.Scored)))
	}
	if outFormat(p) != fmtTable {
		return writeSheet(e, p, sh)
	}
	fmt.Fprintln(e.Stdout, e.t("cli.assess.head", m.String(), assessState(ctx, e, a)))
	writeTable(e.Stdout, sh.labels(e.Lang), sh.texts())
	if dept != "" && len(depts) == 1 {
		fmt.Fprintln(e.Stdout)
		d := assessSheet(e, depts[0], true)
		writeTable(e.Stdout, d.labels(e.Lang), d.texts())
		if len(people) > 0 {
			fmt.Fprintln(e.Stdout)
			names := accountNames(ctx, e)
			ps := &sheet{cols: []string{"person_name", "kpi_score", "submission", "penalties", "awards", "score"}}
			for _, x := range people {
				ps.add(txt(names(x.Login)), txt(points(e, x.KPIScore, x.Scored)), txt(submissionText(e, x.Submission)),
					num(x.Penalties), num(x.Awards), txt(points(e, x.Score, x.Scored)))
			}
			writeTable(e.Stdout, ps.labels(e.Lang), ps.texts())
		}
	}
	return nil
}

// visiblePeople are the people of people (of dept; "": any) whose
// assessment the caller may see.
func visiblePeople(e *Env, people []model.PersonAssessment, dept model.Department) []model.PersonAssessment {
	out := []model.PersonAssessment{}
	for _, x := range people {
		if (dept == "" || x.Dept == dept) && model.SeesAssessmentOf(e.User, x.Login, x.Dept) {
			out = append(out, x)
		}
	}
	return out
}

// visibleRows are the year rows of people (of dept; "": any) whose
// assessment the caller may see.
func visibleRows(e *Env, people []model.YearRow, dept model.Department) []model.YearRow {
	out := []model.YearRow{}
	for _, x := range people {
		if (dept == "" || x.Dept == dept) && model.SeesAssessmentOf(e.User, x.Login, x.Dept) {
			out = append(out, x)
		}
	}
	return out
}

// assessState words whether a month is computed or kept, and by whom.
func assessState(ctx context.Context, e *Env, a *model.Assessment) string {
	if a.FinalisedAt.IsZero() {
		return e.t("cli.assess.live")
	}
	return e.t("cli.assess.final", a.FinalisedAt.In(e.Svc.Clock.Loc).Format("2006-01-02 15:04"), accountNames(ctx, e)(a.FinalisedBy))
}

// submissionText is a person's submission timeliness: on time of due,
// with the late and missing counted.
func submissionText(e *Env, t model.DueTally) string {
	r := t.Timeliness()
	if r.Den == 0 {
		return e.t("kpi.no_data")
	}
	return e.t("cli.assess.submission", r.Num, r.Den, pctText(e, float64(r.Num)/float64(r.Den), true), t.Late, t.Missing)
}

// scoreCell is a score: a number cell to one decimal, or the words for no
// data; in a table the number's text.
func scoreCell(e *Env, x float64, ok bool) cell {
	if !ok {
		return txt(e.t("kpi.no_data"))
	}
	s := points(e, x, true)
	n, _ := strconv.ParseFloat(s, 64)
	return cell{kind: kNum, text: s, n: n}
}

// monthCols are the columns of a year's months, January first.
var monthCols = []string{"m01", "m02", "m03", "m04", "m05", "m06", "m07", "m08", "m09", "m10", "m11", "m12"}

// yearCells are a row's months (empty before the row has figures), its
// average and its ledger totals.
func yearCells(e *Env, r model.YearRow) []cell {
	var out []cell
	for _, m := range r.Months {
		if !m.In {
			out = append(out, cell{})
			continue
		}
		out = append(out, scoreCell(e, m.Score, m.Scored))
	}
	return append(out, scoreCell(e, r.Average, r.Scored), num(r.Penalties), num(r.Awards))
}

// yearStates words which months of y are kept, which computed and which
// not begun.
func yearStates(e *Env, y *model.YearAssessment) string {
	var final, live, later []string
	for _, m := range y.Months {
		n := strconv.Itoa(int(m.Month.Month))
		switch {
		case !m.Assessed:
			later = append(later, n)
		case m.FinalisedAt.IsZero():
			live = append(live, n)
		default:
			final = append(final, n)
		}
	}
	var parts []string
	for _, g := range []struct {
		key    string
		months []string
	}{{"cli.assess.year_final", final}, {"cli.assess.year_live", live}, {"cli.assess.year_later", later}} {
		if len(g.months) > 0 {
			parts = append(parts, e.t(g.key, strings.Join(g.months, e.t("cli.list_sep"))))
		}
	}
	return strings.Join(parts, e.t("ui.semicolon"))
}

// runAssessYear prints year y: each department (and the people of it the
// caller may see) month by month, the average and the ledger totals; the
// workbook has a sheet per department.
func runAssessYear(ctx context.Context, e *Env, p parsed, y int) error {
	ya, err := e.Svc.Ledger.AssessYear(ctx, y)
	if err != nil {
		return err
	}
	dept := model.Department(p.flags["dept"])
	var depts []model.YearRow
	for _, d := range ya.Depts {
		if dept == "" || d.Dept == dept {
			depts = append(depts, d)
		}
	}
	people := visibleRows(e, ya.People, dept)
	if p.has("json") {
		ya.Depts, ya.People = depts, people
		return writeJSON(e.Stdout, ya)
	}
	names := accountNames(ctx, e)
	if outFormat(p) == fmtXLSX {
		var sheets []*sheet
		for _, d := range depts {
			sh := &sheet{name: e.t("dept." + string(d.Dept)), cols: append(append([]string{"person_name"}, monthCols...), "average", "penalties", "awards")}
			sh.add(append([]cell{txt(e.t("dept." + string(d.Dept)))}, yearCells(e, d)...)...)
			for _, x := range people {
				if x.Dept == d.Dept {
					sh.add(append([]cell{txt(names(x.Login))}, yearCells(e, x)...)...)
				}
			}
			sheets = append(sheets, sh)
		}
		return writeXLSX(e, sheets...)
	}
	sh := &sheet{name: "assessment", cols: append(append([]string{"dept", "person_name"}, monthCols...), "average", "penalties", "awards")}
	for _, d := range depts {
		sh.add(append([]cell{txt(e.t("dept." + string(d.Dept))), {}}, yearCells(e, d)...)...)
		for _, x := range people {
			if x.Dept == d.Dept {
				sh.add(append([]cell{txt(e.t("dept." + string(d.Dept))), txt(names(x.Login))}, yearCells(e, x)...)...)
			}
		}
	}
	if outFormat(p) != fmtTable {
		return writeSheet(e, p, sh)
	}
	fmt.Fprintln(e.Stdout, e.t("cli.assess.year_head", y, yearStates(e, ya)))
	writeTable(e.Stdout, sh.labels(e.Lang), sh.texts())
	return nil
}

// runAssessPerson prints one person's month or year, if the caller may
// see it.
func runAssessPerson(ctx context.Context, e *Env, p parsed, period assessPeriod, login string) error {
	u, err := e.Svc.Users.User(ctx, login)
	if model.ErrorCode(err) == model.ENOTFOUND {
		return model.Errorf(model.ENOTFOUND, "val.unknown_login", login)
	}
	if err != nil {
		return err
	}
	// Someone who sees no one else is refused before anything is
	// computed; a lead or head may also see a person of theirs by the
	// department the figures name (one who has moved since).
	seen := model.SeesAssessmentOf(e.User, u.Login, u.Dept)
	if !seen && !model.SeesDepartments(e.User) {
		return model.RequireSeesAssessmentOf(e.User, u.Login, u.Dept)
	}
	name := e.t("cli.assess.person_head", u.Name, e.t("dept."+string(u.Dept)))
	if period.year != 0 {
		ya, err := e.Svc.Ledger.AssessYear(ctx, period.year)
		if err != nil {
			return err
		}
		r := ya.Person(u.Login)
		if r != nil {
			seen = seen || model.SeesAssessmentOf(e.User, u.Login, r.Dept)
		}
		if !seen {
			return model.RequireSeesAssessmentOf(e.User, u.Login, u.Dept)
		}
		if r == nil {
			return model.Errorf(model.ENOTFOUND, "cli.assess.no_person_year", u.Name, period.year)
		}
		return writePersonYear(e, p, ya, r, name)
	}
	a, err := e.Svc.Ledger.Assess(ctx, period.month)
	if err != nil {
		return err
	}
	x := a.Person(u.Login)
	if x != nil {
		seen = seen || model.SeesAssessmentOf(e.User, u.Login, x.Dept)
	}
	if !seen {
		return model.RequireSeesAssessmentOf(e.User, u.Login, u.Dept)
	}
	if x == nil {
		return model.Errorf(model.ENOTFOUND, "cli.assess.no_person", u.Name, period.month.String())
	}
	if p.has("json") {
		return writeJSON(e.Stdout, struct {
			Month       model.Month            `json:"month"`
			Name        string                 `json:"name"`
			Person      model.PersonAssessment `json:"person"`
			PeopleLive  bool                   `json:"people_live,omitempty"`
			FinalisedAt time.Time              `json:"finalised_at,omitzero"`
		}{a.Month, u.Name, *x, a.PeopleLive, a.FinalisedAt})
	}
	sh := personSheet(e, x, outFormat(p) == fmtTable)
	if outFormat(p) != fmtTable {
		return writeSheet(e, p, sh)
	}
	state := assessState(ctx, e, a)
	if a.PeopleLive {
		state += e.t("ui.semicolon") + e.t("cli.assess.people_live")
	}
	fmt.Fprintln(e.Stdout, e.t("cli.assess.head", a.Month.String(), state)+" · "+name)
	writeTable(e.Stdout, sh.labels(e.Lang), sh.texts())
	fmt.Fprintln(e.Stdout, e.t("cli.assess.person_note", model.LedgerPoints))
	return nil
}

// personSheet is a person's month: their department's indicator score,
// their submission timeliness (not scored), their ledger points, the
// score.
func personSheet(e *Env, x *model.PersonAssessment, table bool) *sheet {
	sh := &sheet{name: e.t("cli.assess.person_sheet"), cols: []string{"indicator", "value", "score"}}
	sub := txt(submissionText(e, x.Submission))
	if !table {
		r := x.Submission.Timeliness()
		v, ok := r.Value()
		sub = pctCell(v, ok)
	}
	sh.add(txt(e.t("cli.assess.dept_score")), txt(e.t("dept."+string(x.Dept))), scoreCell(e, x.KPIScore, x.Scored))
	sh.add(txt(e.t("kpi.name.submission")), sub, txt(e.t("cli.assess.not_scored")))
	sh.add(txt(e.t("cli.assess.ledger")), txt(e.t("cli.assess.ledger_sums", x.Penalties, x.Awards)),
		scoreCell(e, model.LedgerAdjust(x.Penalties, x.Awards), true))
	sh.add(txt(e.t("cli.assess.score")), cell{}, scoreCell(e, x.Score, x.Scored))
	return sh
}

// writePersonYear prints a person's year: each month's department score,
// submission timeliness, ledger and score, the average and the totals.
func writePersonYear(e *Env, p parsed, ya *model.YearAssessment, r *model.YearRow, name string) error {
	if p.has("json") {
		return writeJSON(e.Stdout, struct {
			Year   int               `json:"year"`
			Name   string            `json:"name"`
			Months []model.YearMonth `json:"months"`
			Person model.YearRow     `json:"person"`
		}{ya.Year, name, ya.Months, *r})
	}
	table := outFormat(p) == fmtTable
	sh := &sheet{name: e.t("cli.assess.person_sheet"), cols: []string{"month", "kpi_score", "submission", "penalties", "awards", "score", "state"}}
	for i, m := range r.Months {
		ym := ya.Months[i]
		if !m.In {
			continue
		}
		state := e.t("cli.assess.month_live")
		if !ym.FinalisedAt.IsZero() {
			state = e.t("cli.assess.month_final")
		}
		v, ok := m.Submission.Value()
		sub := pctCell(v, ok)
		if table {
			sub = txt(e.t("kpi.no_data"))
			if ok {
				sub = txt(fmt.Sprintf("%d/%d = %s", m.Submission.Num, m.Submission.Den, pctText(e, v, true)))
			}
		}
		sh.add(txt(ym.Month.String()), scoreCell(e, m.KPIScore, m.Scored), sub, num(m.Penalties), num(m.Awards), scoreCell(e, m.Score, m.Scored), txt(state))
	}
	sh.add(txt(e.t("cli.assess.year_total")), cell{}, cell{}, num(r.Penalties), num(r.Awards), scoreCell(e, r.Average, r.Scored), cell{})
	if !table {
		return writeSheet(e, p, sh)
	}
	fmt.Fprintln(e.Stdout, e.t("cli.assess.year_head", ya.Year, yearStates(e, ya))+" · "+name)
	writeTable(e.Stdout, sh.labels(e.Lang), sh.texts())
	return nil
}

func runAssessFinalise(ctx context.Context, e *Env, p parsed) error {
	m, err := model.ParseMonth(p.pos[0])
	if err != nil {
		return model.FieldError("month", err)
	}
	a, err := e.Svc.Ledger.FinaliseAssessment(ctx, e.User, m)
	if err != nil {
		return err
	}
	if p.has("json") {
		return writeJSON(e.Stdout, a)
	}
	fmt.Fprintln(e.Stdout, e.t("cli.assess.finalised", m.String()))
	return nil
}

// runAssessWeights shows a department's weights, or sets them from
// --set kpi=weight,...
func runAssessWeights(ctx context.Context, e *Env, p parsed) error {
	dept := model.Department(p.pos[0])
	if !dept.Valid() {
		v := model.Invalid{}
		v.Add("dept", "val.unknown_dept", p.pos[0])
		return v.Err()
	}
	if set, ok := p.flags["set"]; ok {
		var ws []model.Weight
		for _, part := range strings.Split(set, ",") {
			k, w, found := strings.Cut(strings.TrimSpace(part), "=")
			n, err := strconv.Atoi(strings.TrimSpace(w))
			if !found || err != nil {
				return model.FieldError("set", model.Errorf(model.EINVALID, "cli.assess.bad_weight", part))
			}
			ws = append(ws, model.Weight{KPI: model.KPI(strings.TrimSpace(k)), Weight: n})
		}
		if err := e.Svc.Ledger.SaveWeights(ctx, e.User, dept, ws); err != nil {
			return err
		}
	}
	ws, err := e.Svc.Ledger.Weights(ctx, dept)
	if err != nil {
		return err
	}
	if p.has("json") {
		return writeJSON(e.Stdout, ws)
	}
	var rows [][]string
	for _, w := range ws {
		rows = append(rows, []string{e.t("kpi.name." + string(w.KPI)), string(w.KPI), strconv.Itoa(w.Weight)})
	}
	writeTable(e.Stdout, []string{e.t("kpi.col_name"), "kpi", e.t("cli.xcol.weight")}, rows)
	return nil
}
