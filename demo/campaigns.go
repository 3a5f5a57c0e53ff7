package demo

import (
	"context"

	"xietong/model"
)

// seedCampaign files the demo's campaign cooperation as it stands today:
// agreed by the general manager, told 50 days ahead (so not urgent), two of
// its three items answered by production, the third still to answer.
func seedCampaign(ctx context.Context, svc model.Services, byLogin map[string]*model.User) error {
	if svc.Campaigns == nil {
		return nil
	}
	cal, now := svc.Calendar, svc.Clock.Now()
	need := cal.DateOf(now).AddDays(50)
	sales, gm, prod := byLogin["sales"], byLogin["gm"], byLogin["prod"]
	c, err := svc.Campaigns.FileCampaign(ctx, sales, "年货展销会", "华东商超年货展销，推广 18g 香辣鱼豆腐与果然有鱼新口味", "saleslead",
		[]model.CampaignItem{
			{Kind: model.ItemSample, Product: "YDF-XL18", Variant: "mark", Qty: 120, NeededBy: need.AddDays(-5)},
			{Kind: model.ItemPeople, People: 2, Days: 3, Place: "上海展会现场", NeededBy: need},
			{Kind: model.ItemWork, Work: "展台用包装加印活动标识", NeededBy: need},
		})
	if err != nil {
		return err
	}
	steps := []struct {
		by *model.User
		f  model.CampaignChange
	}{
		{gm, func(c *model.Campaign) error { return c.Approve(gm, now, cal) }},
		{prod, func(c *model.Campaign) error {
			return c.AnswerItem(prod, now, cal, 1, model.AnswerCan, need.AddDays(-8), "")
		}},
		{prod, func(c *model.Campaign) error {
			return c.AnswerItem(prod, now, cal, 2, model.AnswerPartly, need, "只能派 1 人，另 1 人由销售部安排")
		}},
	}
	for _, s := range steps {
		if c, err = svc.Campaigns.ChangeCampaign(ctx, s.by, c.ID, c.Version, s.f); err != nil {
			return err
		}
	}
	return nil
}
