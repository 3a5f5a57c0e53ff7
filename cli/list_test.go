package cli

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"xietong/model"
)

func TestFormatFlags(t *testing.T) {
	w := newWorld(t)
	for _, args := range [][]string{
		{"customers", "list", "--json", "--csv"},
		{"products", "list", "--csv", "--json"},
		{"stock", "list", "--bom"},
		{"orders", "list", "--json", "--csv"},
		{"orders", "list", "--status", "nope"},
		{"orders", "list", "--limit", "0"},
		{"queue", "--limit", "x"},
		{"queue", "--csv", "--xlsx"},
		{"customers", "list", "--csv", "--xlsx"},
		{"anomalies", "list", "--json", "--xlsx"},
		{"deadlines", "--xlsx", "--bom"},
		{"export", "kpi", "2026-11"},
		{"export", "kpi", "2026-11", "--csv", "--xlsx"},
		{"export", "meeting", "1"},
		{"export", "meeting", "x", "--md"},
		{"orders", "show"},
	} {
		code, out, errs := w.run(t, uQA, "en", "", args...)
		if code != ExitUsage || out != "" || strings.Count(errs, "\n") != 1 || !strings.HasPrefix(errs, "xietong: ") {
			t.Errorf("%q: exit %d out %q err %q", args, code, out, errs)
		}
	}
	if _, _, errs := w.run(t, uQA, "en", "", "customers", "list", "--json", "--csv"); !strings.Contains(errs, "--json and --csv cannot be used together") {
		t.Errorf("message %q", errs)
	}
}

func TestCustomersListFormats(t *testing.T) {
	w := newWorld(t)
	// A name with a comma, quotes and a line break (stored before the
	// rules were strict).
	w.m.customers = append(w.m.customers, &model.Customer{ID: 99, Code: "C009", Name: "区域经销商, \"成都\"\n二部", Region: "西南", Grade: model.GradeC})

	// Everyone may read.
	code, out, _ := w.run(t, uQA, "zh", "", "customers", "list")
	if code != 0 || !strings.HasPrefix(out, "编码  名称") || !strings.Contains(out, "C001  永辉超市华东区") {
		t.Errorf("table:\n%s", out)
	}

	code, out, _ = w.run(t, uQA, "zh", "", "customers", "list", "--csv")
	if code != 0 || !strings.HasPrefix(out, "code,name,region,grade\r\nC001,永辉超市华东区,华东,A\r\n") {
		t.Errorf("csv:\n%q", out)
	}
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(recs) != 5 || recs[4][1] != "区域经销商, \"成都\"\n二部" {
		t.Errorf("csv does not parse back: %v %q", err, recs)
	}

	_, bom, _ := w.run(t, uQA, "en", "", "customers", "list", "--csv", "--bom")
	if bom != "\uFEFF"+out {
		t.Errorf("--bom: %q", bom[:20])
	}

	code, out, _ = w.run(t, uQA, "en", "", "customers", "list", "--json")
	var js []map[string]any
	if err := json.Unmarshal([]byte(out), &js); code != 0 || err != nil || len(js) != 4 {
		t.Fatalf("json: %v\n%s", err, out)
	}
	if js[0]["code"] != "C001" || js[0]["grade"] != "A" || js[0]["region"] != "华东" || js[0]["id"] == nil {
		t.Errorf("json shape: %v", js[0])
	}

	// The CSV output imports back unchanged (the row with a line break
	// is refused, as typed text with line breaks always is).
	_, out, _ = w.run(t, uQA, "en", "", "customers", "list", "--csv")
	out = strings.Replace(out, "\r\n二部", " 二部", 1)
	code, res, errs := w.run(t, uSales, "en", out, "customers", "import", "--csv")
	if code != 0 || res != "imported 4 rows\n" {
		t.Errorf("round trip: %d %q %q", code, res, errs)
	}
}

func TestEmptyListsJSON(t *testing.T) {
	w := newWorld(t)
	for _, args := range [][]string{{"stock", "list", "--json"}, {"orders", "list", "--json"}} {
		_, out, _ := w.run(t, uQA, "en", "", args...)
		if strings.TrimSpace(out) != "[]" {
			t.Errorf("%q: %q", args, out)
		}
	}
	_, out, _ := w.run(t, uQA, "en", "", "queue", "--json")
	if strings.TrimSpace(out) != "{\n  \"total\": 0,\n  \"entries\": []\n}" {
		t.Errorf("queue: %q", out)
	}
}

func TestProductsAndStockList(t *testing.T) {
	w := newWorld(t)
	w.m.ImportStock(context.Background(), uStore, []*model.Stock{{ProductCode: "P001", Variant: "mark", Qty: 320}, {ProductCode: "P002", Qty: 15}}, "x")
	_, out, _ := w.run(t, uQA, "en", "", "products", "list", "--csv")
	want := "code,name,spec,unit,family,variants,default_variant,economic_batch,daily_capacity,lead_time_days\r\n" +
		"P001,18g 香辣鱼豆腐,,件,,mark:带一元标示;plain:无一元标示,带一元标示,200,800,1\r\n" +
		"P002,18g 糖醋味鱼丸,,件,,,,100,500,2\r\n"
	if out != want {
		t.Errorf("products csv:\n%q\nwant\n%q", out, want)
	}
	// Products import back as they are.
	if code, res, errs := w.run(t, uProd, "en", out, "products", "import", "--csv"); code != 0 || res != "imported 2 rows\n" {
		t.Errorf("round trip %d %q %q", code, res, errs)
	}
	_, out, _ = w.run(t, uQA, "en", "", "stock", "list", "--csv")
	if out != "product,variant,qty\r\nP001,带一元标示,320\r\nP002,,15\r\n" {
		t.Errorf("stock csv %q", out)
	}
	// Variants by name import back; an unknown name is refused by name.
	if code, res, errs := w.run(t, uStore, "en", strings.Replace(out, "320", "321", 1), "stock", "import", "--csv"); code != 0 || !strings.Contains(res, "2") {
		t.Errorf("stock round trip %d %q %q", code, res, errs)
	}
	if st, _ := w.m.Stock(context.Background(), "P001", "mark"); st == nil || st.Qty != 321 {
		t.Errorf("stock by variant name: %+v", st)
	}
	if code, _, errs := w.run(t, uStore, "en", "product,variant,qty\nP001,无标示,5\n", "stock", "import", "--csv"); code != 1 || !strings.Contains(errs, "无标示") {
		t.Errorf("unknown variant name: %d %q", code, errs)
	}
	_, out, _ = w.run(t, uQA, "zh", "", "stock", "list")
	if !strings.Contains(out, "P001  18g 香辣鱼豆腐  带一元标示  321   件") {
		t.Errorf("stock table:\n%s", out)
	}
	_, out, _ = w.run(t, uQA, "en", "", "products", "list", "--json")
	var ps []model.Product
	if err := json.Unmarshal([]byte(out), &ps); err != nil || len(ps) != 2 || ps[0].Variants[1].Name != "无一元标示" {
		t.Errorf("products json %v %s", err, out)
	}
}

// queueWorld has sent lines of grade A, B and C customers, received in an
// order that differs from their rank.
func queueWorld(t *testing.T) *world {
	w := newWorld(t)
	day := func(d int) model.Date { return model.NewDate(2026, 12, d) }
	w.sentOrder(t, "C003", testNow.Add(-5*time.Hour), model.LineInput{ProductCode: "P001", Qty: 60, RequestedDate: day(1)})
	w.sentOrder(t, "C002", testNow.Add(-4*time.Hour),
		model.LineInput{ProductCode: "P001", Variant: "plain", Qty: 120, RequestedDate: day(8)},
		model.LineInput{ProductCode: "P002", Qty: 200, RequestedDate: day(6)})
	w.sentOrder(t, "C001", testNow.Add(-50*time.Hour), model.LineInput{ProductCode: "P002", Qty: 300, RequestedDate: day(20)})
	return w
}

func TestQueueOrder(t *testing.T) {
	w := queueWorld(t)
	code, out, errs := w.run(t, uProd, "en", "", "queue", "--json")
	if code != 0 {
		t.Fatal(errs)
	}
	var page queuePageJSON
	if err := json.Unmarshal([]byte(out), &page); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range page.Entries {
		got = append(got, e.CustomerCode+"/"+e.Product+"/"+e.RequestedDate)
	}
	want := []string{"C001/P002/2026-12-20", "C002/P002/2026-12-06", "C002/P001/2026-12-08", "C003/P001/2026-12-01"}
	if !slices.Equal(got, want) || page.Total != 4 {
		t.Errorf("queue %v total %d, want %v", got, page.Total, want)
	}
	first := page.Entries[0]
	// Received two days ago (Tuesday 07:00): due end of Wednesday, late now.
	if first.Rank != 1 || !first.Late || first.RemainingSecs >= 0 || first.Grade != "A" || first.CustomerName != "永辉超市华东区" ||
		first.ReplyDue != "2026-11-26T00:00:00+08:00" || first.ProductName != "18g 糖醋味鱼丸" {
		t.Errorf("first %+v", first)
	}
	if last := page.Entries[3]; last.Late || last.RemainingSecs != int64(39*time.Hour/time.Second) || last.Variant != "mark" {
		t.Errorf("last %+v", last)
	}

	code, out, _ = w.run(t, uProd, "en", "", "queue")
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if code != 0 || len(lines) != 5 || !strings.HasPrefix(lines[0], "rank  order no") {
		t.Fatalf("table:\n%s", out)
	}
	for i, l := range lines[1:] {
		if !strings.HasPrefix(l, strings.Fields(l)[0]) || strings.Fields(l)[0] != string(rune('1'+i)) {
			t.Errorf("row %d: %s", i, l)
		}
	}
	if !strings.Contains(lines[1], "11-25 24:00  late by 9h 0m") || !strings.Contains(lines[4], "1d 15h left") {
		t.Errorf("remaining:\n%s", out)
	}

	_, out, _ = w.run(t, uProd, "zh", "", "queue", "--limit", "2")
	if !strings.Contains(out, "逾期 9小时0分") || !strings.Contains(out, "显示前 2 行，共 4 行") {
		t.Errorf("zh limited:\n%s", out)
	}
}

func TestOrdersListAndShow(t *testing.T) {
	w := queueWorld(t)
	ctx := context.Background()
	// Production answers the grade-A line.
	o, _ := w.o.OrderByNo(ctx, "SO-20261124-0006")
	if o == nil {
		t.Fatalf("orders: %v", w.o.orders)
	}
	_, _, err := w.o.UpdateLine(ctx, uProd, o.Lines[0].ID, o.Lines[0].Version, func(o *model.Order, l *model.OrderLine, _ model.ProductLookup) error {
		return l.Answer(uProd, testNow, w.svc.Calendar, model.NewDate(2026, 12, 18))
	})
	if err != nil {
		t.Fatal(err)
	}

	_, out, _ := w.run(t, uSales, "en", "", "orders", "list")
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if len(lines) != 5 || !strings.HasPrefix(lines[1], "SO-20261124-0006  1     永辉超市华东区") || !strings.Contains(lines[1], "answered") {
		t.Errorf("list:\n%s", out)
	}

	_, out, _ = w.run(t, uSales, "en", "", "orders", "list", "--status", "sent", "--customer", "C002", "--csv")
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(recs) != 3 || !slices.Equal(recs[0], orderListCols) || recs[1][2] != "C002" || recs[1][14] != "awaiting reply" || recs[1][11] != "无一元标示" || recs[2][10] != "P002" {
		t.Errorf("csv %v:\n%s", err, out)
	}
	_, out, _ = w.run(t, uSales, "en", "", "orders", "list", "--status", "已答复", "--json")
	var js []orderJSON
	if err := json.Unmarshal([]byte(out), &js); err != nil || len(js) != 1 || js[0].CustomerCode != "C001" || len(js[0].Lines) != 1 || js[0].Lines[0].PromisedDate != model.NewDate(2026, 12, 18) {
		t.Errorf("json %v %s", err, out)
	}
	if code, _, errs := w.run(t, uSales, "en", "", "orders", "list", "--customer", "C404"); code != 1 || !strings.Contains(errs, "not found") {
		t.Errorf("unknown customer %d %q", code, errs)
	}

	for _, ref := range []string{"SO-20261124-0006", "6"} {
		code, out, errs := w.run(t, uQA, "en", "", "orders", "show", ref)
		if code != 0 {
			t.Fatalf("%s: %s", ref, errs)
		}
		for _, want := range []string{"order SO-20261124-0006 (id 6, version 1)", "customer     永辉超市华东区 (C001, grade A)",
			"line 1  P002  18g 糖醋味鱼丸  300 件 (line id 7)", "status          answered", "promised date   2026-12-18",
			"reply due       2026-11-25 24:00  replied 9h 0m late", "history",
			"2026-11-24 07:00  sales      entered             P002 ×300 @2026-12-20",
			"2026-11-24 07:00  saleslead  sent to production  2026-11-25 24:00",
			"2026-11-26 09:00  prod       promised            2026-12-18"} {
			if !strings.Contains(out, want) {
				t.Errorf("show %s lacks %q:\n%s", ref, want, out)
			}
		}
	}
	_, out, _ = w.run(t, uQA, "zh", "", "orders", "show", "SO-20261124-0006")
	if !strings.Contains(out, "订单 SO-20261124-0006（ID 6，版本 1）") || !strings.Contains(out, "逾期 9小时0分 后答复") {
		t.Errorf("zh show:\n%s", out)
	}
	_, out, _ = w.run(t, uQA, "en", "", "orders", "show", "6", "--json")
	var one orderJSON
	if err := json.Unmarshal([]byte(out), &one); err != nil || one.No != "SO-20261124-0006" || one.CustomerName != "永辉超市华东区" || len(one.Lines[0].History) != 5 {
		t.Errorf("show json %v %s", err, out)
	}
	if code, _, errs := w.run(t, uQA, "en", "", "orders", "show", "SO-nope"); code != 1 || errs != "xietong: order SO-nope not found\n" {
		t.Errorf("not found %d %q", code, errs)
	}
}

func TestHelpListsCommands(t *testing.T) {
	w := newWorld(t)
	_, out, _ := w.run(t, uQA, "en", "", "help")
	for _, want := range []string{"customers import --csv < FILE", "orders show ID|NO [--json]", "queue [--limit N] [--json|--csv [--bom]|--xlsx]", "export kpi MONTH --csv [--bom]|--xlsx", "add --bom for Excel"} {
		if !strings.Contains(out, want) {
			t.Errorf("help lacks %q", want)
		}
	}
}

// Without --limit, orders list shows the newest 1000 orders and says so on
// stderr; --limit asks for more.
func TestOrdersListDefaultLimit(t *testing.T) {
	w := newWorld(t)
	for i := range defaultOrdersLimit + 1 {
		w.o.add(&model.Order{No: fmt.Sprintf("K3-%05d", i), CustomerID: 1, Owner: "sales", ReceivedAt: testNow,
			Lines: []model.OrderLine{{ProductCode: "P002", Qty: 1, RequestedDate: model.NewDate(2026, 12, 10), Status: model.LineSubmitted}}})
	}
	for _, c := range []struct {
		lang, want string
		args       []string
		n          int
	}{
		{"en", "only the newest 1000 orders are listed", nil, defaultOrdersLimit},
		{"zh", "只列出最新的 1000 张订单", nil, defaultOrdersLimit},
		{"en", "", []string{"--limit", "1001"}, defaultOrdersLimit + 1},
	} {
		code, out, errs := w.run(t, uSales, c.lang, "", append([]string{"orders", "list", "--json"}, c.args...)...)
		var got []map[string]any
		if err := json.Unmarshal([]byte(out), &got); code != 0 || err != nil || len(got) != c.n {
			t.Fatalf("%v: exit %d, %d orders (%v)", c.args, code, len(got), err)
		}
		if c.want == "" && errs != "" || c.want != "" && !strings.Contains(errs, c.want) {
			t.Errorf("%s %v: stderr %q", c.lang, c.args, errs)
		}
	}
}
