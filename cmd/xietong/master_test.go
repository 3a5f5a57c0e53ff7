package main

import (
	"context"
	"strings"
	"testing"
)

// Master data over SSH: production adjusts stock with a reason (audited),
// sales adds a customer, a production head edits a product; bad input is
// refused at the field.
func TestMasterDataScreens(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	prod := f.ts.open("prod", 110, 34, "")
	prod.waitText("今天需要你处理的事")
	prod.send("2", kTab)
	prod.waitText("成品库存")
	prod.send("/", "T-FISH", kEnter)
	moveTo(t, prod, "带一元标示       │")
	prod.send("a")
	prod.waitText("调整库存 T-FISH")
	prod.send("abc", kTab, "盘点差异", kCtrlS)
	prod.waitText("✗ 请输入正整数")
	prod.send("\x15", "-20", kCtrlS) // the field in error has the focus
	prod.waitText("库存已调整：T-FISH 带一元标示 现为 280")
	st, err := f.ts.m.Svc.Master.Stock(ctx, "T-FISH", "mark")
	if err != nil || st.Qty != 280 {
		t.Fatalf("stock = %+v %v", st, err)
	}
	entries, err := f.ts.m.Svc.Audit.Audit(ctx, "")
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range entries {
		found = found || e.Who == "prod" && e.Record == "stock/T-FISH/mark"
	}
	if !found {
		t.Fatal("no audit entry for the adjustment")
	}

	// Products tab: edit the daily capacity.
	prod.send(kEsc, kRight)
	prod.waitText("经济批量")
	moveTo(t, prod, "测试鱼豆腐 18g")
	prod.send("e")
	prod.waitText("修改产品 T-FISH")
	for range 4 {
		prod.send(kTab)
	}
	prod.waitText("系列")
	prod.send("测试系列")
	for range 4 {
		prod.send(kTab)
	}
	prod.send("\x15", "1200", kCtrlS)
	prod.waitText("产品已保存：T-FISH")
	if p, _ := f.ts.m.Svc.Master.Product(ctx, "T-FISH"); p.DailyCapacity != 1200 || p.Family != "测试系列" {
		t.Fatalf("capacity = %d, family %q", p.DailyCapacity, p.Family)
	}

	sales := f.ts.open("sales", 110, 34, "")
	sales.waitText("今天需要你处理的事")
	sales.send("2", kTab, kRight, kRight)
	sales.waitText("测试丙商店")
	sales.send("n")
	sales.waitText("新增客户")
	sales.send("T-D", kTab, "测试丁便利店", kTab, "西南", kTab, kRight, kRight, " ", kCtrlS)
	sales.waitText("客户已保存：T-D 测试丁便利店")
	if c, err := f.ts.m.Svc.Master.CustomerByCode(ctx, "T-D"); err != nil || c.Grade != "C" {
		t.Fatalf("customer = %+v %v", c, err)
	}
}

// "/" in a list finds rows by the pinyin initials of their Chinese, as the
// lookups and the command line do.
func TestListFilterByInitials(t *testing.T) {
	ts := startServer(t, Config{Demo: true})
	sales := ts.open("sales", 80, 24, "")
	sales.waitText("今天需要你处理的事")
	sales.send("2", kTab, kRight)
	sales.waitText("YDF-XL18", "YW-TC18")
	sales.send("/", "xlydf")
	screen := sales.waitText("筛选：xlydf", "┃ YDF-XL18")
	if strings.Contains(screen, "YW-TC18") {
		t.Fatalf("the filter kept another product:\n%s", screen)
	}
}
