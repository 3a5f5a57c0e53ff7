package model

import (
	"testing"
	"time"

	"xietong/i18n"
)

// Every refusal of a campaign's transitions is worded in the catalogue,
// with its fields named; kinds, answers and statuses have names; a
// campaign told 45 days ahead or more is not urgent.
func TestCampaignTexts(t *testing.T) {
	cal := NewCalendar(time.UTC, nil, nil)
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	sales := &User{Login: "s", Dept: DeptSales, Role: RoleMember}
	gm := &User{Login: "g", Dept: DeptManagement, Role: RoleGM}
	ph := &User{Login: "p", Dept: DeptProduction, Role: RoleHead}
	_, err := NewCampaign(sales, now, cal, "", "", "", nil)
	checkTexts(t, err)
	_, err = NewCampaign(sales, now, cal, "t", "p", "s", []CampaignItem{{Kind: "x"}, {Kind: ItemSample}, {Kind: ItemPeople}, {Kind: ItemWork}})
	checkTexts(t, err)
	far := NewDate(2026, 5, 1)
	c, err := NewCampaign(sales, now, cal, "t", "p", "s", []CampaignItem{{Kind: ItemWork, Work: "w", NeededBy: far}})
	if err != nil {
		t.Fatal(err)
	}
	checkTexts(t, c.Approve(sales, now, cal))
	checkTexts(t, c.AnswerItem(ph, now, cal, 1, AnswerCan, Date{}, ""))
	if err := c.Approve(gm, now, cal); err != nil || c.Urgent {
		t.Fatalf("approved 60 days ahead: %v urgent %v", err, c.Urgent)
	}
	checkTexts(t, c.AnswerCooperation(ph, now, true, "x"))
	checkTexts(t, c.AnswerItem(ph, now, cal, 2, AnswerCan, far, ""))
	checkTexts(t, c.AnswerItem(ph, now, cal, 1, "maybe", far, ""))
	checkTexts(t, c.AnswerItem(ph, now, cal, 1, AnswerCan, NewDate(2026, 6, 1), ""))
	checkTexts(t, c.AnswerItem(ph, now, cal, 1, AnswerPartly, far, ""))
	checkTexts(t, c.CompleteItem(ph, now, 1))
	checkTexts(t, c.Close(sales, now, ""))
	for _, k := range CampaignItemKinds {
		if !i18n.Has(k.Text().Key) {
			t.Errorf("kind %s has no name", k)
		}
	}
	for _, a := range append(CampaignAnswers, answerPending) {
		if !i18n.Has(a.Text().Key) {
			t.Errorf("answer %q has no name", a)
		}
	}
	for _, s := range CampaignStatuses {
		if !i18n.Has(s.Text().Key) {
			t.Errorf("status %s has no name", s)
		}
	}
}

// An item production took on escalates once, the day after the date it
// gave, unless done; a refused item, a done item and a closed campaign
// never do. It escalates to the general manager, the heads and leads of
// sales and production, and the tracker.
func TestCampaignEscalate(t *testing.T) {
	cal := NewCalendar(time.UTC, nil, nil)
	now := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	sales := &User{Login: "s", Dept: DeptSales, Role: RoleMember}
	gm := &User{Login: "g", Dept: DeptManagement, Role: RoleGM}
	ph := &User{Login: "p", Dept: DeptProduction, Role: RoleHead}
	due := NewDate(2026, 5, 1)
	items := []CampaignItem{{Kind: ItemWork, Work: "a", NeededBy: due}, {Kind: ItemWork, Work: "b", NeededBy: due}, {Kind: ItemWork, Work: "c", NeededBy: due}}
	c, err := NewCampaign(sales, now, cal, "t", "p", "s", items)
	if err != nil {
		t.Fatal(err)
	}
	for _, step := range []error{
		c.Approve(gm, now, cal),
		c.AnswerItem(ph, now, cal, 1, AnswerCan, due, ""),
		c.AnswerItem(ph, now, cal, 2, AnswerCan, due, ""),
		c.AnswerItem(ph, now, cal, 3, AnswerCannot, Date{}, "no"),
		c.CompleteItem(ph, now, 2),
	} {
		if step != nil {
			t.Fatal(step)
		}
	}
	if got := c.Escalate(time.Date(2026, 5, 1, 23, 59, 0, 0, time.UTC), cal); got != nil {
		t.Errorf("on its date: %v", got)
	}
	next := time.Date(2026, 5, 2, 0, 0, 0, 0, time.UTC)
	if got := c.Escalate(next, cal); len(got) != 1 || got[0] != 1 || c.Items[0].EscalatedAt.IsZero() {
		t.Errorf("the day after: %v", got)
	}
	if h := c.History[len(c.History)-1]; h.Kind != "escalate" || h.By != SystemLogin || h.Item != 1 {
		t.Errorf("logged %+v", h)
	}
	if got := c.Escalate(next.Add(time.Hour), cal); got != nil {
		t.Errorf("again: %v", got)
	}
	for _, x := range []struct {
		u    *User
		want bool
	}{{gm, true}, {ph, true}, {sales, true}, {&User{Login: "l", Dept: DeptSales, Role: RoleLead}, true},
		{&User{Login: "m", Dept: DeptProduction, Role: RoleMember}, false}, {&User{Login: "q", Dept: DeptQuality, Role: RoleHead}, false}, {nil, false}} {
		if got := c.EscalatesTo(x.u); got != x.want {
			t.Errorf("escalates to %+v: %v", x.u, got)
		}
	}
	c2, _ := NewCampaign(sales, now, cal, "t", "p", "s", items[:1])
	_ = c2.Approve(gm, now, cal)
	_ = c2.AnswerItem(ph, now, cal, 1, AnswerCan, due, "")
	if err := c2.Close(sales, now, ""); err != nil {
		t.Fatal(err)
	}
	if got := c2.Escalate(next, cal); got != nil {
		t.Errorf("closed: %v", got)
	}
}
