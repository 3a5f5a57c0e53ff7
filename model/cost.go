package model

import (
	"strconv"
	"strings"
)

// Manufacturing cost target achievement (制造成本目标达成率,
// docs/DOMAIN.md#kpis): each month production and the office enter, per
// product, the target unit cost and the actual unit cost in yuan. The
// indicator is Σ target ÷ Σ actual over the products that have both, so
// above 100 % means the month made them cheaper than the target.
//
// Money is held as whole fen (1 yuan = 100 fen) so sums are exact; a cost
// is typed in yuan with at most two decimals.

// Limits of the cost sheet.
const (
	MaxCostYuan = 1_000_000         // the largest unit cost, in yuan: anything above is a typing slip
	MaxCostFen  = MaxCostYuan * 100 // the same in fen
	MaxCostRows = 1000              // products on one month's sheet
)

// CostRow is one product's unit costs of a month, in fen. Actual 0 means
// not known yet: the row does not count until it is.
type CostRow struct {
	Product string `json:"product"` // product code
	Target  int64  `json:"target"`  // target unit cost (目标单位成本), fen, > 0
	Actual  int64  `json:"actual"`  // actual unit cost (实际单位成本), fen, 0 = not known yet
}

// Counts reports whether the row enters the indicator: both costs known.
func (r CostRow) Counts() bool { return r.Target > 0 && r.Actual > 0 }

// Achievement is the row's own target ÷ actual; ok is false when the row
// does not count.
func (r CostRow) Achievement() (v float64, ok bool) {
	if !r.Counts() {
		return 0, false
	}
	return float64(r.Target) / float64(r.Actual), true
}

// CostSheet is a month's cost sheet (制造成本表): one record per month.
type CostSheet struct {
	Meta
	Month Month     `json:"month"`
	Rows  []CostRow `json:"rows"`
}

// CanEditCosts reports whether u keeps the cost sheets: production's lead
// or head, who know the costs, or the office, which compiles them (not an
// administrator, who keeps accounts, not figures).
func CanEditCosts(u *User) bool { return Can(u, ActCostEdit) }

// SetRows replaces the sheet's rows after CheckCostRows; by must be allowed
// (EFORBIDDEN) and the rows valid (EINVALID with "row N.field" errors). On
// error the sheet is unchanged.
func (s *CostSheet) SetRows(by *User, rows []CostRow, products ProductLookup) error {
	if !CanEditCosts(by) {
		return Forbidden(ActCostEdit)
	}
	clean, err := CheckCostRows(rows, products)
	if err != nil {
		return err
	}
	s.Rows = clean
	return nil
}

// CheckCostRows checks a cost sheet as typed or imported and returns it
// with codes trimmed, in the order given: each row a known product, once,
// a target from 0.01 to MaxCostYuan yuan and an actual from 0 (not known
// yet) to MaxCostYuan. Problems are reported as "row N.product",
// "row N.target", "row N.actual" (N the row's 1-based position), so a grid
// marks the cell and an import names the line; too many rows on "rows".
func CheckCostRows(rows []CostRow, products ProductLookup) ([]CostRow, error) {
	v := Invalid{}
	if len(rows) > MaxCostRows {
		v.Add("rows", "val.too_many", MaxCostRows)
		return nil, v.Err()
	}
	out := make([]CostRow, 0, len(rows))
	seen := map[string]int{}
	for i, r := range rows {
		n := i + 1
		r.Product = strings.TrimSpace(r.Product)
		f := rowField(n, "product")
		ValidateCode(v, f, r.Product)
		if _, bad := v[f]; !bad && products != nil && products(r.Product) == nil {
			v.Add(f, "val.unknown_product", r.Product)
		}
		if first, dup := seen[r.Product]; dup && r.Product != "" {
			v.Add(f, "val.dup_row", first)
		} else {
			seen[r.Product] = n
		}
		checkCost(v, rowField(n, "target"), r.Target, true)
		checkCost(v, rowField(n, "actual"), r.Actual, false)
		out = append(out, r)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// checkCost checks a cost held in fen: 0 (when not required) up to
// MaxCostFen.
func checkCost(v Invalid, field string, fen int64, required bool) {
	switch {
	case fen < 0:
		v.Add(field, "val.cost_negative")
	case fen == 0 && required:
		v.Add(field, "val.cost_target_zero")
	case fen > MaxCostFen:
		v.Add(field, "val.cost_max", MaxCostYuan)
	}
}

// CostKPI is the manufacturing cost target achievement of month m over
// rows: Num Σ target, Den Σ actual, in fen, over the rows with both costs
// (CostRow.Counts); Value Num ÷ Den, which passes 1 when the products cost
// less than their targets. No counting row: OK false (no data).
func CostKPI(m Month, rows []CostRow) KPIValue {
	v := KPIValue{KPI: KPICostTarget, Month: m}
	for _, r := range rows {
		if r.Counts() {
			v.Num += r.Target
			v.Den += r.Actual
		}
	}
	if v.Den > 0 {
		v.Value, v.OK = float64(v.Num)/float64(v.Den), true
	}
	return v
}

// ParseYuan reads a unit cost typed in yuan into fen: "12", "12.5",
// "12.50", ASCII or full-width digits and point (１２．５), spaces around
// ignored, "¥" before or "元" after allowed. At most two decimals, 0 to
// MaxCostYuan; signs, thousands separators and exponents are refused. The
// empty string is required (val.required); a caller for whom empty means
// "not known yet" checks that first. Errors are EINVALID *Error values
// whose Text suits a cell.
func ParseYuan(s string) (int64, error) {
	s = strings.TrimSpace(toHalfWidth(s))
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimLeft(s, "¥￥"), "元"))
	if s == "" {
		return 0, Errorf(EINVALID, "val.required")
	}
	if strings.HasPrefix(s, "-") {
		return 0, Errorf(EINVALID, "val.cost_negative")
	}
	whole, frac, dot := strings.Cut(s, ".")
	if whole == "" && frac == "" || !allDigits(whole) || !allDigits(frac) {
		return 0, Errorf(EINVALID, "val.cost_number")
	}
	if dot && len(frac) > 2 {
		return 0, Errorf(EINVALID, "val.cost_decimals")
	}
	if len(strings.TrimLeft(whole, "0")) > len(strconv.Itoa(MaxCostYuan)) {
		return 0, Errorf(EINVALID, "val.cost_max", MaxCostYuan)
	}
	var fen int64
	for _, r := range whole + (frac + "00")[:2] {
		fen = fen*10 + int64(r-'0')
	}
	if fen > MaxCostFen {
		return 0, Errorf(EINVALID, "val.cost_max", MaxCostYuan)
	}
	return fen, nil
}

// allDigits reports whether s is ASCII digits only (true for "").
func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// FormatYuan writes fen as yuan with two decimals: 1250 is "12.50".
func FormatYuan(fen int64) string {
	sign := ""
	if fen < 0 {
		sign, fen = "-", -fen
	}
	return sign + strconv.FormatInt(fen/100, 10) + "." + strconv.FormatInt(fen%100/10, 10) + strconv.FormatInt(fen%10, 10)
}

// FindProduct is the product typed as s: its code (letter case aside), or
// else its name when exactly one product has that name. nil when none.
func FindProduct(products []*Product, s string) *Product {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil
	}
	for _, p := range products {
		if p.Code == s {
			return p
		}
	}
	for _, p := range products {
		if strings.EqualFold(p.Code, s) {
			return p
		}
	}
	var found *Product
	for _, p := range products {
		if strings.TrimSpace(p.Name) == s {
			if found != nil {
				return nil // two products of that name: say the code
			}
			found = p
		}
	}
	return found
}
