package model

import "context"

// PlanItemChange applies a transition (a method of PlanItem) to p as by,
// the person reloaded from the store; the store runs it in the transaction
// that saves p.
type PlanItemChange func(by *User, p *PlanItem) error

// PlanFilter picks plan items: of a month (zero: any), concerning a
// department (its own and those asked of it; "": any), in a status ("":
// any).
type PlanFilter struct {
	Month  Month
	Dept   Department
	Status PlanItemStatus
}

// Keep reports whether f keeps p.
func (f PlanFilter) Keep(p *PlanItem) bool {
	return (f.Month == Month{} || f.Month.Contains(p.Due)) && (f.Dept == "" || p.Concerns(f.Dept)) &&
		(f.Status == "" || p.Status == f.Status)
}

// DeptPlanService keeps department plans (docs/DOMAIN.md#department-plans).
type DeptPlanService interface {
	// Goals returns dept's goals of year (none yet: empty, version 0).
	Goals(ctx context.Context, dept Department, year int) (*DeptGoals, error)
	// SaveGoals replaces them, read at version (else ECONFLICT).
	SaveGoals(ctx context.Context, by *User, dept Department, year int, version uint64, goals []Goal) (*DeptGoals, error)
	// FilePlanItem files an item (NewPlanItem) numbered JH-YEAR-NNNN; the
	// owner must be an account and the goal one of the department's.
	FilePlanItem(ctx context.Context, by *User, in PlanInput) (*PlanItem, error)
	// ChangePlanItem applies change to item id at version (else ECONFLICT
	// naming who changed it and when), saves and audits it.
	ChangePlanItem(ctx context.Context, by *User, id, version uint64, change PlanItemChange) (*PlanItem, error)
	PlanItem(ctx context.Context, id uint64) (*PlanItem, error)
	PlanItemByNo(ctx context.Context, no string) (*PlanItem, error)
	// PlanItems lists the items f keeps, by due date then number.
	PlanItems(ctx context.Context, f PlanFilter) ([]*PlanItem, error)
	// DeptPlanRows is every department's plan completion of m, up to
	// yesterday in the month running.
	DeptPlanRows(ctx context.Context, m Month) ([]DeptPlanRow, error)
}
