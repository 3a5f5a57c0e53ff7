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
