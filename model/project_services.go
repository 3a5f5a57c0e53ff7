package model

import "context"

// ProjectChange applies a transition (a method of Project) to p; the store
// runs it in the transaction that saves p.
type ProjectChange func(p *Project) error

// ProjectService keeps project requests (docs/DOMAIN.md#projects).
type ProjectService interface {
	// Projects lists the projects f keeps, newest first.
	Projects(ctx context.Context, f ProjectFilter) ([]*Project, error)
	// Project returns project id; ProjectByNo the one numbered no.
	Project(ctx context.Context, id uint64) (*Project, error)
	ProjectByNo(ctx context.Context, no string) (*Project, error)
	// FileProject files a draft (NewProject) numbered LX-YEAR-NNNN; the
	// owner must be an account and the linked records must exist.
	FileProject(ctx context.Context, by *User, in ProjectInput) (*Project, error)
	// ChangeProject applies change to project id at version (else
	// ECONFLICT naming who changed it and when), checks the owner and
	// links again, saves and audits it.
	ChangeProject(ctx context.Context, by *User, id, version uint64, change ProjectChange) (*Project, error)
	// EscalateProjects escalates, as the system, the submitted projects
	// newly past their decision's due time (Project.EscalateDecision) and
	// returns how many; the server runs it every minute.
	EscalateProjects(ctx context.Context) (int, error)
	// ProjectDecideDays is how many working days the general manager has
	// to decide a submitted project.
	ProjectDecideDays() int
}
