package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"xietong/model"
	"xietong/store"
)

// TestMain lets the test binary act as the xietong command, so process-level
// tests (signals, exit codes) run the real main without a separate build.
func TestMain(m *testing.M) {
	now, err := testStart(os.Getenv("XIETONG_TEST_NOW"))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	// restore runs its checker as a child of its own executable, which is
	// this test binary when a test runs restore.
	if len(os.Args) > 1 && os.Args[1] == "restore-check" {
		os.Exit(runAt(os.Args[1:], os.Stdin, os.Stdout, os.Stderr, nil, now))
	}
	if args := os.Getenv("XIETONG_E2E_ARGS"); args != "" {
		os.Exit(runAt(strings.Split(args, "\x1f"), os.Stdin, os.Stdout, os.Stderr, nil, now))
	}
	code := m.Run()
	removeDemoTemplates()
	os.Exit(code)
}

type child struct {
	cmd  *exec.Cmd
	addr string
	out  *bufio.Reader
	done chan error
}

var listenRE = regexp.MustCompile(`listening on (\S+) \(host key (\S+)\)`)

// startChild runs `xietong serve ARGS` as a child process and waits for its address.
func startChild(t *testing.T, args ...string) (*child, string) {
	t.Helper()
	// A demo child starts from a copy of the demo seeded for its clock (the
	// test clock, or --demo-now running on), as a server started in the
	// test process does.
	if i := slices.Index(args, "--data"); slices.Contains(args, "--demo") && i >= 0 && i+1 < len(args) {
		cfg := Config{Now: testNow(), StillClock: true, TZ: "Asia/Shanghai"}
		if j := slices.Index(args, "--demo-now"); j >= 0 && j+1 < len(args) {
			if now, err := time.Parse(time.RFC3339, args[j+1]); err == nil {
				cfg.Now, cfg.StillClock = now, false
			}
		}
		demoData(t, cfg, args[i+1], true)
	}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "XIETONG_E2E_ARGS="+strings.Join(append([]string{"serve"}, args...), "\x1f"))
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = io.Discard
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	c := &child{cmd: cmd, out: bufio.NewReader(stdout), done: make(chan error, 1)}
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	lines := make(chan string)
	go func() {
		for {
			l, err := c.out.ReadString('\n')
			if l != "" {
				lines <- l
			}
			if err != nil {
				close(lines)
				c.done <- cmd.Wait()
				return
			}
		}
	}()
	deadline := time.After(waitTimeout)
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatal("child exited before listening")
			}
			if m := listenRE.FindStringSubmatch(l); m != nil {
				c.addr = m[1]
				go func() {
					for range lines {
					}
				}()
				return c, m[2]
			}
		case <-deadline:
			t.Fatal("child did not start")
		}
	}
}

// SIGTERM with sessions open: they are told, the process exits 0 within
// 10 s, the database opens clean, and a restart keeps the host key.
func TestSIGTERMAndRestart(t *testing.T) {
	dir := t.TempDir()
	c, fp1 := startChild(t, "--demo", "--data", dir, "--addr", "127.0.0.1:0")
	ts := &testServer{t: t, addr: c.addr}
	a := ts.open("prod", 100, 30, "")
	a.waitText("今天需要你处理的事")
	b := ts.open("sales", 100, 30, "")
	b.waitText("今天需要你处理的事")

	start := time.Now()
	if err := c.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	a.waitText("服务器正在停止")
	select {
	case err := <-c.done:
		if err != nil {
			t.Fatalf("exit: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("server did not exit within 10 s of SIGTERM")
	}
	t.Logf("stopped %v after SIGTERM", time.Since(start))

	clock, _ := model.NewClock("Asia/Shanghai")
	db, err := store.Open(filepath.Join(dir, "xietong.db"), store.Options{Clock: clock, Timeout: time.Second})
	if err != nil {
		t.Fatalf("db after stop: %v", err)
	}
	if n, err := db.VerifyAudit(); err != nil || n == 0 {
		t.Fatalf("audit after stop: %d %v", n, err)
	}
	db.Close()

	info, err := os.Stat(filepath.Join(dir, "host_ed25519"))
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o600 {
		t.Fatalf("host key mode %v", info.Mode().Perm())
	}
	c2, fp2 := startChild(t, "--demo", "--data", dir, "--addr", "127.0.0.1:0")
	if fp1 != fp2 {
		t.Fatalf("host key changed across restart: %s → %s", fp1, fp2)
	}
	// The fingerprint clients see is the one printed.
	var seen string
	cfg := &gossh.ClientConfig{User: "prod", Auth: []gossh.AuthMethod{gossh.PublicKeys(newSigner(t))},
		HostKeyCallback: func(_ string, _ net.Addr, key gossh.PublicKey) error {
			seen = gossh.FingerprintSHA256(key)
			return nil
		}}
	cl, err := gossh.Dial("tcp", c2.addr, cfg)
	if err != nil {
		t.Fatal(err)
	}
	cl.Close()
	if seen != fp1 {
		t.Fatalf("client saw %s, server printed %s", seen, fp1)
	}
	_ = c2.cmd.Process.Signal(syscall.SIGTERM)
	<-c2.done
}

// A second server on the same data directory fails fast with a clear message.
func TestDataDirInUse(t *testing.T) {
	ts := startServer(t, Config{Demo: true})
	var out, errb strings.Builder
	start := time.Now()
	code := runCmd([]string{"serve", "--data", ts.m.Config.DataDir, "--addr", "127.0.0.1:0"}, nil, &out, &errb)
	took := time.Since(start)
	if code == 0 || !strings.Contains(errb.String(), "data directory in use by another xietong") {
		t.Fatalf("second server: code %d stderr %q", code, errb.String())
	}
	if took > 2*time.Second {
		t.Fatalf("second server took %v to give up", took)
	}
	// The offline command says the same and how to do it over SSH.
	errb.Reset()
	code = runCmd([]string{"user", "list", "--data", ts.m.Config.DataDir}, nil, &out, &errb)
	if code == 0 || !strings.Contains(errb.String(), "data directory in use by another xietong") {
		t.Fatalf("offline user list: code %d stderr %q", code, errb.String())
	}
}

// Offline `xietong user ...` manages accounts when no server runs.
func TestOfflineUserCommands(t *testing.T) {
	dir := t.TempDir()
	ts := startServer(t, Config{Demo: true, DataDir: dir})
	ts.m.Close()
	key := authorized(newSigner(t))
	for _, args := range [][]string{
		{"user", "add", "li", "--name", "李工", "--dept", "rnd", "--role", "member", "--data", dir},
		{"user", "key", "add", "li", key, "--data", dir},
		{"user", "invite", "li", "--data", dir},
	} {
		var out, errb strings.Builder
		if code := runCmd(args, nil, &out, &errb); code != 0 {
			t.Fatalf("%v: %d %s", args, code, errb.String())
		}
	}
	var out, errb strings.Builder
	if code := runCmd([]string{"user", "list", "--json", "--data", dir}, nil, &out, &errb); code != 0 || !strings.Contains(out.String(), `"login": "li"`) {
		t.Fatalf("list: %d %s %s", code, out.String(), errb.String())
	}
	if code := runCmd([]string{"user", "frob", "--data", dir}, nil, &out, &errb); code != 2 {
		t.Fatalf("unknown offline command exit %d", code)
	}
	_ = context.Background()
}

// serve --demo --demo-now starts the demo's clock at the given time (the
// header shows that day); without --demo, or with a time that is not one,
// serve exits non-zero with one line.
func TestDemoNow(t *testing.T) {
	c, _ := startChild(t, "--demo", "--demo-now", "2026-12-03T09:00:00+08:00", "--data", t.TempDir(), "--addr", "127.0.0.1:0")
	ts := &testServer{t: t, addr: c.addr}
	tm := ts.open("office", 100, 30, "")
	tm.waitText("今天需要你处理的事", "12-03 周四 09:0")
	r := ts.exec("office", "whoami")
	if r.code != 0 {
		t.Fatalf("whoami: %+v", r)
	}
	for _, args := range [][]string{
		{"serve", "--demo-now", "2026-12-03T09:00:00+08:00", "--data", t.TempDir(), "--addr", "127.0.0.1:0"},
		{"serve", "--demo", "--demo-now", "2026-12-03", "--data", t.TempDir(), "--addr", "127.0.0.1:0"},
	} {
		var out, errb strings.Builder
		code := runCmd(args, nil, &out, &errb)
		if code == 0 || strings.Count(strings.TrimSpace(errb.String()), "\n") != 0 || !strings.Contains(errb.String(), "--demo-now") {
			t.Errorf("%q: exit %d, stderr %q", args, code, errb.String())
		}
	}
}
