package main

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"xietong/model"
)

// postNotice writes a notice through the services as someone would through the form.
func (ts *testServer) postNotice(login string, n model.Notice) *model.Notice {
	ts.t.Helper()
	ctx := context.Background()
	u, err := ts.m.Svc.Users.User(ctx, login)
	if err != nil {
		ts.t.Fatal(err)
	}
	saved, err := ts.m.Svc.Notices.PostNotice(ctx, u, &n)
	if err != nil {
		ts.t.Fatal(err)
	}
	return saved
}

// A notice typed by office in its session reaches open prod sessions (zh
// and en) within a second without a key press; the author's read list
// updates live when prod marks it read.
func TestNoticeLiveAndReadList(t *testing.T) {
	ts := startServer(t, Config{Demo: true})
	prodZH := ts.open("prod", 100, 30, "")
	prodZH.waitText("今天需要你处理的事")
	prodEN := ts.open("shop", 100, 30, "en_US.UTF-8")
	prodEN.waitText("what needs you today")

	office := ts.open("office", 100, 30, "")
	office.waitText("今天需要你处理的事")
	office.send("1", kTab)
	office.waitText("通知公告", "状态")
	office.send("n")
	office.waitText("发布通知", "标题")
	office.send("明天全厂停电检修")
	office.send(kTab, kTab, " ") // audience (everyone), urgent: yes
	office.send(kTab, "请各部门提前安排。")
	office.waitText("请各部门提前安排。")
	office.send(kCtrlS)
	office.waitText("通知已发布")

	took := prodZH.within(live, "notice in zh session", func(s string) bool {
		return strings.Contains(s, "紧急通知：明天全厂停电检修")
	})
	t.Logf("zh session saw the notice %v after the author's screen", took)
	prodZH.mu.Lock()
	bell := strings.Contains(prodZH.raw.String(), "\a")
	prodZH.mu.Unlock()
	if !bell {
		t.Error("an urgent notice did not ring the terminal bell")
	}
	prodEN.within(live, "notice in en session", func(s string) bool {
		return strings.Contains(s, "URGENT notice: 明天全厂停电检修")
	})
	// The home screen's unread list shows it too, without a key press.
	prodZH.waitText("明天全厂停电检修", "紧急")

	// The author's detail shows prod among the unread, then among the read.
	office.waitText("未读 ", "刘建国")
	prodZH.send("1", kTab)
	prodZH.waitText("状态")
	prodZH.send("g", kEnter) // top of the list: the newest notice
	prodZH.waitText("请各部门提前安排。")
	prodZH.send("r")
	prodZH.waitText("已标为已读")
	office.within(live, "read list update", func(s string) bool {
		return lineWith(s, "已读 1 人", "刘建国") && strings.Contains(s, "刘建国 已读：明天全厂停电检修")
	})
}

// lineWith reports whether one line of s holds every part.
func lineWith(s string, parts ...string) bool {
	for _, l := range strings.Split(s, "\n") {
		all := true
		for _, p := range parts {
			all = all && strings.Contains(l, p)
		}
		if all {
			return true
		}
	}
	return false
}

// Two sessions edit the same notice: the second save is refused naming who
// saved first; the audit log holds the first save and nothing of the second.
func TestNoticeEditConflict(t *testing.T) {
	ts := startServer(t, Config{Demo: true})
	n := ts.postNotice("office", model.Notice{Title: "质量例会改期", Body: "改到周五"})

	open := func(login string) *term {
		tm := ts.open(login, 100, 30, "")
		tm.waitText("今天需要你处理的事")
		tm.send("1", kTab)
		tm.waitText("质量例会改期")
		tm.send(kEnter)
		tm.waitText("改到周五")
		tm.send("e")
		tm.waitText("修改通知")
		return tm
	}
	a, b := open("office"), open("admin")
	a.send("（第一次）")
	a.send(kCtrlS)
	a.waitText("通知已修改：质量例会改期（第一次）")
	b.send("（第二次）")
	b.send(kCtrlS)
	b.waitText("已被 郑红 于")
	if !strings.Contains(b.screen(), "（第二次）") {
		t.Fatal("the refused edit was not kept in the form")
	}

	entries, err := ts.m.Svc.Audit.Audit(context.Background(), "notice/"+itoa(n.ID))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 2 || entries[0].Action != "notice.create" || entries[1].Action != "notice.update" {
		t.Fatalf("audit = %+v", entries)
	}
	if !strings.Contains(string(entries[1].After), "（第一次）") || strings.Contains(string(entries[1].After), "（第二次）") {
		t.Fatalf("audit after = %s", entries[1].After)
	}
	got, _ := ts.m.Svc.Notices.Notice(context.Background(), n.ID)
	if got.Title != "质量例会改期（第一次）" || got.Version != 2 {
		t.Fatalf("stored = %q v%d", got.Title, got.Version)
	}
}

func itoa(n uint64) string { return strconv.FormatUint(n, 10) }

// Chinese text in a bordered table lines up: every vertical border sits in
// the same emulator column on every row.
func TestCJKTableAlignment(t *testing.T) {
	ts := startServer(t, Config{Demo: true})
	ts.postNotice("office", model.Notice{Title: "混合 Mixed 宽度 width 测试，标点。"})
	tm := ts.open("prod", 100, 30, "")
	tm.send("1", kTab)
	tm.waitText("混合 Mixed")
	tm.waitFor("a table as wide as the terminal", func(s string) bool {
		for _, l := range strings.Split(s, "\n") {
			if strings.HasPrefix(l, "┌") && len([]rune(l)) == 100 {
				return true
			}
		}
		return false
	})
	tm.mu.Lock()
	defer tm.mu.Unlock()
	var want []int
	rows := 0
	for y := 0; y < tm.emu.Height(); y++ {
		var cols []int
		for x := 0; x < tm.emu.Width(); x++ {
			if c := tm.emu.CellAt(x, y); c != nil && strings.Contains("│┃┼┬┴┌┐└┘├┤", c.Content) && c.Content != "" {
				cols = append(cols, x)
			}
		}
		if len(cols) < 2 {
			continue
		}
		rows++
		if want == nil {
			want = cols
			continue
		}
		if !equalInts(cols, want) {
			t.Fatalf("row %d borders at %v, header at %v", y, cols, want)
		}
	}
	if rows < 5 {
		t.Fatalf("only %d table rows found", rows)
	}
	if want[len(want)-1] != 99 {
		t.Fatalf("table is not the full width: right border at %d", want[len(want)-1])
	}
}

func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// A title full of escape sequences is refused by the text rule, naming
// the first; nothing reaches another session's terminal.
func TestNoticeTerminalInjection(t *testing.T) {
	ts := startServer(t, Config{Demo: true})
	tm := ts.open("prod", 100, 30, "")
	tm.waitText("今天需要你处理的事")
	u, err := ts.m.Svc.Users.User(context.Background(), "office")
	if err != nil {
		t.Fatal(err)
	}
	_, err = ts.m.Svc.Notices.PostNotice(context.Background(), u, &model.Notice{Title: "\x1b]0;pwned\x07\x1b[2J"})
	if model.ErrorCode(err) != model.EINVALID || !strings.Contains(err.Error(), "U+001B") {
		t.Fatalf("posted: %v", err)
	}
	ts.postNotice("office", model.Notice{Title: "无害的标题"})
	tm.waitText("无害的标题")
	tm.mu.Lock()
	raw := tm.raw.String()
	tm.mu.Unlock()
	if strings.Contains(raw, "pwned") {
		t.Fatal("the refused title reached the terminal")
	}
}

// A notice posted while prod works in the reply queue is announced on the
// status line at once; the home screen, hidden meanwhile, shows it when
// opened, and the queue is not re-read for it.
func TestHiddenScreenShowsChangeWhenOpened(t *testing.T) {
	ts := startServer(t, Config{Demo: true})
	ctx := context.Background()
	prod := ts.open("prod", 120, 40, "")
	prod.waitText("今天需要你处理的事")
	prod.send("3")
	prod.waitText("交期答复")
	office, err := ts.m.Svc.Users.User(ctx, "office")
	if err != nil {
		t.Fatal(err)
	}
	prod.settle()
	reads := ts.m.DB.ReadTxs()
	if _, err := ts.m.Svc.Notices.PostNotice(ctx, office, &model.Notice{Title: "明日 2 号线停产检修", Body: "8:00–12:00",
		Audience: []model.Department{model.DeptProduction}}); err != nil {
		t.Fatal(err)
	}
	prod.within(live, "the new notice on the status line", func(s string) bool { return strings.Contains(s, "明日 2 号线停产检修") })
	// The session read the notice to word its alert, and nothing else.
	if n := ts.m.DB.ReadTxs() - reads; n > 2 {
		t.Errorf("a notice cost %d reads in a session on the queue", n)
	}
	prod.send("1")
	prod.waitFor("the notice on home", func(s string) bool { return lineWith(s, "明日 2 号线停产检修", "郑红") })
}

// A notice of 2,000 characters is read to its end at 80×24: its text
// scrolls under the title, and its author reaches who has not read it.
func TestLongNoticeScrollsToReceipts(t *testing.T) {
	ts := startServer(t, Config{Demo: true})
	var body strings.Builder
	for i := 1; body.Len() < 6000; i++ { // about 2,000 characters of Chinese
		body.WriteString("第" + strconv.Itoa(i) + "条：各车间按计划备货，节前完成设备保养与安全检查。\n")
	}
	n := ts.postNotice("office", model.Notice{Title: "节前生产安排（长通知）", Body: body.String()})
	if len([]rune(n.Body)) < 2000 {
		t.Fatalf("body of %d characters", len([]rune(n.Body)))
	}
	office := ts.open("office", 80, 24, "")
	office.waitText("今天需要你处理的事")
	office.send("1", kTab)
	office.waitText("节前生产安排（长通知）")
	office.send("/", "长通知", kEnter, kEnter)
	office.waitText("节前生产安排（长通知）", "第1条", "下面还有")
	office.send("G")
	office.waitText("节前生产安排（长通知）", "未读", "上面还有")
	office.send("g")
	office.waitText("第1条")
}
