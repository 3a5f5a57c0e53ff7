package demo

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"xietong/model"
)

// The demo factory's last months (docs/DOMAIN.md#demo-factory): the
// history is played through the services as the factory's people would
// have worked, on the store's clock moved from moment to moment, so every
// record, history entry and audit entry carries a plausible time and every
// rule (deadlines, stock, promises, KPIs) applies as it did then.
//
// Its three full months are those before today's month. It starts on the
// 18th of the month before them with the set-up (accounts, master data,
// the opening stock count, KPI targets), the first orders (for the first
// full month) and the first plans, and ends at the clock's now, which the
// clock is put back to: what happens today happens up to now. A fixed seed
// makes the same now give the same factory.

// historySeed is the fixed seed of the history's random choices.
const historySeed = 20261125

// flow is how much of a product variant the customers order: perDay on an
// average working day, on weight out of every order line's draws.
type flow struct {
	product, variant string
	perDay           int64
	weight           int
}

var flows = []flow{
	{"YDF-XL18", "mark", 260, 3}, {"YDF-XL18", "plain", 50, 1},
	{"YW-TC18", "mark", 190, 3}, {"YW-TC18", "plain", 30, 1},
	{"GRYY-YW", "mark", 80, 3}, {"GRYY-XL", "mark", 70, 3}, {"GRYY-SK", "mark", 60, 3},
	{"GRYY-YW", "plain", 15, 1}, {"GRYY-XL", "plain", 15, 1}, {"GRYY-SK", "plain", 20, 1},
}

// linesPerDay is how many order lines come in on an average working day
// (2 orders of 1.9 lines).
const linesPerDay = 3.8

// totalWeight is the sum of the flows' weights.
func totalWeight() int {
	n := 0
	for _, f := range flows {
		n += f.weight
	}
	return n
}

// lineOf is the production line (车间产线) each product is made on; the 2号线
// makes the 鱼豆腐 (the notice about its Saturday maintenance says so).
var lineOf = map[string]string{"YW-TC18": "1号线", "YDF-XL18": "2号线", "GRYY-YW": "3号线", "GRYY-XL": "3号线", "GRYY-SK": "3号线"}

var prodLines = []string{"1号线", "2号线", "3号线"}

// history is the state of the seed while it plays the past.
type history struct {
	ctx   context.Context
	svc   model.Services
	cal   *model.Calendar
	loc   *time.Location
	rng   *rand.Rand
	sum   *Summary
	now   time.Time
	today model.Date
	begin model.Date // set-up day, and the first day of daily work
	start model.Date // first day of the first full month
	last  model.Date // last working day before today

	users     map[string]*model.User
	customers []*model.Customer
	byCode    map[string]*model.Customer
	products  map[string]*model.Product
	lines     []*hline
	months    map[model.Month]float64 // how much more or less than usual the customers order
	owed      map[string]float64      // per flow: the usual quantity not yet ordered
	workdays  []model.Date            // working days from start to last
	workday   map[model.Date]int      // index of each in workdays

	anomalyOn  map[model.Date]*anomalyPlan
	anomalyEnd map[string]model.Date // product → last day its line runs short
	feedbackOn map[model.Date]*feedbackPlan
	actions    []*pendingAction
	pending    []laterStep // steps planned for a later day

	runOn      map[model.Date]*purchaseRun // the material keeper's requirement runs
	splitFrom  model.Date                  // from when a film may come in two deliveries
	splitID    uint64                      // the request one of whose films does
	lateSigned bool                        // the head has signed a request late
	buying     []*buying                   // signed requests purchasing still orders or receives
	leadDays   map[string]int              // each material's supplier lead time, as purchasing knows it
}

// step is something done at a moment of a day.
type step struct {
	at time.Time
	do func() error
}

// seedHistory seeds the factory with its history, today's orders and the
// notices.
func seedHistory(ctx context.Context, svc model.Services, sum *Summary) error {
	cal := svc.Calendar
	if cal == nil {
		cal = model.NewCalendar(svc.Clock.Loc, nil, nil)
	}
	now := svc.Clock.Now()
	restore := svc.Clock.Pin(now)
	defer restore()
	h := &history{ctx: ctx, svc: svc, cal: cal, loc: svc.Clock.Loc, rng: rand.New(rand.NewPCG(historySeed, 3)), sum: sum,
		now: now, today: cal.DateOf(now), months: map[model.Month]float64{}, owed: map[string]float64{}}
	first := model.MonthOf(h.today).AddMonths(-3)
	h.start = first.First()
	// Orders come in and the factory works from the 18th of the month
	// before, so the first full month ships as any other.
	h.begin = model.NewDate(first.Year, first.Month-1, 18)
	h.last = cal.PrevWorkingDay(h.today)
	sum.From = h.start
	h.workday = map[model.Date]int{}
	for d := h.begin; d.Before(h.today); d = d.AddDays(1) {
		if cal.IsWorkingDay(d) && !d.Before(h.start) {
			h.workday[d] = len(h.workdays)
			h.workdays = append(h.workdays, d)
		}
	}
	if len(h.workdays) < 20 || h.last.IsZero() {
		return fmt.Errorf("demo history: no working days before %s", h.today)
	}
	for m := first.AddMonths(-1); !m.First().After(h.today.AddDays(40)); m = m.AddMonths(1) {
		h.months[m] = 0.88 + 0.24*h.rng.Float64()
	}
	h.scheduleEvents()
	h.schedulePurchases()
	for d := h.begin; !d.After(h.today); d = d.AddDays(1) {
		if err := h.run(h.day(d)); err != nil {
			return fmt.Errorf("demo history %s: %w", d, err)
		}
	}
	svc.Clock.Set(now)
	// The month's meeting exists from the 1st, and today's orders and the
	// notices are entered now.
	if _, err := svc.Meetings.EnsureMonthly(ctx, model.MonthOf(h.today)); err != nil {
		return err
	}
	if err := seedOrders(ctx, svc, h.users); err != nil {
		return err
	}
	if err := seedProjects(ctx, svc, h.users); err != nil {
		return err
	}
	if err := seedCampaign(ctx, svc, h.users); err != nil {
		return err
	}
	if err := seedPlans(ctx, svc, h.users, true); err != nil {
		return err
	}
	return postNotices(ctx, svc, h.users)
}

// run does the steps of a day in time order, up to now.
func (h *history) run(steps []step) error {
	slices.SortStableFunc(steps, func(a, b step) int { return a.at.Compare(b.at) })
	for _, s := range steps {
		if s.at.After(h.now) {
			return nil
		}
		h.svc.Clock.Set(s.at)
		if err := s.do(); err != nil {
			return fmt.Errorf("%s: %w", s.at.Format("15:04"), err)
		}
	}
	return nil
}

// pick is true with probability p.
func (h *history) pick(p float64) bool { return h.rng.Float64() < p }

// round10 rounds q to tens, at least 10.
func round10(q float64) int64 { return max(10, int64(q/10+0.5)*10) }

func (h *history) user(login string) *model.User { return h.users[login] }

// at is day d's moment hh:mm plus jitter minutes.
func (h *history) at(d model.Date, hh, mm, jitter int) time.Time {
	return time.Date(d.Y, d.M, d.D, hh, mm+jitter, 0, 0, h.loc)
}

// day lists what happens on day d.
func (h *history) day(d model.Date) []step {
	var steps []step
	add := func(t time.Time, do func() error) { steps = append(steps, step{t, do}) }
	j := h.rng.IntN(12)
	if d == h.begin {
		add(h.at(d, 7, 0, 0), h.setUp)
	}
	h.planSteps(d, add)
	m := model.MonthOf(d)
	// The meetings that review a month of the history.
	reviews := !m.AddMonths(-1).First().Before(h.start)
	if d.D == 1 && reviews {
		add(h.at(d, 0, 30, 0), func() error { _, err := h.svc.Meetings.EnsureMonthly(h.ctx, m); return err })
	}
	if d == model.MonthlyMeetingDate(m) && reviews {
		h.meetingSteps(d, add)
	}
	h.deptPlanSteps(d, add)
	h.purchaseSteps(d, add)
	h.costSteps(d, add)
	if !h.cal.IsWorkingDay(d) {
		return h.takePending(d, steps)
	}
	work := d.Before(h.today)
	if work {
		add(h.at(d, 8, 20, j), func() error { return h.enterOrders(d, false) })
		add(h.at(d, 13, 30, j), func() error { return h.enterOrders(d, true) })
	}
	add(h.at(d, 9, 30, j), func() error { return h.sendLines(d, false) })
	add(h.at(d, 10, 30, j), func() error { return h.answerLines(d, false) })
	add(h.at(d, 14, 30, j), func() error { return h.salesAfternoon(d) })
	add(h.at(d, 15, 0, j), func() error { return h.ship(d) })
	add(h.at(d, 16, 0, j), func() error { return h.answerLines(d, true) })
	add(h.at(d, 16, 10, j), func() error { return h.completeActions(d) })
	if a := h.anomalyOn[d]; a != nil {
		h.anomalySteps(d, a, add)
	}
	if f := h.feedbackOn[d]; f != nil {
		h.feedbackSteps(d, f, add)
	}
	if d == h.last {
		h.bigOrder(d, add)
	}

	// The shortfall table: before 14:00 but on one working day in twelve;
	// the next working day's plan by 17:30 but on one in thirteen, and on
	// one in thirty-one never (counted from the first full month).
	i, counted := h.workday[d]
	sfAt := h.at(d, 13, 35, j)
	if counted && i%12 == 5 {
		sfAt = h.at(d, 14, 10+h.rng.IntN(150), 0)
	}
	add(sfAt, func() error { return h.shortfall(d) })
	planAt := h.at(d, 16, 50, j+h.rng.IntN(25))
	switch {
	case counted && i%31 == 17:
		planAt = time.Time{}
	case counted && i%13 == 9:
		planAt = h.at(d, 17, 40+h.rng.IntN(150), 0)
	}
	if !planAt.IsZero() {
		add(planAt, func() error { return h.plan(h.cal.NextWorkingDay(d)) })
	}
	add(h.at(d, 17, 45, j), func() error { return h.reports(d) })
	return h.takePending(d, steps)
}

// takePending adds to day d's steps those planned earlier for it.
func (h *history) takePending(d model.Date, steps []step) []step {
	kept := h.pending[:0]
	for _, p := range h.pending {
		if p.day == d {
			steps = append(steps, step{p.at(d), p.do})
		} else {
			kept = append(kept, p)
		}
	}
	h.pending = kept
	return steps
}

// setUp enters the people, master data, the opening stock count and the
// KPI targets.
func (h *history) setUp() error {
	var err error
	if h.users, err = createPeople(h.ctx, h.svc); err != nil {
		return err
	}
	if h.byCode, err = seedMaster(h.ctx, h.svc, h.users); err != nil {
		return err
	}
	for _, c := range Customers {
		h.customers = append(h.customers, h.byCode[c.Code])
	}
	h.products = map[string]*model.Product{}
	for _, p := range Products {
		saved, err := h.svc.Master.Product(h.ctx, p.Code)
		if err != nil {
			return err
		}
		h.products[p.Code] = saved
	}
	return h.svc.Meetings.SaveTargets(h.ctx, h.user("office"), []model.KPITarget{
		{KPI: model.KPIForecastAccuracy, Current: 0.7, Target: 0.85},
		{KPI: model.KPIReplyTimeliness, Current: 0.85, Target: 0.95},
		{KPI: model.KPIOTIF, Current: 0.8, Target: 0.95},
		{KPI: model.KPIPlanCompletion, Current: 0.8, Target: 0.95},
		{KPI: model.KPIDefectRate, Current: 0.02, Target: 0.01},
		{KPI: model.KPIFeedbackTimeliness, Current: 0.8, Target: 0.95},
		{KPI: model.KPITechService, Current: 0.8, Target: 0.95},
		{KPI: model.KPISubmission, Current: 0.85, Target: 0.95},
		{KPI: model.KPIRnDPlan, Current: 0.75, Target: 0.9},
		{KPI: model.KPIProjectPlan, Current: 0.7, Target: 0.9},
		{KPI: model.KPICostTarget, Current: 0.95, Target: 1},
	})
}

// ---- forecasts and ten-day plans ----

// planSteps publishes on day d the forecasts and ten-day plans the order
// specialist publishes that day.
func (h *history) planSteps(d model.Date, add func(time.Time, func() error)) {
	if !h.cal.IsWorkingDay(d) {
		return
	}
	for _, p := range h.periodsPublished(d) {
		add(h.at(d, 16, 30, h.rng.IntN(20)), func() error { return h.publishPlan(p) })
	}
}

// publishOn is the day the order specialist publishes period p: a working
// day shortly before its due day, or for about one in five a working day or
// two after it.
func (h *history) publishOn(p model.Period) model.Date {
	due := p.DueDay()
	r := rand.New(rand.NewPCG(historySeed, uint64(p.Month.Year*100+int(p.Month.Month))*10+uint64(p.Part)))
	if r.Float64() < 0.2 {
		return h.cal.AddWorkingDays(due, 1+r.IntN(2))
	}
	d := due.AddDays(-r.IntN(3))
	if !h.cal.IsWorkingDay(d) {
		d = h.cal.PrevWorkingDay(d)
	}
	return d
}

// periodsPublished are the periods published on day d: the forecasts and
// ten-day plans of the history's months and the next, and the last ten
// days of the month the history starts in. None is published before the
// history begins.
func (h *history) periodsPublished(d model.Date) []model.Period {
	first := model.MonthOf(h.start)
	ps := []model.Period{model.TenDays(first.AddMonths(-1))[2]}
	for m := first; !m.First().After(model.MonthOf(h.today).AddMonths(1).First()); m = m.AddMonths(1) {
		ps = append(ps, model.Period{Kind: model.PlanForecast, Month: m})
		for _, t := range model.TenDays(m) {
			ps = append(ps, t)
		}
	}
	var out []model.Period
	for _, p := range ps {
		on := h.publishOn(p)
		if on.Before(h.begin) {
			on = h.begin
			if !h.cal.IsWorkingDay(on) {
				on = h.cal.NextWorkingDay(on)
			}
		}
		if on == d {
			out = append(out, p)
		}
	}
	return out
}

// publishPlan saves and publishes p: the forecast from the usual flows
// with the order specialist's guess of the month; a ten-day plan closer to
// what the month turns out to be.
func (h *history) publishPlan(p model.Period) error {
	sales := h.user("sales")
	days := 0
	for d := p.Start(); !d.After(p.End()); d = d.AddDays(1) {
		if h.cal.IsWorkingDay(d) {
			days++
		}
	}
	// The order specialist half sees how the month will go; ten days
	// ahead the plan comes closer.
	guess := 1 + (h.months[p.Month]-1)/2 + 0.1*h.rng.Float64() - 0.05
	if p.Kind == model.PlanTenDay {
		guess = h.months[p.Month] * (0.95 + 0.1*h.rng.Float64())
	}
	var cells []model.PlanCell
	for _, f := range flows {
		q := float64(f.perDay*int64(days)) * guess * (0.9 + 0.2*h.rng.Float64())
		step := 10.0
		if p.Kind == model.PlanForecast {
			step = 50
		}
		cells = append(cells, model.PlanCell{Product: f.product, Variant: f.variant, Qty: int64(q/step+0.5) * int64(step)})
	}
	v, err := h.svc.Planning.SavePlan(h.ctx, sales, p, 0, cells, "")
	if err != nil {
		return fmt.Errorf("plan %s: %w", p.Record(), err)
	}
	if _, err := h.svc.Planning.PublishPlan(h.ctx, sales, p, v.Version); err != nil {
		return err
	}
	if p.Kind == model.PlanForecast {
		h.sum.Forecasts++
	} else {
		h.sum.Tens++
	}
	return nil
}

// ---- the daily tables ----

// shortfall: the order specialist saves and publishes day d's shortfall
// table, now and then raising a figure with a reason.
func (h *history) shortfall(d model.Date) error {
	s, err := h.svc.Planning.Shortfall(h.ctx, d)
	if err != nil {
		return err
	}
	if len(s.Rows) > 0 && h.pick(0.1) {
		r := &s.Rows[h.rng.IntN(len(s.Rows))]
		r.Figure += 100
		r.Reason = histEdits[h.rng.IntN(len(histEdits))]
	}
	sales := h.user("sales")
	saved, err := h.svc.Planning.SaveShortfall(h.ctx, sales, s)
	if err != nil {
		return fmt.Errorf("shortfall: %w", err)
	}
	if _, err := h.svc.Planning.PublishShortfall(h.ctx, sales, d, saved.Version); err != nil {
		return err
	}
	h.sum.Shortfalls++
	return nil
}

// plan: production's head drafts the plan for production day p from the
// latest published shortfall, keeps each product within its daily
// capacity (whole economic batches), saves and publishes it.
func (h *history) plan(p model.Date) error {
	draft, _, err := h.svc.Planning.ProductionPlan(h.ctx, p)
	if err != nil {
		return err
	}
	if draft.Version > 0 || !draft.Published.IsZero() {
		return nil
	}
	draft.Lines = h.withinCapacity(draft.Lines)
	prod := h.user("prod")
	saved, _, err := h.svc.Planning.SaveProductionPlan(h.ctx, prod, draft)
	if err != nil {
		return fmt.Errorf("plan %s: %w", p, err)
	}
	if _, err := h.svc.Planning.PublishProductionPlan(h.ctx, prod, p, saved.Version); err != nil {
		return err
	}
	h.sum.Plans++
	return nil
}

// withinCapacity scales each product's lines down to its daily capacity,
// in whole economic batches.
func (h *history) withinCapacity(lines []model.ProductionLine) []model.ProductionLine {
	total := map[string]int64{}
	for _, l := range lines {
		total[l.Product] += l.Qty
	}
	out := lines[:0]
	for _, l := range lines {
		p := h.products[l.Product]
		if t := total[l.Product]; p != nil && t > p.DailyCapacity {
			batch := max(p.EconomicBatch, 1)
			l.Qty = l.Qty * p.DailyCapacity / t / batch * batch
			l.Remark = "受日产能限制"
		}
		if l.Qty > 0 {
			out = append(out, l)
		}
	}
	return out
}

// reports: at the end of the day shift each line's supervisor submits the
// daily report of what was made: about the plan, a little less or more,
// with defects and their reasons and now and then some downtime; a line
// broken down makes much less. With no plan published the shop made what
// the latest shortfall asked for and says so.
func (h *history) reports(d model.Date) error {
	plan, _, err := h.svc.Planning.ProductionPlan(h.ctx, d)
	if err != nil {
		return err
	}
	published := !plan.Published.IsZero()
	if !published {
		plan.Lines = h.withinCapacity(plan.Lines)
	}
	rows := map[string][]model.ReportRow{}
	for _, pl := range plan.Lines {
		if pl.Qty <= 0 {
			continue
		}
		r := model.ReportRow{Product: pl.Product, Variant: pl.Variant}
		if published {
			r.Planned = pl.Qty
		} else {
			r.Notes = "生产计划未发布，按差额表口头安排生产"
		}
		f := 0.9 + 0.14*h.rng.Float64()
		if end, ok := h.anomalyEnd[pl.Product]; ok && !d.After(end) {
			f = 0.35 + 0.25*h.rng.Float64()
			r.DowntimeMin = 150 + 30*h.rng.IntN(6)
			r.DowntimeCause = "设备故障停机检修"
		} else if h.pick(0.12) {
			r.DowntimeMin = 15 + 5*h.rng.IntN(16)
			r.DowntimeCause = histDowntimes[h.rng.IntN(len(histDowntimes))]
		}
		r.Actual = min(int64(float64(pl.Qty)*f/10)*10, h.products[pl.Product].DailyCapacity)
		if r.Actual > 0 && h.pick(0.7) {
			r.Defect = max(1, int64(float64(r.Actual)*(0.002+0.01*h.rng.Float64())))
			r.DefectReason = histDefects[h.rng.IntN(len(histDefects))]
			if r.DefectReason == "D99" {
				r.DefectNote = histD99[h.rng.IntN(len(histD99))]
			}
		}
		line := lineOf[pl.Product]
		rows[line] = append(rows[line], r)
	}
	shop := h.user("shop")
	for _, line := range prodLines {
		if len(rows[line]) == 0 {
			continue
		}
		if _, err := h.svc.Shop.SubmitReport(h.ctx, shop, &model.DailyReport{Date: d, Line: line, Shift: model.ShiftDay, Rows: rows[line]}); err != nil {
			return fmt.Errorf("report %s: %w", line, err)
		}
		h.sum.Reports++
	}
	return nil
}
