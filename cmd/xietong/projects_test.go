package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"xietong/model"
)

// Project requests over exec: sales files one (bad input refused at its
// field with exit 2), submits it; only the general manager decides, a
// return needs a reason; list and show name people, not logins.
func TestProjectsExec(t *testing.T) {
	ts := startServer(t, Config{Demo: true})
	file := "projects file --kind quality --title 封口改进 --purpose 客户反馈开裂 --effect 开裂率降低 --depts quality,production --owner qa --customer C001"
	if r := ts.exec("sales", file+" --target 2020-01-01"); r.code != 2 || !strings.Contains(r.stderr, "完成时间") || !strings.Contains(r.stderr, "不能早于今天") {
		t.Fatalf("a past target: %d %q", r.code, r.stderr)
	}
	if r := ts.exec("sales", file+" --target 2099-01-01 --feedback 999"); r.code != 2 || !strings.Contains(r.stderr, "没有客户反馈 #999") {
		t.Fatalf("an unknown feedback: %d %q", r.code, r.stderr)
	}
	if r := ts.exec("qa", file+" --target 2099-01-01"); r.code != 1 || !strings.Contains(r.stderr, "只有销售部人员可以提出立项申请") {
		t.Fatalf("QA filed: %d %q", r.code, r.stderr)
	}
	r := ts.exec("sales", file+" --target 2099-01-01 --submit")
	if r.code != 0 || !strings.Contains(r.stdout, "已提出立项 LX-") || !strings.Contains(r.stdout, "待总经理审批") {
		t.Fatalf("filed: %d %q %q", r.code, r.stdout, r.stderr)
	}
	no := strings.Fields(strings.TrimPrefix(r.stdout, "已提出立项 "))[0]
	no = no[:strings.Index(no, "（")]
	for _, who := range []string{"sales", "admin", "office"} {
		if r := ts.exec(who, "projects decide "+no+" approve"); r.code != 1 || !strings.Contains(r.stderr, "只有总经理") {
			t.Fatalf("%s decided: %d %q", who, r.code, r.stderr)
		}
	}
	if r := ts.exec("gm", "projects decide "+no+" return"); r.code != 2 || !strings.Contains(r.stderr, "必填") {
		t.Fatalf("a return without a reason: %d %q", r.code, r.stderr)
	}
	if r := ts.exec("gm", "projects decide "+no+" return --reason 请补充预计成本"); r.code != 0 || !strings.Contains(r.stdout, "已退回修改") {
		t.Fatalf("returned: %d %q %q", r.code, r.stdout, r.stderr)
	}
	r = ts.exec("gm", "projects list")
	if r.code != 0 || !strings.Contains(r.stdout, no) || !strings.Contains(r.stdout, "吴静") || strings.Contains(r.stdout, " qa ") {
		t.Fatalf("list: %q", r.stdout)
	}
	r = ts.exec("sales", "projects show "+no)
	for _, want := range []string{"质量立项", "已退回修改", "黄志明", "退回修改", "请补充预计成本", "品管部"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("show lacks %q:\n%s", want, r.stdout)
		}
	}
	if r := ts.exec("gm", "projects list --status nope"); r.code != 2 || !strings.Contains(r.stderr, "nope") {
		t.Fatalf("a bad status: %d %q", r.code, r.stderr)
	}
	if r := ts.exec("gm", "projects list --json"); r.code != 0 || !strings.Contains(r.stdout, `"no": "`+no+`"`) {
		t.Fatalf("json: %q", r.stdout)
	}
}

// Over SSH at 80×24: sales files a quality-improvement project linked to a
// customer feedback (a past target refused at its field), submits it; the
// general manager is alerted, returns it with a reason (none refused);
// sales revises it (the history shows the diff) and submits again; the
// decision clock shows missing on the deadline board once passed; the GM
// approves; the owner adds and completes a milestone and finishes it; the
// office reviews it on the year's review.
func TestProjectOnScreens(t *testing.T) {
	ts := startServer(t, Config{Demo: true})
	ctx := context.Background()
	loc := ts.m.Clock.Loc
	ts.m.Clock.Set(time.Date(2026, 12, 7, 9, 0, 0, 0, loc)) // a Monday
	// What of the demo is overdue by now (on some of the days CI seeds it)
	// is escalated now, so the sweep below tells of this project alone.
	ts.m.Sweep(ctx)
	svc := ts.m.Svc
	salesUser, err := svc.Users.User(ctx, "sales")
	if err != nil {
		t.Fatal(err)
	}
	c, err := svc.Master.CustomerByCode(ctx, "C001")
	if err != nil {
		t.Fatal(err)
	}
	fb, err := svc.Shop.FileFeedback(ctx, salesUser, &model.Feedback{CustomerID: c.ID, Product: "YDF-XL18", Batch: "20261201",
		Problem: "封口开裂", Route: model.RouteQuality})
	if err != nil {
		t.Fatal(err)
	}
	toProjects := []string{"5", kTab, kTab}
	const title = "真空包装漏气改进"
	// pick shows the project among the others (the demo has some).
	pick := func(tm *term) {
		tm.send("/", title, kEnter)
		tm.waitFor("only the project", func(s string) bool { return lineWith(s, "┃", title) })
		tm.send(kEnter)
		tm.waitText(title, "处理记录")
	}

	sales := ts.open("sales", 80, 24, "")
	sales.waitText("今天需要你处理的事")
	sales.send(toProjects...)
	sales.waitText("▸立项", "n 提出立项")
	sales.send("n")
	sales.waitText("立项申请", "立项类型")
	sales.send(kRight, kRight, " ", kTab, title, kTab, "客户反馈封口开裂", kTab, "开裂率降到千分之一以下", kTab,
		"\x15", "2026-12-01", kTab, kRight, kRight, kRight, " ", "\x1b[D", "\x1b[D", " ", kTab)
	// The owner and the customer are looked up (F4) by pinyin initials.
	sales.send(kF4)
	sales.waitText("选择人员")
	sales.send("wj")
	sales.waitText("▸ qa  吴静")
	sales.send(kEnter, kF4, "yhcs")
	sales.waitText("▸ C001  永辉超市华东区")
	sales.send(kEnter, strconv.FormatUint(fb.ID, 10), kCtrlS)
	sales.waitText("✗ 不能早于今天（2026-12-07）")
	sales.send("\x15", "2027-03-31", kCtrlS) // the field in error has the focus
	sales.waitText("（草稿）", "责任部门：生产部、品管部", "负责人：吴静",
		fmt.Sprintf("关联：永辉超市华东区、客户反馈 #%d", fb.ID))
	var p *model.Project
	list, err := svc.Projects.Projects(ctx, model.ProjectFilter{})
	for _, x := range list {
		if x.Title == title {
			p = x
		}
	}
	if err != nil || p == nil {
		t.Fatalf("not filed: %v", err)
	}
	no := p.No
	sales.waitText("已保存立项 " + no)
	sales.send("s")
	sales.waitText("现为 待总经理审批")

	gm := ts.open("gm", 80, 24, "")
	gm.waitText("今天需要你处理的事")
	gm.send(toProjects...)
	gm.waitText("▸立项", "待总经理审批")
	pick(gm)
	gm.waitText("a 批准", "b 退回修改", "r 不批准")
	gm.send("b", kCtrlS)
	gm.waitText("✗ 必填")
	gm.send("请补充预计成本", kCtrlS)
	gm.waitText("现为 已退回修改")
	sales.waitText("立项 " + no + "「" + title + "」：退回修改（黄志明）")

	sales.send("e")
	sales.waitText("修改 · "+no, "立项类型")
	sales.send(kTab, kTab, kTab, "，预计成本 2 万元", kCtrlS)
	sales.waitText("修改", "- effect: 开裂率降到千分之一以下", "+ effect: 开裂率降到千分之一以下，预计成本 2 万元")
	sales.send("s")
	sales.waitText("现为 待总经理审批")
	gm.waitText("待你审批")

	// The decision's clock passes: missing on the deadline board.
	if p, err = svc.Projects.ProjectByNo(ctx, no); err != nil {
		t.Fatal(err)
	}
	ts.m.Clock.Set(p.DecideDue.Add(26 * time.Hour))
	// The server's sweep escalates it: the general manager is told live,
	// the office finds it on its home screen.
	ts.m.Sweep(ctx)
	gm.within(time.Second, "the escalation", func(s string) bool { return strings.Contains(s, "的审批已过期限") })
	office := ts.open("office", 80, 24, "")
	office.waitText("今天需要你处理的事", "立项审批超期："+no+" "+title)
	office.send("5", "t")
	office.waitText("月度期限")
	office.send("/", no)
	office.waitFor("the missed decision on the month's board", func(s string) bool {
		return lineWith(s, no, "立项审批", "总经理", "未交")
	})

	gm.send(kEsc, kEnter, "a", kCtrlS)
	gm.waitText("现为 已批准")

	qa := ts.open("qa", 80, 24, "")
	qa.waitText("今天需要你处理的事")
	qa.send(toProjects...)
	qa.waitText("▸立项")
	pick(qa)
	qa.waitText("m 加里程碑", "d 完成（效果与效益）")
	qa.send("m", "更换封口机加热条", kCtrlS)
	qa.waitText("现为 实施中", "[ ] 1. 更换封口机加热条 · 吴静")
	qa.send("d", "开裂率 0.05%", kTab, "20000", kCtrlS)
	qa.waitText("还有未完成的里程碑：更换封口机加热条")
	qa.send(kEsc, "y")
	qa.send("x", kCtrlS)
	qa.waitText("[x] 1. 更换封口机加热条")
	qa.send("d", "开裂率 0.05%", kTab, "\x15", "20000", kCtrlS)
	qa.waitText("现为 已完成")

	office.send(kEsc, kEsc, kTab, kTab, "Y")
	office.waitText("2026 年立项总结与评审")
	office.send("/", title, kEnter)
	office.waitFor("the year's row", func(s string) bool { return lineWith(s, "┃", no, "已完成", "是", "20000") })
	office.send(kEnter, "v")
	office.waitText("年终评审 · "+no, "(•) 4 分")
	office.send(kTab, "营销立项优秀奖", kCtrlS)
	office.waitText("现为 已评审", "年终评分：4 营销立项优秀奖")

	p, err = svc.Projects.ProjectByNo(ctx, no)
	if err != nil || p.Status != model.ProjectReviewed || p.Links.FeedbackID != fb.ID {
		t.Fatalf("stored: %+v %v", p, err)
	}
}
