package model

import (
	"cmp"
	"slices"
)

// The daily shortfall table (差额表, docs/DOMAIN.md#planning).

// DefaultShortfallDays is the default horizon of the shortfall table: it
// runs from its day through this many calendar days later (today, tomorrow
// and the day after).
const DefaultShortfallDays = 2

// MaxShortfallDays bounds the configurable horizon.
const MaxShortfallDays = 31

// maxInput bounds the computed inputs of a saved row (stock may exceed
// MaxQty after several adjustments; this only keeps sums from overflowing).
const maxInput = 1 << 40

// ShortfallInput is everything ComputeShortfall needs; the store gathers it.
type ShortfallInput struct {
	Today   Date
	Through Date // last day of the horizon; zero: Today + DefaultShortfallDays
	// Lines are order lines; those that are demand are picked out here
	// (see ShortfallDemand), so passing every open line is fine.
	Lines []*OrderLine
	// TenDay is the reference (published) ten-day plan of TenDayOf(Today),
	// nil when there is none.
	TenDay []PlanCell
	// ShippedInPeriod is the quantity shipped per VariantKey on the dates
	// of TenDayOf(Today) up to and including Today.
	ShippedInPeriod map[string]int64
	// Stock is the finished-goods stock per VariantKey.
	Stock map[string]int64
	// Planned is the production per VariantKey that published production
	// plans put on the days Today..Through.
	Planned map[string]int64
}

// DemandDate is the day an order line is wanted for the shortfall table:
// its promised date, or its requested date while it has none (not answered
// yet, or sent again after a change order).
func DemandDate(l *OrderLine) Date {
	if !l.PromisedDate.IsZero() {
		return l.PromisedDate
	}
	return l.RequestedDate
}

// ShortfallDemand reports whether line l is demand for a table whose
// horizon ends on through, and how much: an open line submitted or later,
// not fully shipped, with quantity left and a DemandDate on or before
// through. Lines already overdue (DemandDate before the table's day) count:
// the goods are still owed, and dropping them would understate the need.
func ShortfallDemand(l *OrderLine, through Date) int64 {
	if !l.Status.Open() || l.Status == LineDraft || l.Status == LineShipped {
		return 0
	}
	if DemandDate(l).After(through) {
		return 0
	}
	return max(l.Qty-l.ShippedQty, 0)
}

// Prorate returns the part of a ten-day plan's remainder that falls in the
// horizon [today, through]: remainder × the calendar days of [today,
// min(through, end)] ÷ the calendar days of [today, end], rounded up, where
// end is the last day of the period. A horizon reaching the period's end
// takes the whole remainder; today after end takes nothing.
func Prorate(remainder int64, today, through, end Date) int64 {
	if remainder <= 0 || through.Before(today) || end.Before(today) {
		return 0
	}
	den := int64(today.DaysUntil(end) + 1)
	last := through
	if end.Before(last) {
		last = end
	}
	num := int64(today.DaysUntil(last) + 1)
	return (remainder*num + den - 1) / den
}

// ComputeShortfall computes the rows of the shortfall table
// (docs/DOMAIN.md#planning): per product variant,
//
//	demand    = ShortfallDemand of the order lines
//	remainder = Prorate(max(ten-day plan − shipped in its period, 0))
//	Computed  = max(demand + remainder − stock − planned, 0)
//	Surplus   = max(stock + planned − demand − remainder, 0)
//
// with Figure = Computed. There is a row for every product variant with
// any of demand, remainder, stock or planned non-zero, sorted by product
// then variant.
func ComputeShortfall(in ShortfallInput) []ShortfallRow {
	through := in.Through
	if through.IsZero() {
		through = in.Today.AddDays(DefaultShortfallDays)
	}
	rows := map[string]*ShortfallRow{}
	row := func(key string) *ShortfallRow {
		r := rows[key]
		if r == nil {
			p, v := SplitVariantKey(key)
			r = &ShortfallRow{Product: p, Variant: v}
			rows[key] = r
		}
		return r
	}
	for _, l := range in.Lines {
		if n := ShortfallDemand(l, through); n > 0 {
			row(VariantKey(l.ProductCode, l.Variant)).OrderDemand += n
		}
	}
	period := TenDayOf(in.Today)
	for key, planned := range CellTotals(in.TenDay) {
		rest := max(planned-in.ShippedInPeriod[key], 0)
		if n := Prorate(rest, in.Today, through, period.End()); n > 0 {
			row(key).PlanRemainder += n
		}
	}
	for key, n := range in.Stock {
		if n > 0 {
			row(key).Stock += n
		}
	}
	for key, n := range in.Planned {
		if n > 0 {
			row(key).Planned += n
		}
	}
	out := make([]ShortfallRow, 0, len(rows))
	for _, r := range rows {
		r.settle()
		r.Figure = r.Computed
		out = append(out, *r)
	}
	sortRows(out)
	return out
}

// settle computes Computed and Surplus from the row's inputs.
func (r *ShortfallRow) settle() {
	want := r.OrderDemand + r.PlanRemainder
	have := r.Stock + r.Planned
	r.Computed = max(want-have, 0)
	r.Surplus = max(have-want, 0)
}

// Key is the row's VariantKey.
func (r *ShortfallRow) Key() string { return VariantKey(r.Product, r.Variant) }

// Edited reports whether the published figure differs from the computed one.
func (r *ShortfallRow) Edited() bool { return r.Figure != r.Computed }

func sortRows(rows []ShortfallRow) {
	slices.SortFunc(rows, func(a, b ShortfallRow) int {
		return cmp.Or(cmp.Compare(a.Product, b.Product), cmp.Compare(a.Variant, b.Variant))
	})
}

// NewShortfall builds the draft table of in.Today (Version 0).
func NewShortfall(in ShortfallInput) *Shortfall {
	through := in.Through
	if through.IsZero() {
		through = in.Today.AddDays(DefaultShortfallDays)
	}
	in.Through = through
	return &Shortfall{Date: in.Today, Through: through, Rows: ComputeShortfall(in)}
}

// KeepEdits carries the edited figures (and reasons) of an earlier version
// of a table into freshly computed rows: a row edited before (Figure ≠
// Computed) keeps its Figure and Reason; an edited row the fresh
// computation no longer has (all its inputs are now zero) is kept with zero
// inputs when keep says its product variant still exists (keep nil: always).
// Unedited rows take the fresh figure.
func KeepEdits(fresh, old []ShortfallRow, keep func(product, variant string) bool) []ShortfallRow {
	out := slices.Clone(fresh)
	index := make(map[string]int, len(out))
	for i := range out {
		index[out[i].Key()] = i
	}
	for _, o := range old {
		if !o.Edited() {
			continue
		}
		if i, ok := index[o.Key()]; ok {
			out[i].Figure, out[i].Reason = o.Figure, o.Reason
			continue
		}
		if keep != nil && !keep(o.Product, o.Variant) {
			continue
		}
		r := ShortfallRow{Product: o.Product, Variant: o.Variant, Figure: o.Figure, Reason: o.Reason}
		out = append(out, r)
	}
	sortRows(out)
	return out
}

// Check checks a table before it is saved and tidies it: rows sorted,
// Computed and Surplus recomputed from each row's inputs (so a client
// cannot store a computed figure that does not follow from them). It needs a date, a horizon of 0..MaxShortfallDays
// days, known product variants listed once, inputs that are not negative,
// a Figure from 0 to MaxQty, and a Reason (one line, at most MaxLineText)
// wherever Figure ≠ Computed. Row problems are "row N.field", N the row's
// 1-based position as given.
func (s *Shortfall) Check(products ProductLookup) error {
	v := Invalid{}
	if s.Date.IsZero() {
		v.Add("date", "val.required")
	}
	switch {
	case s.Through.IsZero():
		v.Add("through", "val.required")
	case !s.Date.IsZero() && (s.Through.Before(s.Date) || s.Through.After(s.Date.AddDays(MaxShortfallDays))):
		v.Add("through", "val.horizon", MaxShortfallDays)
	}
	if len(s.Rows) > MaxPlanRows {
		v.Add("rows", "val.too_many_rows", MaxPlanRows)
		return v.Err()
	}
	seen := map[string]int{}
	for i := range s.Rows {
		r := &s.Rows[i]
		n := i + 1
		r.Variant = CheckVariant(v, rowField(n, ""), r.Product, r.Variant, products)
		for _, in := range []struct {
			field string
			n     int64
		}{{"order_demand", r.OrderDemand}, {"plan_remainder", r.PlanRemainder}, {"stock", r.Stock}, {"planned", r.Planned}} {
			if in.n < 0 || in.n > maxInput {
				v.Add(rowField(n, in.field), "val.whole", 0, int64(maxInput))
			}
		}
		if key := r.Key(); seen[key] > 0 {
			v.Add(rowField(n, "variant"), "val.dup_row", seen[key])
		} else {
			seen[key] = n
		}
		r.settle()
		if r.Figure != r.Computed {
			checkAmount(v, rowField(n, "figure"), r.Figure)
			ValidateText(v, rowField(n, "reason"), r.Reason, true, MaxLineText, false)
		} else {
			ValidateText(v, rowField(n, "reason"), r.Reason, false, MaxLineText, false)
		}
	}
	if err := v.Err(); err != nil {
		return err
	}
	sortRows(s.Rows)
	return nil
}

// Figures is the published need per VariantKey (rows with Figure > 0).
func (s *Shortfall) Figures() map[string]int64 {
	out := map[string]int64{}
	if s == nil {
		return out
	}
	for _, r := range s.Rows {
		if r.Figure > 0 {
			out[r.Key()] += r.Figure
		}
	}
	return out
}
