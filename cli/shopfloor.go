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
		if reports == nil {
			reports = []*model.DailyReport{}
		}
		return writeJSON(e.Stdout, reports)
	}
	i64 := func(n int64) string { return strconv.FormatInt(n, 10) }
	var rows [][]string
	for _, r := range reports {
		for _, row := range r.Rows {
			rows = append(rows, []string{r.Date.String(), r.Line, string(r.Shift), row.Product, row.Variant, i64(row.Planned), i64(row.Actual),
				i64(row.Defect), row.DefectReason, strconv.Itoa(row.DowntimeMin), row.DowntimeCause, row.Notes})
		}
	}
	head := []string{"date", "line", "shift", "product", "variant", "planned", "actual", "defect", "defect_reason", "downtime_min", "downtime_cause", "notes"}
	if outFormat(p) == fmtCSV {
		return writeCSV(e.Stdout, p.has("bom"), head, rows)
	}
	if len(rows) == 0 {
		fmt.Fprintln(e.Stdout, e.t("cli.reports_none", d.String()))
		return nil
	}
	writeTable(e.Stdout, head, rows)
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
		if out == nil {
			out = []model.OutputRow{}
		}
		return writeJSON(e.Stdout, out)
	}
	i64 := func(n int64) string { return strconv.FormatInt(n, 10) }
	rows := make([][]string, len(out))
	for i, r := range out {
		rows[i] = []string{r.Product, i64(r.Planned), i64(r.Actual), i64(r.Variance), i64(r.Defect), strconv.Itoa(r.Downtime), strings.Join(r.Reasons, "; ")}
	}
	head := []string{"product", "planned", "actual", "variance", "defect", "downtime_min", "reasons"}
	if outFormat(p) == fmtCSV {
		return writeCSV(e.Stdout, p.has("bom"), head, rows)
	}
	writeTable(e.Stdout, head, rows)
	return nil
}

func runAnomaliesList(ctx context.Context, e *Env, p parsed) error {
	list, err := e.Svc.Shop.Anomalies(ctx, p.has("open"))
	if err != nil {
		return err
	}
	if p.has("json") {
		if list == nil {
			list = []*model.Anomaly{}
		}
		return writeJSON(e.Stdout, list)
	}
	loc := e.Svc.Clock.Loc
	rows := make([][]string, len(list))
	for i, a := range list {
		rows[i] = []string{strconv.FormatUint(a.ID, 10), strconv.Itoa(a.Severity), string(a.Category), string(a.Status),
			a.FiledAt.In(loc).Format("2006-01-02 15:04"), a.FiledBy, strconv.Itoa(a.DelayDays), strconv.Itoa(len(a.RiskMarks)), a.Text}
	}
	writeTable(e.Stdout, []string{"id", "severity", "category", "status", "filed", "by", "delay_days", "lines_at_risk", "text"}, rows)
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
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			v.Add("severity", "cli.val.severity")
		}
		a.Severity = n
	}
	if s, ok := p.flags["delay"]; ok {
		n, err := model.ParseWhole(s, 0, 365)
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
	if hasControl(a.Text) {
		v.Add("text", "cli.val.control")
	}
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
		if list == nil {
			list = []*model.Feedback{}
		}
		return writeJSON(e.Stdout, list)
	}
	loc := e.Svc.Clock.Loc
	rows := make([][]string, len(list))
	for i, f := range list {
		rows[i] = []string{strconv.FormatUint(f.ID, 10), string(f.Status), string(f.Route), f.Product, strconv.FormatInt(f.QtyAffected, 10),
			f.FiledAt.In(loc).Format("2006-01-02 15:04"), f.Due.In(loc).Format("2006-01-02 15:04"), f.Problem}
	}
	writeTable(e.Stdout, []string{"id", "status", "route", "product", "qty", "filed", "due", "problem"}, rows)
	return nil
}
