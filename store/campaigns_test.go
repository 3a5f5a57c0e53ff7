package store

import (
	"testing"
	"time"

	"xietong/model"
)

// A campaign filed 30 days ahead is urgent once the general manager
// agrees; production first answers whether it can cooperate at all, then
// each item (a date after the needed-by date needs a reason; cannot needs
// one too); the answer and the items taken on are on the deadline board,
// an item past its date undone is missing; the refusal is published as
// "cannot".
func TestCampaignLife(t *testing.T) {
	e := newOrdersEnv(t)
	ctx := t.Context()
	e.at(t, "2026-03-02 09:00") // a Monday
	gm, err := e.db.CreateUser(ctx, nil, &model.User{Login: "gm", Name: "黄总", Dept: model.DeptManagement, Role: model.RoleGM})
	if err != nil {
		t.Fatal(err)
	}
	sales, plead := e.users["sales"], e.users["plead"]
	need := date(t, "2026-04-01")
	items := []model.CampaignItem{
		{Kind: model.ItemSample, Product: "P1", Variant: "mark", Qty: 200, NeededBy: need},
		{Kind: model.ItemPeople, People: 2, Days: 3, Place: "上海展会", NeededBy: need},
		{Kind: model.ItemWork, Work: "包装加印活动标识", NeededBy: need},
	}
	bad := append([]model.CampaignItem{}, items...)
	bad[0].Product, bad[2].NeededBy = "NOPE", date(t, "2026-03-01")
	if _, err := e.db.FileCampaign(ctx, sales, "春季展会", "新品推广", "sales", bad); model.FieldErrors(err)["needed_by"].Key != "val.date_past" {
		t.Fatalf("a past date: %v", err)
	}
	bad[2].NeededBy = need
	if _, err := e.db.FileCampaign(ctx, sales, "春季展会", "新品推广", "nobody", bad); model.FieldErrors(err)["product"].Key != "val.unknown_product" ||
		model.FieldErrors(err)["tracker"].Key != "val.unknown_login" {
		t.Fatalf("an unknown product and tracker: %v", err)
	}
	c, err := e.db.FileCampaign(ctx, sales, "春季展会", "新品推广", "sales", items)
	if err != nil || c.No != "HD-2026-0001" || c.Status != model.CampaignDraft {
		t.Fatalf("filed: %+v %v", c, err)
	}
	change := func(by *model.User, f func(c *model.Campaign) error) error {
		t.Helper()
		saved, err := e.db.ChangeCampaign(ctx, by, c.ID, c.Version, f)
		if err == nil {
			c = saved
		}
		return err
	}
	now := func() time.Time { return e.clock.Now() }
	if err := change(sales, func(c *model.Campaign) error { return c.Approve(sales, now(), e.db.cal) }); model.ErrorCode(err) != model.EFORBIDDEN {
		t.Fatalf("sales approved: %v", err)
	}
	if err := change(gm, func(c *model.Campaign) error { return c.Approve(gm, now(), e.db.cal) }); err != nil {
		t.Fatal(err)
	}
	if !c.Urgent || c.Status != model.CampaignNotified {
		t.Fatalf("approved 30 days ahead: urgent %v, %s", c.Urgent, c.Status)
	}
	answer := func(i int, a model.CampaignAnswer, done string, text string) error {
		var d model.Date
		if done != "" {
			d = date(t, done)
		}
		return change(plead, func(c *model.Campaign) error { return c.AnswerItem(plead, now(), e.db.cal, i, a, d, text) })
	}
	if err := answer(1, model.AnswerCan, "2026-03-25", ""); model.FieldErrors(err)["answer"].Key != "val.campaign_cooperate_first" {
		t.Fatalf("an item answered before cooperating at all: %v", err)
	}
	if err := change(plead, func(c *model.Campaign) error { return c.AnswerCooperation(plead, now(), true, "可以配合") }); err != nil {
		t.Fatal(err)
	}
	if err := answer(1, model.AnswerCan, "2026-04-05", ""); model.FieldErrors(err)["answer_text"].Key != "val.campaign_after_needed" {
		t.Fatalf("done after it is needed, without a reason: %v", err)
	}
	if err := answer(1, model.AnswerCan, "2026-03-20", ""); err != nil {
		t.Fatal(err)
	}
	if err := answer(2, model.AnswerPartly, "2026-03-30", "只能派 1 人"); err != nil {
		t.Fatal(err)
	}
	sub := e.db.feed.Subscribe()
	defer sub.Close()
	if err := answer(3, model.AnswerCannot, "", ""); model.FieldErrors(err)["answer_text"].Key != "val.required" {
		t.Fatalf("cannot without a reason: %v", err)
	}
	if err := answer(3, model.AnswerCannot, "", "印刷机排满"); err != nil {
		t.Fatal(err)
	}
	if c.Status != model.CampaignAnswered {
		t.Fatalf("every item answered: %s", c.Status)
	}
	select {
	case <-sub.Ready():
		evs, _ := sub.Take()
		if len(evs) != 1 || evs[0].Kind != model.KindCampaign || evs[0].Action != "cannot" {
			t.Fatalf("published %+v", evs)
		}
	case <-time.After(2 * time.Second):
		t.Fatal("nothing published")
	}

	// The board: the answer on time; item 1 missing once its date passed.
	e.at(t, "2026-03-23 09:00")
	items2, err := e.db.Deadlines(ctx, date(t, "2026-03-01"), date(t, "2026-03-31"))
	if err != nil {
		t.Fatal(err)
	}
	states := map[string]model.DueState{}
	for _, it := range items2 {
		if it.Kind == model.DueCampaign || it.Kind == model.DueCampaignItem {
			states[it.Ref] = it.State
		}
	}
	if states[c.No] != model.DueOnTime || states[c.No+"/1"] != model.DueMissing || states[c.No+"/2"] != model.DuePending {
		t.Fatalf("the board: %v", states)
	}
	if err := change(plead, func(c *model.Campaign) error { return c.CompleteItem(plead, now(), 3) }); model.FieldErrors(err)["item"].Key != "val.campaign_item_open" {
		t.Fatalf("an item refused recorded done: %v", err)
	}
	if err := change(plead, func(c *model.Campaign) error { return c.CompleteItem(plead, now(), 1) }); err != nil {
		t.Fatal(err)
	}
	if err := change(sales, func(c *model.Campaign) error { return c.Close(sales, now(), "活动结束") }); err != nil || c.Status != model.CampaignClosed {
		t.Fatalf("closed: %v %s", err, c.Status)
	}
	if err := answer(1, model.AnswerCan, "2026-03-25", ""); model.ErrorCode(err) != model.EINVALID {
		t.Fatalf("an answer after the campaign closed: %v", err)
	}
}
