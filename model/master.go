package model

import (
	"strings"
	"time"
)

// Grade is a customer's grade (客户分类等级): A ranks first in the queue.
type Grade string

const (
	GradeA Grade = "A"
	GradeB Grade = "B"
	GradeC Grade = "C"
)

// Grades lists the grades in rank order.
var Grades = []Grade{GradeA, GradeB, GradeC}

// Valid reports whether g is a known grade.
func (g Grade) Valid() bool { return g == GradeA || g == GradeB || g == GradeC }

// Rank is g's position in the queue: A 0, B 1, C 2, anything else 3 (last).
func (g Grade) Rank() int {
	switch g {
	case GradeA:
		return 0
	case GradeB:
		return 1
	case GradeC:
		return 2
	}
	return 3
}

// Limits on master data.
const (
	MaxCodeLen        = 32
	MaxCustomerName   = 100
	MaxRegionLen      = 32
	MaxProductName    = 64
	MaxSpecLen        = 64
	MaxUnitLen        = 8
	MaxVariantName    = 32
	MaxFamilyLen      = 32
	MaxReasonLen      = 200
	MaxLeadTimeDays   = 365
	MaxStockAdjustQty = MaxQty
)

// ValidateCode checks a code (customer, product, variant): 1–32 ASCII
// letters, digits and - _ . (K3 codes such as 01.02.003 fit).
func ValidateCode(v Invalid, field, code string) {
	if code == "" {
		v.Add(field, "val.required")
		return
	}
	if len(code) > MaxCodeLen {
		v.Add(field, "val.too_long", MaxCodeLen)
		return
	}
	for _, r := range code {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.'
		if !ok {
			v.Add(field, "val.code_chars")
			return
		}
	}
}

// Customer is a customer of the factory.
type Customer struct {
	ID     uint64 `json:"id"`
	Code   string `json:"code"`
	Name   string `json:"name"`
	Region string `json:"region,omitempty"`
	Grade  Grade  `json:"grade"`
	Meta
}

// Validate checks a customer before it is saved.
func (c *Customer) Validate() error {
	v := Invalid{}
	ValidateCode(v, "code", c.Code)
	ValidateText(v, "name", c.Name, true, MaxCustomerName, false)
	ValidateText(v, "region", c.Region, false, MaxRegionLen, false)
	if c.Grade == "" {
		v.Add("grade", "val.required")
	} else if !c.Grade.Valid() {
		v.Add("grade", "val.grade")
	}
	return v.Err()
}

// Variant is one variant of a product, e.g. with or without the 一元标示
// price mark.
type Variant struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// Product is a finished product.
type Product struct {
	ID             uint64    `json:"id"`
	Code           string    `json:"code"`
	Name           string    `json:"name"`
	Spec           string    `json:"spec,omitempty"` // e.g. 18g 香辣鱼豆腐
	Unit           string    `json:"unit"`           // e.g. 件
	Variants       []Variant `json:"variants,omitempty"`
	DefaultVariant string    `json:"default_variant,omitempty"`
	EconomicBatch  int64     `json:"economic_batch"` // 经济批量
	DailyCapacity  int64     `json:"daily_capacity"`
	LeadTimeDays   int       `json:"lead_time_days"` // working days before production can start
	// Family groups products that should be made in balance, e.g. the
	// three flavours of 果然有鱼; empty means the product is its own family
	// (its variants are then the members).
	Family string `json:"family,omitempty"`
	Meta
}

// Validate checks a product before it is saved.
func (p *Product) Validate() error {
	v := Invalid{}
	ValidateCode(v, "code", p.Code)
	ValidateText(v, "name", p.Name, true, MaxProductName, false)
	ValidateText(v, "spec", p.Spec, false, MaxSpecLen, false)
	ValidateText(v, "unit", p.Unit, true, MaxUnitLen, false)
	ValidateText(v, "family", p.Family, false, MaxFamilyLen, false)
	seen := map[string]bool{}
	for _, vr := range p.Variants {
		ValidateCode(v, "variants", vr.Code)
		ValidateText(v, "variants", vr.Name, true, MaxVariantName, false)
		if seen[vr.Code] {
			v.Add("variants", "val.variant_dup", vr.Code)
		}
		seen[vr.Code] = true
	}
	if p.DefaultVariant != "" && !seen[p.DefaultVariant] || p.DefaultVariant == "" && len(p.Variants) > 0 {
		v.Add("default_variant", "val.default_variant")
	}
	if p.EconomicBatch <= 0 || p.EconomicBatch > MaxQty {
		v.Add("economic_batch", "val.positive_max", MaxQty)
	}
	if p.DailyCapacity <= 0 || p.DailyCapacity > MaxQty {
		v.Add("daily_capacity", "val.positive_max", MaxQty)
	}
	if p.LeadTimeDays < 0 || p.LeadTimeDays > MaxLeadTimeDays {
		v.Add("lead_time", "val.lead_time", MaxLeadTimeDays)
	}
	return v.Err()
}

// HasVariant reports whether code is one of p's variants.
func (p *Product) HasVariant(code string) bool {
	for _, vr := range p.Variants {
		if vr.Code == code {
			return true
		}
	}
	return false
}

// VariantOr is the code of p's variant typed as s, by its code or its name
// (people type names; codes are the stable key); p's default variant when
// s is empty; s itself when p has no such variant, for the caller to refuse.
func (p *Product) VariantOr(s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		return p.DefaultVariant
	}
	if p.HasVariant(s) {
		return s
	}
	for _, v := range p.Variants {
		if v.Name == s {
			return v.Code
		}
	}
	return s
}

// ProductLookup finds a product by code; it returns nil when there is none.
type ProductLookup func(code string) *Product

// Stock is the finished-goods stock of one product variant.
type Stock struct {
	ProductCode string `json:"product_code"`
	Variant     string `json:"variant,omitempty"`
	Qty         int64  `json:"qty"`
	Meta
}

// Validate checks a stock record.
func (s *Stock) Validate() error {
	v := Invalid{}
	ValidateCode(v, "product", s.ProductCode)
	if s.Variant != "" {
		ValidateCode(v, "variant", s.Variant)
	}
	if s.Qty < 0 {
		v.Add("qty", "val.stock_negative")
	}
	return v.Err()
}

// StockAdjustment is an audited change of stock (盘点, breakage, a
// correction): Delta is added to the stock.
type StockAdjustment struct {
	ProductCode string    `json:"product_code"`
	Variant     string    `json:"variant,omitempty"`
	Delta       int64     `json:"delta"`
	Reason      string    `json:"reason"`
	By          string    `json:"by"`
	At          time.Time `json:"at"`
}

// Validate checks an adjustment before it is applied.
func (a *StockAdjustment) Validate() error {
	v := Invalid{}
	ValidateCode(v, "product", a.ProductCode)
	if a.Variant != "" {
		ValidateCode(v, "variant", a.Variant)
	}
	if a.Delta == 0 {
		v.Add("delta", "val.delta_zero")
	} else if a.Delta > MaxStockAdjustQty || a.Delta < -MaxStockAdjustQty {
		v.Add("delta", "val.qty_max", MaxStockAdjustQty)
	}
	ValidateText(v, "reason", a.Reason, true, MaxReasonLen, false)
	return v.Err()
}

// Apply adds a valid adjustment to s; stock may not go below zero.
func (s *Stock) Apply(a *StockAdjustment) error {
	if err := a.Validate(); err != nil {
		return err
	}
	if a.ProductCode != s.ProductCode || a.Variant != s.Variant {
		return Errorf(EINVALID, "err.stock_mismatch", a.ProductCode, s.ProductCode)
	}
	if s.Qty+a.Delta < 0 {
		v := Invalid{}
		v.Add("delta", "val.stock_below_zero", s.Qty)
		return v.Err()
	}
	s.Qty += a.Delta
	return nil
}

// VariantsText writes variants as "mark:带一元标示;plain:无一元标示".
func VariantsText(vs []Variant) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = v.Code + ":" + v.Name
	}
	return strings.Join(parts, ";")
}

// ParseVariants reads "code:name;code:name" (full-width ； and ： too); a
// variant without a name is named by its code; empty parts are skipped.
func ParseVariants(s string) []Variant {
	var out []Variant
	for _, part := range strings.FieldsFunc(s, func(r rune) bool { return r == ';' || r == '；' }) {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		code, name, ok := strings.Cut(strings.Replace(part, "：", ":", 1), ":")
		code, name = strings.TrimSpace(code), strings.TrimSpace(name)
		if !ok || name == "" {
			name = code
		}
		out = append(out, Variant{Code: code, Name: name})
	}
	return out
}

// ParseWhole reads a whole number from lo to hi (ASCII or full-width
// digits), for quantities that may be 0 (a stock count) and day counts.
func ParseWhole(s string, lo, hi int64) (int64, error) {
	s = strings.TrimSpace(toHalfWidth(s))
	if s == "" {
		return 0, Errorf(EINVALID, "val.required")
	}
	var n int64
	for _, r := range s {
		if r < '0' || r > '9' {
			return 0, Errorf(EINVALID, "val.whole", lo, hi)
		}
		if n <= hi {
			n = n*10 + int64(r-'0')
		}
	}
	if n < lo || n > hi {
		return 0, Errorf(EINVALID, "val.whole", lo, hi)
	}
	return n, nil
}

// VariantName is the name people know variant code by ("带一元标示"); the
// code itself for an unknown variant, "" for none.
func (p *Product) VariantName(code string) string {
	for _, v := range p.Variants {
		if v.Code == code {
			return v.Name
		}
	}
	return code
}

// DefaultVariantOf reads a default variant typed as a code or a name among
// vs; empty means the first variant. An unknown one is kept as typed, for
// Validate to refuse next to the field.
func DefaultVariantOf(vs []Variant, s string) string {
	s = strings.TrimSpace(s)
	if s == "" {
		if len(vs) > 0 {
			return vs[0].Code
		}
		return ""
	}
	for _, v := range vs {
		if v.Code == s || v.Name == s {
			return v.Code
		}
	}
	return s
}

// VariantByCodeOrName finds p's variant by its code or its name, as people
// type it; EINVALID on "variant" when p has none such.
func VariantByCodeOrName(p *Product, s string) (string, error) {
	s = strings.TrimSpace(s)
	for _, v := range p.Variants {
		if v.Code == s || v.Name == s {
			return v.Code, nil
		}
	}
	if s == "" && len(p.Variants) == 0 {
		return "", nil
	}
	v := Invalid{}
	v.Add("variant", "val.unknown_variant", s, p.Code)
	return "", v.Err()
}

// KeyNamer names "product/variant" keys (VariantKey) for people: the
// product's name and the variant's, or the key as it is for an unknown
// product.
func KeyNamer(products []*Product) func(key string) string {
	byCode := make(map[string]*Product, len(products))
	for _, p := range products {
		byCode[p.Code] = p
	}
	return func(key string) string {
		code, variant := SplitVariantKey(key)
		p := byCode[code]
		if p == nil {
			return key
		}
		if variant == "" {
			return p.Name
		}
		return p.Name + " " + p.VariantName(variant)
	}
}
