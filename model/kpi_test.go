package model

import (
	"testing"
	"time"
)

func TestRatio(t *testing.T) {
	if _, ok := (Ratio{}).Value(); ok {
		t.Error("no data reported as a value")
	}
	if v, ok := (Ratio{3, 4}).Value(); !ok || v != 0.75 {
		t.Errorf("%v %v", v, ok)
	}
	m := MonthOf(d("2026-02-14"))
	if m.First() != d("2026-02-01") || m.Last() != d("2026-02-28") || m.String() != "2026-02" || !m.Contains(d("2026-02-28")) || m.Contains(d("2026-03-01")) {
		t.Errorf("month %v", m)
	}
}

func TestReplyTimeliness(t *testing.T) {
	due := at("2026-11-28 00:00")
	line := func(replied string) *OrderLine {
		l := &OrderLine{ReplyDue: due}
		if replied != "" {
			l.RepliedAt = at(replied)
		}
		return l
	}
	nov := Month{2026, time.November}
	for _, tc := range []struct {
		name  string
		lines []*OrderLine
		want  Ratio
	}{
		{"none", nil, Ratio{0, 0}},
		{"unanswered lines are not counted", []*OrderLine{line("")}, Ratio{0, 0}},
		{"on time and late", []*OrderLine{line("2026-11-27 10:00"), line("2026-11-27 23:59"), line("2026-11-28 00:00"), line("2026-11-29 09:00")}, Ratio{2, 4}},
		// 2026-12-01 07:00 in Shanghai is still 2026-11-30 in UTC: the factory zone decides the month.
		{"other month", []*OrderLine{line("2026-10-31 10:00"), line("2026-12-01 07:00")}, Ratio{0, 0}},
		{"first second of the month", []*OrderLine{line("2026-11-01 00:00")}, Ratio{1, 1}},
	} {
		if got := ReplyTimeliness(tc.lines, nov, shanghai); got != tc.want {
			t.Errorf("%s: %+v; want %+v", tc.name, got, tc.want)
		}
	}
}

func TestOTIF(t *testing.T) {
	line := func(promised string, qty int64, status LineStatus, ships ...Shipment) *OrderLine {
		l := &OrderLine{Qty: qty, Status: status, Shipments: ships}
		if promised != "" {
			l.PromisedDate = d(promised)
		}
		return l
	}
	ship := func(qty int64, date string) Shipment { return Shipment{Qty: qty, Date: d(date)} }
	nov := Month{2026, time.November}
	lines := []*OrderLine{
		line("2026-11-10", 100, LineClosed, ship(100, "2026-11-10")),                         // in full, on time
		line("2026-11-12", 100, LineClosed, ship(60, "2026-11-08"), ship(40, "2026-11-12")),  // in full in two parts
		line("2026-11-12", 100, LineShipped, ship(60, "2026-11-12"), ship(40, "2026-11-13")), // late remainder
		line("2026-11-15", 100, LineClosed, ship(90, "2026-11-15")),                          // closed short
		line("2026-11-20", 100, LineInProduction),                                            // due, not shipped
		line("2026-11-20", 100, LineCancelled),                                               // cancelled: not due
		line("2026-11-28", 100, LineAnswered),                                                // after asOf: not yet due
		line("2026-12-01", 100, LineClosed, ship(100, "2026-11-30")),                         // due next month
		line("", 100, LineSent),                                                              // not promised
	}
	if got, want := OTIF(lines, nov, d("2026-11-25")), (Ratio{2, 5}); got != want {
		t.Errorf("OTIF to 11-25: %+v; want %+v", got, want)
	}
	if got, want := OTIF(lines, nov, Date{}), (Ratio{2, 6}); got != want {
		t.Errorf("OTIF whole month: %+v; want %+v", got, want)
	}
	if got, want := PlanCompletion(lines, nov, Date{}), OTIF(lines, nov, Date{}); got != want {
		t.Errorf("PlanCompletion %+v differs from OTIF %+v", got, want)
	}
	if got := OTIF(nil, nov, Date{}); got != (Ratio{}) {
		t.Errorf("empty: %+v", got)
	}
}
