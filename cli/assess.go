package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"xietong/model"
)

// The monthly assessment (考评) on the command line: every department's
// score of a month, how each indicator and the ledger make it, one sheet
// per department in XLSX; the office finalises an ended month and keeps
// each department's weights.

func checkAssess(p parsed) error {
	if _, err := model.ParseMonth(p.pos[0]); err != nil {
		return model.FieldError("month", err)
	}
	if s, ok := p.flags["dept"]; ok && !model.Department(s).Valid() {
		v := model.Invalid{}
		v.Add("dept", "val.unknown_dept", s)
		return v.Err()
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
		txt(points(e, -float64(d.Penalties-d.Awards)/100*model.LedgerPoints, true)))
	sh.add(txt(e.t("cli.assess.score")), cell{}, cell{}, cell{}, txt(points(e, d.Score, d.Scored)))
	return sh
}

func runAssess(ctx context.Context, e *Env, p parsed) error {
	m, _ := model.ParseMonth(p.pos[0])
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
	if p.has("json") {
		a.Depts = depts
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
	state := e.t("cli.assess.live")
	if !a.FinalisedAt.IsZero() {
		state = e.t("cli.assess.final", a.FinalisedAt.In(e.Svc.Clock.Loc).Format("2006-01-02 15:04"), accountNames(ctx, e)(a.FinalisedBy))
	}
	fmt.Fprintln(e.Stdout, e.t("cli.assess.head", m.String(), state))
	writeTable(e.Stdout, sh.labels(e.Lang), sh.texts())
	if dept != "" && len(depts) == 1 {
		fmt.Fprintln(e.Stdout)
		d := assessSheet(e, depts[0], true)
		writeTable(e.Stdout, d.labels(e.Lang), d.texts())
	}
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
