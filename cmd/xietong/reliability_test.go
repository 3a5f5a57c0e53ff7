package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
	gossh "golang.org/x/crypto/ssh"

	"xietong/model"
	"xietong/sshserver"
	"xietong/store"
)

// `stats --json` reports the server's sessions, connections and memory to
// an admin, and nothing to anyone else.
func TestStatsJSON(t *testing.T) {
	ts := startServer(t, Config{Demo: true})
	tm := ts.open("office", 100, 30, "")
	tm.waitText("今天需要你处理的事")

	r := ts.exec("admin", "stats --json")
	if r.code != 0 {
		t.Fatalf("stats: exit %d: %s", r.code, r.stderr)
	}
	var st map[string]float64
	if err := json.Unmarshal([]byte(r.stdout), &st); err != nil {
		t.Fatalf("stats json: %v\n%s", err, r.stdout)
	}
	for k, min := range map[string]float64{"sessions": 1, "exec_sessions": 1, "connections": 2, "goroutines": 10,
		"feed_subscribers": 1, "heap_inuse_bytes": 1 << 20, "heap_alloc_bytes": 1, "db_bytes": 1, "uptime_seconds": 0} {
		v, ok := st[k]
		if !ok || v < min {
			t.Errorf("%s = %v (present %v), want ≥ %v", k, v, ok, min)
		}
	}
	if runtime.GOOS == "linux" && st["rss_bytes"] < 1<<20 {
		t.Errorf("rss_bytes = %v", st["rss_bytes"])
	}
	if r := ts.exec("admin", "stats"); r.code != 0 || !strings.Contains(r.stdout, "终端会话") {
		t.Fatalf("stats text: %d %s %s", r.code, r.stdout, r.stderr)
	}
	for _, cmd := range []string{"stats", "backup", "audit verify"} {
		if r := ts.exec("sales", cmd); r.code != 1 || r.stdout != "" {
			t.Fatalf("%s as sales: exit %d, stdout %q", cmd, r.code, r.stdout)
		}
	}
}

// `ssh admin@host backup > file` while writers run: the copy opens,
// verifies, and holds every notice acknowledged before the backup started.
// `xietong restore` puts it in place offline, refusing a directory in use
// and a file whose audit log was altered.
func TestOnlineBackupAndRestore(t *testing.T) {
	ts := startServer(t, Config{Demo: true})
	office, err := ts.m.Svc.Users.User(context.Background(), "office")
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	var mu sync.Mutex
	var acked []uint64
	var wg sync.WaitGroup
	var werr atomic.Value
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ctx.Err() == nil; i++ {
				n, err := ts.m.Svc.Notices.PostNotice(ctx, office, &model.Notice{Title: fmt.Sprintf("备份中 %d-%d", w, i), Body: strings.Repeat("正文", 50)})
				if err != nil {
					if ctx.Err() == nil {
						werr.Store(err)
					}
					return
				}
				mu.Lock()
				acked = append(acked, n.ID)
				mu.Unlock()
			}
		}()
	}
	waitUntil(t, "writers under way", func() bool { mu.Lock(); defer mu.Unlock(); return len(acked) >= 100 })
	mu.Lock()
	before := append([]uint64(nil), acked...)
	mu.Unlock()
	r := ts.exec("admin", "backup")
	mu.Lock()
	during := len(acked) - len(before)
	mu.Unlock()
	stop()
	wg.Wait()
	if err, _ := werr.Load().(error); err != nil {
		t.Fatalf("writer: %v", err)
	}
	if r.code != 0 || !strings.Contains(r.stderr, "已备份") {
		t.Fatalf("backup: exit %d: %s", r.code, r.stderr)
	}
	t.Logf("backup %d bytes; %d notices acknowledged before it, %d while it ran", len(r.stdout), len(before), during)
	dir := t.TempDir()
	file := filepath.Join(dir, "backup.db")
	if err := os.WriteFile(file, []byte(r.stdout), 0o600); err != nil {
		t.Fatal(err)
	}
	checkCopy := func(path string, ids []uint64) {
		t.Helper()
		db, err := store.Open(path, store.Options{})
		if err != nil {
			t.Fatalf("open copy: %v", err)
		}
		defer db.Close()
		if n, err := db.VerifyAudit(); err != nil || n < len(ids) {
			t.Fatalf("verify copy: %d entries, %v", n, err)
		}
		for _, id := range ids {
			if _, err := db.Notice(context.Background(), id); err != nil {
				t.Fatalf("notice %d acknowledged before the backup is missing: %v", id, err)
			}
		}
	}
	checkCopy(file, before)

	// Restore refuses the directory of a running server.
	var out, errb bytes.Buffer
	if code := runCmd([]string{"restore", "--lang", "en", "--data", ts.m.Config.DataDir, file}, nil, &out, &errb); code != 1 || !strings.Contains(errb.String(), "is in use by a running xietong") {
		t.Fatalf("restore into a running server's directory: exit %d: %s", code, errb.String())
	}
	// Into a fresh directory, then over it again: the previous file is kept.
	fresh := filepath.Join(dir, "fresh")
	for round := range 2 {
		out.Reset()
		errb.Reset()
		if code := runCmd([]string{"restore", "--data", fresh, file}, nil, &out, &errb); code != 0 {
			t.Fatalf("restore %d: exit %d: %s", round, code, errb.String())
		}
	}
	checkCopy(filepath.Join(fresh, dbFile), before)
	baks, _ := filepath.Glob(filepath.Join(fresh, dbFile+".bak-*"))
	if len(baks) != 1 || !strings.Contains(out.String(), baks[0]) {
		t.Fatalf("backups of the replaced file: %v; output %s", baks, out.String())
	}
	// A file that is not a database, and one whose audit log was altered, are refused.
	junk := filepath.Join(dir, "junk.db")
	os.WriteFile(junk, bytes.Repeat([]byte("not bbolt"), 1000), 0o600)
	tampered := filepath.Join(dir, "tampered.db")
	os.WriteFile(tampered, []byte(r.stdout), 0o600)
	tamperAudit(t, tampered, 3)
	for _, f := range []string{junk, tampered} {
		errb.Reset()
		if code := runCmd([]string{"restore", "--data", fresh, f}, nil, io.Discard, &errb); code != 1 {
			t.Fatalf("restore %s: exit %d: %s", f, code, errb.String())
		}
		t.Logf("restore %s refused: %s", filepath.Base(f), strings.TrimSpace(errb.String()))
	}
	if baks2, _ := filepath.Glob(filepath.Join(fresh, dbFile+"*")); len(baks2) != 2 {
		t.Fatalf("refused restores left files behind: %v", baks2)
	}
}

// tamperAudit flips one letter of audit entry seq's action in the closed
// data file at path (as store/audit_test.go does), keeping the JSON valid.
func tamperAudit(t *testing.T, path string, seq uint64) {
	t.Helper()
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	key := binary.BigEndian.AppendUint64(nil, seq)
	err = bdb.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("audit"))
		if b == nil {
			return errors.New("no audit bucket")
		}
		v := bytes.Clone(b.Get(key))
		i := bytes.Index(v, []byte(`"action":"`))
		if i < 0 {
			return fmt.Errorf("audit entry %d: %q", seq, v)
		}
		v[i+len(`"action":"`)] ^= 0x20
		return b.Put(key, v)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// `audit verify` over SSH and offline; an edited entry is caught offline.
func TestAuditVerify(t *testing.T) {
	ts := startServer(t, Config{Demo: true})
	r := ts.exec("admin", "audit verify")
	if r.code != 0 || !strings.Contains(r.stdout, "审计日志完整") {
		t.Fatalf("audit verify: exit %d: %s %s", r.code, r.stdout, r.stderr)
	}
	dir := t.TempDir()
	f, err := os.Create(filepath.Join(dir, dbFile))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ts.m.DB.WriteTo(f); err != nil {
		t.Fatal(err)
	}
	f.Close()

	var out, errb bytes.Buffer
	if code := runCmd([]string{"audit", "verify", "--data", dir}, nil, &out, &errb); code != 0 || !strings.Contains(out.String(), "entries checked") {
		t.Fatalf("offline verify: exit %d: %s %s", code, out.String(), errb.String())
	}
	t.Logf("intact: %s", strings.TrimSpace(out.String()))
	tamperAudit(t, filepath.Join(dir, dbFile), 3)
	out.Reset()
	errb.Reset()
	code := runCmd([]string{"audit", "verify", "--data", dir}, nil, &out, &errb)
	if code != 1 || !strings.Contains(errb.String(), "audit entry 4: does not match entry 3") {
		t.Fatalf("tampered verify: exit %d: stdout %q stderr %q", code, out.String(), errb.String())
	}
	t.Logf("tampered: %s", strings.TrimSpace(errb.String()))
}

// --max-sessions: sessions beyond the cap, exec or interactive, are refused
// with one clear line and exit 1; once one closes, others get in.
func TestMaxSessions(t *testing.T) {
	ts := startServer(t, Config{Demo: true, Sessions: sshserver.SessionLimits{Max: 2}})
	a := ts.open("office", 100, 30, "")
	a.waitText("今天需要你处理的事")
	b := ts.open("prod", 100, 30, "")
	b.waitText("今天需要你处理的事")

	r := ts.exec("sales", "whoami")
	if r.code != 1 || strings.TrimSpace(r.stderr) != "服务器繁忙：已有 2 个会话，请稍后再试" {
		t.Fatalf("third session: exit %d, stderr %q", r.code, r.stderr)
	}
	c := ts.open("gm", 100, 30, "en_US.UTF-8")
	c.waitText("server busy: 2 sessions open, try again later")
	<-c.closed

	a.close()
	waitUntil(t, "a session to be free", func() bool {
		c, err := ts.dial("sales")
		if err != nil {
			return false
		}
		defer c.Close()
		return runExec(t, c, "whoami", "").code == 0
	})
	st := ts.m.Server.Stats()
	if st.RefusedBusy < 2 {
		t.Fatalf("refused sessions %d", st.RefusedBusy)
	}
}

// A flood of logins with unknown keys from one address (1,000 attempts) is
// mostly refused at the connection once that address owes more than the
// penalties' min, before the SSH handshake; the server's memory stays
// bounded; another address still gets in at once.
func TestConnectionFlood(t *testing.T) {
	adminKey := newSigner(t)
	ts := startServer(t, Config{AdminKeys: []string{authorized(adminKey)}, Penalties: defaultFlags(t).Penalties, Startups: defaultFlags(t).Startups})
	// Warm up so lazily allocated state is in the baseline.
	if r := ts.exec("admin", "whoami", gossh.PublicKeys(adminKey)); r.code != 0 {
		t.Fatalf("warm-up: %s", r.stderr)
	}
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	heapBefore := ms.HeapInuse

	var peak atomic.Uint64
	sampling := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		var m runtime.MemStats
		for {
			select {
			case <-sampling:
				return
			case <-time.After(20 * time.Millisecond):
			}
			runtime.ReadMemStats(&m)
			if m.HeapInuse > peak.Load() {
				peak.Store(m.HeapInuse)
			}
		}
	}()

	const attempts = 1000
	var refused, authFailed, other atomic.Int64
	var firstOther atomic.Value
	work := make(chan int)
	var wg sync.WaitGroup
	start := time.Now()
	for range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range work {
				cfg := &gossh.ClientConfig{User: "admin", Auth: []gossh.AuthMethod{gossh.PublicKeys(newSigner(t))},
					HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: waitTimeout}
				c, err := gossh.Dial("tcp", ts.addr, cfg)
				switch {
				case err == nil:
					c.Close()
					other.Add(1)
					firstOther.CompareAndSwap(nil, "admitted an unknown key")
				case strings.Contains(err.Error(), "unable to authenticate"):
					authFailed.Add(1)
				case errors.Is(err, io.EOF) || strings.Contains(err.Error(), "connection reset"):
					refused.Add(1)
				default:
					other.Add(1)
					firstOther.CompareAndSwap(nil, err.Error())
				}
			}
		}()
	}
	for i := range attempts {
		work <- i
	}
	close(work)
	wg.Wait()
	took := time.Since(start)
	close(sampling)
	<-sampled

	// Another address gets in at once, with a registered key.
	client := dialFrom(t, ts, "127.0.0.2", "admin", gossh.PublicKeys(adminKey))
	if r := runExec(t, client, "whoami --json", ""); r.code != 0 || !strings.Contains(r.stdout, `"login": "admin"`) {
		t.Fatalf("whoami from 127.0.0.2: %d %s %s", r.code, r.stdout, r.stderr)
	}
	client.Close()

	st := ts.m.Server.Stats()
	runtime.GC()
	runtime.ReadMemStats(&ms)
	heapAfter := ms.HeapInuse
	t.Logf("%d attempts in %v: %d refused at the connection (server counted %d), %d failed authentication, %d other",
		attempts, took.Round(time.Millisecond), refused.Load(), st.RefusedPenalty, authFailed.Load(), other.Load())
	t.Logf("heap in use: before %.1f MiB, peak %.1f MiB, after %.1f MiB",
		float64(heapBefore)/(1<<20), float64(peak.Load())/(1<<20), float64(heapAfter)/(1<<20))
	if other.Load() > 0 {
		t.Fatalf("%d attempts ended otherwise, first: %v", other.Load(), firstOther.Load())
	}
	if refused.Load() < attempts/2 || st.RefusedPenalty < uint64(refused.Load()) || st.Penalised != 1 {
		t.Fatalf("only %d refused at the connection (server %d, %d sources paused)", refused.Load(), st.RefusedPenalty, st.Penalised)
	}
	if heapAfter > 2*heapBefore+16<<20 || peak.Load() > 4*heapBefore+64<<20 {
		t.Fatalf("heap grew: before %d, peak %d, after %d", heapBefore, peak.Load(), heapAfter)
	}
	waitUntil(t, "flood connections closed", func() bool {
		s := ts.m.Server.Stats()
		return s.Connections == 0 && s.Handshakes == 0
	})
}

// dialFrom logs in from the loopback address ip (127.0.0.0/8 is all
// loopback), as if from another machine.
func dialFrom(t *testing.T, ts *testServer, ip, login string, auth ...gossh.AuthMethod) *gossh.Client {
	t.Helper()
	c, err := dialFromErr(ts, ip, login, auth...)
	if err != nil {
		t.Fatalf("dial %s from %s: %v", login, ip, err)
	}
	return c
}

func dialFromErr(ts *testServer, ip, login string, auth ...gossh.AuthMethod) (*gossh.Client, error) {
	d := net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}, Timeout: waitTimeout}
	conn, err := d.Dial("tcp", ts.addr)
	if err != nil {
		return nil, err
	}
	cc, chans, reqs, err := gossh.NewClientConn(conn, ts.addr, ts.clientConfig(login, auth...))
	if err != nil {
		conn.Close()
		return nil, err
	}
	return gossh.NewClient(cc, chans, reqs), nil
}

// defaultFlags is the configuration `xietong serve` runs with when given no
// flags and no environment, in a test's own data directory.
func defaultFlags(t testing.TB) Config {
	t.Helper()
	c, err := parseServe(nil, func(string) string { return "" }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	c.DataDir, c.Company = "", ""
	return c
}

// --idle-timeout: a session with no key pressed is warned, then closed,
// although its screen keeps redrawing; a key press before restarts the count.
func TestIdleTimeout(t *testing.T) {
	const timeout = 2 * time.Second
	ts := startServer(t, Config{Demo: true, IdleTimeout: timeout, IdleWarning: time.Second})
	tm := ts.open("office", 100, 30, "")
	tm.waitText("今天需要你处理的事")
	const warning = "秒内无操作将断开连接"
	tm.waitText(warning)

	// A key answers the warning: it goes, and comes back a timeout later.
	keyAt := time.Now()
	tm.send("z")
	tm.waitFor("warning cleared", func(s string) bool { return !strings.Contains(s, warning) })
	tm.waitText(warning)
	// Output is not activity: a live update redraws the screen meanwhile.
	ts.postNotice("gm", model.Notice{Title: "空闲时的更新"})

	select {
	case <-tm.closed:
	case <-time.After(waitTimeout):
		t.Fatalf("idle session not closed; screen:\n%s", tm.screen())
	}
	if d := time.Since(keyAt); d < timeout {
		t.Fatalf("closed %v after the last key, before the %v timeout", d, timeout)
	}
	tm.mu.Lock()
	raw := tm.raw.String()
	tm.mu.Unlock()
	if !strings.Contains(raw, "长时间无操作，连接已断开。") {
		t.Fatalf("no closing message; screen:\n%s", tm.screen())
	}
	waitUntil(t, "idle session gone", func() bool { return ts.m.Server.Sessions() == 0 })
	if n := ts.m.Server.Stats().IdleClosed; n != 1 {
		t.Fatalf("idle closed %d", n)
	}
}

// The limits' defaults, environment and flags; the removed ones say why.
func TestLimitFlags(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	c, err := parseServe(nil, env(nil), io.Discard)
	want := sshserver.SessionLimits{Max: 1000, AdminReserve: 10, AccountTerminals: 10, AccountExecs: 20}
	if err != nil || c.Sessions != want || c.Startups != (sshserver.Startups{Start: 128, Rate: 30, Full: 512}) ||
		c.Penalties.String() != "authfail:2s,stall:10s,min:30s,max:10m" || len(c.Penalties.Exempt) != 0 ||
		c.HandshakeTimeout != 10*time.Second || c.LoginGrace != time.Minute || c.IdleTimeout != 30*time.Minute || c.ExecInputTimeout != 2*time.Minute {
		t.Fatalf("defaults: %+v, %v", c, err)
	}
	c, err = parseServe([]string{"--idle-timeout", "0", "--max-startups", "0", "--penalties", "off", "--penalty-exempt", "203.0.113.7",
		"--account-execs", "3", "--handshake-timeout", "3s"},
		env(map[string]string{"XIETONG_MAX_SESSIONS": "5", "XIETONG_IDLE_TIMEOUT": "1h", "XIETONG_LOGIN_GRACE": "2m"}), io.Discard)
	if err != nil || c.Sessions.Max != 5 || c.Sessions.AccountExecs != 3 || c.IdleTimeout != 0 || c.Startups.Full != 0 ||
		c.Penalties.String() != "off" || len(c.Penalties.Exempt) != 1 || c.HandshakeTimeout != 3*time.Second || c.LoginGrace != 2*time.Minute {
		t.Fatalf("env and flags: %+v, %v", c, err)
	}
	for _, args := range [][]string{{"--max-sessions", "-1"}, {"--idle-timeout", "5s"}, {"--max-startups", "10:30"},
		{"--penalties", "stall:x"}, {"--exec-input-timeout", "10ms"}, {"--penalty-exempt", "nowhere"}, {"--handshake-timeout", "0"}, {"--login-grace", "x"}} {
		if _, err := parseServe(args, env(nil), io.Discard); err == nil {
			t.Errorf("%v accepted", args)
		}
	}
	for _, args := range [][]string{{"--conn-rate", "20"}, {"--max-handshakes", "64"}} {
		if _, err := parseServe(args, env(nil), io.Discard); err == nil || !strings.Contains(err.Error(), "was removed") {
			t.Errorf("%v: %v", args, err)
		}
	}
	if _, err := parseServe(nil, env(map[string]string{"XIETONG_CONN_RATE": "20"}), io.Discard); err == nil || !strings.Contains(err.Error(), "--max-startups") {
		t.Errorf("XIETONG_CONN_RATE: %v", err)
	}
}

// lockedBuffer is a log destination the server writes from many goroutines.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// A client that leaves is how a session normally ends: logged at INFO with
// who it was, never as an error.
func TestDisconnectIsNotAnError(t *testing.T) {
	var logged lockedBuffer
	ts := startServerLog(t, Config{Demo: true}, slog.New(slog.NewTextHandler(&logged, nil)))
	for _, lang := range []string{"", "en_US.UTF-8"} {
		tm := ts.open("prod", 80, 24, lang)
		tm.waitFor("the home screen", func(s string) bool {
			return strings.Contains(s, "今天需要你处理的事") || strings.Contains(s, "what needs you today")
		})
		tm.close()
	}
	deadline := time.Now().Add(waitTimeout)
	for strings.Count(logged.String(), "session ended") < 2 {
		if time.Now().After(deadline) {
			t.Fatalf("no INFO line for the ended sessions:\n%s", logged.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	out := logged.String()
	if strings.Contains(out, "level=ERROR") {
		t.Fatalf("a client leaving was logged as an error:\n%s", out)
	}
	if !strings.Contains(out, `level=INFO msg="session ended" user=prod`) {
		t.Fatalf("the ended session is not logged at INFO with its user:\n%s", out)
	}
}
