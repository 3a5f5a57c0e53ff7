package main

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"xietong/model"
)

// The command line (":") opens a notice by its number or words of its
// title, a meeting and customer feedback by their numbers, and a packaging
// material by its code or the initials of its name, each in its section
// with the record shown; suggested as typed, in Chinese and in English.
func TestCommandLineOpensNoticesMeetingsFeedbackMaterials(t *testing.T) {
	f := newFixture(t)
	ts, ctx, svc := f.ts, context.Background(), f.ts.m.Svc
	n := ts.postNotice("office", model.Notice{Title: "测试停产检修通知", Body: "周六上午检修 2 号线封口机。"})
	office := f.user("office")
	tpl, err := svc.Meetings.SaveTemplate(ctx, office, &model.MeetingTemplate{Kind: model.MeetingCustom, Name: "命令行测试会",
		Items: []string{"设备保养安排", "节前备货"}})
	if err != nil {
		t.Fatal(err)
	}
	m, err := svc.Meetings.StartMeeting(ctx, office, tpl.ID, f.today)
	if err != nil {
		t.Fatal(err)
	}
	fb, err := svc.Shop.FileFeedback(ctx, f.user("sales"), &model.Feedback{CustomerID: f.b.ID, Product: "T-FISH", Batch: "20261120",
		Problem: "命令行测试：部分袋子封口开裂", Route: model.RouteQuality})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Purchase.SaveMaterial(ctx, f.user("prod"), &model.Material{Code: "T-XLM", Name: "测试香辣膜", Kind: model.MatFilm,
		Unit: "卷", PackSize: 10, LeadDays: 7}); err != nil {
		t.Fatal(err)
	}

	sales := ts.open("sales", 80, 24, "")
	sales.waitText("今天需要你处理的事")

	// A notice by its number, then by words of its title: its text.
	sales.send(":", fmt.Sprintf("通知 %d", n.ID))
	sales.waitText(fmt.Sprintf("▸ 通知 #%d  测试停产检修通知", n.ID))
	sales.send(kEnter)
	sales.waitText("测试停产检修通知", "周六上午检修 2 号线封口机。", "发布于")
	sales.send(kEsc, "2", ":", "通知 停产")
	sales.waitText(fmt.Sprintf("▸ 通知 #%d  测试停产检修通知", n.ID))
	sales.send(kEnter)
	sales.waitText("周六上午检修 2 号线封口机。", "发布于")

	// Customer feedback by its number: its page, on the feedback tab.
	sales.send(":", fmt.Sprintf("反馈 %d", fb.ID))
	sales.waitText(fmt.Sprintf("▸ 反馈 #%d  测试乙超市  测试鱼豆腐", fb.ID))
	sales.send(kEnter)
	sales.waitText(fmt.Sprintf("反馈 #%d · 测试乙超市", fb.ID), "命令行测试：部分袋子封口开裂")
	sales.send(kEsc)
	sales.waitFor("the feedback tab, the cursor on the feedback", func(s string) bool {
		return strings.Contains(s, "客户反馈") && rowOf(s, "测试乙超市") == selectedRow(sales)
	})

	// A meeting by its number: its agenda.
	sales.send(":", fmt.Sprintf("会议 #%d", m.ID))
	sales.waitText(fmt.Sprintf("▸ 会议 #%d  %s  命令行测试会", m.ID, f.today))
	sales.send(kEnter)
	sales.waitText("命令行测试会", "设备保养安排", "节前备货")

	// A material by the initials of its name: its stock and movements.
	sales.send(kEsc, ":", "csxlm")
	sales.waitText("▸ 包材 T-XLM  测试香辣膜")
	sales.send(kEnter)
	sales.waitText("测试香辣膜  T-XLM", "安全库存", "库存流水（新的在前）")
	// esc goes back to the materials, the cursor on it.
	sales.send(kEsc)
	sales.waitFor("the materials, the cursor on the material", func(s string) bool {
		return strings.Contains(s, "包材与库存") && rowOf(s, "测试香辣膜") == selectedRow(sales)
	})

	// In English: the same words in English, a material by its code.
	en := ts.open("qa", 80, 24, "en")
	en.waitText("what needs you today")
	en.send(":", fmt.Sprintf("notice %d", n.ID))
	en.waitText(fmt.Sprintf("▸ notice #%d", n.ID))
	en.send(kEnter)
	en.waitText("周六上午检修 2 号线封口机。")
	en.send(":", fmt.Sprintf("feedback #%d", fb.ID))
	en.waitText(fmt.Sprintf("▸ feedback #%d", fb.ID))
	en.send(kEnter)
	en.waitText(fmt.Sprintf("Feedback #%d", fb.ID), "命令行测试：部分袋子封口开裂")
	en.send(":", fmt.Sprintf("meeting %d", m.ID))
	en.waitText(fmt.Sprintf("▸ meeting #%d", m.ID))
	en.send(kEnter)
	en.waitText("设备保养安排", "节前备货")
	en.send(kEsc, ":", "t-xlm")
	en.waitText("▸ material T-XLM  测试香辣膜")
	en.send(kEnter)
	en.waitText("测试香辣膜  T-XLM", "Movements (newest first)")

	// A number no record has: nothing to open.
	en.send(kEsc, ":", "meeting 9999")
	en.waitText("no section, customer, product, anomaly or order matches")
	en.send(kEsc)
}
