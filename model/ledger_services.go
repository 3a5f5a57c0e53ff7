package model

import "context"

// LedgerChange applies a transition (a method of LedgerEntry) to e as by,
// the person reloaded from the store.
type LedgerChange func(by *User, e *LedgerEntry) error

// LedgerFilter picks entries: confirmed or proposed in a month (zero: any),
// of a person ("": anyone).
type LedgerFilter struct {
	Month  Month
	Person string
}

// LedgerService keeps the penalty and award ledger (docs/DOMAIN.md#ledger).
type LedgerService interface {
	// ProposeLedgerEntry files a draft (NewLedgerEntry) numbered
	// JF-YEAR-NNNN; the person must be an account and the cause a record.
	ProposeLedgerEntry(ctx context.Context, by *User, in LedgerInput) (*LedgerEntry, error)
	// ChangeLedgerEntry applies change to entry id at version (else
	// ECONFLICT naming who changed it and when), saves and audits it.
	ChangeLedgerEntry(ctx context.Context, by *User, id, version uint64, change LedgerChange) (*LedgerEntry, error)
	// ReverseLedgerEntry undoes confirmed entry id at version with a new
	// entry (LedgerEntry.Reverse), both saved in one transaction; it
	// returns the reversal.
	ReverseLedgerEntry(ctx context.Context, by *User, id, version uint64, reason string) (*LedgerEntry, error)
	LedgerEntry(ctx context.Context, id uint64) (*LedgerEntry, error)
	LedgerEntryByNo(ctx context.Context, no string) (*LedgerEntry, error)
	// LedgerEntries lists the entries f keeps, newest first.
	LedgerEntries(ctx context.Context, f LedgerFilter) ([]*LedgerEntry, error)
	// DraftRuleEntries files, as the system, a draft for each finding of
	// the rules (OverproductionFindings) not filed before, and returns how
	// many; the server runs it every minute.
	DraftRuleEntries(ctx context.Context) (int, error)
	// LedgerRules returns the office's switches of the rules (defaults
	// until set); SetMissedDeadlineRule turns the missed-deadline rule on
	// or off with its grace in working days (meeting.run), audited.
	LedgerRules(ctx context.Context) (*LedgerRuleSettings, error)
	SetMissedDeadlineRule(ctx context.Context, by *User, on bool, grace int) (*LedgerRuleSettings, error)

	// Weights returns a department's assessment weights (the office's, or
	// DefaultWeights); SaveWeights replaces them (the office).
	Weights(ctx context.Context, dept Department) ([]Weight, error)
	SaveWeights(ctx context.Context, by *User, dept Department, ws []Weight) error
	// Assess is month m's assessment of every department and person: as
	// finalised, or computed from the records now. Who may see which
	// person is the caller's to check (SeesAssessmentOf).
	Assess(ctx context.Context, m Month) (*Assessment, error)
	// AssessYear is year y's months side by side (AssessYear): finalised
	// months as kept, the others begun computed now.
	AssessYear(ctx context.Context, y int) (*YearAssessment, error)
	// FinaliseAssessment keeps an ended month's assessment, its people's
	// figures with it, as it stands (the office).
	FinaliseAssessment(ctx context.Context, by *User, m Month) (*Assessment, error)
}
