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
	sales.send("2")
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

	// The pinyin initials of a customer's name find its orders: every one
	// imported, and no other.
	ofC, err := f.ts.m.Svc.Orders.OrderRows(ctx, model.OrderQuery{Customer: f.c.ID, Limit: 1})
	if err != nil || ofC.Total < 1000 {
		t.Fatalf("lines of %s: %+v %v", f.c.Name, ofC.Total, err)
	}
	sales.send("/", "csbsd", kEnter) // 测试丙商店
	sales.waitText(fmt.Sprintf("第 1 行，共 %d 行", ofC.Total), "测试丙商")
	sales.send(kEsc)
	sales.waitText(fmt.Sprintf("第 1 行，共 %d 行", total))

	// The oldest order opens by its number on the command line too; its
	// line by the number as the list shows it.
	ref := fmt.Sprintf("%s/%d", oldest.No, oldest.LineNo)
	sales.send(":", oldest.No)
	sales.waitText("▸ "+oldest.No+"/1", "  "+ref)
	sales.send("\x15", ref)
	sales.waitText("▸ " + ref)
	sales.send(kEnter)
	sales.waitText(ref, "处理记录")
	sales.send(kEsc)
	sales.waitText(fmt.Sprintf("第 1 行，共 %d 行", total))

	// Production asks about the oldest line from its detail, and sales
	// answers the question from the line's detail: the answer shows in
	// its history.
	svc := f.ts.m.Svc
	lead := f.user("saleslead")
	for {
		_, l, err := svc.Orders.Line(ctx, oldest.LineID)
		if err != nil {
			t.Fatal(err)
		}
		var step func(l *model.OrderLine) error
		switch l.Status {
		case model.LineDraft:
			step = func(l *model.OrderLine) error { return l.Submit(lead, svc.Clock.Now(), svc.Calendar) }
		case model.LineSubmitted:
			step = func(l *model.OrderLine) error { return l.Review(lead, svc.Clock.Now(), svc.Calendar) }
		case model.LineReviewed:
			step = func(l *model.OrderLine) error { return l.Send(lead, svc.Clock.Now(), svc.Calendar) }
		case model.LineSent:
		default:
			t.Fatalf("the oldest line is %s: no question can be asked about it", l.Status)
		}
		if step == nil {
			break
		}
		if _, _, err := svc.Orders.UpdateLine(ctx, lead, l.ID, l.Version, func(_ *model.Order, l *model.OrderLine, _ model.ProductLookup) error {
			return step(l)
		}); err != nil {
			t.Fatal(err)
		}
	}
	prod := f.ts.open("prod", 80, 24, "")
	prod.waitText("今天需要你处理的事")
	prod.send(":", ref)
	prod.waitText("▸ " + ref)
	prod.send(kEnter)
	prod.waitText("u 订单内容不明")
	prod.send("u", "最早这单的包装是哪一种？", kCtrlS)
	prod.waitText("已订单内容不明：" + ref)

	sales.send(":", ref)
	sales.waitText("▸ " + ref)
	sales.send(kEnter)
	sales.waitText("最早这单的包装是哪一种？", "a 答复疑问")
	sales.send("a", "二十件装纸箱", kCtrlS)
	sales.waitText("已答复疑问："+ref, "│ 答复疑问")
	sales.send(kEnter) // the newest entry, in full: the question and its answer
	sales.waitText(ref, "最早这单的包装是哪一种？", "二十件装纸箱")
	sales.send(kEsc)
	sales.waitText("处理记录")
	_, l, err := svc.Orders.Line(ctx, oldest.LineID)
	if err != nil {
		t.Fatal(err)
	}
	if l.Status != model.LineSent || l.Question != "" || l.History[len(l.History)-1].Kind != model.EvClarify {
		t.Fatalf("after the answer: %s %q %+v", l.Status, l.Question, l.History[len(l.History)-1])
	}
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
	sales.waitText("▸ 2 销售 › 订单")
	sales.send(kEnter)
	sales.waitText("全部订单（按 m 只看我的）")

	sales.send("1", ":", o.No)
	sales.waitText(fmt.Sprintf("▸ %s/1  测试丙商店  测试鱼豆腐 带一元标示", o.No))
	sales.send(kEnter)
	sales.waitText(o.No+"/1", "处理记录", "→ 测试鱼豆腐 带一元标示 ×40，")

	// A customer by the initials of its name, a product by its code: the
	// master data screen with the cursor on the record.
	sales.send(kEsc, ":", "csbsd")
	sales.waitText("▸ 客户 T-C  测试丙商店")
	sales.send(kEnter)
	sales.waitFor("the customer under the cursor", func(s string) bool { return lineWith(s, "┃", "T-C", "测试丙商店") })
	sales.send(":", "t-fish")
	sales.waitText("▸ 产品 T-FISH  测试鱼豆腐")
	sales.send(kEnter)
	sales.waitFor("the product under the cursor", func(s string) bool { return lineWith(s, "┃", "T-FISH", "测试鱼豆腐") })

	// An anomaly by its number.
	an, err := f.ts.m.Svc.Shop.FileAnomaly(context.Background(), f.user("shop"), &model.Anomaly{
		Category: model.AnomalyCategories[0], Severity: 2, Text: "2 号线传送带打滑", DelayDays: 1})
	if err != nil {
		t.Fatal(err)
	}
	sales.send(":", fmt.Sprintf("异常 %d", an.ID))
	sales.waitText(fmt.Sprintf("▸ 异常 #%d", an.ID))
	sales.send(kEnter)
	sales.waitText("2 号线传送带打滑")
	sales.send(kEsc)

	// Nothing found says so; esc closes the line and leaves the screen.
	sales.send("2", ":", "无此单号")
	sales.waitText("没有符合“无此单号”的栏目、客户、产品、异常或订单")
	sales.send(kEsc)
	sales.waitText("全部订单（按 m 只看我的）")
}

// In the order form F4 looks up the customer, the product and its variant
// by code, name or pinyin initials, and enter fills the field; a name typed
// in full names its record on save.
func TestOrderFormLookups(t *testing.T) {
	f := newFixture(t)
	sales := f.ts.open("sales", 80, 24, "")
	sales.waitText("今天需要你处理的事")
	sales.send("2", "n")
	sales.waitText("新建订单")

	// The customer by the initials of 测试丙商店.
	sales.send("csbsd", kF4)
	sales.waitText("选择客户", "▸ T-C  测试丙商店")
	sales.send(kEnter)
	sales.waitText("T-C 测试丙商店 · C")
	sales.send("电话", kTab, kTab)

	// The product by part of its name, the variant by its name.
	sales.send("鱼豆腐", kF4)
	sales.waitText("选择产品", "▸ T-FISH  测试鱼豆腐")
	sales.send(kEnter, kF4)
	sales.waitText("选择型号", "▸ mark  带一元标示", "plain  无标示")
	sales.send(kDown, kEnter, "30", kTab, f.today.AddDays(12).String())
	sales.send(kCtrlS)
	sales.waitText("已提交（1 行）")
	latest := func() model.OrderRow {
		t.Helper()
		rows, err := f.ts.m.Svc.Orders.OrderRows(context.Background(), model.OrderQuery{Limit: 1})
		if err != nil || len(rows.Rows) != 1 {
			t.Fatalf("orders: %+v %v", rows, err)
		}
		return rows.Rows[0]
	}
	byLookup := latest()
	if byLookup.CustomerID != f.c.ID || byLookup.Product != "T-FISH" || byLookup.Variant != "plain" || byLookup.Qty != 30 {
		t.Errorf("order entered by lookups: %+v", byLookup)
	}

	// Names typed in full, no lookup.
	sales.send("n")
	sales.waitText("新建订单")
	sales.send("测试甲超市", kTab, kTab, kTab, "测试鱼豆腐", kTab, kTab, "40", kTab, f.today.AddDays(12).String())
	sales.send(kCtrlS)
	sales.waitFor("the second order", func(s string) bool {
		return !strings.Contains(s, "订单 "+byLookup.No+" 已提交") && strings.Contains(s, "已提交（1 行）")
	})
	byName := latest()
	if byName.CustomerID != f.a.ID || byName.Product != "T-FISH" || byName.Qty != 40 {
		t.Errorf("order entered by names: %+v", byName)
	}

	// The other way round: the customer by part of its name, the product
	// by the initials of its name (测试鱼豆腐).
	sales.send("n")
	sales.waitText("新建订单")
	sales.send("乙超", kF4)
	sales.waitText("选择客户", "▸ T-B  测试乙超市")
	sales.send(kEnter)
	sales.waitText("T-B 测试乙超市 · B")
	sales.send(kTab, kTab)
	sales.send("csyd", kF4)
	sales.waitText("选择产品", "▸ T-FISH  测试鱼豆腐")
	sales.send(kEnter, kTab, "50", kTab, f.today.AddDays(12).String())
	sales.send(kCtrlS)
	sales.waitFor("the third order", func(s string) bool {
		return !strings.Contains(s, "订单 "+byName.No+" 已提交") && strings.Contains(s, "已提交（1 行）")
	})
	byParts := latest()
	if byParts.CustomerID != f.b.ID || byParts.Product != "T-FISH" || byParts.Qty != 50 {
		t.Errorf("order entered by part of a name and initials: %+v", byParts)
	}
}

// An error made on one screen is not shown on the next.
func TestErrorStaysWithItsScreen(t *testing.T) {
	f := newFixture(t)
	prod := f.ts.open("prod", 80, 24, "")
	prod.waitText("今天需要你处理的事")
	prod.send("2")
	prod.waitText("全部订单")
	prod.send("n") // production may not enter orders
	prod.waitFor("the refusal", func(s string) bool { return strings.Contains(s, "✗ ") })
	prod.send("1")
	prod.waitFor("home without it", func(s string) bool {
		return strings.Contains(s, "今天需要你处理的事") && !strings.Contains(s, "✗ ")
	})
}

// A history entry too long for its row opens to its full text at 80×24.
func TestHistoryEntryOpensInFull(t *testing.T) {
	f := newFixture(t)
	o := f.sentOrder(f.c, 40, 20)
	ctx := context.Background()
	svc := f.ts.m.Svc
	question := "请确认包装规格：客户要求每箱 20 袋，但系统中登记的是每箱 10 袋，请销售与客户核对后回复，确认前不排产。"
	_, l, err := svc.Orders.Line(ctx, o.Lines[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := svc.Orders.UpdateLine(ctx, f.user("prod"), l.ID, l.Version, func(_ *model.Order, l *model.OrderLine, _ model.ProductLookup) error {
		return l.MarkUnclear(f.user("prod"), svc.Clock.Now(), svc.Calendar, question)
	}); err != nil {
		t.Fatal(err)
	}
	sales := f.ts.open("sales", 80, 24, "")
	sales.waitText("今天需要你处理的事")
	sales.send(":", o.No)
	sales.waitText("▸ " + o.No + "/1")
	sales.send(kEnter)
	screen := sales.waitText("处理记录", "请确认包装规格")
	if strings.Contains(screen, "确认前不排产") {
		t.Fatalf("the question fits its row at 80 columns; the test needs a longer one:\n%s", screen)
	}
	sales.send(kEnter) // the newest entry is under the cursor
	sales.waitText(o.No+"/1", "刘建国", "确认前不排产")
	sales.send(kEsc)
	sales.waitText("处理记录")
	sales.send(kUp, kEnter) // the entry before it: sent to production
	sales.waitText("下达生产")
	sales.send(kEsc, kEsc)
	sales.waitText("全部订单")
}

// f narrows the orders list to one status, chosen by name or initials.
func TestOrdersListByStatus(t *testing.T) {
	f := newFixture(t)
	f.sentOrder(f.c, 40, 20)
	sent, err := f.ts.m.Svc.Orders.OrderRows(context.Background(), model.OrderQuery{Status: model.LineSent, Limit: 1})
	if err != nil || sent.Total == 0 {
		t.Fatalf("sent lines: %+v %v", sent, err)
	}
	sales := f.ts.open("sales", 80, 24, "")
	sales.waitText("今天需要你处理的事")
	sales.send("2", "f")
	sales.waitText("只看某一状态的订单行", "▸ 全部状态")
	sales.send("ddf") // 待答复 by its initials
	sales.waitText("▸ 待答复")
	sales.send(kEnter)
	screen := sales.waitText("只看：待答复", fmt.Sprintf("第 1 行，共 %d 行", sent.Total))
	if strings.Contains(screen, "已提交") {
		t.Fatalf("other statuses listed:\n%s", screen)
	}
	sales.send("f", kEnter) // every status again
	sales.waitFor("the whole list", func(s string) bool { return !strings.Contains(s, "只看：") && strings.Contains(s, "全部订单") })

	// o orders the list: largest quantity first.
	big, err := f.ts.m.Svc.Orders.OrderRows(context.Background(), model.OrderQuery{Sort: model.SortQty, Limit: 1})
	if err != nil || len(big.Rows) != 1 {
		t.Fatalf("largest line: %+v %v", big, err)
	}
	sales.send("o")
	sales.waitText("订单行的排列顺序", "▸ 最新订单在前")
	sales.send("数量", kEnter)
	sales.waitFor("largest first", func(s string) bool {
		return strings.Contains(s, "数量大的在前") && lineWith(s, "┃", fmt.Sprintf("%s/%d", big.Rows[0].No, big.Rows[0].LineNo), fmt.Sprint(big.Rows[0].Qty))
	})
}

// c, p and d narrow the orders list to a customer, a product and a range of
// requested dates, picked by name or pinyin initials; a bad or reversed
// date is refused at its field and the list stays as it was.
func TestOrdersListByCustomerProductDates(t *testing.T) {
	f := newFixture(t)
	near := f.sentOrder(f.a, 10, 5)
	f.sentOrder(f.a, 20, 40)
	f.sentOrder(f.b, 30, 5)
	ctx := context.Background()
	count := func(q model.OrderQuery) int {
		p, err := f.ts.m.Svc.Orders.OrderRows(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		return p.Total
	}
	sales := f.ts.open("sales", 80, 24, "")
	sales.waitText("今天需要你处理的事")
	sales.send("2", "c")
	sales.waitText("只看这个客户的订单行", "▸ 全部客户")
	sales.send("csjcs") // 测试甲超市 by its initials
	sales.waitText("▸ T-A  测试甲超市")
	sales.send(kEnter)
	sales.waitText(fmt.Sprintf("第 1 行，共 %d 行 · 测试甲超市", count(model.OrderQuery{Customer: f.a.ID})))

	sales.send("p", "T-FISH", kEnter)
	sales.waitText(fmt.Sprintf("共 %d 行 · 测试甲超市 · 测试鱼豆腐", count(model.OrderQuery{Customer: f.a.ID, Product: "T-FISH"})))

	sales.send("d")
	sales.waitText("按要求交期筛选", "日期含首尾")
	sales.send("2026-02-30", kCtrlS)
	sales.waitText("没有这一天：2026-02-30")
	from, to := f.today.AddDays(1), f.today.AddDays(10)
	sales.send("\x15", to.String(), kTab, from.String(), kCtrlS)
	sales.waitText(fmt.Sprintf("结束日期 %s 早于开始日期 %s", from, to))
	sales.send(kShiftTab, "\x15", from.String(), kTab, "\x15", to.String(), kCtrlS)
	screen := sales.waitText(fmt.Sprintf("第 1 行，共 1 行 · 测试甲超市 · 测试鱼豆腐 · 交期 %s 至 %s", from, to))
	if !strings.Contains(screen, near.No+"/1") {
		t.Fatalf("the near order is not listed:\n%s", screen)
	}
	// Every customer again: the other filters stay.
	sales.send("c", kEnter)
	sales.waitText(fmt.Sprintf("共 %d 行 · 测试鱼豆腐 · 交期", count(model.OrderQuery{Product: "T-FISH", From: from, To: to})))
}

// o orders the list by requested date, promised date, customer or product.
// At 80 columns the list sorted by a date shows that date: the other date
// and the quantity give way to it. In both languages.
func TestOrdersListSortShowsItsColumn(t *testing.T) {
	f := newFixture(t)
	near := f.sentOrder(f.b, 10, 3) // 测试乙超市: yi
	far := f.sentOrder(f.a, 20, 40) // 测试甲超市: jia
	mid := f.sentOrder(f.c, 30, 12) // 测试丙商店: bing
	ctx := context.Background()
	svc := f.ts.m.Svc
	promised := svc.Calendar.NextWorkingDay(f.today.AddDays(20))
	_, l, err := svc.Orders.Line(ctx, mid.Lines[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := svc.Orders.UpdateLine(ctx, f.user("prod"), l.ID, l.Version, func(_ *model.Order, l *model.OrderLine, _ model.ProductLookup) error {
		return l.Answer(f.user("prod"), svc.Clock.Now(), svc.Calendar, promised)
	}); err != nil {
		t.Fatal(err)
	}
	row := func(o *model.Order) string { return o.No + "/1" }
	requested := func(o *model.Order) string { return o.Lines[0].RequestedDate.String() }

	sales := f.ts.open("sales", 80, 24, "")
	sales.waitText("今天需要你处理的事")
	sales.send("2", "/", "测试", kEnter) // the fixture's orders only
	sales.waitText("第 1 行，共 3 行")
	sales.send("o", "要求", kEnter)
	sales.waitFor("the requested dates", func(s string) bool {
		return strings.Contains(s, "要求交期早的在前") && lineWith(s, "订单号/行", "要求交期", "状态") && !lineWith(s, "订单号/行", "承诺交期") &&
			lineWith(s, row(near), requested(near)) && lineWith(s, row(mid), requested(mid)) && lineWith(s, row(far), requested(far)) &&
			rowOf(s, row(near)) < rowOf(s, row(mid)) && rowOf(s, row(mid)) < rowOf(s, row(far))
	})
	sales.send("o", "承诺", kEnter)
	sales.waitFor("the promised date", func(s string) bool {
		return strings.Contains(s, "承诺交期早的在前") && lineWith(s, "订单号/行", "承诺交期", "状态") && !lineWith(s, "订单号/行", "要求交期") &&
			lineWith(s, row(mid), promised.String()) && rowOf(s, row(mid)) < rowOf(s, row(near))
	})
	// By customer: 丙 (bing), 甲 (jia), 乙 (yi), as a Chinese index orders
	// them; by the characters' codes it would be 丙 乙 甲.
	sales.send("o", "客户", kEnter)
	sales.waitFor("by customer", func(s string) bool {
		return strings.Contains(s, "按客户名称排列") && rowOf(s, row(mid)) >= 0 &&
			rowOf(s, row(mid)) < rowOf(s, row(far)) && rowOf(s, row(far)) < rowOf(s, row(near))
	})
	// One product: ties newest first.
	sales.send("o", "产品", kEnter)
	sales.waitFor("by product", func(s string) bool {
		return strings.Contains(s, "按产品编码排列") && rowOf(s, row(mid)) >= 0 &&
			rowOf(s, row(mid)) < rowOf(s, row(far)) && rowOf(s, row(far)) < rowOf(s, row(near))
	})
	// Newest first again: neither date fits at 80 columns.
	sales.send("o", kEnter)
	sales.waitFor("newest first", func(s string) bool {
		return lineWith(s, "订单号/行", "数量", "状态") && !strings.Contains(s, "要求交期") && !strings.Contains(s, "承诺交期")
	})

	en := f.ts.open("sales", 80, 24, "en_US.UTF-8")
	en.waitText("what needs you today")
	en.send("2", "/", "测试", kEnter)
	en.waitText("row 1 of 3")
	en.send("o", "requested", kEnter)
	en.waitFor("the requested dates", func(s string) bool {
		return strings.Contains(s, "earliest requested date first") && lineWith(s, "Order/line", "Requested", "Status") &&
			lineWith(s, row(far), requested(far))
	})
	en.send("o", "promised", kEnter)
	en.waitFor("the promised date", func(s string) bool {
		return lineWith(s, "Order/line", "Promised", "Status") && lineWith(s, row(mid), promised.String())
	})
	en.send("o", "customer", kEnter)
	en.waitFor("by customer", func(s string) bool {
		return strings.Contains(s, "by customer name") && rowOf(s, row(mid)) >= 0 &&
			rowOf(s, row(mid)) < rowOf(s, row(far)) && rowOf(s, row(far)) < rowOf(s, row(near))
	})
}
