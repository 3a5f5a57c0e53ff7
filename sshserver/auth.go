package sshserver

import (
	"context"
	"errors"
	"strings"
	"sync"

	"charm.land/ssh"
	gossh "golang.org/x/crypto/ssh"

	"xietong/i18n"
	"xietong/model"
)

// How a person logs in (docs/DOMAIN.md#accounts-and-logins):
//
//   - A registered key logs its owner in. The public-key handler only says
//     whether a key may be used; who it is, and whether the login name
//     typed fits, is decided once the client has signed with the key, from
//     that verified key alone, so offering one key and signing with another
//     cannot borrow an identity, and nothing about an account is told to
//     someone who merely holds its public key.
//   - An unknown key is refused with a banner that shows its fingerprint
//     and what to do with it.
//   - After the keys, the client is asked for an invitation code
//     (keyboard-interactive). Every login name gets the same question and
//     the same answers, "wrong, N tries left" and "locked" included, so no
//     one learns which accounts have an open invitation. A right code is a
//     partial success: the client then signs with the key to bind.
//
// Every refusal a person can act on says why, in Chinese and English (the
// person's language is not known before they log in).

var errDenied = errors.New("permission denied")

// Permission extensions set by our auth callbacks; the session reads the
// login from the final, verified authentication step only.
const (
	extLogin = "xietong-login"
	extFP    = "xietong-key"
)

// bilingual is key in Chinese, then in English, one per line.
func bilingual(key string, args ...any) string {
	return i18n.T(i18n.ZH, key, args...) + "\n" + i18n.T(i18n.EN, key, args...) + "\n"
}

// refusedWith refuses an authentication step with a banner saying why.
func refusedWith(key string, args ...any) error {
	return &gossh.BannerError{Err: errDenied, Message: bilingual(key, args...)}
}

// authState is one connection's way through authentication: the login
// and invitation code the keyboard-interactive step accepted, which the
// key signed next is bound with.
type authState struct {
	mu          sync.Mutex
	login, code string
}

func (st *authState) invitation() (login, code string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	return st.login, st.code
}

// authConfig decides who may log in, for one connection.
func (s *Server) authConfig(ctx ssh.Context) *gossh.ServerConfig {
	cfg := &gossh.ServerConfig{MaxAuthTries: 6}
	if sl := slotOf(ctx); sl != nil {
		cfg.PreAuthConnCallback = func(gossh.ServerPreAuthConn) { sl.kexDone() }
		cfg.AuthLogCallback = func(_ gossh.ConnMetadata, method string, err error) { sl.attempt(method, err) }
	}
	if s.cfg.Demo {
		cfg.NoClientAuth = true
		return cfg
	}
	st := &authState{}
	cfg.PublicKeyCallback = func(conn gossh.ConnMetadata, key gossh.PublicKey) (*gossh.Permissions, error) {
		return s.offeredKey(ctx, conn, key)
	}
	cfg.VerifiedPublicKeyCallback = func(conn gossh.ConnMetadata, key gossh.PublicKey, _ *gossh.Permissions, _ string) (*gossh.Permissions, error) {
		return s.provenKey(ctx, st, conn, key)
	}
	cfg.KeyboardInteractiveCallback = func(conn gossh.ConnMetadata, ask gossh.KeyboardInteractiveChallenge) (*gossh.Permissions, error) {
		return s.askInvitation(ctx, st, conn, ask)
	}
	return cfg
}

// offeredKey says whether a key may be used: a registered one may (the
// verdict waits for its signature), an unknown one is refused with its
// fingerprint.
func (s *Server) offeredKey(ctx context.Context, conn gossh.ConnMetadata, key gossh.PublicKey) (*gossh.Permissions, error) {
	fp := gossh.FingerprintSHA256(key)
	_, err := s.svc.Users.UserByKey(ctx, fp)
	switch model.ErrorCode(err) {
	case "":
		return &gossh.Permissions{}, nil
	case model.ENOTFOUND:
		s.log.Info("unknown key refused", "user", conn.User(), "key", fp, "remote", conn.RemoteAddr().String())
		return nil, refusedWith("auth.unknown_key", fp)
	}
	s.log.Error("key lookup failed", "key", fp, "err", err)
	return nil, errDenied
}

// provenKey decides, once the client has signed with key, who logs in: the
// key's owner, unless the account is disabled or the login name typed names
// another account. After an accepted invitation code the key is bound.
func (s *Server) provenKey(ctx context.Context, st *authState, conn gossh.ConnMetadata, key gossh.PublicKey) (*gossh.Permissions, error) {
	fp := gossh.FingerprintSHA256(key)
	remote := conn.RemoteAddr().String()
	if login, code := st.invitation(); code != "" {
		authorized := strings.TrimSpace(string(gossh.MarshalAuthorizedKey(key)))
		u, err := s.svc.Users.RedeemInvitation(ctx, login, code, authorized)
		if err != nil {
			s.log.Warn("invitation not redeemed", "login", login, "key", fp, "remote", remote, "err", err)
			return nil, &gossh.BannerError{Err: errDenied,
				Message: model.ErrorMessage(err, i18n.ZH) + "\n" + model.ErrorMessage(err, i18n.EN) + "\n"}
		}
		s.log.Info("invitation redeemed", "login", u.Login, "key", fp, "remote", remote)
		return loggedIn(u.Login, fp), nil
	}
	u, err := s.svc.Users.UserByKey(ctx, fp)
	if err != nil {
		return nil, errDenied
	}
	if u.Disabled {
		s.log.Warn("disabled account refused", "login", u.Login, "key", fp, "remote", remote)
		return nil, refusedWith("auth.disabled", u.Login)
	}
	if name := conn.User(); name != u.Login {
		if _, err := s.svc.Users.User(ctx, name); err == nil {
			s.log.Warn("key refused for another account's login", "login", name, "owner", u.Login, "key", fp, "remote", remote)
			return nil, refusedWith("auth.wrong_login", u.Login, name, u.Login)
		}
	}
	return loggedIn(u.Login, fp), nil
}

func loggedIn(login, fp string) *gossh.Permissions {
	return &gossh.Permissions{Extensions: map[string]string{extLogin: login, extFP: fp}}
}

// askInvitationTries is how many codes one connection may type.
const askInvitationTries = 3

// askInvitation asks for an invitation code for the login name typed. A
// right code is a partial success: the key the client signs with next is
// bound to the account.
func (s *Server) askInvitation(ctx context.Context, st *authState, conn gossh.ConnMetadata, ask gossh.KeyboardInteractiveChallenge) (*gossh.Permissions, error) {
	login := conn.User()
	remote := conn.RemoteAddr().String()
	prompt := i18n.T(i18n.ZH, "auth.invite_prompt") + " / " + i18n.T(i18n.EN, "auth.invite_prompt") + ": "
	instr := bilingual("auth.invite_instr", login)
	left := 0
	for range askInvitationTries {
		answers, err := ask("xietong", instr, []string{prompt}, []bool{true})
		if err != nil {
			return nil, err
		}
		if len(answers) != 1 || strings.TrimSpace(answers[0]) == "" {
			return nil, refusedWith("auth.no_code")
		}
		left, err = s.checkInvitation(ctx, login, answers[0])
		switch {
		case err == nil:
			s.log.Info("invitation code accepted", "login", login, "remote", remote)
			st.mu.Lock()
			st.login, st.code = login, answers[0]
			st.mu.Unlock()
			return nil, &gossh.PartialSuccessError{Next: gossh.ServerAuthCallbacks{
				PublicKeyCallback: func(conn gossh.ConnMetadata, key gossh.PublicKey) (*gossh.Permissions, error) {
					return s.keyToBind(ctx, login, key)
				},
			}}
		case model.ErrorCode(err) == model.EINTERNAL:
			s.log.Error("invitation check failed", "login", login, "err", err)
			return nil, errDenied
		case left == 0:
			s.log.Warn("invitation code refused: locked", "login", login, "remote", remote)
			return nil, refusedWith("auth.invite_locked")
		}
		s.log.Warn("invitation code refused", "login", login, "remote", remote, "left", left)
		instr = bilingual("auth.invite_wrong", left)
	}
	return nil, refusedWith("auth.invite_wrong", left)
}

// keyToBind says whether key may be bound to login after its code was
// accepted: any key but another account's.
func (s *Server) keyToBind(ctx context.Context, login string, key gossh.PublicKey) (*gossh.Permissions, error) {
	u, err := s.svc.Users.UserByKey(ctx, gossh.FingerprintSHA256(key))
	if err == nil && u.Login != login {
		return nil, refusedWith("auth.key_taken", u.Login)
	}
	return &gossh.Permissions{}, nil
}

// checkInvitation checks code against login's open invitation: nil when
// right, else the tries left (0: locked). A login with no open invitation
// answers exactly as one with an invitation would, counting its wrong
// codes here instead of in the store.
func (s *Server) checkInvitation(ctx context.Context, login, code string) (left int, err error) {
	left, err = s.svc.Users.CheckInvitation(ctx, login, code)
	if model.ErrorCode(err) == model.ENOTFOUND {
		return s.decoys.wrong(login), err
	}
	return left, err
}

// maxDecoys bounds the decoy counters; past it they start again.
const maxDecoys = 4096

// decoys count the wrong codes typed for logins with no open invitation,
// so that they run down and lock like a real invitation's.
type decoys struct {
	mu sync.Mutex
	n  map[string]int
}

// wrong counts a wrong code for login and returns the tries left.
func (d *decoys) wrong(login string) int {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.n == nil || len(d.n) >= maxDecoys {
		d.n = map[string]int{}
	}
	d.n[login] = min(d.n[login]+1, model.InvitationMaxAttempts)
	return model.InvitationMaxAttempts - d.n[login]
}
