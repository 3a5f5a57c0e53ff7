package model

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"xietong/i18n"
)

// The next-day production plan (次日生产计划, docs/DOMAIN.md#planning).

// Processes lists the processes in display order.
var Processes = []Process{ProcessFront, ProcessOutsourced}

// Valid reports whether p is a known process.
func (p Process) Valid() bool { return p == ProcessFront || p == ProcessOutsourced }

// Text is the process's name for people.
func (p Process) Text() Text { return T("process." + string(p)) }

// RoundUpToBatch rounds need up to a whole number of economic batches: 0
// (or less) stays 0, and a batch of 1 or less leaves need as it is.
func RoundUpToBatch(need, batch int64) int64 {
	if need <= 0 {
		return 0
	}
	if batch <= 1 {
		return need
	}
	return (need + batch - 1) / batch * batch
}

// ProposePlan drafts the production plan for date from a published
// shortfall table: one front-process line per row with Figure > 0, Need
// the figure and Proposed = Qty the figure rounded up to the product's
// economic batch (unknown products are not rounded). Lines follow the
// table's order (product, then variant).
func ProposePlan(date Date, sf *Shortfall, products ProductLookup) *ProductionPlan {
	plan := &ProductionPlan{Date: date, Lines: []ProductionLine{}}
	if sf == nil {
		return plan
	}
	for _, r := range sf.Rows {
		if r.Figure <= 0 {
			continue
		}
		var batch int64
		if products != nil {
			if p := products(r.Product); p != nil {
				batch = p.EconomicBatch
			}
		}
		q := RoundUpToBatch(r.Figure, batch)
		plan.Lines = append(plan.Lines, ProductionLine{Product: r.Product, Variant: r.Variant,
			Need: r.Figure, Proposed: q, Qty: q, Process: ProcessFront})
	}
	return plan
}

// FamilyOf names the family of product code p (see Product.Family): its
// Family, or the product's own code when it has none (its variants are
// then the members). An unknown product is its own family.
func FamilyOf(p *Product, code string) string {
	if p != nil && p.Family != "" {
		return p.Family
	}
	return code
}

// BalanceWarnings finds families (products sharing a Family, or the
// variants of one product) of which at least two members are short in the
// shortfall table (Figure > 0) and some but not all of those are planned
// (Qty > 0 on some line of plan): 三个口味都缺货，只投一个口味
// (docs/DOMAIN.md#planning). Members are named by VariantKey; warnings are
// sorted by family.
func BalanceWarnings(plan *ProductionPlan, sf *Shortfall, products []*Product) []BalanceWarning {
	if plan == nil || sf == nil {
		return nil
	}
	byCode := make(map[string]*Product, len(products))
	for _, p := range products {
		byCode[p.Code] = p
	}
	planned := map[string]bool{}
	for _, l := range plan.Lines {
		if l.Qty > 0 {
			planned[VariantKey(l.Product, l.Variant)] = true
		}
	}
	type family struct{ short, planned []string }
	families := map[string]*family{}
	for _, r := range sf.Rows {
		if r.Figure <= 0 {
			continue
		}
		name := FamilyOf(byCode[r.Product], r.Product)
		f := families[name]
		if f == nil {
			f = &family{}
			families[name] = f
		}
		key := r.Key()
		if slices.Contains(f.short, key) {
			continue
		}
		f.short = append(f.short, key)
		if planned[key] {
			f.planned = append(f.planned, key)
		}
	}
	var out []BalanceWarning
	for name, f := range families {
		if len(f.short) >= 2 && len(f.planned) >= 1 && len(f.planned) < len(f.short) {
			slices.Sort(f.short)
			slices.Sort(f.planned)
			out = append(out, BalanceWarning{Kind: WarnBalance, Family: name, Short: f.short, Planned: f.planned})
		}
	}
	slices.SortFunc(out, func(a, b BalanceWarning) int { return cmp.Compare(a.Family, b.Family) })
	return out
}

// PlanWarnings are what a production planner is told before publishing:
// the families out of balance (BalanceWarnings), then each line whose
// quantity is not a whole number of the product's economic batches or
// that makes a non-default variant sales did not ask for, then each
// product whose front-process lines together exceed its daily capacity.
//
// Sales asks for a variant through the shortfall table the plan is based
// on: order lines or a ten-day plan for it. Without that, the default (the
// price-marked packaging) is what is made, even while packaging of the
// other kind is at hand (3、在有无标示包材交替期间…默认生产有标示的产品).
func PlanWarnings(plan *ProductionPlan, sf *Shortfall, products []*Product) []BalanceWarning {
	out := BalanceWarnings(plan, sf, products)
	if plan == nil {
		return out
	}
	byCode := make(map[string]*Product, len(products))
	for _, p := range products {
		byCode[p.Code] = p
	}
	asked := map[string]bool{}
	if sf != nil {
		for _, r := range sf.Rows {
			if r.OrderDemand+r.PlanRemainder > 0 {
				asked[r.Key()] = true
			}
		}
	}
	day := map[string]int64{}
	var order []string
	for _, l := range plan.Lines {
		p := byCode[l.Product]
		if p == nil || l.Qty <= 0 {
			continue
		}
		key := VariantKey(l.Product, l.Variant)
		if p.EconomicBatch > 1 && l.Qty%p.EconomicBatch != 0 {
			out = append(out, BalanceWarning{Kind: WarnBatch, Product: key, Qty: l.Qty, Limit: p.EconomicBatch})
		}
		if l.Variant != "" && p.DefaultVariant != "" && l.Variant != p.DefaultVariant && !asked[key] {
			out = append(out, BalanceWarning{Kind: WarnVariant, Product: key, Qty: l.Qty, Default: VariantKey(l.Product, p.DefaultVariant)})
		}
		if l.Process != ProcessOutsourced {
			if _, seen := day[l.Product]; !seen {
				order = append(order, l.Product)
			}
			day[l.Product] += l.Qty
		}
	}
	for _, code := range order {
		if p := byCode[code]; p.DailyCapacity > 0 && day[code] > p.DailyCapacity {
			out = append(out, BalanceWarning{Kind: WarnCapacity, Product: code, Qty: day[code], Limit: p.DailyCapacity})
		}
	}
	return out
}

// ReportWarnings are the warnings on a daily report: each row that made a
// non-default variant (the unmarked packaging) the published production
// plan of its day did not ask for (plan nil: no published plan) — the
// seed's changeover rule, as PlanWarnings applies it to plans.
func ReportWarnings(r *DailyReport, plan *ProductionPlan, products []*Product) []BalanceWarning {
	byCode := make(map[string]*Product, len(products))
	for _, p := range products {
		byCode[p.Code] = p
	}
	planned := map[string]int64{}
	if plan != nil && !plan.Published.IsZero() {
		planned = plan.PlannedQty()
	}
	var out []BalanceWarning
	for _, row := range r.Rows {
		p := byCode[row.Product]
		if p == nil || row.Actual <= 0 || p.DefaultVariant == "" {
			continue
		}
		v := p.VariantOr(row.Variant)
		key := VariantKey(row.Product, v)
		if v != p.DefaultVariant && planned[key] == 0 {
			out = append(out, BalanceWarning{Kind: WarnVariantMade, Product: key, Qty: row.Actual, Default: VariantKey(row.Product, p.DefaultVariant)})
		}
	}
	return out
}

// Message is the warning in lang, members and products named by name (a
// product's name and variant's, from "product/variant").
func (w BalanceWarning) Message(lang string, name func(key string) string) string {
	names := func(keys []string) string {
		out := make([]string, len(keys))
		for i, k := range keys {
			out[i] = name(k)
		}
		return strings.Join(out, i18n.T(lang, "ui.list_sep"))
	}
	switch w.Kind {
	case WarnBatch:
		return i18n.T(lang, "ui.plan.warn_batch", name(w.Product), w.Qty, w.Limit)
	case WarnCapacity:
		return i18n.T(lang, "ui.plan.warn_capacity", name(w.Product), w.Qty, w.Limit)
	case WarnVariant:
		return i18n.T(lang, "ui.plan.warn_variant", name(w.Product), w.Qty, name(w.Default))
	case WarnVariantMade:
		return i18n.T(lang, "ui.rep.warn_variant", name(w.Product), w.Qty, name(w.Default))
	case WarnChangeover:
		return i18n.T(lang, "ui.plan.warn_changeover", w.Family, name(w.Product), w.Qty, name(w.Default))
	case WarnChangeoverMade:
		return i18n.T(lang, "ui.rep.warn_changeover", w.Family, name(w.Product), w.Qty, name(w.Default))
	}
	return i18n.T(lang, "ui.plan.balance", w.Family, names(w.Short), names(w.Planned))
}

// Check checks a production plan before it is saved and tidies it: a date,
// at most MaxPlanRows lines, each with a known product variant (the empty
// variant is the product's default), Qty from 0 to MaxQty, Need and
// Proposed not negative, a process (empty means front), a remark of one
// line of at most MaxLineText, and no product variant twice in the same
// process. Line problems are "lines.N.field", N the line's 1-based position.
func (p *ProductionPlan) Check(products ProductLookup) error {
	v := Invalid{}
	if p.Date.IsZero() {
		v.Add("date", "val.required")
	}
	if len(p.Lines) > MaxPlanRows {
		v.Add("lines", "val.too_many_rows", MaxPlanRows)
		return v.Err()
	}
	seen := map[string]int{}
	for i := range p.Lines {
		l := &p.Lines[i]
		pre := "lines." + strconv.Itoa(i+1) + "."
		l.Variant = CheckVariant(v, pre, l.Product, l.Variant, products)
		checkAmount(v, pre+"qty", l.Qty)
		if l.Need < 0 || l.Need > maxInput {
			v.Add(pre+"need", "val.whole", 0, int64(maxInput))
		}
		if l.Proposed < 0 || l.Proposed > maxInput {
			v.Add(pre+"proposed", "val.whole", 0, int64(maxInput))
		}
		if l.Process == "" {
			l.Process = ProcessFront
		}
		if !l.Process.Valid() {
			v.Add(pre+"process", "val.process", string(l.Process))
		}
		ValidateText(v, pre+"remark", l.Remark, false, MaxLineText, false)
		key := VariantKey(l.Product, l.Variant) + " " + string(l.Process)
		if first, dup := seen[key]; dup {
			v.Add(pre+"variant", "val.dup_line", first)
		} else {
			seen[key] = i + 1
		}
	}
	return v.Err()
}

// PlanChange is a production plan line changed since the plan was last
// published: the quantity then and now (0 for a line added or removed).
type PlanChange struct {
	Product string  `json:"product"`
	Variant string  `json:"variant"`
	Process Process `json:"process"`
	Was     int64   `json:"was"`
	Now     int64   `json:"now"`
}

// Changes lists the lines whose quantity differs from the plan as last
// published (PublishedLines), by product, variant and process; nothing
// before the first publish.
func (p *ProductionPlan) Changes() []PlanChange {
	if p == nil || p.Published.IsZero() {
		return nil
	}
	type key struct {
		v  string
		pr Process
	}
	was, now := map[key]int64{}, map[key]int64{}
	var order []key
	note := func(m map[key]int64, l ProductionLine) {
		pr := l.Process
		if pr == "" {
			pr = ProcessFront
		}
		k := key{VariantKey(l.Product, l.Variant), pr}
		if _, seen := was[k]; !seen {
			if _, seen := now[k]; !seen {
				order = append(order, k)
			}
		}
		m[k] += l.Qty
	}
	for _, l := range p.PublishedLines {
		note(was, l)
	}
	for _, l := range p.Lines {
		note(now, l)
	}
	var out []PlanChange
	for _, k := range order {
		if was[k] != now[k] {
			pr, v := SplitVariantKey(k.v)
			out = append(out, PlanChange{Product: pr, Variant: v, Process: k.pr, Was: was[k], Now: now[k]})
		}
	}
	return out
}

// PlannedQty sums the plan's quantities per VariantKey, both processes.
func (p *ProductionPlan) PlannedQty() map[string]int64 {
	out := map[string]int64{}
	if p == nil {
		return out
	}
	for _, l := range p.Lines {
		if l.Qty > 0 {
			out[VariantKey(l.Product, l.Variant)] += l.Qty
		}
	}
	return out
}
