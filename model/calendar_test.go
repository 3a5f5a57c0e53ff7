package model

import (
	"testing"
	"time"
)

var shanghai = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		panic(err)
	}
	return loc
}()

// testCal is Mon–Sat in Shanghai with the 2026 National Day week off and
// Sunday 2026-09-27 worked in exchange (调休).
func testCal() *Calendar {
	var hol []Date
	for i := 0; i < 7; i++ {
		hol = append(hol, d("2026-10-01").AddDays(i))
	}
	return NewCalendar(shanghai, hol, []Date{d("2026-09-27")})
}

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, shanghai)
	if err != nil {
		panic(err)
	}
	return t
}

func TestIsWorkingDay(t *testing.T) {
	c := testCal()
	for s, want := range map[string]bool{
		"2026-11-26": true,  // Thursday
		"2026-11-28": true,  // Saturday
		"2026-11-29": false, // Sunday
		"2026-10-01": false, // holiday
		"2026-10-03": false, // holiday on a Saturday
		"2026-09-27": true,  // make-up Sunday
		"2026-10-08": true,
	} {
		if got := c.IsWorkingDay(d(s)); got != want {
			t.Errorf("IsWorkingDay(%s) = %v", s, got)
		}
	}
}

func TestNextAndAddWorkingDays(t *testing.T) {
	c := testCal()
	for _, tc := range []struct {
		from string
		n    int
		want string
	}{
		{"2026-11-26", 1, "2026-11-27"},
		{"2026-11-28", 1, "2026-11-30"}, // Sunday skipped
		{"2026-11-29", 1, "2026-11-30"}, // from a Sunday
		{"2026-09-30", 1, "2026-10-08"}, // the holiday week skipped
		{"2026-09-26", 1, "2026-09-27"}, // the make-up Sunday is worked
		{"2026-11-26", 0, "2026-11-26"},
		{"2026-11-29", 0, "2026-11-29"},
		{"2026-11-26", 3, "2026-11-30"},
		{"2026-11-30", -1, "2026-11-28"},
		{"2026-10-08", -2, "2026-09-29"},
	} {
		if got := c.AddWorkingDays(d(tc.from), tc.n); got != d(tc.want) {
			t.Errorf("AddWorkingDays(%s, %d) = %s; want %s", tc.from, tc.n, got, tc.want)
		}
	}
	if got := c.NextWorkingDay(d("2026-11-28")); got != d("2026-11-30") {
		t.Errorf("NextWorkingDay = %s", got)
	}
}

func TestWorkingDaysBetween(t *testing.T) {
	c := testCal()
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"2026-11-26", "2026-11-26", 0},
		{"2026-11-26", "2026-11-27", 1},
		{"2026-11-26", "2026-11-30", 3}, // Fri, Sat, (Sun), Mon
		{"2026-11-30", "2026-11-26", -3},
		{"2026-09-30", "2026-10-08", 1},
	} {
		if got := c.WorkingDaysBetween(d(tc.a), d(tc.b)); got != tc.want {
			t.Errorf("WorkingDaysBetween(%s, %s) = %d; want %d", tc.a, tc.b, got, tc.want)
		}
		if tc.want >= 0 && c.IsWorkingDay(d(tc.b)) {
			if got := c.AddWorkingDays(d(tc.a), tc.want); got != d(tc.b) {
				t.Errorf("AddWorkingDays inverse %s", got)
			}
		}
	}
}

func TestEndOfNextWorkingDay(t *testing.T) {
	c := testCal()
	for _, tc := range []struct{ sent, due string }{
		{"2026-11-26 09:00", "2026-11-28 00:00"}, // Thu → end of Fri
		{"2026-11-26 23:59", "2026-11-28 00:00"},
		{"2026-11-28 10:00", "2026-12-01 00:00"}, // Sat → end of Mon
		{"2026-11-29 10:00", "2026-12-01 00:00"}, // Sun → end of Mon
		{"2026-09-30 16:00", "2026-10-09 00:00"}, // before the holidays → end of 10-08
	} {
		got := c.EndOfNextWorkingDay(at(tc.sent))
		if !got.Equal(at(tc.due)) {
			t.Errorf("sent %s: due %s; want %s", tc.sent, got, tc.due)
		}
	}
	// The factory's date decides, not UTC's: 01:00 Friday in Shanghai is
	// still Thursday in UTC.
	if got := c.EndOfNextWorkingDay(at("2026-11-27 01:00").UTC()); !got.Equal(at("2026-11-29 00:00")) {
		t.Errorf("zone: %s", got)
	}
}

func TestCalendarEdges(t *testing.T) {
	var c Calendar // no working day at all
	if got := c.NextWorkingDay(d("2026-01-01")); !got.IsZero() {
		t.Errorf("NextWorkingDay on empty calendar = %s", got)
	}
	if got := c.EndOfNextWorkingDay(at("2026-01-01 00:00")); !got.IsZero() {
		t.Errorf("EndOfNextWorkingDay on empty calendar = %s", got)
	}
	err := c.Validate()
	if f := FieldErrors(err); f["tz"].Key == "" || f["workweek"].Key == "" {
		t.Errorf("Validate = %v", err)
	}
	checkTexts(t, err)
	if err := testCal().Validate(); err != nil {
		t.Error(err)
	}
}
