package model

import (
	"reflect"
	"testing"
	"time"
)

func TestVariantKey(t *testing.T) {
	for _, tc := range []struct{ p, v, key string }{{"P1", "std", "P1/std"}, {"P2", "", "P2"}, {"01.02.003", "mark", "01.02.003/mark"}} {
		if got := VariantKey(tc.p, tc.v); got != tc.key {
			t.Errorf("key %q", got)
		}
		if p, v := SplitVariantKey(tc.key); p != tc.p || v != tc.v {
			t.Errorf("split %q = %q %q", tc.key, p, v)
		}
	}
}

func TestCheckPlanCells(t *testing.T) {
	products := sfProducts()
	cells := []PlanCell{{"P2", "", 50}, {"FT18", "", 100}, {"FT18", "plain", 0}}
	got, err := CheckPlanCells(cells, products)
	if err != nil {
		t.Fatal(err)
	}
	if want := []PlanCell{{"FT18", "mark", 100}, {"P2", "", 50}}; !reflect.DeepEqual(got, want) {
		t.Fatalf("cleaned %+v", got)
	}
	for _, tc := range []struct {
		name  string
		cells []PlanCell
		field string
	}{
		{"negative", []PlanCell{{"P2", "", -1}}, "row 1.qty"},
		{"over the maximum", []PlanCell{{"P2", "", MaxQty + 1}}, "row 1.qty"},
		{"unknown product", []PlanCell{{"P2", "", 1}, {"NOPE", "", 1}}, "row 2.product"},
		{"bad code", []PlanCell{{"P 2", "", 1}}, "row 1.product"},
		{"unknown variant", []PlanCell{{"FT18", "gold", 1}}, "row 1.variant"},
		{"variant on a product without", []PlanCell{{"P2", "x", 1}}, "row 1.variant"},
		{"twice (default spelled out)", []PlanCell{{"FT18", "", 1}, {"FT18", "mark", 2}}, "row 2.variant"},
		{"too many", make([]PlanCell, MaxPlanCells+1), "cells"},
	} {
		_, err := CheckPlanCells(tc.cells, products)
		if _, ok := FieldErrors(err)[tc.field]; !ok {
			t.Errorf("%s: no error on %s: %v", tc.name, tc.field, err)
			continue
		}
		checkFieldTexts(t, err)
	}
	if got := CellTotals([]PlanCell{{"P1", "a", 1}, {"P1", "a", 2}, {"P2", "", 5}}); got["P1/a"] != 3 || got["P2"] != 5 {
		t.Errorf("totals %v", got)
	}
}

func TestPlanSetReference(t *testing.T) {
	t0 := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	v1 := &PlanVersion{Version: 1, Published: t0}
	v2 := &PlanVersion{Version: 2}
	v3 := &PlanVersion{Version: 3, Published: t0.Add(time.Hour)}
	set := &PlanSet{Versions: []*PlanVersion{v1, v2, v3}}
	if ReferenceOf(set.Versions) != v3 || set.FirstPublished() != v1 || set.Latest() != v3 {
		t.Error("reference, first or latest wrong")
	}
	v1.Published = t0.Add(2 * time.Hour) // v1 published again after v3
	if ReferenceOf(set.Versions) != v1 || set.FirstPublished() != v3 {
		t.Error("latest publish is the reference")
	}
	if ReferenceOf([]*PlanVersion{v2}) != nil || (&PlanSet{}).Latest() != nil || (*PlanSet)(nil).FirstPublished() != nil {
		t.Error("none published")
	}
}
