package model

import (
	"cmp"
	"slices"

	"xietong/i18n"
)

// ForecastAccuracy measures a forecast (or a ten-day plan) against what was
// shipped (docs/DOMAIN.md#kpis): with F and A the forecast and the shipped
// quantity of each product (its variants summed: the KPI is "over
// products"),
//
//	accuracy = 1 − Σ|F − A| / ΣA      bias = Σ(F − A) / ΣA
//
// overall and per product. Where ΣA = 0 there are "no actuals": OK is false
// and Value and Bias are 0, never a division by zero. Accuracy can be
// negative when the errors exceed what shipped; it is not clamped.
// actual is keyed by VariantKey (product, or product/variant); ByProduct
// lists every product with a forecast or a shipment, by code.
func ForecastAccuracy(m Month, forecast []PlanCell, actual map[string]int64) Accuracy {
	f := map[string]int64{}
	for _, c := range forecast {
		f[c.Product] += c.Qty
	}
	a := map[string]int64{}
	for key, n := range actual {
		p, _ := SplitVariantKey(key)
		a[p] += n
	}
	acc := Accuracy{Month: m, ByProduct: []ProductAccuracy{}}
	seen := map[string]bool{}
	add := func(p string) {
		if seen[p] {
			return
		}
		seen[p] = true
		if f[p] == 0 && a[p] == 0 {
			return
		}
		pa := ProductAccuracy{Product: p, Forecast: f[p], Actual: a[p]}
		abs := absDiff(pa.Forecast, pa.Actual)
		pa.Value, pa.Bias, pa.OK = accuracyOf(pa.Forecast, pa.Actual, abs)
		acc.ByProduct = append(acc.ByProduct, pa)
		acc.Forecast += pa.Forecast
		acc.Actual += pa.Actual
		acc.AbsError += abs
	}
	for p := range f {
		add(p)
	}
	for p := range a {
		add(p)
	}
	slices.SortFunc(acc.ByProduct, func(x, y ProductAccuracy) int { return cmp.Compare(x.Product, y.Product) })
	acc.Value, acc.Bias, acc.OK = accuracyOf(acc.Forecast, acc.Actual, acc.AbsError)
	return acc
}

func absDiff(a, b int64) int64 {
	if a > b {
		return a - b
	}
	return b - a
}

// accuracyOf is 1 − abs/actual and (forecast − actual)/actual; ok false
// when actual is 0.
func accuracyOf(forecast, actual, abs int64) (value, bias float64, ok bool) {
	if actual == 0 {
		return 0, 0, false
	}
	return 1 - float64(abs)/float64(actual), float64(forecast-actual) / float64(actual), true
}

// ForecastAccuracyThrough is ForecastAccuracy of period p as of day
// through: when through falls before p's last day, the period is still
// running, so each product's forecast is prorated to the days elapsed,
// F × elapsed ÷ days rounded to the nearest unit, and actual must hold the
// shipments up to through. A month's forecast compared whole with its first
// three days of shipments would read −600 %; prorated it says how the month
// is going. Prorated records how.
func ForecastAccuracyThrough(p Period, through Date, forecast []PlanCell, actual map[string]int64) Accuracy {
	if !through.Before(p.End()) {
		return ForecastAccuracy(p.Month, forecast, actual)
	}
	elapsed, days := max(p.Start().DaysUntil(through)+1, 0), p.Days()
	byProduct := map[string]int64{}
	var whole int64
	for _, c := range forecast {
		byProduct[c.Product] += c.Qty
		whole += c.Qty
	}
	prorated := make([]PlanCell, 0, len(byProduct))
	for prod, q := range byProduct {
		prorated = append(prorated, PlanCell{Product: prod, Qty: (q*int64(elapsed)*2 + int64(days)) / (2 * int64(days))})
	}
	acc := ForecastAccuracy(p.Month, prorated, actual)
	acc.Prorated = &Proration{Through: through, Elapsed: elapsed, Days: days, Whole: whole}
	return acc
}

// Text says in lang how the figure was prorated, for the screens and
// commands that show it ("" for nil: the period has ended).
func (p *Proration) Text(lang string) string {
	if p == nil {
		return ""
	}
	return i18n.T(lang, "kpi.prorated", p.Through.String(), p.Elapsed, p.Days, p.Whole)
}
