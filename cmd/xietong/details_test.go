package main

import (
	"context"
	"strings"
	"testing"

	"xietong/model"
)

// Scrolling keys as a terminal sends them.
const (
	kPgDown = "\x1b[6~"
	kPgUp   = "\x1b[5~"
)

// long is text repeated to n characters.
func long(text string, n int) string {
	r := []rune(strings.Repeat(text, n/len([]rune(text))+1))
	return string(r[:n])
}

// At 80×24 an anomaly whose text and action taken are long is read to its
// end: the detail wraps every field in full and scrolls (pgdn, G, g), says
// what is below, and its keys still work; the same for a customer
// feedback with long responses and a long corrective action.
func TestDetailsAnomalyAndFeedbackScroll(t *testing.T) {
	f := newFixture(t)
	ts, ctx := f.ts, context.Background()
	svc := ts.m.Svc.Shop
	a, err := svc.FileAnomaly(ctx, f.user("shop"), &model.Anomaly{Category: model.AnomalyEquipment, Severity: 2,
		Text: "长异常测试：" + long("2号线灌装机主轴异响，停机检查轴承与密封件。", 300), Products: []string{"T-FISH"}})
	if err != nil {
		t.Fatal(err)
	}
	action := long("更换主轴轴承并复测振动值，", 450) + "\n措施到此为止"
	if _, err = svc.ActAnomaly(ctx, f.user("prod"), a.ID, a.Version, action); err != nil {
		t.Fatal(err)
	}

	prod := ts.open("prod", 80, 24, "")
	prod.waitText("今天需要你处理的事")
	prod.send("3", kTab, kTab)
	moveTo(t, prod, "长异常测试")
	prod.send(kEnter)
	// The products by code and name; the end of the action below.
	first := prod.waitText("异常 #", "长异常测试", "T-FISH 测试鱼豆腐", "下面还有")
	if strings.Contains(first, "措施到此为止") || strings.Contains(first, "上面还有") {
		t.Fatalf("the first page shows the end or says more is above:\n%s", first)
	}
	prod.send(kPgDown)
	prod.waitText("上面还有", "已采取措施")
	prod.send("G")
	atEnd := func(marker string) func(string) bool {
		return func(s string) bool {
			return strings.Contains(s, marker) && strings.Contains(s, "上面还有") && !strings.Contains(s, "下面还有")
		}
	}
	prod.waitFor("the action's end", atEnd("措施到此为止"))
	prod.send(kPgUp)
	prod.waitText("下面还有")
	prod.send("g")
	prod.waitFor("the top again", func(s string) bool {
		return strings.Contains(s, "长异常测试") && !strings.Contains(s, "上面还有")
	})
	// The detail's keys still work: t asks the action taken, esc comes back.
	prod.send("t")
	prod.waitText("采取的措施")
	prod.send(kEsc)
	prod.waitText("长异常测试", "下面还有")
	prod.send(kEsc)
	prod.waitText("异常报告")

	fb, err := svc.FileFeedback(ctx, f.user("sales"), &model.Feedback{CustomerID: f.b.ID, Product: "T-FISH", Batch: "20261120",
		Problem: "长反馈测试：" + long("部分袋子封口开裂，", 200), Route: model.RouteQuality})
	if err != nil {
		t.Fatal(err)
	}
	qa := f.user("qa")
	for _, text := range []string{long("已安排复检同批次留样，", 400), long("复检结果：封口强度不足，", 400)} {
		if fb, err = svc.RespondFeedback(ctx, qa, fb.ID, fb.Version, text); err != nil {
			t.Fatal(err)
		}
	}
	if _, err = svc.CloseFeedback(ctx, qa, fb.ID, fb.Version, long("封口温度偏低，", 300),
		long("调整封口机温控并加严巡检，", 450)+"\n纠正措施到此为止"); err != nil {
		t.Fatal(err)
	}
	q := ts.open("qa", 80, 24, "")
	q.waitText("今天需要你处理的事")
	q.send("3", kTab, kTab, kRight)
	moveTo(t, q, "测试乙超市")
	q.send(kEnter)
	first = q.waitText("反馈 #", "测试乙超市", "T-FISH 测试鱼豆腐", "长反馈测试", "下面还有")
	if strings.Contains(first, "纠正措施到此为止") {
		t.Fatalf("the first page shows the end:\n%s", first)
	}
	q.send("G")
	q.waitFor("the corrective action's end", atEnd("纠正措施到此为止"))
	q.send("g")
	q.waitFor("the top again", func(s string) bool {
		return strings.Contains(s, "长反馈测试") && !strings.Contains(s, "上面还有")
	})
	q.send(kEsc)
	q.waitText("客户反馈")
}

// At 80×24 a meeting whose item has long notes shows them in full: the
// page scrolls with pgdn, G and g, ↑↓ still choose the item (and bring the
// view back to it), and its keys still work. A decision it gave opens
// from its owner's home screen with enter, the decisions in view.
func TestDetailsMeetingNotesScroll(t *testing.T) {
	f := newFixture(t)
	ts, ctx := f.ts, context.Background()
	svc := ts.m.Svc.Meetings
	office := f.user("office")
	tpl, err := svc.SaveTemplate(ctx, office, &model.MeetingTemplate{Kind: model.MeetingCustom, Name: "长记录测试会",
		Items: []string{"设备保养安排", "节前备货", "安全检查"}})
	if err != nil {
		t.Fatal(err)
	}
	m, err := svc.StartMeeting(ctx, office, tpl.ID, f.today)
	if err != nil {
		t.Fatal(err)
	}
	cp := *m
	cp.Items = append([]model.AgendaItem(nil), m.Items...)
	cp.Items[0].Notes = "记录开头：" + long("各车间按计划保养灌装机、封口机与冷库设备，", 900) + "\n记录到此为止"
	if m, err = svc.SaveMeeting(ctx, office, &cp); err != nil {
		t.Fatal(err)
	}
	decision := "长决议测试：" + long("补齐节前无标示包材库存并复核在途数量，", 300)
	if _, _, err = svc.Decide(ctx, office, m.ID, m.Version, model.Decision{Text: decision, Owner: "prod", Due: f.today.AddDays(7)}); err != nil {
		t.Fatal(err)
	}

	tm := ts.open("office", 80, 24, "")
	tm.waitText("今天需要你处理的事")
	tm.send("5", kTab)
	moveTo(t, tm, "长记录测试会")
	tm.send(kEnter)
	first := tm.waitText("长记录测试会", "设备保养安排", "记录开头", "下面还有", "pgup pgdn 翻页")
	if strings.Contains(first, "记录到此为止") {
		t.Fatalf("the first page shows the notes' end:\n%s", first)
	}
	tm.send(kPgDown)
	tm.waitText("上面还有")
	tm.send("G")
	tm.waitFor("the meeting's end", func(s string) bool {
		return strings.Contains(s, "记录到此为止") && strings.Contains(s, "安全检查") && strings.Contains(s, "未完成") &&
			strings.Contains(s, "上面还有") && !strings.Contains(s, "下面还有")
	})
	// ↓ chooses the next item: the view comes back to it, and the long
	// notes (shown for the item under the cursor) give way.
	tm.send(kDown)
	tm.waitFor("the second item chosen", func(s string) bool {
		return rowOf(s, "节前备货") == selectedRow(tm) && !strings.Contains(s, "记录开头")
	})
	tm.send(kUp)
	tm.waitFor("the first item chosen", func(s string) bool {
		return rowOf(s, "设备保养安排") == selectedRow(tm) && strings.Contains(s, "记录开头")
	})
	tm.send("G", "g")
	tm.waitFor("the top again", func(s string) bool {
		return strings.Contains(s, "记录开头") && !strings.Contains(s, "上面还有")
	})
	// The meeting's keys still work: e edits the notes of the item chosen.
	tm.send("e")
	tm.waitText("记录：设备保养安排")
	tm.send(kEsc)
	tm.waitText("记录开头", "下面还有")

	// prod's home lists the decision; enter opens its meeting at the
	// decisions.
	pr := ts.open("prod", 80, 24, "")
	pr.waitText("今天需要你处理的事")
	moveTo(t, pr, "长决议测试")
	pr.waitText("enter 打开")
	pr.send(kEnter)
	pr.waitText("长记录测试会", "决议", "长决议测试", "上面还有")
}

// The changeovers list offers enter: it opens the changeover in full, its
// note included, which the list cuts at 80 columns; esc comes back.
func TestDetailsChangeoverOpens(t *testing.T) {
	f := newFixture(t)
	ts, ctx := f.ts, context.Background()
	note := "长说明测试：" + long("节前改用带一元标示包材，旧包材用完为止，", 170) + " NOTEEND"
	if _, err := ts.m.Svc.Purchase.AddChangeover(ctx, f.user("prod"), &model.Changeover{Family: "T-FISH",
		From: f.today, To: f.today.AddDays(14), Note: note}); err != nil {
		t.Fatal(err)
	}
	pr := ts.open("prod", 80, 24, "")
	pr.waitText("今天需要你处理的事")
	pr.send("3", kTab, kTab, kTab)
	pr.waitText("▸包材采购")
	pr.send("T")
	list := pr.waitText("有无标示包材交替期", "测试鱼豆腐", "enter 打开")
	if strings.Contains(list, "NOTEEND") {
		t.Fatalf("the list shows the whole note; the test needs a longer one:\n%s", list)
	}
	moveTo(t, pr, "测试鱼豆腐")
	pr.send(kEnter)
	pr.waitText("有无标示包材交替期 · 测试鱼豆腐", "长说明测试", "NOTEEND", "进行中", "刘建国")
	pr.send(kEsc)
	pr.waitText("测试鱼豆腐", "enter 打开")
}
