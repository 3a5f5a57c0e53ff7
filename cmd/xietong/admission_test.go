package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"xietong/model"
	"xietong/sshserver"
)

// people creates n accounts p00, p01, ... each holding a key of its own.
func people(t *testing.T, ts *testServer, n int) []gossh.Signer {
	t.Helper()
	keys := make([]gossh.Signer, n)
	for i := range keys {
		keys[i] = newSigner(t)
		u := &model.User{Login: fmt.Sprintf("p%02d", i), Name: fmt.Sprintf("员工%d", i), Dept: model.DeptSales,
			Role: model.RoleMember, Keys: []model.Key{{Authorized: authorized(keys[i])}}}
		if _, err := ts.m.Svc.Users.CreateUser(context.Background(), nil, u); err != nil {
			t.Fatal(err)
		}
	}
	return keys
}

// Sixty people behind one NAT address log in at the same instant, with the
// flags' defaults: every one gets in.
func TestSixtyLoginsFromOneAddressAtOnce(t *testing.T) {
	ts := startServer(t, defaultFlags(t))
	keys := people(t, ts, 60)
	start := make(chan struct{})
	errs := make(chan error, len(keys))
	var wg sync.WaitGroup
	for i, k := range keys {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			c, err := gossh.Dial("tcp", ts.addr, ts.clientConfig(fmt.Sprintf("p%02d", i), gossh.PublicKeys(k)))
			if err != nil {
				errs <- fmt.Errorf("p%02d: %w", i, err)
				return
			}
			defer c.Close()
			s, err := c.NewSession()
			if err != nil {
				errs <- fmt.Errorf("p%02d session: %w", i, err)
				return
			}
			defer s.Close()
			out, err := s.Output("whoami --json")
			if err != nil || !strings.Contains(string(out), fmt.Sprintf(`"login": "p%02d"`, i)) {
				errs <- fmt.Errorf("p%02d whoami: %v %s", i, err, out)
			}
		}()
	}
	close(start)
	wg.Wait()
	close(errs)
	var failed []string
	for err := range errs {
		failed = append(failed, err.Error())
	}
	if len(failed) > 0 {
		t.Fatalf("%d of 60 did not get in:\n%s", len(failed), strings.Join(failed, "\n"))
	}
	if st := ts.m.Server.Stats(); st.RefusedStartups+st.RefusedPenalty != 0 {
		t.Fatalf("refused at connect: %+v", st)
	}
}

// stall opens n TCP connections from ip that never say anything.
func stall(t *testing.T, ts *testServer, ip string, n int) {
	t.Helper()
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: waitTimeout}
	for range n {
		c, err := d.Dial("tcp", ts.addr)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
	}
}

// within5s polls a login until it works, for at most five seconds.
func within5s(t *testing.T, what string, login func() error) {
	t.Helper()
	deadline := time.After(5 * time.Second)
	for {
		err := login()
		if err == nil {
			return
		}
		select {
		case <-deadline:
			t.Fatalf("%s could not log in within 5 s: %v", what, err)
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// The last sessions of --max-sessions are the administrators': a full
// server refuses a member with the reason and still lets an administrator
// in.
func TestAdminReserve(t *testing.T) {
	ts := startServer(t, Config{Demo: true, Sessions: sshserver.SessionLimits{Max: 2, AdminReserve: 1}})
	tm := ts.open("office", 100, 30, "")
	tm.waitText("今天需要你处理的事")
	if r := ts.exec("prod", "whoami"); r.code != 1 || !strings.Contains(r.stderr, "服务器繁忙") {
		t.Fatalf("member at the reserve: %+v", r)
	}
	if r := ts.exec("admin", "whoami --json"); r.code != 0 || !strings.Contains(r.stdout, `"login": "admin"`) {
		t.Fatalf("administrator in the reserve: %+v", r)
	}
}

// 64 stalled sockets from four addresses, with the flags' defaults, stop
// neither an administrator nor a user from logging in, even a user at one
// of those addresses.
func TestStalledSocketsDoNotLockOut(t *testing.T) {
	cfg := defaultFlags(t)
	adminKey := newSigner(t)
	cfg.AdminKeys = []string{authorized(adminKey)}
	ts := startServer(t, cfg)
	keys := people(t, ts, 1)
	for i := range 4 {
		stall(t, ts, fmt.Sprintf("127.0.0.%d", 2+i), 16)
	}
	waitUntil(t, "64 stalled connections", func() bool { return ts.m.Server.Stats().Handshakes == 64 })
	try := func(ip, login string, key gossh.Signer) func() error {
		return func() error {
			c, err := dialFromErr(ts, ip, login, gossh.PublicKeys(key))
			if err != nil {
				return err
			}
			defer c.Close()
			s, err := c.NewSession()
			if err != nil {
				return err
			}
			defer s.Close()
			_, err = s.Output("whoami")
			return err
		}
	}
	within5s(t, "the administrator", try("127.0.0.1", "admin", adminKey))
	within5s(t, "a user behind a stalling address", try("127.0.0.2", "p00", keys[0]))
}

// A connection that stalls past the handshake deadline is closed, and its
// address, once it owes more than the penalties' min, is refused at
// connect for a while; other addresses are not.
func TestStallingSourceIsPenalised(t *testing.T) {
	cfg := defaultFlags(t)
	cfg.HandshakeTimeout = 300 * time.Millisecond
	cfg.LoginGrace = 600 * time.Millisecond
	ts := startServer(t, cfg)
	keys := people(t, ts, 1)
	stall(t, ts, "127.0.0.7", 4) // 4 × 10 s owed > 30 s
	waitUntil(t, "stalled connections closed", func() bool {
		st := ts.m.Server.Stats()
		return st.Stalled == 4 && st.Penalised == 1 && st.Handshakes == 0
	})
	if _, err := dialFromErr(ts, "127.0.0.7", "p00", gossh.PublicKeys(keys[0])); err == nil {
		t.Fatal("a penalised address got in")
	}
	if st := ts.m.Server.Stats(); st.RefusedPenalty != 1 {
		t.Fatalf("refused for a penalty: %d", st.RefusedPenalty)
	}
	c := dialFrom(t, ts, "127.0.0.8", "p00", gossh.PublicKeys(keys[0]))
	c.Close()
}

// One account's thousand exec sessions waiting for input on one
// connection take only its own share: the rest are refused with the
// reason; another account, and the administrator, carry on.
func TestThousandExecsOfOneAccount(t *testing.T) {
	cfg := defaultFlags(t)
	adminKey := newSigner(t)
	cfg.AdminKeys = []string{authorized(adminKey)}
	ts := startServer(t, cfg)
	keys := people(t, ts, 2)
	c, err := ts.dial("p00", gossh.PublicKeys(keys[0]))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	rejected := 0
	for range 1000 {
		s, err := c.NewSession()
		if err != nil {
			rejected++ // too many channels open on the connection
			continue
		}
		defer s.Close()
		in, _ := s.StdinPipe() // never written: the import waits for it
		_ = in
		if err := s.Start("customers import --csv"); err != nil {
			t.Fatal(err)
		}
		go func() { _ = s.Wait() }()
	}
	waitUntil(t, "20 commands running", func() bool { return ts.m.Server.Stats().ExecSessions == 20 })
	waitUntil(t, "the rest refused", func() bool {
		st := ts.m.Server.Stats()
		return int(st.RefusedAccount)+rejected == 980
	})
	t.Logf("%d refused with a reason, %d channels rejected", ts.m.Server.Stats().RefusedAccount, rejected)
	within5s(t, "another account", func() error {
		r := ts.exec("p01", "whoami", gossh.PublicKeys(keys[1]))
		if r.code != 0 {
			return fmt.Errorf("exit %d: %s", r.code, r.stderr)
		}
		return nil
	})
	tm := ts.open("p01", 100, 30, "", gossh.PublicKeys(keys[1]))
	tm.waitText("今天需要你处理的事")
	if r := ts.exec("admin", "stats --json", gossh.PublicKeys(adminKey)); r.code != 0 || !strings.Contains(r.stdout, `"refused_sessions_account"`) {
		t.Fatalf("admin: %+v", r)
	}
	if r := ts.exec("p00", "whoami", gossh.PublicKeys(keys[0])); r.code != 1 || !strings.Contains(r.stderr, "你的账号已有 20 个命令在运行（每个账号最多 20 个）") {
		t.Fatalf("p00's 1001st command: %+v", r)
	}
}

// The input deadline stops an account's commands left waiting for input,
// each told why, and the account's places come back.
func TestExecInputDeadlineFreesPlaces(t *testing.T) {
	cfg := defaultFlags(t)
	cfg.ExecInputTimeout = time.Second
	ts := startServer(t, cfg)
	keys := people(t, ts, 1)
	c, err := ts.dial("p00", gossh.PublicKeys(keys[0]))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	type waiting struct {
		stderr *lockedBuffer
		done   chan error
	}
	var started []waiting
	for range 20 {
		s, err := c.NewSession()
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		w := waiting{stderr: &lockedBuffer{}, done: make(chan error, 1)}
		s.Stderr = w.stderr
		in, _ := s.StdinPipe() // never written: the import waits for it
		_ = in
		if err := s.Start("customers import --csv"); err != nil {
			t.Fatal(err)
		}
		go func() { w.done <- s.Wait() }()
		started = append(started, w)
	}
	for i, w := range started {
		select {
		case err := <-w.done:
			if ee, ok := err.(*gossh.ExitError); !ok || ee.ExitStatus() != 1 || !strings.Contains(w.stderr.String(), "等了 1s 没有收到输入，命令已中止") {
				t.Fatalf("command %d ended with %v, told %q", i, err, w.stderr.String())
			}
		case <-time.After(waitTimeout):
			t.Fatal("a waiting command was not stopped")
		}
	}
	waitUntil(t, "no command running", func() bool { return ts.m.Server.Stats().ExecSessions == 0 })
	if st := ts.m.Server.Stats(); st.IdleClosed != 20 || st.RefusedAccount != 0 {
		t.Fatalf("stats %+v", st)
	}
	if r := ts.exec("p00", "whoami", gossh.PublicKeys(keys[0])); r.code != 0 {
		t.Fatalf("p00 after the deadline: %+v", r)
	}
}

// A command fed its input slowly, each byte within the input deadline of
// the last but all of it over twice the deadline, is not stopped.
func TestExecInputDeadlineCountsOnlyWaiting(t *testing.T) {
	ts := startServer(t, Config{Demo: true, ExecInputTimeout: time.Second})
	c, err := ts.dial("sales")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	s, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	var stdout, stderr lockedBuffer
	s.Stdout, s.Stderr = &stdout, &stderr
	in, _ := s.StdinPipe()
	if err := s.Start("customers import --csv"); err != nil {
		t.Fatal(err)
	}
	csv := "code,name,grade\nC901,慢慢来的客户,B\n"
	for _, b := range []byte(csv) {
		// Half the deadline between bytes: twice as long as the deadline in all.
		<-time.After(500 * time.Millisecond / time.Duration(len(csv)/4))
		if _, err := in.Write([]byte{b}); err != nil {
			t.Fatalf("write: %v (stderr %s)", err, stderr.String())
		}
	}
	in.Close()
	if err := s.Wait(); err != nil {
		t.Fatalf("slow input: %v; stderr %s", err, stderr.String())
	}
	if r := ts.exec("sales", "customers list --json"); r.code != 0 || !strings.Contains(r.stdout, "慢慢来的客户") {
		t.Fatalf("whoami: %+v", r)
	}
	if n := ts.m.Server.Stats().IdleClosed; n != 0 {
		t.Fatalf("stopped %d", n)
	}
}

// An exec command waiting for input that never comes is closed after the
// idle timeout, saying so, and writes nothing; a terminal's timeout is
// unchanged (TestIdleTimeout).
func TestExecIdleTimeout(t *testing.T) {
	ts := startServer(t, Config{Demo: true, IdleTimeout: time.Second})
	before, err := ts.m.Svc.Master.Customers(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	c, err := ts.dial("sales")
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	s, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	s.Stderr = &stderr
	in, _ := s.StdinPipe()
	// Half a CSV, then nothing: the import must not take the close for its end.
	io.WriteString(in, "code,name,grade\nC900,半截客户,A\n")
	done := make(chan error, 1)
	if err := s.Start("customers import --csv"); err != nil {
		t.Fatal(err)
	}
	go func() { done <- s.Wait() }()
	select {
	case err = <-done:
	case <-time.After(waitTimeout):
		t.Fatal("idle command not closed")
	}
	if ee, ok := err.(*gossh.ExitError); !ok || ee.ExitStatus() != 1 || !strings.Contains(stderr.String(), "1s 内没有输入或输出，命令已中止") {
		t.Fatalf("closed with %v, stderr %q", err, stderr.String())
	}
	after, _ := ts.m.Svc.Master.Customers(context.Background())
	if len(after) != len(before) {
		t.Fatalf("customers %d → %d: the half input was imported", len(before), len(after))
	}
	if n := ts.m.Server.Stats().IdleClosed; n != 1 {
		t.Fatalf("idle closed %d", n)
	}
}
