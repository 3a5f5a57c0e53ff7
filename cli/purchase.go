package cli

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"xietong/i18n"
	"xietong/model"
)

// Packaging materials and purchase requests (包材采购计划单) on the command
// line: production keeps the materials and the bills of materials (CSV in
// and out, round trip), the material keeper runs the requirement run, the
// production head signs, purchasing records orders and receipts. Every
// change is a model transition through the purchase service, as on the
// screens.

// materialCols are the columns of the materials CSV. The stock columns are
// what materials list writes; an import reads past them, since stock moves
// only through receipts, reports and counts.
var materialCols = []column{
	{name: "code", aliases: []string{"包材编码", "物料编码", "编码", "代码"}, required: true},
	{name: "name", aliases: []string{"包材名称", "物料名称", "名称"}, required: true},
	{name: "spec", aliases: []string{"规格", "规格型号"}},
	{name: "material_kind", aliases: []string{"类别", "包材类别", "类型", "kind"}, required: true, field: "kind"},
	{name: "unit", aliases: []string{"单位", "计量单位"}, required: true},
	{name: "marking", aliases: []string{"特殊标示", "标示"}},
	{name: "pack_size", aliases: []string{"包装量", "起订量"}, required: true},
	{name: "lead_days", aliases: []string{"采购周期", "供货周期", "lead_time"}, required: true},
	{name: "safety_stock", aliases: []string{"安全库存"}},
	{name: "supplier", aliases: []string{"供应商"}},
	{name: "on_hand", aliases: []string{"现有库存", "库存"}},
	{name: "on_order", aliases: []string{"在途", "在途数量", "open"}},
}

// bomCols are the columns of the bills of materials CSV: one row per line
// of a product variant's bill; a row without a material says the variant
// has none.
var bomCols = []column{
	{name: "product", aliases: []string{"产品编码", "产品"}, required: true},
	{name: "variant", aliases: []string{"型号"}},
	{name: "material", aliases: []string{"包材编码", "物料编码", "包材"}, required: true},
	{name: "qty", aliases: []string{"数量", "用量"}, required: true},
	{name: "per", aliases: []string{"每多少件", "每件数"}},
}

// materialRows loads every material with its stock, by code.
func materialRows(ctx context.Context, e *Env) ([]model.MaterialRow, map[string]*model.Material, error) {
	list, err := e.Svc.Purchase.Materials(ctx)
	if err != nil {
		return nil, nil, err
	}
	m := make(map[string]*model.Material, len(list))
	for _, r := range list {
		m[r.Code] = r.Material
	}
	return list, m, nil
}

// materialName is a material's name for people, its code when unknown.
func materialName(materials map[string]*model.Material, code string) string {
	if m := materials[code]; m != nil {
		return m.Name
	}
	return code
}

// parseMaterialKind reads a kind typed by its name in either language
// (包装膜, film) or its code.
func parseMaterialKind(s string) (model.MaterialKind, bool) {
	s = strings.TrimSpace(s)
	for _, k := range model.MaterialKinds {
		key := k.Text().Key
		if strings.EqualFold(s, string(k)) || s == i18n.T(i18n.ZH, key) || strings.EqualFold(s, i18n.T(i18n.EN, key)) {
			return k, true
		}
	}
	return "", false
}

// --- materials ---

func runMaterialsList(ctx context.Context, e *Env, p parsed) error {
	list, err := e.Svc.Purchase.Materials(ctx)
	if err != nil {
		return err
	}
	if outFormat(p) == fmtJSON {
		return writeJSON(e.Stdout, list)
	}
	sh := &sheet{name: "materials", cols: header(materialCols)}
	for _, m := range list {
		sh.add(txt(m.Code), txt(m.Name), txt(m.Spec), txt(m.Kind.Text().In(e.Lang)), txt(m.Unit), txt(m.Marking), num(m.PackSize),
			num(m.LeadDays), num(m.SafetyStock), txt(m.Supplier), num(m.OnHand), num(m.Open))
	}
	if outFormat(p) != fmtTable {
		return writeSheet(e, p, sh)
	}
	writeTable(e.Stdout, sh.labels(e.Lang), sh.texts())
	return nil
}

func runMaterialsImport(ctx context.Context, e *Env, _ parsed) error {
	_, stored, err := materialRows(ctx, e)
	if err != nil {
		return err
	}
	rows, at, err := parseMaterials(e, stored)
	if err != nil {
		return err
	}
	changed, err := e.Svc.Purchase.ImportMaterials(ctx, e.User, rows)
	if err != nil {
		return at.translate(err)
	}
	fmt.Fprintln(e.Stdout, e.t("cli.pu.mat_imported", len(rows), changed))
	return nil
}

// parseMaterials reads and checks a materials CSV from stdin. A safety
// stock left out (no column, or an empty cell) keeps the stored one (0 for
// a new material), so the material keeper can import without touching
// what only the production head sets.
func parseMaterials(e *Env, stored map[string]*model.Material) ([]*model.Material, *storeRows, error) {
	in, err := openCSV(e, materialCols)
	if err != nil {
		return nil, nil, err
	}
	ch := newChecker(in.t)
	seen := map[string]int{}
	out := []*model.Material{}
	at := &storeRows{ch: ch}
	for r := range in.rows(ch) {
		ch.row(r.line)
		ch.text(r, "code", "name", "spec", "material_kind", "unit", "marking", "supplier")
		m := &model.Material{Code: r.get("code"), Name: r.get("name"), Spec: r.get("spec"), Unit: r.get("unit"),
			Marking: r.get("marking"), Supplier: r.get("supplier")}
		if k, ok := parseMaterialKind(r.get("material_kind")); ok {
			m.Kind = k
		} else if !ch.hasProblem("material_kind") {
			ch.add("material_kind", "val.material_kind")
		}
		var err error
		if m.PackSize, err = model.ParseQty(r.get("pack_size")); err != nil {
			ch.addErr("pack_size", err)
		}
		lead, err := model.ParseWhole(r.get("lead_days"), 0, model.MaxMaterialLead)
		if err != nil {
			ch.addErr("lead_days", err)
		}
		m.LeadDays = int(lead)
		if old := stored[m.Code]; old != nil {
			m.SafetyStock = old.SafetyStock
		}
		if s := r.get("safety_stock"); s != "" {
			if m.SafetyStock, err = model.ParseWhole(s, 0, model.MaxQty); err != nil {
				ch.addErr("safety_stock", err)
			}
		}
		ch.addErr("", m.Validate())
		if first, dup := seen[m.Code]; dup && m.Code != "" {
			ch.add("code", "cli.val.dup", first)
		} else {
			seen[m.Code] = r.line
		}
		if ch.ok() {
			out = append(out, m)
			at.rows = append(at.rows, r.line)
		}
	}
	if err := in.done(); err != nil {
		return nil, nil, err
	}
	return out, at, ch.err()
}

// --- bills of materials ---

func checkBOMShow(p parsed) error {
	if p.has("variant") && len(p.pos) == 0 {
		return model.Errorf(model.EINVALID, "cli.pu.variant_product")
	}
	return checkFormat(p)
}

func runBOMShow(ctx context.Context, e *Env, p parsed) error {
	products, err := productMap(ctx, e)
	if err != nil {
		return err
	}
	var product, variant string
	if len(p.pos) > 0 {
		v := model.Invalid{}
		product = strings.TrimSpace(p.pos[0])
		variant = model.CheckVariant(v, "", product, p.flags["variant"], byCode(products))
		if err := v.Err(); err != nil {
			return err
		}
	}
	all, err := e.Svc.Purchase.BOMs(ctx)
	if err != nil {
		return err
	}
	var boms []*model.BOM
	for _, b := range all {
		if product == "" || b.Product == product && (!p.has("variant") || b.Variant == variant) {
			boms = append(boms, b)
		}
	}
	if outFormat(p) == fmtJSON {
		return writeJSON(e.Stdout, boms)
	}
	if outFormat(p) != fmtTable {
		sh := &sheet{name: "bom", cols: header(bomCols)}
		for _, b := range boms {
			vname := variantName(products, b.Product, b.Variant)
			if len(b.Lines) == 0 {
				sh.add(txt(b.Product), txt(vname), cell{}, cell{}, cell{})
			}
			for _, l := range b.Lines {
				sh.add(txt(b.Product), txt(vname), txt(l.Material), num(l.Qty), num(l.Per))
			}
		}
		return writeSheet(e, p, sh)
	}
	_, materials, err := materialRows(ctx, e)
	if err != nil {
		return err
	}
	var rows [][]string
	for _, b := range boms {
		name := b.Product
		if x := products[b.Product]; x != nil {
			name = x.Name
		}
		head := []string{b.Product, name, variantName(products, b.Product, b.Variant)}
		if len(b.Lines) == 0 {
			rows = append(rows, append(head, e.t("cli.pu.no_bom"), "", "", "", ""))
		}
		for i, l := range b.Lines {
			if i > 0 {
				head = []string{"", "", ""}
			}
			unit := ""
			if m := materials[l.Material]; m != nil {
				unit = m.Unit
			}
			rows = append(rows, append(head, l.Material, materialName(materials, l.Material), strconv.FormatInt(l.Qty, 10),
				strconv.FormatInt(l.Per, 10), unit))
		}
	}
	writeTable(e.Stdout, []string{e.t("field.product"), e.t("cli.col.name"), e.t("field.variant"), e.t("field.material"),
		e.t("cli.pu.col.material_name"), e.t("field.qty"), e.t("field.per"), e.t("field.unit")}, rows)
	return nil
}

func runBOMImport(ctx context.Context, e *Env, _ parsed) error {
	products, err := productMap(ctx, e)
	if err != nil {
		return err
	}
	_, materials, err := materialRows(ctx, e)
	if err != nil {
		return err
	}
	boms, nRows, at, err := parseBOMs(e, products, materials)
	if err != nil {
		return err
	}
	changed, err := e.Svc.Purchase.ImportBOMs(ctx, e.User, boms)
	if err != nil {
		return at.translate(bomFields(err))
	}
	fmt.Fprintln(e.Stdout, e.t("cli.pu.bom_imported", nRows, len(boms), changed))
	return nil
}

// bomGroup is one product variant's rows of a BOM import.
type bomGroup struct {
	bom   *model.BOM
	line  int   // its first row
	lines []int // the row of each BOM line
	empty int   // the row saying it has no bill, 0 if none
	seen  map[string]int
}

// parseBOMs reads and checks a bills of materials CSV: rows are grouped by
// product variant (in any order; an empty variant is the default one), and
// each group is the variant's whole bill. It returns the bills and how many
// rows were read.
func parseBOMs(e *Env, products map[string]*model.Product, materials map[string]*model.Material) ([]*model.BOM, int, *storeRows, error) {
	in, err := openCSV(e, bomCols)
	if err != nil {
		return nil, 0, nil, err
	}
	ch := newChecker(in.t)
	groups := map[string]*bomGroup{}
	var order []*bomGroup
	n := 0
	for r := range in.rows(ch) {
		n++
		ch.row(r.line)
		ch.text(r, "product", "variant", "material")
		v := model.Invalid{}
		product := r.get("product")
		variant := model.CheckVariant(v, "", product, r.get("variant"), byCode(products))
		ch.addErr("", v.Err())
		var g *bomGroup
		if len(v) == 0 {
			key := model.VariantKey(product, variant)
			if g = groups[key]; g == nil {
				g = &bomGroup{bom: &model.BOM{Product: product, Variant: variant, Lines: []model.BOMLine{}}, line: r.line, seen: map[string]int{}}
				groups[key] = g
				order = append(order, g)
			}
		}
		code := r.get("material")
		if code == "" {
			// A row without a material: the variant has no bill.
			for _, col := range []string{"qty", "per"} {
				if r.get(col) != "" && !ch.hasProblem("material") {
					ch.add("material", "val.required")
				}
			}
			if g != nil && !ch.hasProblem("material") {
				switch {
				case g.empty != 0:
					ch.add("product", "cli.val.dup", g.empty)
				case len(g.lines) > 0:
					ch.add("material", "cli.pu.bom_mixed", g.lines[0])
				}
			}
			if ch.ok() && g != nil {
				g.empty = r.line
			}
			continue
		}
		l := model.BOMLine{Material: code, Per: 1}
		mv := model.Invalid{}
		model.ValidateCode(mv, "material", code)
		ch.addErr("material", mv.Err())
		if len(mv) == 0 && materials[code] == nil {
			ch.add("material", "val.unknown_material", code)
		}
		if l.Qty, err = model.ParseQty(r.get("qty")); err != nil {
			ch.addErr("qty", err)
		}
		if s := r.get("per"); s != "" {
			if l.Per, err = model.ParseQty(s); err != nil {
				ch.addErr("per", err)
			}
		}
		if g != nil {
			switch first, dup := g.seen[code]; {
			case dup:
				ch.add("material", "cli.val.dup", first)
			case g.empty != 0:
				ch.add("material", "cli.pu.bom_mixed", g.empty)
			case len(g.lines) >= model.MaxBOMLines:
				ch.add("material", "val.too_many", model.MaxBOMLines)
			}
		}
		if !ch.ok() || g == nil {
			continue
		}
		g.seen[code] = r.line
		g.bom.Lines = append(g.bom.Lines, l)
		g.lines = append(g.lines, r.line)
	}
	if err := in.done(); err != nil {
		return nil, 0, nil, err
	}
	if err := ch.err(); err != nil {
		return nil, 0, nil, err
	}
	out := make([]*model.BOM, len(order))
	at := &storeRows{ch: ch}
	for i, g := range order {
		out[i] = g.bom
		at.rows = append(at.rows, g.line)
		at.lines = append(at.lines, g.lines)
	}
	return out, n, at, nil
}

// bomLineField is how the store names a line of a bill in an import's
// refusal: "row 2.row 3.qty" (the second bill, its third line).
var bomLineField = regexp.MustCompile(`^(row \d+)\.row (\d+)\.`)

// bomFields renames the fields of the store's refusal of a BOM import the
// way storeRows reads lines of a record ("row 2.lines.3.qty"), so that it
// is reported by the line of the file.
func bomFields(err error) error {
	var e *model.Error
	if !errors.As(err, &e) || len(e.Fields) == 0 {
		return err
	}
	fields := make(map[string]model.Text, len(e.Fields))
	for k, t := range e.Fields {
		fields[bomLineField.ReplaceAllString(k, "$1.lines.$2.")] = t
	}
	out := *e
	out.Fields = fields
	return &out
}

// --- purchase requests ---

// findPurchase reads a request by id or number.
func findPurchase(ctx context.Context, e *Env, ref string) (*model.PurchaseRequest, error) {
	ref = strings.TrimSpace(ref)
	if id, err := strconv.ParseUint(ref, 10, 64); err == nil {
		return e.Svc.Purchase.Request(ctx, id)
	}
	return e.Svc.Purchase.RequestByNo(ctx, ref)
}

// purchaseRunJSON is purchase run's --json: the draft (null when nothing
// is needed and none is open, or on a dry run), whether the run changed
// it, and the figures of every material.
type purchaseRunJSON struct {
	DryRun  bool                   `json:"dry_run"`
	Changed bool                   `json:"changed"`
	Request *model.PurchaseRequest `json:"request"`
	Figures []model.MaterialBasis  `json:"figures"`
}

func runPurchaseRun(ctx context.Context, e *Env, p parsed) error {
	var r *model.PurchaseRequest
	var changed bool
	var figures []model.MaterialBasis
	var err error
	if p.has("dry-run") {
		figures, err = e.Svc.Purchase.Requirements(ctx)
	} else {
		r, changed, figures, err = e.Svc.Purchase.Run(ctx, e.User)
	}
	if err != nil {
		return err
	}
	if p.has("json") {
		if figures == nil {
			figures = []model.MaterialBasis{}
		}
		return writeJSON(e.Stdout, purchaseRunJSON{DryRun: p.has("dry-run"), Changed: changed, Request: r, Figures: figures})
	}
	switch {
	case p.has("dry-run"):
		fmt.Fprintln(e.Stdout, e.t("cli.pu.dry_run"))
	case r == nil:
		fmt.Fprintln(e.Stdout, e.t("cli.pu.run_none"))
	case changed:
		fmt.Fprintln(e.Stdout, e.t("cli.pu.run_changed", r.No, r.Status.Text()))
	default:
		fmt.Fprintln(e.Stdout, e.t("cli.pu.run_same", r.No, r.Status.Text()))
	}
	_, materials, err := materialRows(ctx, e)
	if err != nil {
		return err
	}
	proposed := false
	for i := range figures {
		b := &figures[i]
		if b.Proposed <= 0 {
			continue
		}
		proposed = true
		fmt.Fprintln(e.Stdout, oneLine(e.t("cli.pu.proposal", b.Material, materialName(materials, b.Material), b.Proposed, b.Unit)))
		writeBasis(e, b, "    ")
	}
	if !proposed {
		fmt.Fprintln(e.Stdout, e.t("cli.pu.nothing"))
	}
	return nil
}

// writeBasis prints the three lines explaining a proposal, indented.
func writeBasis(e *Env, b *model.MaterialBasis, indent string) {
	for _, t := range b.Explain() {
		fmt.Fprintln(e.Stdout, indent+oneLine(t.In(e.Lang)))
	}
}

// dueState says how a request stands against its deadline (signed by 12:00
// of the next working day): on time, late, missing or not due yet; ""
// for a cancelled one.
func dueState(e *Env, r *model.PurchaseRequest) string {
	it, ok := model.PurchaseDueItem(e.Svc.Calendar, r, e.Svc.Clock.Now())
	if !ok {
		return ""
	}
	s := e.t("cli.due." + string(it.State))
	if it.State == model.DueLate || it.State == model.DueMissing {
		s += " " + it.Late.Round(time.Minute).String()
	}
	return s
}

const purchaseLayout = "2006-01-02 15:04"

func runPurchaseList(ctx context.Context, e *Env, p parsed) error {
	list, err := e.Svc.Purchase.Requests(ctx, model.PurchaseFilter{Open: p.has("open")})
	if err != nil {
		return err
	}
	if outFormat(p) == fmtJSON {
		return writeJSON(e.Stdout, list)
	}
	loc, names := e.Svc.Clock.Loc, accountNames(ctx, e)
	sh := &sheet{name: "purchases", cols: []string{"purchase_no", "status", "drafted_by", "drafted_at", "purchasing_due",
		"signed_by", "signed_at", "lines", "on_time"}}
	for _, r := range list {
		signer := ""
		if r.SignedBy != "" {
			signer = names(r.SignedBy)
		}
		sh.add(txt(r.No), txt(r.Status.Text().In(e.Lang)), txt(names(r.DraftedBy)), timeCell(r.DraftedAt, loc, purchaseLayout),
			timeCell(r.Due, loc, purchaseLayout), txt(signer), timeCell(r.SignedAt, loc, purchaseLayout), num(len(r.Lines)), txt(dueState(e, r)))
	}
	if outFormat(p) != fmtTable {
		return writeSheet(e, p, sh)
	}
	writeTable(e.Stdout, sh.labels(e.Lang), sh.texts())
	return nil
}

func runPurchaseShow(ctx context.Context, e *Env, p parsed) error {
	r, err := findPurchase(ctx, e, p.pos[0])
	if err != nil {
		return err
	}
	if p.has("json") {
		return writeJSON(e.Stdout, r)
	}
	_, materials, err := materialRows(ctx, e)
	if err != nil {
		return err
	}
	names := accountNames(ctx, e)
	if p.has("xlsx") {
		return writePurchaseForm(e, r, names, materials)
	}
	loc := e.Svc.Clock.Loc
	when := func(t time.Time) string { return unlessZero(t, t.In(loc).Format(purchaseLayout)) }
	signed := ""
	if r.SignedBy != "" {
		signed = names(r.SignedBy) + " " + when(r.SignedAt)
	}
	fmt.Fprintln(e.Stdout, e.t("cli.pu.head", r.No, r.ID, r.Version))
	rows := [][]string{
		{"  " + e.t("field.status"), r.Status.Text().In(e.Lang)},
		{"  " + e.t("cli.pu.f.drafted"), names(r.DraftedBy) + " " + when(r.DraftedAt)},
		{"  " + e.t("cli.pu.f.due"), strings.TrimSpace(when(r.Due) + " " + dueState(e, r))},
		{"  " + e.t("cli.pu.f.signer"), signed},
		{"  " + e.t("field.note"), oneLine(r.Note)},
	}
	writeTable(e.Stdout, rows[0], rows[1:])
	fmt.Fprintln(e.Stdout)
	var lines [][]string
	for i, l := range r.Lines {
		ordered := ""
		if !l.Ordered.IsZero() {
			ordered = e.t("cli.pu.ordered_on", l.Ordered.In(loc).Format("2006-01-02"), unlessZero(l.Expected, l.Expected.String()))
		}
		received := ""
		if l.Received > 0 {
			received = strconv.FormatInt(l.Received, 10)
		}
		lines = append(lines, []string{strconv.Itoa(i + 1), materialName(materials, l.Material), l.Spec, strconv.FormatInt(l.Qty, 10),
			l.Unit, l.Marking, l.NeededBy.String(), l.LineState().In(e.Lang), ordered, received})
	}
	writeTable(e.Stdout, []string{"#", e.t("cli.pu.f.material"), e.t("field.spec"), e.t("field.qty"), e.t("field.unit"),
		e.t("field.marking"), e.t("cli.pu.f.needed_by"), e.t("field.status"), e.t("cli.pu.col.ordered"), e.t("cli.pu.col.received")}, lines)
	for i := range r.Lines {
		l := &r.Lines[i]
		if !l.FromRun() && l.Reason == "" {
			continue
		}
		fmt.Fprintln(e.Stdout)
		fmt.Fprintln(e.Stdout, oneLine(e.t("cli.pu.basis_head", i+1, materialName(materials, l.Material))))
		if l.FromRun() {
			writeBasis(e, l.Basis, "    ")
		}
		if l.Reason != "" {
			fmt.Fprintln(e.Stdout, "    "+oneLine(e.t("cli.pu.reason", l.Qty, l.Proposed, l.Reason)))
		}
	}
	fmt.Fprintln(e.Stdout)
	var hist [][]string
	for _, h := range r.History {
		text := h.Text
		switch h.Kind {
		case model.PuEvRun: // the run records how many lines it left
			text = e.t("cli.pu.run_lines", h.Text)
		case model.PuEvOrder, model.PuEvReceive: // "CODE · date", "CODE +qty"
			if code, rest, ok := strings.Cut(text, " "); ok {
				text = materialName(materials, code) + " " + rest
			}
		}
		hist = append(hist, []string{h.At.In(loc).Format(purchaseLayout), names(h.By), h.Kind.Text().In(e.Lang), oneLine(text)})
	}
	writeTable(e.Stdout, []string{e.t("field.time"), e.t("field.by"), e.t("field.event"), e.t("field.text")}, hist)
	return nil
}

// writePurchaseForm writes the request as the paper form (包材采购计划单):
// its title, the header fields, then one row per line.
func writePurchaseForm(e *Env, r *model.PurchaseRequest, names func(string) string, materials map[string]*model.Material) error {
	if err := binaryOK(e); err != nil {
		return err
	}
	loc := e.Svc.Clock.Loc
	f := excelize.NewFile()
	defer f.Close()
	name := e.t("cli.pu.f.title")
	var err error
	keep := func(e error) {
		if err == nil {
			err = e
		}
	}
	keep(f.SetSheetName("Sheet1", name))
	style := func(st *excelize.Style) int {
		id, e := f.NewStyle(st)
		keep(e)
		return id
	}
	dateFmt, timeFmt := "yyyy-mm-dd", "yyyy-mm-dd hh:mm"
	border := []excelize.Border{{Type: "left", Color: "808080", Style: 1}, {Type: "right", Color: "808080", Style: 1},
		{Type: "top", Color: "808080", Style: 1}, {Type: "bottom", Color: "808080", Style: 1}}
	titleStyle := style(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 16}, Alignment: &excelize.Alignment{Horizontal: "center"}})
	label := style(&excelize.Style{Font: &excelize.Font{Bold: true}})
	head := style(&excelize.Style{Font: &excelize.Font{Bold: true}, Border: border,
		Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E7EEF7"}}, Alignment: &excelize.Alignment{Horizontal: "center"}})
	// The table's cells are framed; the header fields' are not.
	styles := map[cellKind]int{
		kText: style(&excelize.Style{Border: border, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}}),
		kNum:  style(&excelize.Style{Border: border}),
		kDate: style(&excelize.Style{Border: border, CustomNumFmt: &dateFmt}),
	}
	plain := map[cellKind]int{kTime: style(&excelize.Style{CustomNumFmt: &timeFmt})}
	put := func(col, row int, c cell, st int) {
		ref, e := excelize.CoordinatesToCellName(col, row)
		keep(e)
		switch c.kind {
		case kNum:
			keep(f.SetCellValue(name, ref, c.n))
		case kDate, kTime:
			keep(f.SetCellValue(name, ref, c.t))
		default:
			if c.text != "" {
				keep(f.SetCellValue(name, ref, safe(c.text)))
			}
		}
		if st != 0 {
			keep(f.SetCellStyle(name, ref, ref, st))
		}
	}
	cols := []string{"seq", "material", "spec", "qty", "unit", "marking", "needed_by", "remark"}
	put(1, 1, txt(name), titleStyle)
	keep(f.MergeCell(name, "A1", "H1"))
	signer := ""
	if r.SignedBy != "" {
		signer = names(r.SignedBy)
	}
	for i, hf := range [][4]cell{
		{txt(e.t("cli.pu.f.no")), txt(r.No), txt(e.t("field.status")), txt(r.Status.Text().In(e.Lang))},
		{txt(e.t("cli.pu.f.drafted")), txt(names(r.DraftedBy)), txt(e.t("cli.pu.f.drafted_at")), timeCell(r.DraftedAt, loc, purchaseLayout)},
		{txt(e.t("cli.pu.f.due")), timeCell(r.Due, loc, purchaseLayout), txt(e.t("cli.pu.f.on_time")), txt(dueState(e, r))},
		{txt(e.t("cli.pu.f.signer")), txt(signer), txt(e.t("cli.pu.f.signed_at")), timeCell(r.SignedAt, loc, purchaseLayout)},
	} {
		put(1, i+2, hf[0], label)
		put(2, i+2, hf[1], plain[hf[1].kind])
		put(4, i+2, hf[2], label)
		put(5, i+2, hf[3], plain[hf[3].kind])
	}
	top := 7
	if r.Note != "" {
		put(1, 6, txt(e.t("field.note")), label)
		put(2, 6, txt(r.Note), 0)
		top = 8
	}
	for i, c := range cols {
		put(i+1, top, txt(e.t("cli.pu.f."+c)), head)
	}
	for i, l := range r.Lines {
		row := []cell{num(i + 1), txt(materialName(materials, l.Material)), txt(l.Spec), num(l.Qty), txt(l.Unit), txt(l.Marking),
			dateCell(l.NeededBy), txt(l.Reason)}
		for j, c := range row {
			put(j+1, top+1+i, c, styles[c.kind])
		}
	}
	for i, w := range []float64{18, 30, 24, 12, 18, 14, 14, 30} {
		c, e := excelize.ColumnNumberToName(i + 1)
		keep(e)
		keep(f.SetColWidth(name, c, c, w))
	}
	if err != nil {
		return err
	}
	_, err = f.WriteTo(e.Stdout)
	return err
}

// changePurchase applies a transition to the request named by the first
// argument, read for its version, and says where it stands.
func changePurchase(ctx context.Context, e *Env, p parsed, change model.PurchaseChange, done func(r *model.PurchaseRequest) string) error {
	r, err := findPurchase(ctx, e, p.pos[0])
	if err != nil {
		return err
	}
	if r, err = e.Svc.Purchase.ChangeRequest(ctx, e.User, r.ID, r.Version, change); err != nil {
		return err
	}
	if p.has("json") {
		return writeJSON(e.Stdout, r)
	}
	fmt.Fprintln(e.Stdout, oneLine(done(r)))
	return nil
}

// purchaseNow is the usual answer of a change: the request and its status.
func purchaseNow(e *Env) func(r *model.PurchaseRequest) string {
	return func(r *model.PurchaseRequest) string { return e.t("cli.pu.now", r.No, r.Status.Text()) }
}

func runPurchaseSign(ctx context.Context, e *Env, p parsed) error {
	return changePurchase(ctx, e, p, func(by *model.User, r *model.PurchaseRequest, _ model.MaterialLookup) error {
		return r.Sign(by, e.Svc.Clock.Now())
	}, purchaseNow(e))
}

func runPurchaseCancel(ctx context.Context, e *Env, p parsed) error {
	return changePurchase(ctx, e, p, func(by *model.User, r *model.PurchaseRequest, _ model.MaterialLookup) error {
		return r.Cancel(by, e.Svc.Clock.Now(), p.flags["reason"])
	}, purchaseNow(e))
}

// materialLabel names a material for people with its code: "外箱 (T-BOX)".
func materialLabel(ctx context.Context, e *Env, code string) string {
	if m, err := e.Svc.Purchase.Material(ctx, code); err == nil {
		return m.Name + " (" + code + ")"
	}
	return code
}

// lineFlag reads --line, a line of a request from 1.
func lineFlag(p parsed) (int, error) {
	n, err := model.ParseWhole(p.flags["line"], 1, model.MaxPurchaseLines)
	return int(n), model.FieldError("line_no", err)
}

func checkPurchaseOrder(p parsed) error {
	if _, err := lineFlag(p); err != nil {
		return err
	}
	_, err := model.ParseDate(p.flags["expected"])
	return model.FieldError("expected", err)
}

func runPurchaseOrder(ctx context.Context, e *Env, p parsed) error {
	n, _ := lineFlag(p)
	expected, _ := model.ParseDate(p.flags["expected"])
	return changePurchase(ctx, e, p, func(by *model.User, r *model.PurchaseRequest, _ model.MaterialLookup) error {
		return r.Order(by, e.Svc.Clock.Now(), e.Svc.Calendar, n, expected)
	}, func(r *model.PurchaseRequest) string {
		l := r.Lines[n-1]
		return e.t("cli.pu.ordered", r.No, n, materialLabel(ctx, e, l.Material), l.Expected.String())
	})
}

func checkPurchaseReceive(p parsed) error {
	if _, err := lineFlag(p); err != nil {
		return err
	}
	_, err := model.ParseQty(p.flags["qty"])
	return model.FieldError("qty", err)
}

func runPurchaseReceive(ctx context.Context, e *Env, p parsed) error {
	n, _ := lineFlag(p)
	qty, _ := model.ParseQty(p.flags["qty"])
	return changePurchase(ctx, e, p, func(by *model.User, r *model.PurchaseRequest, _ model.MaterialLookup) error {
		return r.Receive(by, e.Svc.Clock.Now(), n, qty, p.flags["reason"])
	}, func(r *model.PurchaseRequest) string {
		l := &r.Lines[n-1]
		return e.t("cli.pu.received", r.No, n, materialLabel(ctx, e, l.Material), qty, l.Unit, l.Received, l.Qty, l.LineState(), r.Status.Text())
	})
}
