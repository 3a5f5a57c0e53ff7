package store

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"xietong/model"
)

var codeForm = regexp.MustCompile(`^[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}$`)

func TestInvitationRedeem(t *testing.T) {
	e := seeded(t)
	ctx := t.Context()
	code, expires, err := e.db.Invite(ctx, e.users["admin"], "sales")
	if err != nil {
		t.Fatal(err)
	}
	if !codeForm.MatchString(code) {
		t.Fatalf("code %q", code)
	}
	if want := e.clock.Now().Add(model.InvitationTTL); !expires.Equal(want) || expires.Location() != e.clock.Loc {
		t.Fatalf("expires %v, want %v", expires, want)
	}
	if !e.db.InvitationOpen(ctx, "sales") || e.db.InvitationOpen(ctx, "plead") {
		t.Fatal("InvitationOpen wrong")
	}
	entries, _ := e.db.Audit(ctx, "invitation/sales")
	if len(entries) != 1 || strings.Contains(string(entries[0].After), strings.ReplaceAll(code, "-", "")) {
		t.Fatalf("the code itself reached the store: %s", entries[0].After)
	}

	sub := e.feed.Subscribe()
	defer sub.Close()
	line := newKey(t, "zhang")
	typed := strings.ToLower(strings.ReplaceAll(code, "-", " ")) // as a person might type it
	u, err := e.db.RedeemInvitation(ctx, "sales", typed, line)
	if err != nil {
		t.Fatal(err)
	}
	if !u.HasKey(fingerprint(t, line)) {
		t.Fatalf("key not bound %+v", u.Keys)
	}
	if evs, _ := sub.Take(); len(evs) != 1 || evs[0].Kind != "user" || evs[0].Key != "sales" {
		t.Fatalf("events %+v", evs)
	}
	if got, err := e.db.UserByKey(ctx, fingerprint(t, line)); err != nil || got.Login != "sales" {
		t.Fatalf("by key: %+v, %v", got, err)
	}
	if e.db.InvitationOpen(ctx, "sales") {
		t.Fatal("still open after redeem")
	}

	// Single use.
	_, err = e.db.RedeemInvitation(ctx, "sales", code, newKey(t, "again"))
	wantCode(t, err, model.EUNAUTHORIZED)

	want := []string{"invite.create admin", "invite.redeem sales"}
	if a := e.actions(t, "invitation/sales"); !slices.Equal(a, want) {
		t.Fatalf("audit %q", a)
	}
	if a := e.actions(t, "user/sales"); !slices.Equal(a, []string{"user.create system", "user.key_add sales"}) {
		t.Fatalf("audit %q", a)
	}
}

func TestInvitationWrongCodes(t *testing.T) {
	e := seeded(t)
	ctx := t.Context()
	code, _, err := e.db.Invite(ctx, e.users["admin"], "plead")
	if err != nil {
		t.Fatal(err)
	}
	line := newKey(t, "liu")
	for try := 1; try <= model.InvitationMaxAttempts; try++ {
		_, err := e.db.RedeemInvitation(ctx, "plead", "AAAA-AAAA", line)
		if left := model.InvitationMaxAttempts - try; left > 0 {
			wantCode(t, err, model.EUNAUTHORIZED)
			if !strings.Contains(err.Error(), fmt.Sprintf("(%d tries left)", left)) {
				t.Fatalf("try %d: %q", try, err)
			}
		} else {
			wantCode(t, err, model.ELOCKED)
		}
	}
	// Locked: even the right code is refused, and the key stays unbound.
	_, err = e.db.RedeemInvitation(ctx, "plead", code, line)
	wantCode(t, err, model.ELOCKED)
	if e.db.InvitationOpen(ctx, "plead") {
		t.Fatal("locked invitation reported open")
	}
	_, err = e.db.UserByKey(ctx, fingerprint(t, line))
	wantCode(t, err, model.ENOTFOUND)

	a := e.actions(t, "invitation/plead")
	if len(a) != 1+model.InvitationMaxAttempts || a[len(a)-1] != "invite.fail anonymous" {
		t.Fatalf("audit %q", a)
	}

	// A new invitation replaces the locked one.
	code, _, err = e.db.Invite(ctx, e.users["li"], "plead")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.RedeemInvitation(ctx, "plead", code, line); err != nil {
		t.Fatal(err)
	}
}

func TestInvitationExpiry(t *testing.T) {
	e := seeded(t)
	ctx := t.Context()
	code, _, err := e.db.Invite(ctx, e.users["admin"], "qlead")
	if err != nil {
		t.Fatal(err)
	}
	e.advance(model.InvitationTTL - time.Second)
	if !e.db.InvitationOpen(ctx, "qlead") {
		t.Fatal("closed before expiry")
	}
	e.advance(time.Second)
	if e.db.InvitationOpen(ctx, "qlead") {
		t.Fatal("open at expiry")
	}
	_, err = e.db.RedeemInvitation(ctx, "qlead", code, newKey(t, "chen"))
	wantCode(t, err, model.EUNAUTHORIZED)
	if !strings.Contains(err.Error(), "no open invitation for qlead") {
		t.Fatalf("message %q", err)
	}
}

func TestInviteRefusals(t *testing.T) {
	e := seeded(t)
	ctx := t.Context()
	for _, tt := range []struct {
		name, by, login, want string
	}{
		{"no account", "admin", "nobody", model.ENOTFOUND},
		{"not admin", "office", "sales", model.EFORBIDDEN},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := e.db.Invite(ctx, e.users[tt.by], tt.login)
			wantCode(t, err, tt.want)
		})
	}
	_, err := e.db.RedeemInvitation(ctx, "sales", "ABCD-EFGH", newKey(t, "x"))
	wantCode(t, err, model.EUNAUTHORIZED)

	// A right code with a bad key is refused without counting an attempt.
	code, _, _ := e.db.Invite(ctx, nil, "sales")
	_, err = e.db.RedeemInvitation(ctx, "sales", code, "garbage")
	wantCode(t, err, model.EINVALID)
	if _, err := e.db.RedeemInvitation(ctx, "sales", code, newKey(t, "ok")); err != nil {
		t.Fatal(err)
	}
}

func TestNewCode(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		c := newCode()
		if !codeForm.MatchString(c) {
			t.Fatalf("code %q", c)
		}
		seen[c] = true
	}
	if len(seen) < 999 {
		t.Fatalf("only %d distinct codes in 1000", len(seen))
	}
	if normaliseCode(" abcd-efgh ") != "ABCDEFGH" {
		t.Fatal("normalise")
	}
}

// Checking a code tells right from wrong without using it up; wrong codes
// count towards the lock as when redeeming; a login with no open
// invitation is ENOTFOUND.
func TestCheckInvitation(t *testing.T) {
	e := seeded(t)
	ctx := t.Context()
	code, _, err := e.db.Invite(ctx, e.users["admin"], "sales")
	if err != nil {
		t.Fatal(err)
	}
	if left, err := e.db.CheckInvitation(ctx, "sales", strings.ToLower(code)); err != nil || left != 0 {
		t.Fatalf("right code: %d, %v", left, err)
	}
	if !e.db.InvitationOpen(ctx, "sales") {
		t.Fatal("a check used the invitation up")
	}
	left, err := e.db.CheckInvitation(ctx, "sales", "AAAA-AAAA")
	wantCode(t, err, model.EUNAUTHORIZED)
	if left != model.InvitationMaxAttempts-1 {
		t.Fatalf("left %d", left)
	}
	for range model.InvitationMaxAttempts - 2 {
		_, _ = e.db.RedeemInvitation(ctx, "sales", "AAAA-AAAA", newKey(t, "x"))
	}
	left, err = e.db.CheckInvitation(ctx, "sales", "BBBB-BBBB")
	wantCode(t, err, model.ELOCKED)
	if left != 0 {
		t.Fatalf("left when locked %d", left)
	}
	if _, err := e.db.CheckInvitation(ctx, "sales", code); model.ErrorCode(err) != model.ELOCKED {
		t.Fatalf("right code when locked: %v", err)
	}
	for _, login := range []string{"plead", "nobody"} {
		_, err := e.db.CheckInvitation(ctx, login, code)
		wantCode(t, err, model.ENOTFOUND)
	}
}

// What is stored of a code is a salted argon2id hash: two invitations of
// the same code store different hashes, and neither holds the code's
// SHA-256.
func TestCodeStoredSaltedAndSlow(t *testing.T) {
	a, b := newCodeHash("ABCD-EFGH"), newCodeHash("abcd efgh")
	if a == b || !strings.HasPrefix(a, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("stored forms %q %q", a, b)
	}
	if strings.Contains(a, codeDigest("ABCD-EFGH")) {
		t.Fatal("the plain digest is stored")
	}
	if !codeMatches(a, "abcd-efgh") || !codeMatches(b, "ABCDEFGH") || codeMatches(a, "ABCD-EFGJ") {
		t.Fatal("codeMatches")
	}
	for _, bad := range []string{"", "$argon2id$", codeDigest("ABCD-EFGH"), "$argon2id$v=19$m=19456,t=2,p=1$!!$x"} {
		if codeMatches(bad, "ABCD-EFGH") {
			t.Fatalf("matched %q", bad)
		}
	}
}

// Codes stored as a plain SHA-256 (before schema 9) still work after the
// migration, which keeps them as salted argon2id hashes; used ones keep
// nothing of their code.
func TestMigrateCodeHashes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.db")
	db, err := open(path, Options{}, migrations[:6])
	if err != nil {
		t.Fatal(err)
	}
	expires := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	put := func(login string, in model.Invitation) {
		in.Login, in.ExpiresAt = login, expires
		raw, _ := json.Marshal(&in)
		if err := db.bolt.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucketInvites).Put([]byte(login), raw) }); err != nil {
			t.Fatal(err)
		}
	}
	put("open", model.Invitation{CodeHash: codeDigest("ABCD-EFGH"), Attempts: 2})
	put("used", model.Invitation{CodeHash: codeDigest("JKLM-NPQR"), UsedAt: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)})
	db.Close()
	if db, err = Open(path, Options{}); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var open, used *model.Invitation
	if err := db.view(t.Context(), func(tx *bolt.Tx) (err error) {
		if open, _, err = getInvitation(tx, "open"); err != nil {
			return err
		}
		used, _, err = getInvitation(tx, "used")
		return err
	}); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(open.CodeHash, "$argon2id$") || !codeMatches(open.CodeHash, "abcd-efgh") || open.Attempts != 2 {
		t.Fatalf("open invitation %+v", open)
	}
	if used.CodeHash != "" {
		t.Fatalf("used invitation kept %q", used.CodeHash)
	}
}
