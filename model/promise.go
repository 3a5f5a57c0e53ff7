package model

import (
	"cmp"
	"slices"
)

// PromiseHorizonDays bounds SuggestPromise: a quantity that cannot be made
// within this many calendar days gets an error instead of a date.
const PromiseHorizonDays = 365

// PromiseRequest is what SuggestPromise needs to know: the product, its
// stock, the lines already in the book and what is asked.
type PromiseRequest struct {
	Today   Date
	Cal     *Calendar
	Product *Product // LeadTimeDays and DailyCapacity are used
	Stock   map[string]int64
	// Lines are the product's open lines. Committed ones (Committed) hold
	// stock and capacity before their promised dates; the unanswered ones
	// Ahead says go first (lines ahead in the reply queue) hold stock and
	// the first free capacity, in the order given, before what is asked.
	Lines   []*OrderLine
	Ahead   func(l *OrderLine) bool
	Variant string
	Qty     int64 // wanted
}

// DayPlan is the quantity planned on one production day.
type DayPlan struct {
	Date Date  `json:"date"`
	Qty  int64 `json:"qty"`
	Free int64 `json:"free,omitempty"` // in a promise: the capacity the day had free before it
}

// Promise is a suggested promise date and how it was reached, so a screen
// can explain it ("库存 150；12-07 已满；12-08 空余 200").
type Promise struct {
	Date      Date      `json:"date"`
	FromStock int64     `json:"from_stock"`
	Produced  int64     `json:"produced"`
	Days      []DayPlan `json:"days,omitempty"` // production booked for the quantity, with what each day had free
	Full      []Date    `json:"full,omitempty"` // production days passed over, already full
}

// Book is a product's stock and capacity as the lines already in the book
// hold them: the stock still free per variant, and the capacity used per
// production day.
type Book struct {
	Free map[string]int64
	Used map[Date]int64
}

// BookOf replays r.Lines against the stock and capacity of r.Product
// (docs/DOMAIN.md#orders):
//
//   - committed lines, earliest due first (the promised date, or the
//     expected date of a line at risk), take the stock of their variant;
//     what stock cannot cover is made on the working days before the due
//     date, the latest first, in the capacity left, from tomorrow on (made
//     too late to fit, it is booked on the first of those days);
//   - then the lines Ahead says go first, in their order, take stock and
//     the first free capacity from the first day production can start
//     (SuggestPromise's rule).
func BookOf(r PromiseRequest) Book {
	b := Book{Free: map[string]int64{}, Used: map[Date]int64{}}
	for v, q := range r.Stock {
		b.Free[v] = max(q, 0)
	}
	p := r.Product
	capacity := int64(0)
	if p != nil {
		capacity = max(p.DailyCapacity, 0)
	}
	due := func(l *OrderLine) Date {
		if l.Status == LineAtRisk && !l.RiskDate.IsZero() {
			return l.RiskDate
		}
		return l.PromisedDate
	}
	var committed, ahead []*OrderLine
	for _, l := range r.Lines {
		switch {
		case Committed(l):
			committed = append(committed, l)
		case r.Ahead != nil && r.Ahead(l):
			ahead = append(ahead, l)
		}
	}
	slices.SortStableFunc(committed, func(a, c *OrderLine) int {
		return cmp.Or(due(a).Compare(due(c)), cmp.Compare(a.ID, c.ID))
	})
	tomorrow := r.Cal.NextWorkingDay(r.Today)
	for _, l := range committed {
		rest := b.take(l.Variant, remaining(l))
		for d := r.Cal.PrevWorkingDay(due(l)); rest > 0 && !d.IsZero() && !d.Before(tomorrow); d = r.Cal.PrevWorkingDay(d) {
			q := min(max(capacity-b.Used[d], 0), rest)
			b.Used[d] += q
			rest -= q
		}
		if rest > 0 {
			b.Used[tomorrow] += rest // late already: it takes tomorrow's capacity first
		}
	}
	// Booking only fills days, so the days before the first one with
	// capacity left stay full: each line ahead starts there instead of
	// passing over them again.
	var from, limit Date
	if capacity > 0 {
		from, limit = b.start(r), r.Today.AddDays(PromiseHorizonDays)
	}
	for _, l := range ahead {
		rest := b.take(l.Variant, remaining(l))
		if rest == 0 || capacity == 0 {
			continue
		}
		b.book(r, from, rest, nil)
		for !from.IsZero() && !from.After(limit) && b.Used[from] >= p.DailyCapacity {
			from = r.Cal.NextWorkingDay(from)
		}
	}
	return b
}

// take takes up to qty of variant's free stock and returns what it could not.
func (b Book) take(variant string, qty int64) int64 {
	q := min(b.Free[variant], qty)
	b.Free[variant] -= q
	return qty - q
}

// start is the first day production can start: the (LeadTimeDays+1)-th
// working day after today.
func (b Book) start(r PromiseRequest) Date {
	return r.Cal.AddWorkingDays(r.Today, max(r.Product.LeadTimeDays, 0)+1)
}

// book books qty on the production days from from (a working day no
// earlier than start), each day's free capacity in turn; it returns the
// days booked and, when full is not nil, appends the full days passed over
// to it. The last day is zero when qty does not fit within
// PromiseHorizonDays.
func (b Book) book(r PromiseRequest, from Date, qty int64, full *[]Date) (days []DayPlan, last Date) {
	p := r.Product
	limit := r.Today.AddDays(PromiseHorizonDays)
	for d := from; !d.IsZero() && !d.After(limit); d = r.Cal.NextWorkingDay(d) {
		free := p.DailyCapacity - b.Used[d]
		if free <= 0 {
			if full != nil {
				*full = append(*full, d)
			}
			continue
		}
		q := min(free, qty)
		days = append(days, DayPlan{Date: d, Qty: q, Free: free})
		b.Used[d] += q
		if qty -= q; qty == 0 {
			return days, d
		}
	}
	return days, Date{}
}

// SuggestPromise suggests a promise date for r.Qty of r.Variant
// (docs/DOMAIN.md#orders), after the lines in the book (BookOf):
//
//   - Nothing ships today: today's loading is already planned. If the stock
//     left covers the quantity, the promise is the next working day.
//   - Otherwise the stock left is used and the rest is made. Production can
//     start once the lead time has passed: on the (LeadTimeDays+1)-th
//     working day after today. From then on each working day offers what
//     capacity the book leaves it, and the rest is booked day by day.
//   - Goods are made on working days before they ship, so the promise is the
//     working day after the last production day.
//
// Economic batches are a planning matter (次日生产计划) and do not move the
// promise. It is an EINVALID error if the product has no capacity or the
// quantity cannot be made within PromiseHorizonDays. Days lists each day
// booked, with what it takes and the capacity it had free.
func SuggestPromise(r PromiseRequest) (Promise, error) {
	return BookOf(r).Suggest(r)
}

// Suggest is SuggestPromise with b, the book of r (BookOf), already
// computed; the quantity suggested is booked in b.
func (b Book) Suggest(r PromiseRequest) (Promise, error) {
	if err := CheckQty(r.Qty); err != nil {
		v := Invalid{}
		v.AddErr("qty", err)
		return Promise{}, v.Err()
	}
	p := r.Product
	if p == nil {
		v := Invalid{}
		v.Add("product", "val.required")
		return Promise{}, v.Err()
	}
	stock := b.Free[r.Variant]
	if stock >= r.Qty {
		return Promise{Date: r.Cal.NextWorkingDay(r.Today), FromStock: r.Qty}, nil
	}
	if p.DailyCapacity <= 0 {
		return Promise{}, Errorf(EINVALID, "err.promise_no_capacity", p.Code)
	}
	out := Promise{FromStock: stock, Produced: r.Qty - stock}
	days, last := b.book(r, b.start(r), out.Produced, &out.Full)
	if last.IsZero() {
		return Promise{}, Errorf(EINVALID, "err.promise_horizon", r.Qty, p.Code)
	}
	out.Days, out.Date = days, r.Cal.NextWorkingDay(last)
	return out, nil
}

// FreeCapacity lists the free capacity of p (DailyCapacity less what the
// book uses, never below zero) on each of the next n working days after
// today, for the order-entry and reply screens.
func FreeCapacity(today Date, cal *Calendar, p *Product, used map[Date]int64, n int) []DayPlan {
	out := make([]DayPlan, 0, max(n, 0))
	for d := cal.NextWorkingDay(today); len(out) < n && !d.IsZero(); d = cal.NextWorkingDay(d) {
		out = append(out, DayPlan{Date: d, Qty: max(p.DailyCapacity-max(used[d], 0), 0)})
	}
	return out
}

// Reason is how a promise was reached, in lang: "库存 150；12-07 已满；
// 12-08 空余 200".
func (p Promise) Reason(lang string) string {
	parts := []Text{T("promise.why.stock", p.FromStock)}
	full := slices.Clone(p.Full)
	for _, d := range p.Days {
		// The full days passed over before this one, in date order.
		for len(full) > 0 && full[0].Before(d.Date) {
			parts = append(parts, T("promise.why.full", full[0].String()[5:]))
			full = full[1:]
		}
		parts = append(parts, T("promise.why.free", d.Date.String()[5:], d.Free))
	}
	out := ""
	for i, t := range parts {
		if i > 0 {
			out += T("promise.why.sep").In(lang)
		}
		out += t.In(lang)
	}
	return out
}
