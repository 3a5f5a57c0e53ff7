package model

import (
	"strconv"
	"testing"
)

func TestParseQty(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int64
		key  string
	}{
		{"120", 120, ""},
		{" 7 ", 7, ""},
		{"007", 7, ""},
		{"１２", 12, ""},
		{"10000000", MaxQty, ""},
		{"", 0, "val.required"},
		{"   ", 0, "val.required"},
		{"abc", 0, "val.qty_digits"},
		{"0", 0, "val.qty_positive"},
		{"000", 0, "val.qty_positive"},
		{"-5", 0, "val.qty_positive"},
		{"－5", 0, "val.qty_positive"},
		{"-", 0, "val.qty_digits"},
		{"--5", 0, "val.qty_digits"},
		{"+5", 0, "val.qty_digits"},
		{"1.5", 0, "val.qty_digits"},
		{"1,000", 0, "val.qty_digits"},
		{"1e9", 0, "val.qty_digits"},
		{"1 000", 0, "val.qty_digits"},
		{"10000001", 0, "val.qty_max"},
		{"99999999999999999999999999", 0, "val.qty_max"},
	} {
		got, err := ParseQty(tc.in)
		if tc.key == "" {
			if err != nil || got != tc.want {
				t.Errorf("ParseQty(%q) = %d, %v; want %d", tc.in, got, err, tc.want)
			}
			continue
		}
		e, ok := err.(*Error)
		if !ok || e.Code != EINVALID || e.Text.Key != tc.key {
			t.Errorf("ParseQty(%q) error = %v; want %s", tc.in, err, tc.key)
		}
		checkTexts(t, err)
	}
}

// A form puts the parse error next to its field.
func TestParseQtyAsFieldError(t *testing.T) {
	v := Invalid{}
	_, err := ParseQty("1e9")
	v.AddErr("qty", err)
	v.AddErr("other", nil)
	if f := FieldErrors(v.Err()); len(f) != 1 || f["qty"].Key != "val.qty_digits" {
		t.Fatalf("%v", f)
	}
	if got := v.Err().(*Error).In("en"); got != "invalid input: quantity: a whole number, e.g. 120 (no decimals, signs or 1e9 notation)" {
		t.Fatalf("%q", got)
	}
}

func FuzzParseQty(f *testing.F) {
	for _, s := range []string{"120", " 7 ", "１２", "0", "-5", "1.5", "1e9", "abc", "", "10000000", "10000001", "99999999999999999999", "－１", "+1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseQty(s)
		if err != nil {
			if ErrorCode(err) != EINVALID {
				t.Fatalf("%q: code %s", s, ErrorCode(err))
			}
			return
		}
		if n < 1 || n > MaxQty {
			t.Fatalf("%q: accepted %d", s, n)
		}
		if again, err := ParseQty(strconv.FormatInt(n, 10)); err != nil || again != n {
			t.Fatalf("%q: round trip %d %v", s, again, err)
		}
	})
}

func FuzzParseWhole(f *testing.F) {
	for _, s := range []string{"0", " 7 ", "１２", "３６５", "366", "-1", "1.5", "abc", "", "99999999999999999999", "－１", "+1", "1２"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := ParseWhole(s, 0, MaxDelayDays)
		if err != nil {
			if ErrorCode(err) != EINVALID {
				t.Fatalf("%q: code %s", s, ErrorCode(err))
			}
			return
		}
		if n < 0 || n > MaxDelayDays {
			t.Fatalf("%q: accepted %d", s, n)
		}
		if again, err := ParseWhole(strconv.FormatInt(n, 10), 0, MaxDelayDays); err != nil || again != n {
			t.Fatalf("%q: round trip %d %v", s, again, err)
		}
	})
}

func TestParseDelta(t *testing.T) {
	for in, want := range map[string]int64{"+50": 50, "-20": -20, "30": 30, "－５": -5} {
		got, err := ParseDelta(in)
		if err != nil || got != want {
			t.Errorf("ParseDelta(%q) = %d, %v", in, got, err)
		}
	}
	for _, bad := range []string{"", "+", "--3", "0", "-0", "1.5", "abc", "+20000000"} {
		if _, err := ParseDelta(bad); err == nil {
			t.Errorf("ParseDelta(%q) accepted", bad)
		}
	}
}
