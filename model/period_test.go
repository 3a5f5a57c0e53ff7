package model

import (
	"encoding/json"
	"slices"
	"testing"
)

func TestParsePeriod(t *testing.T) {
	for _, tc := range []struct {
		kind   PlanKind
		in     string
		want   Period
		errKey string
	}{
		{PlanForecast, "2026-12", Period{PlanForecast, Month{2026, 12}, 0}, ""},
		{PlanForecast, " 2026/1 ", Period{PlanForecast, Month{2026, 1}, 0}, ""},
		{PlanForecast, "２０２６－１２", Period{PlanForecast, Month{2026, 12}, 0}, ""},
		{PlanTenDay, "2026-12-2", Period{PlanTenDay, Month{2026, 12}, 2}, ""},
		{PlanTenDay, "2026-12/3", Period{PlanTenDay, Month{2026, 12}, 3}, ""},
		{PlanTenDay, "2026-1-1", Period{PlanTenDay, Month{2026, 1}, 1}, ""},
		{PlanForecast, "", Period{}, "val.required"},
		{PlanForecast, "2026-13", Period{}, "val.month_format"},
		{PlanForecast, "2026-12-2", Period{}, "val.month_format"},
		{PlanForecast, "26-12", Period{}, "val.month_format"},
		{PlanForecast, "1800-12", Period{}, "val.date_year"},
		{PlanTenDay, "2026-12", Period{}, "val.tenday_format"},
		{PlanTenDay, "2026-12-4", Period{}, "val.tenday_part"},
		{PlanTenDay, "2026-12-0", Period{}, "val.tenday_part"},
		{PlanTenDay, "2026-12-x", Period{}, "val.tenday_format"},
		{PlanTenDay, "2026-00-1", Period{}, "val.month_format"},
		{"weekly", "2026-12", Period{}, "val.plan_kind"},
	} {
		got, err := ParsePeriod(tc.kind, tc.in)
		if tc.errKey != "" {
			if e, ok := err.(*Error); !ok || e.Code != EINVALID || e.Text.Key != tc.errKey {
				t.Errorf("%s %q: err %v, want %s", tc.kind, tc.in, err, tc.errKey)
			} else {
				checkTexts(t, err)
			}
			continue
		}
		if err != nil || got != tc.want || !got.Valid() {
			t.Errorf("%s %q = %+v, %v", tc.kind, tc.in, got, err)
		}
		if back, err := ParsePeriod(tc.kind, got.String()); err != nil || back != got {
			t.Errorf("%s: round trip %q = %+v %v", tc.in, got.String(), back, err)
		}
	}
}

func TestPeriodDays(t *testing.T) {
	for _, tc := range []struct {
		p          Period
		start, end string
		days       int
		record     string
	}{
		{Period{PlanForecast, Month{2026, 2}, 0}, "2026-02-01", "2026-02-28", 28, "forecast/2026-02"},
		{Period{PlanTenDay, Month{2026, 2}, 1}, "2026-02-01", "2026-02-10", 10, "tenday/2026-02-1"},
		{Period{PlanTenDay, Month{2026, 2}, 2}, "2026-02-11", "2026-02-20", 10, "tenday/2026-02-2"},
		{Period{PlanTenDay, Month{2026, 2}, 3}, "2026-02-21", "2026-02-28", 8, "tenday/2026-02-3"},
		{Period{PlanTenDay, Month{2028, 2}, 3}, "2028-02-21", "2028-02-29", 9, "tenday/2028-02-3"},
		{Period{PlanTenDay, Month{2026, 12}, 3}, "2026-12-21", "2026-12-31", 11, "tenday/2026-12-3"},
	} {
		if got := tc.p.Start(); got != d(tc.start) {
			t.Errorf("%v start %v", tc.p, got)
		}
		if got := tc.p.End(); got != d(tc.end) {
			t.Errorf("%v end %v", tc.p, got)
		}
		if got := tc.p.Days(); got != tc.days {
			t.Errorf("%v days %d", tc.p, got)
		}
		if got := tc.p.Record(); got != tc.record {
			t.Errorf("%v record %s", tc.p, got)
		}
		if !tc.p.Contains(d(tc.start)) || !tc.p.Contains(d(tc.end)) ||
			tc.p.Contains(d(tc.start).AddDays(-1)) || tc.p.Contains(d(tc.end).AddDays(1)) {
			t.Errorf("%v contains wrong at the edges", tc.p)
		}
		if tc.p.Kind == PlanTenDay {
			for day := tc.p.Start(); !day.After(tc.p.End()); day = day.AddDays(1) {
				if TenDayOf(day) != tc.p {
					t.Errorf("TenDayOf(%v) = %v, want %v", day, TenDayOf(day), tc.p)
				}
			}
		}
	}
}

func TestPeriodNextPrev(t *testing.T) {
	p := Period{PlanTenDay, Month{2026, 11}, 3}
	if n := p.Next(); n != (Period{PlanTenDay, Month{2026, 12}, 1}) || n.Prev() != p {
		t.Errorf("next %v", n)
	}
	f := Period{PlanForecast, Month{2026, 12}, 0}
	if n := f.Next(); n != (Period{PlanForecast, Month{2027, 1}, 0}) || n.Prev() != f {
		t.Errorf("next %v", n)
	}
	if p.Forecast() != (Period{PlanForecast, Month{2026, 11}, 0}) {
		t.Errorf("forecast of %v", p)
	}
	if got := TenDays(Month{2026, 12}); got[2].Part != 3 || got[0].Start() != d("2026-12-01") {
		t.Errorf("ten days %v", got)
	}
}

func TestPeriodDue(t *testing.T) {
	cal := testCal()
	for _, tc := range []struct {
		p   Period
		day string
	}{
		{Period{PlanForecast, Month{2026, 12}, 0}, "2026-11-22"}, // a Sunday: does not move
		{Period{PlanForecast, Month{2027, 1}, 0}, "2026-12-22"},
		{Period{PlanTenDay, Month{2026, 12}, 1}, "2026-11-28"},
		{Period{PlanTenDay, Month{2027, 1}, 1}, "2026-12-28"},
		{Period{PlanTenDay, Month{2026, 12}, 2}, "2026-12-08"},
		{Period{PlanTenDay, Month{2026, 12}, 3}, "2026-12-18"},
		{Period{PlanTenDay, Month{2026, 10}, 2}, "2026-10-08"}, // a holiday: does not move
	} {
		if got := tc.p.DueDay(); got != d(tc.day) {
			t.Errorf("%v due day %v, want %s", tc.p, got, tc.day)
		}
		want := d(tc.day).AddDays(1).In(shanghai) // the midnight ending the day
		if got := tc.p.Due(cal); !got.Equal(want) || got.Location() != shanghai {
			t.Errorf("%v due %v, want %v", tc.p, got, want)
		}
		if got := DueDay(cal, tc.p.Due(cal)); got != d(tc.day) {
			t.Errorf("%v: DueDay of due = %v", tc.p, got)
		}
	}
}

func TestPeriodsDue(t *testing.T) {
	got := PeriodsDue(d("2026-11-01"), d("2026-12-31"))
	var names []string
	for _, p := range got {
		names = append(names, p.Record()+"@"+p.DueDay().String()[5:])
	}
	want := []string{
		"tenday/2026-11-2@11-08", "tenday/2026-11-3@11-18", "forecast/2026-12@11-22", "tenday/2026-12-1@11-28",
		"tenday/2026-12-2@12-08", "tenday/2026-12-3@12-18", "forecast/2027-01@12-22", "tenday/2027-01-1@12-28",
	}
	if !slices.Equal(names, want) {
		t.Errorf("periods due\n got %v\nwant %v", names, want)
	}
	if got := PeriodsDue(d("2026-11-22"), d("2026-11-22")); len(got) != 1 || got[0].Kind != PlanForecast {
		t.Errorf("one day: %v", got)
	}
	if got := PeriodsDue(d("2026-11-23"), d("2026-11-27")); len(got) != 0 {
		t.Errorf("no due day: %v", got)
	}
	if got := PeriodsDue(d("2026-11-27"), d("2026-11-23")); got != nil {
		t.Errorf("reversed range: %v", got)
	}
}

func TestMonthText(t *testing.T) {
	p := Period{PlanTenDay, Month{2026, 12}, 2}
	raw, err := json.Marshal(p)
	if err != nil || string(raw) != `{"kind":"tenday","month":"2026-12","part":2}` {
		t.Fatalf("json %s %v", raw, err)
	}
	var back Period
	if err := json.Unmarshal(raw, &back); err != nil || back != p {
		t.Fatalf("back %+v %v", back, err)
	}
	var zero struct{ M Month }
	raw, _ = json.Marshal(zero)
	if err := json.Unmarshal(raw, &zero); err != nil || zero.M != (Month{}) {
		t.Fatalf("zero month %s %v", raw, err)
	}
	if m := (Month{2026, 1}).AddMonths(-1); m != (Month{2025, 12}) {
		t.Errorf("AddMonths %v", m)
	}
	if m := (Month{2026, 12}).AddMonths(13); m != (Month{2028, 1}) {
		t.Errorf("AddMonths %v", m)
	}
}

func FuzzParsePeriod(f *testing.F) {
	for _, s := range []string{"2026-12", "2026-12-2", "2026-12/3", "２０２６－１２", "2026-1-1", "", "x", "2026-12-", "9999-99-9"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, kind := range []PlanKind{PlanForecast, PlanTenDay} {
			p, err := ParsePeriod(kind, s)
			if err != nil {
				if ErrorCode(err) != EINVALID {
					t.Fatalf("%q: %v", s, err)
				}
				continue
			}
			if !p.Valid() || p.Kind != kind {
				t.Fatalf("%q: invalid %+v", s, p)
			}
			if back, err := ParsePeriod(kind, p.String()); err != nil || back != p {
				t.Fatalf("%q: round trip %q → %+v %v", s, p.String(), back, err)
			}
		}
		if m, err := ParseMonth(s); err == nil {
			if back, err := ParseMonth(m.String()); err != nil || back != m {
				t.Fatalf("%q: month round trip %v", s, err)
			}
		}
	})
}
