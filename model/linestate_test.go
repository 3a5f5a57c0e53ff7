package model

import (
	"slices"
	"testing"
	"time"
)

// newSent returns a line sent to production at now.
func newSent(t *testing.T, cal *Calendar, now time.Time) *OrderLine {
	t.Helper()
	l, err := NewLine(uSales, now, cal, LineInput{ProductCode: "P-18G", Qty: 100, RequestedDate: d("2026-12-05")}, products)
	if err != nil {
		t.Fatal(err)
	}
	l.LineNo = 1
	must(t, l.Submit(uSales, now, cal))
	must(t, l.Review(uSalesLead, now, cal))
	must(t, l.Send(uSalesLead, now, cal))
	return l
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func kinds(l *OrderLine) []EventKind {
	var out []EventKind
	for _, e := range l.History {
		out = append(out, e.Kind)
	}
	return out
}

// The order story of docs/DOMAIN.md#orders: entered, reviewed, sent; one
// line answered, the other queried; the question answered; a change order;
// re-answered; produced, shipped in two parts, closed. Every step is in the
// history.
func TestLineLifecycle(t *testing.T) {
	cal := testCal()
	now := at("2026-11-26 09:00") // Thursday
	a, b := newSent(t, cal, now), newSent(t, cal, now)
	if a.Status != LineSent || !a.SentAt.Equal(now) || !a.ReplyDue.Equal(at("2026-11-28 00:00")) || !InQueue(a) {
		t.Fatalf("sent: %+v", a)
	}

	now = at("2026-11-27 10:00")
	must(t, a.Answer(uProd, now, cal, d("2026-12-04")))
	must(t, b.MarkUnclear(uProd, now, cal, "口味写的是“麻辣”，是否为“香辣”？"))
	if a.Status != LineAnswered || a.PromisedDate != d("2026-12-04") || !a.RepliedAt.Equal(now) || InQueue(a) {
		t.Fatalf("answered: %+v", a)
	}
	if b.Status != LineUnclear || b.Question == "" || !b.RepliedAt.Equal(now) {
		t.Fatalf("unclear: %+v", b)
	}
	if _, late := ReplyState(a, at("2026-12-10 00:00")); late {
		t.Error("an on-time reply turned late later")
	}

	now = at("2026-11-28 11:00") // Saturday
	must(t, b.Clarify(uSales, now, cal, "是香辣"))
	if b.Status != LineSent || b.Question != "" || !b.RepliedAt.IsZero() || !b.ReplyDue.Equal(at("2026-12-01 00:00")) {
		t.Fatalf("clarified: %+v", b)
	}
	must(t, a.Change(uSales, now, cal, ChangeRequest{LineInput{ProductCode: "P-18G", Qty: 120, RequestedDate: d("2026-12-05")}, "客户加量"}, products))
	if a.Status != LineSent || !a.Changed || a.Qty != 120 || a.Variant != "with" || !a.PromisedDate.IsZero() || !a.RepliedAt.IsZero() {
		t.Fatalf("changed: %+v", a)
	}
	ch := a.History[len(a.History)-1]
	if ch.Kind != EvChange || ch.Before != "P-18G/with ×100 @2026-12-05" || ch.After != "P-18G/with ×120 @2026-12-05" ||
		ch.Text != "客户加量" || ch.From != LineAnswered || ch.To != LineSent || ch.By != "sales" {
		t.Fatalf("change event: %+v", ch)
	}

	now = at("2026-11-30 08:00")
	must(t, a.Answer(uProd, now, cal, d("2026-12-05")))
	must(t, a.StartProduction(uProd, now, cal))
	must(t, a.Ship(uShip, now, cal, 70, d("2026-11-30")))
	if a.Status != LineShipping || a.ShippedQty != 70 || a.Remaining() != 50 {
		t.Fatalf("partly shipped: %+v", a)
	}
	if err := a.Cancel(uSales, now, cal, "客户取消"); ErrorCode(err) != EINVALID {
		t.Fatalf("cancelled after a shipment: %v", err)
	}
	must(t, a.Ship(uShip, now, cal, 50, d("2026-11-30")))
	if a.Status != LineShipped {
		t.Fatalf("shipped: %+v", a)
	}
	must(t, a.Close(uSales, now, cal, ""))

	want := []EventKind{EvCreate, EvSubmit, EvReview, EvSend, EvAnswer, EvChange, EvAnswer, EvStart, EvShip, EvShip, EvClose}
	if got := kinds(a); !slices.Equal(got, want) {
		t.Errorf("history a: %v; want %v", got, want)
	}
	want = []EventKind{EvCreate, EvSubmit, EvReview, EvSend, EvUnclear, EvClarify}
	if got := kinds(b); !slices.Equal(got, want) {
		t.Errorf("history b: %v; want %v", got, want)
	}
	for _, e := range a.History {
		if e.At.Location() != time.UTC || e.By == "" {
			t.Errorf("event not stamped in UTC with a person: %+v", e)
		}
	}
}

func TestLineTransitionsRefused(t *testing.T) {
	cal := testCal()
	now := at("2026-11-26 09:00")
	today := cal.DateOf(now)
	type step func(l *OrderLine) error
	for _, tc := range []struct {
		name  string
		setup func(l *OrderLine) // from a sent line
		do    step
		code  string
		field string // expected field error, if any
	}{
		{"sales cannot answer", nil, func(l *OrderLine) error { return l.Answer(uSales, now, cal, today) }, EFORBIDDEN, ""},
		{"production member cannot answer", nil, func(l *OrderLine) error { return l.Answer(uShip, now, cal, today) }, EFORBIDDEN, ""},
		{"admin cannot answer", nil, func(l *OrderLine) error { return l.Answer(uAdmin, now, cal, today) }, EFORBIDDEN, ""},
		{"promise in the past", nil, func(l *OrderLine) error { return l.Answer(uProd, now, cal, today.AddDays(-1)) }, EINVALID, "promised_date"},
		{"promise missing", nil, func(l *OrderLine) error { return l.Answer(uProd, now, cal, Date{}) }, EINVALID, "promised_date"},
		{"question required", nil, func(l *OrderLine) error { return l.MarkUnclear(uProd, now, cal, "  ") }, EINVALID, "question"},
		{"risk needs a date", nil, func(l *OrderLine) error { return l.FlagRisk(uProd, now, cal, "原料未到", Date{}) }, EINVALID, "risk_date"},
		{"risk needs a reason", nil, func(l *OrderLine) error { return l.FlagRisk(uProd, now, cal, "", today) }, EINVALID, "reason"},
		{"member cannot review", nil, func(l *OrderLine) error { return l.Rank(uSales, now, cal, -1, "急") }, EFORBIDDEN, ""},
		{"rank needs a reason", nil, func(l *OrderLine) error { return l.Rank(uSalesLead, now, cal, -1, "") }, EINVALID, "reason"},
		{"rank range", nil, func(l *OrderLine) error { return l.Rank(uSalesLead, now, cal, -10, "急") }, EINVALID, "rank_adjust"},
		{"rank unchanged", nil, func(l *OrderLine) error { return l.Rank(uSalesLead, now, cal, 0, "急") }, EINVALID, "rank_adjust"},
		{"cannot send twice", nil, func(l *OrderLine) error { return l.Send(uSalesLead, now, cal) }, EINVALID, ""},
		{"no edit once sent", nil, func(l *OrderLine) error { return l.Edit(uSales, now, cal, l.Input(), products) }, EINVALID, ""},
		{"cannot ship unanswered", nil, func(l *OrderLine) error { return l.Ship(uShip, now, cal, 1, today) }, EINVALID, ""},
		{"cannot start unanswered", nil, func(l *OrderLine) error { return l.StartProduction(uProd, now, cal) }, EINVALID, ""},
		{"clarify only unclear", nil, func(l *OrderLine) error { return l.Clarify(uSales, now, cal, "x") }, EINVALID, ""},
		{"cancel needs a reason", nil, func(l *OrderLine) error { return l.Cancel(uSales, now, cal, "") }, EINVALID, "reason"},
		{"production cannot cancel", nil, func(l *OrderLine) error { return l.Cancel(uProd, now, cal, "x") }, EFORBIDDEN, ""},
		{"change needs a reason", nil, func(l *OrderLine) error {
			in := l.Input()
			in.Qty = 5
			return l.Change(uSales, now, cal, ChangeRequest{in, ""}, products)
		}, EINVALID, "reason"},
		{"change checks the new values", nil, func(l *OrderLine) error {
			in := l.Input()
			in.Qty = 0
			return l.Change(uSales, now, cal, ChangeRequest{in, "x"}, products)
		}, EINVALID, "qty"},
		{"change must change something", nil, func(l *OrderLine) error {
			return l.Change(uSales, now, cal, ChangeRequest{l.Input(), "x"}, products)
		}, EINVALID, ""},
		{"no change in production", func(l *OrderLine) {
			must(t, l.Answer(uProd, now, cal, today))
			must(t, l.StartProduction(uProd, now, cal))
		}, func(l *OrderLine) error {
			in := l.Input()
			in.Qty = 5
			return l.Change(uSales, now, cal, ChangeRequest{in, "x"}, products)
		}, EINVALID, ""},
		{"over-shipping", func(l *OrderLine) { must(t, l.Answer(uProd, now, cal, today)) },
			func(l *OrderLine) error { return l.Ship(uShip, now, cal, 101, today) }, EINVALID, "qty"},
		{"shipment in the future", func(l *OrderLine) { must(t, l.Answer(uProd, now, cal, today)) },
			func(l *OrderLine) error { return l.Ship(uShip, now, cal, 1, today.AddDays(1)) }, EINVALID, "date"},
		{"sales cannot ship", func(l *OrderLine) { must(t, l.Answer(uProd, now, cal, today)) },
			func(l *OrderLine) error { return l.Ship(uSales, now, cal, 1, today) }, EFORBIDDEN, ""},
		{"close short needs a reason", func(l *OrderLine) {
			must(t, l.Answer(uProd, now, cal, today))
			must(t, l.Ship(uShip, now, cal, 1, today))
		}, func(l *OrderLine) error { return l.Close(uSales, now, cal, "") }, EINVALID, "reason"},
		{"cannot close unshipped", nil, func(l *OrderLine) error { return l.Close(uSales, now, cal, "x") }, EINVALID, ""},
		{"cancelled is final", func(l *OrderLine) { must(t, l.Cancel(uSales, now, cal, "客户取消")) },
			func(l *OrderLine) error { return l.Cancel(uSales, now, cal, "again") }, EINVALID, ""},
	} {
		l := newSent(t, cal, now)
		if tc.setup != nil {
			tc.setup(l)
		}
		before := len(l.History)
		status := l.Status
		err := tc.do(l)
		if ErrorCode(err) != tc.code {
			t.Errorf("%s: %v; want %s", tc.name, err, tc.code)
			continue
		}
		if tc.field != "" {
			if f := fields(t, err); f[tc.field] == "" {
				t.Errorf("%s: no message on %s: %v", tc.name, tc.field, f)
			}
		} else {
			checkTexts(t, err)
		}
		if len(l.History) != before || l.Status != status {
			t.Errorf("%s: a refused step changed the line", tc.name)
		}
	}
}

func TestEditBeforeSending(t *testing.T) {
	cal := testCal()
	now := at("2026-11-26 09:00")
	l, err := NewLine(uSales, now, cal, LineInput{ProductCode: "P-18G", Qty: 100, RequestedDate: d("2026-12-05")}, products)
	must(t, err)
	must(t, l.Submit(uSales, now, cal))
	must(t, l.Review(uSalesLead, now, cal))
	in := l.Input()
	must(t, l.Edit(uSales, now, cal, in, products)) // no change: no event
	in.Variant, in.Qty = "without", 80
	must(t, l.Edit(uSales, now, cal, in, products))
	if l.Status != LineSubmitted || l.Qty != 80 || l.Variant != "without" {
		t.Fatalf("edit of a reviewed line: %+v", l)
	}
	if got := kinds(l); !slices.Equal(got, []EventKind{EvCreate, EvSubmit, EvReview, EvEdit}) {
		t.Fatalf("history %v", got)
	}
	if err := l.Edit(uSales, now, cal, LineInput{ProductCode: "P-18G", Qty: -5, RequestedDate: d("2026-12-05")}, products); fields(t, err)["qty"] == "" {
		t.Fatalf("bad edit: %v", err)
	}
}

func TestRiskAndReanswer(t *testing.T) {
	cal := testCal()
	now := at("2026-11-26 09:00")
	l := newSent(t, cal, now)
	// A risk flag instead of an answer is a reply.
	must(t, l.FlagRisk(uProd, at("2026-11-28 01:00"), cal, "设备检修", d("2026-12-10")))
	if l.Status != LineAtRisk || l.RiskDate != d("2026-12-10") {
		t.Fatalf("%+v", l)
	}
	if rem, late := ReplyState(l, at("2026-11-30 00:00")); !late || rem != -time.Hour {
		t.Fatalf("late reply: %v %v", rem, late)
	}
	must(t, l.Answer(uProd, at("2026-11-28 02:00"), cal, d("2026-12-10")))
	if l.Status != LineAnswered || l.RiskReason != "" || !l.RepliedAt.Equal(at("2026-11-28 01:00")) {
		t.Fatalf("re-answered: %+v", l)
	}
	must(t, l.StartProduction(uProd, now, cal))
	must(t, l.FlagRisk(uProd, now, cal, "原料短缺", d("2026-12-12")))
	must(t, l.Ship(uShip, now, cal, 100, d("2026-11-26")))
	if l.Status != LineShipped {
		t.Fatalf("%+v", l)
	}
}
