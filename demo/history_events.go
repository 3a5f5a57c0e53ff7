package demo

import (
	"fmt"
	"slices"
	"time"

	"xietong/model"
)

// The demo history's anomalies, customer feedback and monthly meetings
// (docs/DOMAIN.md#demo-factory).

// anomalyPlan is one of the history's anomalies: what breaks, where, and
// how production handles it.
type anomalyPlan struct {
	cat            model.AnomalyCategory
	severity       int
	products       []string
	text, act, why string
	delay          int     // expected and actual delay, working days
	at             float64 // where in the history, 0–1
	lateAck        bool    // acknowledged after its target
}

var anomalyPlans = []anomalyPlan{
	{model.AnomalyEquipment, 1, []string{"YDF-XL18"}, "2号线成型机主轴异响，紧急停机检修", "联系设备厂家上门维修，维修后安排加班补产",
		"主轴轴承磨损，已更换轴承并加入周点检", 1, 0.2, true},
	{model.AnomalyEquipment, 2, []string{"GRYY-YW", "GRYY-XL", "GRYY-SK"}, "3号线包装机热封温控失灵，封口不良增多，停机调整",
		"更换温控器，品管部加严封口抽检", "温控器老化失灵，已更换并纳入日点检", 1, 0.45, false},
	{model.AnomalyMaterial, 3, []string{"YDF-XL18", "YW-TC18"}, "鱼浆原料到货延迟一天，影响鱼豆腐、鱼丸排产", "采购部协调供应商加急送货，先用库存原料生产",
		"供应商运输车辆故障，已要求其备用运力", 1, 0.65, false},
	{model.AnomalyEquipment, 2, []string{"YW-TC18"}, "1号线鱼丸成型机传动链条断裂", "更换链条，2号线人员支援", "链条疲劳断裂，已更换并增加润滑点检", 1, 0.85, false},
}

// feedbackPlan is a customer's quality feedback and how it is handled.
type feedbackPlan struct {
	customer, product string
	problem           string
	qty               int64
	route             model.FeedbackRoute
	visit             bool
	answer, findings  string
	cause, fix        string
	at                float64 // where in the history, 0–1
	late              bool    // answered after the 24 hours
}

var feedbackPlans = []feedbackPlan{
	{"C003", "GRYY-XL", "部分袋子封口不严，漏气胀袋", 12, model.RouteQuality, false, "已收到，品管部调查留样，明日回复处理方案", "",
		"热封温度偏低导致封口不严", "封口温度点检改为每 2 小时一次，不良品退换", 0.15, false},
	{"C006", "YDF-XL18", "外箱标示口味与内袋不符", 20, model.RouteQuality, true, "已安排品管人员到门店核查并换货", "抽查 3 箱均为香辣味，外箱误用烧烤味箱",
		"包装换产时未清场，外箱混用", "换产清场核对表加外箱一项，包装组长签字", 0.38, true},
	{"C002", "YW-TC18", "鱼丸口感偏硬，客户要求技术人员到店说明", 8, model.RouteRnD, true, "技术部将派人到店说明并取样", "样品水分偏低，属配方调整后的正常口感",
		"新配方淀粉比例调整后口感偏硬", "配方回调淀粉比例，下批次起执行", 0.6, false},
	{"C004", "GRYY-SK", "净含量抽检不足 25g", 15, model.RouteQuality, false, "已调取同批次留样复称，今日回复", "",
		"称重机未按时校准", "称重机每班开机校准并记录", 0.8, false},
}

// monthFeedback is the feedback of the last full month: a technical
// question for R&D and a quality complaint, each answered in time.
var monthFeedback = []feedbackPlan{
	{customer: "C007", product: "GRYY-YW", problem: "客户询问保质期内出油是否正常，要求技术说明", qty: 5, route: model.RouteRnD,
		answer: "技术部已电话说明：常温下少量出油属正常，附工艺说明", findings: "", cause: "", fix: ""},
	{customer: "C008", product: "YW-TC18", problem: "部分袋子印字模糊", qty: 6, route: model.RouteQuality,
		answer: "品管部已核对批次，安排更换", findings: "", cause: "", fix: ""},
}

// workdayFrom is the first working day of the history from d on, zero
// when there is none before the history's last working day.
func (h *history) workdayFrom(d model.Date) model.Date {
	for _, w := range h.workdays {
		if !w.Before(d) {
			if w.After(h.last.AddDays(-8)) {
				return model.Date{}
			}
			return w
		}
	}
	return model.Date{}
}

// decision is a monthly meeting's decision: what, whose, due in days.
type decision struct {
	text, owner string
	days        int
}

var meetingDecisions = [][]decision{
	{{"果然有鱼三个口味按差额表同时排产，不得只投一个口味", "prod", 7}, {"差额表每日 14:00 前发布，迟交在周例会说明原因", "sales", 10},
		{"封口不良客诉：封口温度点检改为每 2 小时一次", "qa", 14}},
	{{"2 号线成型机关键备件纳入安全库存", "buyer", 12}, {"下月预估销量表提前到 20 日发布", "saleslead", 17},
		{"交期答复超时的订单在次日晨会逐单说明", "prod", 7}},
	{{"旬计划与差额表口径统一：旬余量按已发货扣减", "sales", 10}, {"鱼丸新配方口感回访 3 家重点客户", "rnd", 14},
		{"月度产量差异原因按产线汇总上报", "shop", 9}},
}

type pendingAction struct {
	id, ver uint64
	owner   string
	done    model.Date
	note    string
}

// scheduleEvents places the anomalies and the feedback on working days of
// the history.
func (h *history) scheduleEvents() {
	h.anomalyOn, h.anomalyEnd, h.feedbackOn = map[model.Date]*anomalyPlan{}, map[string]model.Date{}, map[model.Date]*feedbackPlan{}
	n := len(h.workdays)
	for i := range anomalyPlans {
		a := &anomalyPlans[i]
		h.anomalyOn[h.workdays[min(int(a.at*float64(n)), n-6)]] = a
	}
	for i := range feedbackPlans {
		f := &feedbackPlans[i]
		h.feedbackOn[h.workdays[min(int(f.at*float64(n)), n-8)]] = f
	}
	// The last full month has feedback of both routes, so the KPI board's
	// on-site service indicators have a value for it whatever day the demo
	// is seeded.
	last := model.MonthOf(h.today).AddMonths(-1)
	for i, f := range monthFeedback {
		for d := h.workdayFrom(model.NewDate(last.Year, last.Month, 6+8*i)); !d.IsZero(); d = h.workdayFrom(d.AddDays(1)) {
			if h.feedbackOn[d] == nil && h.anomalyOn[d] == nil {
				h.feedbackOn[d] = &f
				break
			}
		}
	}
	// The last feedback came in on the last working day: not answered yet
	// if its response is still to come.
	h.feedbackOn[h.last] = &feedbackPlan{customer: "C001", product: "YDF-XL18", problem: "个别袋内发现异物（疑似塑料碎片），客户要求说明", qty: 3,
		route: model.RouteQuality, visit: true, answer: "品管部已封存同批次留样，安排人员到门店取样"}
}

// anomalySteps: the workshop supervisor files the anomaly in the morning
// naming the committed lines it delays; production's head acknowledges it
// (late once: a severity 1 needs it within 30 minutes), records what is
// done, resolves it the next working day moving the promises by the
// actual delay, and closes it two days later.
func (h *history) anomalySteps(d model.Date, a *anomalyPlan, add func(time.Time, func() error)) {
	var id, ver uint64
	var marked []uint64
	act := func(f func() (*model.Anomaly, error)) error {
		got, err := f()
		if err != nil {
			return fmt.Errorf("anomaly: %w", err)
		}
		ver = got.Version
		return nil
	}
	prod := h.user("prod")
	after := h.cal.NextWorkingDay(d)
	for _, p := range a.products {
		h.anomalyEnd[p] = d
		if a.cat == model.AnomalyEquipment {
			h.anomalyEnd[p] = after
		}
	}
	add(h.at(d, 9, 40, 0), func() error {
		orders, err := h.svc.Shop.ProposeAtRisk(h.ctx, a.products, a.delay+1)
		if err != nil {
			return err
		}
		var lines []uint64
		for _, o := range orders {
			for _, l := range o.Lines {
				lines = append(lines, l.ID)
			}
		}
		got, err := h.svc.Shop.FileAnomaly(h.ctx, h.user("shop"), &model.Anomaly{Category: a.cat, Severity: a.severity, Text: a.text,
			Products: a.products, Lines: lines, DelayDays: a.delay})
		if err != nil {
			return fmt.Errorf("anomaly: %w", err)
		}
		id, ver, marked = got.ID, got.Version, lines
		h.sum.Anomalies++
		return h.refreshLines(marked)
	})
	ack := 15 + h.rng.IntN(10)
	if a.lateAck {
		ack = 45
	}
	add(h.at(d, 9, 40+ack, 0), func() error {
		return act(func() (*model.Anomaly, error) { return h.svc.Shop.AckAnomaly(h.ctx, prod, id, ver) })
	})
	add(h.at(d, 11, 20, 0), func() error {
		return act(func() (*model.Anomaly, error) { return h.svc.Shop.ActAnomaly(h.ctx, prod, id, ver, a.act) })
	})
	h.laterSteps(after, func(t model.Date) time.Time { return h.at(t, 15, 30, 0) }, func() error {
		if err := act(func() (*model.Anomaly, error) {
			return h.svc.Shop.ResolveAnomaly(h.ctx, prod, id, ver, a.why, a.delay, model.ResolveDelay)
		}); err != nil {
			return err
		}
		return h.refreshLines(marked)
	})
	h.laterSteps(h.cal.AddWorkingDays(after, 2), func(t model.Date) time.Time { return h.at(t, 10, 0, 0) }, func() error {
		return act(func() (*model.Anomaly, error) { return h.svc.Shop.CloseAnomaly(h.ctx, prod, id, ver) })
	})
}

// refreshLines reads again the history lines with the given ids.
func (h *history) refreshLines(ids []uint64) error {
	for _, l := range h.lines {
		if slices.Contains(ids, l.id) {
			if err := h.refresh(l); err != nil {
				return err
			}
		}
	}
	return nil
}

// later steps are kept until their day comes.
type laterStep struct {
	day model.Date
	at  func(model.Date) time.Time
	do  func() error
}

// laterSteps schedules do on day t (a day after the one being built).
func (h *history) laterSteps(t model.Date, at func(model.Date) time.Time, do func() error) {
	h.pending = append(h.pending, laterStep{t, at, do})
}

// feedbackSteps: sales files the customer's feedback in the morning;
// the route's department answers within the day (once the next day,
// late), visits when asked, and closes it with the cause and the fix.
func (h *history) feedbackSteps(d model.Date, f *feedbackPlan, add func(time.Time, func() error)) {
	var id, ver uint64
	by := "qa"
	if f.route == model.RouteRnD {
		by = "rnd"
	}
	upd := func(g func() (*model.Feedback, error)) error {
		got, err := g()
		if err != nil {
			return fmt.Errorf("feedback: %w", err)
		}
		ver = got.Version
		return nil
	}
	add(h.at(d, 10, 5, 0), func() error {
		c := h.byCode[f.customer]
		fb := &model.Feedback{CustomerID: c.ID, Product: f.product, Batch: d.AddDays(-6).String(), Problem: f.problem,
			QtyAffected: f.qty, VisitWanted: f.visit, Route: f.route}
		for i := len(h.lines) - 1; i >= 0; i-- {
			if l := h.lines[i]; l.customer == c.ID && l.product == f.product && l.shipped > 0 {
				fb.LineID = l.id
				break
			}
		}
		got, err := h.svc.Shop.FileFeedback(h.ctx, h.user("sales"), fb)
		if err != nil {
			return fmt.Errorf("feedback: %w", err)
		}
		id, ver = got.ID, got.Version
		h.sum.Feedback++
		return nil
	})
	respond := h.at(d, 15, 20, 0)
	switch {
	case f.late:
		respond = h.at(h.cal.AddWorkingDays(d, 1), 16, 40, 0) // more than 24 hours
	case d == h.last:
		respond = h.at(h.cal.NextWorkingDay(d), 9, 10, 0) // maybe still to come
	}
	h.laterOrToday(d, respond, func() error {
		return upd(func() (*model.Feedback, error) {
			return h.svc.Shop.RespondFeedback(h.ctx, h.user(by), id, ver, f.answer)
		})
	})
	if f.findings != "" {
		v := h.cal.AddWorkingDays(d, 2)
		h.laterOrToday(d, h.at(v, 10, 0, 0), func() error {
			return upd(func() (*model.Feedback, error) {
				return h.svc.Shop.RecordVisit(h.ctx, h.user(by), id, ver, model.Visit{Date: v, Who: h.user(by).Name, Findings: f.findings})
			})
		})
	}
	if f.cause != "" {
		h.laterOrToday(d, h.at(h.cal.AddWorkingDays(d, 4), 16, 20, 0), func() error {
			return upd(func() (*model.Feedback, error) {
				return h.svc.Shop.CloseFeedback(h.ctx, h.user(by), id, ver, f.cause, f.fix)
			})
		})
	}
}

// laterOrToday schedules do at t, a moment of day d or a later day.
func (h *history) laterOrToday(d model.Date, t time.Time, do func() error) {
	h.laterSteps(h.cal.DateOf(t), func(model.Date) time.Time { return t }, do)
}

// meetingSteps: the office holds the month's coordination meeting on the
// 3rd: attendance and the items at 9:00, three decisions, each an action
// item for its owner, and at 11:30 the meeting is closed, freezing its
// figures. The owners mark their items done around their due dates.
func (h *history) meetingSteps(d model.Date, add func(time.Time, func() error)) {
	var id, ver uint64
	office := h.user("office")
	month := model.MonthOf(d)
	add(h.at(d, 9, 5, 0), func() error {
		m, err := h.svc.Meetings.EnsureMonthly(h.ctx, month)
		if err != nil {
			return err
		}
		m.Attendees = []string{"gm", "saleslead", "sales", "prod", "shop", "rnd", "qa", "buyer", "office"}
		for i := range m.Items {
			it := &m.Items[i]
			it.Done = true
			switch it.Key {
			case model.ItemOutput:
				it.Notes = "产量差异主要来自设备故障停机和计划未按时发布的日子，生产部按产线说明。"
			case model.ItemDelivery:
				it.Notes = "迟交订单逐单说明原因；果然有鱼三个口味要同时备货。"
			case model.ItemAccuracy:
				it.Notes = "预估偏差较大的品项，销售部在下月预估中说明依据。"
			case model.ItemMarket:
				it.Notes = "华南区门店促销增多，鱼豆腐需求上升。"
			}
		}
		saved, err := h.svc.Meetings.SaveMeeting(h.ctx, office, m)
		if err != nil {
			return fmt.Errorf("meeting: %w", err)
		}
		id, ver = saved.ID, saved.Version
		h.sum.Meetings++
		return nil
	})
	set := meetingDecisions[(int(month.Month)+month.Year)%len(meetingDecisions)]
	for i, dc := range set {
		add(h.at(d, 10, 15+10*i, 0), func() error {
			due := d.AddDays(dc.days)
			m, item, err := h.svc.Meetings.Decide(h.ctx, office, id, ver, model.Decision{Text: dc.text, Owner: dc.owner, Due: due})
			if err != nil {
				return fmt.Errorf("decision: %w", err)
			}
			ver = m.Version
			h.sum.Acts++
			done := due.AddDays(h.rng.IntN(5) - 3)
			if !h.cal.IsWorkingDay(done) {
				done = h.cal.NextWorkingDay(done)
			}
			h.actions = append(h.actions, &pendingAction{id: item.ID, ver: item.Version, owner: dc.owner, done: done, note: "已落实"})
			return nil
		})
	}
	add(h.at(d, 11, 30, 0), func() error {
		_, err := h.svc.Meetings.CloseMeeting(h.ctx, office, id, ver)
		return err
	})
}

// completeActions: owners mark done the action items they finish today.
func (h *history) completeActions(d model.Date) error {
	for _, a := range h.actions {
		if a.done != d {
			continue
		}
		if _, err := h.svc.Meetings.CompleteAction(h.ctx, h.user(a.owner), a.id, a.ver, a.note); err != nil {
			return fmt.Errorf("action %d: %w", a.id, err)
		}
	}
	return nil
}
