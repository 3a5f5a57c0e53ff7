package cli

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"xietong/model"
)

var planCols = []column{
	{name: "product", aliases: []string{"产品编码", "物料编码", "产品", "编码"}, required: true},
	{name: "variant", aliases: []string{"型号"}},
	{name: "qty", aliases: []string{"数量", "预估数量", "计划数量", "预估销量"}, required: true},
}

// parsePlanCells reads a forecast or ten-day plan CSV (product, variant,
// qty), checking every row; quantities may be 0.
func parsePlanCells(e *Env, products map[string]*model.Product) ([]model.PlanCell, error) {
	in, err := openCSV(e, planCols)
	if err != nil {
		return nil, err
	}
	t := in.t
	ch := newChecker(t)
	seen := map[[2]string]int{}
	var out []model.PlanCell
	for r := range in.rows(ch) {
		ch.row(r.line)
		ch.text(r, "product", "variant")
		c := model.PlanCell{Product: r.get("product"), Variant: r.get("variant")}
		v := model.Invalid{}
		c.Variant = model.CheckVariant(v, "", c.Product, c.Variant, byCode(products))
		ch.addErr("", v.Err())
		if n, err := model.ParseWhole(r.get("qty"), 0, model.MaxQty); err != nil {
			ch.addErr("qty", err)
		} else {
			c.Qty = n
		}
		key := [2]string{c.Product, c.Variant}
		if first, dup := seen[key]; dup && len(v) == 0 {
			ch.add("product", "cli.val.dup", first)
		} else if len(v) == 0 {
			seen[key] = r.line
		}
		if ch.ok() {
			out = append(out, c)
		}
	}
	if err := in.done(); err != nil {
		return nil, err
	}
	if err := ch.err(); err != nil {
		return nil, err
	}
	return out, nil
}

// showPlan prints the reference version (or the latest when none is
// published) of a forecast or ten-day plan.
func showPlan(ctx context.Context, e *Env, p parsed, kind model.PlanKind) error {
	period, err := model.ParsePeriod(kind, p.pos[0])
	if err != nil {
		return err
	}
	set, err := e.Svc.Planning.Plan(ctx, period)
	if err != nil {
		return err
	}
	v := set.Reference
	if v == nil && len(set.Versions) > 0 {
		v = set.Versions[len(set.Versions)-1]
	}
	if outFormat(p) == fmtJSON {
		return writeJSON(e.Stdout, set)
	}
	var cells []model.PlanCell
	if v != nil {
		cells = v.Cells
	}
	sh := &sheet{name: string(kind), cols: header(planCols)}
	products, err := productMap(ctx, e)
	if err != nil {
		return err
	}
	for _, c := range cells {
		sh.add(txt(c.Product), txt(variantName(products, c.Product, c.Variant)), num(c.Qty))
	}
	if outFormat(p) != fmtTable {
		return writeSheet(e, p, sh)
	}
	rows := sh.texts()
	switch {
	case v == nil:
		fmt.Fprintln(e.Stdout, e.t("cli.plan_none", period.String()))
		return nil
	case set.Reference == v:
		fmt.Fprintln(e.Stdout, e.t("cli.plan_ref", period.String(), v.Version, v.Published.In(e.Svc.Clock.Loc).Format("2006-01-02 15:04"), v.By))
	default:
		fmt.Fprintln(e.Stdout, e.t("cli.plan_draft", period.String(), v.Version, v.By))
	}
	var total int64
	for _, c := range cells {
		total += c.Qty
	}
	rows = append(rows, []string{e.t("grid.total"), "", strconv.FormatInt(total, 10)})
	writeTable(e.Stdout, []string{e.t("field.product"), e.t("field.variant"), e.t("field.qty")}, rows)
	return nil
}

func runForecastShow(ctx context.Context, e *Env, p parsed) error {
	return showPlan(ctx, e, p, model.PlanForecast)
}

func runTenDayShow(ctx context.Context, e *Env, p parsed) error {
	return showPlan(ctx, e, p, model.PlanTenDay)
}

// runForecastImport stores a CSV forecast as a new version (all rows or
// none), published too with --publish.
func runForecastImport(ctx context.Context, e *Env, p parsed) error {
	period, err := model.ParsePeriod(model.PlanForecast, p.pos[0])
	if err != nil {
		return err
	}
	products, err := productMap(ctx, e)
	if err != nil {
		return err
	}
	cells, err := parsePlanCells(e, products)
	if err != nil {
		return err
	}
	set, err := e.Svc.Planning.Plan(ctx, period)
	if err != nil {
		return err
	}
	base := 0
	if n := len(set.Versions); n > 0 {
		base = set.Versions[n-1].Version
	}
	v, err := e.Svc.Planning.SavePlan(ctx, e.User, period, base, cells, "CSV")
	if err != nil {
		return err
	}
	if p.has("publish") {
		if v, err = e.Svc.Planning.PublishPlan(ctx, e.User, period, v.Version); err != nil {
			return err
		}
	}
	fmt.Fprintln(e.Stdout, e.t("cli.plan_imported", len(cells), period.String(), v.Version))
	return nil
}

func dateArg(e *Env, p parsed) (model.Date, error) {
	if len(p.pos) == 0 {
		return e.Svc.Calendar.DateOf(e.Svc.Clock.Now()), nil
	}
	return model.ParseDate(p.pos[0])
}

func runShortfallShow(ctx context.Context, e *Env, p parsed) error {
	d, err := dateArg(e, p)
	if err != nil {
		return err
	}
	sf, err := e.Svc.Planning.Shortfall(ctx, d)
	if err != nil {
		return err
	}
	if outFormat(p) == fmtJSON {
		return writeJSON(e.Stdout, sf)
	}
	sh := &sheet{name: "shortfall", cols: []string{"product", "variant", "order_demand", "plan_remainder", "stock", "planned", "computed", "surplus", "figure", "reason"}}
	products, err := productMap(ctx, e)
	if err != nil {
		return err
	}
	for _, r := range sf.Rows {
		sh.add(txt(r.Product), txt(variantName(products, r.Product, r.Variant)), num(r.OrderDemand), num(r.PlanRemainder), num(r.Stock), num(r.Planned),
			num(r.Computed), num(r.Surplus), num(r.Figure), txt(r.Reason))
	}
	if outFormat(p) != fmtTable {
		return writeSheet(e, p, sh)
	}
	rows := sh.texts()
	state := e.t("cli.sf_draft")
	if !sf.Published.IsZero() {
		state = e.t("cli.published_at", sf.Published.In(e.Svc.Clock.Loc).Format("2006-01-02 15:04"), sf.PublishedBy)
	}
	fmt.Fprintln(e.Stdout, e.t("ui.plan.sf_title", sf.Date.String(), sf.Through.String())+" · "+state)
	writeTable(e.Stdout, []string{e.t("field.product"), e.t("field.variant"), e.t("ui.plan.col_demand"), e.t("ui.plan.col_remainder"),
		e.t("ui.plan.col_stock"), e.t("ui.plan.col_planned"), e.t("ui.plan.col_computed"), e.t("ui.plan.col_surplus"),
		e.t("ui.plan.col_figure"), e.t("field.reason")}, rows)
	return nil
}

func runPlanShow(ctx context.Context, e *Env, p parsed) error {
	d, err := dateArg(e, p)
	if err != nil {
		return err
	}
	plan, warnings, err := e.Svc.Planning.ProductionPlan(ctx, d)
	if err != nil {
		return err
	}
	if outFormat(p) == fmtJSON {
		return writeJSON(e.Stdout, struct {
			*model.ProductionPlan
			Warnings []model.BalanceWarning `json:"warnings"`
		}{plan, warnings})
	}
	sh := &sheet{name: "plan", cols: []string{"product", "variant", "need", "proposed", "qty", "process", "remark"}}
	products, err := productMap(ctx, e)
	if err != nil {
		return err
	}
	for _, l := range plan.Lines {
		sh.add(txt(l.Product), txt(variantName(products, l.Product, l.Variant)), num(l.Need), num(l.Proposed), num(l.Qty),
			txt(l.Process.Text().In(e.Lang)), txt(l.Remark))
	}
	if outFormat(p) != fmtTable {
		return writeSheet(e, p, sh)
	}
	rows := sh.texts()
	state := e.t("cli.pp_draft")
	if !plan.Published.IsZero() {
		state = e.t("cli.published_at", plan.Published.In(e.Svc.Clock.Loc).Format("2006-01-02 15:04"), plan.PublishedBy)
	}
	fmt.Fprintln(e.Stdout, e.t("ui.plan.pp_title", plan.Date.String())+" · "+state)
	list := make([]*model.Product, 0, len(products))
	for _, x := range products {
		list = append(list, x)
	}
	name := model.KeyNamer(list)
	for _, w := range warnings {
		fmt.Fprintln(e.Stdout, w.Message(e.Lang, name))
	}
	writeTable(e.Stdout, []string{e.t("field.product"), e.t("field.variant"), e.t("ui.plan.col_need"), e.t("ui.plan.col_proposed"),
		e.t("ui.plan.col_plan_qty"), e.t("ui.plan.col_process"), e.t("ui.plan.col_remark")}, rows)
	return nil
}

// checkDeadlines refuses --date with --month: the board shows a day or a
// month, not both.
func checkDeadlines(p parsed) error {
	_, date := p.flags["date"]
	_, month := p.flags["month"]
	if date && month {
		return model.Errorf(model.EINVALID, "cli.date_or_month")
	}
	return checkFormat(p)
}

func runDeadlines(ctx context.Context, e *Env, p parsed) error {
	from := e.Svc.Calendar.DateOf(e.Svc.Clock.Now())
	if s, ok := p.flags["date"]; ok {
		d, err := model.ParseDate(s)
		if err != nil {
			return err
		}
		from = d
	}
	to := from
	if s, ok := p.flags["month"]; ok {
		m, err := model.ParseMonth(s)
		if err != nil {
			return err
		}
		from, to = m.First(), m.Last()
	}
	items, err := e.Svc.Planning.Deadlines(ctx, from, to)
	if err != nil {
		return err
	}
	loc := e.Svc.Clock.Loc
	switch outFormat(p) {
	case fmtJSON:
		return writeJSON(e.Stdout, items)
	case fmtCSV, fmtXLSX:
		sh := &sheet{name: "deadlines", cols: []string{"due", "kind", "ref", "dept", "who", "done", "state", "late_min"}}
		for _, it := range items {
			sh.add(timeCell(it.Due, loc, time.RFC3339), txt(string(it.Kind)), txt(it.Ref), txt(string(it.Dept)), txt(it.Who),
				timeCell(it.Done, loc, time.RFC3339), txt(string(it.State)), num(int64(it.Late/time.Minute)))
		}
		return writeSheet(e, p, sh)
	}
	rows := make([][]string, len(items))
	for i, it := range items {
		done := ""
		if !it.Done.IsZero() {
			done = it.Done.In(loc).Format("2006-01-02 15:04")
		}
		state := e.t("cli.due." + string(it.State))
		if it.State == model.DueLate || it.State == model.DueMissing {
			state += " " + it.Late.Round(60e9).String()
		}
		rows[i] = []string{it.Due.In(loc).Format("2006-01-02 15:04"), e.t("ui.dl.kind." + string(it.Kind)), it.Ref,
			e.t("dept." + string(it.Dept)), it.Who, done, state}
	}
	writeTable(e.Stdout, []string{e.t("ui.dl.col_due"), e.t("ui.dl.col_kind"), e.t("ui.dl.col_ref"), e.t("ui.dl.col_dept"),
		e.t("ui.dl.col_who"), e.t("cli.col.done"), e.t("ui.dl.col_state")}, rows)
	return nil
}

func runKPIForecast(ctx context.Context, e *Env, p parsed) error {
	m, err := model.ParseMonth(p.pos[0])
	if err != nil {
		return err
	}
	a, err := e.Svc.Planning.ForecastAccuracy(ctx, m)
	if err != nil {
		return err
	}
	if p.has("json") {
		return writeJSON(e.Stdout, a)
	}
	if !a.OK {
		fmt.Fprintln(e.Stdout, e.t("cli.kpi_no_actuals", m.String(), a.Forecast))
		return nil
	}
	fmt.Fprintln(e.Stdout, m.String()+" "+e.t("ui.plan.acc_line", a.Value*100, a.Bias*100, a.Forecast, a.Actual))
	if a.Prorated != nil {
		fmt.Fprintln(e.Stdout, a.Prorated.Text(e.Lang))
	}
	rows := make([][]string, len(a.ByProduct))
	for i, pa := range a.ByProduct {
		v, b := e.t("ui.plan.no_actuals"), ""
		if pa.OK {
			v, b = fmt.Sprintf("%.1f%%", pa.Value*100), fmt.Sprintf("%.1f%%", pa.Bias*100)
		}
		rows[i] = []string{pa.Product, strconv.FormatInt(pa.Forecast, 10), strconv.FormatInt(pa.Actual, 10), v, b}
	}
	writeTable(e.Stdout, []string{e.t("field.product"), e.t("ui.plan.col_f"), e.t("ui.plan.col_a"), e.t("ui.plan.col_acc"), e.t("ui.plan.col_bias")}, rows)
	return nil
}
