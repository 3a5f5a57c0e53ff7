package demo

import (
	"context"

	"xietong/model"
)

// seedProjects files the demo's project requests as they stand today: a
// new product waiting for the general manager, a quality improvement
// under way and a process improvement done, so each side has something to
// do on the 立项 screen.
func seedProjects(ctx context.Context, svc model.Services, byLogin map[string]*model.User) error {
	if svc.Projects == nil || svc.Master == nil {
		return nil
	}
	cal, now := svc.Calendar, svc.Clock.Now()
	today := cal.DateOf(now)
	sales, gm, qa, prod := byLogin["sales"], byLogin["gm"], byLogin["qa"], byLogin["prod"]
	var cust uint64
	if c, err := svc.Master.CustomerByCode(ctx, "C001"); err == nil {
		cust = c.ID
	}
	step := func(p *model.Project, by *model.User, change model.ProjectChange) (*model.Project, error) {
		return svc.Projects.ChangeProject(ctx, by, p.ID, p.Version, change)
	}
	submit := func(p *model.Project) (*model.Project, error) {
		return step(p, sales, func(p *model.Project) error {
			return p.Submit(sales, now, cal, svc.Projects.ProjectDecideDays())
		})
	}
	approve := func(p *model.Project) (*model.Project, error) {
		return step(p, gm, func(p *model.Project) error { return p.Approve(gm, now, "同意，按期推进") })
	}

	// Waiting for the general manager.
	p, err := svc.Projects.FileProject(ctx, sales, model.ProjectInput{Kind: model.ProjectNewProduct, Title: "芝士味鱼豆腐新品",
		Purpose: "华东商超客户要求增加儿童口味，竞品已上市", Effect: "上市 3 个月月销 2000 件",
		Target: today.AddDays(120), Depts: []model.Department{model.DeptRnD, model.DeptProduction}, Owner: "rnd",
		Links: model.ProjectLinks{CustomerID: cust}})
	if err != nil {
		return err
	}
	if _, err := submit(p); err != nil {
		return err
	}

	// Under way: one milestone done, one open.
	p, err = svc.Projects.FileProject(ctx, sales, model.ProjectInput{Kind: model.ProjectQuality, Title: "鱼豆腐封口开裂改进",
		Purpose: "客户反馈 18g 香辣鱼豆腐封口开裂", Effect: "封口不良率降到 0.1% 以下",
		Target: today.AddDays(45), Depts: []model.Department{model.DeptQuality, model.DeptProduction}, Owner: "qa",
		Links: model.ProjectLinks{CustomerID: cust}})
	if err != nil {
		return err
	}
	if p, err = submit(p); err != nil {
		return err
	}
	if p, err = approve(p); err != nil {
		return err
	}
	for _, m := range []model.Milestone{{Text: "更换 2 号线封口机加热条", Owner: "prod", Due: today.AddDays(7)},
		{Text: "连续两周封口抽检", Owner: "qa", Due: today.AddDays(30)}} {
		if p, err = step(p, qa, func(p *model.Project) error { return p.AddMilestone(qa, now, cal, m) }); err != nil {
			return err
		}
	}
	if _, err = step(p, prod, func(p *model.Project) error { return p.CompleteMilestone(prod, now, 0) }); err != nil {
		return err
	}

	// Done, waiting for the year-end review.
	p, err = svc.Projects.FileProject(ctx, sales, model.ProjectInput{Kind: model.ProjectProcess, Title: "1号线换型时间缩短",
		Purpose: "带标与无标换型占用半个班次", Effect: "换型时间从 4 小时降到 2 小时",
		Target: today.AddDays(10), Depts: []model.Department{model.DeptProduction}, Owner: "prod"})
	if err != nil {
		return err
	}
	if p, err = submit(p); err != nil {
		return err
	}
	if p, err = approve(p); err != nil {
		return err
	}
	_, err = step(p, prod, func(p *model.Project) error { return p.Finish(prod, now, "换型时间降到 1.5 小时", 36000) })
	return err
}
