package model

import (
	"slices"
	"testing"
)

func TestSuggestPromise(t *testing.T) {
	// Thursday 2026-11-26; Sunday 11-29 is off; Tuesday 12-01 is a holiday
	// in this test's calendar.
	cal := NewCalendar(shanghai, []Date{d("2026-12-01")}, nil)
	today := d("2026-11-26")
	prod := func(capacity int64, lead int) *Product {
		p := fishTofu()
		p.DailyCapacity, p.LeadTimeDays = capacity, lead
		return p
	}
	type day = DayPlan
	// Stock taken on a Saturday ships on Monday.
	if got, err := SuggestPromise(PromiseRequest{Today: d("2026-11-28"), Cal: cal, Product: prod(1000, 0), Available: 5, Qty: 5}); err != nil || got.Date != d("2026-11-30") {
		t.Errorf("stock on Saturday: %+v %v", got, err)
	}
	for _, tc := range []struct {
		name      string
		p         *Product
		available int64
		load      map[Date]int64
		qty       int64
		date      string
		fromStock int64
		days      []DayPlan
		errKey    string
	}{
		{name: "stock covers all: next working day", p: prod(1000, 0), available: 500, qty: 500,
			date: "2026-11-27", fromStock: 500},
		{name: "stock covers more than wanted", p: prod(1000, 0), available: 500, qty: 1,
			date: "2026-11-27", fromStock: 1},
		{name: "partial stock, rest made the day after today", p: prod(1000, 0), available: 300, qty: 800,
			date: "2026-11-27", fromStock: 300, days: []day{{d("2026-11-27"), 500}}},
		{name: "already promised stock counts as none", p: prod(1000, 0), available: -50, qty: 100,
			date: "2026-11-27", days: []day{{d("2026-11-27"), 100}}},
		{name: "capacity spread over several days, Sunday skipped", p: prod(1000, 0), qty: 2500,
			date: "2026-11-30", days: []day{{d("2026-11-27"), 1000}, {d("2026-11-28"), 1000}, {d("2026-11-30"), 500}}},
		{name: "holiday skipped", p: prod(1000, 0), qty: 3500,
			date: "2026-12-02", days: []day{{d("2026-11-27"), 1000}, {d("2026-11-28"), 1000}, {d("2026-11-30"), 1000}, {d("2026-12-02"), 500}}},
		{name: "existing load reduces free capacity", p: prod(1000, 0), qty: 1000,
			load: map[Date]int64{d("2026-11-27"): 800, d("2026-11-28"): 1000, d("2026-11-29"): 9999, d("2026-11-30"): 100},
			date: "2026-11-30", days: []day{{d("2026-11-27"), 200}, {d("2026-11-30"), 800}}},
		{name: "overbooked day gives nothing", p: prod(1000, 0), qty: 10,
			load: map[Date]int64{d("2026-11-27"): 1200},
			date: "2026-11-28", days: []day{{d("2026-11-28"), 10}}},
		{name: "lead time of two working days", p: prod(1000, 2), qty: 10,
			date: "2026-11-30", days: []day{{d("2026-11-30"), 10}}},
		{name: "lead time across Sunday and the holiday", p: prod(1000, 3), available: 5, qty: 10,
			date: "2026-12-02", fromStock: 5, days: []day{{d("2026-12-02"), 5}}},
		{name: "zero capacity", p: prod(0, 0), qty: 10, errKey: "err.promise_no_capacity"},
		{name: "zero capacity but stock covers", p: prod(0, 0), available: 10, qty: 10, date: "2026-11-27", fromStock: 10},
		{name: "not within a year", p: prod(10, 0), qty: 10 * 400, errKey: "err.promise_horizon"},
		{name: "fully booked for a year", p: prod(1000, 0), qty: 1, load: fullYear(today, 1000), errKey: "err.promise_horizon"},
		{name: "bad qty", p: prod(1000, 0), qty: 0, errKey: "err.invalid"},
	} {
		got, err := SuggestPromise(PromiseRequest{Today: today, Cal: cal, Product: tc.p, Available: tc.available, Load: tc.load, Qty: tc.qty})
		if tc.errKey != "" {
			if e, ok := err.(*Error); !ok || e.Code != EINVALID || e.Text.Key != tc.errKey {
				t.Errorf("%s: error %v; want %s", tc.name, err, tc.errKey)
			}
			checkTexts(t, err)
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		var made int64
		for _, dp := range got.Days {
			made += dp.Qty
		}
		if got.Date != d(tc.date) || got.FromStock != tc.fromStock || got.Produced != tc.qty-tc.fromStock ||
			made != got.Produced || !slices.Equal(got.Days, tc.days) {
			t.Errorf("%s: %+v; want %s from stock %d days %v", tc.name, got, tc.date, tc.fromStock, tc.days)
		}
	}
}

func fullYear(from Date, qty int64) map[Date]int64 {
	m := map[Date]int64{}
	for i := 0; i <= 400; i++ {
		m[from.AddDays(i)] = qty
	}
	return m
}

func TestFreeCapacity(t *testing.T) {
	cal := NewCalendar(shanghai, []Date{d("2026-12-01")}, nil)
	p := fishTofu() // 1000 a day
	load := map[Date]int64{d("2026-11-27"): 300, d("2026-11-28"): 1500}
	got := FreeCapacity(d("2026-11-26"), cal, p, load, 4)
	want := []DayPlan{{d("2026-11-27"), 700}, {d("2026-11-28"), 0}, {d("2026-11-30"), 1000}, {d("2026-12-02"), 1000}}
	if !slices.Equal(got, want) {
		t.Fatalf("%v; want %v", got, want)
	}
	if got := FreeCapacity(d("2026-11-26"), cal, p, nil, 0); len(got) != 0 {
		t.Fatalf("n=0: %v", got)
	}
}
