package main

import (
	"bytes"
	"encoding/json"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// A fresh demo server: prod sees the production home screen and sales can
// use exec commands without a terminal.
func TestDemoHomeAndWhoami(t *testing.T) {
	ts := startServer(t, Config{Demo: true})
	prod := ts.open("prod", 100, 30, "")
	prod.waitText("刘建国", "生产部", "今天需要你处理的事", "未读通知")

	r := ts.exec("sales", "whoami --json")
	if r.code != 0 {
		t.Fatalf("whoami exit %d: %s", r.code, r.stderr)
	}
	var who struct{ Login, Name, Department, Role, Language string }
	if err := json.Unmarshal([]byte(r.stdout), &who); err != nil {
		t.Fatalf("whoami json: %v\n%s", err, r.stdout)
	}
	if who.Login != "sales" || who.Department != "sales" || who.Role != "member" || who.Language != "zh" {
		t.Fatalf("whoami = %+v", who)
	}

	unknown := ts.exec("nobody", "whoami")
	if unknown.code == 0 || !strings.Contains(unknown.stderr, "saleslead") {
		t.Fatalf("unknown demo login: code %d stderr %q", unknown.code, unknown.stderr)
	}
}

func TestExecErrors(t *testing.T) {
	ts := startServer(t, Config{Demo: true})
	cases := []struct {
		login, cmd string
		code       int
		stderr     string
	}{
		{"sales", "frobnicate", 2, "frobnicate"},
		{"sales", "whoami --bogus", 2, "--bogus"},
		{"sales", "user list", 1, "只有管理员可以管理账号"},
		{"sales", "user add x --name X --dept sales --role member", 1, "只有管理员可以管理账号"},
		{"admin", "user add Bad! --name X --dept sales --role member", 1, "账号"},
		{"admin", "user add neo --name N --dept nowhere --role member", 1, "nowhere"},
		{"admin", "user add neo --name N --dept sales", 1, "角色: 必填"},
		{"admin", "user disable ghost", 1, "ghost"},
		{"admin", "user key add prod not-a-key", 1, "key"},
	}
	for _, c := range cases {
		r := ts.exec(c.login, c.cmd)
		if r.code != c.code || !strings.Contains(r.stderr, c.stderr) || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
			t.Errorf("%s: %q → code %d stderr %q; want code %d mentioning %q on one line", c.login, c.cmd, r.code, r.stderr, c.code, c.stderr)
		}
	}
	ok := ts.exec("admin", "user add neo --name 新人 --dept quality --role member")
	if ok.code != 0 {
		t.Fatalf("user add: %d %s", ok.code, ok.stderr)
	}
	list := ts.exec("admin", "user list --json")
	if list.code != 0 || !strings.Contains(list.stdout, `"login": "neo"`) {
		t.Fatalf("user list: %d %s %s", list.code, list.stdout, list.stderr)
	}
}

var codeRE = regexp.MustCompile(`[A-Z2-9]{4}-[A-Z2-9]{4}`)

func TestAuthKeysInvitationsAndBypass(t *testing.T) {
	adminKey, adminPriv := newKey(t)
	ts := startServer(t, Config{AdminKeys: []string{authorized(adminKey)}})
	asAdmin := gossh.PublicKeys(adminKey)
	admin := func(cmd string) execResult {
		t.Helper()
		r := ts.exec("admin", cmd, asAdmin)
		if r.code != 0 {
			t.Fatalf("%s: exit %d: %s", cmd, r.code, r.stderr)
		}
		return r
	}

	// Unknown key: refused.
	if _, err := ts.dial("admin"); err == nil {
		t.Fatal("unknown key was admitted")
	}

	// Registered key: in, as its owner whatever the SSH user name.
	prodKey, prodPriv := newKey(t)
	admin("user add prod --name 刘建国 --dept production --role head")
	admin(`user key add prod "` + authorized(prodKey) + `"`)
	if r := ts.exec("whoever", "whoami --json", gossh.PublicKeys(prodKey)); !strings.Contains(r.stdout, `"login": "prod"`) {
		t.Fatalf("registered key: %+v", r)
	}

	// Auth bypass: the client offers the admin's public key, which the
	// server accepts, but cannot sign with it (its private key is locked by a
	// passphrase nobody types), then signs with prod's key. The session must
	// be prod's, never the admin's; asked for as admin, it is refused and
	// says whose key it is.
	out, stderr, err := bypassWhoami(t, ts, "prod", authorized(adminKey), keyFile(t, adminPriv, "secret"), keyFile(t, prodPriv, ""))
	if err != nil || !strings.Contains(out, `"login": "prod"`) || strings.Contains(out, `"admin"`) {
		t.Fatalf("auth bypass: logged in as %s (%v)\n%s", out, err, stderr)
	}
	out, stderr, err = bypassWhoami(t, ts, "admin", authorized(adminKey), keyFile(t, adminPriv, "secret"), keyFile(t, prodPriv, ""))
	if err == nil || strings.Contains(out, "admin") || !strings.Contains(stderr, "This key belongs to prod, not to admin") {
		t.Fatalf("prod's key as admin: %v, out %q\n%s", err, out, stderr)
	}

	// Invitation: any key plus the code binds that key, once.
	admin("user add qa --name 吴静 --dept quality --role lead")
	out = admin("user invite qa").stdout
	code := codeRE.FindString(out)
	if code == "" {
		t.Fatalf("no code in %q", out)
	}
	qaKey := newSigner(t)
	answer := func(c string) gossh.AuthMethod {
		return gossh.KeyboardInteractive(func(_, _ string, qs []string, _ []bool) ([]string, error) {
			a := make([]string, len(qs))
			for i := range a {
				a[i] = c
			}
			return a, nil
		})
	}
	if r := ts.exec("qa", "whoami --json", answer(strings.ToLower(code)), gossh.PublicKeys(qaKey)); !strings.Contains(r.stdout, `"login": "qa"`) {
		t.Fatalf("invitation login: %+v", r)
	}
	// The bound key now works alone.
	if r := ts.exec("qa", "whoami", gossh.PublicKeys(qaKey)); r.code != 0 {
		t.Fatalf("bound key: %+v", r)
	}
	// Second use of the same code with another key: refused.
	if _, err := ts.dial("qa", answer(code), gossh.PublicKeys(newSigner(t))); err == nil {
		t.Fatal("invitation code worked twice")
	}

	// Five wrong codes lock the invitation; the right code is then refused.
	admin("user add rnd --name 周文 --dept rnd --role lead")
	code = codeRE.FindString(admin("user invite rnd").stdout)
	for range 2 { // each connection gets three tries
		_, _ = ts.dial("rnd", answer("WRONG-CODE"), gossh.PublicKeys(newSigner(t)))
	}
	if _, err := ts.dial("rnd", answer(code), gossh.PublicKeys(newSigner(t))); err == nil {
		t.Fatal("locked invitation still admitted the right code")
	}

	// A disabled account is refused.
	admin("user disable prod")
	if _, err := ts.dial("prod", gossh.PublicKeys(prodKey)); err == nil {
		t.Fatal("disabled account was admitted")
	}
}

func TestTooSmallTerminal(t *testing.T) {
	ts := startServer(t, Config{Demo: true})
	tm := ts.open("prod", 60, 20, "")
	tm.waitText("终端窗口太小", "80×24", "60×20")
	tm.resize(100, 30)
	tm.waitText("今天需要你处理的事")
	if strings.Contains(tm.screen(), "终端窗口太小") {
		t.Fatal("enlarge message still shown")
	}
}

var _ = time.Second

// bypassWhoami runs OpenSSH in batch mode as login with two identities:
// the first is offered from its .pub file and accepted, but its private
// file is encrypted so it is never used to sign; the second is a usable key.
func bypassWhoami(t *testing.T, ts *testServer, login, offered string, lockedPEM, otherPEM []byte) (stdout, stderr string, err error) {
	t.Helper()
	sshBin, err := exec.LookPath("ssh")
	if err != nil {
		t.Skip("OpenSSH client not installed")
	}
	dir := t.TempDir()
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.WriteFile(filepath.Join(dir, "admin.pub"), []byte(offered+"\n"), 0o600))
	must(os.WriteFile(filepath.Join(dir, "admin"), lockedPEM, 0o600))
	must(os.WriteFile(filepath.Join(dir, "other"), otherPEM, 0o600))
	host, port, _ := net.SplitHostPort(ts.addr)
	cmd := exec.Command(sshBin, "-F", "/dev/null", "-p", port,
		"-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes",
		"-o", "IdentitiesOnly=yes", "-o", "IdentityAgent=none", "-o", "PreferredAuthentications=publickey",
		"-i", filepath.Join(dir, "admin"), "-i", filepath.Join(dir, "other"),
		"-v", login+"@"+host, "whoami", "--json")
	cmd.Env = append(os.Environ(), "LC_ALL=C.UTF-8")
	var errb bytes.Buffer
	cmd.Stderr = &errb
	out, err := cmd.Output()
	// The offer really happened: the server said yes to the admin key's
	// unsigned query before the client moved on to the other key.
	if !regexp.MustCompile(`Server accepts key: \S*admin`).MatchString(errb.String()) {
		t.Fatalf("OpenSSH never had the admin key accepted; the test proves nothing:\n%s", errb.String())
	}
	return string(out), errb.String(), err
}
