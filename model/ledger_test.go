package model

import (
	"strings"
	"testing"
	"time"
)

// A penalty proposed by the office: the person states their side, the
// general manager confirms it, and a reversal leaves both entries and a
// zero sum in the fund; refusals are worded.
func TestLedgerLife(t *testing.T) {
	cal := NewCalendar(time.UTC, nil, nil)
	now := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	office := &User{Login: "o", Dept: DeptOffice, Role: RoleOffice}
	gm := &User{Login: "g", Dept: DeptManagement, Role: RoleGM}
	clerk := &User{Login: "s", Dept: DeptSales, Role: RoleMember}
	in := LedgerInput{Kind: LedgerPenalty, Rule: RuleWrongShortfall, Person: "s", Dept: DeptSales, Amount: DefaultLedgerAmount,
		Fund: RuleWrongShortfall.DefaultFund(), Cause: Cause{Kind: CauseShortfall, Ref: "2026-12-04"}, Evidence: "果然有鱼（原味）差额应为 200，表上为 2000"}

	if _, err := NewLedgerEntry(clerk, now, in); ErrorCode(err) != EFORBIDDEN {
		t.Errorf("a clerk proposes: %v", err)
	}
	bad := in
	bad.Kind, bad.Amount, bad.Evidence, bad.Cause = LedgerAward, 0, "", Cause{}
	_, err := NewLedgerEntry(office, now, bad)
	checkTexts(t, err)
	if f := FieldErrors(err); f["rule"].Key != "val.ledger_rule_kind" || f["amount"].Key != "val.range" || f["cause_kind"].Key == "" {
		t.Errorf("refusals: %v", f)
	}
	e, err := NewLedgerEntry(office, now, in)
	if err != nil || e.Status != LedgerDraft || e.Fund != FundMarketing {
		t.Fatalf("proposed: %v %+v", err, e)
	}
	checkTexts(t, e.AddStatement(gm, now, "x"))
	checkTexts(t, e.AddStatement(clerk, now, ""))
	if err := e.AddStatement(clerk, now, "生产部当天已电话确认过数量"); err != nil {
		t.Fatal(err)
	}
	checkTexts(t, e.Confirm(clerk, now))
	_, err = e.Reverse(gm, now, "x")
	checkTexts(t, err)
	if err := e.Confirm(gm, now); err != nil || e.Status != LedgerConfirmed {
		t.Fatalf("confirm: %v", err)
	}
	e.ID = 1
	month := func() []FundBalance {
		return FundBalances([]*LedgerEntry{e}, NewDate(2026, 12, 1), NewDate(2026, 12, 31), cal)
	}
	if b := month(); b[0].Balance != 200 || b[0].Penalties != 200 || b[1].Balance != 0 {
		t.Errorf("after confirm: %+v", b)
	}
	_, err = e.Reverse(gm, now.Add(time.Hour), "")
	checkTexts(t, err)
	r, err := e.Reverse(gm, now.Add(time.Hour), "复核：差额表数字无误，错产系口头变更")
	if err != nil || e.Status != LedgerReversed || r.Reverses != 1 {
		t.Fatalf("reverse: %v %+v", err, r)
	}
	if _, err := r.Reverse(gm, now, "again"); ErrorCode(err) != EINVALID {
		t.Errorf("a reversal reversed: %v", err)
	}
	if b := FundBalances([]*LedgerEntry{e, r}, NewDate(2026, 12, 1), NewDate(2026, 12, 31), cal); b[0].Balance != 0 || b[0].Penalties != 0 {
		t.Errorf("after reversal: %+v", b)
	}
	// An award pays out.
	a, _ := NewLedgerEntry(office, now, LedgerInput{Kind: LedgerAward, Rule: RuleProjectAward, Person: "s", Dept: DeptSales, Amount: 500,
		Fund: FundMarketing, Cause: Cause{Kind: CauseProject, Ref: "LX-2026-0001"}, Evidence: "e"})
	_ = a.Confirm(gm, now)
	if b := FundBalances([]*LedgerEntry{a}, NewDate(2026, 12, 1), NewDate(2026, 12, 31), cal); b[0].Balance != -500 || b[0].Awards != 500 {
		t.Errorf("award: %+v", b)
	}
	for _, k := range append(LedgerStatuses, LedgerDraft) {
		checkName(t, k.Text())
	}
	for _, k := range LedgerRules {
		checkName(t, k.Text())
	}
	for _, k := range CauseKinds {
		checkName(t, k.Text())
	}
	for _, k := range []LedgerEventKind{LEvPropose, LEvStatement, LEvConfirm, LEvReverse, LEvWithdraw} {
		checkName(t, k.Text())
	}
}

func checkName(t *testing.T, x Text) {
	t.Helper()
	if x.In(LangZH) == x.Key {
		t.Errorf("%s has no name", x.Key)
	}
}

// Rule 2 fires on a variant reported more than one economic batch above
// the published plan with no note; a note, a batch's worth or an
// unpublished plan do not fire it.
func TestOverproductionFindings(t *testing.T) {
	d := NewDate(2026, 12, 4)
	plan := &ProductionPlan{Date: d, Lines: []ProductionLine{{Product: "A", Variant: "m", Qty: 1000}, {Product: "B", Qty: 500}}}
	plan.Published = time.Date(2026, 12, 3, 17, 0, 0, 0, time.UTC)
	reports := []*DailyReport{
		{Date: d, Line: "1号线", Shift: ShiftDay, Rows: []ReportRow{{Product: "A", Variant: "m", Actual: 900}, {Product: "B", Actual: 800, Notes: "客户加单，已告知销售"}}},
		{Date: d, Line: "1号线", Shift: ShiftNight, Rows: []ReportRow{{Product: "A", Variant: "m", Actual: 1200}}},
	}
	batch := func(string) int64 { return 200 }
	got := OverproductionFindings(d, plan, reports, batch, "prod")
	if len(got) != 1 || got[0].Cause.Ref != ReportKey(d, "1号线", ShiftNight) || got[0].Person != "prod" || got[0].Fund != FundCompany {
		t.Fatalf("findings %+v", got)
	}
	if e, err := DraftLedgerEntry(time.Now(), got[0]); err != nil || e.ProposedBy != SystemLogin || e.Status != LedgerDraft {
		t.Fatalf("draft %+v %v", e, err)
	}
	if got := OverproductionFindings(d, plan, reports, func(string) int64 { return 1100 }, "prod"); len(got) != 0 {
		t.Errorf("within a batch: %+v", got)
	}
	plan.Published = time.Time{}
	if got := OverproductionFindings(d, plan, reports, batch, "prod"); len(got) != 0 {
		t.Errorf("unpublished plan: %+v", got)
	}
}

// Rule 2's second case fires when the day's reports made some but not all
// of a family's short flavours, and not when they made all of them or the
// family had one short.
func TestOneFlavourFindings(t *testing.T) {
	d := NewDate(2026, 12, 4)
	products := []*Product{{Code: "YW", Name: "原味", Family: "果然有鱼"}, {Code: "XL", Name: "香辣", Family: "果然有鱼"},
		{Code: "SK", Name: "烧烤", Family: "果然有鱼"}}
	sf := &Shortfall{Date: NewDate(2026, 12, 3), Rows: []ShortfallRow{{Product: "YW", Figure: 100}, {Product: "XL", Figure: 80}, {Product: "SK"}}}
	name := KeyNamer(products)
	reports := []*DailyReport{{Date: d, Line: "1号线", Shift: ShiftDay, Rows: []ReportRow{{Product: "YW", Actual: 300}}}}
	got := OneFlavourFindings(d, sf, reports, products, "prod", name)
	if len(got) != 1 || got[0].Rule != RuleOverproduction || got[0].Cause != (Cause{Kind: CauseProdPlan, Ref: "2026-12-04"}) ||
		!strings.Contains(got[0].Evidence, "果然有鱼 缺 香辣、原味，只生产了 原味") {
		t.Fatalf("findings %+v", got)
	}
	reports[0].Rows = append(reports[0].Rows, ReportRow{Product: "XL", Actual: 100})
	if got := OneFlavourFindings(d, sf, reports, products, "prod", name); len(got) != 0 {
		t.Errorf("both short flavours made: %+v", got)
	}
	sf.Rows[1].Figure = 0
	reports[0].Rows = reports[0].Rows[:1]
	if got := OneFlavourFindings(d, sf, reports, products, "prod", name); len(got) != 0 {
		t.Errorf("one flavour short: %+v", got)
	}
}
