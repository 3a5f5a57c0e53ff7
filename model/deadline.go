package model

import (
	"cmp"
	"slices"
	"strconv"
	"time"
)

// Deadlines of planning and order replies (docs/DOMAIN.md#deadlines).
//
//   - Forecast for month M: by the end of the 22nd of M−1; ten-day plans:
//     the 28th of the month before, the 8th and the 18th (see Period.DueDay).
//     These are dates of the month and do not move off non-working days.
//   - Shortfall table of day d: every working day, by 14:00 of d.
//   - Production plan: every working day d, by 17:30, the plan for the next
//     working day after d (次日 is the next day the factory works: Saturday's
//     plan is Monday's when Sunday is off). A plan is due on the working day
//     before its production day (see PlanDueDay).
//   - Order reply: by the end of the next working day after sending
//     (OrderLine.ReplyDue, set by the line's transitions).
//
// Done counts at the first publish (or reply): publishing again later does
// not move it. Done at or before the due instant is on time.

// Daily due times, in the factory zone.
const (
	ShortfallDueHour   = 14
	ShortfallDueMinute = 0
	PlanDueHour        = 17
	PlanDueMinute      = 30
)

// EvaluateDue says where an item due at due stands at now: done at or
// before due is on time; done after it is late by done − due; not done and
// now after due is missing, late by now − due so far; otherwise pending. A
// zero due never makes anything late.
func EvaluateDue(due, done, now time.Time) (DueState, time.Duration) {
	switch {
	case !done.IsZero() && (due.IsZero() || !done.After(due)):
		return DueOnTime, 0
	case !done.IsZero():
		return DueLate, done.Sub(due)
	case !due.IsZero() && now.After(due):
		return DueMissing, now.Sub(due)
	}
	return DuePending, 0
}

// DueDay is the factory date a deadline falls on: the date of the last
// instant before due, so a deadline at the midnight ending a day falls on
// that day, and one at 14:00 on its own day.
func DueDay(cal *Calendar, due time.Time) Date {
	return cal.DateOf(due.Add(-time.Nanosecond))
}

func atTime(cal *Calendar, d Date, hour, minute int) time.Time {
	return time.Date(d.Y, d.M, d.D, hour, minute, 0, 0, cal.loc())
}

// ShortfallDue is when the shortfall table of day d is due: 14:00 of d.
func ShortfallDue(cal *Calendar, d Date) time.Time {
	return atTime(cal, d, ShortfallDueHour, ShortfallDueMinute)
}

// ProductionDayFor is the production day of the plan due on day d: the
// next working day after d.
func ProductionDayFor(cal *Calendar, d Date) Date { return cal.NextWorkingDay(d) }

// PlanDueDay is the day the plan for production day p is due: the last
// working day before p.
func PlanDueDay(cal *Calendar, p Date) Date { return cal.PrevWorkingDay(p) }

// PlanDue is when the plan for production day p is due: 17:30 of PlanDueDay.
func PlanDue(cal *Calendar, p Date) time.Time {
	d := PlanDueDay(cal, p)
	if d.IsZero() {
		return time.Time{}
	}
	return atTime(cal, d, PlanDueHour, PlanDueMinute)
}

// Settle records when the item was done and by whom (zero done: not yet)
// and evaluates it at now. Done is shown in the zone of Due.
func (it *DueItem) Settle(done time.Time, who string, now time.Time) {
	it.Done, it.Who = time.Time{}, ""
	if !done.IsZero() {
		it.Done, it.Who = done.In(it.Due.Location()), who
	}
	it.State, it.Late = EvaluateDue(it.Due, it.Done, now)
}

// DueFacts tells PlanningDue when each planning record was first published
// and by whom; a zero time means not yet. A nil func means never.
type DueFacts struct {
	Period    func(p Period) (time.Time, string)
	Shortfall func(d Date) (time.Time, string)
	Plan      func(production Date) (time.Time, string) // by production day
}

// PlanningDue builds the planning items of the deadline board whose due day
// falls in [from, to]: the forecasts and ten-day plans due (sales), and for
// every working day the shortfall table (sales, Ref its date) and the
// production plan (production, Ref its production day), each settled with
// facts at now.
func PlanningDue(cal *Calendar, from, to Date, now time.Time, facts DueFacts) []DueItem {
	var out []DueItem
	settle := func(it DueItem, f func() (time.Time, string)) {
		var done time.Time
		var who string
		if f != nil {
			done, who = f()
		}
		it.Settle(done, who, now)
		out = append(out, it)
	}
	for _, p := range PeriodsDue(from, to) {
		kind := DueForecast
		if p.Kind == PlanTenDay {
			kind = DueTenDay
		}
		var f func() (time.Time, string)
		if facts.Period != nil {
			f = func() (time.Time, string) { return facts.Period(p) }
		}
		settle(DueItem{Kind: kind, Ref: p.String(), Dept: DeptSales, Due: p.Due(cal)}, f)
	}
	for d := from; !d.After(to); d = d.AddDays(1) {
		if !cal.IsWorkingDay(d) {
			continue
		}
		var f func() (time.Time, string)
		if facts.Shortfall != nil {
			f = func() (time.Time, string) { return facts.Shortfall(d) }
		}
		settle(DueItem{Kind: DueShortfall, Ref: d.String(), Dept: DeptSales, Due: ShortfallDue(cal, d)}, f)
		prod := ProductionDayFor(cal, d)
		if prod.IsZero() {
			continue
		}
		f = nil
		if facts.Plan != nil {
			f = func() (time.Time, string) { return facts.Plan(prod) }
		}
		settle(DueItem{Kind: DuePlan, Ref: prod.String(), Dept: DeptProduction,
			Due: atTime(cal, d, PlanDueHour, PlanDueMinute)}, f)
	}
	SortDueItems(out)
	return out
}

// ReplyRef names an order line on the deadline board: SO-20261126-0001/2.
func ReplyRef(o *Order, l *OrderLine) string { return o.No + "/" + strconv.Itoa(l.LineNo) }

// Replier is who gave the first reply (answer, unclear or risk) to the
// line's current sending, "" if none is recorded.
func Replier(l *OrderLine) string {
	for _, e := range l.History {
		if e.At.Before(l.SentAt) {
			continue
		}
		switch e.Kind {
		case EvAnswer, EvUnclear, EvRisk:
			return e.By
		}
	}
	return ""
}

// ReplyDueItem is the deadline board item of line l's reply (production;
// Ref SO-…/n; done at RepliedAt by Replier), evaluated at now. ok is false
// when the line has no reply deadline, or was cancelled or closed before it
// was answered (nothing is owed any more).
func ReplyDueItem(cal *Calendar, o *Order, l *OrderLine, now time.Time) (it DueItem, ok bool) {
	if l.ReplyDue.IsZero() || l.RepliedAt.IsZero() && !l.Status.Open() {
		return DueItem{}, false
	}
	it = DueItem{Kind: DueReply, Ref: ReplyRef(o, l), Dept: DeptProduction, Due: l.ReplyDue.In(cal.loc())}
	it.Settle(l.RepliedAt, Replier(l), now)
	return it, true
}

// ProjectDueItem is the general manager's decision on project p, due at
// p.DecideDue after its last submission: done when decided. A project
// never submitted has none.
func ProjectDueItem(cal *Calendar, p *Project, now time.Time) (it DueItem, ok bool) {
	if p.DecideDue.IsZero() {
		return DueItem{}, false
	}
	it = DueItem{Kind: DueProject, Ref: p.No, Dept: DeptManagement, Due: p.DecideDue.In(cal.loc())}
	it.Settle(p.DecidedAt, p.DecidedBy, now)
	return it, true
}

// CampaignDueItems are production's deadlines of campaign c: its answer,
// due AnswerDue after approval, done when every item is answered; and each
// item it took on (can or partly), due at the end of the date it gave, done
// when recorded done. Ref is the campaign's number ("/n" for item n).
func CampaignDueItems(cal *Calendar, c *Campaign, now time.Time) []DueItem {
	if c.AnswerDue.IsZero() {
		return nil
	}
	who := ""
	if n := len(c.History); n > 0 {
		who = c.History[n-1].By
	}
	answer := DueItem{Kind: DueCampaign, Ref: c.No, Dept: DeptProduction, Due: c.AnswerDue.In(cal.loc())}
	answer.Settle(c.AnsweredAt, who, now)
	out := []DueItem{answer}
	for i, it := range c.Items {
		if it.DoneBy.IsZero() || it.Answer != AnswerCan && it.Answer != AnswerPartly {
			continue
		}
		d := DueItem{Kind: DueCampaignItem, Ref: c.No + "/" + strconv.Itoa(i+1), Dept: DeptProduction,
			Due: it.DoneBy.AddDays(1).In(cal.loc())}
		d.Settle(it.DoneAt, it.AnsweredBy, now)
		out = append(out, d)
	}
	return out
}

// PlanItemDueItem is department plan item p, due at the end of its due
// date for the department that delivers it: done when recorded done.
// Declined and cancelled items are not due.
func PlanItemDueItem(cal *Calendar, p *PlanItem, now time.Time) (it DueItem, ok bool) {
	if !p.Counted() {
		return DueItem{}, false
	}
	it = DueItem{Kind: DuePlanItem, Ref: p.No, Dept: p.Deliverer(), Due: atTime(cal, p.Due.AddDays(1), 0, 0)}
	it.Settle(p.DoneAt, p.DoneBy, now)
	return it, true
}

var dueKindOrder = map[DueKind]int{DueForecast: 0, DueTenDay: 1, DueShortfall: 2, DuePlan: 3, DueReply: 4, DueProject: 5,
	DueCampaign: 6, DueCampaignItem: 7, DuePlanItem: 8, DuePurchase: 9}

// SortDueItems orders items by due time, then kind (forecast, ten-day,
// shortfall, plan, reply), then Ref.
func SortDueItems(items []DueItem) {
	slices.SortStableFunc(items, func(a, b DueItem) int {
		return cmp.Or(a.Due.Compare(b.Due), cmp.Compare(dueKindOrder[a.Kind], dueKindOrder[b.Kind]), cmp.Compare(a.Ref, b.Ref))
	})
}

// DueTally counts due items by state; LateBy sums how late the late and
// missing ones are.
type DueTally struct {
	OnTime  int           `json:"on_time"`
	Late    int           `json:"late"`
	Missing int           `json:"missing"`
	Pending int           `json:"pending"`
	LateBy  time.Duration `json:"late_by"`
}

// TallyDue counts items, keeping those for which keep is true (nil: all),
// e.g. one department's or one person's.
func TallyDue(items []DueItem, keep func(DueItem) bool) DueTally {
	var t DueTally
	for _, it := range items {
		if keep != nil && !keep(it) {
			continue
		}
		switch it.State {
		case DueOnTime:
			t.OnTime++
		case DueLate:
			t.Late++
			t.LateBy += it.Late
		case DueMissing:
			t.Missing++
			t.LateBy += it.Late
		default:
			t.Pending++
		}
	}
	return t
}

// Timeliness is submission timeliness (docs/DOMAIN.md#kpis): items on time
// over items due so far (on time, late or missing).
func (t DueTally) Timeliness() Ratio { return Ratio{Num: t.OnTime, Den: t.OnTime + t.Late + t.Missing} }

// DueKinds lists the kinds of deadline in board order.
var DueKinds = []DueKind{DueForecast, DueTenDay, DueShortfall, DuePlan, DueReply, DueProject, DueCampaign, DueCampaignItem, DuePlanItem, DuePurchase}

// Text is the kind's name for people.
func (k DueKind) Text() Text { return T("due.kind." + string(k)) }

// DueStates lists the states.
var DueStates = []DueState{DueOnTime, DueLate, DueMissing, DuePending}

// Text is the state's name for people.
func (s DueState) Text() Text { return T("due.state." + string(s)) }

// LateDays is how late the item is in days begun: 10 hours late is 1 day,
// 25 hours 2 days; 0 when not late.
func (it DueItem) LateDays() int {
	if it.Late <= 0 {
		return 0
	}
	return int((it.Late + 24*time.Hour - 1) / (24 * time.Hour))
}
