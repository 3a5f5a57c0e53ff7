package model

import (
	"strings"
	"testing"
	"time"
)

// The missed-deadline rule is off until the office turns it on, with a
// grace of 0 to 10 working days; turning it on starts it then, and changing
// only the grace keeps when it started.
func TestLedgerRuleSettings(t *testing.T) {
	s := DefaultLedgerRuleSettings()
	if s.MissedDeadline || s.GraceDays != 1 || !s.Since.IsZero() {
		t.Fatalf("defaults %+v", s)
	}
	office := &User{Login: "office", Dept: DeptOffice, Role: RoleOffice}
	now := time.Date(2028, 3, 6, 7, 0, 0, 0, time.UTC)
	if err := s.SetMissedDeadline(&User{Login: "prod", Dept: DeptProduction, Role: RoleHead}, now, true, 1); ErrorCode(err) != EFORBIDDEN {
		t.Fatalf("a head switched it: %v", err)
	}
	if err := s.SetMissedDeadline(office, now, true, MaxDeadlineGrace+1); FieldErrors(err)["grace"].Key != "val.range" || s.MissedDeadline {
		t.Fatalf("an 11-day grace: %v %+v", err, s)
	}
	if err := s.SetMissedDeadline(office, now, true, 2); err != nil || !s.MissedDeadline || !s.Since.Equal(now) || s.GraceDays != 2 {
		t.Fatalf("on: %v %+v", err, s)
	}
	if err := s.SetMissedDeadline(office, now.Add(time.Hour), true, 0); err != nil || !s.Since.Equal(now) || s.GraceDays != 0 {
		t.Fatalf("the grace alone: %v %+v", err, s)
	}
	if err := s.SetMissedDeadline(office, now.Add(2*time.Hour), false, 0); err != nil || s.MissedDeadline {
		t.Fatalf("off: %v %+v", err, s)
	}
	if err := s.SetMissedDeadline(office, now.Add(3*time.Hour), true, 1); err != nil || !s.Since.Equal(now.Add(3*time.Hour)) {
		t.Fatalf("on again: %v %+v", err, s)
	}
}

// The grace moves a deadline to the same time on a later working day: a
// Saturday evening's plan to Monday evening over the Sunday off, a
// deadline at the midnight ending Wednesday to the one ending Thursday.
func TestGraceEnd(t *testing.T) {
	cal := NewCalendar(time.UTC, nil, nil)
	at := func(s string) time.Time {
		tm, err := time.Parse("2006-01-02 15:04", s)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	for _, c := range []struct {
		due  string
		days int
		want string
	}{
		{"2028-03-11 17:30", 1, "2028-03-13 17:30"},
		{"2028-03-09 00:00", 1, "2028-03-10 00:00"},
		{"2028-03-06 14:00", 0, "2028-03-06 14:00"},
		{"2028-03-06 14:00", 2, "2028-03-08 14:00"},
	} {
		if got := GraceEnd(cal, at(c.due), c.days).Format("2006-01-02 15:04"); got != c.want {
			t.Errorf("%s + %d working days: %s, want %s", c.due, c.days, got, c.want)
		}
	}
}

// The missed-deadline rule drafts for a deadline still not done after its
// grace (sales: the marketing centre's fund) and one done after it
// (production: the company's), each caused by the item as the board names
// it; not for one done within the grace, one whose grace still runs, one
// due before the rule was turned on, or one of a department with no head.
func TestMissedDeadlineFindings(t *testing.T) {
	cal := NewCalendar(time.UTC, nil, nil)
	at := func(s string) time.Time {
		tm, err := time.Parse("2006-01-02 15:04", s)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	items := []DueItem{
		{Kind: DueShortfall, Ref: "2028-03-06", Dept: DeptSales, Due: at("2028-03-06 14:00")},
		{Kind: DuePlan, Ref: "2028-03-07", Dept: DeptProduction, Due: at("2028-03-06 17:30"), Done: at("2028-03-07 10:00")},
		{Kind: DuePlan, Ref: "2028-03-06", Dept: DeptProduction, Due: at("2028-03-04 17:30"), Done: at("2028-03-06 18:00")},
		{Kind: DueShortfall, Ref: "2028-03-07", Dept: DeptSales, Due: at("2028-03-07 14:00")},
		{Kind: DueShortfall, Ref: "2028-03-03", Dept: DeptSales, Due: at("2028-03-03 14:00")},
		{Kind: DuePlanItem, Ref: "JH-2028-0001", Dept: DeptRnD, Due: at("2028-03-05 00:00")},
	}
	heads := map[Department]string{DeptSales: "saleslead", DeptProduction: "prod"}
	head := func(d Department) string { return heads[d] }
	got := MissedDeadlineFindings(cal, items, at("2028-03-04 00:00"), 1, at("2028-03-07 15:00"), head)
	if len(got) != 2 {
		t.Fatalf("findings %+v", got)
	}
	missing, late := got[0], got[1]
	if missing.Rule != RuleMissedDeadline || missing.Kind != LedgerPenalty || missing.Person != "saleslead" || missing.Dept != DeptSales ||
		missing.Fund != FundMarketing || missing.Amount != DefaultLedgerAmount ||
		missing.Cause != (Cause{Kind: CauseDeadline, Ref: "差额表 2028-03-06"}) ||
		missing.Evidence != "差额表 2028-03-06 应于 2028-03-06 14:00 前完成，宽限 1 个工作日到 2028-03-07 14:00 仍未完成" {
		t.Errorf("missing: %+v", missing)
	}
	if late.Person != "prod" || late.Fund != FundCompany || late.Cause != (Cause{Kind: CauseDeadline, Ref: "次日生产计划 2028-03-06"}) ||
		!strings.Contains(late.Evidence, "2028-03-06 18:00 才完成，迟了 3 天（宽限 1 个工作日）") {
		t.Errorf("late: %+v", late)
	}
	if _, err := DraftLedgerEntry(at("2028-03-07 15:00"), missing); err != nil {
		t.Errorf("draft: %v", err)
	}
	// With no grace the plan done the next morning is late too.
	if got := MissedDeadlineFindings(cal, items[1:2], time.Time{}, 0, at("2028-03-07 15:00"), head); len(got) != 1 {
		t.Errorf("no grace: %+v", got)
	}
}

// A project rated 5 of 5 at the review drafts an award for its owner from
// the marketing centre's fund; a lower rating, a review before the window
// and an owner whose account is gone draft nothing.
func TestProjectAwardFindings(t *testing.T) {
	since := time.Date(2028, 2, 1, 0, 0, 0, 0, time.UTC)
	reviewed := time.Date(2028, 3, 1, 9, 0, 0, 0, time.UTC)
	top := &Project{No: "LX-2028-0001", ProjectInput: ProjectInput{Title: "1号线换型时间缩短", Owner: "prod"}, Status: ProjectReviewed,
		Rating: 5, Award: "年度优秀项目", Benefit: 36000, ReviewedAt: reviewed}
	four := &Project{No: "LX-2028-0002", ProjectInput: ProjectInput{Owner: "prod"}, Status: ProjectReviewed, Rating: 4, ReviewedAt: reviewed}
	old := &Project{No: "LX-2027-0009", ProjectInput: ProjectInput{Owner: "prod"}, Status: ProjectReviewed, Rating: 5,
		ReviewedAt: since.Add(-time.Hour)}
	gone := &Project{No: "LX-2028-0003", ProjectInput: ProjectInput{Owner: "left"}, Status: ProjectReviewed, Rating: 5, ReviewedAt: reviewed}
	done := &Project{No: "LX-2028-0004", ProjectInput: ProjectInput{Owner: "prod"}, Status: ProjectDone}
	dept := func(login string) Department {
		if login == "prod" {
			return DeptProduction
		}
		return ""
	}
	got := ProjectAwardFindings([]*Project{top, four, old, gone, done}, since, dept)
	if len(got) != 1 {
		t.Fatalf("findings %+v", got)
	}
	f := got[0]
	if f.Kind != LedgerAward || f.Rule != RuleProjectAward || f.Person != "prod" || f.Dept != DeptProduction || f.Fund != FundMarketing ||
		f.Amount != DefaultLedgerAmount || f.Cause != (Cause{Kind: CauseProject, Ref: "LX-2028-0001"}) ||
		f.Evidence != "LX-2028-0001「1号线换型时间缩短」年终评审 5 分（满分 5），经济效益 36000 元；评审意见：年度优秀项目" {
		t.Fatalf("finding %+v", f)
	}
	if _, err := DraftLedgerEntry(reviewed, f); err != nil {
		t.Errorf("draft: %v", err)
	}
}

// A done new-product project whose product shipped since the day it was
// done drafts the promotion award for its filer; one of another kind, one
// not done, one naming no product and one whose product has not shipped
// since draft nothing.
func TestNewProductAwardFindings(t *testing.T) {
	cal := NewCalendar(time.UTC, nil, nil)
	done := time.Date(2028, 3, 1, 9, 0, 0, 0, time.UTC)
	np := func(no, product string, status ProjectStatus) *Project {
		return &Project{No: no, ProjectInput: ProjectInput{Kind: ProjectNewProduct, Title: "芝士味鱼豆腐新品", Owner: "rnd",
			Links: ProjectLinks{Product: product}}, FiledBy: "sales", Status: status, DoneAt: done}
	}
	good := np("LX-2028-0001", "ZS18", ProjectDone)
	process := np("LX-2028-0002", "ZS18", ProjectDone)
	process.Kind = ProjectProcess
	running := np("LX-2028-0003", "ZS18", ProjectInProgress)
	running.DoneAt = time.Time{}
	none := np("LX-2028-0004", "", ProjectReviewed)
	quiet := np("LX-2028-0005", "YW18", ProjectReviewed)
	var asked []Date
	shipped := func(product string, from Date) Shipped {
		asked = append(asked, from)
		if product == "ZS18" {
			return Shipped{Qty: 120, First: NewDate(2028, 3, 3)}
		}
		return Shipped{}
	}
	dept := func(string) Department { return DeptSales }
	product := func(code string) *Product { return &Product{Code: code, Name: "芝士味鱼豆腐", Unit: "件"} }
	got := NewProductAwardFindings([]*Project{good, process, running, none, quiet}, cal, shipped, dept, product)
	if len(got) != 1 {
		t.Fatalf("findings %+v", got)
	}
	f := got[0]
	if f.Kind != LedgerAward || f.Rule != RuleNewProductAward || f.Person != "sales" || f.Dept != DeptSales || f.Fund != FundMarketing ||
		f.Cause != (Cause{Kind: CauseProject, Ref: "LX-2028-0001"}) ||
		f.Evidence != "产品立项 LX-2028-0001「芝士味鱼豆腐新品」于 2028-03-01 完成，芝士味鱼豆腐 自 2028-03-03 起已发货 120 件" {
		t.Fatalf("finding %+v", f)
	}
	if len(asked) == 0 || asked[0] != NewDate(2028, 3, 1) {
		t.Errorf("shipments asked from %v, want the day it was done", asked)
	}
}
