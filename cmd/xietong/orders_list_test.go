package main

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"xietong/model"
)

// The orders list holds every order however many there are: after 1,000
// imported orders the oldest is reached by G and found by / (the search
// asks the store, not the rows on screen), and opens to its line.
func TestOrdersListReachesEveryOrder(t *testing.T) {
	f := newFixture(t)
	var b strings.Builder
	b.WriteString("order_ref,customer,product,variant,qty,requested_date\n")
	for i := 1; i <= 1000; i++ {
		fmt.Fprintf(&b, "K3-%04d,T-C,T-FISH,带一元标示,%d,%s\n", i, 10+i, f.today.AddDays(10))
	}
	c, err := f.ts.dial("sales")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if r := runExec(t, c, "orders import --csv", b.String()); r.code != 0 {
		t.Fatalf("import: %d %s", r.code, r.stderr)
	}
	ctx := context.Background()
	first, err := f.ts.m.Svc.Orders.OrderRows(ctx, model.OrderQuery{Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	total := first.Total
	if total < 1000 {
		t.Fatalf("%d rows after importing 1,000 orders", total)
	}
	last, err := f.ts.m.Svc.Orders.OrderRows(ctx, model.OrderQuery{Offset: total - 1, Limit: 1})
	if err != nil || len(last.Rows) != 1 {
		t.Fatalf("last row: %+v %v", last, err)
	}
	oldest := last.Rows[0]
	its, err := f.ts.m.Svc.Orders.OrderRows(ctx, model.OrderQuery{Search: oldest.No, Limit: 10})
	if err != nil || len(its.Rows) == 0 {
		t.Fatalf("lines of %s: %+v %v", oldest.No, its, err)
	}

	sales := f.ts.open("sales", 80, 24, "")
	sales.waitText("今天需要你处理的事")
	sales.send("3")
	sales.waitText(fmt.Sprintf("第 1 行，共 %d 行", total))
	sales.send("G")
	sales.waitText(fmt.Sprintf("第 %d 行，共 %d 行", total, total), fmt.Sprintf("%s/%d", oldest.No, oldest.LineNo))
	sales.send("g")
	sales.waitText(fmt.Sprintf("第 1 行，共 %d 行", total))

	sales.send("/", oldest.No, kEnter)
	sales.waitText(fmt.Sprintf("第 1 行，共 %d 行", its.Total), oldest.No+"/1")
	sales.send(kEnter)
	sales.waitText(oldest.No, fmt.Sprint(its.Rows[0].Qty))

	// A search that finds nothing says so; esc brings the whole list back.
	sales.send(kEsc, kEsc)
	sales.waitText(fmt.Sprintf("第 1 行，共 %d 行", total))
	sales.send("/", "无此订单")
	sales.waitText("没有符合“无此订单”的记录")
	sales.send(kEsc)
	sales.waitText(fmt.Sprintf("第 1 行，共 %d 行", total))
}

// The command line (":") goes to a section by its name in either language
// or its digit, and opens an order line by its number; the line's history
// names its product and variant, not their codes.
func TestCommandLineOpensAnOrder(t *testing.T) {
	f := newFixture(t)
	o := f.sentOrder(f.c, 40, 20)
	sales := f.ts.open("sales", 80, 24, "")
	sales.waitText("今天需要你处理的事")

	sales.send(":", "orders")
	sales.waitText("▸ 3 订单")
	sales.send(kEnter)
	sales.waitText("全部订单（按 m 只看我的）")

	sales.send("1", ":", o.No)
	sales.waitText(fmt.Sprintf("▸ %s/1  测试丙商店  测试鱼豆腐 带一元标示", o.No))
	sales.send(kEnter)
	sales.waitText(o.No+"/1", "处理记录", "→ 测试鱼豆腐 带一元标示 ×40，")

	// Nothing found says so; esc closes the line and leaves the screen.
	sales.send(kEsc, ":", "无此单号")
	sales.waitText("没有符合“无此单号”的栏目或订单")
	sales.send(kEsc)
	sales.waitText("全部订单（按 m 只看我的）")
}
