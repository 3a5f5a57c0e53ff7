package model

import (
	"testing"
	"time"
)

// A production item that needs R&D: R&D's lead accepts it, its owner
// records it done with evidence, and it counts in R&D's completion of its
// month (R&D delivers it), not production's; refusals are worded.
func TestPlanItemLife(t *testing.T) {
	cal := NewCalendar(time.UTC, nil, nil)
	now := time.Date(2027, 2, 20, 9, 0, 0, 0, time.UTC)
	ph := &User{Login: "p", Dept: DeptProduction, Role: RoleHead}
	pm := &User{Login: "m", Dept: DeptProduction, Role: RoleMember}
	rl := &User{Login: "r", Dept: DeptRnD, Role: RoleLead}
	sl := &User{Login: "s", Dept: DeptSales, Role: RoleLead}
	in := PlanInput{Dept: DeptProduction, Text: "试产需研发派 2 名工程师", Owner: "p", Due: NewDate(2027, 3, 15), With: DeptRnD, Relation: RelNeeds}

	if _, err := NewPlanItem(pm, now, cal, in); ErrorCode(err) != EFORBIDDEN {
		t.Errorf("a member files: %v", err)
	}
	if _, err := NewPlanItem(rl, now, cal, in); ErrorCode(err) != EFORBIDDEN {
		t.Errorf("another department's lead files: %v", err)
	}
	bad := in
	bad.Due, bad.With = NewDate(2027, 2, 19), DeptProduction
	_, err := NewPlanItem(ph, now, cal, bad)
	checkTexts(t, err)
	if f := FieldErrors(err); f["due"].Key != "val.date_past" || f["with"].Key != "val.deptplan_with_self" {
		t.Errorf("past date and own department: %v", f)
	}
	p, err := NewPlanItem(ph, now, cal, in)
	if err != nil || p.Status != PlanProposed {
		t.Fatalf("filed: %v %v", err, p)
	}
	checkTexts(t, p.Accept(sl, now))
	checkTexts(t, p.Complete(ph, now, "x"))
	if err := p.Accept(rl, now); err != nil || p.Status != PlanOpen {
		t.Fatalf("accept: %v %s", err, p.Status)
	}
	checkTexts(t, p.Complete(p2u(p, "m"), now, ""))
	checkTexts(t, p.Complete(ph, now, ""))
	done := time.Date(2027, 3, 14, 16, 0, 0, 0, time.UTC)
	if err := p.Complete(rl, done, "3 月 10–14 日两名工程师在二号线"); err != nil || p.Status != PlanDone || !p.OnTime(cal) {
		t.Fatalf("done: %v %s", err, p.Status)
	}
	march := Month{2027, time.March}
	if r := DeptPlanCompletion([]*PlanItem{p}, DeptRnD, march, Date{}, cal); r != (Ratio{1, 1}) {
		t.Errorf("R&D's March: %+v", r)
	}
	if r := DeptPlanCompletion([]*PlanItem{p}, DeptProduction, march, Date{}, cal); r.Den != 0 {
		t.Errorf("production's March counts what R&D delivers: %+v", r)
	}
	if r := DeptPlanCompletion([]*PlanItem{p}, DeptRnD, march, NewDate(2027, 3, 14), cal); r.Den != 0 {
		t.Errorf("not due yet: %+v", r)
	}
	checkTexts(t, p.Cancel(ph, now, "x"))

	// Declined, revised to own work, cancelled: counted nowhere once off.
	q, _ := NewPlanItem(ph, now, cal, in)
	checkTexts(t, q.Decline(rl, now, ""))
	if err := q.Decline(rl, now, "三月没有空闲工程师"); err != nil || q.Status != PlanDeclined || q.Counted() {
		t.Fatalf("decline: %v %s", err, q.Status)
	}
	own := in
	own.With, own.Relation = "", RelNone
	if err := q.Revise(ph, now, cal, own); err != nil || q.Status != PlanOpen {
		t.Fatalf("revise: %v %s", err, q.Status)
	}
	if err := q.Cancel(ph, now, "改由外协"); err != nil || q.Counted() {
		t.Fatalf("cancel: %v", err)
	}
}

func p2u(p *PlanItem, login string) *User {
	return &User{Login: login, Dept: DeptQuality, Role: RoleLead}
}

// Goals are numbered in order, blank rows dropped, and kept by the
// department's planners only.
func TestDeptGoals(t *testing.T) {
	g := &DeptGoals{Dept: DeptRnD, Year: 2027}
	if err := g.SetGoals(&User{Login: "s", Dept: DeptSales, Role: RoleHead}, []Goal{{Text: "x"}}); ErrorCode(err) != EFORBIDDEN {
		t.Errorf("sales head sets R&D's goals: %v", err)
	}
	office := &User{Login: "o", Dept: DeptOffice, Role: RoleOffice}
	if err := g.SetGoals(office, []Goal{{Text: "新品 4 个", Measure: "上市"}, {}, {Text: "工艺改进"}}); err != nil || len(g.Goals) != 2 || g.Goals[1].No != 2 {
		t.Fatalf("set: %v %+v", err, g.Goals)
	}
	checkTexts(t, g.SetGoals(office, []Goal{{Measure: "only a measure"}}))
}
