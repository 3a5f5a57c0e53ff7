package model

import "testing"

func TestPromiseBasis(t *testing.T) {
	d := func(day int) Date { return NewDate(2026, 11, day) }
	lines := []*OrderLine{
		{ID: 1, Variant: "mark", Qty: 300, Status: LineAnswered, PromisedDate: d(28)},
		{ID: 2, Variant: "mark", Qty: 500, Status: LineInProduction, PromisedDate: d(30)},
		{ID: 3, Variant: "plain", Qty: 100, Status: LineShipping, ShippedQty: 40, PromisedDate: d(27)},
		{ID: 4, Variant: "mark", Qty: 900, Status: LineSent},                                         // not committed
		{ID: 5, Variant: "mark", Qty: 200, Status: LineAtRisk, PromisedDate: d(27), RiskDate: d(29)}, // at risk: its new date
		{ID: 6, Variant: "mark", Qty: 50, Status: LineCancelled, PromisedDate: d(27)},                // gone
		{ID: 7, Variant: "mark", Qty: 70, Status: LineDraft},                                         // not demand yet
	}
	avail, load := PromiseBasis(map[string]int64{"mark": 400, "plain": 100}, lines)
	// mark: line 1 (28th) takes 300 of 400; line 5 (29th) takes 100 and loads 100; line 2 (30th) loads 500.
	if avail["mark"] != 0 || avail["plain"] != 40 {
		t.Fatalf("available = %v", avail)
	}
	want := map[Date]int64{d(29): 100, d(30): 500}
	if len(load) != len(want) || load[d(29)] != 100 || load[d(30)] != 500 {
		t.Fatalf("load = %v", load)
	}
	if got := OpenDemand("mark", lines); got != 300+500+900+200 {
		t.Fatalf("open demand mark = %d", got)
	}
	if got := OpenDemand("plain", lines); got != 60 {
		t.Fatalf("open demand plain = %d", got)
	}
}
