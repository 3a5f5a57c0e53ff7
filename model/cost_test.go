package model

import (
	"errors"
	"math"
	"slices"
	"testing"
	"time"
)

// Unit costs are typed in yuan and held in fen: decimals up to two,
// full-width digits and point, a currency sign; anything else is refused
// with the reason a cell can show.
func TestParseYuan(t *testing.T) {
	for _, c := range []struct {
		in   string
		fen  int64
		want string // error key, "" for none
	}{
		{"12.5", 1250, ""},
		{"12.50", 1250, ""},
		{"１２.５", 1250, ""},
		{"１２．５０", 1250, ""},
		{" 12 ", 1200, ""},
		{"12.", 1200, ""},
		{".5", 50, ""},
		{"0", 0, ""},
		{"0.01", 1, ""},
		{"¥8.80", 880, ""},
		{"8.8元", 880, ""},
		{"1000000", MaxCostFen, ""},
		{"001000000.00", MaxCostFen, ""},
		{"", 0, "val.required"},
		{"  ", 0, "val.required"},
		{"-3", 0, "val.cost_negative"},
		{"－3", 0, "val.cost_negative"},
		{"1.234", 0, "val.cost_decimals"},
		{"1.2.3", 0, "val.cost_number"},
		{".", 0, "val.cost_number"},
		{"abc", 0, "val.cost_number"},
		{"+3", 0, "val.cost_number"},
		{"1,234.00", 0, "val.cost_number"},
		{"1e3", 0, "val.cost_number"},
		{"1000000.01", 0, "val.cost_max"},
		{"99999999999999999999999", 0, "val.cost_max"},
	} {
		fen, err := ParseYuan(c.in)
		if c.want == "" {
			if err != nil || fen != c.fen {
				t.Errorf("%q: %d %v, want %d", c.in, fen, err, c.fen)
			}
			continue
		}
		var e *Error
		if !errors.As(err, &e) || e.Code != EINVALID || e.Text.Key != c.want {
			t.Errorf("%q: %d %v, want %s", c.in, fen, err, c.want)
		}
	}
	for fen, want := range map[int64]string{0: "0.00", 1: "0.01", 50: "0.50", 1250: "12.50", MaxCostFen: "1000000.00", -5: "-0.05"} {
		if got := FormatYuan(fen); got != want {
			t.Errorf("FormatYuan(%d) = %q, want %q", fen, got, want)
		}
		if fen >= 0 {
			if back, err := ParseYuan(FormatYuan(fen)); err != nil || back != fen {
				t.Errorf("%d does not read back: %d %v", fen, back, err)
			}
		}
	}
}

var costProducts = []*Product{{Code: "P1", Name: "香辣鱼豆腐"}, {Code: "P2", Name: "糖醋鱼丸"}, {Code: "P3", Name: "果然有鱼"}, {Code: "P4", Name: "果然有鱼"}}

func costLookup(code string) *Product {
	for _, p := range costProducts {
		if p.Code == code {
			return p
		}
	}
	return nil
}

// A sheet's rows: each a known product once, a target above 0, an actual
// of 0 (not known yet) or more, neither above the maximum; every problem
// named at its row and column. Production's lead or head and the office
// keep the sheets, no one else.
func TestCostSheetRows(t *testing.T) {
	rows := []CostRow{{Product: " P1 ", Target: 1000, Actual: 1250}, {Product: "P2", Target: 2000}}
	got, err := CheckCostRows(rows, costLookup)
	if err != nil || !slices.Equal(got, []CostRow{{"P1", 1000, 1250}, {"P2", 2000, 0}}) {
		t.Fatalf("good rows: %+v %v", got, err)
	}
	_, err = CheckCostRows([]CostRow{
		{Product: "P1", Target: 1000, Actual: 1000},
		{Product: "NOPE", Target: 1000},
		{Product: "P1", Target: 1000},
		{Product: "P2", Target: 0, Actual: -1},
		{Product: "P3", Target: MaxCostFen + 1, Actual: MaxCostFen + 1},
		{Product: "", Target: 100},
	}, costLookup)
	want := map[string]string{
		"row 2.product": "val.unknown_product", "row 3.product": "val.dup_row",
		"row 4.target": "val.cost_target_zero", "row 4.actual": "val.cost_negative",
		"row 5.target": "val.cost_max", "row 5.actual": "val.cost_max", "row 6.product": "val.required",
	}
	fe := FieldErrors(err)
	if len(fe) != len(want) {
		t.Fatalf("fields %v, want %v", fe, want)
	}
	for f, k := range want {
		if fe[f].Key != k {
			t.Errorf("%s: %v, want %s", f, fe[f], k)
		}
	}
	if _, err := CheckCostRows(make([]CostRow, MaxCostRows+1), costLookup); FieldErrors(err)["rows"].Key != "val.too_many" {
		t.Errorf("too many rows: %v", err)
	}

	m := Month{2028, time.March}
	for _, c := range []struct {
		u  *User
		ok bool
	}{
		{&User{Login: "pl", Dept: DeptProduction, Role: RoleLead}, true},
		{&User{Login: "ph", Dept: DeptProduction, Role: RoleHead}, true},
		{&User{Login: "of", Dept: DeptOffice, Role: RoleOffice}, true},
		{&User{Login: "oc", Dept: DeptOffice, Role: RoleMember}, true},
		{&User{Login: "pm", Dept: DeptProduction, Role: RoleMember}, false},
		{&User{Login: "sl", Dept: DeptSales, Role: RoleLead}, false},
		{&User{Login: "gm", Dept: DeptManagement, Role: RoleGM}, false},
		{&User{Login: "ad", Dept: DeptOffice, Role: RoleAdmin}, false},
		{&User{Login: "x", Dept: DeptProduction, Role: RoleHead, Disabled: true}, false},
	} {
		s := &CostSheet{Month: m}
		err := s.SetRows(c.u, rows, costLookup)
		if c.ok != (err == nil) || !c.ok && (ErrorCode(err) != EFORBIDDEN || s.Rows != nil) {
			t.Errorf("%s/%s: %v", c.u.Dept, c.u.Role, err)
		}
	}
	s := &CostSheet{Month: m, Rows: []CostRow{{"P1", 1, 1}}}
	if err := s.SetRows(&User{Dept: DeptOffice, Role: RoleOffice}, []CostRow{{"P9", 1, 1}}, costLookup); err == nil || len(s.Rows) != 1 {
		t.Errorf("a refused save changed the sheet: %+v %v", s.Rows, err)
	}
}

// The indicator sums the targets and the actuals of the products that
// have both, in fen: 10.00 + 20.00 over 12.50 + 20.00 is 92.3 %; a
// product without an actual yet does not count; cheaper than the target
// passes 100 %; no product with both is no data.
func TestCostKPI(t *testing.T) {
	m := Month{2028, time.March}
	v := CostKPI(m, []CostRow{{"P1", 1000, 1250}, {"P2", 2000, 2000}, {"P3", 5000, 0}})
	if !v.OK || v.KPI != KPICostTarget || v.Month != m || v.Num != 3000 || v.Den != 3250 || math.Abs(v.Value-3000.0/3250) > 1e-12 {
		t.Fatalf("sum: %+v", v)
	}
	if got := math.Round(v.Value*1000) / 10; got != 92.3 {
		t.Fatalf("shown as %.1f%%", got)
	}
	if v := CostKPI(m, []CostRow{{"P1", 1000, 800}}); !v.OK || v.Value != 1.25 {
		t.Fatalf("cheaper than target: %+v", v)
	}
	if v := CostKPI(m, []CostRow{{"P1", 1000, 0}}); v.OK || v.Num != 0 || v.Den != 0 {
		t.Fatalf("no actual: %+v", v)
	}
	if v := CostKPI(m, nil); v.OK {
		t.Fatalf("no rows: %+v", v)
	}
	if r, ok := (CostRow{"P1", 1000, 1250}).Achievement(); !ok || r != 0.8 {
		t.Fatalf("row achievement %v %v", r, ok)
	}
	if !KPICostTarget.Valid() || !KPICostTarget.Uncapped() || KPIOTIF.Uncapped() || KPICostTarget.LowerIsBetter() {
		t.Fatal("cost_target's nature")
	}
	// Scored against its target like any "more is better" indicator,
	// capped at full marks.
	tgt := &KPITarget{KPI: KPICostTarget, Target: 1}
	if s := ScoreKPI(KPIValue{KPI: KPICostTarget, Value: 0.9, OK: true, Target: tgt}); math.Abs(s-0.9) > 1e-12 {
		t.Fatalf("score %v", s)
	}
	if s := ScoreKPI(KPIValue{KPI: KPICostTarget, Value: 1.25, OK: true, Target: tgt}); s != 1 {
		t.Fatalf("score above target %v", s)
	}
}

// Production's default weights count the cost indicator, and every
// department's defaults still add up to 100.
func TestDefaultWeightsSum(t *testing.T) {
	for _, d := range AssessedDepts {
		sum := 0
		for _, w := range DefaultWeights(d) {
			sum += w.Weight
		}
		if sum != 100 || ValidateWeights(DefaultWeights(d)) != nil {
			t.Errorf("%s: weights sum to %d", d, sum)
		}
	}
	if !slices.ContainsFunc(DefaultWeights(DeptProduction), func(w Weight) bool { return w.KPI == KPICostTarget && w.Weight > 0 }) {
		t.Error("production's defaults lack the cost indicator")
	}
}

// A product is typed by its code (any letter case) or by its name when
// no other product has it.
func TestFindProduct(t *testing.T) {
	for in, want := range map[string]string{"P1": "P1", "p2": "P2", " 香辣鱼豆腐 ": "P1", "糖醋鱼丸": "P2", "果然有鱼": "", "": "", "P9": ""} {
		got := ""
		if p := FindProduct(costProducts, in); p != nil {
			got = p.Code
		}
		if got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}
