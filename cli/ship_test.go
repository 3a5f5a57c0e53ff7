package cli

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"xietong/model"
)

// shipWorld is the fake factory with 300 of P001/mark in stock and an order
// of two lines: line 1 (500 P001/mark) answered, line 2 (50 P002) only
// sent to production.
func shipWorld(t *testing.T) (*world, *model.Order) {
	t.Helper()
	w := newWorld(t)
	w.o.stock = w.m.move
	if err := w.m.move("P001", "mark", 300); err != nil {
		t.Fatal(err)
	}
	today := w.svc.Calendar.DateOf(testNow)
	o := w.sentOrder(t, "C001", testNow, model.LineInput{ProductCode: "P001", Variant: "mark", Qty: 500, RequestedDate: today.AddDays(7)},
		model.LineInput{ProductCode: "P002", Qty: 50, RequestedDate: today.AddDays(7)})
	l := o.Lines[0]
	_, _, err := w.o.UpdateLine(context.Background(), uProd, l.ID, l.Version, func(_ *model.Order, l *model.OrderLine, _ model.ProductLookup) error {
		return l.Answer(uProd, testNow, w.svc.Calendar, today.AddDays(5))
	})
	if err != nil {
		t.Fatal(err)
	}
	return w, o
}

// stockOf is the fake's stock of a product variant.
func (w *world) stockOf(t *testing.T, product, variant string) int64 {
	t.Helper()
	s, err := w.m.Stock(context.Background(), product, variant)
	if err != nil {
		t.Fatal(err)
	}
	return s.Qty
}

func TestShip(t *testing.T) {
	w, o := shipWorld(t)
	ref := o.No + "/1"
	// Part of the line, by order number and line number: one line saying
	// what shipped, how the line stands and what stock is left.
	code, out, errs := w.run(t, uStore, "zh", "", "ship", ref, "１２０")
	if code != ExitOK || errs != "" || strings.Count(out, "\n") != 1 {
		t.Fatalf("exit %d out %q err %q", code, out, errs)
	}
	for _, want := range []string{"已发货 " + ref, "18g 香辣鱼豆腐 带一元标示 120 件（2026-11-26）", "该行已发 120/500", "部分发货", "库存剩 180 件"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q: %s", want, out)
		}
	}
	if n := w.stockOf(t, "P001", "mark"); n != 180 {
		t.Fatalf("stock %d, want 180", n)
	}
	// By line id, dated yesterday, as JSON; the status is a code there.
	_, l, _ := w.o.Line(context.Background(), o.Lines[0].ID)
	id, version := l.ID, l.Version
	code, out, errs = w.run(t, uStore, "en", "", "ship", strconv.FormatUint(id, 10), "80", "--date", "2026/11/25", "--json")
	if code != ExitOK || errs != "" {
		t.Fatalf("exit %d out %q err %q", code, out, errs)
	}
	var j shipJSON
	if err := json.Unmarshal([]byte(out), &j); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if j.OrderNo != o.No || j.LineNo != 1 || j.LineID != id || j.Product != "P001" || j.Variant != "mark" || j.Qty != 80 ||
		j.Date != model.NewDate(2026, 11, 25) || j.ShippedQty != 200 || j.LineQty != 500 || j.Remaining != 300 ||
		j.Status != model.LineShipping || j.StockLeft != 100 || j.Version != version+1 {
		t.Fatalf("json %+v", j)
	}
	_, l, _ = w.o.Line(context.Background(), o.Lines[0].ID)
	if len(l.Shipments) != 2 || l.Shipments[1].By != "store" || l.History[len(l.History)-1].Kind != model.EvShip {
		t.Fatalf("line after shipping %+v", l)
	}
}

// Bad input exits 2 with one line naming the problem in the reader's
// language, and nothing is recorded.
func TestShipRefuses(t *testing.T) {
	w, o := shipWorld(t)
	ref := o.No + "/1"
	w.m.move("P001", "mark", -200) // 100 left
	_, before, _ := w.o.Line(context.Background(), o.Lines[0].ID)
	version := before.Version
	for _, c := range []struct {
		lang string
		args []string
		want string
	}{
		{"en", []string{"SO-1/x", "5"}, "a line is ORDER-NO/LINE (e.g. SO-20261126-0001/1) or a line id, not SO-1/x"},
		{"zh", []string{"/1", "5"}, "订单行应写成 订单号/行号"},
		{"en", []string{ref, "0"}, "quantity: must be greater than 0"},
		{"en", []string{ref, "-5"}, "quantity: must be greater than 0"},
		{"zh", []string{ref, "1.5"}, "数量: 请输入正整数"},
		{"en", []string{ref, "ten"}, "quantity: a whole number"},
		{"en", []string{ref, "10000001"}, "quantity: at most 10000000"},
		{"en", []string{ref, "99999999999999999999999"}, "quantity: at most 10000000"},
		{"en", []string{ref, "5", "--date", "2026-02-30"}, "date: "},
		{"zh", []string{ref, "5", "--date", "明天"}, "日期: 日期格式应为"},
		{"en", []string{ref, "5", "--date", "2026-11-27"}, "date: cannot be after today (2026-11-26)"},
		{"en", []string{"999999", "5"}, "no order line 999999"},
		{"zh", []string{"SO-20990101-0001/1", "5"}, "没有订单 SO-20990101-0001"},
		{"en", []string{o.No + "/3", "5"}, "order " + o.No + " has no line 3 (it has 2)"},
		{"en", []string{ref, "501"}, "quantity: more than remains to ship (500 left)"},
		{"zh", []string{ref, "150"}, "数量: 库存不足：P001/mark 现有 100，要出 150"},
		{"en", []string{ref, "150"}, "not enough stock: P001/mark has 100 on hand, 150 asked"},
		{"en", []string{o.No + "/2", "5"}, o.No + "/2 is awaiting reply and cannot ship: only lines that are answered, at risk, in production or partly shipped can ship"},
		{"zh", []string{o.No + "/2", "5"}, "当前为“待答复”，不能发货：只有已答复、交期风险、生产中或部分发货的行可以发货"},
		{"en", []string{ref}, "usage: ship LINE QTY"},
		{"en", []string{ref, "5", "--date"}, "--date needs a value"},
	} {
		args := append([]string{"ship"}, c.args...)
		code, out, errs := w.run(t, uStore, c.lang, "", args...)
		if code != ExitUsage || out != "" || !strings.Contains(errs, c.want) || strings.Count(errs, "\n") != 1 {
			t.Errorf("%q: exit %d out %q err %q", c.args, code, out, errs)
		}
		if strings.Contains(errs, "sent") || strings.Contains(errs, "line_state") {
			t.Errorf("%q: an internal code in %q", c.args, errs)
		}
	}
	// Someone without the right is refused as on the screen (exit 1).
	code, out, errs := w.run(t, uSales, "en", "", "ship", ref, "5")
	if code != ExitError || out != "" || !strings.Contains(errs, "only production staff may record shipments") {
		t.Errorf("sales shipped: exit %d out %q err %q", code, out, errs)
	}
	_, after, _ := w.o.Line(context.Background(), o.Lines[0].ID)
	if after.Version != version || after.ShippedQty != 0 || w.stockOf(t, "P001", "mark") != 100 {
		t.Fatalf("a refused shipment left a trace: %+v, stock %d", after, w.stockOf(t, "P001", "mark"))
	}
	// A line shipped in full names its state.
	if code, _, errs := w.run(t, uStore, "en", "", "ship", ref, "100"); code != ExitOK {
		t.Fatal(errs)
	}
	w.m.move("P001", "mark", 1000)
	if code, _, errs := w.run(t, uStore, "en", "", "ship", ref, "400"); code != ExitOK {
		t.Fatal(errs)
	}
	if code, _, errs := w.run(t, uStore, "zh", "", "ship", ref, "1"); code != ExitUsage || !strings.Contains(errs, "当前为“已发货”") {
		t.Errorf("a shipped line: exit %d err %q", code, errs)
	}
}
