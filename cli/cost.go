package cli

import (
	"context"
	"fmt"

	"xietong/model"
)

// The month's cost sheet (制造成本表, docs/DOMAIN.md#kpis) on the command
// line: `cost show` prints it with the cost target achievement it gives,
// `cost import` replaces it from a CSV file. Costs are yuan with at most
// two decimals in files and tables, fen in JSON (as stored).

// costCols are the columns of a cost sheet file; show writes the same ones,
// so its CSV imports back (the name and achievement columns are read and
// ignored: the product column says which product, by code or name).
var costCols = []column{
	{name: "product", aliases: []string{"产品编码", "产品", "编码"}, required: true},
	{name: "product_name", aliases: []string{"产品名称", "名称"}},
	{name: "target_cost", aliases: []string{"目标单位成本", "目标成本", "目标"}, required: true, field: "target"},
	{name: "actual_cost", aliases: []string{"实际单位成本", "实际成本", "实际"}, required: true, field: "actual"},
	{name: "achievement", aliases: []string{"达成率"}},
}

// yuanCell is an amount of fen shown in yuan (12.50), a number in a
// workbook; 0 is an empty cell when blank is set (a cost not known yet).
func yuanCell(fen int64, blank bool) cell {
	if fen == 0 && blank {
		return cell{}
	}
	return cell{kind: kNum, text: model.FormatYuan(fen), n: float64(fen) / 100}
}

func runCostShow(ctx context.Context, e *Env, p parsed) error {
	m, err := model.ParseMonth(p.pos[0])
	if err != nil {
		return err
	}
	cs, err := e.Svc.Meetings.CostSheet(ctx, m)
	if err != nil {
		return err
	}
	kpi, err := e.Svc.Meetings.KPI(ctx, model.KPICostTarget, m, "")
	if err != nil {
		return err
	}
	if outFormat(p) == fmtJSON {
		return writeJSON(e.Stdout, struct {
			*model.CostSheet
			KPI model.KPIValue `json:"kpi"`
		}{cs, kpi})
	}
	products, err := productMap(ctx, e)
	if err != nil {
		return err
	}
	sh := &sheet{name: "cost " + m.String(), cols: header(costCols)}
	for _, r := range cs.Rows {
		name := r.Product
		if x := products[r.Product]; x != nil {
			name = x.Name
		}
		v, ok := r.Achievement()
		sh.add(txt(r.Product), txt(name), yuanCell(r.Target, false), yuanCell(r.Actual, true), pctCell(v, ok))
	}
	if outFormat(p) != fmtTable {
		return writeSheet(e, p, sh)
	}
	if len(cs.Rows) == 0 {
		fmt.Fprintln(e.Stdout, e.t("cli.cost.none", m.String()))
		return nil
	}
	fmt.Fprintln(e.Stdout, e.t("cli.cost.head", m.String(), cs.Version, accountNames(ctx, e)(cs.UpdatedBy),
		cs.UpdatedAt.In(e.Svc.Clock.Loc).Format("2006-01-02 15:04")))
	rows := sh.texts()
	for i, r := range cs.Rows {
		if r.Actual == 0 {
			rows[i][3] = "—"
		}
		rows[i][4] = "—"
		if v, ok := r.Achievement(); ok {
			rows[i][4] = fmt.Sprintf("%.1f%%", v*100)
		}
	}
	writeTable(e.Stdout, []string{e.t("field.product"), e.t("cli.xcol.product_name"), e.t("ui.cost.col_target"), e.t("ui.cost.col_actual"),
		e.t("ui.cost.col_ratio")}, rows)
	if kpi.OK {
		fmt.Fprintln(e.Stdout, e.t("ui.cost.sum", model.FormatYuan(kpi.Num), model.FormatYuan(kpi.Den), fmt.Sprintf("%.1f%%", kpi.Value*100)))
	} else {
		fmt.Fprintln(e.Stdout, e.t("ui.cost.no_actual"))
	}
	return nil
}

// runCostImport replaces month MONTH's cost sheet with a CSV file's rows
// (all or nothing), at the version it read.
func runCostImport(ctx context.Context, e *Env, p parsed) error {
	m, err := model.ParseMonth(p.pos[0])
	if err != nil {
		return err
	}
	products, err := e.Svc.Master.Products(ctx)
	if err != nil {
		return err
	}
	rows, at, err := parseCosts(e, products)
	if err != nil {
		return err
	}
	cs, err := e.Svc.Meetings.CostSheet(ctx, m)
	if err != nil {
		return err
	}
	saved, err := e.Svc.Meetings.SaveCostSheet(ctx, e.User, m, cs.Version, rows)
	if err != nil {
		return at.translate(err)
	}
	fmt.Fprintln(e.Stdout, e.t("cli.cost.imported", len(saved.Rows), m.String(), saved.Version))
	return nil
}

// parseCosts reads and checks a cost sheet CSV: a product by code or name,
// once; a target cost and an actual one in yuan (the actual empty while
// not known).
func parseCosts(e *Env, products []*model.Product) ([]model.CostRow, *storeRows, error) {
	in, err := openCSV(e, costCols)
	if err != nil {
		return nil, nil, err
	}
	ch := newChecker(in.t)
	at := &storeRows{ch: ch}
	seen := map[string]int{}
	var out []model.CostRow
	for r := range in.rows(ch) {
		ch.row(r.line)
		ch.text(r, "product")
		var row model.CostRow
		switch typed := r.get("product"); {
		case ch.hasProblem("product"):
		case typed == "":
			ch.add("product", "val.required")
		case model.FindProduct(products, typed) == nil:
			ch.add("product", "val.cost_product", typed)
		default:
			row.Product = model.FindProduct(products, typed).Code
			if first, dup := seen[row.Product]; dup {
				ch.add("product", "cli.val.dup", first)
			} else {
				seen[row.Product] = r.line
			}
		}
		if n, err := model.ParseYuan(r.get("target_cost")); err != nil {
			ch.addErr("target_cost", err)
		} else if n == 0 {
			ch.add("target_cost", "val.cost_target_zero")
		} else {
			row.Target = n
		}
		if s := r.get("actual_cost"); s != "" {
			if n, err := model.ParseYuan(s); err != nil {
				ch.addErr("actual_cost", err)
			} else {
				row.Actual = n
			}
		}
		if ch.ok() {
			out = append(out, row)
			at.rows = append(at.rows, r.line)
		}
	}
	if err := in.done(); err != nil {
		return nil, nil, err
	}
	if err := ch.err(); err != nil {
		return nil, nil, err
	}
	return out, at, nil
}
