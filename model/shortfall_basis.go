package model

import (
	"slices"
	"time"
)

// ShortfallBasis explains one row of a shortfall table: the records each of
// its inputs is drawn from, computed by the same rules as the table
// (ShortfallDemand, Prorate, settle), so every figure of the row can be
// followed back to an order line, a plan cell, a shipment or a stock count.
type ShortfallBasis struct {
	Date    Date `json:"date"`
	Through Date `json:"through"`
	// Row is the table's row: the saved one when the table is saved (its
	// inputs as they were at Saved), else the draft computed now.
	Row   ShortfallRow `json:"row"`
	Saved time.Time    `json:"saved,omitzero"` // when the table's figures were taken; zero for a draft
	// Now is the row recomputed from the records below, at At.
	Now ShortfallRow `json:"now"`
	At  time.Time    `json:"at"`

	// Lines are the order lines counted as demand, by demand date.
	Lines []DemandLine `json:"lines"`
	// The ten-day plan remainder: the reference plan of Period for the
	// variant, what was shipped in the period up to Date, the rest, and the
	// share of the rest falling in the horizon (Days of DaysLeft calendar
	// days, rounded up).
	Period     Period `json:"period"`
	HasPlan    bool   `json:"has_plan"` // a published ten-day plan exists
	PlanQty    int64  `json:"plan_qty"`
	Shipped    int64  `json:"shipped"`
	Rest       int64  `json:"rest"`
	Days       int    `json:"days"`
	DaysLeft   int    `json:"days_left"`
	StockSaved int64  `json:"stock_saved"` // stock as of Saved (the ledger's balance then)
	// Planned lists the published production plans of the horizon's days
	// that make the variant.
	Planned []PlannedDay `json:"planned"`
}

// DemandLine is an order line counted as demand in a shortfall table.
type DemandLine struct {
	LineID   uint64     `json:"line_id"`
	OrderID  uint64     `json:"order_id"`
	OrderNo  string     `json:"order_no"`
	LineNo   int        `json:"line_no"`
	Customer string     `json:"customer"`
	Status   LineStatus `json:"status"`
	Date     Date       `json:"date"`     // DemandDate
	Promised bool       `json:"promised"` // Date is a promise, not the requested date
	Qty      int64      `json:"qty"`      // left to ship
}

// PlannedDay is one production day's planned quantity of a variant.
type PlannedDay struct {
	Date Date  `json:"date"`
	Qty  int64 `json:"qty"`
}

// ExplainShortfall builds the basis of the row of key in the table of
// in.Today: the demand lines (without order numbers or customers, which the
// caller fills in), the ten-day remainder and its proration, stock and the
// planned days (planned, the published production of each horizon day for
// key). Now is the row these give.
func ExplainShortfall(in ShortfallInput, key string, planned []PlannedDay) ShortfallBasis {
	through := in.Through
	if through.IsZero() {
		through = in.Today.AddDays(DefaultShortfallDays)
	}
	p, v := SplitVariantKey(key)
	b := ShortfallBasis{Date: in.Today, Through: through, Period: TenDayOf(in.Today), Lines: []DemandLine{}, Planned: []PlannedDay{}}
	now := ShortfallRow{Product: p, Variant: v}
	for _, l := range in.Lines {
		if VariantKey(l.ProductCode, l.Variant) != key {
			continue
		}
		if n := ShortfallDemand(l, through); n > 0 {
			b.Lines = append(b.Lines, DemandLine{LineID: l.ID, OrderID: l.OrderID, LineNo: l.LineNo, Status: l.Status,
				Date: DemandDate(l), Promised: !l.PromisedDate.IsZero(), Qty: n})
			now.OrderDemand += n
		}
	}
	slices.SortStableFunc(b.Lines, func(a, c DemandLine) int { return a.Date.Compare(c.Date) })
	b.HasPlan = in.TenDay != nil
	b.PlanQty = CellTotals(in.TenDay)[key]
	b.Shipped = in.ShippedInPeriod[key]
	b.Rest = max(b.PlanQty-b.Shipped, 0)
	end := b.Period.End()
	if !end.Before(in.Today) {
		b.DaysLeft = in.Today.DaysUntil(end) + 1
		last := through
		if end.Before(last) {
			last = end
		}
		b.Days = in.Today.DaysUntil(last) + 1
	}
	now.PlanRemainder = Prorate(b.Rest, in.Today, through, end)
	now.Stock = max(in.Stock[key], 0)
	for _, d := range planned {
		if d.Qty > 0 {
			b.Planned = append(b.Planned, d)
		}
	}
	slices.SortFunc(b.Planned, func(a, c PlannedDay) int { return a.Date.Compare(c.Date) })
	now.Planned = max(in.Planned[key], 0)
	now.settle()
	now.Figure = now.Computed
	b.Now = now
	return b
}
