package cli

import (
	"context"
	"fmt"
	"strings"

	"xietong/model"
)

// reports submit --csv: production daily reports (docs/DOMAIN.md#shop-floor)
// from a line gateway or a script, one CSV row per product; the rows of one
// date, line and shift form one report. Every row is checked first; the
// reports are then submitted in one transaction by the shop-floor service,
// which brings their good quantity (actual − defect) into stock as the
// report screen's submit does. A report is submitted once: one already
// saved is refused, and changing it is a correction with a reason on the
// screen.

// reportCols are the columns of a daily report CSV: the columns of
// `reports show --csv` (so its output can be submitted again) with the
// words of the report screen and of its workbook as Chinese names.
var reportCols = []column{
	{name: "date", aliases: []string{"日期", "生产日期"}, required: true},
	{name: "line", aliases: []string{"产线", "生产线", "线别"}, required: true},
	{name: "shift", aliases: []string{"班次"}, required: true},
	{name: "product", aliases: []string{"产品编码", "物料编码", "产品", "产品代码"}, required: true},
	{name: "variant", aliases: []string{"型号"}},
	{name: "planned", aliases: []string{"计划", "计划数量", "计划数", "计划产量"}},
	{name: "actual", aliases: []string{"实际", "实际产量", "产量"}, required: true},
	{name: "defect", aliases: []string{"不良", "不良数", "defects"}},
	{name: "defect_reason", aliases: []string{"不良原因"}},
	{name: "defect_note", aliases: []string{"不良说明"}},
	{name: "downtime_min", aliases: []string{"停机", "停机分", "停机分钟", "停机时间", "downtime"}},
	{name: "downtime_cause", aliases: []string{"停机原因", "原因", "cause"}},
	{name: "notes", aliases: []string{"备注", "记录"}},
}

// reportGroup is a report being built from the rows of one date, line and
// shift.
type reportGroup struct {
	report *model.DailyReport
	saved  *model.DailyReport // the report already submitted under the key, or nil
	plan   map[string]int64   // planned quantity by variant key, from the day's published plan
	lines  []int              // file line of each row
	rows   map[string]int     // variant key -> file line of its row
}

// parseShift reads a shift by its code (day) or its name in either
// language (白班, day shift).
func parseShift(s string) (model.Shift, bool) {
	s = strings.TrimSpace(s)
	for _, sh := range model.Shifts {
		if strings.EqualFold(s, string(sh)) || s == sh.Text().In(model.LangZH) || strings.EqualFold(s, sh.Text().In(model.LangEN)) {
			return sh, true
		}
	}
	return "", false
}

// defectReason reads a defect reason by its code or its name.
func defectReason(list []model.DefectReason, s string) (string, bool) {
	for _, r := range list {
		if strings.EqualFold(s, r.Code) || s == r.Name {
			return r.Code, true
		}
	}
	return "", false
}

func reasonCodes(list []model.DefectReason) string {
	out := make([]string, len(list))
	for i, r := range list {
		out[i] = r.Code + " " + r.Name
	}
	return strings.Join(out, ", ")
}

// optWhole reads an optional count: empty is def.
func optWhole(s string, def, hi int64) (int64, error) {
	if s == "" {
		return def, nil
	}
	return model.ParseWhole(s, 0, hi)
}

func runReportsSubmit(ctx context.Context, e *Env, _ parsed) error {
	reports, rows, at, err := parseReports(ctx, e)
	if err != nil {
		return err
	}
	saved, err := e.Svc.Shop.SubmitReports(ctx, e.User, reports)
	if err != nil {
		return at.translate(err)
	}
	var good int64
	for _, r := range saved {
		for _, q := range r.GoodQty() {
			good += q
		}
	}
	fmt.Fprintln(e.Stdout, e.t("cli.reports.submitted", len(saved), rows, good))
	return nil
}

// parseReports reads and checks a daily report CSV from stdin: the reports
// in the order their first rows come, how many rows, and where each came
// from in the file.
func parseReports(ctx context.Context, e *Env) ([]*model.DailyReport, int, *storeRows, error) {
	in, err := openCSV(e, reportCols)
	if err != nil {
		return nil, 0, nil, err
	}
	t := in.t
	products, err := productMap(ctx, e)
	if err != nil {
		return nil, 0, nil, err
	}
	lookup := byCode(products)
	reasons, err := e.Svc.Shop.DefectReasons(ctx)
	if err != nil {
		return nil, 0, nil, err
	}
	today := e.Svc.Calendar.DateOf(e.Svc.Clock.Now())
	loc := e.Svc.Clock.Loc
	ch := newChecker(t)
	groups := map[string]*reportGroup{}
	var order []*reportGroup
	// fromPlan marks the rows whose planned quantity is the plan's.
	type planned struct {
		g *reportGroup
		i int
	}
	var fromPlan []planned
	nRows := 0
	for r := range in.rows(ch) {
		ch.row(r.line)
		// Dates, shifts and numbers with a control character are refused by
		// their parsers.
		ch.text(r, "line", "product", "variant", "defect_reason", "defect_note", "downtime_cause")
		notes := strings.ReplaceAll(r.get("notes"), "\r\n", "\n")
		ch.addErr("notes", model.CheckText(notes, true))

		d, err := model.ParseDate(r.get("date"))
		ch.addErr("date", err)
		future := model.Invalid{}
		model.CheckReportDay(future, d, today)
		ch.addErr("", future.Err())
		line := r.get("line")
		shift, ok := parseShift(r.get("shift"))
		if !ok && r.get("shift") != "" {
			ch.add("shift", "val.shift")
		}
		key := model.Invalid{}
		model.ValidateReportKey(key, d, line, shift)
		ch.addErr("", key.Err())

		row := model.ReportRow{Product: r.get("product"), DefectNote: r.get("defect_note"),
			DowntimeCause: r.get("downtime_cause"), Notes: notes}
		if p := products[row.Product]; p != nil {
			if v := r.get("variant"); v == "" {
				row.Variant = p.VariantOr("")
			} else if row.Variant, err = model.VariantByCodeOrName(p, v); err != nil {
				ch.addErr("variant", err)
			}
		} else {
			row.Variant = r.get("variant")
		}
		var plannedErr error
		row.Planned, plannedErr = optWhole(r.get("planned"), 0, model.MaxQty)
		ch.addErr("planned", plannedErr)
		row.Actual, err = model.ParseWhole(r.get("actual"), 0, model.MaxQty)
		ch.addErr("actual", err)
		row.Defect, err = optWhole(r.get("defect"), 0, model.MaxQty)
		ch.addErr("defect", err)
		down, err := optWhole(r.get("downtime_min"), 0, model.MaxDowntimeMin)
		ch.addErr("downtime_min", err)
		row.DowntimeMin = int(down)
		if s := r.get("defect_reason"); s != "" && !ch.hasProblem("defect_reason") {
			if row.DefectReason, ok = defectReason(reasons, s); !ok {
				ch.add("defect_reason", "cli.val.unknown_reason", s, reasonCodes(reasons))
			}
		}
		// The rules of a report row, as the service checks them; a column
		// already reported gets no second message.
		one := &model.DailyReport{Date: d, Line: line, Shift: shift, Rows: []model.ReportRow{row}}
		if err := one.Validate(lookup, reasons); err != nil {
			v := model.Invalid{}
			for f, msg := range model.FieldErrors(err) {
				v[strings.TrimPrefix(f, "rows.1.")] = msg
			}
			ch.addErr("", v.Err())
		}

		var g *reportGroup
		if len(key) == 0 {
			k := model.ReportKey(d, line, shift)
			if g = groups[k]; g == nil {
				if g, err = newReportGroup(ctx, e, d, line, shift); err != nil {
					return nil, 0, nil, err
				}
				groups[k] = g
				order = append(order, g)
			}
			if s := g.saved; s != nil {
				ch.add("", "cli.reports.exists", d.String(), line, shift.Text().In(e.Lang), s.SubmittedBy,
					s.Submitted.In(loc).Format("2006-01-02 15:04"))
			}
			vk := model.VariantKey(row.Product, row.Variant)
			if first, dup := g.rows[vk]; dup {
				ch.add("product", "cli.reports.dup", first)
			} else if len(g.lines) >= model.MaxReportRows {
				ch.add("", "cli.reports.too_many", model.MaxReportRows)
			}
		}
		if !ch.ok() || g == nil {
			continue
		}
		g.rows[model.VariantKey(row.Product, row.Variant)] = r.line
		if r.get("planned") == "" {
			fromPlan = append(fromPlan, planned{g, len(g.report.Rows)})
		}
		g.report.Rows = append(g.report.Rows, row)
		g.lines = append(g.lines, r.line)
		nRows++
	}
	if err := in.done(); err != nil {
		return nil, 0, nil, err
	}
	if err := ch.err(); err != nil {
		return nil, 0, nil, err
	}
	for _, f := range fromPlan {
		row := &f.g.report.Rows[f.i]
		row.Planned = f.g.plan[model.VariantKey(row.Product, row.Variant)]
	}
	out := make([]*model.DailyReport, 0, len(order))
	at := &storeRows{ch: ch}
	for _, g := range order {
		if len(g.report.Rows) == 0 {
			continue // every row of it was bad: refused above
		}
		out = append(out, g.report)
		at.rows = append(at.rows, g.lines[0])
		at.lines = append(at.lines, g.lines)
	}
	return out, nRows, at, nil
}

// newReportGroup starts the report of d, line and shift: the report the
// service has under that key (saved, or a draft with the planned
// quantities of the day's published production plan, as the screen
// pre-fills them).
func newReportGroup(ctx context.Context, e *Env, d model.Date, line string, shift model.Shift) (*reportGroup, error) {
	cur, err := e.Svc.Shop.Report(ctx, d, line, shift)
	if err != nil {
		return nil, err
	}
	g := &reportGroup{report: &model.DailyReport{Date: d, Line: line, Shift: shift}, plan: map[string]int64{}, rows: map[string]int{}}
	if cur.Version > 0 {
		g.saved = cur
		return g, nil
	}
	for _, r := range cur.Rows {
		g.plan[model.VariantKey(r.Product, r.Variant)] += r.Planned
	}
	return g, nil
}
