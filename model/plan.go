package model

import (
	"cmp"
	"slices"
	"strconv"
	"strings"
)

// Limits on plans.
const (
	MaxPlanCells = 5000 // cells of one forecast or ten-day plan
	MaxPlanNote  = MaxRemarks
	MaxPlanRows  = MaxPlanCells // rows of a shortfall table, lines of a production plan
)

// VariantKey names a product variant in maps and messages: "P1/std", or
// "P2" for a product without variants. Product codes cannot contain "/", so
// SplitVariantKey reverses it.
func VariantKey(product, variant string) string {
	if variant == "" {
		return product
	}
	return product + "/" + variant
}

// SplitVariantKey is the inverse of VariantKey.
func SplitVariantKey(key string) (product, variant string) {
	product, variant, _ = strings.Cut(key, "/")
	return product, variant
}

// rowField is the field name of field in the n-th (1-based) row of a grid,
// as store imports name them: "row 3.qty" (FieldLabel shows 第 3 行 数量).
func rowField(n int, field string) string {
	return "row " + strconv.Itoa(n) + "." + field
}

// checkAmount checks a grid figure: a whole number from 0 to MaxQty.
func checkAmount(v Invalid, field string, n int64) {
	if n < 0 || n > MaxQty {
		v.Add(field, "val.whole", 0, MaxQty)
	}
}

// CheckVariant checks that product exists and has variant (resolving ""
// to its default) and returns the resolved variant. Problems go to v on the
// fields prefix+"product" and prefix+"variant". With products nil only the
// code's syntax is checked.
func CheckVariant(v Invalid, prefix, product, variant string, products ProductLookup) string {
	ValidateCode(v, prefix+"product", product)
	if _, bad := v[prefix+"product"]; bad || products == nil {
		return variant
	}
	p := products(product)
	if p == nil {
		v.Add(prefix+"product", "val.unknown_product", product)
		return variant
	}
	variant = p.VariantOr(variant)
	if variant == "" && len(p.Variants) == 0 || p.HasVariant(variant) {
		return variant
	}
	v.Add(prefix+"variant", "val.unknown_variant", variant, p.Code)
	return variant
}

// CheckPlanCells checks the grid of a forecast or ten-day plan as typed or
// imported and returns it cleaned: the empty variant resolved to the
// product's default, zero cells dropped, sorted by product then variant.
// Every cell needs a known product and variant and a quantity from 0 to
// MaxQty; a product variant may appear once. Problems are reported per cell
// as "row N.field" (N the cell's 1-based position in cells), so an import
// can name its lines; too many cells is reported on "cells".
func CheckPlanCells(cells []PlanCell, products ProductLookup) ([]PlanCell, error) {
	v := Invalid{}
	if len(cells) > MaxPlanCells {
		v.Add("cells", "val.too_many_cells", MaxPlanCells)
		return nil, v.Err()
	}
	out := make([]PlanCell, 0, len(cells))
	seen := map[string]int{}
	for i, c := range cells {
		n := i + 1
		c.Variant = CheckVariant(v, rowField(n, ""), c.Product, c.Variant, products)
		checkAmount(v, rowField(n, "qty"), c.Qty)
		key := VariantKey(c.Product, c.Variant)
		if first, dup := seen[key]; dup {
			v.Add(rowField(n, "variant"), "val.dup_row", first)
		} else {
			seen[key] = n
		}
		if c.Qty > 0 {
			out = append(out, c)
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	sortCells(out)
	return out, nil
}

func sortCells(cells []PlanCell) {
	slices.SortFunc(cells, func(a, b PlanCell) int {
		return cmp.Or(cmp.Compare(a.Product, b.Product), cmp.Compare(a.Variant, b.Variant))
	})
}

// CellTotals sums cells per VariantKey.
func CellTotals(cells []PlanCell) map[string]int64 {
	out := make(map[string]int64, len(cells))
	for _, c := range cells {
		out[VariantKey(c.Product, c.Variant)] += c.Qty
	}
	return out
}

// Total is the sum of the plan's cells.
func (v *PlanVersion) Total() int64 {
	var n int64
	for _, c := range v.Cells {
		n += c.Qty
	}
	return n
}

// Latest is the newest version of the set, nil if there is none.
func (s *PlanSet) Latest() *PlanVersion {
	if s == nil || len(s.Versions) == 0 {
		return nil
	}
	return s.Versions[len(s.Versions)-1]
}

// FirstPublished is the version published first and when: the time that
// counts against the plan's deadline. Nil if no version is published.
func (s *PlanSet) FirstPublished() *PlanVersion {
	var first *PlanVersion
	if s == nil {
		return nil
	}
	for _, v := range s.Versions {
		if !v.Published.IsZero() && (first == nil || v.Published.Before(first.Published)) {
			first = v
		}
	}
	return first
}

// ReferenceOf is the reference of a set of versions: the one published
// last (by publish time; the higher version on a tie), nil if none is.
func ReferenceOf(versions []*PlanVersion) *PlanVersion {
	var ref *PlanVersion
	for _, v := range versions {
		if v.Published.IsZero() {
			continue
		}
		if ref == nil || v.Published.After(ref.Published) || v.Published.Equal(ref.Published) && v.Version > ref.Version {
			ref = v
		}
	}
	return ref
}
