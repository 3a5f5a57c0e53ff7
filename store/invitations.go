package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"xietong/model"
)

// codeAlphabet has 32 letters and digits that cannot be mistaken for each
// other (no I, O, 0, 1), so a random byte mod 32 picks one without bias.
const codeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

const codeLen = 8

func inviteRecord(login string) string { return "invitation/" + login }

// newCode returns a random invitation code shown as "XXXX-XXXX".
func newCode() string {
	var b [codeLen]byte
	rand.Read(b[:]) // never fails (crypto/rand, Go 1.24+)
	for i := range b {
		b[i] = codeAlphabet[int(b[i])%len(codeAlphabet)]
	}
	return string(b[:codeLen/2]) + "-" + string(b[codeLen/2:])
}

// normaliseCode makes a typed code comparable: upper case, without the
// dashes and spaces people type or copy with it.
func normaliseCode(code string) string {
	return strings.Map(func(r rune) rune {
		if r == '-' || r == ' ' {
			return -1
		}
		return r
	}, strings.ToUpper(code))
}

// codeHash is what is stored of a code: hex sha256 of its normal form.
func codeHash(code string) string {
	sum := sha256.Sum256([]byte(normaliseCode(code)))
	return hex.EncodeToString(sum[:])
}

func getInvitation(tx *bolt.Tx, login string) (*model.Invitation, []byte, error) {
	return loadOpt[model.Invitation](tx, bucketInvites, []byte(login))
}

// Invite creates a one-time code for login, replacing any earlier one. Only
// its hash is stored; the code is returned once, to be passed on.
func (db *DB) Invite(ctx context.Context, by *model.User, login string) (code string, expires time.Time, err error) {
	code = newCode()
	err = db.update(ctx, whoOf(by), func(w *wtx) ([]model.Event, error) {
		_, err := w.allowed(by, model.ActManageUsers)
		if err != nil {
			return nil, err
		}
		u, _, err := getUser(w.Tx, login)
		if err != nil {
			return nil, err
		}
		if u.Disabled {
			return nil, model.Errorf(model.EINVALID, "err.disabled", login)
		}
		_, before, err := getInvitation(w.Tx, login)
		if err != nil {
			return nil, err
		}
		in := model.Invitation{
			Login:     login,
			CodeHash:  codeHash(code),
			CreatedAt: w.now,
			CreatedBy: w.who,
			ExpiresAt: w.now.Add(model.InvitationTTL),
		}
		expires = in.ExpiresAt.In(db.clock.Loc)
		if err := w.save(bucketInvites, []byte(login), &in, "invite.create", inviteRecord(login), before); err != nil {
			return nil, err
		}
		return []model.Event{userEvent(login, "invite")}, nil
	})
	if err != nil {
		return "", time.Time{}, err
	}
	return code, expires, nil
}

// InvitationOpen reports whether login has a redeemable invitation.
func (db *DB) InvitationOpen(ctx context.Context, login string) bool {
	var open bool
	_ = db.view(ctx, func(tx *bolt.Tx) error {
		in, _, err := getInvitation(tx, login)
		open = err == nil && in != nil && in.Open(db.clock.Now())
		return nil
	})
	return open
}

// RedeemInvitation binds authorizedKey to login if code is the code of its
// open invitation, and closes the invitation. A wrong code is counted (that
// count is saved and audited) and refused with EUNAUTHORIZED, or ELOCKED
// once InvitationMaxAttempts wrong codes have been tried.
func (db *DB) RedeemInvitation(ctx context.Context, login, code, authorizedKey string) (*model.User, error) {
	var (
		saved   *model.User
		refusal error // a refusal whose attempt count is committed
	)
	err := db.update(ctx, login, func(w *wtx) ([]model.Event, error) {
		saved, refusal = nil, nil // results of this run only
		in, before, err := getInvitation(w.Tx, login)
		if err != nil {
			return nil, err
		}
		switch {
		case in == nil || !in.UsedAt.IsZero() || !w.now.Before(in.ExpiresAt):
			return nil, model.Errorf(model.EUNAUTHORIZED, "err.invite_none", login)
		case in.Attempts >= model.InvitationMaxAttempts:
			return nil, model.Errorf(model.ELOCKED, "err.invite_lock")
		}

		if subtle.ConstantTimeCompare([]byte(codeHash(code)), []byte(in.CodeHash)) != 1 {
			in.Attempts++
			// Who typed the wrong code is not known; it proves nothing about login.
			w.who = "anonymous"
			if err := w.save(bucketInvites, []byte(login), in, "invite.fail", inviteRecord(login), before); err != nil {
				return nil, err
			}
			if left := model.InvitationMaxAttempts - in.Attempts; left > 0 {
				refusal = model.Errorf(model.EUNAUTHORIZED, "err.invite_wrong", left)
			} else {
				refusal = model.Errorf(model.ELOCKED, "err.invite_lock")
			}
			return []model.Event{userEvent(login, "invite.fail")}, nil
		}

		key, err := ParseKey(authorizedKey)
		if err != nil {
			return nil, err
		}
		u, userBefore, err := getUser(w.Tx, login)
		if err != nil {
			return nil, err
		}
		if u.Disabled {
			return nil, model.Errorf(model.EFORBIDDEN, "err.disabled", login)
		}
		if _, _, err := w.bindKey(u, key); err != nil {
			return nil, err
		}
		if err := w.saveUser(u, "user.key_add", userBefore); err != nil {
			return nil, err
		}
		in.UsedAt = w.now
		if err := w.save(bucketInvites, []byte(login), in, "invite.redeem", inviteRecord(login), before); err != nil {
			return nil, err
		}
		saved = u
		return []model.Event{userEvent(login, "redeem")}, nil
	})
	if err != nil {
		return nil, err
	}
	if refusal != nil {
		return nil, refusal
	}
	return saved, nil
}
