package model

import (
	"strings"
	"time"
	"unicode/utf8"
)

// Department is one of the company's departments (docs/DOMAIN.md#people).
type Department string

const (
	DeptSales      Department = "sales"
	DeptProduction Department = "production"
	DeptRnD        Department = "rnd"
	DeptQuality    Department = "quality"
	DeptOffice     Department = "office"
	DeptManagement Department = "management"
	DeptPurchasing Department = "purchasing"
)

// Departments lists every department in display order.
var Departments = []Department{DeptSales, DeptProduction, DeptRnD, DeptQuality, DeptOffice, DeptManagement, DeptPurchasing}

// Valid reports whether d is a known department.
func (d Department) Valid() bool {
	for _, x := range Departments {
		if x == d {
			return true
		}
	}
	return false
}

// Role is what a person may do beyond reading.
type Role string

const (
	RoleMember Role = "member"
	RoleLead   Role = "lead"
	RoleHead   Role = "head"
	RoleGM     Role = "gm"
	RoleOffice Role = "office"
	RoleAdmin  Role = "admin"
)

// Roles lists every role.
var Roles = []Role{RoleMember, RoleLead, RoleHead, RoleGM, RoleOffice, RoleAdmin}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if x == r {
			return true
		}
	}
	return false
}

// SystemLogin is who changes made without a person are logged and audited
// as (the server's clocks, start-up, the offline command line); no account
// can take it.
const SystemLogin = "system"

// Languages the UI speaks.
const (
	LangZH = "zh"
	LangEN = "en"
)

// ValidLang reports whether l is a UI language; "" means "no preference".
func ValidLang(l string) bool { return l == "" || l == LangZH || l == LangEN }

// Key is an SSH public key bound to a person.
type Key struct {
	Fingerprint string    `json:"fingerprint"` // SHA256:...
	Type        string    `json:"type"`
	Authorized  string    `json:"authorized"` // "ssh-ed25519 AAAA..." without comment
	Comment     string    `json:"comment,omitempty"`
	AddedAt     time.Time `json:"added_at"`
}

// User is a person with an account.
type User struct {
	Login    string     `json:"login"`
	Name     string     `json:"name"`
	Dept     Department `json:"dept"`
	Role     Role       `json:"role"`
	Lang     string     `json:"lang,omitempty"`
	Disabled bool       `json:"disabled,omitempty"`
	Keys     []Key      `json:"keys,omitempty"`
	Meta
}

// Meta is the version stamp every saved record carries.
type Meta struct {
	Version   uint64    `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	UpdatedBy string    `json:"updated_by"`
}

// Limits on typed text.
const (
	MaxLoginLen = 32
	MaxNameLen  = 64
)

// ValidateLogin checks a login name: 1–32 of a-z 0-9 . _ -, starting with a letter.
func ValidateLogin(v Invalid, login string) {
	if login == "" {
		v.Add("login", "val.required")
		return
	}
	if len(login) > MaxLoginLen {
		v.Add("login", "val.too_long", MaxLoginLen)
		return
	}
	for i, r := range login {
		ok := r >= 'a' && r <= 'z' || i > 0 && (r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-')
		if !ok {
			v.Add("login", "val.login_chars")
			return
		}
	}
	if login == SystemLogin {
		v.Add("login", "val.login_reserved", login)
	}
}

// ValidateText checks a free-text field: required if asked, at most max
// characters, and the text rule (model/text.go): no control, C1 or bidi
// character, line breaks and tabs only where multiline is true.
func ValidateText(v Invalid, field, s string, required bool, max int, multiline bool) {
	if required && strings.TrimSpace(s) == "" {
		v.Add(field, "val.required")
		return
	}
	if !utf8.ValidString(s) {
		v.Add(field, "val.bad_utf8")
		return
	}
	if n := utf8.RuneCountInString(s); n > max {
		v.Add(field, "val.too_long_n", max, n)
		return
	}
	ValidateChars(v, field, s, multiline)
}

// Validate checks a user record.
func (u *User) Validate() error {
	v := Invalid{}
	ValidateLogin(v, u.Login)
	ValidateText(v, "name", u.Name, true, MaxNameLen, false)
	if u.Dept == "" {
		v.Add("dept", "val.required")
	} else if !u.Dept.Valid() {
		v.Add("dept", "val.unknown_dept", string(u.Dept))
	}
	if u.Role == "" {
		v.Add("role", "val.required")
	} else if !u.Role.Valid() {
		v.Add("role", "val.unknown_role", string(u.Role))
	}
	if !ValidLang(u.Lang) {
		v.Add("lang", "val.unknown_lang", u.Lang)
	}
	return v.Err()
}

// HasKey reports whether the user holds the key with fingerprint fp.
func (u *User) HasKey(fp string) bool {
	for _, k := range u.Keys {
		if k.Fingerprint == fp {
			return true
		}
	}
	return false
}

// Invitation lets a person bind their first key with a one-time code.
type Invitation struct {
	Login     string    `json:"login"`
	CodeHash  string    `json:"code_hash"` // salted argon2id of the code (store/invitations.go)
	CreatedAt time.Time `json:"created_at"`
	CreatedBy string    `json:"created_by"`
	ExpiresAt time.Time `json:"expires_at"`
	Attempts  int       `json:"attempts"`
	UsedAt    time.Time `json:"used_at,omitzero"`
}

// Invitation rules.
const (
	InvitationTTL         = 72 * time.Hour
	InvitationMaxAttempts = 5
)

// Open reports whether the invitation can still be redeemed at now.
func (in *Invitation) Open(now time.Time) bool {
	return in.UsedAt.IsZero() && in.Attempts < InvitationMaxAttempts && now.Before(in.ExpiresAt)
}
