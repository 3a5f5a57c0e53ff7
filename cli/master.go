package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"xietong/model"
)

// Master data: customers, products and finished-goods stock.

var customerCols = []column{
	{name: "code", aliases: []string{"客户编码", "客户代码", "编码", "代码"}, required: true},
	{name: "name", aliases: []string{"客户名称", "客户全称", "名称"}, required: true},
	{name: "region", aliases: []string{"区域", "地区", "销售区域", "所属区域"}},
	{name: "grade", aliases: []string{"等级", "客户等级", "客户分类", "客户分类等级", "分类"}, required: true},
}

var productCols = []column{
	{name: "code", aliases: []string{"产品编码", "物料编码", "产品代码", "物料代码", "编码"}, required: true},
	{name: "name", aliases: []string{"产品名称", "物料名称", "品名", "名称"}, required: true},
	{name: "spec", aliases: []string{"规格", "规格型号"}},
	{name: "unit", aliases: []string{"单位", "计量单位"}, required: true},
	{name: "family", aliases: []string{"系列", "产品系列"}},
	{name: "variants", aliases: []string{"型号", "型号列表"}},
	{name: "default_variant", aliases: []string{"默认型号"}},
	{name: "economic_batch", aliases: []string{"经济批量"}, required: true},
	{name: "daily_capacity", aliases: []string{"日产能"}, required: true},
	{name: "lead_time_days", aliases: []string{"生产准备期", "准备期", "提前期", "lead_time"}, required: true, field: "lead_time"},
}

var stockCols = []column{
	{name: "product", aliases: []string{"产品编码", "物料编码", "产品", "编码"}, required: true},
	{name: "variant", aliases: []string{"型号"}},
	{name: "qty", aliases: []string{"数量", "库存", "库存数量", "结存数量"}, required: true},
}

func header(cols []column) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.name
	}
	return out
}

// --- customers ---

func runCustomersList(ctx context.Context, e *Env, p parsed) error {
	list, err := e.Svc.Master.Customers(ctx)
	if err != nil {
		return err
	}
	sh := &sheet{name: "customers", cols: header(customerCols)}
	for _, c := range list {
		sh.add(txt(c.Code), txt(c.Name), txt(c.Region), txt(string(c.Grade)))
	}
	switch outFormat(p) {
	case fmtJSON:
		return writeJSON(e.Stdout, list)
	case fmtCSV, fmtXLSX:
		return writeSheet(e, p, sh)
	}
	writeTable(e.Stdout, []string{e.t("field.code"), e.t("cli.col.name"), e.t("field.region"), e.t("field.grade")}, sh.texts())
	return nil
}

func runCustomersImport(ctx context.Context, e *Env, _ parsed) error {
	rows, at, err := parseCustomers(e)
	if err != nil {
		return err
	}
	if err := e.Svc.Master.ImportCustomers(ctx, e.User, rows); err != nil {
		return at.translate(err)
	}
	fmt.Fprintln(e.Stdout, e.t("cli.imported", len(rows)))
	return nil
}

// parseCustomers reads and checks a customers CSV from stdin.
func parseCustomers(e *Env) ([]*model.Customer, *storeRows, error) {
	in, err := openCSV(e, customerCols)
	if err != nil {
		return nil, nil, err
	}
	t := in.t
	ch := newChecker(t)
	seen := map[string]int{}
	out := []*model.Customer{}
	at := &storeRows{ch: ch}
	for r := range in.rows(ch) {
		ch.row(r.line)
		ch.text(r, "code", "name", "region", "grade")
		c := &model.Customer{Code: r.get("code"), Name: r.get("name"), Region: r.get("region"),
			Grade: model.Grade(strings.ToUpper(r.get("grade")))}
		ch.addErr("", c.Validate())
		if first, dup := seen[c.Code]; dup && c.Code != "" {
			ch.add("code", "cli.val.dup", first)
		} else {
			seen[c.Code] = r.line
		}
		if ch.ok() {
			out = append(out, c)
			at.rows = append(at.rows, r.line)
		}
	}
	if err := in.done(); err != nil {
		return nil, nil, err
	}
	return out, at, ch.err()
}

// --- products ---

func runProductsList(ctx context.Context, e *Env, p parsed) error {
	list, err := e.Svc.Master.Products(ctx)
	if err != nil {
		return err
	}
	if outFormat(p) == fmtJSON {
		return writeJSON(e.Stdout, list)
	}
	sh := &sheet{name: "products", cols: header(productCols)}
	for _, x := range list {
		sh.add(txt(x.Code), txt(x.Name), txt(x.Spec), txt(x.Unit), txt(x.Family), txt(model.VariantsText(x.Variants)), txt(x.VariantName(x.DefaultVariant)),
			num(x.EconomicBatch), num(x.DailyCapacity), num(x.LeadTimeDays))
	}
	if outFormat(p) != fmtTable {
		return writeSheet(e, p, sh)
	}
	rows := sh.texts()
	writeTable(e.Stdout, []string{e.t("field.code"), e.t("cli.col.name"), e.t("field.spec"), e.t("field.unit"),
		e.t("field.family"), e.t("field.variants"), e.t("cli.col.default"), e.t("field.economic_batch"), e.t("field.daily_capacity"),
		e.t("cli.col.lead_days")}, rows)
	return nil
}

func runProductsImport(ctx context.Context, e *Env, _ parsed) error {
	rows, at, err := parseProducts(e)
	if err != nil {
		return err
	}
	if err := e.Svc.Master.ImportProducts(ctx, e.User, rows); err != nil {
		return at.translate(err)
	}
	fmt.Fprintln(e.Stdout, e.t("cli.imported", len(rows)))
	return nil
}

// parseProducts reads and checks a products CSV from stdin. An empty
// default_variant means the first variant listed.
func parseProducts(e *Env) ([]*model.Product, *storeRows, error) {
	in, err := openCSV(e, productCols)
	if err != nil {
		return nil, nil, err
	}
	t := in.t
	ch := newChecker(t)
	seen := map[string]int{}
	out := []*model.Product{}
	at := &storeRows{ch: ch}
	for r := range in.rows(ch) {
		ch.row(r.line)
		ch.text(r, "code", "name", "spec", "unit", "family", "variants", "default_variant")
		p := &model.Product{Code: r.get("code"), Name: r.get("name"), Spec: r.get("spec"), Unit: r.get("unit"),
			Family: r.get("family"), Variants: model.ParseVariants(r.get("variants"))}
		p.DefaultVariant = model.DefaultVariantOf(p.Variants, r.get("default_variant"))
		// A number that does not parse is reported as read; Validate adds
		// nothing more for a column that already has a problem.
		var err error
		if p.EconomicBatch, err = model.ParseQty(r.get("economic_batch")); err != nil {
			ch.addErr("economic_batch", err)
		}
		if p.DailyCapacity, err = model.ParseQty(r.get("daily_capacity")); err != nil {
			ch.addErr("daily_capacity", err)
		}
		lead, err := model.ParseWhole(r.get("lead_time_days"), 0, model.MaxLeadTimeDays)
		if err != nil {
			ch.addErr("lead_time_days", err)
		}
		p.LeadTimeDays = int(lead)
		ch.addErr("", p.Validate())
		if first, dup := seen[p.Code]; dup && p.Code != "" {
			ch.add("code", "cli.val.dup", first)
		} else {
			seen[p.Code] = r.line
		}
		if ch.ok() {
			out = append(out, p)
			at.rows = append(at.rows, r.line)
		}
	}
	if err := in.done(); err != nil {
		return nil, nil, err
	}
	return out, at, ch.err()
}

// --- stock ---

func runStockList(ctx context.Context, e *Env, p parsed) error {
	list, err := e.Svc.Master.Stocks(ctx)
	if err != nil {
		return err
	}
	if outFormat(p) == fmtJSON {
		return writeJSON(e.Stdout, list)
	}
	products, err := productMap(ctx, e)
	if err != nil {
		return err
	}
	if outFormat(p) != fmtTable {
		sh := &sheet{name: "stock", cols: header(stockCols)}
		for _, s := range list {
			sh.add(txt(s.ProductCode), txt(variantName(products, s.ProductCode, s.Variant)), num(s.Qty))
		}
		return writeSheet(e, p, sh)
	}
	rows := make([][]string, len(list))
	loc := e.Svc.Clock.Loc
	for i, s := range list {
		name, unit := "", ""
		if x := products[s.ProductCode]; x != nil {
			name, unit = x.Name, x.Unit
		}
		updated := ""
		if !s.UpdatedAt.IsZero() {
			updated = s.UpdatedAt.In(loc).Format("2006-01-02 15:04") + " " + s.UpdatedBy
		}
		rows[i] = []string{s.ProductCode, name, variantName(products, s.ProductCode, s.Variant), strconv.FormatInt(s.Qty, 10), unit, updated}
	}
	writeTable(e.Stdout, []string{e.t("field.product"), e.t("cli.col.name"), e.t("field.variant"), e.t("field.qty"),
		e.t("field.unit"), e.t("cli.col.updated")}, rows)
	return nil
}

// stockReason is the default reason of a stock import.
const stockReason = "CSV import"

func checkStockImport(p parsed) error {
	if err := checkImport(p); err != nil {
		return err
	}
	if r, ok := p.flags["reason"]; ok {
		v := model.Invalid{}
		model.ValidateText(v, "reason", r, true, model.MaxReasonLen, false)
		return v.Err()
	}
	return nil
}

func runStockImport(ctx context.Context, e *Env, p parsed) error {
	reason := stockReason
	if r, ok := p.flags["reason"]; ok {
		reason = strings.TrimSpace(r)
	}
	products, err := productMap(ctx, e)
	if err != nil {
		return err
	}
	rows, at, err := parseStock(e, products)
	if err != nil {
		return err
	}
	if err := e.Svc.Master.ImportStock(ctx, e.User, rows, reason); err != nil {
		return at.translate(err)
	}
	fmt.Fprintln(e.Stdout, e.t("cli.imported", len(rows)))
	return nil
}

// productMap loads every product by code.
func productMap(ctx context.Context, e *Env) (map[string]*model.Product, error) {
	list, err := e.Svc.Master.Products(ctx)
	if err != nil {
		return nil, err
	}
	m := make(map[string]*model.Product, len(list))
	for _, p := range list {
		m[p.Code] = p
	}
	return m, nil
}

// variantName is the name of product code's variant for people (the
// variant as given when the product is not known).
func variantName(products map[string]*model.Product, code, variant string) string {
	if x := products[code]; x != nil {
		return x.VariantName(variant)
	}
	return variant
}

// byCode looks products up in a productMap.
func byCode(products map[string]*model.Product) model.ProductLookup {
	return func(code string) *model.Product { return products[code] }
}

// parseStock reads and checks a stock count CSV: each row sets the stock of
// a product variant (the product's default variant when empty) to qty,
// which may be 0.
func parseStock(e *Env, products map[string]*model.Product) ([]*model.Stock, *storeRows, error) {
	in, err := openCSV(e, stockCols)
	if err != nil {
		return nil, nil, err
	}
	t := in.t
	ch := newChecker(t)
	seen := map[[2]string]int{}
	out := []*model.Stock{}
	at := &storeRows{ch: ch}
	for r := range in.rows(ch) {
		ch.row(r.line)
		ch.text(r, "product", "variant")
		s := &model.Stock{ProductCode: r.get("product"), Variant: r.get("variant")}
		v := model.Invalid{}
		// The variant by code or name; an unknown one is refused by name.
		s.Variant = model.CheckVariant(v, "", s.ProductCode, s.Variant, byCode(products))
		ch.addErr("", v.Err())
		if n, err := model.ParseWhole(r.get("qty"), 0, model.MaxQty); err != nil {
			ch.addErr("qty", err)
		} else {
			s.Qty = n
		}
		key := [2]string{s.ProductCode, s.Variant}
		if first, dup := seen[key]; dup && len(v) == 0 {
			ch.add("product", "cli.val.dup", first)
		} else if len(v) == 0 {
			seen[key] = r.line
		}
		if ch.ok() {
			out = append(out, s)
			at.rows = append(at.rows, r.line)
		}
	}
	if err := in.done(); err != nil {
		return nil, nil, err
	}
	return out, at, ch.err()
}
