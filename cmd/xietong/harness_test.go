package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/pem"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/vt"
	gossh "golang.org/x/crypto/ssh"

	"xietong/demo"
	"xietong/model"
)

// waitTimeout bounds every wait for a screen; generous for -race on 2 cores.
const waitTimeout = 10 * liveSlack * time.Second

// live is the deadline for a change to reach another open session: one
// second, scaled only under the race detector.
const live = liveSlack * time.Second

// defaultTestNow is where a test server's clock stands unless
// XIETONG_TEST_NOW says otherwise: a Wednesday morning in mid-month, far
// from any deadline. Tests that need a particular day set the clock
// themselves; .ci/run runs them again at the awkward ones.
const defaultTestNow = "2026-11-25T10:00:00+08:00"

// testHolidays is the holiday list of every test server, so that a run with
// XIETONG_TEST_NOW inside it proves the suite on a non-working weekday:
// the National Day week of 2026 and New Year's Day 2027.
var testHolidays = []model.Date{
	model.NewDate(2026, 10, 1), model.NewDate(2026, 10, 2), model.NewDate(2026, 10, 3), model.NewDate(2026, 10, 4),
	model.NewDate(2026, 10, 5), model.NewDate(2026, 10, 6), model.NewDate(2026, 10, 7), model.NewDate(2027, 1, 1),
}

// testStart parses XIETONG_TEST_NOW (RFC 3339), defaultTestNow when empty.
func testStart(env string) (time.Time, error) {
	if env == "" {
		env = defaultTestNow
	}
	t, err := time.Parse(time.RFC3339, env)
	if err != nil {
		return t, fmt.Errorf("XIETONG_TEST_NOW=%q is not an RFC 3339 time such as 2027-01-31T23:30:00+08:00", env)
	}
	return t, nil
}

// testNow is where every server a test starts has its clock (TestMain has
// checked the variable).
func testNow() time.Time {
	t, _ := testStart(os.Getenv("XIETONG_TEST_NOW"))
	return t
}

// runCmd runs the command as main would, on the test clock.
func runCmd(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return runAt(args, stdin, stdout, stderr, nil, testNow())
}

// testServer is the real server, in process, on 127.0.0.1:0 with a temp data dir.
type testServer struct {
	t    *testing.T
	m    *Main
	addr string
}

func startServer(t *testing.T, cfg Config) *testServer {
	t.Helper()
	return startServerLog(t, cfg, discardLogger())
}

// startServerLog is startServer with the server's log going to log.
func startServerLog(t *testing.T, cfg Config, log *slog.Logger) *testServer {
	t.Helper()
	return startServerWith(t, cfg, log, demoLiving)
}

// How a test server with Config.Demo gets its demo.
type demoStart int

const (
	// demoLiving: a copy of the living demo seeded once for the server's
	// configuration (demoData), what the server itself would seed.
	demoLiving demoStart = iota
	// demoSeeding: the server seeds the living demo itself, as a real one.
	demoSeeding
	// demoBare: a copy of the demo without its history, the factory as it
	// stands today only (the fixture's small known factory starts there).
	demoBare
)

// startServerWith starts the server; a demo server gets its demo as how says.
func startServerWith(t *testing.T, cfg Config, log *slog.Logger, how demoStart) *testServer {
	t.Helper()
	if cfg.DataDir == "" {
		cfg.DataDir = t.TempDir()
	}
	cfg.Addr = "127.0.0.1:0"
	if cfg.TZ == "" {
		cfg.TZ = "Asia/Shanghai"
	}
	if cfg.Lang == "" {
		cfg.Lang = "zh"
	}
	if cfg.Company == "" {
		cfg.Company = "测试食品厂"
	}
	if cfg.Now.IsZero() {
		cfg.Now, cfg.StillClock = testNow(), true
	}
	if cfg.Holidays == nil {
		cfg.Holidays = testHolidays
	}
	if cfg.Demo && how != demoSeeding {
		demoData(t, cfg, cfg.DataDir, how == demoLiving)
	}
	m := &Main{Config: cfg, Log: log}
	if err := m.Run(context.Background()); err != nil {
		m.Close()
		t.Fatalf("start server: %v", err)
	}
	ts := &testServer{t: t, m: m, addr: m.Addr()}
	t.Cleanup(func() { m.Close() })
	return ts
}

// demoTemplates are demo data files seeded once per test binary, one for
// each server configuration that seeds the demo (its clock, zone, calendar
// and shortfall horizon), so that the dozens of tests that start from the
// demo copy it instead of seeding its months of history again (seconds
// each, many more under the race detector).
var demoTemplates struct {
	sync.Mutex
	dir   string
	files map[string]string
}

// demoData puts the demo seeded for cfg (Now and StillClock set) into
// dir, unless dir holds a data file already: with its history, it is what
// Main.Run would seed there.
func demoData(t *testing.T, cfg Config, dir string, history bool) {
	t.Helper()
	dst := filepath.Join(dir, dbFile)
	if _, err := os.Stat(dst); err == nil {
		return
	}
	key := fmt.Sprint(history, cfg.Now.UnixNano(), cfg.StillClock, cfg.TZ, cfg.Holidays, cfg.Makeup, cfg.ShortfallDays)
	demoTemplates.Lock()
	defer demoTemplates.Unlock()
	src := demoTemplates.files[key]
	if src == "" {
		if demoTemplates.dir == "" {
			d, err := os.MkdirTemp("", "xietong-demo-")
			if err != nil {
				t.Fatal(err)
			}
			demoTemplates.dir, demoTemplates.files = d, map[string]string{}
		}
		tdir := filepath.Join(demoTemplates.dir, strconv.Itoa(len(demoTemplates.files)))
		clock, err := newClock(cfg.TZ, cfg.Now, cfg.StillClock)
		if err != nil {
			t.Fatal(err)
		}
		db, err := openStore(tdir, clock, cfg.Holidays, cfg.Makeup, cfg.ShortfallDays, time.Second, nil)
		if err != nil {
			t.Fatal(err)
		}
		sum, err := demo.SeedWith(context.Background(), db.Services(), demo.Options{History: history})
		if cerr := db.Close(); err == nil {
			err = cerr
		}
		if err != nil || !sum.Seeded {
			t.Fatalf("demo template: %v", err)
		}
		if history {
			t.Logf("demo seeded for %s in %s (%d order lines)", cfg.Now.Format(time.RFC3339), sum.Took.Round(time.Millisecond), sum.Lines)
		}
		src = filepath.Join(tdir, dbFile)
		demoTemplates.files[key] = src
	}
	raw, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, raw, 0o600); err != nil {
		t.Fatal(err)
	}
}

// removeDemoTemplates deletes the demo templates (TestMain, at the end).
func removeDemoTemplates() {
	demoTemplates.Lock()
	defer demoTemplates.Unlock()
	if demoTemplates.dir != "" {
		os.RemoveAll(demoTemplates.dir)
	}
}

func newSigner(t testing.TB) gossh.Signer {
	s, _ := newKey(t)
	return s
}

// newKey makes an ed25519 key pair.
func newKey(t testing.TB) (gossh.Signer, ed25519.PrivateKey) {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return s, priv
}

// keyFile is the OpenSSH private key file text of priv, encrypted when
// passphrase is not empty.
func keyFile(t *testing.T, priv ed25519.PrivateKey, passphrase string) []byte {
	t.Helper()
	var block *pem.Block
	var err error
	if passphrase == "" {
		block, err = gossh.MarshalPrivateKey(priv, "")
	} else {
		block, err = gossh.MarshalPrivateKeyWithPassphrase(priv, "", []byte(passphrase))
	}
	if err != nil {
		t.Fatal(err)
	}
	return pem.EncodeToMemory(block)
}

func authorized(s gossh.Signer) string {
	return strings.TrimSpace(string(gossh.MarshalAuthorizedKey(s.PublicKey())))
}

func (ts *testServer) clientConfig(login string, auth ...gossh.AuthMethod) *gossh.ClientConfig {
	if len(auth) == 0 {
		auth = []gossh.AuthMethod{gossh.PublicKeys(newSigner(ts.t))}
	}
	return &gossh.ClientConfig{User: login, Auth: auth, HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: waitTimeout}
}

func (ts *testServer) dial(login string, auth ...gossh.AuthMethod) (*gossh.Client, error) {
	return gossh.Dial("tcp", ts.addr, ts.clientConfig(login, auth...))
}

// execResult is what an exec command printed.
type execResult struct {
	stdout, stderr string
	code           int
}

// exec runs a non-interactive command as login (no PTY).
func (ts *testServer) exec(login, cmd string, auth ...gossh.AuthMethod) execResult {
	ts.t.Helper()
	c, err := ts.dial(login, auth...)
	if err != nil {
		ts.t.Fatalf("dial %s: %v", login, err)
	}
	defer c.Close()
	return runExec(ts.t, c, cmd, "")
}

func runExec(t *testing.T, c *gossh.Client, cmd, stdin string) execResult {
	t.Helper()
	s, err := c.NewSession()
	if err != nil {
		t.Fatalf("session: %v", err)
	}
	defer s.Close()
	var out, errb bytes.Buffer
	s.Stdout, s.Stderr = &out, &errb
	s.Stdin = strings.NewReader(stdin)
	err = s.Run(cmd)
	code := 0
	if ee, ok := err.(*gossh.ExitError); ok {
		code = ee.ExitStatus()
	} else if err != nil {
		t.Fatalf("exec %q: %v", cmd, err)
	}
	return execResult{out.String(), errb.String(), code}
}

// term is an interactive session read through a terminal emulator.
type term struct {
	t      *testing.T
	client *gossh.Client
	sess   *gossh.Session
	stdin  io.WriteCloser
	mu     sync.Mutex
	emu    *vt.Emulator
	raw    bytes.Buffer // everything the server sent, for injection checks
	notify chan struct{}
	closed chan struct{}
}

// open starts a TUI session of w×h as login, with the client's LANG.
func (ts *testServer) open(login string, w, h int, lang string, auth ...gossh.AuthMethod) *term {
	ts.t.Helper()
	c, err := ts.dial(login, auth...)
	if err != nil {
		ts.t.Fatalf("dial %s: %v", login, err)
	}
	return openTerm(ts.t, c, w, h, lang)
}

// openEnv starts a TUI session with extra client environment variables.
func (ts *testServer) openEnv(login string, w, h int, env map[string]string) *term {
	ts.t.Helper()
	c, err := ts.dial(login)
	if err != nil {
		ts.t.Fatalf("dial %s: %v", login, err)
	}
	return openTermEnv(ts.t, c, w, h, env)
}

func openTerm(t *testing.T, c *gossh.Client, w, h int, lang string) *term {
	env := map[string]string{}
	if lang != "" {
		env["LANG"] = lang
	}
	return openTermEnv(t, c, w, h, env)
}

func openTermEnv(t *testing.T, c *gossh.Client, w, h int, env map[string]string) *term {
	t.Helper()
	return openTermType(t, c, "xterm-256color", w, h, env)
}

// openTermType opens a shell on a pty of terminal type typ (its TERM).
func openTermType(t *testing.T, c *gossh.Client, typ string, w, h int, env map[string]string) *term {
	t.Helper()
	s, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range env {
		if err := s.Setenv(k, v); err != nil {
			t.Fatalf("setenv %s: %v", k, err)
		}
	}
	if err := s.RequestPty(typ, h, w, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	stdin, _ := s.StdinPipe()
	stdout, _ := s.StdoutPipe()
	tm := &term{t: t, client: c, sess: s, stdin: stdin, emu: vt.NewEmulator(w, h),
		notify: make(chan struct{}, 1), closed: make(chan struct{})}
	// The emulator answers terminal queries (colours, device attributes);
	// pass its answers back to the server like a real terminal.
	go func() {
		buf := make([]byte, 256)
		for {
			n, err := tm.emu.Read(buf)
			if n > 0 {
				_, _ = stdin.Write(buf[:n])
			}
			if err != nil {
				return
			}
		}
	}()
	go func() {
		defer close(tm.closed)
		buf := make([]byte, 32*1024)
		for {
			n, err := stdout.Read(buf)
			if n > 0 {
				tm.mu.Lock()
				tm.raw.Write(buf[:n])
				_, _ = tm.emu.Write(buf[:n])
				tm.mu.Unlock()
				select {
				case tm.notify <- struct{}{}:
				default:
				}
			}
			if err != nil {
				return
			}
		}
	}()
	if err := s.Shell(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(tm.close)
	return tm
}

// rawShell opens an interactive session of w×h as login without a terminal
// emulator: the test reads (or does not read) the server's bytes itself.
func (ts *testServer) rawShell(login string, w, h int) (*gossh.Session, io.Writer, io.Reader) {
	ts.t.Helper()
	c, err := ts.dial(login)
	if err != nil {
		ts.t.Fatal(err)
	}
	ts.t.Cleanup(func() { c.Close() })
	s, err := c.NewSession()
	if err != nil {
		ts.t.Fatal(err)
	}
	if err := s.RequestPty("xterm-256color", h, w, gossh.TerminalModes{}); err != nil {
		ts.t.Fatal(err)
	}
	in, err := s.StdinPipe()
	if err != nil {
		ts.t.Fatal(err)
	}
	out, err := s.StdoutPipe()
	if err != nil {
		ts.t.Fatal(err)
	}
	if err := s.Shell(); err != nil {
		ts.t.Fatal(err)
	}
	return s, in, out
}

// close ends the session. The emulator is left open: its Close races with
// the blocked answer reader inside the vt package, and the one goroutine that
// stays parked there ends with the test process.
func (tm *term) close() {
	tm.sess.Close()
	tm.client.Close()
}

// screen is the emulator's current text.
func (tm *term) screen() string {
	tm.mu.Lock()
	defer tm.mu.Unlock()
	return tm.emu.String()
}

// waitFor waits until cond holds on the screen, failing after waitTimeout.
func (tm *term) waitFor(what string, cond func(screen string) bool) string {
	tm.t.Helper()
	deadline := time.NewTimer(waitTimeout)
	defer deadline.Stop()
	for {
		s := tm.screen()
		if cond(s) {
			return s
		}
		select {
		case <-tm.notify:
		case <-tm.closed:
			s = tm.screen()
			if cond(s) {
				return s
			}
			tm.t.Fatalf("session closed while waiting for %s; screen:\n%s", what, s)
		case <-deadline.C:
			dumpStacks(tm.t)
			tm.t.Fatalf("timed out waiting for %s; screen:\n%s", what, tm.screen())
		}
	}
}

// waitText waits until every text appears on screen.
func (tm *term) waitText(texts ...string) string {
	tm.t.Helper()
	return tm.waitFor(strings.Join(texts, " + "), func(s string) bool {
		for _, x := range texts {
			if !strings.Contains(s, x) {
				return false
			}
		}
		return true
	})
}

// within waits for a condition with a caller's deadline (live update checks).
func (tm *term) within(d time.Duration, what string, cond func(string) bool) time.Duration {
	tm.t.Helper()
	start := time.Now()
	deadline := time.NewTimer(d)
	defer deadline.Stop()
	for {
		if cond(tm.screen()) {
			return time.Since(start)
		}
		select {
		case <-tm.notify:
		case <-deadline.C:
			tm.t.Fatalf("%s did not appear within %v; screen:\n%s", what, d, tm.screen())
		}
	}
}

// Keys as a terminal sends them.
const (
	kEnter    = "\r"
	kEsc      = "\x1b"
	kTab      = "\t"
	kUp       = "\x1b[A"
	kDown     = "\x1b[B"
	kRight    = "\x1b[C"
	kCtrlS    = "\x13"
	kCtrlC    = "\x03"
	kF4       = "\x1bOS"
	kShiftTab = "\x1b[Z"
)

// send types keys. Esc is sent alone so it is not read as alt+next key.
func (tm *term) send(keys ...string) {
	tm.t.Helper()
	for _, k := range keys {
		if _, err := io.WriteString(tm.stdin, k); err != nil {
			tm.t.Fatalf("send %q: %v", k, err)
		}
		if k == kEsc {
			// A lone ESC is only told apart from the start of a sequence by
			// the pause after it; wait until the screen reacts instead of sleeping.
			tm.settle()
		}
	}
}

// settle waits until the server has been quiet for a moment.
func (tm *term) settle() {
	for {
		select {
		case <-tm.notify:
		case <-time.After(150 * time.Millisecond):
			return
		}
	}
}

func (tm *term) resize(w, h int) {
	tm.t.Helper()
	tm.mu.Lock()
	tm.emu.Resize(w, h)
	tm.mu.Unlock()
	if err := tm.sess.WindowChange(h, w); err != nil {
		tm.t.Fatal(err)
	}
}

// discardLogger keeps test output quiet unless XIETONG_TEST_LOG is set.
func discardLogger() *slog.Logger {
	if os.Getenv("XIETONG_TEST_LOG") != "" {
		return slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

// dumpStacks writes every goroutine's stack to the file named by
// XIETONG_TEST_STACKS, to find what a timed-out wait was stuck behind.
func dumpStacks(t *testing.T) {
	path := os.Getenv("XIETONG_TEST_STACKS")
	if path == "" {
		return
	}
	buf := make([]byte, 1<<24)
	n := runtime.Stack(buf, true)
	if err := os.WriteFile(path, buf[:n], 0o600); err != nil {
		t.Logf("stacks: %v", err)
	}
}
