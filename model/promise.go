package model

// PromiseHorizonDays bounds SuggestPromise: a quantity that cannot be made
// within this many calendar days gets an error instead of a date.
const PromiseHorizonDays = 365

// PromiseRequest is what SuggestPromise needs to know.
type PromiseRequest struct {
	Today   Date
	Cal     *Calendar
	Product *Product // LeadTimeDays and DailyCapacity are used
	// Available is the stock on hand less the quantity already promised
	// from stock (negative counts as none).
	Available int64
	// Load is the production already promised per day for this product.
	Load map[Date]int64
	Qty  int64 // wanted
}

// DayPlan is the quantity planned on one production day.
type DayPlan struct {
	Date Date  `json:"date"`
	Qty  int64 `json:"qty"`
}

// Promise is a suggested promise date and how it was reached, so a screen
// can explain it ("300 from stock, 700 made on 11-27 and 11-28").
type Promise struct {
	Date      Date      `json:"date"`
	FromStock int64     `json:"from_stock"`
	Produced  int64     `json:"produced"`
	Days      []DayPlan `json:"days,omitempty"`
}

// SuggestPromise suggests a promise date for qty (docs/DOMAIN.md#orders:
// stock first, then free capacity by day):
//
//   - Nothing ships today: today's loading is already planned. If available
//     stock covers qty, the promise is the next working day.
//   - Otherwise the stock there is is used and the rest is made. Production
//     can start once the lead time has passed: on the (LeadTimeDays+1)-th
//     working day after today. From then on each working day offers its
//     free capacity, DailyCapacity less that day's Load, and the rest is
//     planned day by day until it is covered.
//   - Goods made on a day are loaded that evening, so the promise is the
//     last production day.
//
// Economic batches are a planning matter (次日生产计划) and do not move the
// promise. It is an EINVALID error if the product has no capacity or the
// quantity cannot be made within PromiseHorizonDays.
func SuggestPromise(r PromiseRequest) (Promise, error) {
	if err := CheckQty(r.Qty); err != nil {
		v := Invalid{}
		v.AddErr("qty", err)
		return Promise{}, v.Err()
	}
	stock := max(r.Available, 0)
	if stock >= r.Qty {
		return Promise{Date: r.Cal.NextWorkingDay(r.Today), FromStock: r.Qty}, nil
	}
	p := r.Product
	if p == nil {
		v := Invalid{}
		v.Add("product", "val.required")
		return Promise{}, v.Err()
	}
	if p.DailyCapacity <= 0 {
		return Promise{}, Errorf(EINVALID, "err.promise_no_capacity", p.Code)
	}
	out := Promise{FromStock: stock, Produced: r.Qty - stock}
	rest := out.Produced
	limit := r.Today.AddDays(PromiseHorizonDays)
	for d := r.Cal.AddWorkingDays(r.Today, max(p.LeadTimeDays, 0)+1); !d.IsZero() && !d.After(limit); d = r.Cal.NextWorkingDay(d) {
		free := p.DailyCapacity - max(r.Load[d], 0)
		if free <= 0 {
			continue
		}
		q := min(free, rest)
		out.Days = append(out.Days, DayPlan{d, q})
		if rest -= q; rest == 0 {
			out.Date = d
			return out, nil
		}
	}
	return Promise{}, Errorf(EINVALID, "err.promise_horizon", r.Qty, p.Code)
}

// FreeCapacity lists the free capacity of p (DailyCapacity less Load, never
// below zero) on each of the next n working days after today, for the
// order-entry and reply screens.
func FreeCapacity(today Date, cal *Calendar, p *Product, load map[Date]int64, n int) []DayPlan {
	out := make([]DayPlan, 0, max(n, 0))
	for d := cal.NextWorkingDay(today); len(out) < n && !d.IsZero(); d = cal.NextWorkingDay(d) {
		out = append(out, DayPlan{d, max(p.DailyCapacity-max(load[d], 0), 0)})
	}
	return out
}
