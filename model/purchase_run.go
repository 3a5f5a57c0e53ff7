package model

import (
	"cmp"
	"slices"
	"strconv"
)

// The requirement run (docs/DOMAIN.md#packaging): for each material, what
// production will use over its horizon (the published production plans,
// else the ten-day plans, else the monthly forecast, through the bill of
// materials), plus its safety stock, less what is on hand and what signed
// requests still bring in, rounded up to whole packs. Every figure keeps
// how it was made.

// PurchaseCoverDays is how many days of use after the supplier's lead time
// a request covers: the horizon of a material is tomorrow through today +
// its lead time + PurchaseCoverDays.
const PurchaseCoverDays = 7

// UsageKind is where a product's expected production comes from.
type UsageKind string

const (
	UsePlan     UsageKind = "plan"     // published next-day production plans
	UseTenDay   UsageKind = "tenday"   // the ten-day plan's reference, prorated to the days
	UseForecast UsageKind = "forecast" // the month's forecast reference, prorated to the days
)

// UsageKinds lists the kinds in the order of preference.
var UsageKinds = []UsageKind{UsePlan, UseTenDay, UseForecast}

// Text names the kind for people.
func (k UsageKind) Text() Text { return T("purchase.use." + string(k)) }

// Usage is a product variant's expected production from one source over
// some days of a horizon: Units = Qty for plans (the sum of the days' plan
// lines), else Qty × Days ÷ Of rounded up (Of the days of the period).
type Usage struct {
	Kind    UsageKind `json:"kind"`
	Product string    `json:"product"`
	Variant string    `json:"variant,omitempty"`
	Ref     string    `json:"ref"`             // the period ("2026-12-2", "2026-12") or the plan days ("2026-12-04…2026-12-05")
	Period  Period    `json:"period,omitzero"` // the ten-day plan's or forecast's period
	Qty     int64     `json:"qty"`
	Days    int       `json:"days"`
	Of      int       `json:"of,omitempty"`
	Units   int64     `json:"units"`
	// AsDefault is the variant the source asked for when, during a marking
	// changeover and without an order line for it, its units count as the
	// default variant (Variant).
	AsDefault string `json:"as_default,omitempty"`
}

// MaterialUse is a usage that takes a material: Need = Units × Qty ÷ Per
// of its bill of materials line, rounded up.
type MaterialUse struct {
	Usage
	BOMQty int64 `json:"bom_qty"`
	BOMPer int64 `json:"bom_per"`
	Need   int64 `json:"need"`
}

// MaterialBasis is how the run arrived at a material's proposal:
// Net = Gross + Safety − OnHand − Open, and Proposed = Net rounded up to
// whole packs (0 when Net ≤ 0).
type MaterialBasis struct {
	Material string        `json:"material"`
	Unit     string        `json:"unit,omitempty"`
	From     Date          `json:"from"`
	To       Date          `json:"to"`
	NeededBy Date          `json:"needed_by"`
	Uses     []MaterialUse `json:"uses,omitempty"`
	Gross    int64         `json:"gross"`
	Safety   int64         `json:"safety"`
	OnHand   int64         `json:"on_hand"`
	Open     int64         `json:"open"`
	Net      int64         `json:"net"`
	Pack     int64         `json:"pack"`
	Proposed int64         `json:"proposed"`
}

// Same reports whether b and o arrive at the same figures over the same
// horizon.
func (b *MaterialBasis) Same(o *MaterialBasis) bool {
	return b.From == o.From && b.To == o.To && b.Gross == o.Gross && b.Safety == o.Safety && b.OnHand == o.OnHand &&
		b.Open == o.Open && b.Proposed == o.Proposed && len(b.Uses) == len(o.Uses)
}

// ByKind is the gross need from each kind of source, in UsageKinds order.
func (b *MaterialBasis) ByKind() []int64 {
	out := make([]int64, len(UsageKinds))
	for _, u := range b.Uses {
		out[slices.Index(UsageKinds, u.Kind)] += u.Need
	}
	return out
}

// Explain is the proposal in three lines: the use over the horizon by
// source, the net need, and the rounding to packs.
func (b *MaterialBasis) Explain() [3]Text {
	k := b.ByKind()
	out := [3]Text{
		T("purchase.basis.use", b.From.String(), b.To.String(), k[0], k[1], k[2], b.Gross, b.Unit),
		T("purchase.basis.net", b.Gross, b.Safety, b.OnHand, b.Open, b.Net, b.Unit),
		T("purchase.basis.round", b.Net, b.Pack, b.Proposed, b.Unit),
	}
	if b.Net <= 0 {
		out[2] = T("purchase.basis.none")
	}
	return out
}

// RunInput is what the requirement run reads, as of Today.
type RunInput struct {
	Today     Date
	Materials []*Material
	BOMs      []*BOM
	OnHand    map[string]int64 // stock on hand per material
	Open      map[string]int64 // still to come in on signed requests, per material
	// Plans are the published production plans (as published) by
	// production day; TenDays and Forecasts the reference cells of the
	// published ten-day plans and forecasts (a period absent: none
	// published).
	Plans     map[Date][]ProductionLine
	TenDays   map[Period][]PlanCell
	Forecasts map[Month][]PlanCell
	// During Changeovers a forecast or ten-day plan of a variant other
	// than the default counts as the default, unless Instructed (an open
	// order line asks for it, by variant key). Products finds products
	// (nil: no changeover applies).
	Products    ProductLookup
	Changeovers []*Changeover
	Instructed  map[string]bool
}

// Horizon is the days a material's request covers: tomorrow through today
// + its lead time + PurchaseCoverDays.
func Horizon(today Date, m *Material) (from, to Date) {
	return today.AddDays(1), today.AddDays(m.LeadDays + PurchaseCoverDays)
}

// ProductUsage is the expected production of every product variant over
// [from, to]: a day with a published production plan counts its plan (a
// product it does not list is not made that day); the other days count the
// ten-day plan of their period prorated, or, for a period without one, the
// month's forecast prorated. Usages are sorted by product, variant, kind,
// ref.
func ProductUsage(in *RunInput, from, to Date) []Usage {
	var out []Usage
	type pv struct{ product, variant string }
	planned := map[pv]int64{}
	var planDays []Date
	tenDays := map[Period]int{}
	monthDays := map[Month]int{}
	// covered counts, per period of the prorated sources, the days a
	// changeover covers each family.
	covered := map[Period]map[string]int{}
	cover := func(p Period, d Date) {
		for _, c := range in.Changeovers {
			if !c.Ended && !d.Before(c.From) && !d.After(c.To) {
				if covered[p] == nil {
					covered[p] = map[string]int{}
				}
				covered[p][c.Family]++
			}
		}
	}
	for d := from; !d.After(to); d = d.AddDays(1) {
		if lines, ok := in.Plans[d]; ok {
			planDays = append(planDays, d)
			for _, l := range lines {
				planned[pv{l.Product, l.Variant}] += l.Qty
			}
			continue
		}
		if p := TenDayOf(d); in.TenDays[p] != nil {
			tenDays[p]++
			cover(p, d)
		} else {
			monthDays[MonthOf(d)]++
			cover(Period{Kind: PlanForecast, Month: MonthOf(d)}, d)
		}
	}
	if len(planDays) > 0 {
		ref := planDays[0].String()
		if n := len(planDays); n > 1 {
			ref += "…" + planDays[n-1].String()
		}
		for k, q := range planned {
			if q > 0 {
				out = append(out, Usage{Kind: UsePlan, Product: k.product, Variant: k.variant, Ref: ref, Qty: q, Days: len(planDays), Units: q})
			}
		}
	}
	prorate := func(kind UsageKind, p Period, cells []PlanCell, days, of int) {
		use := func(c PlanCell, variant, asDefault string, n int) {
			if n > 0 {
				out = append(out, Usage{Kind: kind, Product: c.Product, Variant: variant, Ref: p.String(), Period: p, Qty: c.Qty,
					Days: n, Of: of, Units: (c.Qty*int64(n) + int64(of) - 1) / int64(of), AsDefault: asDefault})
			}
		}
		for _, c := range cells {
			if c.Qty <= 0 {
				continue
			}
			// The days a changeover covers the product count as its
			// default variant, unless sales asked for this one on an order.
			m := 0
			var prod *Product
			if in.Products != nil {
				prod = in.Products(c.Product)
			}
			if prod != nil && prod.DefaultVariant != "" && c.Variant != prod.DefaultVariant && !in.Instructed[VariantKey(c.Product, c.Variant)] {
				m = covered[p][FamilyOf(prod, prod.Code)]
			}
			use(c, c.Variant, "", days-m)
			if m > 0 {
				use(c, prod.DefaultVariant, c.Variant, m)
			}
		}
	}
	for p, n := range tenDays {
		prorate(UseTenDay, p, in.TenDays[p], n, p.Days())
	}
	for m, n := range monthDays {
		if cells := in.Forecasts[m]; cells != nil {
			prorate(UseForecast, Period{Kind: PlanForecast, Month: m}, cells, n, m.First().DaysUntil(m.Last())+1)
		}
	}
	slices.SortFunc(out, func(a, b Usage) int {
		return cmp.Or(cmp.Compare(a.Product, b.Product), cmp.Compare(a.Variant, b.Variant),
			cmp.Compare(slices.Index(UsageKinds, a.Kind), slices.Index(UsageKinds, b.Kind)), cmp.Compare(a.Ref, b.Ref))
	})
	return out
}

// RequirementRun is the run's figures for every material of in, by code.
func RequirementRun(in *RunInput) []MaterialBasis {
	type use struct {
		product, variant string
		line             BOMLine
	}
	byMaterial := map[string][]use{}
	for _, b := range in.BOMs {
		for _, l := range b.Lines {
			byMaterial[l.Material] = append(byMaterial[l.Material], use{b.Product, b.Variant, l})
		}
	}
	// The usage of every product variant, per horizon end (materials with
	// the same lead time share it).
	usages := map[Date]map[string][]Usage{}
	usageOf := func(from, to Date) map[string][]Usage {
		if u, ok := usages[to]; ok {
			return u
		}
		u := map[string][]Usage{}
		for _, x := range ProductUsage(in, from, to) {
			k := VariantKey(x.Product, x.Variant)
			u[k] = append(u[k], x)
		}
		usages[to] = u
		return u
	}
	out := make([]MaterialBasis, 0, len(in.Materials))
	for _, m := range in.Materials {
		from, to := Horizon(in.Today, m)
		b := MaterialBasis{Material: m.Code, Unit: m.Unit, From: from, To: to, NeededBy: in.Today.AddDays(max(m.LeadDays, 1)),
			Safety: m.SafetyStock, OnHand: in.OnHand[m.Code], Open: in.Open[m.Code], Pack: m.PackSize}
		uses := byMaterial[m.Code]
		if len(uses) > 0 {
			per := usageOf(from, to)
			for _, x := range uses {
				for _, u := range per[VariantKey(x.product, x.variant)] {
					need := x.line.For(u.Units)
					b.Uses = append(b.Uses, MaterialUse{Usage: u, BOMQty: x.line.Qty, BOMPer: x.line.Per, Need: need})
					b.Gross += need
				}
			}
		}
		b.Net = b.Gross + b.Safety - b.OnHand - b.Open
		b.Proposed = RoundUpToBatch(b.Net, b.Pack)
		out = append(out, b)
	}
	slices.SortFunc(out, func(a, b MaterialBasis) int { return cmp.Compare(a.Material, b.Material) })
	return out
}

// UseLine is one use of a basis for people: "2026-12-04…2026-12-05 生产计划
// 18g 香辣鱼豆腐 带一元标示 600 件 × 1/25 = 24", "2026-12 上旬计划 …
// 2370×6÷10=1422 件 × 1/25 = 57" (name names a product variant).
func (u MaterialUse) UseLine(name func(product, variant string) string) Text {
	units := strconv.FormatInt(u.Units, 10)
	var source any = T("purchase.basis.plan_days", u.Ref)
	if u.Kind != UsePlan {
		units = strconv.FormatInt(u.Qty, 10) + "×" + strconv.Itoa(u.Days) + "÷" + strconv.Itoa(u.Of) + "=" + units
		source = periodName(u.Period)
	}
	if u.AsDefault != "" {
		return T("purchase.basis.use_changeover", source, name(u.Product, u.AsDefault), units, name(u.Product, u.Variant),
			u.BOMQty, u.BOMPer, u.Need)
	}
	return T("purchase.basis.use_line", source, name(u.Product, u.Variant), units, u.BOMQty, u.BOMPer, u.Need)
}

// periodName shows a period by its name in the reader's language.
type periodName Period

// In is the period's name in lang.
func (p periodName) In(lang string) string { return Period(p).Name(lang) }
