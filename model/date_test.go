package model

import (
	"encoding/json"
	"testing"
	"time"
)

func d(s string) Date {
	v, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return v
}

func TestParseDate(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Date
		key  string
	}{
		{"2026-10-01", Date{2026, 10, 1}, ""},
		{" 2026-1-5 ", Date{2026, 1, 5}, ""},
		{"2026/10/01", Date{2026, 10, 1}, ""},
		{"2026.12.31", Date{2026, 12, 31}, ""},
		{"２０２６－１０－０１", Date{2026, 10, 1}, ""},
		{"2028-02-29", Date{2028, 2, 29}, ""},
		{"", Date{}, "val.required"},
		{"abc", Date{}, "val.date_format"},
		{"2026-10", Date{}, "val.date_format"},
		{"2026-10-01-01", Date{}, "val.date_format"},
		{"2026-10/01", Date{}, "val.date_format"},
		{"26-10-01", Date{}, "val.date_format"},
		{"2026-010-01", Date{}, "val.date_format"},
		{"2026-+1-01", Date{}, "val.date_format"},
		{"20261001", Date{}, "val.date_format"},
		{"2026-10-01 08:00", Date{}, "val.date_format"},
		{"0001-01-01", Date{}, "val.date_year"},
		{"2026-02-30", Date{}, "val.date_impossible"},
		{"2027-02-29", Date{}, "val.date_impossible"},
		{"2026-13-01", Date{}, "val.date_impossible"},
		{"2026-00-10", Date{}, "val.date_impossible"},
		{"2026-04-31", Date{}, "val.date_impossible"},
		{"2026-04-00", Date{}, "val.date_impossible"},
	} {
		got, err := ParseDate(tc.in)
		if tc.key == "" {
			if err != nil || got != tc.want {
				t.Errorf("ParseDate(%q) = %v, %v; want %v", tc.in, got, err, tc.want)
			}
			continue
		}
		e, ok := err.(*Error)
		if !ok || e.Code != EINVALID || e.Text.Key != tc.key {
			t.Errorf("ParseDate(%q) error = %v; want %s", tc.in, err, tc.key)
		}
		checkTexts(t, err)
	}
}

func TestDateArithmetic(t *testing.T) {
	if got := d("2026-12-31").AddDays(1); got != d("2027-01-01") {
		t.Errorf("AddDays = %v", got)
	}
	if got := d("2026-03-01").AddDays(-1); got != d("2026-02-28") {
		t.Errorf("AddDays back = %v", got)
	}
	if got := NewDate(2026, 2, 30); got != d("2026-03-02") {
		t.Errorf("NewDate normalises: %v", got)
	}
	if got := d("2026-11-26").Weekday(); got != time.Thursday {
		t.Errorf("Weekday = %v", got)
	}
	if n := d("2026-03-01").DaysUntil(d("2026-03-31")); n != 30 {
		t.Errorf("DaysUntil = %d", n)
	}
	if !d("2026-01-31").Before(d("2026-02-01")) || d("2026-02-01").Before(d("2026-02-01")) || !d("2027-01-01").After(d("2026-12-31")) {
		t.Error("Before/After")
	}
	// Midnight in the factory zone is the instant the day starts there.
	sh, _ := time.LoadLocation("Asia/Shanghai")
	if got := d("2026-11-26").In(sh).UTC(); !got.Equal(time.Date(2026, 11, 25, 16, 0, 0, 0, time.UTC)) {
		t.Errorf("In = %v", got)
	}
	if (Date{}).String() != "" || d("2026-01-05").String() != "2026-01-05" {
		t.Error("String")
	}
}

func TestDateJSON(t *testing.T) {
	type rec struct {
		A Date           `json:"a"`
		B Date           `json:"b,omitzero"`
		M map[Date]int64 `json:"m"`
	}
	in := rec{A: d("2026-10-01"), M: map[Date]int64{d("2026-11-27"): 5}}
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != `{"a":"2026-10-01","m":{"2026-11-27":5}}` {
		t.Fatalf("json %s", b)
	}
	var out rec
	if err := json.Unmarshal(b, &out); err != nil || out.A != in.A || out.M[d("2026-11-27")] != 5 {
		t.Fatalf("round trip %+v %v", out, err)
	}
	if err := json.Unmarshal([]byte(`{"a":"2026-02-30"}`), &out); err == nil {
		t.Fatal("impossible date decoded")
	}
}

func TestParseDates(t *testing.T) {
	ds, err := ParseDates("2026-10-01, 2026-10-02，2026-10-03")
	if err != nil || len(ds) != 3 || ds[2] != d("2026-10-03") {
		t.Fatalf("%v %v", ds, err)
	}
	if _, err := ParseDates("2026-10-01,2026-10-32"); err == nil {
		t.Fatal("bad list accepted")
	}
}

func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-10-01", "2026/1/5", "２０２６－１０－０１", "2026-02-30", "2026-13-01", "abc", "", "9999-99-99", "2026-10-01-", "-2026-1-1", " 2028.2.29 "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseDate(s)
		if err != nil {
			if ErrorCode(err) != EINVALID {
				t.Fatalf("%q: code %s", s, ErrorCode(err))
			}
			return
		}
		if got.IsZero() || got.Y < MinYear || got.Y > MaxYear || NewDate(got.Y, got.M, got.D) != got {
			t.Fatalf("%q: accepted bad date %+v", s, got)
		}
		if again, err := ParseDate(got.String()); err != nil || again != got {
			t.Fatalf("%q: round trip %v %v", s, again, err)
		}
	})
}
