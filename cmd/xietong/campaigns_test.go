package main

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"xietong/model"
)

// Campaign cooperation over exec: sales file a campaign needed in 30 days
// (bad rows refused by line), the general manager agrees and it is urgent;
// production must first say whether it can cooperate at all, then answers
// two items it can (a date after the needed-by date needs a reason) and one
// it cannot; the answer and the items are on the deadline board, and an
// item past its date undone shows missing.
func TestCampaignsExec(t *testing.T) {
	ts := startServer(t, Config{Demo: true})
	loc := ts.m.Clock.Loc
	ts.m.Clock.Set(time.Date(2026, 12, 7, 9, 0, 0, 0, loc)) // a Monday
	run := func(login, cmd, stdin string) execResult {
		t.Helper()
		c, err := ts.dial(login)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		return runExec(t, c, cmd, stdin)
	}
	need := "2027-01-06"
	csv := "kind,product,variant,qty,people,days,place,work,needed_by\n" +
		"sample,YDF-XL18,mark,200,,,,,%s\n" +
		"people,,,,2,3,上海展会,,%s\n" +
		"work,,,,,,,包装加印活动标识,%s\n"
	file := "campaigns file --title 春季展会 --purpose 新品推广 --tracker sales --csv"
	if r := run("sales", file, fmt.Sprintf(csv, need, "2026-01-01", need)); r.code != 2 || !strings.Contains(r.stderr, "第 3 行") {
		t.Fatalf("a past date: %d %q", r.code, r.stderr)
	}
	r := run("sales", file, fmt.Sprintf(csv, need, need, need))
	if r.code != 0 || !strings.Contains(r.stdout, "（3 项），待总经理同意") {
		t.Fatalf("filed: %d %q %q", r.code, r.stdout, r.stderr)
	}
	no := regexp.MustCompile(`HD-\d{4}-\d{4}`).FindString(r.stdout)
	if r := run("prod", "campaigns approve "+no, ""); r.code != 1 || !strings.Contains(r.stderr, "只有总经理") {
		t.Fatalf("production approved: %d %q", r.code, r.stderr)
	}
	if r := run("gm", "campaigns approve "+no, ""); r.code != 0 || !strings.Contains(r.stdout, "已通知生产部") {
		t.Fatalf("approved: %d %q %q", r.code, r.stdout, r.stderr)
	}
	if r := run("gm", "campaigns show "+no, ""); !strings.Contains(r.stdout, "紧急") {
		t.Fatalf("not urgent 30 days ahead:\n%s", r.stdout)
	}
	if r := run("prod", "campaigns answer "+no+" 1 can --done-by 2026-12-20", ""); r.code != 2 || !strings.Contains(r.stderr, "请先书面答复能否配合") {
		t.Fatalf("an item before cooperating: %d %q", r.code, r.stderr)
	}
	if r := run("prod", "campaigns answer "+no+" --cooperate yes --text 可以配合，人员需调班", ""); r.code != 0 {
		t.Fatalf("cooperate: %d %q", r.code, r.stderr)
	}
	if r := run("prod", "campaigns answer "+no+" 1 can --done-by 2027-01-10", ""); r.code != 2 || !strings.Contains(r.stderr, "请写明原因") {
		t.Fatalf("after it is needed, no reason: %d %q", r.code, r.stderr)
	}
	for _, a := range []string{"1 can --done-by 2026-12-20", "2 partly --done-by 2027-01-05 --text 只能派1人", "3 cannot --text 印刷机排满"} {
		if r := run("prod", "campaigns answer "+no+" "+a, ""); r.code != 0 {
			t.Fatalf("answer %s: %d %q", a, r.code, r.stderr)
		}
	}
	r = run("sales", "campaigns show "+no, "")
	for _, want := range []string{"已答复", "可以配合", "部分配合", "不能配合", "印刷机排满", "2026-12-20", "YDF-XL18 mark ×200", "2 人 3 天 · 上海展会"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("show lacks %q:\n%s", want, r.stdout)
		}
	}
	// The two forms as a workbook: the request and production's timetable.
	xl := run("sales", "campaigns show "+no+" --xlsx", "")
	f, err := excelize.OpenReader(strings.NewReader(xl.stdout))
	if xl.code != 0 || err != nil {
		t.Fatalf("workbook: %d %v %s", xl.code, err, xl.stderr)
	}
	if got := f.GetSheetList(); len(got) != 2 || got[0] != "营销活动配合通知单" || got[1] != "生产部工作配合完成时间表" {
		t.Fatalf("sheets %v", got)
	}
	reqRows, _ := f.GetRows("营销活动配合通知单")
	planRows, _ := f.GetRows("生产部工作配合完成时间表")
	if len(reqRows) != 4 || len(planRows) != 4 || !strings.Contains(strings.Join(reqRows[0], "|"), "需要时间") ||
		!strings.Contains(strings.Join(reqRows[2], "|"), "上海展会") || !strings.Contains(strings.Join(planRows[3], "|"), "不能配合|") ||
		!strings.Contains(strings.Join(planRows[1], "|"), "可以配合|2026-12-20") {
		t.Fatalf("rows:\n%q\n%q", reqRows, planRows)
	}
	ts.m.Clock.Set(time.Date(2026, 12, 22, 9, 0, 0, 0, loc))
	r = run("office", "deadlines --month 2026-12", "")
	if !lineWith(r.stdout, no+"/1", "未交") || !lineWith(r.stdout, no, "按时") {
		t.Fatalf("the board:\n%s", r.stdout)
	}
	if r := run("prod", "campaigns done "+no+" 3", ""); r.code != 2 {
		t.Fatalf("a refused item done: %d %q", r.code, r.stderr)
	}
	if r := run("prod", "campaigns done "+no+" 1", ""); r.code != 0 {
		t.Fatalf("done: %d %q", r.code, r.stderr)
	}
	if r := run("sales", "campaigns close "+no+" --text 活动结束", ""); r.code != 0 || !strings.Contains(r.stdout, "已结束") {
		t.Fatalf("closed: %d %q", r.code, r.stderr)
	}
	if r := run("prod", "campaigns answer "+no+" 2 can --done-by 2026-12-30", ""); r.code != 2 || !strings.Contains(r.stderr, "当前的状态不能做这一步") {
		t.Fatalf("an answer after it closed: %d %q", r.code, r.stderr)
	}
}

// Over SSH at 80×24: sales file a campaign needed in 30 days, its three
// items pasted into the grid from a spreadsheet; the general manager agrees
// and production is told it is urgent; production first says it can
// cooperate, answers two items "can" with dates and refuses one; sales and
// the general manager see the refusal at once. When an item passes its
// date undone, both heads, the general manager and the tracker are told.
func TestCampaignOnScreens(t *testing.T) {
	ts := startServer(t, Config{Demo: true})
	loc := ts.m.Clock.Loc
	ts.m.Clock.Set(time.Date(2026, 12, 7, 9, 0, 0, 0, loc)) // a Monday
	to := []string{"2", kTab, kTab}

	sales := ts.open("sales", 80, 24, "")
	sales.waitText("今天需要你处理的事")
	sales.send(to...)
	sales.waitText("▸营销活动", "n 提出活动配合")
	sales.send("n")
	sales.waitText("营销活动配合通知单", "活动目的")
	sales.send("冬季展会", kTab, "年货新品推广", kCtrlS)
	sales.waitText("配合事项：冬季展会", "ctrl+s 提交")
	sales.send("\x0e", "\x0e", kUp, kUp) // three rows, back to the first
	rows := "样品\tYDF-XL18\t带一元标示\t200\t0\t0\t\t\t2027-01-06\r" +
		"人员\t\t\t0\t2\t3\t上海展会\t\t2027-01-06\r" +
		"工作\t\t\t0\t0\t0\t\t包装加印活动标识\t2027-01-06"
	sales.send("\x1b[200~" + rows + "\x1b[201~")
	sales.send(kCtrlS)
	sales.waitText("（3 项），待总经理同意", "1. 样品 18g 香辣鱼豆腐 带一元标示 ×200", "2. 人员 2 人 3 天 · 上海展会", "3. 工作 包装加印活动标识")
	c, err := ts.m.Svc.Campaigns.Campaigns(context.Background())
	if err != nil || len(c) == 0 {
		t.Fatalf("campaigns: %v %v", c, err)
	}
	no := c[0].No

	gm := ts.open("gm", 80, 24, "")
	gm.waitText("今天需要你处理的事", "营销活动待你同意："+no+" 冬季展会")
	prod := ts.open("prod", 80, 24, "")
	prod.waitText("今天需要你处理的事")
	gm.send(to...)
	gm.send("/", no, kEnter, kEnter)
	gm.waitText(no, "a 同意")
	gm.send("a")
	gm.waitText("现为 已通知生产部", "紧急：通知不足 45 天")
	prod.waitText("紧急营销活动 " + no)

	prod.send(to...)
	prod.send("/", no, kEnter, kEnter)
	prod.waitText("y 答复能否配合")
	prod.send("y", kTab, "可以配合，人员需调班", kCtrlS)
	prod.waitText("能否配合：是，可以配合，人员需调班", "r 答复事项")
	prod.send("r", kCtrlS) // item 1, can, by the date it is needed
	prod.waitText("营销活动 "+no+"：答复事项，现为 已通知生产部", "可以配合 · 完成时间")
	// Item 2, can, by the 5th (the day before it is needed).
	prod.send("r", kRight, " ", kTab, kTab, "\x15", "2027-01-05", kCtrlS)
	waitUntil(t, "item 2 answered can", func() bool {
		c, err := ts.m.Svc.Campaigns.CampaignByNo(context.Background(), no)
		return err == nil && c.Items[1].Answer == model.AnswerCan && c.Items[1].DoneBy == model.NewDate(2027, 1, 5)
	})
	prod.send("r", kRight, kRight, " ", kTab, kRight, kRight, " ", kTab, kTab, "印刷机排满", kCtrlS)
	prod.waitText("不能配合", "现为 已答复")

	for _, tm := range []*term{sales, gm} {
		tm.within(time.Second, "the refusal alert", func(s string) bool {
			return strings.Contains(s, "营销活动 "+no) && strings.Contains(s, "生产部有事项不能配合（刘建国）")
		})
	}

	// Item 2 was promised for 2027-01-05. The next day it is not done: the
	// server's sweep escalates it, and both heads (sales' lead, production's
	// head), the general manager and the tracker (the clerk who filed it)
	// are told live; a shop-floor member is not. Item 1, due 2027-01-06, is
	// not overdue yet.
	lead := ts.open("saleslead", 80, 24, "")
	lead.waitText("今天需要你处理的事")
	shop := ts.open("shop", 80, 24, "")
	shop.waitText("今天需要你处理的事")
	// The demo's own campaign has its taken items done first: on some of
	// the days CI seeds the demo, they too would be late by then.
	prodUser, err := ts.m.Svc.Users.User(context.Background(), "prod")
	if err != nil {
		t.Fatal(err)
	}
	all, err := ts.m.Svc.Campaigns.Campaigns(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, other := range all {
		for i, it := range other.Items {
			if other.No == no || !it.Taken() || !it.DoneAt.IsZero() {
				continue
			}
			if other, err = ts.m.Svc.Campaigns.ChangeCampaign(context.Background(), prodUser, other.ID, other.Version, func(c *model.Campaign) error {
				return c.CompleteItem(prodUser, ts.m.Clock.Now(), i+1)
			}); err != nil {
				t.Fatal(err)
			}
		}
	}
	ts.m.Clock.Set(time.Date(2027, 1, 6, 8, 0, 0, 0, loc))
	ts.m.Sweep(context.Background())
	for _, tm := range []*term{lead, prod, gm, sales} {
		tm.within(time.Second, "the escalation", func(s string) bool {
			return strings.Contains(s, "营销活动 "+no) && strings.Contains(s, "第 2 项过了答应的完成时间仍未完成")
		})
	}
	lead.send("1")
	lead.waitText("营销活动逾期未完成：" + no + " 冬季展会 第 2 项（人员），应于 2027-01-05")
	if strings.Contains(lead.screen(), "第 1 项") {
		t.Errorf("item 1 is not overdue yet:\n%s", lead.screen())
	}
	prod.waitText("2. 人员 2 人 3 天 · 上海展会", "逾期未完成，已上报", "系统  逾期未完成，已报双方部门负责人和总经理 #2")
	if strings.Contains(shop.screen(), "过了答应的完成时间") || strings.Contains(shop.screen(), "营销活动逾期") {
		t.Errorf("a shop-floor member was told of the escalation:\n%s", shop.screen())
	}
	// A second sweep the same day escalates nothing again.
	if n, err := ts.m.Svc.Campaigns.EscalateCampaigns(context.Background()); n != 0 || err != nil {
		t.Errorf("second sweep: %d %v", n, err)
	}
}
