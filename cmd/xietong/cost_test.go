package main

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"xietong/model"
)

// The manufacturing cost target achievement over SSH: the office enters
// March's cost sheet on the KPI board's grid, a product by code and one
// by name; a negative cost and one with three decimals are refused at the
// cell; saved, the board shows 10.00 + 20.00 over 12.50 + 20.00 = 92.3 %
// and the details name the products, never their codes alone. Production's
// head, who opened the sheet before the office saved, is refused naming
// the office and when; read again, a lower actual cost shows above 100 %
// while the month runs. The year is 2028, after any month the demo seeds.
func TestCostSheetOnScreens(t *testing.T) {
	ts := startServer(t, Config{Demo: true})
	loc := ts.m.Clock.Loc
	ts.m.Clock.Set(time.Date(2028, 3, 16, 10, 0, 0, 0, loc))
	march := model.Month{Year: 2028, Month: time.March}
	toCost := func(tm *term) {
		t.Helper()
		tm.send("5", kRight)
		tm.waitText("2028-03 指标", "制造成本目标达成率")
		for range slices.Index(model.KPIs, model.KPICostTarget) {
			tm.send(kDown)
		}
		tm.send(kEnter)
	}

	prod := ts.open("prod", 120, 40, "")
	prod.waitText("今天需要你处理的事")
	toCost(prod)
	prod.waitText("制造成本目标达成率：Σ目标单位成本 ÷ Σ实际单位成本", "2028-03 还没有制造成本表。", "e 编辑本月制造成本表")
	prod.send("e")
	prod.waitText("2028-03 制造成本表", "产品编码或名称")
	prod.send("YDF-XL18", kTab, "9", kTab, "9", kEnter)
	prod.waitText("18g 香辣鱼豆腐", "100.0%")

	office := ts.open("office", 80, 24, "") // the smallest terminal: the details take the board's room
	office.waitText("今天需要你处理的事")
	toCost(office)
	office.waitText("2028-03 还没有制造成本表。", "e 编辑本月制造成本表")
	office.send("e")
	office.waitText("2028-03 制造成本表", "ctrl+s 保存")
	// The first product by its code; bad costs are refused at the cell.
	office.send("YDF-XL18", kTab, "-3", kEnter)
	office.waitText("18g 香辣", "✗ 目标单位成本(元)：成本不能为负数") // the name beside the code
	office.send("1.234", kEnter)
	office.waitText("✗ 目标单位成本(元)：最多两位小数（精确到分）")
	office.send("abc", kEnter)
	office.waitText("✗ 目标单位成本(元)：请填金额（元），如 12.50")
	office.send("10", kTab, "12.5", kEnter)
	office.waitText("80.0%")
	// The second by its name, in full-width digits.
	office.send("\x0e", "18g 糖醋味鱼丸", kTab, "２０", kTab, "20.00", kEnter)
	office.waitText("18g 糖醋", "100.0%")
	office.send(kCtrlS)
	screen := office.waitText("已保存 2028-03 制造成本表（2 个产品）", "合计：目标 30.00 元 ÷ 实际 32.50 元 = 92.3%")
	if !lineWith(screen, "制造成本目标达成率", "92.3%") {
		t.Fatalf("the board's line:\n%s", screen)
	}
	if !lineWith(screen, "18g 香辣鱼豆腐", "10.00", "12.50", "80.0%") || !lineWith(screen, "18g 糖醋味鱼丸", "20.00", "100.0%") ||
		strings.Contains(screen, "YDF-XL18") || strings.Contains(screen, "YW-TC18") {
		t.Fatalf("the details name the products:\n%s", screen)
	}
	v, err := ts.m.Svc.Meetings.KPI(context.Background(), model.KPICostTarget, march, "")
	if err != nil || !v.OK || v.Num != 3000 || v.Den != 3250 {
		t.Fatalf("the KPI: %+v %v", v, err)
	}

	// Production's head read the sheet before the office saved it.
	prod.send(kCtrlS)
	prod.waitText("cost/2028-03 已被 郑红 于 2028-03-16 10:00:00 修改")
	prod.send(kEsc)
	prod.waitText("放弃未保存的修改吗")
	prod.send("y")
	prod.waitText("合计：目标 30.00 元 ÷ 实际 32.50 元 = 92.3%", "18g 糖醋味鱼丸")
	// Read again: the first product's actual cost down to 8.00. The month
	// is running and the figure passes 100 %: shown as counted.
	prod.send("e")
	prod.waitText("2028-03 制造成本表", "12.50")
	prod.send(kRight, kRight, "8", kEnter, kCtrlS)
	screen = prod.waitText("已保存 2028-03 制造成本表（2 个产品）", "合计：目标 30.00 元 ÷ 实际 28.00 元 = 107.1%", "（截至今天）", "高于 100%：实际成本低于目标")
	if !lineWith(screen, "制造成本目标达成率", "107.1%") {
		t.Fatalf("above 100 %% while the month runs:\n%s", screen)
	}
	// The office's board follows live.
	office.waitText("107.1%")

	// Sales may read the sheet but not edit it.
	sales := ts.open("sales", 100, 30, "")
	sales.waitText("今天需要你处理的事")
	toCost(sales)
	screen = sales.waitText("18g 香辣鱼豆腐", "107.1%")
	if strings.Contains(screen, "e 编辑本月制造成本表") {
		t.Fatalf("sales is offered the grid:\n%s", screen)
	}
	sales.send("e")
	if screen := sales.waitText("只有生产部主管或综合办公室可以填写制造成本表"); strings.Contains(screen, "2028-03 制造成本表") {
		t.Fatalf("sales opened the grid:\n%s", screen)
	}
}
