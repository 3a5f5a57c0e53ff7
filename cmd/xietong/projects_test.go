package main

import (
	"strings"
	"testing"
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
