package model

import "context"

// PurchaseChange applies a transition (a method of PurchaseRequest) to r
// as by, the person reloaded from the store, with the materials as stored;
// the store runs it in the transaction that saves r.
type PurchaseChange func(by *User, r *PurchaseRequest, materials MaterialLookup) error

// PurchaseFilter picks requests: in a status ("": any); Open keeps drafts
// and signed ones only.
type PurchaseFilter struct {
	Status PurchaseStatus
	Open   bool
}

// Keep reports whether f keeps r.
func (f PurchaseFilter) Keep(r *PurchaseRequest) bool {
	return (f.Status == "" || r.Status == f.Status) && (!f.Open || r.Open())
}

// MaterialRow is a material with its stock on hand, as the materials list
// shows it.
type MaterialRow struct {
	*Material
	OnHand int64 `json:"on_hand"`
	Open   int64 `json:"open"` // still to come in on signed requests
}

// PurchaseService keeps packaging materials, their stock and bills of
// materials, and purchase requests (docs/DOMAIN.md#packaging).
type PurchaseService interface {
	// Materials lists every material by code, with its stock.
	Materials(ctx context.Context) ([]MaterialRow, error)
	Material(ctx context.Context, code string) (*Material, error)
	// SaveMaterial creates a material (Version 0; a stored code is
	// ECONFLICT) or saves an edit read at its Version.
	SaveMaterial(ctx context.Context, by *User, m *Material) (*Material, error)
	// ImportMaterials creates or updates every row by code, or writes
	// nothing and reports every bad row; it returns how many changed.
	ImportMaterials(ctx context.Context, by *User, rows []*Material) (int, error)
	// MaterialMoves lists the last limit movements of a material, newest
	// first.
	MaterialMoves(ctx context.Context, code string, limit int) ([]MaterialMove, error)
	// AdjustMaterial moves a material's stock by qty (signed) with a
	// reason; CountMaterial sets it to qty (盘点). Neither takes it below
	// zero.
	AdjustMaterial(ctx context.Context, by *User, code string, qty int64, reason string) (*MaterialStock, error)
	CountMaterial(ctx context.Context, by *User, code string, qty int64, reason string) (*MaterialStock, error)
	// BOM is a product variant's bill of materials ("" variant: the
	// default); none yet: no lines, version 0.
	BOM(ctx context.Context, product, variant string) (*BOM, error)
	// BOMs lists every product variant (each product's variants, or the
	// product alone) with its bill of materials, by product then variant;
	// one without lines has none.
	BOMs(ctx context.Context) ([]*BOM, error)
	// SaveBOM replaces a variant's lines, read at version.
	SaveBOM(ctx context.Context, by *User, product, variant string, version uint64, lines []BOMLine) (*BOM, error)
	// ImportBOMs replaces the lines of every variant given (all or
	// nothing); it returns how many changed.
	ImportBOMs(ctx context.Context, by *User, boms []*BOM) (int, error)
	// Requirements is the requirement run's figures now, saving nothing.
	Requirements(ctx context.Context) ([]MaterialBasis, error)
	// Run brings the open draft up to date with the requirement run
	// (creating the draft when something is needed and none is open): one
	// request, however often it runs. It returns the draft (nil when
	// nothing is needed and none is open), whether it changed, and the
	// figures.
	Run(ctx context.Context, by *User) (*PurchaseRequest, bool, []MaterialBasis, error)
	// DraftRequest drafts a request by hand; while a draft is open that
	// draft is to be edited instead (ECONFLICT naming it).
	DraftRequest(ctx context.Context, by *User, lines []PurchaseLine, note string) (*PurchaseRequest, error)
	// ChangeRequest applies change to request id at version (else
	// ECONFLICT naming who changed it and when), saves and audits it;
	// what a receipt brings in is added to the material's stock.
	ChangeRequest(ctx context.Context, by *User, id, version uint64, change PurchaseChange) (*PurchaseRequest, error)
	Request(ctx context.Context, id uint64) (*PurchaseRequest, error)
	RequestByNo(ctx context.Context, no string) (*PurchaseRequest, error)
	// Requests lists the requests f keeps, newest first.
	Requests(ctx context.Context, f PurchaseFilter) ([]*PurchaseRequest, error)

	// Changeovers lists the marking changeovers, latest start first.
	Changeovers(ctx context.Context) ([]*Changeover, error)
	// AddChangeover sets a marking changeover (CheckChangeover).
	AddChangeover(ctx context.Context, by *User, c *Changeover) (*Changeover, error)
	// EndChangeover calls changeover id off, read at version.
	EndChangeover(ctx context.Context, by *User, id, version uint64) (*Changeover, error)
	// ChangeoverWarnings warns of what day d makes (a report's rows, as
	// product variant cells) of a variant a changeover does not default
	// to without an order line asking for it (WarnChangeoverMade).
	ChangeoverWarnings(ctx context.Context, d Date, made []PlanCell) ([]BalanceWarning, error)
}
