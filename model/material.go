package model

import (
	"slices"
	"strings"
	"time"
)

// Packaging materials (包材, docs/DOMAIN.md#packaging): films, bags,
// cartons and labels, with or without a special marking (the 一元 price
// mark). Each has a stock kept as a ledger like finished goods, and the
// bill of materials says how much of which material a unit of a product
// variant takes.

// MaterialKind is what a material is.
type MaterialKind string

const (
	MatFilm   MaterialKind = "film"   // 包装膜
	MatBag    MaterialKind = "bag"    // 包装袋
	MatCarton MaterialKind = "carton" // 纸箱、彩盒
	MatLabel  MaterialKind = "label"  // 标签
	MatOther  MaterialKind = "other"
)

// MaterialKinds lists the kinds in display order.
var MaterialKinds = []MaterialKind{MatFilm, MatBag, MatCarton, MatLabel, MatOther}

// Text names the kind for people.
func (k MaterialKind) Text() Text { return T("material.kind." + string(k)) }

// Limits of materials.
const (
	MaxMaterialName = 64
	MaxMarkingLen   = 32
	MaxSupplierLen  = 64
	MaxMaterialLead = 365
	MaxBOMLines     = 50 // lines of one product variant's bill of materials
)

// Material is one packaging material.
type Material struct {
	ID       uint64       `json:"id"`
	Code     string       `json:"code"`
	Name     string       `json:"name"`
	Spec     string       `json:"spec,omitempty"` // 规格: "宽 240mm 镀铝膜"
	Kind     MaterialKind `json:"kind"`
	Unit     string       `json:"unit"`              // 卷, 个, 张
	Marking  string       `json:"marking,omitempty"` // 特殊标示: "一元标示"
	PackSize int64        `json:"pack_size"`         // 包装量/起订量: requests are whole multiples of it
	LeadDays int          `json:"lead_days"`         // the supplier's lead time in calendar days
	// SafetyStock (安全库存) is set by the production head.
	SafetyStock int64  `json:"safety_stock"`
	Supplier    string `json:"supplier,omitempty"`
	Meta
}

// Validate checks a material before it is saved.
func (m *Material) Validate() error {
	v := Invalid{}
	ValidateCode(v, "code", m.Code)
	ValidateText(v, "name", m.Name, true, MaxMaterialName, false)
	ValidateText(v, "spec", m.Spec, false, MaxSpecLen, false)
	ValidateText(v, "unit", m.Unit, true, MaxUnitLen, false)
	ValidateText(v, "marking", m.Marking, false, MaxMarkingLen, false)
	ValidateText(v, "supplier", m.Supplier, false, MaxSupplierLen, false)
	if !slices.Contains(MaterialKinds, m.Kind) {
		v.Add("kind", "val.material_kind")
	}
	if m.PackSize < 1 || m.PackSize > MaxQty {
		v.Add("pack_size", "val.whole", 1, MaxQty)
	}
	if m.LeadDays < 0 || m.LeadDays > MaxMaterialLead {
		v.Add("lead_days", "val.whole", 0, MaxMaterialLead)
	}
	checkAmount(v, "safety_stock", m.SafetyStock)
	return v.Err()
}

// ProductionHead reports whether u is the production head (生产部负责人),
// who sets safety stocks and signs purchase requests.
func ProductionHead(u *User) bool {
	return u != nil && !u.Disabled && u.Dept == DeptProduction && u.Role == RoleHead
}

// CheckMaterialSave checks that by may save m over old (nil: a new
// material): production staff keep materials, and only the production head
// sets or changes a safety stock.
func CheckMaterialSave(by *User, old, m *Material) error {
	if !Can(by, ActMaterialEdit) {
		return Forbidden(ActMaterialEdit)
	}
	m.Code, m.Name = strings.TrimSpace(m.Code), strings.TrimSpace(m.Name)
	v := Invalid{}
	v.Merge(m.Validate())
	var was int64
	if old != nil {
		was = old.SafetyStock
	}
	if m.SafetyStock != was && !ProductionHead(by) {
		if _, bad := v["safety_stock"]; !bad {
			v.Add("safety_stock", "val.safety_head")
		}
	}
	return v.Err()
}

// MaterialLookup finds a material by code (nil if none).
type MaterialLookup func(code string) *Material

// MaterialCause is why material stock moved.
type MaterialCause string

const (
	MatReceived MaterialCause = "receipt"    // a receipt against a purchase request line
	MatIssued   MaterialCause = "issue"      // used by production: a daily report through the bill of materials
	MatAdjusted MaterialCause = "adjustment" // a correction with a reason
	MatCounted  MaterialCause = "count"      // a stock count (盘点) sets the quantity
)

// Text names the cause for people.
func (c MaterialCause) Text() Text { return T("material.cause." + string(c)) }

// MaterialMove is one movement of a material's stock.
type MaterialMove struct {
	Material string        `json:"material"`
	Qty      int64         `json:"qty"`     // signed: in above zero, out below
	Balance  int64         `json:"balance"` // the stock after the movement
	Cause    MaterialCause `json:"cause"`
	Ref      string        `json:"ref,omitempty"` // a request line ("CG-2026-0001/2"), a report ("2026-12-03|1号线|day")
	Reason   string        `json:"reason,omitempty"`
	By       string        `json:"by"`
	At       time.Time     `json:"at"`
}

// MaterialStock is a material's stock on hand. It falls below zero only
// when production reports using more than the books hold (a count puts it
// right); adjustments and counts never take it below zero.
type MaterialStock struct {
	Material string    `json:"material"`
	Qty      int64     `json:"qty"`
	At       time.Time `json:"at,omitzero"` // the last movement
}

// BOMLine is one material of a bill of materials: Qty of it per Per units
// of the product (1 roll of film per 25 件; 1 carton per 1 件).
type BOMLine struct {
	Material string `json:"material"`
	Qty      int64  `json:"qty"`
	Per      int64  `json:"per"`
}

// For is the material units needs: units × Qty ÷ Per, rounded up.
func (l BOMLine) For(units int64) int64 {
	if units <= 0 || l.Per <= 0 {
		return 0
	}
	return (units*l.Qty + l.Per - 1) / l.Per
}

// BOM is the bill of materials of one product variant (Variant "" for a
// product without variants).
type BOM struct {
	Product string    `json:"product"`
	Variant string    `json:"variant,omitempty"`
	Lines   []BOMLine `json:"lines"`
	Meta
}

// Line returns the line of material, or nil.
func (b *BOM) Line(material string) *BOMLine {
	if b == nil {
		return nil
	}
	for i := range b.Lines {
		if b.Lines[i].Material == material {
			return &b.Lines[i]
		}
	}
	return nil
}

// CheckBOMLines checks a bill of materials as typed or imported and returns
// it sorted by material: each material known (when materials is not nil)
// and once, a quantity from 1 and a "per" from 1 (0 reads as 1). Problems
// are reported as "row N.field".
func CheckBOMLines(lines []BOMLine, materials MaterialLookup) ([]BOMLine, error) {
	v := Invalid{}
	if len(lines) > MaxBOMLines {
		v.Add("rows", "val.too_many", MaxBOMLines)
		return nil, v.Err()
	}
	out := make([]BOMLine, 0, len(lines))
	seen := map[string]int{}
	for i, l := range lines {
		n := i + 1
		l.Material = strings.TrimSpace(l.Material)
		ValidateCode(v, rowField(n, "material"), l.Material)
		if _, bad := v[rowField(n, "material")]; !bad && materials != nil && materials(l.Material) == nil {
			v.Add(rowField(n, "material"), "val.unknown_material", l.Material)
		}
		if first, dup := seen[l.Material]; dup {
			v.Add(rowField(n, "material"), "val.dup_row", first)
		}
		seen[l.Material] = n
		if l.Qty < 1 || l.Qty > MaxQty {
			v.Add(rowField(n, "qty"), "val.whole", 1, MaxQty)
		}
		if l.Per == 0 {
			l.Per = 1
		}
		if l.Per < 1 || l.Per > MaxQty {
			v.Add(rowField(n, "per"), "val.whole", 1, MaxQty)
		}
		out = append(out, l)
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b BOMLine) int { return strings.Compare(a.Material, b.Material) })
	return out, nil
}
