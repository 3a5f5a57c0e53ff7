package store

import (
	"context"
	"encoding/json"

	bolt "go.etcd.io/bbolt"

	"xietong/model"
)

func userRecord(login string) string { return "user/" + login }

func userEvent(login, action string) model.Event {
	return model.Event{Kind: model.KindUser, Key: login, Action: action}
}

// getUser reads login's account and a copy of its raw JSON; ENOTFOUND if
// there is none.
func getUser(tx *bolt.Tx, login string) (*model.User, []byte, error) {
	return getRecord[model.User](tx, bucketUsers, []byte(login), userRecord(login))
}

// saveUser stamps u and stores it, auditing the change from before.
func (w *wtx) saveUser(u *model.User, action string, before []byte) error {
	return w.put(bucketUsers, []byte(u.Login), &u.Meta, u, action, userRecord(u.Login), before)
}

func activeAdmin(u *model.User) bool { return u.Role == model.RoleAdmin && !u.Disabled }

// keepAnAdmin refuses a change from before to after that would leave no
// enabled administrator.
func (w *wtx) keepAnAdmin(before, after *model.User) error {
	if !activeAdmin(before) || activeAdmin(after) {
		return nil
	}
	c := w.Bucket(bucketUsers).Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if string(k) == before.Login {
			continue
		}
		var u model.User
		if err := json.Unmarshal(v, &u); err != nil {
			return err
		}
		if activeAdmin(&u) {
			return nil
		}
	}
	return model.Errorf(model.EINVALID, "err.last_admin")
}

// User returns login's account.
func (db *DB) User(ctx context.Context, login string) (u *model.User, err error) {
	err = db.view(ctx, func(tx *bolt.Tx) error {
		u, _, err = getUser(tx, login)
		return err
	})
	return u, err
}

// Users returns every account, ordered by login.
func (db *DB) Users(ctx context.Context) ([]*model.User, error) {
	var out []*model.User
	err := db.view(ctx, func(tx *bolt.Tx) (err error) {
		out, err = scanAll[model.User](tx, bucketUsers, nil)
		return err
	})
	return out, err
}

// CreateUser adds an account. Keys in u.Keys are parsed from their
// Authorized form and bound like AddKey does; u.Meta is ignored.
func (db *DB) CreateUser(ctx context.Context, by *model.User, u *model.User) (*model.User, error) {
	var saved *model.User
	err := db.update(ctx, whoOf(by), func(w *wtx) ([]model.Event, error) {
		_, err := w.allowed(by, model.ActManageUsers)
		if err != nil {
			return nil, err
		}
		// A copy per run: bindKey and the stamp change it.
		nu := *u
		nu.Keys, nu.Meta = nil, model.Meta{}
		if err := nu.Validate(); err != nil {
			return nil, err
		}
		if w.Bucket(bucketUsers).Get([]byte(nu.Login)) != nil {
			return nil, model.Errorf(model.ECONFLICT, "err.user_exists", nu.Login)
		}
		for _, k := range u.Keys {
			key, err := ParseKey(k.Authorized)
			if err != nil {
				return nil, err
			}
			if _, _, err := w.bindKey(&nu, key); err != nil {
				return nil, err
			}
		}
		if err := w.saveUser(&nu, "user.create", nil); err != nil {
			return nil, err
		}
		saved = &nu
		return []model.Event{userEvent(nu.Login, "create")}, nil
	})
	if err != nil {
		return nil, err
	}
	return saved, nil
}

// UpdateUser saves name, department, role, language and the disabled flag
// of u; u.Version must be the version that was read. Keys are changed with
// AddKey and RemoveKey only.
func (db *DB) UpdateUser(ctx context.Context, by *model.User, u *model.User) (*model.User, error) {
	var saved *model.User
	err := db.update(ctx, whoOf(by), func(w *wtx) ([]model.Event, error) {
		_, err := w.allowed(by, model.ActManageUsers)
		if err != nil {
			return nil, err
		}
		stored, before, err := getUser(w.Tx, u.Login)
		if err != nil {
			return nil, err
		}
		if err := db.checkVersion(w.Tx, userRecord(u.Login), u.Version, stored.Meta); err != nil {
			return nil, err
		}
		nu := *u
		nu.Keys, nu.Meta = stored.Keys, stored.Meta
		if err := nu.Validate(); err != nil {
			return nil, err
		}
		if err := w.keepAnAdmin(stored, &nu); err != nil {
			return nil, err
		}
		if err := w.saveUser(&nu, "user.update", before); err != nil {
			return nil, err
		}
		saved = &nu
		return []model.Event{userEvent(nu.Login, "update")}, nil
	})
	return saved, err
}

// SetLanguage sets the UI language of by's own account ("" = no preference).
func (db *DB) SetLanguage(ctx context.Context, by *model.User, lang string) (*model.User, error) {
	if by == nil {
		return nil, model.Errorf(model.EUNAUTHORIZED, "err.need_account")
	}
	if !model.ValidLang(lang) {
		v := model.Invalid{}
		v.Add("lang", "val.unknown_lang", lang)
		return nil, v.Err()
	}
	var saved *model.User
	err := db.update(ctx, whoOf(by), func(w *wtx) ([]model.Event, error) {
		u, before, err := getUser(w.Tx, by.Login)
		if model.ErrorCode(err) == model.ENOTFOUND {
			return nil, model.Errorf(model.EUNAUTHORIZED, "err.no_account", by.Login)
		} else if err != nil {
			return nil, err
		}
		if u.Disabled {
			return nil, model.Errorf(model.EFORBIDDEN, "err.disabled", u.Login)
		}
		saved = u
		if u.Lang == lang {
			return nil, nil // nothing to change
		}
		u.Lang = lang
		if err := w.saveUser(u, "user.lang", before); err != nil {
			return nil, err
		}
		return []model.Event{userEvent(u.Login, "update")}, nil
	})
	if err != nil {
		return nil, err
	}
	return saved, nil
}

// DisableUser disables login's account; the last enabled administrator
// cannot be disabled. Disabling a disabled account changes nothing.
func (db *DB) DisableUser(ctx context.Context, by *model.User, login string) (*model.User, error) {
	return db.setDisabled(ctx, by, login, true)
}

// EnableUser enables login's disabled account again, with the keys it held.
// Enabling an enabled account changes nothing.
func (db *DB) EnableUser(ctx context.Context, by *model.User, login string) (*model.User, error) {
	return db.setDisabled(ctx, by, login, false)
}

// setDisabled disables or enables login's account as DisableUser and
// EnableUser say.
func (db *DB) setDisabled(ctx context.Context, by *model.User, login string, disabled bool) (*model.User, error) {
	var saved *model.User
	err := db.update(ctx, whoOf(by), func(w *wtx) ([]model.Event, error) {
		if _, err := w.allowed(by, model.ActManageUsers); err != nil {
			return nil, err
		}
		u, before, err := getUser(w.Tx, login)
		if err != nil {
			return nil, err
		}
		saved = u
		if u.Disabled == disabled {
			return nil, nil
		}
		nu := *u
		nu.Disabled = disabled
		action := "user.enable"
		if disabled {
			action = "user.disable"
			if err := w.keepAnAdmin(u, &nu); err != nil {
				return nil, err
			}
		}
		if err := w.saveUser(&nu, action, before); err != nil {
			return nil, err
		}
		saved = &nu
		return []model.Event{userEvent(login, "update")}, nil
	})
	if err != nil {
		return nil, err
	}
	return saved, nil
}
