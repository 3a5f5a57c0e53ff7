package model

import (
	"cmp"
	"slices"
	"time"

	"xietong/i18n"
)

// Rules that draft ledger entries (docs/DOMAIN.md#ledger): each looks at
// the records and names what a person should consider; the store files each
// finding once, as a draft the system proposes and a person confirms.

// Finding is a rule that fired on a record: the entry it drafts.
type Finding struct {
	LedgerInput
}

// OverproductionFindings is rule 2 of the manual (超计划生产未告知销售) on
// production day d: a product variant reported above the published plan of
// d by more than one economic batch, with no note on any of its report
// rows, drafts a 200-yuan penalty for the production head (head, a login)
// into the company fund, caused by the report with the most of it. batch
// gives a product's economic batch (0: unknown, never fires).
func OverproductionFindings(d Date, plan *ProductionPlan, reports []*DailyReport, batch func(product string) int64, head string) []Finding {
	if plan == nil || plan.Published.IsZero() || head == "" {
		return nil
	}
	lines := plan.PublishedLines
	if len(lines) == 0 {
		lines = plan.Lines
	}
	type key struct{ product, variant string }
	planned := map[key]int64{}
	for _, l := range lines {
		planned[key{l.Product, l.Variant}] += l.Qty
	}
	actual, noted := map[key]int64{}, map[key]bool{}
	top := map[key]*DailyReport{}
	topQty := map[key]int64{}
	for _, r := range reports {
		if r.Date != d {
			continue
		}
		for _, row := range r.Rows {
			k := key{row.Product, row.Variant}
			actual[k] += row.Actual
			noted[k] = noted[k] || row.Notes != ""
			if row.Actual > topQty[k] {
				top[k], topQty[k] = r, row.Actual
			}
		}
	}
	keys := make([]key, 0, len(actual))
	for k := range actual {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b key) int {
		return cmp.Or(cmp.Compare(a.product, b.product), cmp.Compare(a.variant, b.variant))
	})
	var out []Finding
	for _, k := range keys {
		b := batch(k.product)
		over := actual[k] - planned[k]
		if b <= 0 || over <= b || noted[k] || top[k] == nil {
			continue
		}
		out = append(out, Finding{LedgerInput{Kind: LedgerPenalty, Rule: RuleOverproduction, Person: head, Dept: DeptProduction,
			Amount: DefaultLedgerAmount, Fund: RuleOverproduction.DefaultFund(), Cause: Cause{Kind: CauseReport, Ref: top[k].Key()},
			Evidence: i18n.T(MeetingLang, "ledger.rule.overproduction_found", d.String(), k.product, k.variant, actual[k], planned[k], b)}})
	}
	return out
}

// DraftLedgerEntry is a draft the system proposes for a finding; the
// history says which rule fired.
func DraftLedgerEntry(now time.Time, f Finding) (*LedgerEntry, error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	e := &LedgerEntry{LedgerInput: f.LedgerInput, ProposedBy: SystemLogin, ProposedAt: now.UTC()}
	e.log(nil, now, LEvPropose, i18n.T(MeetingLang, "ledger.rule_fired", f.Rule.Text().In(MeetingLang)), LedgerDraft)
	return e, nil
}
