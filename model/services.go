package model

import (
	"context"
	"encoding/json"
	"time"
)

// UserService manages accounts, keys and invitations.
type UserService interface {
	User(ctx context.Context, login string) (*User, error)
	UserByKey(ctx context.Context, fingerprint string) (*User, error)
	Users(ctx context.Context) ([]*User, error)
	// CreateUser adds a new account; EINVALID or ECONFLICT if the login exists.
	CreateUser(ctx context.Context, by *User, u *User) (*User, error)
	// UpdateUser saves u; u.Version must be the version that was read.
	UpdateUser(ctx context.Context, by *User, u *User) (*User, error)
	SetLanguage(ctx context.Context, by *User, lang string) (*User, error)
	DisableUser(ctx context.Context, by *User, login string) (*User, error)
	EnableUser(ctx context.Context, by *User, login string) (*User, error)
	AddKey(ctx context.Context, by *User, login, authorizedKey string) (Key, error)
	RemoveKey(ctx context.Context, by *User, login, fingerprint string) error
	// Invite creates a one-time code for login, replacing any earlier one.
	Invite(ctx context.Context, by *User, login string) (code string, expires time.Time, err error)
	// InvitationOpen reports whether login has a redeemable invitation.
	InvitationOpen(ctx context.Context, login string) bool
	// CheckInvitation checks code against login's open invitation without
	// using it: nil when right; a wrong code counts an attempt and returns
	// EUNAUTHORIZED with the tries left (ELOCKED, 0 left, once locked);
	// ENOTFOUND when login has no open invitation.
	CheckInvitation(ctx context.Context, login, code string) (left int, err error)
	// RedeemInvitation binds authorizedKey to login if code is right; a wrong
	// code counts an attempt and returns EUNAUTHORIZED (ELOCKED once locked).
	RedeemInvitation(ctx context.Context, login, code, authorizedKey string) (*User, error)
	// EnsureAdminKey makes sure an enabled admin account holds the key; it
	// creates the account "admin" when no account holds the key.
	EnsureAdminKey(ctx context.Context, authorizedKey string) (*User, error)
}

// NoticeService manages notices and who has read them.
type NoticeService interface {
	PostNotice(ctx context.Context, by *User, n *Notice) (*Notice, error)
	// UpdateNotice saves an edit; n.Version must be the version that was read.
	UpdateNotice(ctx context.Context, by *User, n *Notice) (*Notice, error)
	Notice(ctx context.Context, id uint64) (*Notice, error)
	// Notices lists the notices addressed to viewer, newest first.
	Notices(ctx context.Context, viewer *User) ([]NoticeView, error)
	MarkRead(ctx context.Context, by *User, id uint64) error
	// Reads lists who has read the notice.
	Reads(ctx context.Context, id uint64) ([]Read, error)
}

// AuditEntry records one mutation.
type AuditEntry struct {
	Seq    uint64          `json:"seq"`
	At     time.Time       `json:"at"`
	Who    string          `json:"who"`
	Action string          `json:"action"`
	Record string          `json:"record"` // e.g. "notice/12", "user/prod"
	Before json.RawMessage `json:"before,omitempty"`
	After  json.RawMessage `json:"after,omitempty"`
	Prev   string          `json:"prev"` // hex sha256 of the previous entry
}

// AuditService reads the audit log.
type AuditService interface {
	// Audit returns the entries for record (all records if ""), oldest first.
	Audit(ctx context.Context, record string) ([]AuditEntry, error)
}

// Services bundles everything a session or command needs.
type Services struct {
	Users     UserService
	Notices   NoticeService
	Audit     AuditService
	Master    MasterService
	Orders    OrderService
	Planning  PlanningService
	Shop      ShopFloorService
	Meetings  MeetingService
	Projects  ProjectService
	Campaigns CampaignService
	Plans     DeptPlanService
	Ledger    LedgerService
	Purchase  PurchaseService
	Feed      *Feed
	Clock     *Clock
	Calendar  *Calendar
	// Bulk, when not nil, runs fn as one bulk load into a new database
	// (the demo's seed): the store may hold back making each change
	// durable until fn returns, and has made all of them durable when Bulk
	// returns.
	Bulk func(fn func() error) error
}
