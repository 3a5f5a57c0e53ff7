package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"xietong/model"
)

// Packaging purchase over exec, on the demo factory as it stands on the
// test clock's day: the production head imports two materials (a film with
// a safety stock of 25 in packs of 10, a carton) and the marked 香辣鱼豆腐's
// bill of materials; the material keeper's requirement run drafts (or
// updates) the one open request and explains the film's proposal; the
// keeper may not sign, the head does; purchasing orders the film and
// receives part of it, which the stock shows; and the bills of materials
// as bom show --csv writes them import back unchanged. The materials' codes
// start with T- so the demo's own materials never collide.
func TestPurchaseExec(t *testing.T) {
	ts := startServer(t, Config{Demo: true})
	run := func(login, cmd, stdin string) execResult {
		t.Helper()
		c, err := ts.dial(login)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		return runExec(t, c, cmd, stdin)
	}
	must := func(login, cmd, stdin string) string {
		t.Helper()
		r := run(login, cmd, stdin)
		if r.code != 0 {
			t.Fatalf("%s: %s: exit %d, %q", login, cmd, r.code, r.stderr)
		}
		return r.stdout
	}

	materials := "包材编码,包材名称,规格,类别,单位,特殊标示,包装量,采购周期,安全库存,供应商\n" +
		"T-FILM-XL,测试香辣鱼豆腐包装膜,宽 240mm,包装膜,卷,一元标示,10,3,25,测试印务\n" +
		"T-BOX-XL,测试外箱,,纸箱彩盒,个,,100,2,0,\n"
	if r := run("store", "materials import --csv", materials); r.code != 1 || !strings.Contains(r.stderr, "安全库存由生产部负责人设定") {
		t.Fatalf("the keeper sets a safety stock: %d %q", r.code, r.stderr)
	}
	if out := must("prod", "materials import --csv", materials); out != "已导入 2 行，2 项有变化\n" {
		t.Fatalf("materials import: %q", out)
	}
	bom := "product,variant,material,qty,per\nYDF-XL18,带一元标示,T-FILM-XL,1,25\nYDF-XL18,mark,T-BOX-XL,1,1\n"
	if out := must("store", "bom import --csv", bom); !strings.HasPrefix(out, "已导入 2 行，1 个产品型号，") {
		t.Fatalf("bom import: %q", out)
	}

	// The run as the material keeper. Whatever the demo plans over the
	// horizon, the film needs at least its safety stock, in packs of 10.
	var ran struct {
		Changed bool                   `json:"changed"`
		Request *model.PurchaseRequest `json:"request"`
		Figures []model.MaterialBasis  `json:"figures"`
	}
	if err := json.Unmarshal([]byte(must("store", "purchase run --json", "")), &ran); err != nil || ran.Request == nil {
		t.Fatalf("run: %v %+v", err, ran)
	}
	var film *model.MaterialBasis
	for i := range ran.Figures {
		if ran.Figures[i].Material == "T-FILM-XL" {
			film = &ran.Figures[i]
		}
	}
	if film == nil || film.Safety != 25 || film.OnHand != 0 || film.Proposed < 30 || film.Proposed%10 != 0 {
		t.Fatalf("film figures %+v", film)
	}
	no, line := ran.Request.No, 0
	for i, l := range ran.Request.Lines {
		if l.Material == "T-FILM-XL" {
			line = i + 1
			if l.Qty != film.Proposed || l.Unit != "卷" || l.Marking != "一元标示" {
				t.Fatalf("film line %+v", l)
			}
		}
	}
	if ran.Request.Status != model.PurDraft || ran.Request.DraftedBy != "store" || line == 0 {
		t.Fatalf("request %+v", ran.Request)
	}
	// Run again: the same request, unchanged, explained in three lines.
	out := must("store", "purchase run", "")
	for _, want := range []string{
		"采购计划单 " + no + " 无变化，现为：待签字",
		fmt.Sprintf("T-FILM-XL 测试香辣鱼豆腐包装膜：建议采购 %d 卷\n    用量 ", film.Proposed),
		fmt.Sprintf(" = %d 卷\n    %d + 安全库存 25 − 现有 0 − 在途 0 = %d 卷\n", film.Gross, film.Gross, film.Net),
		fmt.Sprintf("    %d 按包装量 10 向上取整 = 建议 %d 卷\n", film.Net, film.Proposed),
	} {
		if !strings.Contains(out, want) {
			t.Errorf("second run lacks %q:\n%s", want, out)
		}
	}

	// The keeper may not sign; the production head does.
	if r := run("store", "purchase sign "+no, ""); r.code != 1 || r.stderr != "xietong: 只有生产部负责人可以签字\n" {
		t.Fatalf("the keeper signs: %d %q", r.code, r.stderr)
	}
	if out := must("prod", "purchase sign "+no, ""); out != "采购计划单 "+no+" 现为：已签字转采购\n" {
		t.Fatalf("sign: %q", out)
	}

	// Purchasing orders the film and receives 10 rolls of it.
	today := ts.m.Svc.Calendar.DateOf(ts.m.Clock.Now())
	expected := today.AddDays(3).String()
	if out := must("buyer", fmt.Sprintf("purchase order %s --line %d --expected %s", no, line, expected), ""); out != fmt.Sprintf("采购计划单 %s 第 %d 行 测试香辣鱼豆腐包装膜 (T-FILM-XL) 已下单，预计 %s 到货\n", no, line, expected) {
		t.Fatalf("order: %q", out)
	}
	if r := run("store", fmt.Sprintf("purchase receive %s --line %d --qty 10", no, line), ""); r.code != 1 || !strings.Contains(r.stderr, "只有采购部人员可以记录下单和到货") {
		t.Fatalf("the keeper receives: %d %q", r.code, r.stderr)
	}
	want := fmt.Sprintf("采购计划单 %s 第 %d 行 测试香辣鱼豆腐包装膜 (T-FILM-XL) 到货 10 卷，累计到货 10 / %d（部分到货）；计划单现为：已签字转采购\n", no, line, film.Proposed)
	if out := must("buyer", fmt.Sprintf("purchase receive %s --line %d --qty 10", no, line), ""); out != want {
		t.Fatalf("receive: %q, want %q", out, want)
	}
	var rows []model.MaterialRow
	if err := json.Unmarshal([]byte(must("buyer", "materials list --json", "")), &rows); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, m := range rows {
		if m.Code == "T-FILM-XL" {
			found = true
			if m.OnHand != 10 || m.Open != film.Proposed-10 {
				t.Errorf("film stock: on hand %d, on order %d", m.OnHand, m.Open)
			}
		}
	}
	if !found {
		t.Error("the film is not listed")
	}
	out = must("buyer", "purchase show "+no, "")
	for _, want := range []string{"包材采购计划单 " + no, "孙敏", "刘建国", "测试香辣鱼豆腐包装膜", "部分到货", "按包装量 10 向上取整", "到货"} {
		if !strings.Contains(out, want) {
			t.Errorf("show lacks %q:\n%s", want, out)
		}
	}
	if out := must("buyer", "purchase list --open --csv", ""); !strings.Contains(out, "\r\n"+no+",已签字转采购,孙敏,") {
		t.Errorf("open list:\n%s", out)
	}

	// The bills of materials round-trip through their CSV.
	csv := must("store", "bom show --csv", "")
	for _, want := range []string{"product,variant,material,qty,per\r\n", "\r\nYDF-XL18,带一元标示,T-BOX-XL,1,1\r\nYDF-XL18,带一元标示,T-FILM-XL,1,25\r\n"} {
		if !strings.Contains(csv, want) {
			t.Fatalf("bom csv lacks %q:\n%s", want, csv)
		}
	}
	if out := must("store", "bom import --csv", csv); !strings.HasSuffix(out, "，0 个有变化\n") {
		t.Errorf("bom round trip: %q", out)
	}
	if again := must("store", "bom show --csv", ""); again != csv {
		t.Errorf("bom csv after the round trip:\n%s\nwas\n%s", again, csv)
	}
}
