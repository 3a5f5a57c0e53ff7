package model

import (
	"math"
	"slices"
	"testing"
	"time"
)

// near compares scores to a hundredth.
func near(a, b float64) bool { return math.Abs(a-b) < 0.005 }

// assessPeople are a small factory's accounts: sales' lead and two members
// (one disabled), production's head, the office, the general manager and
// an administrator.
func assessPeople() map[string]*User {
	out := map[string]*User{}
	for _, u := range []*User{
		{Login: "wang", Name: "王丽", Dept: DeptSales, Role: RoleMember},
		{Login: "chen", Name: "陈刚", Dept: DeptSales, Role: RoleLead},
		{Login: "gone", Name: "离职", Dept: DeptSales, Role: RoleMember, Disabled: true},
		{Login: "liu", Name: "刘建国", Dept: DeptProduction, Role: RoleHead},
		{Login: "zheng", Name: "郑红", Dept: DeptOffice, Role: RoleOffice},
		{Login: "gm", Name: "黄志明", Dept: DeptManagement, Role: RoleGM},
		{Login: "admin", Name: "系统管理员", Dept: DeptOffice, Role: RoleAdmin},
	} {
		out[u.Login] = u
	}
	return out
}

// entry is a ledger entry of login confirmed (or only proposed, as a
// draft) at the given day of December 2026.
func entry(login string, dept Department, kind LedgerKind, amount int64, status LedgerStatus, day int) *LedgerEntry {
	at := time.Date(2026, 12, day, 10, 0, 0, 0, time.UTC)
	e := &LedgerEntry{LedgerInput: LedgerInput{Person: login, Dept: dept, Kind: kind, Amount: amount}, Status: status, ProposedAt: at}
	if status != LedgerDraft {
		e.ConfirmedAt = at
	}
	return e
}

// December 2026 of sales, by hand. The department's indicators score 80.
// 王丽 published the forecast on time and a shortfall table late (1 of 2
// on time); a shortfall table nobody published is missing, and counts for
// sales' lead 陈刚 (0 of 1), not for her; production's missing plan is
// production's head's. Her ledger: a 200-yuan penalty and a 100-yuan award
// confirmed in December, a 300-yuan penalty reversed in December (the
// entry and its reversal cancel out), a draft and one confirmed in
// January that do not count: 80 − (200 − 100) ÷ 100 = 79.
func TestAssessPersonByHand(t *testing.T) {
	us := assessPeople()
	cal := NewCalendar(time.UTC, nil, nil)
	dec := Month{Year: 2026, Month: time.December}
	due := time.Date(2026, 12, 2, 14, 0, 0, 0, time.UTC)
	items := []DueItem{
		{Kind: DueForecast, Dept: DeptSales, Who: "wang", State: DueOnTime},
		{Kind: DueShortfall, Dept: DeptSales, Who: "wang", State: DueLate, Due: due},
		{Kind: DueShortfall, Dept: DeptSales, State: DueMissing, Due: due},
		{Kind: DueShortfall, Dept: DeptSales, State: DuePending, Due: due.AddDate(0, 0, 20)},
		{Kind: DuePlan, Dept: DeptProduction, State: DueMissing, Due: due},
	}
	reversed := entry("wang", DeptSales, LedgerPenalty, 300, LedgerReversed, 3)
	reversal := entry("wang", DeptSales, LedgerPenalty, 300, LedgerConfirmed, 9)
	reversal.Reverses = 7
	entries := []*LedgerEntry{
		entry("wang", DeptSales, LedgerPenalty, 200, LedgerConfirmed, 4),
		entry("wang", DeptSales, LedgerAward, 100, LedgerConfirmed, 5),
		reversed, reversal,
		entry("wang", DeptSales, LedgerPenalty, 1000, LedgerDraft, 6),
		entry("chen", DeptSales, LedgerPenalty, 400, LedgerWithdrawn, 6),
	}
	jan := entry("wang", DeptSales, LedgerPenalty, 500, LedgerConfirmed, 1)
	jan.ConfirmedAt = time.Date(2027, 1, 2, 10, 0, 0, 0, time.UTC)
	entries = append(entries, jan)
	sales := &DeptAssessment{Dept: DeptSales, KPIScore: 80, Scored: true}

	w := AssessPerson(us["wang"], sales, items, entries, dec, cal)
	if w.Submission.OnTime != 1 || w.Submission.Late != 1 || w.Submission.Missing != 0 || w.Submission.Timeliness() != (Ratio{1, 2}) {
		t.Errorf("her submission: %+v", w.Submission)
	}
	if w.Penalties != 200 || w.Awards != 100 || !w.Scored || !near(w.KPIScore, 80) || !near(w.Score, 79) {
		t.Errorf("her month: %+v", w)
	}
	c := AssessPerson(us["chen"], sales, items, entries, dec, cal)
	if c.Submission.Missing != 1 || c.Submission.Pending != 1 || c.Submission.Timeliness() != (Ratio{0, 1}) || c.Penalties != 0 || !near(c.Score, 80) {
		t.Errorf("the lead's month: %+v", c)
	}
	if h := AssessPerson(us["liu"], nil, items, entries, dec, cal); h.Submission.Timeliness() != (Ratio{0, 1}) || h.Scored {
		t.Errorf("production's head, no department score: %+v", h)
	}
	// The department's own sums take the same entries: 200 + 300 − 300
	// of penalties (the withdrawn one never counts), 100 of awards.
	d := Assess(DeptSales, []KPIValue{{KPI: KPISubmission, Value: 0.8, OK: true}}, []Weight{{KPISubmission, 30}}, entries, dec, cal)
	if d.Penalties != 200 || d.Awards != 100 || !near(d.KPIScore, 80) || !near(d.Score, 79) {
		t.Errorf("sales: %+v", d)
	}
	if !near(LedgerAdjust(250, 50), -2) || !near(LedgerAdjust(0, 150), 1.5) {
		t.Errorf("LedgerAdjust")
	}
}

// The people of a month: the assessed departments' accounts, the head
// and leads first, then by login; not the general manager (management is
// not assessed) nor an administrator; a disabled account only when it has
// something of its own in the month.
func TestAssessPeople(t *testing.T) {
	us := assessPeople()
	var users []*User
	for _, u := range us {
		users = append(users, u)
	}
	cal := NewCalendar(time.UTC, nil, nil)
	dec := Month{Year: 2026, Month: time.December}
	depts := []DeptAssessment{{Dept: DeptSales, KPIScore: 60, Scored: true}, {Dept: DeptProduction}}
	logins := func(ps []PersonAssessment) []string {
		var out []string
		for _, p := range ps {
			out = append(out, p.Login)
		}
		return out
	}
	got := AssessPeople(users, depts, nil, nil, dec, cal)
	if want := []string{"chen", "wang", "liu", "zheng"}; !slices.Equal(logins(got), want) {
		t.Fatalf("people %v, want %v", logins(got), want)
	}
	if !got[0].Scored || !near(got[1].Score, 60) || got[2].Scored || got[3].Scored {
		t.Errorf("department scores: %+v", got)
	}
	award := entry("gone", DeptSales, LedgerAward, 200, LedgerConfirmed, 2)
	got = AssessPeople(users, depts, nil, []*LedgerEntry{award}, dec, cal)
	if want := []string{"chen", "gone", "wang", "liu", "zheng"}; !slices.Equal(logins(got), want) || !near(got[1].Score, 62) {
		t.Fatalf("with the award of a disabled account: %v %+v", logins(got), got)
	}
	// Nobody's missing item is not a disabled lead's.
	lead := *us["chen"]
	lead.Disabled = true
	if OwnsDue(&lead, DueItem{Dept: DeptSales, State: DueMissing}) || !OwnsDue(us["chen"], DueItem{Dept: DeptSales, State: DueMissing}) ||
		OwnsDue(us["chen"], DueItem{Dept: DeptSales, Who: "wang"}) {
		t.Error("OwnsDue")
	}
}

// Who sees whose assessment: the office and the general manager
// everyone's, a lead their department's people's, everyone their own.
func TestSeesAssessmentOf(t *testing.T) {
	us := assessPeople()
	for _, c := range []struct {
		by, login string
		dept      Department
		want      bool
	}{
		{"zheng", "liu", DeptProduction, true},
		{"gm", "wang", DeptSales, true},
		{"chen", "wang", DeptSales, true},
		{"chen", "", DeptSales, true},
		{"chen", "liu", DeptProduction, false},
		{"chen", "", DeptProduction, false},
		{"wang", "wang", DeptSales, true},
		{"wang", "chen", DeptSales, false},
		{"wang", "", DeptSales, false},
		{"admin", "wang", DeptSales, false},
		{"gone", "gone", DeptSales, false},
	} {
		if got := SeesAssessmentOf(us[c.by], c.login, c.dept); got != c.want {
			t.Errorf("%s sees %q of %s: %v, want %v", c.by, c.login, c.dept, got, c.want)
		}
	}
	if ErrorCode(RequireSeesAssessmentOf(us["wang"], "chen", DeptSales)) != EFORBIDDEN || !SeesDepartments(us["chen"]) || SeesDepartments(us["wang"]) {
		t.Error("the errors and the departments")
	}
}

// A year by hand: January kept (sales 90, 100 yuan of penalties),
// February computed (sales 70, 200 of awards), March without a score (300
// of penalties), April not begun. Sales averages (90 + 70) ÷ 2 = 80 over
// the months with a score, and its year's ledger is 400 of penalties and
// 200 of awards. 王丽 moved to production in February: her row is
// production's, (88 + 75) ÷ 2 = 81.5; 陈刚, assessed in January only,
// comes first, under sales.
func TestAssessYearByHand(t *testing.T) {
	kept := time.Date(2026, 2, 3, 9, 0, 0, 0, time.UTC)
	months := []*Assessment{
		{Depts: []DeptAssessment{{Dept: DeptSales, KPIScore: 91, Score: 90, Scored: true, Penalties: 100}},
			People: []PersonAssessment{{Login: "chen", Dept: DeptSales, Score: 91, Scored: true},
				{Login: "wang", Dept: DeptSales, Score: 88, Scored: true, Penalties: 300, Submission: DueTally{OnTime: 3, Late: 1}}},
			FinalisedAt: kept},
		{Depts: []DeptAssessment{{Dept: DeptSales, KPIScore: 68, Score: 70, Scored: true, Awards: 200}},
			People: []PersonAssessment{{Login: "wang", Dept: DeptProduction, Score: 75, Scored: true, Awards: 100}}},
		{Depts: []DeptAssessment{{Dept: DeptSales, Penalties: 300}}},
	}
	y := AssessYear(2026, months)
	if len(y.Months) != 12 || !y.Months[0].Assessed || !y.Months[0].FinalisedAt.Equal(kept) || !y.Months[1].Assessed ||
		!y.Months[1].FinalisedAt.IsZero() || y.Months[3].Assessed || y.Months[11].Month != (Month{2026, time.December}) {
		t.Fatalf("months %+v", y.Months)
	}
	s := y.Dept(DeptSales)
	if s == nil || !s.Scored || !near(s.Average, 80) || s.Penalties != 400 || s.Awards != 200 || !s.Months[2].In || s.Months[2].Scored || s.Months[3].In {
		t.Fatalf("sales %+v", s)
	}
	if p := y.Dept(DeptProduction); p == nil || p.Scored || p.Months[0].In {
		t.Errorf("production without figures: %+v", p)
	}
	if len(y.People) != 2 || y.People[0].Login != "chen" || y.People[1].Login != "wang" {
		t.Fatalf("people %+v", y.People)
	}
	w := y.Person("wang")
	if w.Dept != DeptProduction || !near(w.Average, 81.5) || w.Penalties != 300 || w.Awards != 100 || w.Months[0].Submission != (Ratio{3, 4}) {
		t.Errorf("her year %+v", w)
	}
	if c := y.Person("chen"); !near(c.Average, 91) || c.Months[1].In {
		t.Errorf("his year %+v", c)
	}
}
