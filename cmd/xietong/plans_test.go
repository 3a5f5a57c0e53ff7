package main

import (
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"xietong/model"
)

// A production plan item needs two engineers from R&D in March: R&D is
// told live and accepts it, production is told, R&D records it done with
// evidence, and it counts in R&D's March plan completion on the plans
// screen and on the KPI board. The year is 2028, after any month the demo
// seeds plans in on the dates CI runs it.
func TestPlansOnScreens(t *testing.T) {
	ts := startServer(t, Config{Demo: true})
	loc := ts.m.Clock.Loc
	ts.m.Clock.Set(time.Date(2028, 2, 21, 9, 0, 0, 0, loc)) // a Monday
	toPlans := []string{"5", kTab, kTab, kTab}
	const text = "三月新品试产需研发派 2 名工程师"

	prod := ts.open("prod", 80, 24, "")
	prod.waitText("今天需要你处理的事")
	rnd := ts.open("rnd", 80, 24, "")
	rnd.waitText("今天需要你处理的事")
	prod.send(toPlans...)
	prod.waitText("▸部门计划", "部门计划 2028-02 · 生产部", "n 列入计划")
	prod.send("]")
	prod.waitText("部门计划 2028-03 · 生产部")
	prod.send("n")
	prod.waitText("生产部 2028-03 计划事项", "协同方式")
	// The relation: needs from; the other department: R&D (after none and
	// sales); the due date cleared and typed.
	prod.send(text, kTab, kRight, " ", kTab, kRight, kRight, " ", kTab, kTab, "\x15", "2028-02-01", kCtrlS)
	prod.waitText("不能早于") // a date in the past is refused at its field
	prod.send("\x15", "2028-03-20", kCtrlS)
	prod.waitText("已列入计划 JH-2028-0001，待对方确认", "需要对方 技术部")

	rnd.within(time.Second, "the request", func(s string) bool {
		return strings.Contains(s, "生产部 计划事项 JH-2028-0001「"+text+"」需要你部门配合")
	})
	// Home lists it too.
	rnd.waitText("生产部 请你部门确认计划事项：JH-2028-0001 三月新品试产")
	rnd.send(toPlans...)
	rnd.waitText("部门计划 2028-02 · 技术部")
	rnd.send("]")
	rnd.waitText("部门计划 2028-03 · 技术部", "生产部 需要", "待对方确认")
	rnd.send(kEnter)
	rnd.waitText("JH-2028-0001", "a 接受", "x 不接受")
	rnd.send("a")
	rnd.waitText("计划事项 JH-2028-0001：接受，现为 进行中")
	prod.within(time.Second, "the answer", func(s string) bool {
		return strings.Contains(s, "计划事项 JH-2028-0001「"+text+"」：对方接受（周文）")
	})

	// Done on 18 March with evidence: an empty evidence is refused first.
	ts.m.Clock.Set(time.Date(2028, 3, 18, 16, 0, 0, 0, loc))
	rnd.send("d")
	rnd.waitText("记录完成 · JH-2028-0001")
	rnd.send(kCtrlS)
	rnd.waitText("必填")
	rnd.send("3 月 13–15 日两名工程师驻二号线，试产记录见质检单", kCtrlS)
	rnd.waitText("计划事项 JH-2028-0001：记录完成，现为 已完成", "按期")

	// On the 25th it is due and counted: R&D's March plan and the KPI.
	ts.m.Clock.Set(time.Date(2028, 3, 25, 9, 0, 0, 0, loc))
	r, err := ts.m.Svc.Meetings.KPI(context.Background(), model.KPIRnDPlan, model.Month{Year: 2028, Month: time.March}, "")
	if err != nil || r.Num != 1 || r.Den != 1 {
		t.Fatalf("R&D plan completion of March: %+v %v", r, err)
	}
	rnd.send(kEsc, "[", "]") // back to the list, read again
	rnd.waitText("本部门承担的事项，到昨天为止）：1/1 = 100.0%")

	// Any plan item opens by its number from the command line.
	prod.send(kEsc, "1", ":", "jh-2028-0001")
	prod.waitText("JH-2028-0001  " + text + "  已完成")
	prod.send(kEnter)
	prod.waitText("▸部门计划", "完成证据：3 月 13–15 日两名工程师驻二号线")

	office := ts.open("office", 80, 24, "")
	office.waitText("今天需要你处理的事")
	office.send("5", kRight)
	office.waitText("研发计划完成率", "立项计划完成率")
	for range slices.Index(model.KPIs, model.KPIRnDPlan) {
		office.send(kDown)
	}
	office.send(kEnter)
	office.waitText("研发计划完成率：技术部按期完成的计划事项", "1 ÷ 1 = 100.0%", "部门计划（技术部承担的事项）")
}
