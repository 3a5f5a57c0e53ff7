package demo

import (
	"context"
	"fmt"
	"time"

	"xietong/model"
)

// Department plans of the demo: production and R&D keep their goals of the
// year and, from the first full month of the history, a plan each month
// (planItems), filed on the 1st and carried out as the month goes, so the
// plans screen, the monthly meetings and the KPI board have figures.

// demoGoals are the goals production and R&D keep each year.
func demoGoals() map[model.Department][]model.Goal {
	return map[model.Department][]model.Goal{
		model.DeptProduction: {{Text: "订单计划完成率达到 95%", Measure: "月度订单计划完成率"},
			{Text: "换型时间缩短一半", Measure: "带标/无标换型 ≤ 2 小时"}, {Text: "交付不良率降到 0.3% 以下", Measure: "月度交付不良率"}},
		model.DeptRnD: {{Text: "全年上市新品 4 个", Measure: "新品上市数"}, {Text: "配合生产完成工艺改进 6 项", Measure: "工艺文件修订数"}},
	}
}

// seedGoals saves production's and R&D's goals of each year, by their
// heads, unless set.
func seedGoals(ctx context.Context, svc model.Services, byLogin map[string]*model.User, years ...int) error {
	for dept, gs := range demoGoals() {
		by := byLogin["prod"]
		if dept == model.DeptRnD {
			by = byLogin["rnd"]
		}
		for _, year := range years {
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
	return nil
}

// planItem is one item of the demo's monthly plan: who files it, what, due
// on which day of the month, who answers for the other side, and the day it
// is done (0: not in that month).
type planItem struct {
	by, answer string // logins; answer "" when no other department is involved
	in         model.PlanInput
	due        int
	done       func(m model.Month) int
}

// planItems are the demo's plan of a month: own work, an item production
// needs from R&D, one R&D owes sales; most done on time, the machine
// servicing late in even months, the packaging specification late in odd
// ones.
func planItems() []planItem {
	on := func(day int) func(model.Month) int { return func(model.Month) int { return day } }
	return []planItem{
		{by: "prod", in: model.PlanInput{Dept: model.DeptProduction, Goal: 1, Text: "订单排产与换型计划", Owner: "prod"}, due: 15, done: on(14)},
		{by: "prod", in: model.PlanInput{Dept: model.DeptProduction, Goal: 3, Text: "封口机加热条点检与更换", Owner: "shop"}, due: 20,
			done: func(m model.Month) int { return 19 + 3*(1-int(m.Month)%2) }},
		{by: "prod", answer: "rnd", in: model.PlanInput{Dept: model.DeptProduction, Goal: 2, Text: "工艺改进需技术部修订作业指导书",
			Owner: "prod", With: model.DeptRnD, Relation: model.RelNeeds}, due: 25, done: on(23)},
		{by: "rnd", in: model.PlanInput{Dept: model.DeptRnD, Goal: 1, Text: "新口味配方小试", Owner: "rnd"}, due: 18, done: on(17)},
		{by: "rnd", in: model.PlanInput{Dept: model.DeptRnD, Goal: 2, Text: "包材规格书更新", Owner: "rnd"}, due: 26,
			done: func(m model.Month) int { return 24 + 4*(int(m.Month)%2) }},
		{by: "rnd", answer: "saleslead", in: model.PlanInput{Dept: model.DeptRnD, Goal: 1, Text: "向销售部提供新品卖点与配料说明",
			Owner: "rnd", With: model.DeptSales, Relation: model.RelOwes}, due: 12, done: on(11)},
	}
}

// deptPlanSteps: on the 1st of each month of the history the goals (first
// month only) and the month's plan are filed at 9:00, the other side answers
// at 10:00, and each item is recorded done at 16:00 on its day, up to now.
// The month before last also has a process improvement approved on the 1st
// and done on the 18th, before its target date.
func (h *history) deptPlanSteps(d model.Date, add func(t time.Time, do func() error)) {
	m := model.MonthOf(d)
	if d.D != 1 || d.Before(h.start) {
		return
	}
	if d == h.start {
		add(h.at(d, 8, 0, 0), func() error { return seedGoals(h.ctx, h.svc, h.users, d.Y, h.today.Y) })
	}
	items := planItems()
	filed := make([]*model.PlanItem, len(items))
	add(h.at(d, 9, 0, 0), func() error {
		for i, it := range items {
			in := it.in
			in.Due = model.NewDate(m.Year, m.Month, it.due)
			p, err := h.svc.Plans.FilePlanItem(h.ctx, h.user(it.by), in)
			if err != nil {
				return fmt.Errorf("plan item %q: %w", in.Text, err)
			}
			filed[i] = p
		}
		return nil
	})
	add(h.at(d, 10, 0, 0), func() error {
		for i, it := range items {
			if it.answer == "" {
				continue
			}
			p, err := h.svc.Plans.ChangePlanItem(h.ctx, h.user(it.answer), filed[i].ID, filed[i].Version,
				func(by *model.User, p *model.PlanItem) error { return p.Accept(by, h.svc.Clock.Now()) })
			if err != nil {
				return err
			}
			filed[i] = p
		}
		return nil
	})
	for i, it := range items {
		day := model.NewDate(m.Year, m.Month, it.done(m))
		doer := it.by
		if it.in.Relation == model.RelNeeds {
			doer = it.answer
		}
		h.laterSteps(day, func(t model.Date) time.Time { return h.at(t, 16, 0, 0) }, func() error {
			_, err := h.svc.Plans.ChangePlanItem(h.ctx, h.user(doer), filed[i].ID, filed[i].Version,
				func(by *model.User, p *model.PlanItem) error {
					return p.Complete(by, h.svc.Clock.Now(), "见月度例会汇报与现场记录")
				})
			return err
		})
	}
	if m == model.MonthOf(h.today).AddMonths(-1) {
		h.projectOfMonth(d, add)
	}
}

// projectOfMonth: a process improvement filed, submitted and approved on
// day d (a month's 1st) with its target on the 20th, done on the 18th.
func (h *history) projectOfMonth(d model.Date, add func(t time.Time, do func() error)) {
	var pr *model.Project
	sales, gm, prod := h.user("sales"), h.user("gm"), h.user("prod")
	add(h.at(d, 9, 30, 0), func() error {
		p, err := h.svc.Projects.FileProject(h.ctx, sales, model.ProjectInput{Kind: model.ProjectProcess, Title: "包装线速度提升",
			Purpose: "年货节期间包装成为瓶颈", Effect: "包装线速度提高 20%", Target: model.NewDate(d.Y, d.M, 20),
			Depts: []model.Department{model.DeptProduction}, Owner: "prod"})
		if err != nil {
			return err
		}
		for _, s := range []struct {
			by *model.User
			f  model.ProjectChange
		}{
			{sales, func(p *model.Project) error {
				return p.Submit(sales, h.svc.Clock.Now(), h.cal, h.svc.Projects.ProjectDecideDays())
			}},
			{gm, func(p *model.Project) error { return p.Approve(gm, h.svc.Clock.Now(), "同意") }},
		} {
			if p, err = h.svc.Projects.ChangeProject(h.ctx, s.by, p.ID, p.Version, s.f); err != nil {
				return err
			}
		}
		pr = p
		return nil
	})
	h.laterSteps(model.NewDate(d.Y, d.M, 18), func(t model.Date) time.Time { return h.at(t, 15, 0, 0) }, func() error {
		_, err := h.svc.Projects.ChangeProject(h.ctx, prod, pr.ID, pr.Version, func(p *model.Project) error {
			return p.Finish(prod, h.svc.Clock.Now(), "包装线速度提高 25%", 52000)
		})
		return err
	})
}

// seedPlans makes sure of the goals of this year and enters what this
// month's plan holds today beyond the history: production needs two R&D
// engineers (waiting for R&D's answer). Without history (withHistory
// false) it also enters the month's plan as it stands: R&D owes sales the
// new product's selling points (acknowledged), and each has its own work
// under way.
func seedPlans(ctx context.Context, svc model.Services, byLogin map[string]*model.User, withHistory bool) error {
	if svc.Plans == nil {
		return nil
	}
	cal, now := svc.Calendar, svc.Clock.Now()
	today := cal.DateOf(now)
	if err := seedGoals(ctx, svc, byLogin, today.Y); err != nil {
		return err
	}
	month := model.MonthOf(today)
	due := func(days int) model.Date {
		d := today.AddDays(days)
		if last := month.Last(); d.After(last) {
			return last
		}
		return d
	}
	prod, rnd, sales := byLogin["prod"], byLogin["rnd"], byLogin["saleslead"]
	if _, err := svc.Plans.FilePlanItem(ctx, prod, model.PlanInput{Dept: model.DeptProduction, Goal: 2,
		Text: "新品试产需技术部派 2 名工程师驻线 3 天", Owner: "prod", Due: due(10), With: model.DeptRnD, Relation: model.RelNeeds}); err != nil {
		return err
	}
	if withHistory {
		return nil
	}
	for _, x := range []struct {
		by *model.User
		in model.PlanInput
	}{
		{prod, model.PlanInput{Dept: model.DeptProduction, Goal: 2, Text: "1号线换型作业标准化", Owner: "shop", Due: due(14)}},
		{rnd, model.PlanInput{Dept: model.DeptRnD, Goal: 1, Text: "芝士味鱼豆腐配方小试", Owner: "rnd", Due: due(7)}},
	} {
		if _, err := svc.Plans.FilePlanItem(ctx, x.by, x.in); err != nil {
			return err
		}
	}
	p, err := svc.Plans.FilePlanItem(ctx, rnd, model.PlanInput{Dept: model.DeptRnD, Goal: 1, Text: "向销售部提供新品卖点与配料说明",
		Owner: "rnd", Due: due(12), With: model.DeptSales, Relation: model.RelOwes})
	if err != nil {
		return err
	}
	_, err = svc.Plans.ChangePlanItem(ctx, sales, p.ID, p.Version, func(by *model.User, p *model.PlanItem) error { return p.Accept(by, now) })
	return err
}
