package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"xietong/model"
	"xietong/store"
)

// assessWorld is a real store in use since 26 November 2026 with sales'
// lead 陈刚 and two members, 王丽 and 李娜, production's head 刘建国, the
// office and the general manager; the general manager has confirmed a
// 200-yuan penalty for 王丽 and a 100-yuan award for 刘建国 that day. It is
// the next morning: sales' and production's submission timeliness is 0 of
// 1 (the 26th's table and plan were never published), so the departments
// score 0, 王丽 −2 and 刘建国 +1.
func assessWorld(t *testing.T) func(login, lang string, args ...string) (int, string, string) {
	t.Helper()
	clock := &model.Clock{Loc: shanghai()}
	clock.Set(testNow)
	db, err := store.Open(filepath.Join(t.TempDir(), "xietong.db"), store.Options{Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ctx := t.Context()
	users := map[string]*model.User{}
	for _, u := range []*model.User{uProd, uSales,
		{Login: "saleslead", Name: "陈刚", Dept: model.DeptSales, Role: model.RoleLead},
		{Login: "sales2", Name: "李娜", Dept: model.DeptSales, Role: model.RoleMember},
		{Login: "office", Name: "郑红", Dept: model.DeptOffice, Role: model.RoleOffice},
		{Login: "gm", Name: "黄志明", Dept: model.DeptManagement, Role: model.RoleGM}} {
		saved, err := db.CreateUser(ctx, nil, &model.User{Login: u.Login, Name: u.Name, Dept: u.Dept, Role: u.Role})
		if err != nil {
			t.Fatal(err)
		}
		users[u.Login] = saved
	}
	for _, in := range []model.LedgerInput{
		{Kind: model.LedgerPenalty, Rule: model.RuleMissedDeadline, Person: "sales", Dept: model.DeptSales, Amount: 200, Fund: model.FundCompany,
			Cause: model.Cause{Kind: model.CauseDeadline, Ref: "2026-11-25 差额表"}, Evidence: "未按时发布"},
		{Kind: model.LedgerAward, Rule: model.RuleOther, Person: "prod", Dept: model.DeptProduction, Amount: 100, Fund: model.FundCompany,
			Cause: model.Cause{Kind: model.CauseDeadline, Ref: "2026-11-24 生产计划"}, Evidence: "提前发布"},
	} {
		x, err := db.ProposeLedgerEntry(ctx, users["office"], in)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := db.ChangeLedgerEntry(ctx, users["gm"], x.ID, x.Version, func(by *model.User, x *model.LedgerEntry) error {
			return x.Confirm(by, clock.Now())
		}); err != nil {
			t.Fatal(err)
		}
	}
	// The next morning: the 26th's shortfall table and production plan,
	// never published, are missing.
	clock.Set(testNow.AddDate(0, 0, 1))
	svc := db.Services()
	return func(login, lang string, args ...string) (int, string, string) {
		var out, errb bytes.Buffer
		e := &Env{Svc: svc, User: users[login], Lang: lang, Stdout: &out, Stderr: &errb}
		code := Run(context.Background(), e, args)
		return code, out.String(), errb.String()
	}
}

// assess --person: 王丽 sees her own month, her ledger points taking two
// points off; her colleague may not see it, their lead may, and he may not
// see production's head, whom the office sees; a member is refused every
// department's month, and an unknown login is named. The year view lists
// the months side by side for a department and its people, in CSV, JSON
// and a workbook with a sheet per department.
func TestAssessCommands(t *testing.T) {
	run := assessWorld(t)
	code, out, errs := run("sales", "zh", "assess", "2026-11", "--person", "sales")
	for _, want := range []string{"2026-11 考评（按记录实时计算，未定稿） · 王丽（销售部）", "罚款 200 元，奖励 0 元", "-2.0", "报送及时率", "不计分", "无数据",
		"个人得分 = 部门指标得分 − 本人罚款 ÷ 100 × 1"} {
		if code != 0 || !strings.Contains(out, want) {
			t.Fatalf("her own month: want %q in %d %q %q", want, code, out, errs)
		}
	}
	if strings.Contains(out, "sales ") {
		t.Errorf("a login shown: %q", out)
	}
	for _, c := range []struct {
		by, person, lang string
		code             int
		want             string
	}{
		{"sales2", "sales", "zh", 1, "只能看自己和本部门人员的考评（综合办公室和总经理可以看所有人的）"},
		{"sales2", "prod", "en", 1, "you may see your own assessment and your department's people's"},
		{"saleslead", "sales", "zh", 0, "罚款 200 元，奖励 0 元"},
		{"saleslead", "prod", "zh", 1, "只能看自己和本部门人员的考评"},
		{"office", "prod", "zh", 0, "罚款 0 元，奖励 100 元"},
		{"gm", "gm", "zh", 1, "黄志明 在 2026-11 没有个人考评"},
		{"office", "nobody", "zh", 1, "没有账号 nobody"},
	} {
		code, out, errs := run(c.by, c.lang, "assess", "2026-11", "--person", c.person)
		if code != c.code || !strings.Contains(out+errs, c.want) {
			t.Errorf("%s asks for %s: %d %q %q, want %d %q", c.by, c.person, code, out, errs, c.code, c.want)
		}
	}
	if code, _, errs := run("sales", "zh", "assess", "2026-11"); code != 1 || !strings.Contains(errs, "assess 月份 --person 自己的登录名") {
		t.Errorf("a member asks for every department: %d %q", code, errs)
	}
	// The lead's view of his department lists his people by name.
	code, out, _ = run("saleslead", "zh", "assess", "2026-11", "--dept", "sales")
	if code != 0 || !strings.Contains(out, "王丽") || !strings.Contains(out, "李娜") || !strings.Contains(out, "陈刚") {
		t.Errorf("sales with its people: %d %q", code, out)
	}
	code, out, _ = run("saleslead", "zh", "assess", "2026-11", "--dept", "production")
	if code != 0 || strings.Contains(out, "刘建国") {
		t.Errorf("production's people shown to sales' lead: %d %q", code, out)
	}
	for _, args := range [][]string{{"assess", "--year", "2026", "2026-11"}, {"assess"}, {"assess", "2026", "--dept", "sales", "--person", "sales"},
		{"assess", "20266"}} {
		if code, _, errs := run("office", "zh", args...); code != 2 || errs == "" {
			t.Errorf("%v: %d %q", args, code, errs)
		}
	}

	// The year, side by side: November computed, December not begun.
	code, out, _ = run("gm", "en", "assess", "2026", "--csv")
	lines := strings.Split(strings.TrimSpace(out), "\r\n")
	if code != 0 || lines[0] != "dept,person_name,m01,m02,m03,m04,m05,m06,m07,m08,m09,m10,m11,m12,average,penalties,awards" {
		t.Fatalf("year CSV: %d %q", code, out)
	}
	var wang string
	for _, l := range lines {
		if strings.Contains(l, "王丽") {
			wang = l
		}
	}
	f := strings.Split(wang, ",")
	if len(f) != 17 || f[0] != "Sales" || f[11] != "no data" || f[12] != "-2.0" || f[13] != "" || f[14] != "-2.0" || f[15] != "200" || f[16] != "0" {
		t.Errorf("her row of the year: %q", wang)
	}
	code, out, _ = run("sales", "zh", "assess", "--year", "2026", "--person", "sales")
	if code != 0 || !strings.Contains(out, "2026 年考评（1、2、3、4、5、6、7、8、9、10、11 月按记录实时计算；12 月未开始） · 王丽（销售部）") ||
		!strings.Contains(out, "2026-11") || !strings.Contains(out, "全年（平均）") {
		t.Errorf("her year: %d %q", code, out)
	}
	code, out, _ = run("sales", "zh", "assess", "2026", "--person", "sales", "--json")
	var mine struct {
		Person model.YearRow `json:"person"`
	}
	if err := json.Unmarshal([]byte(out), &mine); code != 0 || err != nil || mine.Person.Login != "sales" || mine.Person.Penalties != 200 ||
		!mine.Person.Months[10].In || mine.Person.Months[11].In {
		t.Errorf("her year in JSON: %d %v %+v", code, err, mine)
	}
	code, out, _ = run("saleslead", "zh", "assess", "2026", "--json")
	var y model.YearAssessment
	if err := json.Unmarshal([]byte(out), &y); code != 0 || err != nil || len(y.Depts) != len(model.AssessedDepts) || len(y.People) != 3 {
		t.Errorf("the lead's year: %d %v %d people", code, err, len(y.People))
	}
	e := &Env{Lang: "zh"}
	if code, out, errs = run("office", "zh", "assess", "2026", "--xlsx"); code != 0 {
		t.Fatalf("year workbook: %d %q", code, errs)
	}
	wb, err := excelize.OpenReader(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	if got := wb.GetSheetList(); len(got) != len(model.AssessedDepts) || got[0] != e.t("dept.sales") {
		t.Fatalf("sheets %v", got)
	}
	rows, err := wb.GetRows("销售部")
	if err != nil || len(rows) != 5 || rows[0][0] != "姓名" || rows[0][11] != "11月" || rows[1][0] != "销售部" || rows[3][0] != "王丽" || rows[3][11] != "-2" || rows[3][14] != "200" {
		t.Fatalf("the sales sheet: %v %v", rows, err)
	}
}
