package model

import (
	"strings"
	"testing"
)

func fishTofu() *Product {
	return &Product{Code: "P-18G", Name: "香辣鱼豆腐", Spec: "18g", Unit: "件",
		Variants: []Variant{{"with", "带一元标示"}, {"without", "不带标示"}}, DefaultVariant: "with",
		EconomicBatch: 500, DailyCapacity: 1000, LeadTimeDays: 1}
}

// fields returns the field → message key map of err.
func fields(t *testing.T, err error) map[string]string {
	t.Helper()
	if err == nil {
		return nil
	}
	checkTexts(t, err)
	out := map[string]string{}
	for f, txt := range FieldErrors(err) {
		out[f] = txt.Key
	}
	return out
}

func TestCustomerValidate(t *testing.T) {
	for _, tc := range []struct {
		c    Customer
		want map[string]string
	}{
		{Customer{Code: "C001", Name: "好又多超市", Region: "华东", Grade: GradeA}, nil},
		{Customer{}, map[string]string{"code": "val.required", "name": "val.required", "grade": "val.required"}},
		{Customer{Code: "C 1", Name: "x", Grade: "D"}, map[string]string{"code": "val.code_chars", "grade": "val.grade"}},
		{Customer{Code: strings.Repeat("x", 33), Name: "a\nb", Grade: GradeB}, map[string]string{"code": "val.too_long", "name": "val.single_line"}},
		{Customer{Code: "01.02-x_Y", Name: "x", Region: strings.Repeat("区", 33), Grade: GradeC}, map[string]string{"region": "val.too_long_n"}},
	} {
		got := fields(t, tc.c.Validate())
		if !sameMap(got, tc.want) {
			t.Errorf("%+v: %v; want %v", tc.c, got, tc.want)
		}
	}
}

func TestProductValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(p *Product)
		want map[string]string
	}{
		{"ok", func(p *Product) {}, nil},
		{"no variants", func(p *Product) { p.Variants, p.DefaultVariant = nil, "" }, nil},
		{"default not listed", func(p *Product) { p.DefaultVariant = "other" }, map[string]string{"default_variant": "val.default_variant"}},
		{"default missing", func(p *Product) { p.DefaultVariant = "" }, map[string]string{"default_variant": "val.default_variant"}},
		{"duplicate variant", func(p *Product) { p.Variants[1].Code = "with" }, map[string]string{"variants": "val.variant_dup"}},
		{"bad variant code", func(p *Product) { p.Variants[1].Code = "无" }, map[string]string{"variants": "val.code_chars"}},
		{"numbers", func(p *Product) { p.EconomicBatch, p.DailyCapacity, p.LeadTimeDays = 0, -1, 366 },
			map[string]string{"economic_batch": "val.positive_max", "daily_capacity": "val.positive_max", "lead_time": "val.lead_time"}},
		{"required", func(p *Product) { p.Code, p.Name, p.Unit = "", " ", "" },
			map[string]string{"code": "val.required", "name": "val.required", "unit": "val.required"}},
	} {
		p := fishTofu()
		tc.edit(p)
		if got := fields(t, p.Validate()); !sameMap(got, tc.want) {
			t.Errorf("%s: %v; want %v", tc.name, got, tc.want)
		}
	}
	p := fishTofu()
	if p.VariantOr("") != "with" || p.VariantOr("without") != "without" || !p.HasVariant("without") || p.HasVariant("x") {
		t.Error("variant helpers")
	}
}

func TestStockAdjust(t *testing.T) {
	s := Stock{ProductCode: "P-18G", Variant: "with", Qty: 100}
	adj := func(delta int64, reason string) *StockAdjustment {
		return &StockAdjustment{ProductCode: "P-18G", Variant: "with", Delta: delta, Reason: reason, By: "store"}
	}
	if err := s.Apply(adj(-30, "破损")); err != nil || s.Qty != 70 {
		t.Fatalf("apply: %v %d", err, s.Qty)
	}
	for _, tc := range []struct {
		a    *StockAdjustment
		want map[string]string
	}{
		{adj(-71, "盘亏"), map[string]string{"delta": "val.stock_below_zero"}},
		{adj(0, "x"), map[string]string{"delta": "val.delta_zero"}},
		{adj(MaxQty+1, "x"), map[string]string{"delta": "val.qty_max"}},
		{adj(5, ""), map[string]string{"reason": "val.required"}},
	} {
		if got := fields(t, s.Apply(tc.a)); !sameMap(got, tc.want) {
			t.Errorf("%+v: %v; want %v", tc.a, got, tc.want)
		}
	}
	if s.Qty != 70 {
		t.Fatalf("failed adjustments changed stock: %d", s.Qty)
	}
	other := adj(1, "x")
	other.Variant = "without"
	if err := s.Apply(other); ErrorCode(err) != EINVALID {
		t.Fatalf("mismatch: %v", err)
	}
	if got := fields(t, (&Stock{ProductCode: "P", Qty: -1}).Validate()); got["qty"] != "val.stock_negative" {
		t.Errorf("negative stock: %v", got)
	}
}

func sameMap(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
