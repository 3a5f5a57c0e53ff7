package model

import "time"

// Ratio is a KPI as counted: Num of Den. Den == 0 means "no data", which is
// not the same as 0 %.
type Ratio struct {
	Num int `json:"num"`
	Den int `json:"den"`
}

// Value is Num/Den; ok is false when there is no data (Den == 0).
func (r Ratio) Value() (v float64, ok bool) {
	if r.Den == 0 {
		return 0, false
	}
	return float64(r.Num) / float64(r.Den), true
}

// Month is a calendar month (a KPI period) in the factory's zone.
type Month struct {
	Year  int
	Month time.Month
}

// MonthOf is the month of d.
func MonthOf(d Date) Month { return Month{d.Y, d.M} }

// Contains reports whether d falls in m.
func (m Month) Contains(d Date) bool { return d.Y == m.Year && d.M == m.Month }

// First is the first day of m.
func (m Month) First() Date { return NewDate(m.Year, m.Month, 1) }

// Last is the last day of m.
func (m Month) Last() Date { return NewDate(m.Year, m.Month+1, 0) }

// String formats m as 2006-01.
func (m Month) String() string { return m.First().String()[:7] }

// ReplyTimeliness is the order reply timeliness of month m (交期答复及时率):
// lines whose first reply to their current sending (answer, unclear or risk
// flag, RepliedAt) fell in m, in the factory zone loc, and came before
// ReplyDue, over all lines so replied in m. A line changed and re-answered
// counts for its latest sending.
func ReplyTimeliness(lines []*OrderLine, m Month, loc *time.Location) Ratio {
	var r Ratio
	for _, l := range lines {
		if l.RepliedAt.IsZero() || !m.Contains(DateOf(l.RepliedAt.In(loc))) {
			continue
		}
		r.Den++
		if !l.ReplyDue.IsZero() && l.RepliedAt.Before(l.ReplyDue) {
			r.Num++
		}
	}
	return r
}

// OTIF is on-time-in-full delivery for month m: of the lines due in m
// (promised date in m and not after asOf; cancelled lines excluded), those
// whose shipments dated on or before the promised date add up to the full
// quantity. asOf (usually today) keeps lines not yet due out of the current
// month; the zero Date means no cut-off. A line closed short is due and not
// in full.
func OTIF(lines []*OrderLine, m Month, asOf Date) Ratio {
	var r Ratio
	for _, l := range lines {
		if l.Status == LineCancelled || l.PromisedDate.IsZero() || !m.Contains(l.PromisedDate) ||
			!asOf.IsZero() && l.PromisedDate.After(asOf) {
			continue
		}
		r.Den++
		if l.shippedBy(l.PromisedDate) >= l.Qty {
			r.Num++
		}
	}
	return r
}

// PlanCompletion is production's order plan completion rate (订单计划完成率,
// docs/DOMAIN.md#kpis): lines delivered in full by the promised date over lines
// due. By that definition it is the same count as OTIF; it has its own name
// so each panel says what it shows.
func PlanCompletion(lines []*OrderLine, m Month, asOf Date) Ratio { return OTIF(lines, m, asOf) }

// shippedBy is the quantity shipped on or before d.
func (l *OrderLine) shippedBy(d Date) int64 {
	var n int64
	for _, s := range l.Shipments {
		if !s.Date.After(d) {
			n += s.Qty
		}
	}
	return n
}
