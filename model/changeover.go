package model

import (
	"slices"
	"strings"
	"time"
)

// Marking changeovers (有无标示包材交替期间, docs/DOMAIN.md#packaging): while a
// product family's packaging changes between the marked and the unmarked
// kind, both kinds of packaging lie in the workshop. During such a period
// the default variant (the marked one) is what is planned, made and
// bought for, unless sales instructs otherwise on an order line: an open
// order line of the other variant is the instruction. A plan or a report
// that makes the other variant without one is warned of, and is the third
// penalty case of the manual (产销协调流程 责罚 3).

// Limits of changeovers.
const (
	MaxChangeoverDays = 366
	MaxChangeoverNote = 200
)

// Changeover is a marking changeover of one product family.
type Changeover struct {
	ID     uint64    `json:"id"`
	Family string    `json:"family"` // a product family, or the code of a product without one
	From   Date      `json:"from"`
	To     Date      `json:"to"`
	Note   string    `json:"note,omitempty"`
	By     string    `json:"by"`
	At     time.Time `json:"at"`
	Ended  bool      `json:"ended,omitempty"` // called off: it covers nothing
	Meta
}

// Covers reports whether c covers family on day d.
func (c *Changeover) Covers(family string, d Date) bool {
	return !c.Ended && c.Family == family && !d.Before(c.From) && !d.After(c.To)
}

// ChangeoverOn is the changeover covering p on day d, or nil.
func ChangeoverOn(list []*Changeover, p *Product, d Date) *Changeover {
	if p == nil || p.DefaultVariant == "" {
		return nil
	}
	f := FamilyOf(p, p.Code)
	for _, c := range list {
		if c.Covers(f, d) {
			return c
		}
	}
	return nil
}

// CheckChangeover checks a new changeover by by as of today: production or
// sales leaders set them (those who keep products); the family must be one
// of products' (or a product's code), the period from today on, at most a
// year, and not overlap another of the same family.
func CheckChangeover(by *User, c *Changeover, products []*Product, others []*Changeover, today Date) error {
	if !Can(by, ActProductEdit) {
		return Forbidden(ActProductEdit)
	}
	c.Family, c.Note = strings.TrimSpace(c.Family), strings.TrimSpace(c.Note)
	v := Invalid{}
	if !slices.ContainsFunc(products, func(p *Product) bool { return FamilyOf(p, p.Code) == c.Family && p.DefaultVariant != "" }) {
		v.Add("family", "val.changeover_family", c.Family)
	}
	switch {
	case c.From.IsZero():
		v.Add("from", "val.required")
	case c.From.Before(today):
		v.Add("from", "val.date_past", today.String())
	}
	switch {
	case c.To.IsZero():
		v.Add("to", "val.required")
	case !c.From.IsZero() && c.To.Before(c.From):
		v.Add("to", "val.changeover_order")
	case !c.From.IsZero() && c.From.DaysUntil(c.To) >= MaxChangeoverDays:
		v.Add("to", "val.changeover_long", MaxChangeoverDays)
	}
	ValidateText(v, "note", c.Note, false, MaxChangeoverNote, false)
	if len(v) == 0 {
		for _, o := range others {
			if !o.Ended && o.ID != c.ID && o.Family == c.Family && !o.To.Before(c.From) && !c.To.Before(o.From) {
				v.Add("from", "val.changeover_overlap", o.From.String(), o.To.String())
				break
			}
		}
	}
	return v.Err()
}

// ChangeoverWarnings warns of what day d makes (product variant key →
// quantity, a plan's lines or a report's rows) of a variant other than
// the default while a changeover covers its product, with no open order
// line for it (instructed, by variant key). kind is WarnChangeover for a
// plan, WarnChangeoverMade for a report.
func ChangeoverWarnings(list []*Changeover, products ProductLookup, d Date, made []PlanCell, instructed map[string]bool, kind WarningKind) []BalanceWarning {
	var out []BalanceWarning
	for _, m := range made {
		p := products(m.Product)
		if p == nil || m.Qty <= 0 {
			continue
		}
		v := p.VariantOr(m.Variant)
		key := VariantKey(m.Product, v)
		if v == p.DefaultVariant || instructed[key] {
			continue
		}
		if c := ChangeoverOn(list, p, d); c != nil {
			out = append(out, BalanceWarning{Kind: kind, Product: key, Qty: m.Qty, Default: VariantKey(m.Product, p.DefaultVariant),
				Family: c.From.String() + "～" + c.To.String()})
		}
	}
	return out
}
