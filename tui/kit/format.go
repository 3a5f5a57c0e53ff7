package kit

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"xietong/model"
)

func FmtInt(n int64) string { return strconv.FormatInt(n, 10) }

// Until renders the time left to a deadline, or how late it is.
func (s *Session) Until(due, now time.Time) (string, bool) {
	d := due.Sub(now)
	late := d < 0
	if late {
		d = -d
	}
	txt := DurText(s, d)
	if late {
		return s.T("ui.dur.late", txt), true
	}
	return s.T("ui.dur.left", txt), false
}

// DurText words a duration, cut to whole units: 1天2小时, 3小时5分, 5分钟.
func DurText(s *Session, d time.Duration) string {
	switch {
	case d >= 24*time.Hour:
		return s.T("ui.dur.dh", int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour))
	case d >= time.Hour:
		return s.T("ui.dur.hm", int(d/time.Hour), int(d%time.Hour/time.Minute))
	}
	return s.T("ui.dur.m", int(d/time.Minute))
}

// Status renders a line status in the session's language.
func (s *Session) Status(st model.LineStatus) string { return st.Text().In(s.Lang) }

// Date renders a civil date ("" when zero).
func Date(d model.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

// Deadline formats a due instant; one at midnight is shown as 24:00 of the
// day it ends ("2026-11-28 24:00"), which is how people read "by the end of
// the 28th".
func (s *Session) Deadline(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	lt := t.In(s.Svc.Clock.Loc)
	if lt.Hour() == 0 && lt.Minute() == 0 && lt.Second() == 0 {
		return lt.Add(-time.Minute).Format("2006-01-02") + " 24:00"
	}
	return lt.Format("2006-01-02 15:04")
}

// HistChange shows what a history entry changed, before → after. A
// change of a line's input names only what changed (the quantity, the
// date, the product), so the figures fit the row.
func (s *Session) HistChange(before, after string, product func(string) *model.Product) string {
	b, okb := model.ParseLineInput(before)
	a, oka := model.ParseLineInput(after)
	if !okb || !oka || b.ProductCode != a.ProductCode || b.Variant != a.Variant {
		return s.histValue(before, product) + " → " + s.histValue(after, product)
	}
	var parts []string
	if b.Qty != a.Qty {
		parts = append(parts, fmt.Sprintf("×%d → ×%d", b.Qty, a.Qty))
	}
	if b.RequestedDate != a.RequestedDate {
		parts = append(parts, s.T("ui.hist.wanted", Date(b.RequestedDate), Date(a.RequestedDate)))
	}
	if len(parts) == 0 {
		return s.histValue(after, product)
	}
	return strings.Join(parts, s.T("ui.comma"))
}

// histValue shows a history before/after value, turning instants into the
// factory's local time and a line's input into its product's and
// variant's names (product may be nil: codes stay).
func (s *Session) histValue(v string, product func(string) *model.Product) string {
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return s.Deadline(t)
	}
	if in, ok := model.ParseLineInput(v); ok {
		name := in.ProductCode
		if product == nil {
			product = func(string) *model.Product { return nil }
		}
		if p := product(in.ProductCode); p != nil {
			name = p.Name
			if len(p.Variants) > 0 {
				name += " " + p.VariantName(p.VariantOr(in.Variant))
			}
		}
		return s.T("ui.hist.line_input", name, in.Qty, Date(in.RequestedDate))
	}
	return v
}

// Ratio renders a Ratio as "87.5% (7/8)" or "no data".
func (s *Session) Ratio(r model.Ratio) string {
	v, ok := r.Value()
	if !ok {
		return s.T("kpi.no_data")
	}
	return fmt.Sprintf("%.1f%% (%d/%d)", v*100, r.Num, r.Den)
}
