package store

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"
	"golang.org/x/crypto/argon2"

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

// What is stored of an invitation code is an argon2id hash, with a salt of
// its own, of the hex SHA-256 of the code's normal form, in the PHC string
// form "$argon2id$v=19$m=19456,t=2,p=1$SALT$HASH". The code has 40 bits: a
// plain hash of it is found by trying them all, so the hash is slow (about
// 40 ms on one core) and salted. The SHA-256 inside is what schemas before 9
// stored, so those codes were moved over without being known
// (migrateCodeHashes).
const (
	codeHashTime    = 2
	codeHashMemory  = 19 * 1024 // KiB
	codeHashThreads = 1
	codeHashLen     = 32
	codeSaltLen     = 16
)

// codeDigest is the hex SHA-256 of a code's normal form.
func codeDigest(code string) string {
	sum := sha256.Sum256([]byte(normaliseCode(code)))
	return hex.EncodeToString(sum[:])
}

// stretch is the stored form of a code digest under salt.
func stretch(digest string, salt []byte) string {
	key := argon2.IDKey([]byte(digest), salt, codeHashTime, codeHashMemory, codeHashThreads, codeHashLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, codeHashMemory, codeHashTime, codeHashThreads,
		b64.EncodeToString(salt), b64.EncodeToString(key))
}

// newCodeHash is the stored form of a new code, under a new salt.
func newCodeHash(code string) string {
	salt := make([]byte, codeSaltLen)
	rand.Read(salt)
	return stretch(codeDigest(code), salt)
}

// codeMatches reports whether code is the code stored as stored. It costs a
// hash even when stored cannot be read, so that no answer comes sooner.
func codeMatches(stored, code string) bool {
	parts := strings.Split(stored, "$")
	var salt []byte
	var err error
	if len(parts) == 6 && parts[1] == "argon2id" {
		salt, err = base64.RawStdEncoding.DecodeString(parts[4])
	}
	ok := len(parts) == 6 && parts[1] == "argon2id" && err == nil && len(salt) > 0
	if !ok {
		salt = make([]byte, codeSaltLen)
	}
	got := stretch(codeDigest(code), salt)
	return subtle.ConstantTimeCompare([]byte(got), []byte(stored)) == 1 && ok
}

// hashing runs fn holding one of the store's hashing slots: the hash takes
// 19 MiB while it runs, and a crowd of people typing codes must not take
// the server's memory with it.
func (db *DB) hashing(fn func()) {
	db.hashSlots <- struct{}{}
	defer func() { <-db.hashSlots }()
	fn()
}

// migrateCodeHashes stretches the hex SHA-256 codes were stored as (before
// schema 9) into their salted argon2id form. Used and locked
// invitations keep nothing of their code.
func migrateCodeHashes(tx *bolt.Tx) error {
	b := tx.Bucket(bucketInvites)
	type change struct{ key, val []byte }
	var changes []change
	err := b.ForEach(func(k, v []byte) error {
		var in model.Invitation
		if err := json.Unmarshal(v, &in); err != nil {
			return fmt.Errorf("invitation %q: %w", k, err)
		}
		if strings.HasPrefix(in.CodeHash, "$argon2id$") {
			return nil
		}
		if _, err := hex.DecodeString(in.CodeHash); err != nil || len(in.CodeHash) != 2*sha256.Size {
			return fmt.Errorf("invitation %q: code hash %q is not a SHA-256", k, in.CodeHash)
		}
		if in.UsedAt.IsZero() && in.Attempts < model.InvitationMaxAttempts {
			salt := make([]byte, codeSaltLen)
			rand.Read(salt)
			in.CodeHash = stretch(in.CodeHash, salt)
		} else {
			in.CodeHash = ""
		}
		raw, err := json.Marshal(&in)
		if err != nil {
			return err
		}
		changes = append(changes, change{bytes.Clone(k), raw})
		return nil
	})
	if err != nil {
		return err
	}
	for _, c := range changes {
		if err := b.Put(c.key, c.val); err != nil {
			return err
		}
	}
	return nil
}

func getInvitation(tx *bolt.Tx, login string) (*model.Invitation, []byte, error) {
	return loadOpt[model.Invitation](tx, bucketInvites, []byte(login))
}

// Invite creates a one-time code for login, replacing any earlier one. Only
// its hash is stored; the code is returned once, to be passed on.
func (db *DB) Invite(ctx context.Context, by *model.User, login string) (code string, expires time.Time, err error) {
	code = newCode()
	var hash string
	db.hashing(func() { hash = newCodeHash(code) })
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
			CodeHash:  hash,
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

// CheckInvitation checks code against login's open invitation without
// using it up: nil when it is right. A wrong code is counted (the count is
// saved and audited) and refused with EUNAUTHORIZED and the tries left, or
// ELOCKED (0 left) once InvitationMaxAttempts wrong codes have been tried.
// With no open invitation (none, used or expired) it is ENOTFOUND, after
// the same hashing work, so that the time taken does not tell.
func (db *DB) CheckInvitation(ctx context.Context, login, code string) (left int, err error) {
	_, left, err = db.redeem(ctx, login, code, "")
	return left, err
}

// RedeemInvitation binds authorizedKey to login if code is the code of its
// open invitation, and closes the invitation. Wrong codes count and lock as
// in CheckInvitation; with no open invitation it is EUNAUTHORIZED.
func (db *DB) RedeemInvitation(ctx context.Context, login, code, authorizedKey string) (*model.User, error) {
	if _, err := ParseKey(authorizedKey); err != nil {
		return nil, err
	}
	saved, _, err := db.redeem(ctx, login, code, authorizedKey)
	if model.ErrorCode(err) == model.ENOTFOUND {
		err = model.Errorf(model.EUNAUTHORIZED, "err.invite_none", login)
	}
	return saved, err
}

// redeem checks code against login's invitation and, given a key, binds it
// and closes the invitation. The slow hash is computed outside the write
// transaction, against the hash read before it; should the invitation have
// been replaced meanwhile, the code is checked again against the new one.
func (db *DB) redeem(ctx context.Context, login, code, authorizedKey string) (saved *model.User, left int, err error) {
	for range 3 {
		var stored string
		var open bool
		if err := db.view(ctx, func(tx *bolt.Tx) error {
			in, _, err := getInvitation(tx, login)
			if err == nil && in != nil {
				stored, open = in.CodeHash, in.Open(db.clock.Now())
			}
			return err
		}); err != nil {
			return nil, 0, err
		}
		var match bool
		db.hashing(func() { match = codeMatches(stored, code) })
		if !open && stored != "" {
			// Used, expired or locked: the answer does not depend on the code.
			match = false
		}
		var changed bool
		err = db.update(ctx, login, func(w *wtx) ([]model.Event, error) {
			changed, left, saved = false, 0, nil
			in, before, err := getInvitation(w.Tx, login)
			if err != nil {
				return nil, err
			}
			switch {
			case in == nil || !in.UsedAt.IsZero() || !w.now.Before(in.ExpiresAt):
				return nil, model.Errorf(model.ENOTFOUND, "err.invite_none", login)
			case in.CodeHash != stored:
				changed = true
				return nil, nil
			case in.Attempts >= model.InvitationMaxAttempts:
				return nil, model.Errorf(model.ELOCKED, "err.invite_lock")
			}
			if !match {
				in.Attempts++
				// Who typed the wrong code is not known; it proves nothing about login.
				w.who = "anonymous"
				if err := w.save(bucketInvites, []byte(login), in, "invite.fail", inviteRecord(login), before); err != nil {
					return nil, err
				}
				left = model.InvitationMaxAttempts - in.Attempts
				return []model.Event{userEvent(login, "invite.fail")}, nil
			}
			if authorizedKey == "" {
				return nil, nil // checked, not used
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
		switch {
		case err != nil:
			return nil, left, err
		case changed:
			continue
		case !match && left > 0:
			return nil, left, model.Errorf(model.EUNAUTHORIZED, "err.invite_wrong", left)
		case !match:
			return nil, 0, model.Errorf(model.ELOCKED, "err.invite_lock")
		}
		return saved, 0, nil
	}
	return nil, 0, model.Errorf(model.ECONFLICT, "err.invite_changed", login)
}
