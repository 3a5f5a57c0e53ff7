package store

import (
	"slices"
	"strings"
	"testing"
	"time"

	"xietong/i18n"
	"xietong/model"
)

func TestCreateUser(t *testing.T) {
	e := seeded(t)
	valid := model.User{Login: "prod", Name: "孙强", Dept: model.DeptProduction, Role: model.RoleMember}
	tests := []struct {
		name string
		by   string // "" = system
		u    model.User
		want string
	}{
		{"admin creates", "admin", valid, ""},
		{"exists", "admin", valid, model.ECONFLICT},
		{"system creates", "", model.User{Login: "sys", Name: "系统建", Dept: model.DeptRnD, Role: model.RoleHead}, ""},
		{"member may not", "sales", model.User{Login: "x", Name: "X", Dept: model.DeptSales, Role: model.RoleMember}, model.EFORBIDDEN},
		{"office may not", "office", model.User{Login: "y", Name: "Y", Dept: model.DeptSales, Role: model.RoleMember}, model.EFORBIDDEN},
		{"bad login", "admin", model.User{Login: "Bad Login", Name: "Z", Dept: model.DeptSales, Role: model.RoleMember}, model.EINVALID},
		{"bad role", "admin", model.User{Login: "z", Name: "Z", Dept: model.DeptSales, Role: "boss"}, model.EINVALID},
		{"unknown actor", "ghost", model.User{Login: "g", Name: "G", Dept: model.DeptSales, Role: model.RoleMember}, model.EUNAUTHORIZED},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var by *model.User
			if tt.by == "ghost" {
				by = &model.User{Login: "ghost", Role: model.RoleAdmin, Dept: model.DeptOffice}
			} else if tt.by != "" {
				by = e.users[tt.by]
			}
			before := e.auditLen(t)
			got, err := e.db.CreateUser(t.Context(), by, &tt.u)
			wantCode(t, err, tt.want)
			if tt.want != "" {
				if n := e.auditLen(t); n != before {
					t.Fatalf("refused create wrote %d audit entries", n-before)
				}
				if tt.want != model.ECONFLICT {
					if _, err := e.db.User(t.Context(), tt.u.Login); model.ErrorCode(err) != model.ENOTFOUND {
						t.Fatalf("refused create saved the account: %v", err)
					}
				}
				return
			}
			if got.Version != 1 || !got.CreatedAt.Equal(e.clock.Now()) || got.UpdatedBy != whoOf(by) {
				t.Fatalf("meta %+v", got.Meta)
			}
			if a := e.actions(t, "user/"+tt.u.Login); !slices.Equal(a, []string{"user.create " + whoOf(by)}) {
				t.Fatalf("audit %q", a)
			}
		})
	}
	_, err := e.db.CreateUser(t.Context(), nil, &valid)
	if !strings.Contains(err.Error(), "account prod already exists") {
		t.Fatalf("duplicate message %q", err)
	}
}

// Two people read version 1; the first save wins, the second is refused
// with a message naming the first saver, and only saves reach the audit.
func TestUpdateUserConflict(t *testing.T) {
	e := seeded(t)
	ctx := t.Context()
	mine, _ := e.db.User(ctx, "plead")
	theirs, _ := e.db.User(ctx, "plead")

	e.advance(5 * time.Minute)
	mine.Name = "刘洋（生产）"
	saved, err := e.db.UpdateUser(ctx, e.users["li"], mine)
	if err != nil {
		t.Fatal(err)
	}
	if saved.Version != 2 || saved.UpdatedBy != "li" || !saved.UpdatedAt.Equal(e.clock.Now()) ||
		!saved.CreatedAt.Equal(e.users["plead"].CreatedAt) {
		t.Fatalf("meta after save %+v", saved.Meta)
	}

	e.advance(time.Minute)
	theirs.Role = model.RoleHead
	_, err = e.db.UpdateUser(ctx, e.users["admin"], theirs)
	wantCode(t, err, model.ECONFLICT)
	if msg := model.ErrorMessage(err, i18n.EN); msg != "user/plead was changed by 李敏 at 2025-03-03 09:05:00; reload and apply your edit again" {
		t.Fatalf("conflict message %q", msg)
	}
	got, _ := e.db.User(ctx, "plead")
	if got.Role != model.RoleLead || got.Name != "刘洋（生产）" || got.Version != 2 {
		t.Fatalf("stored after conflict %+v", got)
	}
	if a := e.actions(t, "user/plead"); !slices.Equal(a, []string{"user.create system", "user.update li"}) {
		t.Fatalf("audit %q", a)
	}
}

// Refused saves of every kind leave no trace; the audit holds exactly the
// successful saves.
func TestAuditOnlySuccessfulSaves(t *testing.T) {
	e := seeded(t)
	ctx := t.Context()
	stale, _ := e.db.User(ctx, "sales")
	fresh, _ := e.db.User(ctx, "sales")
	fresh.Name = "张伟（华东）"
	if _, err := e.db.UpdateUser(ctx, e.users["admin"], fresh); err != nil {
		t.Fatal(err)
	}
	before := e.auditLen(t)

	invalid := *fresh
	invalid.Version, invalid.Name = 2, ""
	forbidden := *fresh
	forbidden.Version, forbidden.Role = 2, model.RoleAdmin
	missing := *fresh
	missing.Login = "nobody"
	stale.Name = "过期的修改"
	for _, tt := range []struct {
		name string
		by   *model.User
		u    *model.User
		want string
	}{
		{"conflict", e.users["admin"], stale, model.ECONFLICT},
		{"invalid", e.users["admin"], &invalid, model.EINVALID},
		{"forbidden", e.users["sales"], &forbidden, model.EFORBIDDEN},
		{"not found", e.users["admin"], &missing, model.ENOTFOUND},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.db.UpdateUser(ctx, tt.by, tt.u)
			wantCode(t, err, tt.want)
		})
	}
	if n := e.auditLen(t); n != before {
		t.Fatalf("refused saves added %d audit entries", n-before)
	}
	if a := e.actions(t, "user/sales"); !slices.Equal(a, []string{"user.create system", "user.update admin"}) {
		t.Fatalf("audit %q", a)
	}
	got, _ := e.db.User(ctx, "sales")
	if got.Name != "张伟（华东）" || got.Role != model.RoleMember || got.Version != 2 {
		t.Fatalf("stored %+v", got)
	}
	if n, err := e.db.VerifyAudit(); err != nil || n != before {
		t.Fatalf("verify: %d, %v", n, err)
	}
}

func TestUpdateUserKeepsKeys(t *testing.T) {
	e := seeded(t)
	ctx := t.Context()
	key := newKey(t, "laptop")
	if _, err := e.db.AddKey(ctx, nil, "sales", key); err != nil {
		t.Fatal(err)
	}
	u, _ := e.db.User(ctx, "sales")
	u.Keys = nil // a form that does not carry keys
	u.Lang = model.LangEN
	saved, err := e.db.UpdateUser(ctx, e.users["admin"], u)
	if err != nil {
		t.Fatal(err)
	}
	if len(saved.Keys) != 1 || !saved.HasKey(fingerprint(t, key)) {
		t.Fatalf("keys after update %+v", saved.Keys)
	}
}

func TestDisableUser(t *testing.T) {
	e := seeded(t)
	ctx := t.Context()
	admin := e.users["admin"]

	u, err := e.db.DisableUser(ctx, admin, "sales")
	if err != nil || !u.Disabled || u.Version != 2 {
		t.Fatalf("disable: %+v, %v", u, err)
	}
	n := e.auditLen(t)
	if _, err := e.db.DisableUser(ctx, admin, "sales"); err != nil {
		t.Fatal(err)
	}
	if e.auditLen(t) != n {
		t.Fatal("disabling twice wrote again")
	}
	_, err = e.db.DisableUser(ctx, e.users["office"], "plead")
	wantCode(t, err, model.EFORBIDDEN)

	// li may go; then admin is the last enabled administrator.
	if _, err := e.db.DisableUser(ctx, admin, "li"); err != nil {
		t.Fatal(err)
	}
	_, err = e.db.DisableUser(ctx, nil, "admin")
	wantCode(t, err, model.EINVALID)
	if !strings.Contains(err.Error(), "last administrator") {
		t.Fatalf("message %q", err)
	}
	// Demoting the last admin through UpdateUser is refused too.
	a, _ := e.db.User(ctx, "admin")
	a.Role = model.RoleOffice
	_, err = e.db.UpdateUser(ctx, nil, a)
	wantCode(t, err, model.EINVALID)

	// A disabled administrator loses its powers at once, whatever its session holds.
	_, err = e.db.DisableUser(ctx, e.users["li"], "plead")
	wantCode(t, err, model.EFORBIDDEN)
}

func TestSetLanguage(t *testing.T) {
	e := seeded(t)
	ctx := t.Context()
	sales := e.users["sales"]
	u, err := e.db.SetLanguage(ctx, sales, model.LangEN)
	if err != nil || u.Lang != model.LangEN || u.Version != 2 || u.UpdatedBy != "sales" {
		t.Fatalf("set: %+v, %v", u, err)
	}
	n := e.auditLen(t)
	if _, err := e.db.SetLanguage(ctx, sales, model.LangEN); err != nil {
		t.Fatal(err)
	}
	if e.auditLen(t) != n {
		t.Fatal("same language wrote again")
	}
	_, err = e.db.SetLanguage(ctx, sales, "fr")
	wantCode(t, err, model.EINVALID)
	if f := model.FieldErrors(err); f["lang"].Key != "val.unknown_lang" {
		t.Fatalf("fields %+v", f)
	}
	_, err = e.db.SetLanguage(ctx, nil, model.LangZH)
	wantCode(t, err, model.EUNAUTHORIZED)
	if a := e.actions(t, "user/sales"); !slices.Equal(a, []string{"user.create system", "user.lang sales"}) {
		t.Fatalf("audit %q", a)
	}
}

func TestUsersOrdered(t *testing.T) {
	e := seeded(t)
	users, err := e.db.Users(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	logins := make([]string, len(users))
	for i, u := range users {
		logins[i] = u.Login
	}
	if !slices.IsSorted(logins) || len(logins) != len(e.users) {
		t.Fatalf("users %q", logins)
	}
	_, err = e.db.User(t.Context(), "nobody")
	wantCode(t, err, model.ENOTFOUND)
}
