package main

import (
	"context"
	"log/slog"
	"regexp"
	"strings"
	"sync"
	"testing"

	gossh "golang.org/x/crypto/ssh"
)

// transcript is what a client was told while logging in: the banners and
// the keyboard-interactive instructions, in order.
type transcript struct {
	mu    sync.Mutex
	lines []string
}

func (tr *transcript) add(kind, s string) {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	tr.lines = append(tr.lines, kind+": "+strings.TrimSpace(s))
}

func (tr *transcript) String() string {
	tr.mu.Lock()
	defer tr.mu.Unlock()
	return strings.Join(tr.lines, "\n")
}

// codes answers the invitation question with each code in turn, then with
// nothing.
func (tr *transcript) codes(codes ...string) gossh.AuthMethod {
	return gossh.KeyboardInteractive(func(_, instruction string, qs []string, _ []bool) ([]string, error) {
		tr.add("asked", instruction)
		a := make([]string, len(qs))
		if len(a) > 0 && len(codes) > 0 {
			a[0], codes = codes[0], codes[1:]
		}
		return a, nil
	})
}

// login dials as login, recording what the client is told.
func (ts *testServer) login(login string, tr *transcript, auth ...gossh.AuthMethod) (*gossh.Client, error) {
	cfg := ts.clientConfig(login, auth...)
	cfg.BannerCallback = func(msg string) error { tr.add("banner", msg); return nil }
	return gossh.Dial("tcp", ts.addr, cfg)
}

// authServer is a real server with an admin key, and a way to run admin
// commands.
func authServer(t *testing.T, cfg Config) (*testServer, func(cmd string) execResult) {
	t.Helper()
	adminKey := newSigner(t)
	cfg.AdminKeys = append(cfg.AdminKeys, authorized(adminKey))
	ts := startServer(t, cfg)
	return ts, func(cmd string) execResult {
		t.Helper()
		r := ts.exec("admin", cmd, gossh.PublicKeys(adminKey))
		if r.code != 0 {
			t.Fatalf("%s: exit %d: %s", cmd, r.code, r.stderr)
		}
		return r
	}
}

// An unknown key is refused with a banner that shows its fingerprint and
// says what to do, in Chinese and English; a registered key offered after
// it still logs in.
func TestUnknownKeyBanner(t *testing.T) {
	ts, admin := authServer(t, Config{})
	unknown := newSigner(t)
	fp := gossh.FingerprintSHA256(unknown.PublicKey())
	var tr transcript
	if _, err := ts.login("li", &tr, gossh.PublicKeys(unknown)); err == nil {
		t.Fatal("unknown key admitted")
	}
	for _, want := range []string{"此密钥未登记：" + fp + " 登录不了的话，请把这一行发给管理员。", "This key is not registered: " + fp} {
		if !strings.Contains(tr.String(), want) {
			t.Fatalf("the client was not told %q:\n%s", want, tr.String())
		}
	}
	t.Logf("told:\n%s", tr.String())

	known := newSigner(t)
	admin("user add li --name 李娜 --dept sales --role member")
	admin("user key add li " + authorized(known))
	var tr2 transcript
	c, err := ts.login("li", &tr2, gossh.PublicKeys(unknown, known))
	if err != nil {
		t.Fatalf("registered key after an unknown one: %v\n%s", err, tr2.String())
	}
	defer c.Close()
	if r := runExec(t, c, "whoami --json", ""); !strings.Contains(r.stdout, `"login": "li"`) {
		t.Fatalf("whoami %+v", r)
	}
}

// A registered key used with a login name that names another account is
// refused, saying whose key it is; a disabled account is refused saying
// so. A login name that names no account still logs the key's owner in.
func TestWrongLoginNameAndDisabledRefusedWithReason(t *testing.T) {
	ts, admin := authServer(t, Config{})
	key := newSigner(t)
	admin("user add alice --name 李娜 --dept sales --role member")
	admin("user key add alice " + authorized(key))
	var tr transcript
	if _, err := ts.login("admin", &tr, gossh.PublicKeys(key)); err == nil {
		t.Fatal("alice's key logged in as admin")
	}
	for _, want := range []string{"此密钥属于账号 alice，不能登录 admin。请用 ssh alice@… 连接。", "This key belongs to alice, not to admin: connect as ssh alice@…"} {
		if !strings.Contains(tr.String(), want) {
			t.Fatalf("not told %q:\n%s", want, tr.String())
		}
	}
	for _, name := range []string{"alice", "not-an-account"} {
		if r := ts.exec(name, "whoami --json", gossh.PublicKeys(key)); !strings.Contains(r.stdout, `"login": "alice"`) {
			t.Fatalf("as %s: %+v", name, r)
		}
	}
	admin("user disable alice")
	var tr2 transcript
	if _, err := ts.login("alice", &tr2, gossh.PublicKeys(key)); err == nil {
		t.Fatal("disabled account admitted")
	}
	if !strings.Contains(tr2.String(), "账号 alice 已停用，请联系管理员。") || !strings.Contains(tr2.String(), "Account alice is disabled") {
		t.Fatalf("disabled account not told:\n%s", tr2.String())
	}
}

// A wrong invitation code says how many tries are left, a locked
// invitation says so, and a login with no open invitation (an account
// without one, or no account at all) is told exactly the same, so the
// answers do not show which accounts have an invitation open.
func TestInvitationTriesLeftLockedAndNoEnumeration(t *testing.T) {
	ts, admin := authServer(t, Config{})
	admin("user add li --name 李娜 --dept sales --role member")
	admin("user add wang --name 王强 --dept sales --role member")
	code := codeRE.FindString(admin("user invite li").stdout)
	if code == "" {
		t.Fatal("no code")
	}
	// Three connections as a person would make them: a key the server does
	// not know, then codes.
	rounds := [][]string{{"WRONG-AAA1", "WRONG-AAA2", "WRONG-AAA3"}, {"WRONG-AAA4", "WRONG-AAA5"}, {code}}
	told := func(login string) string {
		var tr transcript
		for _, codes := range rounds {
			if _, err := ts.login(login, &tr, gossh.PublicKeys(newSigner(t)), tr.codes(codes...)); err == nil {
				t.Fatalf("%s logged in with %v", login, codes)
			}
		}
		fps := regexp.MustCompile(`SHA256:[A-Za-z0-9+/]+`)
		name := regexp.MustCompile(`\b` + login + `\b`)
		return fps.ReplaceAllString(name.ReplaceAllString(tr.String(), "LOGIN"), "SHA256:…")
	}
	li := told("li")
	for _, want := range []string{
		"邀请码不对或已失效，还可再试 4 次。", "Wrong or expired invitation code (tries left: 3).", "还可再试 1 次",
		"邀请码已锁定（错误次数太多），请向管理员要新的邀请码。", "This invitation is locked",
	} {
		if !strings.Contains(li, want) {
			t.Fatalf("li was not told %q:\n%s", want, li)
		}
	}
	t.Logf("li was told:\n%s", li)
	if strings.Count(li, "locked") != 2 { // at the fifth wrong code, and for the right code after
		t.Fatalf("locked twice:\n%s", li)
	}
	for _, other := range []string{"wang", "ghost"} {
		if got := told(other); got != li {
			t.Fatalf("%s (no invitation) was told otherwise than li:\n%s\n---\n%s", other, got, li)
		}
	}
	// The right code after a new invitation binds the key.
	code = codeRE.FindString(admin("user invite li").stdout)
	key := newSigner(t)
	var tr transcript
	c, err := ts.login("li", &tr, tr.codes(code), gossh.PublicKeys(key))
	if err != nil {
		t.Fatalf("invitation: %v\n%s", err, tr.String())
	}
	c.Close()
	if r := ts.exec("li", "whoami --json", gossh.PublicKeys(key)); !strings.Contains(r.stdout, `"login": "li"`) {
		t.Fatalf("bound key: %+v", r)
	}
}

// A login is logged at INFO with the account, the key, the address and
// whether it is a terminal or a command.
func TestLoginLogged(t *testing.T) {
	var logged lockedBuffer
	adminKey := newSigner(t)
	ts := startServerLog(t, Config{AdminKeys: []string{authorized(adminKey)}}, slog.New(slog.NewTextHandler(&logged, nil)))
	fp := gossh.FingerprintSHA256(adminKey.PublicKey())
	if r := ts.exec("admin", "whoami", gossh.PublicKeys(adminKey)); r.code != 0 {
		t.Fatal(r.stderr)
	}
	tm := ts.open("admin", 100, 30, "", gossh.PublicKeys(adminKey))
	tm.waitText("今天需要你处理的事")
	for _, kind := range []string{"exec", "terminal"} {
		re := regexp.MustCompile(`level=INFO msg=login user=admin key=` + regexp.QuoteMeta(fp) + ` remote=127\.0\.0\.1:\d+ session=` + kind)
		if !re.MatchString(logged.String()) {
			t.Fatalf("no %s login line:\n%s", kind, logged.String())
		}
	}
}

// `user enable` gives a disabled account back, keys and all; it is an
// admin's command, and idempotent.
func TestUserEnable(t *testing.T) {
	ts, admin := authServer(t, Config{})
	key := newSigner(t)
	admin("user add li --name 李娜 --dept sales --role member")
	admin("user key add li " + authorized(key))
	admin("user disable li")
	if _, err := ts.dial("li", gossh.PublicKeys(key)); err == nil {
		t.Fatal("disabled account admitted")
	}
	if out := admin("user enable li").stdout; !strings.Contains(out, "已启用账号 li") {
		t.Fatalf("enable: %q", out)
	}
	admin("user enable li")
	if r := ts.exec("li", "whoami --json", gossh.PublicKeys(key)); !strings.Contains(r.stdout, `"login": "li"`) {
		t.Fatalf("enabled account: %+v", r)
	}
	if r := ts.exec("li", "user enable li", gossh.PublicKeys(key)); r.code != 1 || !strings.Contains(r.stderr, "只有管理员可以管理账号") {
		t.Fatalf("enable as li: %+v", r)
	}
	if u, _ := ts.m.Svc.Users.User(context.Background(), "li"); u.Disabled || len(u.Keys) != 1 {
		t.Fatalf("li %+v", u)
	}
}

// `user key add` takes the key as one argument or as the several words
// the README's line arrives as over SSH, whose quotes the local shell
// removes.
func TestKeyAddSplitArguments(t *testing.T) {
	ts, admin := authServer(t, Config{})
	admin("user add li --name 李娜 --dept sales --role member")
	one, split := newSigner(t), newSigner(t)
	// As typed: ssh admin@factory user key add li "ssh-ed25519 AAAA... li@laptop"
	admin("user key add li " + authorized(split) + " li@laptop")
	admin(`user key add li "` + authorized(one) + ` li@desktop"`)
	for _, k := range []gossh.Signer{one, split} {
		if r := ts.exec("li", "whoami --json", gossh.PublicKeys(k)); !strings.Contains(r.stdout, `"login": "li"`) {
			t.Fatalf("key: %+v", r)
		}
	}
	u, _ := ts.m.Svc.Users.User(context.Background(), "li")
	if len(u.Keys) != 2 || u.Keys[0].Comment != "li@laptop" || u.Keys[1].Comment != "li@desktop" {
		t.Fatalf("keys %+v", u.Keys)
	}
}

// A person whose account is disabled while a terminal is open sees why on
// screen as the session closes.
func TestDisabledSessionIsTold(t *testing.T) {
	ts := startServer(t, Config{Demo: true})
	tm := ts.open("prod", 100, 30, "")
	tm.waitText("今天需要你处理的事")
	if r := ts.exec("admin", "user disable prod"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	waitUntil(t, "session closed", func() bool {
		select {
		case <-tm.closed:
			return true
		default:
			return false
		}
	})
	tm.mu.Lock()
	raw := tm.raw.String()
	tm.mu.Unlock()
	if !strings.Contains(raw, "你的账号已被管理员停用，连接已断开。") {
		t.Fatalf("not told; screen:\n%s", tm.screen())
	}
}
