package model

import (
	"cmp"
	"slices"
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
