package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"xietong/model"
	"xietong/store"
)

// costWorld is a real store with production's head (prod), the office,
// a sales member and the products P001 and P002.
func costWorld(t *testing.T) (model.Services, func(login, lang, stdin string, args ...string) (int, string, string)) {
	t.Helper()
	clock := &model.Clock{Loc: shanghai()}
	clock.Set(testNow)
	db, err := store.Open(filepath.Join(t.TempDir(), "xietong.db"), store.Options{Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ctx := t.Context()
	users := map[string]*model.User{}
	for _, u := range []*model.User{uProd, uSales, {Login: "office", Name: "郑红", Dept: model.DeptOffice, Role: model.RoleOffice}} {
		saved, err := db.CreateUser(ctx, nil, &model.User{Login: u.Login, Name: u.Name, Dept: u.Dept, Role: u.Role})
		if err != nil {
			t.Fatal(err)
		}
		users[u.Login] = saved
	}
	for _, p := range []model.Product{
		{Code: "P001", Name: "18g 香辣鱼豆腐", Unit: "件", EconomicBatch: 200, DailyCapacity: 800},
		{Code: "P002", Name: "18g 糖醋味鱼丸", Unit: "件", EconomicBatch: 100, DailyCapacity: 500},
	} {
		if _, err := db.SaveProduct(ctx, users["prod"], &p); err != nil {
			t.Fatal(err)
		}
	}
	svc := db.Services()
	return svc, func(login, lang, stdin string, args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		e := &Env{Svc: svc, User: users[login], Lang: lang, Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb}
		code := Run(context.Background(), e, args)
		return code, out.String(), errb.String()
	}
}

// cost import takes a sheet with Chinese headers, products by code or
// name and full-width figures; cost show prints it with each product's
// name and the month's achievement (30.00 ÷ 32.50 = 92.3 %), and its CSV
// imports back. Bad figures are refused by line and column with nothing
// saved; someone who does not keep the sheets is refused.
func TestCostCommands(t *testing.T) {
	svc, run := costWorld(t)
	ctx := t.Context()
	nov := model.Month{Year: 2026, Month: 11}
	in := "产品编码,目标单位成本(元),实际单位成本(元)\nP001,10,12.5\n18g 糖醋味鱼丸,２０.００,20\n"
	code, out, errs := run("prod", "zh", in, "cost", "import", "2026-11", "--csv")
	if code != 0 || !strings.Contains(out, "已导入 2 个产品到 2026-11 制造成本表（第 1 版）") {
		t.Fatalf("import: %d %q %q", code, out, errs)
	}
	code, out, _ = run("sales", "zh", "", "cost", "show", "2026-11")
	for _, want := range []string{"2026-11 制造成本表 · 第 1 版 · 刘建国 保存于 2026-11-26 09:00", "18g 香辣鱼豆腐", "18g 糖醋味鱼丸", "12.50", "80.0%",
		"合计：目标 30.00 元 ÷ 实际 32.50 元 = 92.3%"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Fatalf("show: want %q in %d %q", want, code, out)
		}
	}
	if v, err := svc.Meetings.KPI(ctx, model.KPICostTarget, nov, ""); err != nil || v.Num != 3000 || v.Den != 3250 {
		t.Fatalf("the KPI: %+v %v", v, err)
	}

	// The CSV round-trips: imported back it is the same sheet, a new version.
	_, csvOut, _ := run("office", "en", "", "cost", "show", "2026-11", "--csv")
	if !strings.HasPrefix(csvOut, "product,product_name,target_cost,actual_cost,achievement\r\nP001,18g 香辣鱼豆腐,10.00,12.50,0.8\r\n") {
		t.Fatalf("csv %q", csvOut)
	}
	if code, out, errs := run("office", "en", csvOut, "cost", "import", "2026-11", "--csv"); code != 0 || !strings.Contains(out, "version 2") {
		t.Fatalf("import back: %d %q %q", code, out, errs)
	}
	var js struct {
		Version uint64          `json:"version"`
		Rows    []model.CostRow `json:"rows"`
		KPI     model.KPIValue  `json:"kpi"`
	}
	_, jsOut, _ := run("sales", "en", "", "cost", "show", "2026-11", "--json")
	if err := json.Unmarshal([]byte(jsOut), &js); err != nil || js.Version != 2 || len(js.Rows) != 2 || js.Rows[1] != (model.CostRow{Product: "P002", Target: 2000, Actual: 2000}) ||
		js.KPI.Num != 3000 || js.KPI.Den != 3250 || !js.KPI.OK {
		t.Fatalf("json %+v %v %s", js, err, jsOut)
	}
	_, xl, _ := run("sales", "zh", "", "cost", "show", "2026-11", "--xlsx")
	f, err := excelize.OpenReader(strings.NewReader(xl))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	head, _ := f.GetCellValue("cost 2026-11", "C1")
	actual, _ := f.GetCellValue("cost 2026-11", "D2", excelize.Options{RawCellValue: true})
	if head != "目标单位成本" || actual != "12.5" {
		t.Fatalf("workbook: %q %q", head, actual)
	}

	// Bad rows: every one named, nothing saved.
	bad := "product,target_cost,actual_cost\nP001,-3,1\nP002,1.234,\nP009,1,1\nP001,1,abc\n"
	code, out, errs = run("prod", "zh", bad, "cost", "import", "2026-11", "--csv")
	for _, want := range []string{"4 行有误，未导入任何数据", "第 2 行：target_cost：成本不能为负数", "第 3 行：target_cost：最多两位小数",
		"第 4 行：product：没有编码或名称为 P009 的产品", "第 5 行：product：与第 2 行重复", "actual_cost：请填金额"} {
		if code != ExitUsage || out != "" || !strings.Contains(errs, want) {
			t.Fatalf("bad import: want %q in %d %q %q", want, code, out, errs)
		}
	}
	if s, _ := svc.Meetings.CostSheet(ctx, nov); s.Version != 2 {
		t.Fatalf("a refused import saved: %+v", s)
	}
	if code, _, errs := run("sales", "zh", in, "cost", "import", "2026-11", "--csv"); code != ExitError || !strings.Contains(errs, "只有生产部主管或综合办公室可以填写制造成本表") {
		t.Fatalf("sales imports: %d %q", code, errs)
	}
	if code, out, _ := run("sales", "zh", "", "cost", "show", "2026-10"); code != 0 || !strings.Contains(out, "2026-10 还没有制造成本表") {
		t.Fatalf("empty month: %d %q", code, out)
	}
}
