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

// Limits of the missed-deadline rule's grace, in working days.
const (
	DefaultDeadlineGrace = 1
	MaxDeadlineGrace     = 10
)

// LedgerRuleSettings are the office's switches of the rules that draft
// entries. The missed-deadline rule is off until the office turns it on: the
// board counts every slip, and a factory starting to keep it should not be
// fined for learning. Turned on, it looks only at deadlines due from then
// on (Since), so switching it on does not file a month of old misses at
// once.
type LedgerRuleSettings struct {
	MissedDeadline bool      `json:"missed_deadline"`
	GraceDays      int       `json:"grace_days"`     // working days past due before an item counts as missed
	Since          time.Time `json:"since,omitzero"` // when the missed-deadline rule was last turned on
	Meta
}

// DefaultLedgerRuleSettings are the settings until the office changes them:
// the missed-deadline rule off, a grace of one working day.
func DefaultLedgerRuleSettings() *LedgerRuleSettings {
	return &LedgerRuleSettings{GraceDays: DefaultDeadlineGrace}
}

// SetMissedDeadline turns the missed-deadline rule on or off with a grace
// of grace working days (0..MaxDeadlineGrace), as those who run meetings
// (the office) may. Turning it on starts it at now.
func (s *LedgerRuleSettings) SetMissedDeadline(by *User, now time.Time, on bool, grace int) error {
	if err := Require(by, ActMeetingRun); err != nil {
		return err
	}
	if grace < 0 || grace > MaxDeadlineGrace {
		v := Invalid{}
		v.Add("grace", "val.range", 0, MaxDeadlineGrace)
		return v.Err()
	}
	if on && !s.MissedDeadline {
		s.Since = now.UTC()
	}
	s.MissedDeadline, s.GraceDays = on, grace
	return nil
}

// GraceEnd is when an item due at due counts as missed with a grace of n
// working days: the same time of day on the n-th working day after the day
// it falls due (DueDay), so a Saturday evening's plan done on Monday
// morning is within a day's grace when Sunday is off.
func GraceEnd(cal *Calendar, due time.Time, n int) time.Time {
	d := DueDay(cal, due)
	return due.In(cal.loc()).AddDate(0, 0, d.DaysUntil(cal.AddWorkingDays(d, n)))
}

// DeadlineCause names a due item as a ledger cause: its kind as the board
// names it and its reference ("次日生产计划 2026-12-08"), one per item.
func DeadlineCause(it DueItem) Cause {
	return Cause{Kind: CauseDeadline, Ref: it.Kind.Text().In(MeetingLang) + " " + it.Ref}
}

// MissedDeadlineFund is the fund a missed deadline's penalty goes into: the
// marketing centre's for sales (the marketing centre), the company's for
// every other department.
func MissedDeadlineFund(d Department) Fund {
	if d == DeptSales {
		return FundMarketing
	}
	return RuleMissedDeadline.DefaultFund()
}

// MissedDeadlineFindings is the optional missed-deadline rule (未按期限完成)
// at now over items of the deadline board: an item due at or after since
// that was done after its grace ran out (GraceEnd of graceDays), or is
// still not done when it has, drafts a 200-yuan penalty for the head of
// the department that owed it (head gives the login, "" when it has
// none: the item is skipped) into MissedDeadlineFund, caused by the item
// (DeadlineCause).
func MissedDeadlineFindings(cal *Calendar, items []DueItem, since time.Time, graceDays int, now time.Time, head func(Department) string) []Finding {
	var out []Finding
	at := func(t time.Time) string { return t.In(cal.loc()).Format("2006-01-02 15:04") }
	for _, it := range items {
		if it.Due.IsZero() || it.Due.Before(since) {
			continue
		}
		end := GraceEnd(cal, it.Due, graceDays)
		var evidence string
		switch {
		case it.Done.IsZero() && now.After(end):
			evidence = i18n.T(MeetingLang, "ledger.rule.deadline_missing", it.Kind.Text().In(MeetingLang), it.Ref, at(it.Due), graceDays, at(end))
		case !it.Done.IsZero() && it.Done.After(end):
			late := it
			late.Late = it.Done.Sub(it.Due)
			evidence = i18n.T(MeetingLang, "ledger.rule.deadline_late", it.Kind.Text().In(MeetingLang), it.Ref, at(it.Due), at(it.Done),
				late.LateDays(), graceDays)
		default:
			continue
		}
		person := head(it.Dept)
		if person == "" {
			continue
		}
		out = append(out, Finding{LedgerInput{Kind: LedgerPenalty, Rule: RuleMissedDeadline, Person: person, Dept: it.Dept,
			Amount: DefaultLedgerAmount, Fund: MissedDeadlineFund(it.Dept), Cause: DeadlineCause(it), Evidence: evidence}})
	}
	return out
}

// ProjectAwardFindings is the project excellence award (营销立项完成优秀奖):
// a project reviewed at the year end at or after since with the top rating
// (MaxProjectRating) drafts an award for its owner (dept gives their
// department, "" when the account is gone: skipped) from the marketing
// centre's fund, caused by the project. The manual names no amount: the
// ledger's default, 200 yuan, which the office may change by withdrawing
// the draft and proposing another.
func ProjectAwardFindings(projects []*Project, since time.Time, dept func(login string) Department) []Finding {
	var out []Finding
	for _, p := range projects {
		if p.Status != ProjectReviewed || p.Rating != MaxProjectRating || p.ReviewedAt.Before(since) {
			continue
		}
		d := dept(p.Owner)
		if d == "" {
			continue
		}
		evidence := i18n.T(MeetingLang, "ledger.rule.project_found", p.No, p.Title, p.Rating, MaxProjectRating, p.Benefit)
		if p.Award != "" {
			evidence += i18n.T(MeetingLang, "ledger.rule.project_award_note", p.Award)
		}
		out = append(out, Finding{LedgerInput{Kind: LedgerAward, Rule: RuleProjectAward, Person: p.Owner, Dept: d,
			Amount: DefaultLedgerAmount, Fund: RuleProjectAward.DefaultFund(), Cause: Cause{Kind: CauseProject, Ref: p.No}, Evidence: evidence}})
	}
	return out
}

// Shipped is what of a product was shipped over some days: the quantity
// and the first day it shipped (zero: none).
type Shipped struct {
	Qty   int64
	First Date
}

// NewProductAwardFindings is the new and high-value product promotion award
// (新品、高附加值产品推广专项奖): a new-product project done (or reviewed)
// whose product (Links.Product) has shipped since the day it was done
// drafts an award for whoever filed it — sales, who promote what the
// project made — from the marketing centre's fund, caused by the project,
// of the ledger's default amount (the manual names none). shipped gives a
// product's shipments from a day on; dept the filer's department (""
// skips); product a product by code (nil: unknown).
func NewProductAwardFindings(projects []*Project, cal *Calendar, shipped func(product string, from Date) Shipped,
	dept func(login string) Department, product func(code string) *Product) []Finding {
	var out []Finding
	for _, p := range projects {
		if p.Kind != ProjectNewProduct || p.Links.Product == "" || p.DoneAt.IsZero() ||
			p.Status != ProjectDone && p.Status != ProjectReviewed {
			continue
		}
		done := cal.DateOf(p.DoneAt)
		s := shipped(p.Links.Product, done)
		pr := product(p.Links.Product)
		d := dept(p.FiledBy)
		if s.Qty <= 0 || pr == nil || d == "" {
			continue
		}
		out = append(out, Finding{LedgerInput{Kind: LedgerAward, Rule: RuleNewProductAward, Person: p.FiledBy, Dept: d,
			Amount: DefaultLedgerAmount, Fund: RuleNewProductAward.DefaultFund(), Cause: Cause{Kind: CauseProject, Ref: p.No},
			Evidence: i18n.T(MeetingLang, "ledger.rule.new_product_found", p.No, p.Title, done.String(), pr.Name, s.First.String(), s.Qty, pr.Unit)}})
	}
	return out
}
