package main

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"xietong/model"
)

func (f *fixture) orderCount() int {
	list, err := f.ts.m.Svc.Orders.Orders(context.Background(), model.OrderFilter{})
	if err != nil {
		f.ts.t.Fatal(err)
	}
	return len(list)
}

// Bad input in the order form: each gives a message next to its field and
// nothing is saved.
func TestOrderFormBadInput(t *testing.T) {
	f := newFixture(t)
	before := f.orderCount()
	tm := f.ts.open("sales", 110, 34, "")
	tm.waitText("今天需要你处理的事")
	tm.send("2", "n")
	tm.waitText("新建订单")
	good := f.today.AddDays(5).String()
	past := f.today.AddDays(-1).String()
	cases := []struct {
		name         string
		remarks      string
		product, qty string
		date         string
		paste        string
		want         []string
	}{
		{"qty abc", "", "T-FISH", "abc", good, "", []string{"✗ 数量：请输入正整数"}},
		{"qty 0", "", "T-FISH", "0", good, "", []string{"数量必须大于 0"}},
		{"qty -5", "", "T-FISH", "-5", good, "", []string{"数量必须大于 0"}},
		{"qty 1e9", "", "T-FISH", "1e9", good, "", []string{"请输入正整数"}},
		{"past date", "", "T-FISH", "10", past, "", []string{"不能早于今天"}},
		{"impossible date", "", "T-FISH", "10", "2026-02-30", "", []string{"要求交期：没有这一天：2026-02-30"}},
		{"unknown product", "", "NOPE-1", "10", good, "", []string{"没有产品编码 NOPE-1"}},
		{"long remarks", strings.Repeat("长", 600), "T-FISH", "10", good, "", []string{"最多 500 个字符（现有 600 个）"}},
		{"pasted control characters", "", "T-FISH", "10", good, "\x1b[31m红色\x07", []string{"粘贴的内容含有控制字符"}},
	}
	for _, c := range cases {
		// A fresh form per case: customer, channel, remarks, then the line's
		// product, variant, qty and requested date.
		tm.send("n")
		tm.waitText("新建订单")
		tm.send("T-B", kTab, "电话", kTab)
		if c.paste != "" {
			tm.send("\x1b[200~" + c.paste + "\x1b[201~")
			tm.waitText(c.want...)
		} else {
			tm.send(c.remarks, kTab, c.product, kTab, kTab, c.qty, kTab, c.date, kCtrlS)
			tm.waitText(c.want...)
			if !strings.Contains(tm.screen(), "请先修正标出的字段") && !strings.Contains(tm.screen(), "输入有误") {
				t.Errorf("%s: no summary on the status line:\n%s", c.name, tm.screen())
			}
		}
		tm.send(kEsc)
		tm.waitText("放弃未保存的修改吗")
		tm.send("y")
		tm.waitText("订单号/行")
	}
	if n := f.orderCount(); n != before {
		t.Fatalf("%d orders saved by bad input", n-before)
	}
}

// Two sessions answering the same line: the second is refused, naming who
// answered and when, and the first answer stands.
func TestAnswerConflict(t *testing.T) {
	f := newFixture(t)
	o := f.sentOrder(f.b, 100, 6)
	no := o.No + "/1"
	// Two production leads: prod (demo) and a second head for this test.
	if _, err := f.ts.m.Svc.Users.CreateUser(context.Background(), nil, &model.User{Login: "prod2", Name: "钱副经理", Dept: model.DeptProduction, Role: model.RoleLead}); err != nil {
		t.Fatal(err)
	}
	open := func(login string) *term {
		tm := f.ts.open(login, 110, 34, "")
		tm.waitText("今天需要你处理的事")
		tm.send("3")
		moveTo(t, tm, no)
		tm.send(kEnter)
		tm.waitText("a 答复交期")
		tm.send("a")
		tm.waitText("答复交期 · " + no) // the form, not the detail behind it
		return tm
	}
	a, b := open("prod"), open("prod2")
	a.send(kCtrlS)
	a.waitText("已答复交期：" + no)
	b.send("\x15", f.today.AddDays(9).String(), kCtrlS)
	b.waitText(o.No+" #1", "已被 刘建国 于") // conflict names the line, who (by name) and when
	_, l, err := f.ts.m.Svc.Orders.Line(context.Background(), o.Lines[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if l.PromisedDate == f.today.AddDays(9) || l.Status != model.LineAnswered {
		t.Fatalf("second answer overwrote the first: %v %s", l.PromisedDate, l.Status)
	}
	answers := 0
	for _, e := range l.History {
		if e.Kind == model.EvAnswer {
			answers++
		}
	}
	if answers != 1 {
		t.Fatalf("%d answers in history", answers)
	}
}

// orders import over SSH: 1,000 rows with one bad row apply nothing and
// name the bad row; the same file fixed imports every order.
func TestOrdersImportAllOrNothing(t *testing.T) {
	f := newFixture(t)
	before := f.orderCount()
	var b strings.Builder
	b.WriteString("order_ref,customer,product,variant,qty,requested_date\n")
	for i := 1; i <= 1000; i++ {
		qty := "20"
		if i == 640 {
			qty = "二十" // not a number: the one bad row
		}
		fmt.Fprintf(&b, "K3-%04d,T-C,T-FISH,mark,%s,%s\n", (i+1)/2, qty, f.today.AddDays(10))
	}
	c, err := f.ts.dial("sales")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	r := runExec(t, c, "orders import --csv", b.String())
	if r.code == 0 || !strings.Contains(r.stderr, "第 641 行") || !strings.Contains(r.stderr, "nothing imported") && !strings.Contains(r.stderr, "未导入") {
		t.Fatalf("bad import: code %d stderr %q", r.code, r.stderr)
	}
	if n := f.orderCount(); n != before {
		t.Fatalf("%d orders written by a refused import", n-before)
	}
	fixed := strings.Replace(b.String(), ",二十,", ",20,", 1)
	r = runExec(t, c, "orders import --csv", fixed)
	if r.code != 0 {
		t.Fatalf("good import: %d %s", r.code, r.stderr)
	}
	if n := f.orderCount(); n != before+500 {
		t.Fatalf("imported %d orders, want 500", n-before)
	}
}

// The sales lead moves a line up with a reason: it jumps the queue, is
// marked expedited, and the reason is in its history.
func TestRankMoveWithReason(t *testing.T) {
	f := newFixture(t)
	o := f.sentOrder(f.c, 40, 20) // grade C: ranks last
	no := o.No + "/1"
	lead := f.ts.open("saleslead", 110, 34, "")
	lead.waitText("今天需要你处理的事")
	lead.send("2", "/", no, kEnter, kEnter)
	lead.waitText("+ 提前")
	lead.send("+")
	lead.waitText("提前 · "+no, "普通 → 加急：保存后本行（C 级客户）排在所有未加急的行之前")
	lead.send(kCtrlS)
	lead.waitText("✗ 必填") // a move needs a reason
	lead.send("客户断货，总经理同意加急", kCtrlS)
	lead.waitText("已提前：" + no)
	lead.waitText("调整排序", "普通 → 加急  客户断货，总经理同意加急")

	prod := f.ts.open("prod", 110, 34, "")
	prod.waitText("今天需要你处理的事")
	prod.send("3")
	screen := prod.waitText(no, "[加急] C 测试丙商店")
	if !lineWith(screen, no, " 1 │ ") {
		t.Fatalf("expedited line is not first:\n%s", screen)
	}
}

// openDumb is ts.openEnv on a terminal that says it is dumb: its pty's TERM
// is "dumb" (the harness's sessions are xterm-256color), the way a plain
// terminal or a screen reader's console connects.
func (ts *testServer) openDumb(login string, w, h int, env map[string]string) *term {
	ts.t.Helper()
	c, err := ts.dial(login)
	if err != nil {
		ts.t.Fatalf("dial %s: %v", login, err)
	}
	return openTermType(ts.t, c, "dumb", w, h, env)
}

// Without colours (TERM=dumb, NO_COLOR) the order form still shows which
// field has focus: a marker before the header field's label, as kit forms
// and the form's own line rows have.
func TestOrderFormFocusWithoutColour(t *testing.T) {
	f := newFixture(t)
	for _, tc := range []struct {
		name   string
		tm     *term
		home   string
		labels [3]string
		line   string
	}{
		{"TERM=dumb", f.ts.openDumb("sales", 80, 24, map[string]string{"NO_COLOR": "1"}), "今天需要你处理的事",
			[3]string{"客户", "渠道", "备注"}, "▸ 1"},
		{"NO_COLOR, English", f.ts.openEnv("sales", 80, 24, map[string]string{"NO_COLOR": "1", "LANG": "en_US.UTF-8"}), "what needs you today",
			[3]string{"customer", "channel", "remarks"}, "▸ 1"},
	} {
		tm := tc.tm
		tm.waitText(tc.home)
		tm.send("2", "n")
		for i := range 4 {
			if i > 0 {
				tm.send(kTab)
			}
			screen := tm.waitFor(fmt.Sprintf("%s: focus on field %d", tc.name, i), func(s string) bool {
				if i == 3 {
					return strings.Contains(s, tc.line)
				}
				return strings.Contains(s, "▸ "+tc.labels[i])
			})
			if n := strings.Count(screen, "▸ "); n != 1 {
				t.Errorf("%s: %d focus markers with focus on field %d:\n%s", tc.name, n, i, screen)
			}
		}
		tm.mu.Lock()
		colour := colourSGR.FindString(tm.raw.String())
		tm.mu.Unlock()
		if colour != "" {
			t.Errorf("%s: colour %q sent", tc.name, colour)
		}
	}
}
