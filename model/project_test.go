package model

import (
	"testing"
	"time"

	"xietong/i18n"
)

// Every refusal of a project's transitions is worded in the catalogue,
// with its fields named; every kind, status and event has a name.
func TestProjectTexts(t *testing.T) {
	cal := NewCalendar(time.UTC, nil, nil)
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	sales := &User{Login: "s", Dept: DeptSales, Role: RoleMember}
	gm := &User{Login: "g", Dept: DeptManagement, Role: RoleGM}
	q := &User{Login: "q", Dept: DeptQuality, Role: RoleLead}
	office := &User{Login: "o", Dept: DeptOffice, Role: RoleOffice}
	_, err := NewProject(sales, now, cal, ProjectInput{Kind: "x", Target: NewDate(2026, 3, 1), Depts: []Department{"nope"}})
	checkTexts(t, err)
	in := ProjectInput{Kind: ProjectQuality, Title: "t", Purpose: "p", Effect: "e", Target: NewDate(2026, 6, 1),
		Depts: []Department{DeptQuality}, Owner: "q"}
	p, err := NewProject(sales, now, cal, in)
	if err != nil {
		t.Fatal(err)
	}
	checkTexts(t, p.Edit(sales, now, cal, in)) // no change
	checkTexts(t, p.Approve(gm, now, ""))      // not submitted
	checkTexts(t, p.AddNote(sales, now, "x"))  // not sales'
	checkTexts(t, p.Submit(q, now, cal, 3))    // not QA's
	if err := p.Submit(sales, now, cal, 3); err != nil {
		t.Fatal(err)
	}
	checkTexts(t, p.Return(gm, now, ""))
	checkTexts(t, p.Reject(gm, now, ""))
	if err := p.Approve(gm, now, ""); err != nil {
		t.Fatal(err)
	}
	checkTexts(t, p.AddMilestone(q, now, cal, Milestone{Due: NewDate(2026, 1, 1)}))
	checkTexts(t, p.CompleteMilestone(q, now, 3))
	if err := p.AddMilestone(q, now, cal, Milestone{Text: "m", Owner: "q", Due: NewDate(2026, 4, 1)}); err != nil {
		t.Fatal(err)
	}
	checkTexts(t, p.Finish(q, now, "", -1))
	if err := p.CompleteMilestone(q, now, 0); err != nil {
		t.Fatal(err)
	}
	if err := p.Finish(q, now, "done", 10); err != nil {
		t.Fatal(err)
	}
	checkTexts(t, p.Review(office, now, 0, ""))
	checkTexts(t, p.Review(sales, now, 3, ""))
	if err := p.Review(office, now, 3, "award"); err != nil || p.Status != ProjectReviewed || !p.OnTime(cal) {
		t.Fatalf("reviewed: %v %s", err, p.Status)
	}
	for _, k := range ProjectKinds {
		if !i18n.Has(k.Text().Key) {
			t.Errorf("kind %s has no name", k)
		}
	}
	for _, s := range ProjectStatuses {
		if !i18n.Has(s.Text().Key) {
			t.Errorf("status %s has no name", s)
		}
	}
	for _, h := range p.History {
		if !i18n.Has(h.Kind.Text().Key) {
			t.Errorf("event %s has no name", h.Kind)
		}
	}
	for _, k := range []ProjectEventKind{PEvReject, PEvReturn, PEvEdit, PEvNote} {
		if !i18n.Has(k.Text().Key) {
			t.Errorf("event %s has no name", k)
		}
	}
	for _, k := range DueKinds {
		if !i18n.Has(k.Text().Key) {
			t.Errorf("deadline kind %s has no name", k)
		}
	}
}

// A submitted project escalates once when its decision is past due; a new
// submission starts a new clock.
func TestProjectEscalateDecision(t *testing.T) {
	cal := NewCalendar(time.UTC, nil, nil)
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	sales := &User{Login: "s", Dept: DeptSales, Role: RoleMember}
	gm := &User{Login: "g", Dept: DeptManagement, Role: RoleGM}
	p, err := NewProject(sales, now, cal, ProjectInput{Kind: ProjectProcess, Title: "t", Purpose: "p", Effect: "e",
		Target: NewDate(2026, 6, 1), Depts: []Department{DeptProduction}, Owner: "s"})
	if err != nil {
		t.Fatal(err)
	}
	if p.EscalateDecision(now.Add(100 * time.Hour)) {
		t.Error("a draft escalated")
	}
	if err := p.Submit(sales, now, cal, 3); err != nil {
		t.Fatal(err)
	}
	if p.EscalateDecision(p.DecideDue.Add(-time.Second)) {
		t.Error("escalated before due")
	}
	if !p.EscalateDecision(p.DecideDue) || p.History[len(p.History)-1].By != SystemLogin || p.EscalateDecision(p.DecideDue.Add(time.Hour)) {
		t.Errorf("escalation at due, once: %+v", p.History[len(p.History)-1])
	}
	if err := p.Return(gm, p.DecideDue, "r"); err != nil {
		t.Fatal(err)
	}
	if err := p.Submit(sales, p.DecideDue, cal, 3); err != nil || !p.EscalatedAt.IsZero() {
		t.Fatalf("resubmitted: %v %v", err, p.EscalatedAt)
	}
}
