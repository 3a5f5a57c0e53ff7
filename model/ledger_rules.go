package model

import (
	"cmp"
	"slices"
	"strings"
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

// ShortfallMark is production's word that a row of a published shortfall
// table was wrong: the figure it said, the figure it should have said, and
// why (责罚 1's evidence).
type ShortfallMark struct {
	Product string    `json:"product"`
	Variant string    `json:"variant"`
	Figure  int64     `json:"figure"`
	Correct int64     `json:"correct"`
	Note    string    `json:"note"`
	By      string    `json:"by"`
	At      time.Time `json:"at"`
}

// ShortfallMarks are the marks on day Date's table (kept apart from the
// table, which sales go on saving).
type ShortfallMarks struct {
	Date  Date            `json:"date"`
	Marks []ShortfallMark `json:"marks"`
	Meta
}

// MarkShortfallWrong records by's mark on the row product/variant of
// published table s: production's lead or head, a figure other than the
// published one, with a note; a row is marked once.
func (m *ShortfallMarks) MarkShortfallWrong(by *User, now time.Time, s *Shortfall, product, variant string, correct int64, note string) error {
	if err := Require(by, ActProdPlanEdit); err != nil {
		return err
	}
	if s == nil || s.Published.IsZero() {
		return Errorf(EINVALID, "err.shortfall_unpublished")
	}
	i := slices.IndexFunc(s.Rows, func(r ShortfallRow) bool { return r.Product == product && r.Variant == variant })
	v := Invalid{}
	switch {
	case i < 0:
		v.Add("product", "val.shortfall_row", product+" "+variant)
	case slices.ContainsFunc(m.Marks, func(x ShortfallMark) bool { return x.Product == product && x.Variant == variant }):
		v.Add("product", "val.shortfall_marked")
	case correct < 0 || correct > MaxQty:
		v.Add("correct", "val.range", 0, int64(MaxQty))
	case correct == s.Rows[i].Figure:
		v.Add("correct", "val.shortfall_same", s.Rows[i].Figure)
	}
	ValidateText(v, "note", note, true, MaxLedgerText, true)
	if err := v.Err(); err != nil {
		return err
	}
	m.Date = s.Date
	m.Marks = append(m.Marks, ShortfallMark{Product: product, Variant: variant, Figure: s.Rows[i].Figure, Correct: correct, Note: note,
		By: by.Login, At: now.UTC()})
	return nil
}

// WrongShortfallFindings is rule 1 of the manual (差额表错误导致错产): a
// published table production marked wrong drafts a 200-yuan penalty for
// whoever published it (of dept), into the marketing centre's fund,
// caused by the table. name gives a product's name for the evidence.
func WrongShortfallFindings(s *Shortfall, m *ShortfallMarks, dept Department, name func(code string) string) []Finding {
	if s == nil || m == nil || len(m.Marks) == 0 || s.PublishedBy == "" {
		return nil
	}
	var parts []string
	for _, x := range m.Marks {
		parts = append(parts, i18n.T(MeetingLang, "ledger.rule.shortfall_row", name(x.Product), x.Variant, x.Figure, x.Correct, x.Note))
	}
	return []Finding{{LedgerInput{Kind: LedgerPenalty, Rule: RuleWrongShortfall, Person: s.PublishedBy, Dept: dept,
		Amount: DefaultLedgerAmount, Fund: RuleWrongShortfall.DefaultFund(), Cause: Cause{Kind: CauseShortfall, Ref: s.Date.String()},
		Evidence: i18n.T(MeetingLang, "ledger.rule.shortfall_found", s.Date.String(), strings.Join(parts, i18n.T(MeetingLang, "ui.semicolon")))}}}
}

// UnmarkedFindings is rule 3 of the manual (换标期间无指令生产无标产品) on
// production day d: during a marking changeover (Changeover), a variant
// other than its product's default made on a daily report of d — or, when
// none was reported, planned on d's published production plan — with no
// order line asking for it in the shortfall table the plan of d is based
// on (instructed, by variant key), drafts a 200-yuan penalty for the
// production head (head, a login) into the company fund, caused by that
// report (or the plan), once per cause. name gives a product variant's
// name for the evidence.
func UnmarkedFindings(d Date, plan *ProductionPlan, reports []*DailyReport, changeovers []*Changeover, products ProductLookup,
	instructed map[string]bool, head string, name func(key string) string) []Finding {
	if head == "" || len(changeovers) == 0 {
		return nil
	}
	// offending lists what of made a changeover says should have been the
	// default, as "name qty" parts.
	offending := func(made []PlanCell) []string {
		var parts []string
		for _, w := range ChangeoverWarnings(changeovers, products, d, made, instructed, WarnChangeover) {
			parts = append(parts, i18n.T(MeetingLang, "ledger.rule.unmarked_part", name(w.Product), w.Qty, name(w.Default)))
		}
		return parts
	}
	finding := func(cause Cause, what string, parts []string) Finding {
		return Finding{LedgerInput{Kind: LedgerPenalty, Rule: RuleUnmarkedPackaging, Person: head, Dept: DeptProduction,
			Amount: DefaultLedgerAmount, Fund: RuleUnmarkedPackaging.DefaultFund(), Cause: cause,
			Evidence: i18n.T(MeetingLang, "ledger.rule.unmarked_found", d.String(), what, strings.Join(parts, i18n.T(MeetingLang, "ui.semicolon")))}}
	}
	var out []Finding
	reported := false
	for _, r := range reports {
		if r.Date != d {
			continue
		}
		reported = true
		made := make([]PlanCell, 0, len(r.Rows))
		for _, row := range r.Rows {
			made = append(made, PlanCell{Product: row.Product, Variant: row.Variant, Qty: row.Actual})
		}
		if parts := offending(made); len(parts) > 0 {
			out = append(out, finding(Cause{Kind: CauseReport, Ref: r.Key()}, i18n.T(MeetingLang, "ledger.rule.unmarked_report", r.Line), parts))
		}
	}
	if reported || plan == nil || plan.Published.IsZero() {
		return out
	}
	lines := plan.PublishedLines
	if len(lines) == 0 {
		lines = plan.Lines
	}
	made := make([]PlanCell, 0, len(lines))
	for _, l := range lines {
		made = append(made, PlanCell{Product: l.Product, Variant: l.Variant, Qty: l.Qty})
	}
	if parts := offending(made); len(parts) > 0 {
		out = append(out, finding(Cause{Kind: CauseProdPlan, Ref: d.String()}, i18n.T(MeetingLang, "ledger.rule.unmarked_plan"), parts))
	}
	return out
}

// OneFlavourFindings is the second case of rule 2 (只生产一种短缺口味) on
// production day d: a family two or more of whose members are short in
// the shortfall table the day's plan is based on (sf), of which the day's
// daily reports made some but not all (BalanceWarnings, with what was
// reported as the plan), drafts a 200-yuan penalty for the production head
// (head, a login) into the company fund, caused by the day's production
// (its plan's date), once per day. name gives a product variant's name.
func OneFlavourFindings(d Date, sf *Shortfall, reports []*DailyReport, products []*Product, head string, name func(key string) string) []Finding {
	if sf == nil || head == "" {
		return nil
	}
	made := &ProductionPlan{Date: d}
	for _, r := range reports {
		if r.Date != d {
			continue
		}
		for _, row := range r.Rows {
			made.Lines = append(made.Lines, ProductionLine{Product: row.Product, Variant: row.Variant, Qty: row.Actual})
		}
	}
	if len(made.Lines) == 0 {
		return nil
	}
	var parts []string
	for _, w := range BalanceWarnings(made, sf, products) {
		names := func(keys []string) string {
			out := make([]string, len(keys))
			for i, k := range keys {
				out[i] = name(k)
			}
			return strings.Join(out, i18n.T(MeetingLang, "ui.list_sep"))
		}
		parts = append(parts, i18n.T(MeetingLang, "ledger.rule.flavour_part", w.Family, names(w.Short), names(w.Planned)))
	}
	if len(parts) == 0 {
		return nil
	}
	return []Finding{{LedgerInput{Kind: LedgerPenalty, Rule: RuleOverproduction, Person: head, Dept: DeptProduction,
		Amount: DefaultLedgerAmount, Fund: RuleOverproduction.DefaultFund(), Cause: Cause{Kind: CauseProdPlan, Ref: d.String()},
		Evidence: i18n.T(MeetingLang, "ledger.rule.flavour_found", d.String(), sf.Date.String(), strings.Join(parts, i18n.T(MeetingLang, "ui.semicolon")))}}}
}
