package model

import "time"

// Calendar is the factory's working-day calendar (docs/DOMAIN.md#time):
// its time zone, its working week (default Monday–Saturday), public holidays
// that fall on working weekdays, and make-up working days (调休) that fall
// outside the working week. A Calendar is read-only once built; build a new
// one when the settings change.
type Calendar struct {
	Loc      *time.Location
	Workweek [7]bool       // indexed by time.Weekday
	Holidays map[Date]bool // days off although on the working week
	Makeup   map[Date]bool // days worked although off the working week
}

// maxScan bounds every search for a working day, so a calendar with no
// working days cannot loop forever.
const maxScan = 3660

// NewCalendar returns a Monday–Saturday calendar for loc (UTC if nil) with
// the given holidays and make-up working days.
func NewCalendar(loc *time.Location, holidays, makeup []Date) *Calendar {
	if loc == nil {
		loc = time.UTC
	}
	c := &Calendar{Loc: loc, Holidays: map[Date]bool{}, Makeup: map[Date]bool{}}
	for wd := time.Monday; wd <= time.Saturday; wd++ {
		c.Workweek[wd] = true
	}
	for _, d := range holidays {
		c.Holidays[d] = true
	}
	for _, d := range makeup {
		c.Makeup[d] = true
	}
	return c
}

func (c *Calendar) loc() *time.Location {
	if c.Loc == nil {
		return time.UTC
	}
	return c.Loc
}

// DateOf is the factory's date at instant t.
func (c *Calendar) DateOf(t time.Time) Date { return DateOf(t.In(c.loc())) }

// IsWorkingDay reports whether d is worked: a make-up day always is, a
// holiday never is, otherwise the working week decides.
func (c *Calendar) IsWorkingDay(d Date) bool {
	switch {
	case c.Makeup[d]:
		return true
	case c.Holidays[d]:
		return false
	}
	return c.Workweek[d.Weekday()]
}

// NextWorkingDay is the first working day strictly after d (the zero Date
// if there is none within ten years: a calendar without working days).
func (c *Calendar) NextWorkingDay(d Date) Date {
	for i := 1; i <= maxScan; i++ {
		if n := d.AddDays(i); c.IsWorkingDay(n) {
			return n
		}
	}
	return Date{}
}

// PrevWorkingDay is the last working day strictly before d (zero if none
// within ten years).
func (c *Calendar) PrevWorkingDay(d Date) Date {
	for i := 1; i <= maxScan; i++ {
		if p := d.AddDays(-i); c.IsWorkingDay(p) {
			return p
		}
	}
	return Date{}
}

// AddWorkingDays moves d by n working days: n = 0 returns d itself (worked
// or not), n > 0 the n-th working day after d, n < 0 the |n|-th before.
func (c *Calendar) AddWorkingDays(d Date, n int) Date {
	for ; n > 0 && !d.IsZero(); n-- {
		d = c.NextWorkingDay(d)
	}
	for ; n < 0 && !d.IsZero(); n++ {
		d = c.PrevWorkingDay(d)
	}
	return d
}

// WorkingDaysBetween counts the working days in (a, b]: after a, up to and
// including b, so that AddWorkingDays(a, WorkingDaysBetween(a, b)) == b when
// b is a working day. It is negative when b is before a.
func (c *Calendar) WorkingDaysBetween(a, b Date) int {
	if b.Before(a) {
		return -c.WorkingDaysBetween(b, a)
	}
	n := 0
	for d := a.AddDays(1); !d.After(b); d = d.AddDays(1) {
		if c.IsWorkingDay(d) {
			n++
		}
	}
	return n
}

// EndOfNextWorkingDay is the reply deadline for an order line sent to
// production at t (交期答复: by the end of the next working day). It returns
// the midnight, in the factory zone, that ends the first working day after
// t's date: a reply is on time if it is made strictly before this instant.
func (c *Calendar) EndOfNextWorkingDay(t time.Time) time.Time {
	next := c.NextWorkingDay(c.DateOf(t))
	if next.IsZero() {
		return time.Time{}
	}
	return next.AddDays(1).In(c.loc())
}

// Validate checks a calendar built from settings: it needs a zone and at
// least one working weekday.
func (c *Calendar) Validate() error {
	v := Invalid{}
	if c.Loc == nil {
		v.Add("tz", "val.required")
	}
	worked := false
	for _, w := range c.Workweek {
		worked = worked || w
	}
	if !worked {
		v.Add("workweek", "val.no_workdays")
	}
	return v.Err()
}
