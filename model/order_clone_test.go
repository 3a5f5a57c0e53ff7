package model

import "testing"

// A clone of an order shares nothing with it: changing the clone's lines,
// their history or shipments leaves the original as it was (the store hands
// clones of one shared read to every session).
func TestOrderCloneSharesNothing(t *testing.T) {
	o := &Order{ID: 1, No: "SO-1", Lines: []OrderLine{{ID: 7, Qty: 10,
		History:   []LineEvent{{Text: "first"}},
		Shipments: []Shipment{{Qty: 4}}}}}
	c := o.Clone()
	c.No = "SO-2"
	c.Lines[0].Qty = 99
	c.Lines[0].History[0].Text = "changed"
	c.Lines[0].Shipments[0].Qty = 9
	c.Lines = append(c.Lines, OrderLine{ID: 8})
	l := o.Lines[0].Clone()
	l.History = append(l.History, LineEvent{Text: "more"})
	if o.No != "SO-1" || len(o.Lines) != 1 || o.Lines[0].Qty != 10 || o.Lines[0].History[0].Text != "first" ||
		o.Lines[0].Shipments[0].Qty != 4 || len(o.Lines[0].History) != 1 {
		t.Fatalf("the original changed with its clone: %+v", o)
	}
}
