package model

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"xietong/i18n"
)

// Periods of plans (docs/DOMAIN.md#planning). A forecast covers a month
// and is due by the end of the 22nd of the month before; a ten-day plan
// covers days 1–10, 11–20 or 21–end of a month and is due by the end of the
// 28th of the month before (part 1), the 8th (part 2) or the 18th (part 3)
// of its month.
//
// Due days are dates, not working days: a due day that falls on a Sunday or
// a holiday does not move (the rules name days of the month, and the order
// specialist can publish early; docs/DOMAIN.md#deadlines). Only the daily
// deadlines (shortfall, production plan) follow the working calendar.

// Due days of the month for plans.
const (
	ForecastDueDay = 22 // of the month before
	TenDay1DueDay  = 28 // of the month before
	TenDay2DueDay  = 8
	TenDay3DueDay  = 18
)

// ParseMonth reads a month typed as 2026-12, 2026-1, 2026/12 or 2026.12
// (ASCII or full-width digits, spaces around ignored).
func ParseMonth(s string) (Month, error) {
	s = strings.TrimSpace(toHalfWidth(s))
	if s == "" {
		return Month{}, Errorf(EINVALID, "val.required")
	}
	y, m, ok := splitYearMonth(s)
	if !ok {
		return Month{}, Errorf(EINVALID, "val.month_format")
	}
	return checkMonth(y, m)
}

func checkMonth(y, m int) (Month, error) {
	if y < MinYear || y > MaxYear {
		return Month{}, Errorf(EINVALID, "val.date_year", MinYear, MaxYear)
	}
	if m < 1 || m > 12 {
		return Month{}, Errorf(EINVALID, "val.month_format")
	}
	return Month{y, time.Month(m)}, nil
}

// splitYearMonth reads "YYYY<sep>M" or "YYYY<sep>MM" with sep one of - / .
func splitYearMonth(s string) (y, m int, ok bool) {
	if len(s) < 6 || len(s) > 7 || !strings.ContainsRune("-/.", rune(s[4])) {
		return 0, 0, false
	}
	y, ok1 := digits(s[:4])
	m, ok2 := digits(s[5:])
	return y, m, ok1 && ok2
}

// digits reads a non-empty run of ASCII digits.
func digits(s string) (int, bool) {
	if s == "" {
		return 0, false
	}
	n := 0
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, false
		}
		n = n*10 + int(r-'0')
	}
	return n, true
}

// MarshalText writes m as 2006-01 (the zero Month as ""), so months are
// readable in stored records and JSON output.
func (m Month) MarshalText() ([]byte, error) {
	if m == (Month{}) {
		return []byte{}, nil
	}
	return []byte(m.String()), nil
}

// UnmarshalText reads what MarshalText writes.
func (m *Month) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*m = Month{}
		return nil
	}
	v, err := ParseMonth(string(b))
	if err != nil {
		return err
	}
	*m = v
	return nil
}

// IsZero reports whether m is the zero month (none set).
func (m Month) IsZero() bool { return m == Month{} }

// AddMonths returns the month n months after m (before, for n < 0).
func (m Month) AddMonths(n int) Month {
	return MonthOf(NewDate(m.Year, m.Month+time.Month(n), 1))
}

// ParsePeriod reads the period of a plan of kind: "2026-12" for a forecast;
// "2026-12-2" or "2026-12/2" (part 1, 2 or 3) for a ten-day plan.
func ParsePeriod(kind PlanKind, s string) (Period, error) {
	s = strings.TrimSpace(toHalfWidth(s))
	if s == "" {
		return Period{}, Errorf(EINVALID, "val.required")
	}
	switch kind {
	case PlanForecast:
		m, err := ParseMonth(s)
		if err != nil {
			return Period{}, err
		}
		return Period{Kind: PlanForecast, Month: m}, nil
	case PlanTenDay:
		bad := Errorf(EINVALID, "val.tenday_format")
		i := strings.LastIndexAny(s, "-/")
		if i < 0 {
			return Period{}, bad
		}
		y, mo, ok := splitYearMonth(s[:i])
		part, okp := digits(s[i+1:])
		if !ok || !okp {
			return Period{}, bad
		}
		if part < 1 || part > 3 {
			return Period{}, Errorf(EINVALID, "val.tenday_part")
		}
		m, err := checkMonth(y, mo)
		if err != nil {
			return Period{}, err
		}
		return Period{Kind: PlanTenDay, Month: m, Part: part}, nil
	}
	return Period{}, Errorf(EINVALID, "val.plan_kind", string(kind))
}

// Valid reports whether p is a forecast month or a ten-day period 1–3 of a
// month in the accepted years.
func (p Period) Valid() bool {
	if p.Month.Year < MinYear || p.Month.Year > MaxYear || p.Month.Month < time.January || p.Month.Month > time.December {
		return false
	}
	switch p.Kind {
	case PlanForecast:
		return p.Part == 0
	case PlanTenDay:
		return p.Part >= 1 && p.Part <= 3
	}
	return false
}

// String formats p as ParsePeriod reads it: 2026-12 or 2026-12-2.
func (p Period) String() string {
	if p.Kind == PlanTenDay {
		return p.Month.String() + "-" + string(rune('0'+p.Part))
	}
	return p.Month.String()
}

// Record is p's name in the audit log and the store: "forecast/2026-12",
// "tenday/2026-12-2".
func (p Period) Record() string { return string(p.Kind) + "/" + p.String() }

// Start is the first day p covers.
func (p Period) Start() Date {
	if p.Kind == PlanTenDay && p.Part > 1 {
		return NewDate(p.Month.Year, p.Month.Month, 10*(p.Part-1)+1)
	}
	return p.Month.First()
}

// End is the last day p covers (part 3 ends on the month's last day).
func (p Period) End() Date {
	if p.Kind == PlanTenDay && p.Part < 3 {
		return NewDate(p.Month.Year, p.Month.Month, 10*p.Part)
	}
	return p.Month.Last()
}

// Contains reports whether d falls in p.
func (p Period) Contains(d Date) bool { return !d.Before(p.Start()) && !d.After(p.End()) }

// Days is the number of calendar days p covers.
func (p Period) Days() int { return p.Start().DaysUntil(p.End()) + 1 }

// TenDayOf is the ten-day period d falls in.
func TenDayOf(d Date) Period {
	part := 3
	if d.D <= 10 {
		part = 1
	} else if d.D <= 20 {
		part = 2
	}
	return Period{Kind: PlanTenDay, Month: MonthOf(d), Part: part}
}

// TenDays lists the three ten-day periods of m.
func TenDays(m Month) [3]Period {
	return [3]Period{{PlanTenDay, m, 1}, {PlanTenDay, m, 2}, {PlanTenDay, m, 3}}
}

// Forecast is the monthly forecast period of p's month (a ten-day plan is
// shown beside it).
func (p Period) Forecast() Period { return Period{Kind: PlanForecast, Month: p.Month} }

// Next is the period after p of the same kind.
func (p Period) Next() Period {
	if p.Kind == PlanTenDay && p.Part < 3 {
		return Period{PlanTenDay, p.Month, p.Part + 1}
	}
	n := Period{Kind: p.Kind, Month: p.Month.AddMonths(1)}
	if p.Kind == PlanTenDay {
		n.Part = 1
	}
	return n
}

// Prev is the period before p of the same kind.
func (p Period) Prev() Period {
	if p.Kind == PlanTenDay && p.Part > 1 {
		return Period{PlanTenDay, p.Month, p.Part - 1}
	}
	n := Period{Kind: p.Kind, Month: p.Month.AddMonths(-1)}
	if p.Kind == PlanTenDay {
		n.Part = 3
	}
	return n
}

// DueDay is the day p's plan is due by the end of: the 22nd of the month
// before for a forecast; the 28th of the month before, the 8th or the 18th
// for ten-day parts 1, 2 and 3. It does not move off non-working days.
func (p Period) DueDay() Date {
	prev := p.Month.AddMonths(-1)
	if p.Kind == PlanTenDay {
		switch p.Part {
		case 2:
			return NewDate(p.Month.Year, p.Month.Month, TenDay2DueDay)
		case 3:
			return NewDate(p.Month.Year, p.Month.Month, TenDay3DueDay)
		}
		return NewDate(prev.Year, prev.Month, TenDay1DueDay)
	}
	return NewDate(prev.Year, prev.Month, ForecastDueDay)
}

// Due is the instant p's plan is due: the midnight, in the factory zone,
// that ends DueDay. Publishing at or before it is on time.
func (p Period) Due(cal *Calendar) time.Time { return p.DueDay().AddDays(1).In(cal.loc()) }

// PeriodsDue lists the forecast and ten-day periods whose due day falls in
// [from, to], by due day (a forecast before a ten-day plan due the same day,
// which cannot happen with the default days).
func PeriodsDue(from, to Date) []Period {
	var out []Period
	if to.Before(from) {
		return nil
	}
	// A period is due at most one month before it starts, so the months
	// from from's month to the month after to's cover every candidate.
	last := MonthOf(to).AddMonths(1)
	for m := MonthOf(from); !m.First().After(last.First()); m = m.AddMonths(1) {
		cands := []Period{{Kind: PlanForecast, Month: m}}
		for _, t := range TenDays(m) {
			cands = append(cands, t)
		}
		for _, p := range cands {
			if d := p.DueDay(); !d.Before(from) && !d.After(to) {
				out = append(out, p)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b Period) int {
		if c := a.DueDay().Compare(b.DueDay()); c != 0 {
			return c
		}
		return strings.Compare(string(a.Kind), string(b.Kind)) // forecast first
	})
	return out
}

// Text is the kind's name for people.
func (k PlanKind) Text() Text { return T("plan.kind." + string(k)) }

// Name is the plan's name for people in lang: "2026-12 预估销量表",
// "2026-12 上旬计划".
func (p Period) Name(lang string) string {
	if p.Kind == PlanTenDay {
		return i18n.T(lang, "ui.plan.tenday_name", p.Month.String(), i18n.T(lang, fmt.Sprintf("ui.plan.part%d", p.Part)))
	}
	return i18n.T(lang, "ui.plan.forecast_name", p.Month.String())
}
