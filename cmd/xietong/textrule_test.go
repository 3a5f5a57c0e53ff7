package main

import (
	"context"
	"strings"
	"testing"
)

// One text rule everywhere: a notice title typed in the TUI form with a
// right-to-left override (U+202E) is refused with the message next to the
// title, and nothing is posted; the same title is refused over exec, and so
// are an escape sequence in `user add --name` (over exec and offline), a C1
// CSI in an anomaly text and a bidi isolate in an imported customer name.
// A zero-width joiner is allowed.
func TestTextRuleEverywhere(t *testing.T) {
	dir := t.TempDir()
	ts := startServer(t, Config{Demo: true, DataDir: dir})
	ctx := context.Background()
	admin, err := ts.m.Svc.Users.User(ctx, "admin")
	if err != nil {
		t.Fatal(err)
	}
	before, err := ts.m.Svc.Notices.Notices(ctx, admin)
	if err != nil {
		t.Fatal(err)
	}

	office := ts.open("office", 100, 30, "")
	office.waitText("今天需要你处理的事")
	office.send("1", kTab)
	office.waitText("通知公告", "状态")
	office.send("n")
	office.waitText("发布通知", "标题")
	office.send("停电\u202e修检")
	office.send(kCtrlS)
	screen := office.waitText("含有不允许的字符 U+202E")
	lines := strings.Split(screen, "\n")
	for i, l := range lines {
		if strings.Contains(l, "U+202E") {
			if i == 0 || !strings.Contains(strings.Join(lines[max(0, i-2):i], "\n"), "标题") {
				t.Errorf("the message is not next to the title:\n%s", screen)
			}
			break
		}
	}
	if strings.Contains(screen, "通知已发布") {
		t.Fatalf("posted:\n%s", screen)
	}
	after, err := ts.m.Svc.Notices.Notices(ctx, admin)
	if err != nil || len(after) != len(before) {
		t.Fatalf("%d notices before, %d after (%v)", len(before), len(after), err)
	}

	for _, c := range []struct{ login, cmd, want string }{
		{"office", "notices post --title '停电\u202e修检'", "U+202E"},
		{"admin", "user add neo --name '新\x1b[2J人' --dept quality --role member", "U+001B"},
		{"shop", "anomaly file --category equipment --severity 3 --text '停机\u009b31m'", "U+009B"},
	} {
		r := ts.exec(c.login, c.cmd)
		if r.code == 0 || !strings.Contains(r.stderr, c.want) || strings.Count(r.stderr, "\n") != 1 {
			t.Errorf("%s: exit %d, err %q", c.cmd, r.code, r.stderr)
		}
	}
	r := ts.execInput("sales", "customers import --csv", strings.NewReader("code,name,grade\nZ1,a\u2066b,A\nZ2,鱼\u200d豆,B\n"))
	if r.code != 1 || !strings.Contains(r.stderr, "第 2 行：name：含有不允许的字符 U+2066") || strings.Contains(r.stderr, "第 3 行") {
		t.Errorf("import: exit %d, err %q", r.code, r.stderr)
	}
	if r := ts.exec("admin", "user add neo --name '新\u200d人' --dept quality --role member"); r.code != 0 {
		t.Errorf("a zero-width joiner: exit %d, err %q", r.code, r.stderr)
	}

	ts.m.Close()
	var out, errb strings.Builder
	code := runCmd([]string{"user", "add", "li", "--name", "李\u202e工", "--dept", "rnd", "--role", "member", "--data", dir}, nil, &out, &errb)
	if code == 0 || !strings.Contains(errb.String(), "U+202E") {
		t.Errorf("offline user add: exit %d, err %q", code, errb.String())
	}
}
