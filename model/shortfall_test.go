package model

import (
	"reflect"
	"testing"
)

// sfLine is an order line of P1/std for the shortfall tests.
func sfLine(status LineStatus, qty, shipped int64, requested, promised string) *OrderLine {
	l := &OrderLine{ProductCode: "P1", Variant: "std", Qty: qty, ShippedQty: shipped, Status: status,
		RequestedDate: d(requested)}
	if promised != "" {
		l.PromisedDate = d(promised)
	}
	return l
}

func TestProrate(t *testing.T) {
	for _, tc := range []struct {
		rest                int64
		today, through, end string
		want                int64
	}{
		{100, "2026-11-21", "2026-11-23", "2026-11-30", 30},  // 100 × 3/10
		{101, "2026-11-21", "2026-11-23", "2026-11-30", 31},  // 30.3 rounded up
		{100, "2026-11-28", "2026-11-30", "2026-11-30", 100}, // horizon ends on the period's end
		{100, "2026-11-29", "2026-12-01", "2026-11-30", 100}, // horizon beyond it
		{100, "2026-11-30", "2026-12-02", "2026-11-30", 100}, // last day of the period
		{7, "2026-11-11", "2026-11-11", "2026-11-20", 1},     // 0.7 → 1
		{0, "2026-11-21", "2026-11-23", "2026-11-30", 0},
		{-5, "2026-11-21", "2026-11-23", "2026-11-30", 0},
		{100, "2026-12-01", "2026-12-03", "2026-11-30", 0}, // past the period
	} {
		if got := Prorate(tc.rest, d(tc.today), d(tc.through), d(tc.end)); got != tc.want {
			t.Errorf("Prorate(%d, %s..%s of ..%s) = %d, want %d", tc.rest, tc.today, tc.through, tc.end, got, tc.want)
		}
	}
}

func TestShortfallDemand(t *testing.T) {
	through := d("2026-11-29")
	for _, tc := range []struct {
		name string
		l    *OrderLine
		want int64
	}{
		{"answered, promised on through", sfLine(LineAnswered, 100, 0, "2026-12-05", "2026-11-29"), 100},
		{"answered, promised the day after", sfLine(LineAnswered, 100, 0, "2026-11-20", "2026-11-30"), 0},
		{"not answered: requested date counts", sfLine(LineSent, 80, 0, "2026-11-28", ""), 80},
		{"submitted counts", sfLine(LineSubmitted, 80, 0, "2026-11-27", ""), 80},
		{"draft is not demand", sfLine(LineDraft, 80, 0, "2026-11-27", ""), 0},
		{"partly shipped: the rest", sfLine(LineShipping, 100, 30, "2026-11-27", "2026-11-28"), 70},
		{"shipped", sfLine(LineShipped, 100, 100, "2026-11-27", "2026-11-28"), 0},
		{"closed short", sfLine(LineClosed, 100, 30, "2026-11-27", "2026-11-28"), 0},
		{"cancelled", sfLine(LineCancelled, 100, 0, "2026-11-27", "2026-11-28"), 0},
		{"overdue and open: still owed", sfLine(LineAnswered, 50, 0, "2026-11-20", "2026-11-25"), 50},
		{"at risk keeps its promised date", sfLine(LineAtRisk, 60, 0, "2026-11-20", "2026-11-28"), 60},
	} {
		if got := ShortfallDemand(tc.l, through); got != tc.want {
			t.Errorf("%s: demand %d, want %d", tc.name, got, tc.want)
		}
	}
}

func TestComputeShortfall(t *testing.T) {
	// Saturday 2026-11-21 starts ten-day period 3 (21–30, 10 days); the
	// default horizon is 21–23, 3 days.
	today := d("2026-11-21")
	row := func(p, v string, demand, rem, stock, planned, computed, surplus int64) ShortfallRow {
		return ShortfallRow{Product: p, Variant: v, OrderDemand: demand, PlanRemainder: rem, Stock: stock,
			Planned: planned, Computed: computed, Surplus: surplus, Figure: computed}
	}
	for _, tc := range []struct {
		name string
		in   ShortfallInput
		want []ShortfallRow
	}{
		{
			name: "horizon edges: due on through counts, the day after does not",
			in: ShortfallInput{Today: today, Lines: []*OrderLine{
				sfLine(LineAnswered, 100, 0, "2026-11-30", "2026-11-23"),
				sfLine(LineAnswered, 40, 0, "2026-11-30", "2026-11-24"),
				sfLine(LineSent, 7, 0, "2026-11-21", ""),
			}},
			want: []ShortfallRow{row("P1", "std", 107, 0, 0, 0, 107, 0)},
		},
		{
			name: "explicit horizon",
			in: ShortfallInput{Today: today, Through: d("2026-11-24"), Lines: []*OrderLine{
				sfLine(LineAnswered, 100, 0, "2026-11-30", "2026-11-23"),
				sfLine(LineAnswered, 40, 0, "2026-11-30", "2026-11-24"),
			}},
			want: []ShortfallRow{row("P1", "std", 140, 0, 0, 0, 140, 0)},
		},
		{
			name: "partial ten-day period: the remainder is prorated",
			in: ShortfallInput{Today: today,
				TenDay:          []PlanCell{{"P1", "std", 1000}, {"P2", "", 95}},
				ShippedInPeriod: map[string]int64{"P1/std": 200}},
			// P1: (1000−200) × 3/10 = 240; P2: 95 × 3/10 = 28.5 → 29.
			want: []ShortfallRow{row("P1", "std", 0, 240, 0, 0, 240, 0), row("P2", "", 0, 29, 0, 0, 29, 0)},
		},
		{
			name: "shipped beyond the plan leaves no remainder",
			in: ShortfallInput{Today: today, TenDay: []PlanCell{{"P1", "std", 100}},
				ShippedInPeriod: map[string]int64{"P1/std": 150}, Stock: map[string]int64{"P1/std": 5}},
			want: []ShortfallRow{row("P1", "std", 0, 0, 5, 0, 0, 5)},
		},
		{
			name: "stock larger than demand: need 0, surplus shown",
			in: ShortfallInput{Today: today, Lines: []*OrderLine{sfLine(LineAnswered, 100, 0, "2026-11-22", "2026-11-22")},
				Stock: map[string]int64{"P1/std": 350}},
			want: []ShortfallRow{row("P1", "std", 100, 0, 350, 0, 0, 250)},
		},
		{
			name: "planned production subtracts",
			in: ShortfallInput{Today: today, Lines: []*OrderLine{sfLine(LineAnswered, 1000, 0, "2026-11-22", "2026-11-22")},
				TenDay: []PlanCell{{"P1", "std", 100}}, Stock: map[string]int64{"P1/std": 200},
				Planned: map[string]int64{"P1/std": 500}},
			// 1000 + 30 − 200 − 500 = 330.
			want: []ShortfallRow{row("P1", "std", 1000, 30, 200, 500, 330, 0)},
		},
		{
			name: "rows for every variant with an input, sorted; zero inputs give no row",
			in: ShortfallInput{Today: today,
				Lines: []*OrderLine{{ProductCode: "P2", Qty: 10, Status: LineAnswered, PromisedDate: today, RequestedDate: today}},
				Stock: map[string]int64{"P1/mark": 3, "P1/std": 0, "P0/x": 0}, Planned: map[string]int64{"P1/std": 4}},
			want: []ShortfallRow{row("P1", "mark", 0, 0, 3, 0, 0, 3), row("P1", "std", 0, 0, 0, 4, 0, 4),
				row("P2", "", 10, 0, 0, 0, 10, 0)},
		},
		{
			name: "nothing",
			in:   ShortfallInput{Today: today},
			want: []ShortfallRow{},
		},
	} {
		got := ComputeShortfall(tc.in)
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", tc.name, got, tc.want)
		}
	}
	s := NewShortfall(ShortfallInput{Today: today})
	if s.Through != d("2026-11-23") || s.Version != 0 {
		t.Errorf("draft %+v", s)
	}
}

func TestKeepEdits(t *testing.T) {
	fresh := []ShortfallRow{
		{Product: "P1", Variant: "std", OrderDemand: 120, Computed: 120, Figure: 120},
		{Product: "P2", OrderDemand: 10, Computed: 10, Figure: 10},
	}
	old := []ShortfallRow{
		{Product: "P1", Variant: "std", OrderDemand: 100, Computed: 100, Figure: 150, Reason: "客户追加"},
		{Product: "P2", OrderDemand: 8, Computed: 8, Figure: 8},                        // not edited: fresh wins
		{Product: "P3", Computed: 0, Figure: 20, Reason: "样品"},                         // edited, no longer computed
		{Product: "P9", Computed: 0, Figure: 20, Reason: "停产"},                         // edited, product gone
		{Product: "P1", Variant: "mark", Computed: 5, Figure: 5, Reason: "irrelevant"}, // not edited
	}
	got := KeepEdits(fresh, old, func(p, _ string) bool { return p != "P9" })
	want := []ShortfallRow{
		{Product: "P1", Variant: "std", OrderDemand: 120, Computed: 120, Figure: 150, Reason: "客户追加"},
		{Product: "P2", OrderDemand: 10, Computed: 10, Figure: 10},
		{Product: "P3", Figure: 20, Reason: "样品"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("\n got %+v\nwant %+v", got, want)
	}
	if fresh[0].Figure != 120 {
		t.Error("KeepEdits changed its input")
	}
}

func TestShortfallCheck(t *testing.T) {
	products := sfProducts()
	good := func() *Shortfall {
		return &Shortfall{Date: d("2026-11-21"), Through: d("2026-11-23"), Rows: []ShortfallRow{
			{Product: "P2", OrderDemand: 10, Computed: 999, Figure: 10},
			{Product: "FT18", Variant: "", OrderDemand: 100, Stock: 30, Figure: 70},
		}}
	}
	s := good()
	if err := s.Check(products); err != nil {
		t.Fatal(err)
	}
	// Sorted, default variant resolved, Computed recomputed from the inputs.
	if s.Rows[0].Product != "FT18" || s.Rows[0].Variant != "mark" || s.Rows[0].Computed != 70 ||
		s.Rows[1].Computed != 10 || s.Rows[1].Surplus != 0 {
		t.Fatalf("tidied %+v", s.Rows)
	}
	for _, tc := range []struct {
		name   string
		edit   func(s *Shortfall)
		fields []string
	}{
		{"edited figure needs a reason", func(s *Shortfall) { s.Rows[0].Figure = 20 }, []string{"row 1.reason"}},
		{"blank reason", func(s *Shortfall) { s.Rows[0].Figure, s.Rows[0].Reason = 20, "  " }, []string{"row 1.reason"}},
		{"negative figure", func(s *Shortfall) { s.Rows[0].Figure, s.Rows[0].Reason = -1, "x" }, []string{"row 1.figure"}},
		{"figure too large", func(s *Shortfall) { s.Rows[0].Figure, s.Rows[0].Reason = MaxQty+1, "x" }, []string{"row 1.figure"}},
		{"negative input", func(s *Shortfall) { s.Rows[1].Stock = -1 }, []string{"row 2.stock"}},
		{"unknown product", func(s *Shortfall) { s.Rows[0].Product = "NOPE" }, []string{"row 1.product"}},
		{"unknown variant", func(s *Shortfall) { s.Rows[1].Variant = "gold" }, []string{"row 2.variant"}},
		{"duplicate row", func(s *Shortfall) { s.Rows[1].Product = "P2" }, []string{"row 2.variant"}},
		{"no date", func(s *Shortfall) { s.Date = Date{} }, []string{"date"}},
		{"horizon before the day", func(s *Shortfall) { s.Through = d("2026-11-20") }, []string{"through"}},
		{"horizon too long", func(s *Shortfall) { s.Through = d("2026-12-31") }, []string{"through"}},
		{"two-line reason", func(s *Shortfall) { s.Rows[0].Figure, s.Rows[0].Reason = 20, "a\nb" }, []string{"row 1.reason"}},
	} {
		s := good()
		tc.edit(s)
		err := s.Check(products)
		fe := FieldErrors(err)
		for _, f := range tc.fields {
			if _, ok := fe[f]; !ok {
				t.Errorf("%s: no error on %s: %v", tc.name, f, err)
			}
		}
		if err != nil {
			checkFieldTexts(t, err)
		}
	}
	ok := good()
	ok.Rows[0].Figure, ok.Rows[0].Reason = 0, "客户取消"
	if err := ok.Check(products); err != nil {
		t.Errorf("edited with a reason: %v", err)
	}
	if got := ok.Figures(); len(got) != 1 || got["FT18/mark"] != 70 {
		t.Errorf("figures %v", got)
	}
}
