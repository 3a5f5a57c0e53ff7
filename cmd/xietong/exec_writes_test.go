package main

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"xietong/model"
)

// stockJSON is what `stock show --json` prints.
type stockJSON struct {
	Qty   int64 `json:"qty"`
	Moves []struct {
		Cause   string `json:"cause"`
		Qty     int64  `json:"qty"`
		Balance int64  `json:"balance"`
		Ref     string `json:"ref"`
		By      string `json:"by"`
	} `json:"moves"`
}

// stockOf reads a product variant's stock over SSH, as a script would.
func (f *fixture) stockOf(args string) stockJSON {
	t := f.ts.t
	t.Helper()
	r := f.ts.exec("store", "stock show T-FISH --json "+args)
	var s stockJSON
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &s) != nil {
		t.Fatalf("stock show %s: %+v", args, r)
	}
	return s
}

// answeredOrder sends an order of qty T-FISH/mark for c and has prod
// answer it for the next working day.
func (f *fixture) answeredOrder(c *model.Customer, qty int64) *model.Order {
	t := f.ts.t
	t.Helper()
	ctx := context.Background()
	svc := f.ts.m.Svc
	o := f.sentOrder(c, qty, 8)
	prod := f.user("prod")
	_, cur, err := svc.Orders.Line(ctx, o.Lines[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	promised := svc.Calendar.NextWorkingDay(f.today)
	if _, _, err := svc.Orders.UpdateLine(ctx, prod, cur.ID, cur.Version, func(_ *model.Order, l *model.OrderLine, _ model.ProductLookup) error {
		return l.Answer(prod, svc.Clock.Now(), svc.Calendar, promised)
	}); err != nil {
		t.Fatal(err)
	}
	return o
}

// A shipment from a script (docs/DOMAIN.md#shipping) over SSH: the line
// ships part of its quantity, by its order number or its id; the stock
// goes down by exactly what shipped, with the shipment in its movements
// and the audit log; bad or refused input exits 2 with one line and
// changes nothing.
func TestShipExec(t *testing.T) {
	f := newFixture(t)
	ts, ctx, svc := f.ts, context.Background(), f.ts.m.Svc
	o := f.answeredOrder(f.a, 400)
	ref := o.No + "/1"
	if s := f.stockOf(""); s.Qty != 300 {
		t.Fatalf("stock before %d, want 300", s.Qty)
	}

	r := ts.exec("store", "ship "+ref+" 120")
	if r.code != 0 || r.stderr != "" || strings.Count(r.stdout, "\n") != 1 ||
		!strings.Contains(r.stdout, "已发货 "+ref+"：测试鱼豆腐 18g 香辣 带一元标示 120 件（"+f.today.String()+"）") ||
		!strings.Contains(r.stdout, "该行已发 120/400，状态：部分发货；库存剩 180 件") {
		t.Fatalf("ship: %+v", r)
	}
	s := f.stockOf("")
	if s.Qty != 180 || s.Moves[0].Cause != "shipment" || s.Moves[0].Qty != -120 || s.Moves[0].Balance != 180 ||
		s.Moves[0].Ref != ref || s.Moves[0].By != "store" {
		t.Fatalf("stock after shipping 120: %+v", s)
	}
	// By id, dated yesterday, as JSON.
	yesterday := f.today.AddDays(-1)
	r = ts.exec("store", "ship "+strconv.FormatUint(o.Lines[0].ID, 10)+" 30 --date "+yesterday.String()+" --json")
	var j struct {
		Qty        int64  `json:"qty"`
		Date       string `json:"date"`
		ShippedQty int64  `json:"shipped_qty"`
		Remaining  int64  `json:"remaining"`
		Status     string `json:"status"`
		StockLeft  int64  `json:"stock_left"`
	}
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &j) != nil || j.Qty != 30 || j.Date != yesterday.String() ||
		j.ShippedQty != 150 || j.Remaining != 250 || j.Status != "shipping" || j.StockLeft != 150 {
		t.Fatalf("ship --json: %+v %+v", r, j)
	}
	if s := f.stockOf(""); s.Qty != 150 {
		t.Fatalf("stock after shipping 150: %d", s.Qty)
	}
	_, l, err := svc.Orders.Line(ctx, o.Lines[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Shipments) != 2 || l.Shipments[1].Date != yesterday || l.Shipments[1].By != "store" || l.Status != model.LineShipping {
		t.Fatalf("line %+v", l)
	}
	entries, err := svc.Audit.Audit(ctx, "line/"+strconv.FormatUint(l.ID, 10))
	if err != nil || len(entries) == 0 || entries[len(entries)-1].Action != "line.ship" || entries[len(entries)-1].Who != "store" {
		t.Fatalf("audit %+v %v", entries, err)
	}

	// Refused: exit 2, one line naming the problem, nothing written.
	sent := f.sentOrder(f.b, 10, 8)
	audit, _ := svc.Audit.Audit(ctx, "")
	for _, c := range []struct{ args, want string }{
		{ref + " 0", "数量: 数量必须大于 0"},
		{ref + " -5", "数量: 数量必须大于 0"},
		{ref + " 十", "数量: 请输入正整数"},
		{ref + " 10000001", "数量: 数量不能超过 10000000"},
		{ref + " 5 --date 2026-02-30", "日期: 没有这一天：2026-02-30"},
		{ref + " 5 --date " + f.today.AddDays(1).String(), "日期: 不能晚于今天（" + f.today.String() + "）"},
		{"99999 5", "没有订单行 99999"},
		{"SO-20990101-0001/1 5", "没有订单 SO-20990101-0001"},
		{o.No + "/2 5", "订单 " + o.No + " 没有第 2 行（共 1 行）"},
		{"SO-1 5", "订单行应写成 订单号/行号"},
		{ref + " 251", "数量: 超过未发数量（还剩 250）"},
		{ref + " 200", "数量: 库存不足：T-FISH/mark 现有 150，要出 200"},
		{sent.No + "/1 5", sent.No + "/1 当前为“待答复”，不能发货：只有已答复、交期风险、生产中或部分发货的行可以发货"},
	} {
		r := ts.exec("store", "ship "+c.args)
		if r.code != 2 || r.stdout != "" || strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, c.want) {
			t.Errorf("ship %s: %+v", c.args, r)
		}
	}
	if r := ts.exec("sales", "ship "+ref+" 5"); r.code != 1 || !strings.Contains(r.stderr, "只有生产部人员可以登记发货") {
		t.Errorf("sales shipped: %+v", r)
	}
	if s := f.stockOf(""); s.Qty != 150 {
		t.Fatalf("refused shipments moved the stock to %d", s.Qty)
	}
	if after, _ := svc.Audit.Audit(ctx, ""); len(after) != len(audit) {
		t.Fatalf("refused shipments wrote %d audit entries", len(after)-len(audit))
	}
	if _, l2, _ := svc.Orders.Line(ctx, l.ID); l2.Version != l.Version || l2.ShippedQty != 150 {
		t.Fatalf("refused shipments changed the line: %+v", l2)
	}
}

// Daily reports from a line gateway (docs/DOMAIN.md#shop-floor) over SSH:
// a good CSV submits the reports and brings actual − defect into stock; a
// CSV with one bad row saves nothing and names the row; a report already
// submitted is refused; bad input exits 2.
func TestReportsSubmitExec(t *testing.T) {
	f := newFixture(t)
	ts := f.ts
	submit := func(login, csv string) execResult {
		t.Helper()
		c, err := ts.dial(login)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		return runExec(t, c, "reports submit --csv", csv)
	}
	reports := func() []model.DailyReport {
		t.Helper()
		r := ts.exec("shop", "reports show "+f.today.String()+" --json")
		var list []model.DailyReport
		if r.code != 0 || json.Unmarshal([]byte(r.stdout), &list) != nil {
			t.Fatalf("reports show: %+v", r)
		}
		return list
	}
	today := f.today.String()
	good := "日期,产线,班次,产品编码,型号,计划,实际,不良,不良原因,停机,原因\n" +
		today + ",1号线,白班,T-FISH,带一元标示,200,220,20,外观不良,0,\n" +
		today + ",1号线,白班,T-FISH,plain,100,100,0,,30,换模\n"
	r := submit("shop", good)
	if r.code != 0 || r.stderr != "" || r.stdout != "已提交 1 份生产日报，共 2 行；良品入库 300\n" {
		t.Fatalf("submit: %+v", r)
	}
	s := f.stockOf("")
	if s.Qty != 500 || s.Moves[0].Cause != "production" || s.Moves[0].Qty != 200 || s.Moves[0].Ref != today+"|1号线|day" || s.Moves[0].By != "shop" {
		t.Fatalf("mark after the report: %+v, want 300 + (220 − 20)", s)
	}
	if s := f.stockOf("--variant plain"); s.Qty != 100 {
		t.Fatalf("plain after the report: %d, want 100", s.Qty)
	}
	if list := reports(); len(list) != 1 || len(list[0].Rows) != 2 || list[0].SubmittedBy != "shop" || list[0].Rows[1].DowntimeCause != "换模" {
		t.Fatalf("reports %+v", list)
	}

	// One good row and one bad: nothing saved, the bad row named.
	bad := "date,line,shift,product,variant,planned,actual,defect,defect reason,downtime,cause\n" +
		today + ",2号线,night,T-FISH,mark,0,50,0,,0,\n" +
		today + ",2号线,night,T-FISH,plain,0,40,45,D01,0,\n"
	r = submit("shop", bad)
	if r.code != 2 || r.stdout != "" || !strings.HasPrefix(r.stderr, "xietong: 1 行有误，未导入任何数据\n第 3 行：defect：不良数不能超过实际产量（40）") ||
		strings.Count(r.stderr, "\n") != 2 {
		t.Fatalf("a bad row: %+v", r)
	}
	// The same report again: refused, naming who submitted it and when.
	r = submit("shop", good)
	if r.code != 2 || !strings.Contains(r.stderr, "第 2 行："+today+" 1号线 白班 的日报已由 shop 于 ") ||
		!strings.Contains(r.stderr, "第 3 行：") || !strings.Contains(r.stderr, "要修改请在车间日报画面填写原因更正") {
		t.Fatalf("submitted twice: %+v", r)
	}
	for _, c := range []struct{ csv, want string }{
		{"date,line,shift,product\n" + today + ",1号线,day,T-FISH\n", "缺少的列：actual"},
		{"", "没有输入"},
		{"date,line,shift,product,actual\n" + today + ",3号线,day,T-FISH,abc\n", "第 2 行：actual：应为 0 至 10000000 的整数"},
	} {
		if r := submit("shop", c.csv); r.code != 2 || r.stdout != "" || !strings.Contains(r.stderr, c.want) {
			t.Errorf("%q: %+v", c.want, r)
		}
	}
	if r := submit("sales", good); r.code != 1 || !strings.Contains(r.stderr, "只有生产部人员可以提交和更正生产日报") {
		t.Errorf("sales submitted: %+v", r)
	}
	if s := f.stockOf(""); s.Qty != 500 {
		t.Fatalf("refused submits moved the stock to %d", s.Qty)
	}
	if list := reports(); len(list) != 1 {
		t.Fatalf("refused submits saved reports: %+v", list)
	}
}
