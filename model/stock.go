package model

import "time"

// The finished-goods stock ledger (docs/DOMAIN.md#master-data): every
// change of a product variant's stock is a movement with its time, signed
// quantity, cause and who; the stock on hand is their running sum, kept as
// the balance after each movement, so the stock as of any time is the
// balance of the last movement before it.

// StockCause is why stock moved.
type StockCause string

const (
	StockProduced StockCause = "production" // the good quantity of a daily report (actual − defect), or a correction's difference
	StockShipped  StockCause = "shipment"   // an order line shipped
	StockAdjusted StockCause = "adjustment" // a correction with a reason (breakage, a mistake found)
	StockCounted  StockCause = "count"      // a stock count (盘点) sets the quantity
)

// StockCauses lists the causes in display order.
var StockCauses = []StockCause{StockProduced, StockShipped, StockAdjusted, StockCounted}

// Text is the cause's name for people.
func (c StockCause) Text() Text { return T("stock.cause." + string(c)) }

// StockMove is one movement of the ledger.
type StockMove struct {
	ProductCode string     `json:"product_code"`
	Variant     string     `json:"variant,omitempty"`
	Qty         int64      `json:"qty"`     // signed: in above zero, out below
	Balance     int64      `json:"balance"` // the stock after the movement
	Cause       StockCause `json:"cause"`
	Ref         string     `json:"ref,omitempty"` // what caused it: a report ("2026-12-03|1号线|day"), an order line ("SO-…/2")
	Reason      string     `json:"reason,omitempty"`
	By          string     `json:"by"`
	At          time.Time  `json:"at"`
}

// MaxStockMoves bounds how many recent movements one read returns.
const MaxStockMoves = 500

// GoodQty is the good quantity of every row of r (actual less defect, not
// below zero), summed per product and variant as the rows give them.
func (r *DailyReport) GoodQty() map[[2]string]int64 {
	out := map[[2]string]int64{}
	for _, row := range r.Rows {
		if g := row.Actual - row.Defect; g > 0 {
			out[[2]string{row.Product, row.Variant}] += g
		}
	}
	return out
}

// StockShort is the error for taking more than stock holds: on field,
// naming what is on hand and what was asked.
func StockShort(field, product, variant string, onHand, want int64) error {
	v := Invalid{}
	v.Add(field, "val.stock_short", VariantKey(product, variant), onHand, want)
	return v.Err()
}
