package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"xietong/model"
)

func runReportsShow(ctx context.Context, e *Env, p parsed) error {
	d, err := dateArg(e, p)
	if err != nil {
		return err
	}
	reports, err := e.Svc.Shop.Reports(ctx, d)
	if err != nil {
		return err
	}
	if outFormat(p) == fmtJSON {
		return writeJSON(e.Stdout, reports)
	}
	products, err := productMap(ctx, e)
	if err != nil {
		return err
	}
	reasons, err := e.Svc.Shop.DefectReasons(ctx)
	if err != nil {
		return err
	}
	reasonName := func(code string) string {
		for _, r := range reasons {
			if r.Code == code {
				return r.Name
			}
		}
		return code
	}
	// Shifts, variants and defect reasons by name: reports submit reads
	// them back.
	sh := &sheet{name: "reports", cols: []string{"date", "line", "shift", "product", "variant", "planned", "actual", "defect", "defect_reason", "downtime_min", "downtime_cause", "notes"}}
	for _, r := range reports {
		for _, row := range r.Rows {
			sh.add(dateCell(r.Date), txt(r.Line), txt(r.Shift.Text().In(e.Lang)), txt(row.Product), txt(variantName(products, row.Product, row.Variant)),
				num(row.Planned), num(row.Actual), num(row.Defect), txt(reasonName(row.DefectReason)), num(row.DowntimeMin), txt(row.DowntimeCause), txt(row.Notes))
		}
	}
	if outFormat(p) != fmtTable {
		return writeSheet(e, p, sh)
	}
	if len(sh.rows) == 0 {
		fmt.Fprintln(e.Stdout, e.t("cli.reports_none", d.String()))
		return nil
	}
	writeTable(e.Stdout, sh.labels(e.Lang), sh.texts())
	return nil
}

func runReportsMonth(ctx context.Context, e *Env, p parsed) error {
	m, err := model.ParseMonth(p.pos[0])
	if err != nil {
		return err
	}
	out, err := e.Svc.Shop.MonthlyOutput(ctx, m)
	if err != nil {
		return err
	}
	if outFormat(p) == fmtJSON {
		return writeJSON(e.Stdout, out)
	}
	sh := &sheet{name: m.String(), cols: []string{"product", "planned", "actual", "variance", "defect", "downtime_min", "reasons"}}
	for _, r := range out {
		sh.add(txt(r.Product), num(r.Planned), num(r.Actual), num(r.Variance), num(r.Defect), num(r.Downtime), txt(strings.Join(r.Reasons, "; ")))
	}
	if outFormat(p) != fmtTable {
		return writeSheet(e, p, sh)
	}
	writeTable(e.Stdout, sh.labels(e.Lang), sh.texts())
	return nil
}

func runAnomaliesList(ctx context.Context, e *Env, p parsed) error {
	list, err := e.Svc.Shop.Anomalies(ctx, p.has("open"))
	if err != nil {
		return err
	}
	if p.has("json") {
		return writeJSON(e.Stdout, list)
	}
	loc := e.Svc.Clock.Loc
	sh := &sheet{name: "anomalies", cols: []string{"id", "severity", "category", "status", "filed", "by", "delay_days", "lines_at_risk", "text"}}
	for _, a := range list {
		sh.add(num(a.ID), num(a.Severity), txt(string(a.Category)), txt(string(a.Status)),
			timeCell(a.FiledAt, loc, "2006-01-02 15:04"), txt(a.FiledBy), num(a.DelayDays), num(len(a.RiskMarks)), txt(a.Text))
	}
	if outFormat(p) != fmtTable {
		return writeSheet(e, p, sh)
	}
	writeTable(e.Stdout, sh.labels(e.Lang), sh.texts())
	return nil
}

// checkAnomalyFile refuses a bad anomaly before anything is stored: an exit
// status of 2 and one line saying why.
func checkAnomalyFile(p parsed) error {
	a, err := anomalyFromFlags(p)
	if err != nil {
		return err
	}
	return a.Validate()
}

func anomalyFromFlags(p parsed) (*model.Anomaly, error) {
	v := model.Invalid{}
	a := &model.Anomaly{Category: model.AnomalyCategory(strings.TrimSpace(p.flags["category"])), Text: p.flags["text"]}
	if s, ok := p.flags["severity"]; ok {
		n, err := model.ParseWhole(s, 1, 3)
		if err != nil {
			v.Add("severity", "cli.val.severity")
		}
		a.Severity = int(n)
	}
	if s, ok := p.flags["delay"]; ok {
		n, err := model.ParseWhole(s, 0, model.MaxDelayDays)
		v.AddErr("delay_days", err)
		a.DelayDays = int(n)
	}
	if s := strings.TrimSpace(p.flags["products"]); s != "" {
		for _, c := range strings.Split(s, ",") {
			a.Products = append(a.Products, strings.TrimSpace(c))
		}
	}
	if s := strings.TrimSpace(p.flags["lines"]); s != "" {
		for _, c := range strings.Split(s, ",") {
			id, err := strconv.ParseUint(strings.TrimSpace(c), 10, 64)
			if err != nil || id == 0 {
				v.Add("lines", "cli.val.line_ids")
				break
			}
			a.Lines = append(a.Lines, id)
		}
	}
	model.ValidateChars(v, "text", a.Text, false)
	return a, v.Err()
}

func runAnomalyFile(ctx context.Context, e *Env, p parsed) error {
	a, err := anomalyFromFlags(p)
	if err != nil {
		return err
	}
	// Without --lines, the lines the delay puts at risk are proposed by the
	// system, as on the screen (where a person may untick some).
	if len(a.Lines) == 0 && len(a.Products) > 0 && a.DelayDays > 0 {
		orders, err := e.Svc.Shop.ProposeAtRisk(ctx, a.Products, a.DelayDays)
		if err != nil {
			return err
		}
		for _, o := range orders {
			for _, l := range o.Lines {
				a.Lines = append(a.Lines, l.ID)
			}
		}
	}
	saved, err := e.Svc.Shop.FileAnomaly(ctx, e.User, a)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.Stdout, e.t("cli.anomaly_filed", saved.ID, len(saved.RiskMarks)))
	return nil
}

func runFeedbackList(ctx context.Context, e *Env, p parsed) error {
	list, err := e.Svc.Shop.Feedbacks(ctx, p.has("open"))
	if err != nil {
		return err
	}
	if p.has("json") {
		return writeJSON(e.Stdout, list)
	}
	loc := e.Svc.Clock.Loc
	sh := &sheet{name: "feedback", cols: []string{"id", "status", "route", "product", "qty", "filed", "due", "problem"}}
	for _, f := range list {
		sh.add(num(f.ID), txt(string(f.Status)), txt(string(f.Route)), txt(f.Product), num(f.QtyAffected),
			timeCell(f.FiledAt, loc, "2006-01-02 15:04"), timeCell(f.Due, loc, "2006-01-02 15:04"), txt(f.Problem))
	}
	if outFormat(p) != fmtTable {
		return writeSheet(e, p, sh)
	}
	writeTable(e.Stdout, sh.labels(e.Lang), sh.texts())
	return nil
}
