package main

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"xietong/model"
)

// The packaging purchase request on screens, in 2028 after any history
// the demo seeds: with a February forecast of 2,900 marked 18g 香辣鱼豆腐
// (100 a day) and a published plan of 600 for Tuesday the 22nd, the
// material keeper's run proposes for the marked film (1 roll per 25 件,
// lead time 3 days, safety stock 40, packs of 10) over 22 Feb – 2 Mar:
// 600 ÷ 25 = 24 rolls from the plan, 2900 × 7 ÷ 29 = 700 件 → 28 rolls
// from the forecast (March has none), 52 + 40 − 0 − 0 = 92, rounded up to
// 100. Running again leaves the one draft; the production head signs it at
// 12:05 the next day, late on the deadline board; purchasing is told live
// and receives part of the film, which raises its stock; a daily report
// lowers it through the bill of materials.
func TestPurchaseOnScreens(t *testing.T) {
	ts := startServer(t, Config{Demo: true})
	ctx := context.Background()
	svc := ts.m.Svc
	loc := ts.m.Clock.Loc
	ts.m.Clock.Set(time.Date(2028, 2, 21, 9, 0, 0, 0, loc)) // a Monday
	user := func(login string) *model.User {
		u, err := svc.Users.User(ctx, login)
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	keeper, head, sales := user("store"), user("prod"), user("sales")
	// The film and the bill of materials of the marked variant, as the
	// keeper and the head keep them.
	const film = "T-XL18-M"
	if _, err := svc.Purchase.SaveMaterial(ctx, head, &model.Material{Code: film, Name: "测试香辣鱼豆腐膜（带标示）", Kind: model.MatFilm,
		Unit: "卷", Marking: "一元标示", PackSize: 10, LeadDays: 3, SafetyStock: 40}); err != nil {
		t.Fatal(err)
	}
	bom, err := svc.Purchase.BOM(ctx, "YDF-XL18", "mark")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Purchase.SaveBOM(ctx, keeper, "YDF-XL18", "mark", bom.Version, []model.BOMLine{{Material: film, Qty: 1, Per: 25}}); err != nil {
		t.Fatal(err)
	}
	feb := model.Period{Kind: model.PlanForecast, Month: model.Month{Year: 2028, Month: time.February}}
	v, err := svc.Planning.SavePlan(ctx, sales, feb, 0, []model.PlanCell{{Product: "YDF-XL18", Variant: "mark", Qty: 2900}}, "")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Planning.PublishPlan(ctx, sales, feb, v.Version); err != nil {
		t.Fatal(err)
	}
	tue := model.NewDate(2028, time.February, 22)
	pp, _, err := svc.Planning.SaveProductionPlan(ctx, head, &model.ProductionPlan{Date: tue,
		Lines: []model.ProductionLine{{Product: "YDF-XL18", Variant: "mark", Qty: 600, Process: model.ProcessFront}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Planning.PublishProductionPlan(ctx, head, tue, pp.Version); err != nil {
		t.Fatal(err)
	}
	// The demo's own draft of years ago is called off: the run starts a
	// new one today.
	old, err := svc.Purchase.Requests(ctx, model.PurchaseFilter{Status: model.PurDraft})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range old {
		if _, err := svc.Purchase.ChangeRequest(ctx, keeper, r.ID, r.Version, func(by *model.User, r *model.PurchaseRequest, _ model.MaterialLookup) error {
			return r.Cancel(by, ts.m.Clock.Now(), "两年前的草稿，作废重算")
		}); err != nil {
			t.Fatal(err)
		}
	}
	toPurchase := []string{"3", kTab, kTab, kTab}

	st := ts.open("store", 80, 24, "")
	st.waitText("今天需要你处理的事")
	st.send(toPurchase...)
	st.waitText("▸包材采购", "R 按需求计算")
	st.send("R")
	st.waitText("已按需求计算：草稿 CG-")
	st.send("G") // the test film is the draft's last line
	st.waitText("测试香辣鱼豆腐膜", "100 卷",
		"用量 2028-02-22～2028-03-02：生产计划 24 + 旬计划 0 + 预估 28 = 52 卷",
		"52 + 安全库存 40 − 现有 0 − 在途 0 = 92 卷",
		"92 按包装量 10 向上取整 = 建议 100 卷")
	// Enter shows every use counted.
	st.send(kEnter)
	st.waitText("2028-02-22 生产计划 18g 香辣鱼豆腐 带一元标示 600 件 × 1/25 = 24",
		"2028-02 预估销量表 18g 香辣鱼豆腐 带一元标示 2900×7÷29=700 件 × 1/25 = 28")
	// The keeper may not sign: the key is not offered and does nothing.
	st.send(kEsc)
	st.waitText("e 修改物料行")
	if strings.Contains(st.screen(), "s 签字") {
		t.Fatal("the keeper is offered the signature")
	}
	st.send(kEsc, "R")
	st.waitText("草稿 CG-", "不变")
	drafts, err := svc.Purchase.Requests(ctx, model.PurchaseFilter{Status: model.PurDraft})
	if err != nil || len(drafts) != 1 {
		t.Fatalf("drafts after two runs: %d %v", len(drafts), err)
	}
	no := drafts[0].No
	line := len(drafts[0].Lines)
	if l := drafts[0].Lines[line-1]; l.Material != film || l.Qty != 100 {
		t.Fatalf("the last line: %+v", l)
	}

	// The head signs at 12:05 the next day: late.
	ts.m.Clock.Set(time.Date(2028, 2, 22, 12, 5, 0, 0, loc))
	pr := ts.open("prod", 80, 24, "")
	pr.waitText("包材采购计划单 " + no)
	buyer := ts.open("buyer", 80, 24, "")
	buyer.waitText("今天需要你处理的事")
	pr.send(":", strings.ToLower(no))
	pr.waitText(no)
	pr.send(kEnter)
	pr.waitText("s 签字", "待签字")
	pr.send("s")
	pr.waitText(no+"：签字，现为「已签字转采购」", "迟交 5分钟")
	buyer.within(time.Second, "the signed request", func(s string) bool {
		return strings.Contains(s, "包材采购计划单 "+no+"：生产部负责人签字")
	})
	pr.send(kEsc, kEsc, "5")
	pr.waitText("包材采购", no, "迟交 5分钟")

	// Purchasing receives 30 rolls of the 100: more than asked without a
	// reason is refused at the field first.
	buyer.send(toPurchase...)
	buyer.waitText("包材采购计划单", "采购中")
	buyer.send(":", no)
	buyer.waitText(no)
	buyer.send(kEnter)
	buyer.waitText("v 记录到货")
	buyer.send("v")
	buyer.waitText("记录到货 · " + no)
	buyer.send("\x15", strconv.Itoa(line), kTab, "\x15", "130", kCtrlS)
	buyer.waitText("本行采购 100，已到 0，再到 130 超出订购数量：请写明原因")
	buyer.send(kShiftTab, "\x15", "30", kCtrlS)
	buyer.waitText(no + "：记录到货，现为「已签字转采购」")
	buyer.send(kEsc, "m")
	buyer.waitFor("the film's stock of 30", func(s string) bool { return materialRow(s, "测试香辣鱼豆腐膜", "30", "40", "70") })

	// A daily report of 250 件 of the marked variant uses 10 rolls; the
	// materials list follows live.
	ts.m.Clock.Set(time.Date(2028, 2, 22, 19, 0, 0, 0, loc))
	if _, err := svc.Shop.SubmitReport(ctx, user("shop"), &model.DailyReport{Date: tue, Line: "1号线", Shift: model.ShiftDay,
		Rows: []model.ReportRow{{Product: "YDF-XL18", Variant: "mark", Actual: 250}}}); err != nil {
		t.Fatal(err)
	}
	buyer.waitFor("the film's stock of 20", func(s string) bool { return materialRow(s, "测试香辣鱼豆腐膜", "20", "40", "70") })
	buyer.send("/", "测试香辣", kEnter, kEnter) // other materials are low too: find it
	buyer.waitText("生产耗用  -10 → 20", "采购到货  +30 → 30", no+"/"+strconv.Itoa(line))
}

// materialRow reports whether screen has a materials row of name with
// these figures (on hand, safety stock, on order) in that order.
func materialRow(screen, name string, figures ...string) bool {
	for _, l := range strings.Split(screen, "\n") {
		if !strings.Contains(l, name) {
			continue
		}
		cells := strings.Fields(strings.NewReplacer("│", " ", "┃", " ").Replace(l))
		for i := range cells {
			if i+len(figures) < len(cells) && strings.Join(cells[i+1:i+1+len(figures)], " ") == strings.Join(figures, " ") {
				return true
			}
		}
	}
	return false
}

// Bad input on the purchase screens is refused at its field or cell: a
// negative safety stock, a quantity of 0 and an unknown material in a bill
// of materials.
func TestPurchaseInputRefused(t *testing.T) {
	ts := startServer(t, Config{Demo: true})
	ctx := context.Background()
	head, err := ts.m.Svc.Users.User(ctx, "prod")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ts.m.Svc.Purchase.SaveMaterial(ctx, head, &model.Material{Code: "T-BOX", Name: "测试外箱", Kind: model.MatCarton,
		Unit: "个", PackSize: 100}); err != nil {
		t.Fatal(err)
	}
	pr := ts.open("prod", 80, 24, "")
	pr.waitText("今天需要你处理的事")
	pr.send("3", kTab, kTab, kTab, "m", "n")
	pr.waitText("新建包材", "编码")
	pr.send("T-BAD", kTab, "测试膜", kTab, kTab, kTab, "卷", kTab, kTab, kTab, kTab, "\x15", "-5", kCtrlS)
	pr.waitText("应为 0 至 10000000 的整数")
	pr.send(kEsc)
	pr.waitText("放弃未保存的修改吗")
	pr.send("y", kEsc, "b", kEnter)
	pr.waitText("的 BOM", "每多少件")
	// A new row: an unknown material, then a quantity of 0.
	pr.send("\x0e", "没有这种膜", kEnter, kCtrlS)
	pr.waitText("没有包材编码 没有这种膜")
	pr.send("\x7f\x7f\x7f\x7f\x7f", "T-BOX", kEnter, kRight, "0", kEnter, kCtrlS)
	pr.waitText("测试外箱", "应为 1 至 10000000 的整数")
}
