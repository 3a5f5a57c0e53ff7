package store

import (
	"slices"
	"strings"
	"testing"

	"xietong/model"
)

func TestKeys(t *testing.T) {
	e := seeded(t)
	ctx := t.Context()
	admin := e.users["admin"]
	line := newKey(t, "zhang@laptop")
	fp := fingerprint(t, line)

	k, err := e.db.AddKey(ctx, admin, "sales", "  "+line+"\n")
	if err != nil {
		t.Fatal(err)
	}
	if k.Fingerprint != fp || k.Type != "ssh-ed25519" || k.Comment != "zhang@laptop" ||
		k.Authorized != strings.TrimSuffix(line, " zhang@laptop") || !k.AddedAt.Equal(e.clock.Now()) {
		t.Fatalf("key %+v", k)
	}
	u, err := e.db.UserByKey(ctx, fp)
	if err != nil || u.Login != "sales" || !u.HasKey(fp) || u.Version != 2 {
		t.Fatalf("by key: %+v, %v", u, err)
	}

	n := e.auditLen(t)
	if _, err := e.db.AddKey(ctx, admin, "sales", line); err != nil {
		t.Fatalf("adding again: %v", err)
	}
	if e.auditLen(t) != n {
		t.Fatal("adding a held key wrote again")
	}

	for _, tt := range []struct {
		name, by, login, key, want string
	}{
		{"taken", "admin", "plead", line, model.ECONFLICT},
		{"garbage", "admin", "plead", "ssh-ed25519 not-base64", model.EINVALID},
		{"empty", "admin", "plead", "", model.EINVALID},
		{"two keys", "admin", "plead", newKey(t, "a") + "\n" + newKey(t, "b"), model.EINVALID},
		{"no account", "admin", "nobody", newKey(t, "c"), model.ENOTFOUND},
		{"not admin", "office", "plead", newKey(t, "d"), model.EFORBIDDEN},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := e.db.AddKey(ctx, e.users[tt.by], tt.login, tt.key)
			wantCode(t, err, tt.want)
			if tt.want == model.EINVALID {
				if f := model.FieldErrors(err); f["key"].Key != "err.bad_key" {
					t.Fatalf("fields %+v", f)
				}
			}
			if tt.name == "taken" && !strings.Contains(err.Error(), "belongs to sales") {
				t.Fatalf("message %q", err)
			}
		})
	}
	if e.auditLen(t) != n {
		t.Fatal("refused key adds wrote")
	}

	if err := e.db.RemoveKey(ctx, admin, "sales", fp); err != nil {
		t.Fatal(err)
	}
	_, err = e.db.UserByKey(ctx, fp)
	wantCode(t, err, model.ENOTFOUND)
	wantCode(t, e.db.RemoveKey(ctx, admin, "sales", fp), model.ENOTFOUND)
	if u, _ := e.db.User(ctx, "sales"); len(u.Keys) != 0 {
		t.Fatalf("keys left %+v", u.Keys)
	}
	// Once removed the key is free for someone else.
	if _, err := e.db.AddKey(ctx, nil, "plead", line); err != nil {
		t.Fatal(err)
	}
	want := []string{"user.create system", "user.key_add admin", "user.key_remove admin"}
	if a := e.actions(t, "user/sales"); !slices.Equal(a, want) {
		t.Fatalf("audit %q", a)
	}
}

func TestCreateUserWithKey(t *testing.T) {
	e := seeded(t)
	line := newKey(t, "phone")
	u := &model.User{Login: "new", Name: "新人", Dept: model.DeptRnD, Role: model.RoleMember,
		Keys: []model.Key{{Authorized: line}}}
	if _, err := e.db.CreateUser(t.Context(), nil, u); err != nil {
		t.Fatal(err)
	}
	if got, err := e.db.UserByKey(t.Context(), fingerprint(t, line)); err != nil || got.Login != "new" {
		t.Fatalf("by key: %+v, %v", got, err)
	}
	// The same key on a second new account is refused and nothing is saved.
	u2 := &model.User{Login: "new2", Name: "新人2", Dept: model.DeptRnD, Role: model.RoleMember,
		Keys: []model.Key{{Authorized: line}}}
	_, err := e.db.CreateUser(t.Context(), nil, u2)
	wantCode(t, err, model.ECONFLICT)
	_, err = e.db.User(t.Context(), "new2")
	wantCode(t, err, model.ENOTFOUND)
}

func TestEnsureAdminKey(t *testing.T) {
	e := newEnv(t)
	ctx := t.Context()
	line := newKey(t, "ops")

	u, err := e.db.EnsureAdminKey(ctx, line)
	if err != nil {
		t.Fatal(err)
	}
	if u.Login != "admin" || u.Role != model.RoleAdmin || u.Dept != model.DeptOffice || u.Name != "Administrator" ||
		!u.HasKey(fingerprint(t, line)) || u.Version != 1 {
		t.Fatalf("created %+v", u)
	}
	n := e.auditLen(t)
	for range 2 {
		again, err := e.db.EnsureAdminKey(ctx, line)
		if err != nil || again.Login != "admin" || again.Version != 1 {
			t.Fatalf("again: %+v, %v", again, err)
		}
	}
	if e.auditLen(t) != n {
		t.Fatal("EnsureAdminKey wrote when nothing was to do")
	}

	// A second key is added to the existing admin account.
	second := newKey(t, "ops2")
	u, err = e.db.EnsureAdminKey(ctx, second)
	if err != nil || len(u.Keys) != 2 || u.Version != 2 {
		t.Fatalf("second key: %+v, %v", u, err)
	}

	// A key of an ordinary account is refused.
	member := newKey(t, "member")
	if _, err := e.db.CreateUser(ctx, nil, &model.User{Login: "m", Name: "M", Dept: model.DeptSales,
		Role: model.RoleMember, Keys: []model.Key{{Authorized: member}}}); err != nil {
		t.Fatal(err)
	}
	_, err = e.db.EnsureAdminKey(ctx, member)
	wantCode(t, err, model.ECONFLICT)

	// A demoted, disabled "admin" account is repaired. (Another admin exists
	// so the demotion itself is allowed.)
	if _, err := e.db.CreateUser(ctx, nil, &model.User{Login: "boss", Name: "B", Dept: model.DeptManagement,
		Role: model.RoleAdmin}); err != nil {
		t.Fatal(err)
	}
	a, _ := e.db.User(ctx, "admin")
	a.Role, a.Disabled = model.RoleMember, true
	if _, err := e.db.UpdateUser(ctx, nil, a); err != nil {
		t.Fatal(err)
	}
	u, err = e.db.EnsureAdminKey(ctx, line)
	if err != nil || u.Role != model.RoleAdmin || u.Disabled {
		t.Fatalf("repaired: %+v, %v", u, err)
	}
	want := []string{"user.create system", "user.ensure_admin system", "user.update system", "user.ensure_admin system"}
	if a := e.actions(t, "user/admin"); !slices.Equal(a, want) {
		t.Fatalf("audit %q", a)
	}

	_, err = e.db.EnsureAdminKey(ctx, "not a key")
	wantCode(t, err, model.EINVALID)
}

func FuzzParseKey(f *testing.F) {
	f.Add("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGHHlZf6n7ZJ0QS8U6C6N8vNBLyuVp2JX4c7hdSqS5yU me@host")
	f.Add(`command="ls",no-pty ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGHHlZf6n7ZJ0QS8U6C6N8vNBLyuVp2JX4c7hdSqS5yU`)
	f.Add("# comment\n\nssh-rsa AAAA")
	f.Add("")
	f.Fuzz(func(t *testing.T, s string) {
		k, err := ParseKey(s)
		if err != nil {
			if model.ErrorCode(err) != model.EINVALID {
				t.Fatalf("error %v is not EINVALID", err)
			}
			return
		}
		again, err := ParseKey(k.Authorized)
		if err != nil || again.Fingerprint != k.Fingerprint || again.Authorized != k.Authorized {
			t.Fatalf("round trip of %q: %+v, %v", k.Authorized, again, err)
		}
	})
}
