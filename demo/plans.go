package demo

import (
	"context"
	"time"

	"xietong/model"
)

// seedPlans gives production and R&D their goals of the year and their
// plan items: this month's (one waiting for R&D's answer, one R&D owes
// sales, own work under way) and, with history, last month's as they were
// done (on time, late, not done), so the plans screen, the monthly meeting
// and the KPI board have figures to show. The clock must be pinned when
// history is asked for: it is moved back to last month and returned.
func seedPlans(ctx context.Context, svc model.Services, byLogin map[string]*model.User, history bool) error {
	if svc.Plans == nil {
		return nil
	}
	cal, now := svc.Calendar, svc.Clock.Now()
	today := cal.DateOf(now)
	prod, rnd, sales := byLogin["prod"], byLogin["rnd"], byLogin["saleslead"]
	goals := map[model.Department][]model.Goal{
		model.DeptProduction: {{Text: "订单计划完成率达到 95%", Measure: "月度订单计划完成率"},
			{Text: "换型时间缩短一半", Measure: "带标/无标换型 ≤ 2 小时"}, {Text: "交付不良率降到 0.3% 以下", Measure: "月度交付不良率"}},
		model.DeptRnD: {{Text: "全年上市新品 4 个", Measure: "新品上市数"}, {Text: "配合生产完成工艺改进 6 项", Measure: "工艺文件修订数"}},
	}
	for dept, gs := range goals {
		by := prod
		if dept == model.DeptRnD {
			by = rnd
		}
		for _, year := range []int{today.Y, today.AddDays(-31).Y} {
			g, err := svc.Plans.Goals(ctx, dept, year)
			if err != nil {
				return err
			}
			if len(g.Goals) > 0 {
				continue
			}
			if _, err := svc.Plans.SaveGoals(ctx, by, dept, year, g.Version, gs); err != nil {
				return err
			}
		}
	}
	file := func(by *model.User, in model.PlanInput) (*model.PlanItem, error) {
		return svc.Plans.FilePlanItem(ctx, by, in)
	}
	step := func(p *model.PlanItem, by *model.User, change model.PlanItemChange) (*model.PlanItem, error) {
		return svc.Plans.ChangePlanItem(ctx, by, p.ID, p.Version, change)
	}
	if history {
		if err := seedLastMonthPlans(ctx, svc, byLogin, now, file, step); err != nil {
			return err
		}
	}

	month := model.MonthOf(today)
	due := func(days int) model.Date {
		d := today.AddDays(days)
		if last := month.Last(); d.After(last) {
			return last
		}
		return d
	}
	// Waiting for R&D: production needs two engineers for a trial run.
	if _, err := file(prod, model.PlanInput{Dept: model.DeptProduction, Goal: 2, Text: "新品试产需研发派 2 名工程师驻线 3 天",
		Owner: "prod", Due: due(10), With: model.DeptRnD, Relation: model.RelNeeds}); err != nil {
		return err
	}
	// Own work under way.
	if _, err := file(prod, model.PlanInput{Dept: model.DeptProduction, Goal: 2, Text: "1号线换型作业标准化",
		Owner: "shop", Due: due(14)}); err != nil {
		return err
	}
	if _, err := file(rnd, model.PlanInput{Dept: model.DeptRnD, Goal: 1, Text: "芝士味鱼豆腐配方小试", Owner: "rnd", Due: due(7)}); err != nil {
		return err
	}
	// R&D owes sales the selling points of the new product; sales took note.
	p, err := file(rnd, model.PlanInput{Dept: model.DeptRnD, Goal: 1, Text: "向销售部提供新品卖点与配料说明", Owner: "rnd", Due: due(12),
		With: model.DeptSales, Relation: model.RelOwes})
	if err != nil {
		return err
	}
	_, err = step(p, sales, func(by *model.User, p *model.PlanItem) error { return p.Accept(by, now) })
	return err
}

// seedLastMonthPlans files last month's items on its first working day and
// records them as they went, then puts the clock back at now.
func seedLastMonthPlans(ctx context.Context, svc model.Services, byLogin map[string]*model.User, now time.Time,
	file func(*model.User, model.PlanInput) (*model.PlanItem, error),
	step func(*model.PlanItem, *model.User, model.PlanItemChange) (*model.PlanItem, error)) error {
	cal := svc.Calendar
	defer svc.Clock.Set(now)
	last := model.MonthOf(cal.DateOf(now)).AddMonths(-1)
	at := func(d model.Date, hour int) time.Time {
		return time.Date(d.Y, d.M, d.D, hour, 0, 0, 0, svc.Clock.Loc)
	}
	svc.Clock.Set(at(last.First(), 9))
	prod, rnd := byLogin["prod"], byLogin["rnd"]
	type item struct {
		by   *model.User
		in   model.PlanInput
		done int // day of the month it was done; 0: not done
	}
	d := func(day int) model.Date { return model.NewDate(last.Year, last.Month, day) }
	items := []item{
		{prod, model.PlanInput{Dept: model.DeptProduction, Goal: 1, Text: "年货节订单排产", Owner: "prod", Due: d(15)}, 14},
		{prod, model.PlanInput{Dept: model.DeptProduction, Goal: 3, Text: "封口机加热条更换", Owner: "shop", Due: d(20)}, 24},
		{prod, model.PlanInput{Dept: model.DeptProduction, Goal: 2, Text: "工艺改进需研发修订作业指导书", Owner: "prod", Due: d(25),
			With: model.DeptRnD, Relation: model.RelNeeds}, 23},
		{rnd, model.PlanInput{Dept: model.DeptRnD, Goal: 1, Text: "糖醋味鱼丸口味改良", Owner: "rnd", Due: d(18)}, 17},
		{rnd, model.PlanInput{Dept: model.DeptRnD, Goal: 2, Text: "包材规格书更新", Owner: "rnd", Due: d(26)}, 0},
	}
	// A process improvement approved at the start of the month and done
	// before its target date: the project plan completion of the month.
	sales, gm := byLogin["sales"], byLogin["gm"]
	pr, err := svc.Projects.FileProject(ctx, sales, model.ProjectInput{Kind: model.ProjectProcess, Title: "包装线速度提升",
		Purpose: "年货节期间包装成为瓶颈", Effect: "包装线速度提高 20%", Target: d(20),
		Depts: []model.Department{model.DeptProduction}, Owner: "prod"})
	if err != nil {
		return err
	}
	for _, s := range []struct {
		by *model.User
		f  model.ProjectChange
	}{
		{sales, func(p *model.Project) error {
			return p.Submit(sales, svc.Clock.Now(), cal, svc.Projects.ProjectDecideDays())
		}},
		{gm, func(p *model.Project) error { return p.Approve(gm, svc.Clock.Now(), "同意") }},
	} {
		if pr, err = svc.Projects.ChangeProject(ctx, s.by, pr.ID, pr.Version, s.f); err != nil {
			return err
		}
	}
	var filed []*model.PlanItem
	for _, it := range items {
		p, err := file(it.by, it.in)
		if err != nil {
			return err
		}
		if p.With != "" {
			if p, err = step(p, rnd, func(by *model.User, p *model.PlanItem) error { return p.Accept(by, svc.Clock.Now()) }); err != nil {
				return err
			}
		}
		filed = append(filed, p)
	}
	for i, it := range items {
		if it.done == 0 {
			continue
		}
		svc.Clock.Set(at(d(it.done), 16))
		doer := it.by
		if filed[i].With != "" {
			doer = rnd
		}
		if _, err := step(filed[i], doer, func(by *model.User, p *model.PlanItem) error {
			return p.Complete(by, svc.Clock.Now(), "见本月例会汇报与现场记录")
		}); err != nil {
			return err
		}
	}
	svc.Clock.Set(at(d(18), 15))
	_, err = svc.Projects.ChangeProject(ctx, prod, pr.ID, pr.Version, func(p *model.Project) error {
		return p.Finish(prod, svc.Clock.Now(), "包装线速度提高 25%", 52000)
	})
	return err
}
