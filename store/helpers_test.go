package store

import (
	"crypto/ed25519"
	"crypto/rand"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
	"golang.org/x/crypto/ssh"

	"xietong/model"
)

// env is a store on a temp file with a pinned clock and a feed.
type env struct {
	db    *DB
	clock *model.Clock
	feed  *model.Feed
	path  string
	users map[string]*model.User // seeded people, as saved
}

func newEnv(t testing.TB) *env {
	t.Helper()
	clock, err := model.NewClock("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	clock.Set(time.Date(2025, 3, 3, 9, 0, 0, 0, clock.Loc))
	e := &env{clock: clock, feed: model.NewFeed(), path: filepath.Join(t.TempDir(), "xietong.db")}
	e.open(t)
	t.Cleanup(func() { e.db.Close() })
	return e
}

func (e *env) open(t testing.TB) {
	t.Helper()
	db, err := Open(e.path, Options{Clock: e.clock, Feed: e.feed})
	if err != nil {
		t.Fatal(err)
	}
	e.db = db
}

func (e *env) reopen(t *testing.T) {
	t.Helper()
	if err := e.db.Close(); err != nil {
		t.Fatal(err)
	}
	e.open(t)
}

// advance moves the pinned clock forward.
func (e *env) advance(d time.Duration) { e.clock.Set(e.clock.Now().Add(d)) }

// seeded returns an env with these people, created by the system:
//
//	admin, li     administrators (office)
//	office        role office
//	clerk         member of the office department
//	sales         member of sales
//	plead, qlead  leads of production and quality
func seeded(t testing.TB) *env {
	t.Helper()
	e := newEnv(t)
	e.users = map[string]*model.User{}
	for _, u := range []model.User{
		{Login: "admin", Name: "管理员", Dept: model.DeptOffice, Role: model.RoleAdmin},
		{Login: "li", Name: "李敏", Dept: model.DeptOffice, Role: model.RoleAdmin},
		{Login: "office", Name: "王芳", Dept: model.DeptOffice, Role: model.RoleOffice},
		{Login: "clerk", Name: "赵静", Dept: model.DeptOffice, Role: model.RoleMember},
		{Login: "sales", Name: "张伟", Dept: model.DeptSales, Role: model.RoleMember},
		{Login: "plead", Name: "刘洋", Dept: model.DeptProduction, Role: model.RoleLead},
		{Login: "qlead", Name: "陈静", Dept: model.DeptQuality, Role: model.RoleLead},
	} {
		saved, err := e.db.CreateUser(t.Context(), nil, &u)
		if err != nil {
			t.Fatalf("seed %s: %v", u.Login, err)
		}
		e.users[u.Login] = saved
	}
	return e
}

// auditLen is the number of audit entries.
func (e *env) auditLen(t *testing.T) int {
	t.Helper()
	all, err := e.db.Audit(t.Context(), "")
	if err != nil {
		t.Fatal(err)
	}
	return len(all)
}

// actions lists "action who" of record's audit entries, oldest first.
func (e *env) actions(t *testing.T, record string) []string {
	t.Helper()
	entries, err := e.db.Audit(t.Context(), record)
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(entries))
	for i, a := range entries {
		out[i] = a.Action + " " + a.Who
	}
	return out
}

// newKey returns a fresh ed25519 public key in authorized_keys form.
func newKey(t *testing.T, comment string) string {
	t.Helper()
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	pk, err := ssh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(ssh.MarshalAuthorizedKey(pk))) + " " + comment
}

// fingerprint is the SHA256 fingerprint of an authorized_keys line.
func fingerprint(t *testing.T, authorized string) string {
	t.Helper()
	pk, _, _, _, err := ssh.ParseAuthorizedKey([]byte(authorized))
	if err != nil {
		t.Fatal(err)
	}
	return ssh.FingerprintSHA256(pk)
}

// wantCode fails unless err carries the model error code want ("" = nil).
func wantCode(t *testing.T, err error, want string) {
	t.Helper()
	if got := model.ErrorCode(err); got != want {
		t.Fatalf("error code %q (%v), want %q", got, err, want)
	}
}

// noEvents fails if sub has pending events.
func noEvents(t *testing.T, sub *model.Subscription) {
	t.Helper()
	if evs, _ := sub.Take(); len(evs) > 0 {
		t.Fatalf("unexpected events %+v", evs)
	}
}

// rawRecord is what bucket holds under key, as text.
func (e *env) rawRecord(t *testing.T, bucket, key []byte) string {
	t.Helper()
	var raw string
	if err := e.db.bolt.View(func(tx *bolt.Tx) error {
		raw = string(tx.Bucket(bucket).Get(key))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return raw
}
