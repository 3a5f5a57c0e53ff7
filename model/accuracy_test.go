package model

import (
	"math"
	"strings"
	"testing"
)

func TestForecastAccuracy(t *testing.T) {
	m := Month{2026, 11}
	near := func(a, b float64) bool { return math.Abs(a-b) < 1e-9 }
	for _, tc := range []struct {
		name                 string
		forecast             []PlanCell
		actual               map[string]int64
		f, a, abs            int64
		value, bias          float64
		ok                   bool
		byProduct            map[string][2]float64 // product → value, bias (ok when present)
		noActualsForProducts []string
	}{
		{
			// The hand-computed example: ΣA = 150, Σ|F−A| = 20 + 20 = 40,
			// accuracy = 1 − 40/150 = 0.7333…, bias = (150 − 150)/150 = 0.
			name:     "hand computed",
			forecast: []PlanCell{{"A", "", 100}, {"B", "", 50}},
			actual:   map[string]int64{"A": 80, "B": 70},
			f:        150, a: 150, abs: 40, value: 1 - 40.0/150, bias: 0, ok: true,
			byProduct: map[string][2]float64{"A": {1 - 20.0/80, 20.0 / 80}, "B": {1 - 20.0/70, -20.0 / 70}},
		},
		{
			// Variants are summed per product before the error is taken.
			name:     "variants summed",
			forecast: []PlanCell{{"P1", "mark", 60}, {"P1", "plain", 40}},
			actual:   map[string]int64{"P1/mark": 40, "P1/plain": 60},
			f:        100, a: 100, abs: 0, value: 1, bias: 0, ok: true,
			byProduct: map[string][2]float64{"P1": {1, 0}},
		},
		{
			name:     "over-forecast, a product never shipped and one not forecast",
			forecast: []PlanCell{{"A", "", 300}, {"C", "", 50}},
			actual:   map[string]int64{"A": 100, "D": 20},
			// |300−100| + |50−0| + |0−20| = 270 over 120.
			f: 350, a: 120, abs: 270, value: 1 - 270.0/120, bias: 230.0 / 120, ok: true,
			byProduct:            map[string][2]float64{"A": {-1, 2}, "D": {0, -1}},
			noActualsForProducts: []string{"C"},
		},
		{
			name:     "no actuals: no division",
			forecast: []PlanCell{{"A", "", 100}},
			actual:   map[string]int64{},
			f:        100, a: 0, abs: 100, ok: false,
			noActualsForProducts: []string{"A"},
		},
		{name: "nothing at all", ok: false},
	} {
		acc := ForecastAccuracy(m, tc.forecast, tc.actual)
		if acc.Month != m || acc.Forecast != tc.f || acc.Actual != tc.a || acc.AbsError != tc.abs || acc.OK != tc.ok ||
			!near(acc.Value, tc.value) || !near(acc.Bias, tc.bias) {
			t.Errorf("%s: %+v", tc.name, acc)
		}
		if math.IsNaN(acc.Value) || math.IsInf(acc.Value, 0) || math.IsNaN(acc.Bias) {
			t.Errorf("%s: not a number", tc.name)
		}
		if len(acc.ByProduct) != len(tc.byProduct)+len(tc.noActualsForProducts) {
			t.Errorf("%s: by product %+v", tc.name, acc.ByProduct)
		}
		for i, pa := range acc.ByProduct {
			if i > 0 && acc.ByProduct[i-1].Product >= pa.Product {
				t.Errorf("%s: not sorted", tc.name)
			}
			if want, ok := tc.byProduct[pa.Product]; ok {
				if !pa.OK || !near(pa.Value, want[0]) || !near(pa.Bias, want[1]) {
					t.Errorf("%s: %s = %+v, want %v", tc.name, pa.Product, pa, want)
				}
			} else if pa.OK || pa.Value != 0 || pa.Bias != 0 {
				t.Errorf("%s: %s should have no actuals: %+v", tc.name, pa.Product, pa)
			}
		}
	}
}

// A month still running compares its shipments so far with the forecast
// prorated to the days elapsed; a month that has ended is compared whole.
func TestForecastAccuracyThrough(t *testing.T) {
	m := Month{Year: 2026, Month: 12}
	p := Period{Kind: PlanForecast, Month: m}
	forecast := []PlanCell{{Product: "A", Qty: 3100}, {Product: "A", Variant: "x", Qty: 0}, {Product: "B", Qty: 620}}
	actual := map[string]int64{"A": 280, "B": 70}

	acc := ForecastAccuracyThrough(p, NewDate(2026, 12, 3), forecast, actual)
	if acc.Prorated == nil || acc.Prorated.Elapsed != 3 || acc.Prorated.Days != 31 || acc.Prorated.Whole != 3720 {
		t.Fatalf("proration = %+v, want 3 of 31 days of 3720", acc.Prorated)
	}
	// A: 3100 × 3/31 = 300, B: 620 × 3/31 = 60; |300−280| + |60−70| = 30 of 350.
	if acc.Forecast != 360 || acc.Actual != 350 || acc.AbsError != 30 || !acc.OK {
		t.Fatalf("prorated accuracy = %+v, want F 360, A 350, |F−A| 30", acc)
	}
	if got := acc.Prorated.Text(LangZH); !strings.Contains(got, "3/31") || !strings.Contains(got, "3720") {
		t.Errorf("zh text %q lacks the days and the whole forecast", got)
	}

	whole := ForecastAccuracyThrough(p, NewDate(2026, 12, 31), forecast, actual)
	if whole.Prorated != nil || whole.Forecast != 3720 {
		t.Errorf("an ended month: %+v, want the whole forecast and no proration", whole)
	}
	before := ForecastAccuracyThrough(p, NewDate(2026, 11, 30), forecast, map[string]int64{})
	if before.OK || before.Forecast != 0 {
		t.Errorf("a month not begun: %+v, want no actuals and nothing prorated", before)
	}
}
