package store

import (
	"context"
	"strings"

	bolt "go.etcd.io/bbolt"
	"golang.org/x/crypto/ssh"

	"xietong/model"
)

// adminLogin is the account EnsureAdminKey creates or repairs.
const adminLogin = "admin"

// ParseKey parses one public key in authorized_keys form ("ssh-ed25519
// AAAA... comment"). Fingerprint is ssh.FingerprintSHA256, the form the SSH
// server sees; Authorized is the key without options or comment. A bad key
// is an EINVALID error on the field "key". AddedAt is left zero.
func ParseKey(authorized string) (model.Key, error) {
	pk, comment, _, rest, err := ssh.ParseAuthorizedKey([]byte(authorized))
	if err != nil {
		return model.Key{}, badKey(strings.TrimPrefix(err.Error(), "ssh: "))
	}
	if _, _, _, _, err := ssh.ParseAuthorizedKey(rest); err == nil {
		return model.Key{}, badKey("more than one key")
	}
	return model.Key{
		Fingerprint: ssh.FingerprintSHA256(pk),
		Type:        pk.Type(),
		Authorized:  strings.TrimSpace(string(ssh.MarshalAuthorizedKey(pk))),
		Comment:     comment,
	}, nil
}

func badKey(why string) error {
	v := model.Invalid{}
	v.Add("key", "err.bad_key", why)
	return v.Err()
}

// bindKey adds k to u and to the key index, stamped with w.now. It refuses
// a key bound to another account; a key u already holds is returned as
// stored with added false.
func (w *wtx) bindKey(u *model.User, k model.Key) (bound model.Key, added bool, err error) {
	index := w.Bucket(bucketKeys)
	if owner := index.Get([]byte(k.Fingerprint)); owner != nil && string(owner) != u.Login {
		return model.Key{}, false, model.Errorf(model.ECONFLICT, "err.key_taken", string(owner))
	}
	for _, have := range u.Keys {
		if have.Fingerprint == k.Fingerprint {
			return have, false, nil
		}
	}
	k.AddedAt = w.now
	u.Keys = append(u.Keys, k)
	return k, true, index.Put([]byte(k.Fingerprint), []byte(u.Login))
}

// UserByKey returns the account holding the key with fingerprint
// (SHA256:...), whether or not it is disabled; ENOTFOUND if none does.
func (db *DB) UserByKey(ctx context.Context, fingerprint string) (u *model.User, err error) {
	err = db.view(ctx, func(tx *bolt.Tx) error {
		login := tx.Bucket(bucketKeys).Get([]byte(fingerprint))
		if login == nil {
			return model.NotFound(fingerprint)
		}
		u, _, err = getUser(tx, string(login))
		return err
	})
	return u, err
}

// AddKey binds a public key to login. Adding a key the account already
// holds changes nothing; a key of another account is ECONFLICT.
func (db *DB) AddKey(ctx context.Context, by *model.User, login, authorizedKey string) (model.Key, error) {
	var key model.Key
	err := db.update(ctx, whoOf(by), func(w *wtx) ([]model.Event, error) {
		_, err := w.allowed(by, model.ActManageUsers)
		if err != nil {
			return nil, err
		}
		parsed, err := ParseKey(authorizedKey)
		if err != nil {
			return nil, err
		}
		u, before, err := getUser(w.Tx, login)
		if err != nil {
			return nil, err
		}
		var added bool
		if key, added, err = w.bindKey(u, parsed); err != nil || !added {
			return nil, err
		}
		if err := w.saveUser(u, "user.key_add", before); err != nil {
			return nil, err
		}
		return []model.Event{userEvent(login, "update")}, nil
	})
	return key, err
}

// RemoveKey unbinds the key with fingerprint from login.
func (db *DB) RemoveKey(ctx context.Context, by *model.User, login, fingerprint string) error {
	return db.update(ctx, whoOf(by), func(w *wtx) ([]model.Event, error) {
		_, err := w.allowed(by, model.ActManageUsers)
		if err != nil {
			return nil, err
		}
		u, before, err := getUser(w.Tx, login)
		if err != nil {
			return nil, err
		}
		kept := u.Keys[:0]
		for _, k := range u.Keys {
			if k.Fingerprint != fingerprint {
				kept = append(kept, k)
			}
		}
		if len(kept) == len(u.Keys) {
			return nil, model.NotFound(fingerprint)
		}
		u.Keys = kept
		index := w.Bucket(bucketKeys)
		if string(index.Get([]byte(fingerprint))) == login {
			if err := index.Delete([]byte(fingerprint)); err != nil {
				return nil, err
			}
		}
		if err := w.saveUser(u, "user.key_remove", before); err != nil {
			return nil, err
		}
		return []model.Event{userEvent(login, "update")}, nil
	})
}

// EnsureAdminKey makes sure an enabled administrator holds the key, for
// server start-up and the offline command line (audited as "system"):
//   - the key belongs to an enabled admin: that account, nothing written;
//   - it belongs to another account (not "admin"): ECONFLICT;
//   - otherwise the account "admin" is made an enabled administrator holding
//     the key, and created first (department office) if it does not exist.
func (db *DB) EnsureAdminKey(ctx context.Context, authorizedKey string) (*model.User, error) {
	key, err := ParseKey(authorizedKey)
	if err != nil {
		return nil, err
	}
	// The usual case at start-up, answered without a write transaction.
	if u, err := db.UserByKey(ctx, key.Fingerprint); err == nil && activeAdmin(u) {
		return u, nil
	}
	var saved *model.User
	err = db.update(ctx, whoSystem, func(w *wtx) ([]model.Event, error) {
		if owner := w.Bucket(bucketKeys).Get([]byte(key.Fingerprint)); owner != nil {
			u, _, err := getUser(w.Tx, string(owner))
			if err != nil {
				return nil, err
			}
			if activeAdmin(u) {
				saved = u
				return nil, nil
			}
			if u.Login != adminLogin {
				return nil, model.Errorf(model.ECONFLICT, "err.key_taken", u.Login)
			}
		}
		action, event := "user.ensure_admin", "update"
		u, before, err := getUser(w.Tx, adminLogin)
		if model.ErrorCode(err) == model.ENOTFOUND {
			u = &model.User{Login: adminLogin, Name: "Administrator", Dept: model.DeptOffice}
			action, event = "user.create", "create"
		} else if err != nil {
			return nil, err
		}
		u.Role, u.Disabled = model.RoleAdmin, false
		if _, _, err := w.bindKey(u, key); err != nil {
			return nil, err
		}
		if err := u.Validate(); err != nil {
			return nil, err
		}
		if err := w.saveUser(u, action, before); err != nil {
			return nil, err
		}
		saved = u
		return []model.Event{userEvent(adminLogin, event)}, nil
	})
	if err != nil {
		return nil, err
	}
	return saved, nil
}
