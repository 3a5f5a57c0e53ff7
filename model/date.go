package model

import (
	"cmp"
	"errors"
	"fmt"
	"strings"
	"time"
)

// Date is a civil date (年-月-日) with no time of day and no zone: requested,
// promised, shipment and holiday dates are dates, not instants. The zero
// Date means "no date". Dates built by ParseDate, DateOf, NewDate and
// AddDays are always normalised, so == and map keys work.
type Date struct {
	Y int
	M time.Month
	D int
}

// Years ParseDate accepts.
const (
	MinYear = 1900
	MaxYear = 2999
)

// NewDate returns the date y-m-d, normalised the way time.Date normalises
// (2026-02-30 becomes 2026-03-02).
func NewDate(y int, m time.Month, d int) Date {
	return DateOf(time.Date(y, m, d, 0, 0, 0, 0, time.UTC))
}

// DateOf is the date of t in t's own location; use Calendar.DateOf for the
// factory's date of an instant.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// IsZero reports whether d is the zero Date (no date).
func (d Date) IsZero() bool { return d == Date{} }

// String formats d as 2006-01-02; the zero Date is "".
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Y, int(d.M), d.D)
}

// In is the midnight that starts d in loc.
func (d Date) In(loc *time.Location) time.Time {
	return time.Date(d.Y, d.M, d.D, 0, 0, 0, 0, loc)
}

// AddDays returns d moved by n calendar days.
func (d Date) AddDays(n int) Date { return DateOf(time.Date(d.Y, d.M, d.D+n, 0, 0, 0, 0, time.UTC)) }

// Weekday is the day of the week of d.
func (d Date) Weekday() time.Weekday { return d.In(time.UTC).Weekday() }

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int {
	switch {
	case d.Y != e.Y:
		return cmp.Compare(d.Y, e.Y)
	case d.M != e.M:
		return cmp.Compare(int(d.M), int(e.M))
	default:
		return cmp.Compare(d.D, e.D)
	}
}

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }

// DaysUntil is the number of calendar days from d to e (negative if e is earlier).
func (d Date) DaysUntil(e Date) int {
	return int(e.In(time.UTC).Sub(d.In(time.UTC)).Hours() / 24)
}

// MarshalText writes 2006-01-02 ("" for the zero Date), so dates are
// readable in JSON records and usable as JSON map keys.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads what MarshalText writes.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// ParseDate reads a date typed or imported as year-month-day: 2026-10-01,
// 2026-10-1, 2026/10/01 or 2026.10.01, with ASCII or full-width digits and
// surrounding spaces. Impossible dates (2026-02-30, 2026-13-01) are refused.
// Errors are EINVALID *Error values whose Text suits a form field.
func ParseDate(s string) (Date, error) {
	s = strings.TrimSpace(toHalfWidth(s))
	if s == "" {
		return Date{}, Errorf(EINVALID, "val.required")
	}
	bad := Errorf(EINVALID, "val.date_format")
	sep := strings.IndexAny(s, "-/.")
	if sep < 0 {
		return Date{}, bad
	}
	parts := strings.Split(s, s[sep:sep+1])
	if len(parts) != 3 || len(parts[0]) != 4 || len(parts[1]) < 1 || len(parts[1]) > 2 || len(parts[2]) < 1 || len(parts[2]) > 2 {
		return Date{}, bad
	}
	var n [3]int
	for i, p := range parts {
		for _, r := range p {
			if r < '0' || r > '9' {
				return Date{}, bad
			}
			n[i] = n[i]*10 + int(r-'0')
		}
	}
	if n[0] < MinYear || n[0] > MaxYear {
		return Date{}, Errorf(EINVALID, "val.date_year", MinYear, MaxYear)
	}
	d := Date{n[0], time.Month(n[1]), n[2]}
	if n[1] < 1 || n[1] > 12 || n[2] < 1 || NewDate(d.Y, d.M, d.D) != d {
		return Date{}, Errorf(EINVALID, "val.date_impossible", s)
	}
	return d, nil
}

// ParseDates reads a comma- or space-separated list of dates (a holiday list
// in a setting or flag).
func ParseDates(s string) ([]Date, error) {
	var out []Date
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '，' || r == ' ' || r == '\t' || r == '\n' }) {
		d, err := ParseDate(f)
		if err != nil {
			return nil, err
		}
		out = append(out, d)
	}
	return out, nil
}

// toHalfWidth maps full-width digits and date separators (as typed with a
// Chinese input method) to ASCII.
func toHalfWidth(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= '０' && r <= '９':
			return r - '０' + '0'
		case r == '－':
			return '-'
		case r == '／':
			return '/'
		case r == '．':
			return '.'
		}
		return r
	}, s)
}

// AddErr records err's message for field: the Text of a domain *Error (as
// returned by ParseQty and ParseDate), a generic internal message otherwise.
func (v Invalid) AddErr(field string, err error) {
	if err == nil {
		return
	}
	var e *Error
	if errors.As(err, &e) {
		if _, ok := v[field]; !ok {
			v[field] = e.Text
		}
		return
	}
	v.Add(field, "err.internal")
}
