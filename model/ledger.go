package model

import (
	"slices"
	"strings"
	"time"
)

// The penalty and award ledger (奖罚台账, docs/DOMAIN.md#ledger): an entry
// fines or rewards a person of a department an amount, paid into or out of
// one of two funds, for a record that caused it, with its evidence. It is
// proposed as a draft; the person concerned may add a statement; the office
// or the general manager confirms it. Nothing is edited or deleted: a
// confirmed entry is undone by a reversal, a new entry of the opposite
// amount that names it.
//
//	draft ─confirm (office, GM)→ confirmed ─reverse (a new entry)→ reversed
//	draft ─withdraw (office, GM, the proposer)→ withdrawn
//
// The methods in this file are the transitions. Each checks the person
// (EFORBIDDEN), then the status (EINVALID), then the input (EINVALID with
// fields), and on success changes the entry and appends one entry to its
// history; on error the entry is unchanged.

// Limits of the ledger.
const (
	DefaultLedgerAmount = 200
	MaxLedgerAmount     = 1_000_000
	MaxLedgerText       = 1000
)

// LedgerKind is a penalty or an award.
type LedgerKind string

const (
	LedgerPenalty LedgerKind = "penalty" // 罚
	LedgerAward   LedgerKind = "award"   // 奖
)

// LedgerKinds lists the kinds in form order.
var LedgerKinds = []LedgerKind{LedgerPenalty, LedgerAward}

// Text names the kind for people.
func (k LedgerKind) Text() Text { return T("ledger.kind." + string(k)) }

// Fund is where a penalty is paid into and an award paid from.
type Fund string

const (
	FundMarketing Fund = "marketing" // 营销中心奖罚基金
	FundCompany   Fund = "company"   // 公司奖罚基金
)

// Funds lists the funds in form order.
var Funds = []Fund{FundMarketing, FundCompany}

// Text names the fund for people.
func (f Fund) Text() Text { return T("ledger.fund." + string(f)) }

// LedgerRule is the rule of the manual an entry applies.
type LedgerRule string

const (
	RuleWrongShortfall    LedgerRule = "wrong_shortfall"    // 差额表错误致生产错产 (责罚 1): the order specialist, marketing fund
	RuleOverproduction    LedgerRule = "overproduction"     // 超计划生产未告知销售或只生产一种短缺口味 (责罚 2): production head, company fund
	RuleUnmarkedPackaging LedgerRule = "unmarked_packaging" // 换标期间无指令生产无标产品 (责罚 3): company fund
	RuleMissedDeadline    LedgerRule = "missed_deadline"    // a missed deadline on the board
	RuleNewProductAward   LedgerRule = "new_product_award"  // 新品、高附加值产品推广专项奖
	RuleProjectAward      LedgerRule = "project_award"      // 营销立项完成优秀奖
	RuleOther             LedgerRule = "other"
)

// LedgerRules lists the rules in form order.
var LedgerRules = []LedgerRule{RuleWrongShortfall, RuleOverproduction, RuleUnmarkedPackaging, RuleMissedDeadline,
	RuleNewProductAward, RuleProjectAward, RuleOther}

// Text names the rule for people.
func (r LedgerRule) Text() Text { return T("ledger.rule." + string(r)) }

// Kind is the kind of entry the rule makes (penalty or award); other may be
// either.
func (r LedgerRule) Kind() LedgerKind {
	switch r {
	case RuleNewProductAward, RuleProjectAward:
		return LedgerAward
	case RuleOther:
		return ""
	}
	return LedgerPenalty
}

// DefaultFund is the fund the manual names for the rule.
func (r LedgerRule) DefaultFund() Fund {
	if r == RuleWrongShortfall || r == RuleNewProductAward || r == RuleProjectAward {
		return FundMarketing
	}
	return FundCompany
}

// CauseKind is the kind of record that caused an entry.
type CauseKind string

const (
	CauseShortfall CauseKind = "shortfall" // Key the date of the table
	CauseProdPlan  CauseKind = "prodplan"  // Key the production date
	CauseReport    CauseKind = "report"    // Key "date|line|shift"
	CauseLine      CauseKind = "line"      // Ref "SO-…/n"
	CauseAnomaly   CauseKind = "anomaly"   // ID
	CauseDeadline  CauseKind = "deadline"  // Ref the due item's reference
	CauseProject   CauseKind = "project"   // Ref the project's number
)

// CauseKinds lists the kinds in form order.
var CauseKinds = []CauseKind{CauseShortfall, CauseProdPlan, CauseReport, CauseLine, CauseAnomaly, CauseDeadline, CauseProject}

// Text names the kind for people.
func (k CauseKind) Text() Text { return T("ledger.cause." + string(k)) }

// Cause names the record an entry is for, as people read it (a date, a
// number); the store checks the record exists.
type Cause struct {
	Kind CauseKind `json:"kind"`
	Ref  string    `json:"ref"`
}

// LedgerStatus is where an entry stands.
type LedgerStatus string

const (
	LedgerDraft     LedgerStatus = "draft"
	LedgerConfirmed LedgerStatus = "confirmed"
	LedgerReversed  LedgerStatus = "reversed"
	LedgerWithdrawn LedgerStatus = "withdrawn"
)

// LedgerStatuses lists the statuses in their order of life.
var LedgerStatuses = []LedgerStatus{LedgerDraft, LedgerConfirmed, LedgerReversed, LedgerWithdrawn}

// Text names the status for people.
func (s LedgerStatus) Text() Text { return T("ledger.status." + string(s)) }

// LedgerEventKind is what a history entry of an entry records.
type LedgerEventKind string

const (
	LEvPropose   LedgerEventKind = "propose"
	LEvStatement LedgerEventKind = "statement"
	LEvConfirm   LedgerEventKind = "confirm"
	LEvReverse   LedgerEventKind = "reverse" // on the entry reversed, naming the reversal
	LEvWithdraw  LedgerEventKind = "withdraw"
)

// Text names the event for people.
func (k LedgerEventKind) Text() Text { return T("ledger.ev." + string(k)) }

// LedgerEvent is one entry of an entry's history.
type LedgerEvent struct {
	At   time.Time       `json:"at"`
	By   string          `json:"by"`
	Kind LedgerEventKind `json:"kind"`
	Text string          `json:"text,omitempty"`
	To   LedgerStatus    `json:"to"`
}

// LedgerInput is what a proposal says.
type LedgerInput struct {
	Kind     LedgerKind `json:"kind"`
	Rule     LedgerRule `json:"rule"`
	Person   string     `json:"person"` // a login
	Dept     Department `json:"dept"`
	Amount   int64      `json:"amount"` // yuan, > 0
	Fund     Fund       `json:"fund"`
	Cause    Cause      `json:"cause"`
	Evidence string     `json:"evidence"`
}

// Validate checks in (the store checks the person and the cause exist).
func (in LedgerInput) Validate() error {
	v := Invalid{}
	if !slices.Contains(LedgerKinds, in.Kind) {
		v.Add("kind", "val.ledger_kind")
	}
	switch {
	case !slices.Contains(LedgerRules, in.Rule):
		v.Add("rule", "val.ledger_rule")
	case in.Rule.Kind() != "" && in.Rule.Kind() != in.Kind:
		v.Add("rule", "val.ledger_rule_kind", in.Rule.Kind().Text())
	}
	if strings.TrimSpace(in.Person) == "" {
		v.Add("person", "val.required")
	}
	if !in.Dept.Valid() {
		v.Add("dept", "val.unknown_dept", string(in.Dept))
	}
	if in.Amount < 1 || in.Amount > MaxLedgerAmount {
		v.Add("amount", "val.range", 1, int64(MaxLedgerAmount))
	}
	if !slices.Contains(Funds, in.Fund) {
		v.Add("fund", "val.ledger_fund")
	}
	switch {
	case !slices.Contains(CauseKinds, in.Cause.Kind):
		v.Add("cause_kind", "val.ledger_cause_kind")
	case strings.TrimSpace(in.Cause.Ref) == "":
		v.Add("cause_ref", "val.required")
	}
	ValidateText(v, "cause_ref", in.Cause.Ref, false, 100, false)
	ValidateText(v, "evidence", in.Evidence, true, MaxLedgerText, true)
	return v.Err()
}

// LedgerEntry is one entry of the ledger.
type LedgerEntry struct {
	Meta
	ID uint64 `json:"id"`
	No string `json:"no"` // JF-2026-0001
	LedgerInput
	Status      LedgerStatus  `json:"status"`
	ProposedBy  string        `json:"proposed_by"`
	ProposedAt  time.Time     `json:"proposed_at"`
	Statement   string        `json:"statement,omitempty"` // the person's, before confirmation
	StatementAt time.Time     `json:"statement_at,omitzero"`
	ConfirmedBy string        `json:"confirmed_by,omitempty"`
	ConfirmedAt time.Time     `json:"confirmed_at,omitzero"`
	Reverses    uint64        `json:"reverses,omitempty"`    // a reversal: the entry it undoes
	ReversedBy  uint64        `json:"reversed_by,omitempty"` // the reversal undoing this one
	History     []LedgerEvent `json:"history"`
}

// Signed is the entry's effect on its fund: a penalty pays in (+), an award
// pays out (−); a reversal the opposite of what it undoes.
func (e *LedgerEntry) Signed() int64 {
	n := e.Amount
	if e.Kind == LedgerAward {
		n = -n
	}
	if e.Reverses != 0 {
		n = -n
	}
	return n
}

// Counts reports whether the entry is in the fund's balance: confirmed,
// reversed (its reversal counts too), not a draft or withdrawn.
func (e *LedgerEntry) Counts() bool { return e.Status == LedgerConfirmed || e.Status == LedgerReversed }

func (e *LedgerEntry) log(by *User, now time.Time, kind LedgerEventKind, text string, to LedgerStatus) {
	login := SystemLogin
	if by != nil {
		login = by.Login
	}
	e.History = append(e.History, LedgerEvent{At: now.UTC(), By: login, Kind: kind, Text: text, To: to})
	e.Status = to
}

func (e *LedgerEntry) begin(ok bool, act Action, from ...LedgerStatus) error {
	if !ok {
		return Forbidden(act)
	}
	if !slices.Contains(from, e.Status) {
		return Errorf(EINVALID, "err.ledger_state", e.No)
	}
	return nil
}

// NewLedgerEntry is a draft proposed by by.
func NewLedgerEntry(by *User, now time.Time, in LedgerInput) (*LedgerEntry, error) {
	if err := Require(by, ActLedgerPropose); err != nil {
		return nil, err
	}
	in.Evidence = strings.TrimSpace(in.Evidence)
	in.Cause.Ref = strings.TrimSpace(in.Cause.Ref)
	if err := in.Validate(); err != nil {
		return nil, err
	}
	e := &LedgerEntry{LedgerInput: in, ProposedBy: by.Login, ProposedAt: now.UTC()}
	e.log(by, now, LEvPropose, "", LedgerDraft)
	return e, nil
}

// AddStatement is the person concerned's statement on a draft (one; a new
// one replaces it, the history keeps both).
func (e *LedgerEntry) AddStatement(by *User, now time.Time, text string) error {
	if err := e.begin(by != nil && by.Login == e.Person, ActLedgerStatement, LedgerDraft); err != nil {
		return err
	}
	v := Invalid{}
	ValidateText(v, "statement", text, true, MaxLedgerText, true)
	if err := v.Err(); err != nil {
		return err
	}
	e.Statement, e.StatementAt = text, now.UTC()
	e.log(by, now, LEvStatement, text, LedgerDraft)
	return nil
}

// Confirm makes a draft count (the office or the general manager; not the
// person concerned).
func (e *LedgerEntry) Confirm(by *User, now time.Time) error {
	if err := e.begin(Can(by, ActLedgerConfirm) && by.Login != e.Person, ActLedgerConfirm, LedgerDraft); err != nil {
		return err
	}
	e.ConfirmedBy, e.ConfirmedAt = by.Login, now.UTC()
	e.log(by, now, LEvConfirm, "", LedgerConfirmed)
	return nil
}

// Withdraw drops a draft, with a reason (the office, the general manager or
// its proposer).
func (e *LedgerEntry) Withdraw(by *User, now time.Time, reason string) error {
	if err := e.begin(Can(by, ActLedgerConfirm) || by != nil && by.Login == e.ProposedBy, ActLedgerConfirm, LedgerDraft); err != nil {
		return err
	}
	v := Invalid{}
	ValidateText(v, "reason", reason, true, MaxLedgerText, true)
	if err := v.Err(); err != nil {
		return err
	}
	e.log(by, now, LEvWithdraw, reason, LedgerWithdrawn)
	return nil
}

// Reverse undoes a confirmed entry: it returns the reversal, a confirmed
// entry of the same amount that cancels it in its fund, and marks e
// reversed. The store numbers the reversal and links the two.
func (e *LedgerEntry) Reverse(by *User, now time.Time, reason string) (*LedgerEntry, error) {
	if err := e.begin(Can(by, ActLedgerConfirm), ActLedgerConfirm, LedgerConfirmed); err != nil {
		return nil, err
	}
	if e.Reverses != 0 {
		return nil, Errorf(EINVALID, "err.ledger_reversal", e.No)
	}
	v := Invalid{}
	ValidateText(v, "reason", reason, true, MaxLedgerText, true)
	if err := v.Err(); err != nil {
		return nil, err
	}
	r := &LedgerEntry{LedgerInput: e.LedgerInput, Reverses: e.ID, ProposedBy: by.Login, ProposedAt: now.UTC(),
		ConfirmedBy: by.Login, ConfirmedAt: now.UTC()}
	r.Evidence = reason
	r.log(by, now, LEvConfirm, reason, LedgerConfirmed)
	e.log(by, now, LEvReverse, reason, LedgerReversed)
	return r, nil
}

// FundBalance is what a fund holds from the entries confirmed in a period:
// penalties in, awards out.
type FundBalance struct {
	Fund      Fund  `json:"fund"`
	Penalties int64 `json:"penalties"` // paid in (net of reversals)
	Awards    int64 `json:"awards"`    // paid out (net of reversals)
	Balance   int64 `json:"balance"`
}

// FundBalances sums the counting entries confirmed in [from, to] in cal's
// zone, per fund.
func FundBalances(entries []*LedgerEntry, from, to Date, cal *Calendar) []FundBalance {
	out := make([]FundBalance, len(Funds))
	for i, f := range Funds {
		out[i].Fund = f
	}
	for _, e := range entries {
		if !e.Counts() {
			continue
		}
		if d := cal.DateOf(e.ConfirmedAt); d.Before(from) || d.After(to) {
			continue
		}
		i := slices.Index(Funds, e.Fund)
		if i < 0 {
			continue
		}
		n := e.Signed()
		if e.Kind == LedgerAward {
			out[i].Awards -= n
		} else {
			out[i].Penalties += n
		}
		out[i].Balance += n
	}
	return out
}
