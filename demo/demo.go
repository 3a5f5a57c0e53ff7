// Package demo seeds a believable fish-product factory (the company of the
// original manual) into an empty database, for `xietong serve --demo`.
package demo

import (
	"context"
	"fmt"

	"xietong/model"
)

// Company is the demo company's name.
const Company = "海之味食品有限公司"

// People are the demo accounts, one per demo login of DOMAIN.md plus admin.
var People = []model.User{
	{Login: "sales", Name: "王丽", Dept: model.DeptSales, Role: model.RoleMember},
	{Login: "saleslead", Name: "陈刚", Dept: model.DeptSales, Role: model.RoleLead},
	{Login: "prod", Name: "刘建国", Dept: model.DeptProduction, Role: model.RoleHead},
	{Login: "shop", Name: "赵强", Dept: model.DeptProduction, Role: model.RoleMember},
	{Login: "store", Name: "孙敏", Dept: model.DeptProduction, Role: model.RoleMember},
	{Login: "rnd", Name: "周文", Dept: model.DeptRnD, Role: model.RoleLead},
	{Login: "qa", Name: "吴静", Dept: model.DeptQuality, Role: model.RoleLead},
	{Login: "office", Name: "郑红", Dept: model.DeptOffice, Role: model.RoleOffice},
	{Login: "gm", Name: "黄志明", Dept: model.DeptManagement, Role: model.RoleGM},
	{Login: "buyer", Name: "何平", Dept: model.DeptPurchasing, Role: model.RoleMember},
	{Login: "admin", Name: "系统管理员", Dept: model.DeptOffice, Role: model.RoleAdmin},
}

// Logins lists the demo logins in order.
func Logins() []string {
	out := make([]string, len(People))
	for i, p := range People {
		out[i] = p.Login
	}
	return out
}

// Seed fills an empty database; it does nothing when accounts exist, so a
// restart with --demo keeps what people entered.
func Seed(ctx context.Context, svc model.Services) (seeded bool, err error) {
	users, err := svc.Users.Users(ctx)
	if err != nil {
		return false, err
	}
	if len(users) > 0 {
		return false, nil
	}
	byLogin := map[string]*model.User{}
	for _, p := range People {
		u := p
		saved, err := svc.Users.CreateUser(ctx, nil, &u)
		if err != nil {
			return false, fmt.Errorf("demo user %s: %w", p.Login, err)
		}
		byLogin[p.Login] = saved
	}
	notices := []struct {
		by string
		n  model.Notice
	}{
		{"office", model.Notice{
			Title: "本月营销协同例会定于 3 日 9:00 召开",
			Body: "各部门协同负责人请准备：\n1. 上月协同结果与本月协同计划；\n2. 上月产量与计划差异及原因（生产部）；\n" +
				"3. 订单交付达成情况与预估准确率（销售部）。\n地点：二楼会议室。",
		}},
		{"prod", model.Notice{
			Title:    "2 号线（鱼豆腐）周六上午停机保养",
			Body:     "周六 8:00–12:00 2 号线保养，18g 香辣鱼豆腐当日产量减半，请销售部在答复交期时考虑。",
			Audience: []model.Department{model.DeptSales, model.DeptProduction},
			Urgent:   true,
		}},
		{"saleslead", model.Notice{
			Title:    "“果然有鱼”三种口味需同时备货",
			Body:     "近期客户反馈只到货单一口味。请生产部排产时保持三种口味平衡，差额表中三种口味均短缺时不要只安排一种。",
			Audience: []model.Department{model.DeptSales, model.DeptProduction, model.DeptOffice},
		}},
	}
	for _, x := range notices {
		n := x.n
		if _, err := svc.Notices.PostNotice(ctx, byLogin[x.by], &n); err != nil {
			return false, fmt.Errorf("demo notice: %w", err)
		}
	}
	return true, nil
}
