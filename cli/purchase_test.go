package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"xietong/model"
	"xietong/store"
)

// purchaseWorld is a real store on the fake world's Thursday morning with
// the production head (prod), the material keeper (store), a buyer and
// the products P001 (variants mark, plain) and P002 (none): the purchase
// commands run against the store's transitions, not a fake of them.
type purchaseWorld struct {
	svc   model.Services
	clock *model.Clock
	users map[string]*model.User
}

func newPurchaseWorld(t *testing.T) *purchaseWorld {
	t.Helper()
	clock := &model.Clock{Loc: shanghai()}
	clock.Set(testNow)
	db, err := store.Open(filepath.Join(t.TempDir(), "xietong.db"), store.Options{Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	w := &purchaseWorld{svc: db.Services(), clock: clock, users: map[string]*model.User{}}
	ctx := t.Context()
	for _, u := range []*model.User{uProd, uStore, uBuyer, uSales} {
		saved, err := db.CreateUser(ctx, nil, &model.User{Login: u.Login, Name: u.Name, Dept: u.Dept, Role: u.Role})
		if err != nil {
			t.Fatal(err)
		}
		w.users[u.Login] = saved
	}
	for _, p := range []model.Product{
		{Code: "P001", Name: "18g 香辣鱼豆腐", Unit: "件", Variants: []model.Variant{{Code: "mark", Name: "带一元标示"}, {Code: "plain", Name: "无一元标示"}},
			DefaultVariant: "mark", EconomicBatch: 200, DailyCapacity: 800, LeadTimeDays: 1},
		{Code: "P002", Name: "18g 糖醋味鱼丸", Unit: "件", EconomicBatch: 100, DailyCapacity: 500, LeadTimeDays: 2},
	} {
		if _, err := db.SaveProduct(ctx, w.users["prod"], &p); err != nil {
			t.Fatal(err)
		}
	}
	return w
}

// run executes a command as login in lang with stdin.
func (w *purchaseWorld) run(t *testing.T, login, lang, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	e := &Env{Svc: w.svc, User: w.users[login], Lang: lang, Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb}
	code := Run(context.Background(), e, args)
	return code, out.String(), errb.String()
}

// must runs a command that has to succeed and returns its output.
func (w *purchaseWorld) must(t *testing.T, login, lang, stdin string, args ...string) string {
	t.Helper()
	code, out, errs := w.run(t, login, lang, stdin, args...)
	if code != 0 {
		t.Fatalf("%s %q: exit %d, err %q", login, args, code, errs)
	}
	return out
}

// rawKey finds a catalogue key printed as it is (a missing entry).
var rawKey = regexp.MustCompile(`\b(cli|field|val|err|purchase|material)\.[a-z_]+\.?[a-z_]*\b`)

func noRawKeys(t *testing.T, what, out string) {
	t.Helper()
	if k := rawKey.FindString(out); k != "" {
		t.Errorf("%s shows the bare key %q:\n%s", what, k, out)
	}
}

// The materials the tests start from: a film with a safety stock of 25 in
// packs of 10, and a carton.
const testMaterials = "包材编码,包材名称,规格,类别,单位,特殊标示,包装量,采购周期,安全库存,供应商\n" +
	"T-FILM,香辣鱼豆腐包装膜,宽 240mm,包装膜,卷,一元标示,10,3,25,华彩印务\n" +
	"T-BOX,外箱,,carton,个,,100,2,,\n"

func TestMaterialsImportAndList(t *testing.T) {
	w := newPurchaseWorld(t)
	// The keeper may not set a safety stock; the store refuses the row and
	// the refusal names the line and the column.
	code, out, errs := w.run(t, "store", "en", testMaterials, "materials", "import", "--csv")
	if code != ExitError || out != "" || errs != "xietong: 1 bad row(s), nothing imported\nline 2: 安全库存: the safety stock is set by the production head\n" {
		t.Fatalf("keeper sets a safety stock: %d %q %q", code, out, errs)
	}
	if out := w.must(t, "prod", "zh", testMaterials, "materials", "import", "--csv"); out != "已导入 2 行，2 项有变化\n" {
		t.Fatalf("import: %q", out)
	}
	// Without the column, the keeper's import keeps the safety stock.
	in := "code,name,material_kind,unit,pack_size,lead_days\nT-FILM,香辣鱼豆腐包装膜（新版）,Film,卷,10,3\n"
	if out := w.must(t, "store", "en", in, "materials", "import", "--csv"); out != "imported 1 rows, 1 changed\n" {
		t.Fatalf("keeper's import: %q", out)
	}
	m, err := w.svc.Purchase.Material(t.Context(), "T-FILM")
	if err != nil || m.SafetyStock != 25 || m.Kind != model.MatFilm || m.Name != "香辣鱼豆腐包装膜（新版）" || m.Spec != "" {
		t.Fatalf("film after the keeper's import: %+v %v", m, err)
	}

	// Bad rows are all reported, nothing imported.
	bad := "code,name,material_kind,unit,pack_size,lead_days,safety_stock\n" +
		"T-X,x,塑料,个,10,1,\n" +
		"T-Y,y,bag,个,0,400,\n" +
		"T-X,x,bag,个,1,1,-1\n"
	code, _, errs = w.run(t, "prod", "en", bad, "materials", "import", "--csv")
	want := "xietong: 3 bad row(s), nothing imported\n" +
		"line 2: material_kind: the kind is film, bag, carton, label or other\n" +
		"line 3: pack_size: must be greater than 0; lead_days: a whole number from 0 to 365\n" +
		"line 4: code: same as line 2; safety_stock: a whole number from 0 to 10000000\n"
	if code != ExitError || errs != want {
		t.Errorf("bad rows: %d\n%s\nwant\n%s", code, errs, want)
	}

	// The list names the kind in the reader's language; its CSV imports back
	// unchanged.
	out = w.must(t, "store", "en", "", "materials", "list")
	if !strings.HasPrefix(out, "code    name") || !strings.Contains(out, "T-BOX   外箱") || !strings.Contains(out, "carton") ||
		!strings.Contains(out, "safety_stock") || !strings.Contains(out, "on_order") {
		t.Errorf("en table:\n%s", out)
	}
	out = w.must(t, "store", "zh", "", "materials", "list")
	if !strings.Contains(out, "包装膜") || !strings.Contains(out, "纸箱彩盒") || !strings.Contains(out, "安全库存") {
		t.Errorf("zh table:\n%s", out)
	}
	noRawKeys(t, "materials list", out)
	csvOut := w.must(t, "store", "zh", "", "materials", "list", "--csv")
	wantCSV := "code,name,spec,material_kind,unit,marking,pack_size,lead_days,safety_stock,supplier,on_hand,on_order\r\n" +
		"T-BOX,外箱,,纸箱彩盒,个,,100,2,0,,0,0\r\n" +
		"T-FILM,香辣鱼豆腐包装膜（新版）,,包装膜,卷,,10,3,25,,0,0\r\n"
	if csvOut != wantCSV {
		t.Errorf("csv:\n%q\nwant\n%q", csvOut, wantCSV)
	}
	if out := w.must(t, "store", "en", csvOut, "materials", "import", "--csv"); out != "imported 2 rows, 0 changed\n" {
		t.Errorf("round trip: %q", out)
	}
	// The workbook has the Chinese headers for zh, numbers as numbers.
	f := openXLSX(t, w.must(t, "store", "zh", "", "materials", "list", "--xlsx"))
	rowsX, err := f.GetRows("materials")
	if err != nil || len(rowsX) != 3 || strings.Join(rowsX[0], ",") != "编码,名称,规格,类别,单位,特殊标示,包装量,采购周期（天）,安全库存,供应商,现有库存,在途" {
		t.Errorf("workbook rows %q %v", rowsX, err)
	}
	checkNumber(t, f, "materials", "I3", 25)
	var rows []map[string]any
	if err := json.Unmarshal([]byte(w.must(t, "store", "en", "", "materials", "list", "--json")), &rows); err != nil ||
		len(rows) != 2 || rows[1]["code"] != "T-FILM" || rows[1]["kind"] != "film" || rows[1]["on_hand"] != 0.0 {
		t.Errorf("json: %v %v", rows, err)
	}
	// Someone outside production may not import at all.
	if code, _, errs := w.run(t, "buyer", "en", testMaterials, "materials", "import", "--csv"); code != ExitError ||
		errs != "xietong: only production staff may keep materials, bills of materials and material stock\n" {
		t.Errorf("buyer imports: %d %q", code, errs)
	}
}

func TestBOMShowAndImport(t *testing.T) {
	w := newPurchaseWorld(t)
	w.must(t, "prod", "en", testMaterials, "materials", "import", "--csv")
	// P001's marked variant by name, P001 plain without a bill, P002 by
	// itself; the rows of a variant need not be together.
	in := "产品编码,型号,包材编码,数量,每多少件\n" +
		"P001,带一元标示,T-FILM,1,25\n" +
		"P002,,T-BOX,1,\n" +
		"P001,mark,T-BOX,1,1\n" +
		"P001,plain,,,\n"
	if out := w.must(t, "store", "zh", in, "bom", "import", "--csv"); out != "已导入 4 行，3 个产品型号，2 个有变化\n" {
		t.Fatalf("import: %q", out)
	}
	b, err := w.svc.Purchase.BOM(t.Context(), "P001", "mark")
	if err != nil || len(b.Lines) != 2 || b.Lines[1] != (model.BOMLine{Material: "T-FILM", Qty: 1, Per: 25}) {
		t.Fatalf("P001 mark: %+v %v", b, err)
	}

	out := w.must(t, "store", "en", "", "bom", "show")
	for _, want := range []string{"P001     18g 香辣鱼豆腐  带一元标示  T-BOX     外箱", "T-FILM    香辣鱼豆腐包装膜  1         25         卷", "无一元标示  no BOM"} {
		if !strings.Contains(out, want) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	noRawKeys(t, "bom show", w.must(t, "store", "zh", "", "bom", "show"))
	csvOut := w.must(t, "store", "en", "", "bom", "show", "--csv")
	wantCSV := "product,variant,material,qty,per\r\n" +
		"P001,带一元标示,T-BOX,1,1\r\n" +
		"P001,带一元标示,T-FILM,1,25\r\n" +
		"P001,无一元标示,,,\r\n" +
		"P002,,T-BOX,1,1\r\n"
	if csvOut != wantCSV {
		t.Errorf("csv:\n%q\nwant\n%q", csvOut, wantCSV)
	}
	if out := w.must(t, "store", "en", csvOut, "bom", "import", "--csv"); out != "imported 4 rows for 3 product variants, 0 changed\n" {
		t.Errorf("round trip: %q", out)
	}
	f := openXLSX(t, w.must(t, "store", "zh", "", "bom", "show", "--xlsx"))
	if rows, err := f.GetRows("bom"); err != nil || len(rows) != 5 || strings.Join(rows[0], ",") != "产品编码,型号,包材编码,数量,每多少件" {
		t.Errorf("workbook rows %q %v", rows, err)
	}
	checkNumber(t, f, "bom", "E3", 25)
	// One product, one variant.
	if out := w.must(t, "store", "en", "", "bom", "show", "P001", "--variant", "plain", "--csv"); out != "product,variant,material,qty,per\r\nP001,无一元标示,,,\r\n" {
		t.Errorf("one variant: %q", out)
	}
	var boms []model.BOM
	if err := json.Unmarshal([]byte(w.must(t, "store", "en", "", "bom", "show", "P001", "--json")), &boms); err != nil || len(boms) != 2 {
		t.Errorf("json: %+v %v", boms, err)
	}
	if code, _, errs := w.run(t, "store", "en", "", "bom", "show", "P009"); code != ExitError || errs != "xietong: invalid input: product: no product with code P009\n" {
		t.Errorf("unknown product: %d %q", code, errs)
	}
	if code, _, errs := w.run(t, "store", "en", "", "bom", "show", "--variant", "mark"); code != ExitUsage || errs != "xietong: --variant needs a product code\n" {
		t.Errorf("variant alone: %d %q", code, errs)
	}

	// Every bad row is reported by its line; nothing is imported.
	bad := "product,variant,material,qty,per\n" +
		"P001,mark,T-NOPE,1,1\n" +
		"P001,mark,T-FILM,0,1\n" +
		"P001,plain,T-BOX,1,1\n" +
		"P001,plain,,,\n" +
		"P002,,T-BOX,1,\n" +
		"P002,,T-BOX,2,\n" +
		"P003,,T-BOX,1,\n" +
		"P002,,,1,\n"
	code, _, errs := w.run(t, "store", "en", bad, "bom", "import", "--csv")
	want := "xietong: 6 bad row(s), nothing imported\n" +
		"line 2: material: no material with code T-NOPE\n" +
		"line 3: qty: must be greater than 0\n" +
		"line 5: material: the variant is also on line 4: list its materials, or give one row without a material for none\n" +
		"line 7: material: same as line 6\n" +
		"line 8: product: no product with code P003\n" +
		"line 9: material: required\n"
	if code != ExitError || errs != want {
		t.Errorf("bad rows: %d\n%s\nwant\n%s", code, errs, want)
	}
	if b, _ := w.svc.Purchase.BOM(t.Context(), "P002", ""); len(b.Lines) != 1 || b.Lines[0].Qty != 1 {
		t.Errorf("P002 changed by a refused import: %+v", b)
	}
}

// A refusal by the store names a line of a bill as "row N.row K.field";
// it is reported by the file's line like the command's own checks.
func TestBOMStoreRefusalByLine(t *testing.T) {
	ch := newChecker(&csvTable{cols: bomCols, at: map[string]int{}})
	at := &storeRows{ch: ch, rows: []int{2, 5}, lines: [][]int{{2, 3}, {5, 7}}}
	v := model.Invalid{}
	v.Add("row 2.row 2.material", "val.unknown_material", "T-GONE")
	v.Add("row 1.variant", "val.unknown_variant", "x", "P001")
	var re *rowsError
	err := at.translate(bomFields(&model.Error{Code: model.EINVALID, Text: model.T("err.invalid"), Fields: map[string]model.Text(v)}))
	if !asRowsError(err, &re) {
		t.Fatalf("not by rows: %v", err)
	}
	got := strings.Join(re.details("en"), "\n")
	if got != "line 2: variant: x is not a variant of P001\nline 7: material: no material with code T-GONE" {
		t.Errorf("details:\n%s", got)
	}
}

func asRowsError(err error, re **rowsError) bool {
	r, ok := err.(*rowsError)
	*re = r
	return ok
}

// The purchase flow through the commands: the keeper's run drafts one
// request and explains it, only the production head signs, purchasing
// orders and receives part of a line, and the list, the show and the form
// say where it stands.
func TestPurchaseCommands(t *testing.T) {
	w := newPurchaseWorld(t)
	w.must(t, "prod", "en", testMaterials, "materials", "import", "--csv")
	w.must(t, "store", "en", "product,variant,material,qty,per\nP001,mark,T-FILM,1,25\n", "bom", "import", "--csv")

	// Nothing is planned: the film's safety stock of 25 is bought in packs
	// of 10; the carton is not needed.
	out := w.must(t, "store", "en", "", "purchase", "run", "--dry-run")
	wantRun := "T-FILM 香辣鱼豆腐包装膜: 30 卷 proposed\n" +
		"    use 2026-11-27 to 2026-12-06: plans 0 + ten-day plans 0 + forecast 0 = 0 卷\n" +
		"    0 + safety stock 25 − on hand 0 − on order 0 = 25 卷\n" +
		"    25 rounded up to packs of 10 = 30 卷 proposed\n"
	if out != "dry run (nothing saved):\n"+wantRun {
		t.Errorf("dry run:\n%s", out)
	}
	if list, _ := w.svc.Purchase.Requests(t.Context(), model.PurchaseFilter{}); len(list) != 0 {
		t.Fatalf("a dry run saved %d requests", len(list))
	}
	if code, _, errs := w.run(t, "buyer", "en", "", "purchase", "run"); code != ExitError || !strings.Contains(errs, "only production staff (the material keeper) may draft") {
		t.Errorf("buyer runs: %d %q", code, errs)
	}
	out = w.must(t, "store", "en", "", "purchase", "run")
	if out != "purchase request CG-2026-0001 updated by the run, now: awaiting signature\n"+wantRun {
		t.Errorf("run:\n%s", out)
	}
	out = w.must(t, "store", "zh", "", "purchase", "run")
	if !strings.HasPrefix(out, "采购计划单 CG-2026-0001 无变化，现为：待签字\nT-FILM 香辣鱼豆腐包装膜：建议采购 30 卷\n    用量 2026-11-27～2026-12-06：") {
		t.Errorf("second run:\n%s", out)
	}
	var ran purchaseRunJSON
	if err := json.Unmarshal([]byte(w.must(t, "store", "en", "", "purchase", "run", "--json")), &ran); err != nil ||
		ran.Changed || ran.Request == nil || ran.Request.No != "CG-2026-0001" || len(ran.Figures) != 2 || ran.Figures[1].Proposed != 30 {
		t.Errorf("run json: %+v %v", ran, err)
	}

	// Only the production head signs; the next day at 12:05 is 5 minutes
	// after the request was due at purchasing.
	if code, _, errs := w.run(t, "store", "en", "", "purchase", "sign", "CG-2026-0001"); code != ExitError || errs != "xietong: only the production head may sign\n" {
		t.Errorf("keeper signs: %d %q", code, errs)
	}
	w.clock.Set(testNow.Add(27*time.Hour + 5*time.Minute))
	if out := w.must(t, "prod", "zh", "", "purchase", "sign", "CG-2026-0001"); out != "采购计划单 CG-2026-0001 现为：已签字转采购\n" {
		t.Errorf("sign: %q", out)
	}
	if code, _, errs := w.run(t, "prod", "en", "", "purchase", "sign", "1"); code != ExitUsage || errs != "xietong: purchase request CG-2026-0001 is at purchasing and cannot take this step\n" {
		t.Errorf("signed twice: %d %q", code, errs)
	}

	// Purchasing orders line 1 and receives 10 of the 30 rolls.
	for _, c := range []struct{ args, want []string }{
		{[]string{"purchase", "order", "CG-2026-0001", "--line", "0", "--expected", "2026-11-30"}, []string{"xietong: invalid input: line: a whole number from 1 to 200"}},
		{[]string{"purchase", "order", "CG-2026-0001", "--line", "1"}, []string{"expected: required"}},
		{[]string{"purchase", "order", "CG-2026-0001", "--line", "2", "--expected", "2026-11-30"}, []string{"a whole number from 1 to 1"}},
		{[]string{"purchase", "order", "CG-2026-0001", "--line", "1", "--expected", "2026-11-20"}, []string{"expected: cannot be before today (2026-11-27)"}},
		{[]string{"purchase", "receive", "CG-2026-0001", "--line", "1", "--qty", "-3"}, []string{"quantity:"}},
	} {
		if code, _, errs := w.run(t, "buyer", "en", "", c.args...); code != ExitUsage || !strings.Contains(errs, c.want[0]) {
			t.Errorf("%q: %d %q", c.args, code, errs)
		}
	}
	if out := w.must(t, "buyer", "en", "", "purchase", "order", "CG-2026-0001", "--line", "1", "--expected", "2026-11-30"); out != "purchase request CG-2026-0001 line 1 香辣鱼豆腐包装膜 (T-FILM) ordered, expected 2026-11-30\n" {
		t.Errorf("order: %q", out)
	}
	if code, _, errs := w.run(t, "prod", "en", "", "purchase", "receive", "CG-2026-0001", "--line", "1", "--qty", "10"); code != ExitError || !strings.Contains(errs, "only purchasing staff") {
		t.Errorf("prod receives: %d %q", code, errs)
	}
	if out := w.must(t, "buyer", "zh", "", "purchase", "receive", "CG-2026-0001", "--line", "1", "--qty", "10"); out != "采购计划单 CG-2026-0001 第 1 行 香辣鱼豆腐包装膜 (T-FILM) 到货 10 卷，累计到货 10 / 30（部分到货）；计划单现为：已签字转采购\n" {
		t.Errorf("receive: %q", out)
	}
	if code, _, errs := w.run(t, "buyer", "en", "", "purchase", "receive", "CG-2026-0001", "--line", "1", "--qty", "21"); code != ExitUsage ||
		errs != "xietong: invalid input: reason: the line asks 30, 10 came in, 21 more exceeds it: give the reason\n" {
		t.Errorf("too much: %d %q", code, errs)
	}
	if code, _, errs := w.run(t, "store", "en", "", "purchase", "cancel", "CG-2026-0001", "--reason", "不要了"); code != ExitUsage || !strings.Contains(errs, "has lines ordered or received") {
		t.Errorf("cancel after a receipt: %d %q", code, errs)
	}
	out = w.must(t, "store", "en", "", "materials", "list", "--csv")
	if !strings.Contains(out, "T-FILM,香辣鱼豆腐包装膜,宽 240mm,film,卷,一元标示,10,3,25,华彩印务,10,20\r\n") {
		t.Errorf("stock after the receipt:\n%s", out)
	}

	// The list: drafted by the keeper, signed 5 minutes late.
	out = w.must(t, "buyer", "zh", "", "purchase", "list")
	if !strings.Contains(out, "CG-2026-0001  已签字转采购  孙敏    2026-11-26 09:00  2026-11-27 12:00  刘建国            2026-11-27 12:05  1     迟交 5m0s") || !strings.Contains(out, "迟交 5m0s") {
		t.Errorf("list:\n%s", out)
	}
	csvOut := w.must(t, "buyer", "en", "", "purchase", "list", "--open", "--csv")
	if csvOut != "purchase_no,status,drafted_by,drafted_at,purchasing_due,signed_by,signed_at,lines,on_time\r\n"+
		"CG-2026-0001,at purchasing,孙敏,2026-11-26 09:00,2026-11-27 12:00,刘建国,2026-11-27 12:05,1,late 5m0s\r\n" {
		t.Errorf("list csv: %q", csvOut)
	}

	// The request in full, in both languages.
	out = w.must(t, "buyer", "en", "", "purchase", "show", "CG-2026-0001")
	for _, want := range []string{"purchase request CG-2026-0001 (id 1, version 4)", "drafted by", "孙敏 2026-11-26 09:00",
		"2026-11-27 12:00 late 5m0s", "刘建国 2026-11-27 12:05",
		"1  香辣鱼豆腐包装膜  宽 240mm  30        卷    一元标示         2026-11-29  partly received  2026-11-27 → 2026-11-30  10",
		"line 1 香辣鱼豆腐包装膜:\n    use 2026-11-27 to 2026-12-06", "25 rounded up to packs of 10 = 30 卷 proposed",
		"signed by the production head", "香辣鱼豆腐包装膜 +10"} {
		if !strings.Contains(out, want) {
			t.Errorf("show lacks %q:\n%s", want, out)
		}
	}
	noRawKeys(t, "purchase show", w.must(t, "buyer", "zh", "", "purchase", "show", "1"))
	var r model.PurchaseRequest
	if err := json.Unmarshal([]byte(w.must(t, "buyer", "en", "", "purchase", "show", "1", "--json")), &r); err != nil || r.Lines[0].Received != 10 {
		t.Errorf("show json: %+v %v", r, err)
	}
	if code, _, errs := w.run(t, "buyer", "en", "", "purchase", "show", "CG-2026-0009"); code != ExitError || !strings.Contains(errs, "not found") {
		t.Errorf("unknown request: %d %q", code, errs)
	}

	// The form: title, header fields, then the table.
	f := openXLSX(t, w.must(t, "buyer", "zh", "", "purchase", "show", "CG-2026-0001", "--xlsx"))
	if got := f.GetSheetList(); len(got) != 1 || got[0] != "包材采购计划单" {
		t.Fatalf("sheets %v", got)
	}
	for ref, want := range map[string]string{"A1": "包材采购计划单", "A2": "单号", "B2": "CG-2026-0001", "A3": "起草", "B3": "孙敏",
		"A4": "应交采购部时间", "B4": "2026-11-27 12:00", "E4": "迟交 5m0s", "A5": "生产部负责人签字", "B5": "刘建国", "D5": "签字时间", "E5": "2026-11-27 12:05",
		"A7": "序号", "B7": "物料名称", "C7": "规格", "D7": "数量", "E7": "单位", "F7": "特殊标示", "G7": "需用日期", "H7": "备注",
		"B8": "香辣鱼豆腐包装膜", "C8": "宽 240mm", "E8": "卷", "F8": "一元标示", "G8": "2026-11-29"} {
		if got, _ := f.GetCellValue("包材采购计划单", ref); got != want {
			t.Errorf("%s = %q, want %q", ref, got, want)
		}
	}
	checkNumber(t, f, "包材采购计划单", "D8", 30)
	checkNumber(t, f, "包材采购计划单", "A8", 1)
	e := &Env{Svc: w.svc, User: w.users["buyer"], Lang: "en", Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{}, Terminal: true}
	if code := Run(context.Background(), e, []string{"purchase", "show", "1", "--xlsx"}); code != ExitUsage && code != ExitError {
		t.Errorf("a workbook to a terminal: exit %d", code)
	}
	if e.Stdout.(*bytes.Buffer).Len() != 0 {
		t.Error("a workbook written to a terminal")
	}
}

// A request the run no longer needs can be cancelled by the keeper, with a
// reason; the run then drafts a new one.
func TestPurchaseCancel(t *testing.T) {
	w := newPurchaseWorld(t)
	w.must(t, "prod", "en", testMaterials, "materials", "import", "--csv")
	w.must(t, "store", "en", "", "purchase", "run")
	if code, _, errs := w.run(t, "store", "en", "", "purchase", "cancel", "CG-2026-0001"); code != ExitUsage || errs != "xietong: invalid input: reason: required\n" {
		t.Errorf("no reason: %d %q", code, errs)
	}
	if out := w.must(t, "store", "en", "", "purchase", "cancel", "CG-2026-0001", "--reason", "重复"); out != "purchase request CG-2026-0001 is now: cancelled\n" {
		t.Errorf("cancel: %q", out)
	}
	if out := w.must(t, "store", "en", "", "purchase", "list", "--open"); strings.Contains(out, "CG-2026-0001") {
		t.Errorf("a cancelled request is open:\n%s", out)
	}
	out := w.must(t, "store", "en", "", "purchase", "list", "--csv")
	if !strings.HasSuffix(out, "CG-2026-0001,cancelled,孙敏,2026-11-26 09:00,2026-11-27 12:00,,,1,\r\n") {
		t.Errorf("list:\n%s", out)
	}
	if out := w.must(t, "store", "en", "", "purchase", "run"); !strings.HasPrefix(out, "purchase request CG-2026-0002 updated by the run") {
		t.Errorf("run after the cancel:\n%s", out)
	}
	if out := w.must(t, "store", "en", "", "purchase", "list", "--json"); !strings.Contains(out, `"no": "CG-2026-0002"`) {
		t.Errorf("json:\n%s", out)
	}
}

// help lists every purchase command with its text in both languages.
func TestHelpListsPurchaseCommands(t *testing.T) {
	w := newPurchaseWorld(t)
	for _, lang := range []string{"zh", "en"} {
		out := w.must(t, "store", lang, "", "help")
		for _, want := range []string{"materials list [--json|--csv [--bom]|--xlsx]", "materials import --csv < FILE",
			"bom show [PRODUCT [--variant V]] [--json|--csv [--bom]|--xlsx]", "bom import --csv < FILE", "purchase run [--dry-run] [--json]",
			"purchase list [--open] [--json|--csv [--bom]|--xlsx]", "purchase show NO|ID [--json|--xlsx]", "purchase sign NO [--json]",
			"purchase order NO --line N --expected DATE [--json]", "purchase receive NO --line N --qty Q [--reason R] [--json]",
			"purchase cancel NO --reason R [--json]"} {
			if !strings.Contains(out, "\n  "+want+"\n      ") {
				t.Errorf("%s help lacks %q", lang, want)
			}
		}
		noRawKeys(t, lang+" help", out)
	}
}
