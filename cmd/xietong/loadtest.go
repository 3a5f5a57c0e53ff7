package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"time"

	"xietong/demo"
	"xietong/loadtest"
)

const loadtestUsage = `usage: xietong loadtest --addr HOST:PORT [--sessions N] [--rate 2s] [--duration 30s]
                        [--login prod|demo|a,b,...] [--keys down,up] [--section 3]
                        [--concurrency 25] [--connect-rate N] [--idle-wait 10s]
                        [--writes-per-second N] [--write-kind anomaly|order|notice|mixed]
                        [--effect-sessions 50]
                        [--json] [--pid PID] [--serve-demo] [--cpuprofile FILE] [--memprofile FILE]
       xietong loadtest seed --data DIR --lines N [--days 730] [--now TIME]

Opens N interactive SSH sessions (loopback only) to a running server, presses
a navigation key in each every --rate, and reports connect → first frame,
keystroke → screen change, keystroke → selected row moved (in the first
--effect-sessions sessions, through a terminal emulator), bytes per
keystroke, failed sessions, the server's CPU over the keys (with --pid) and
its memory (admin exec "stats --json" and "stats --json --gc", or /proc/PID
with --pid), read before the sessions, once they are open, after the keys,
and after they then sat idle for --idle-wait (per idle session comes from
that reading).

With --writes-per-second, a writer beside the keys runs one exec command per
write over its own connections (anomaly file as shop, orders import as sales,
notices post as office), each carrying a token XLT+6 digits, and reports
write → ack and ack → the sessions showing the token.

Many sessions of one login need the per-account cap lifted:
  xietong serve --demo --account-terminals 0 --max-sessions 2000 ...

"loadtest seed" fills a data directory (no server may hold it) with the demo
factory and N order lines through the real services, spread over the past
--days days; serve it with "xietong serve --demo --data DIR".
`

// runLoadtest is `xietong loadtest`.
func runLoadtest(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "seed" {
		return runLoadSeed(args[1:], stdout, stderr, time.Time{})
	}
	fs := flag.NewFlagSet("loadtest", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, loadtestUsage); fs.PrintDefaults() }
	addr := fs.String("addr", "127.0.0.1:23234", "server address (loopback only)")
	sessions := fs.Int("sessions", 10, "interactive sessions to open")
	rate := fs.Duration("rate", 2*time.Second, "one navigation key per session this often")
	jitter := fs.Float64("jitter", 0.2, "each wait is rate·(1±jitter)")
	duration := fs.Duration("duration", 30*time.Second, "length of the keystroke phase")
	logins := fs.String("login", "prod", `SSH login(s), comma-separated and used in turn; "demo": every demo login but admin`)
	keys := fs.String("keys", "down,up", "navigation keys used in turn: single characters or up, down, pgup, pgdown, tab, enter, ...")
	section := fs.String("section", "3", `key pressed once after the first frame ("" none; 3 opens the reply queue); a list such as 3,1,2 gives the sessions each one in turn`)
	width := fs.Int("width", 120, "PTY columns")
	height := fs.Int("height", 40, "PTY rows")
	markers := fs.String("marker", "协同,"+demo.Company+",xietong", "comma-separated texts of which any marks the first frame")
	conc := fs.Int("concurrency", 25, "sessions connecting at once")
	connRate := fs.Float64("connect-rate", 0, "new connections per second (0: as fast as --concurrency allows)")
	connTimeout := fs.Duration("connect-timeout", 30*time.Second, "bound on one session's connect → first frame")
	statsLogin := fs.String("stats-login", "admin", `login that runs "stats --json --gc" ("" skips)`)
	idleWait := fs.Duration("idle-wait", loadtest.DefaultIdleWait, "after the keys, how long the sessions sit without keys before their memory is read as idle (negative: not at all)")
	pid := fs.Int("pid", 0, "local server pid whose RSS and CPU time are read from /proc")
	writes := fs.Float64("writes-per-second", 0, fmt.Sprintf("writes beside the keys, per second (0: none, at most %d)", loadtest.MaxWritesPerSecond))
	writeKind := fs.String("write-kind", loadtest.WriteMixed, "what each write is: "+strings.Join(loadtest.WriteKinds, ", ")+" (mixed: the three in turn)")
	anomalyLogin := fs.String("anomaly-login", "shop", "login that files the anomaly writes")
	orderLogin := fs.String("order-login", "sales", "login that imports the order writes")
	noticeLogin := fs.String("notice-login", "office", "login that posts the notice writes")
	effect := fs.Int("effect-sessions", 50, "sessions (at most --sessions) that also time keystroke → selected row moved through a terminal emulator")
	asJSON := fs.Bool("json", false, "print the report as JSON")
	serveDemo := fs.Bool("serve-demo", false, "start a demo server in this process (temp data) and load it; --addr is ignored (the SSH library logs each ended session to stderr)")
	memprofile := fs.String("memprofile", "", "write a heap profile of this process once the sessions are open (with --serve-demo: the server's sessions) to FILE")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of this process (with --serve-demo: server and client) to FILE")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "xietong loadtest: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	cfg := loadtest.Config{Addr: *addr, Sessions: *sessions, Rate: *rate, Jitter: *jitter, Duration: *duration,
		Section: *section, Width: *width, Height: *height, ConnectConcurrency: *conc, ConnectRate: *connRate, ConnectTimeout: *connTimeout,
		StatsLogin: *statsLogin, ServerPID: *pid, IdleWait: *idleWait, Log: stderr,
		WritesPerSecond: *writes, WriteKind: *writeKind, EffectSessions: min(*effect, max(*sessions, 0)),
		WriteLogins: loadtest.WriteLogins{Anomaly: *anomalyLogin, Order: *orderLogin, Notice: *noticeLogin}}
	if *logins == "demo" {
		for _, l := range demo.Logins() {
			if l != "admin" {
				cfg.Logins = append(cfg.Logins, l)
			}
		}
	} else {
		cfg.Logins = splitList(*logins)
	}
	cfg.Markers = splitList(*markers)
	var err error
	if cfg.Keys, err = loadtest.ParseKeys(*keys); err != nil {
		fmt.Fprintln(stderr, "xietong loadtest: --keys:", err)
		return 2
	}
	switch {
	case *writes < 0 || *writes > loadtest.MaxWritesPerSecond:
		fmt.Fprintf(stderr, "xietong loadtest: --writes-per-second must be 0 to %d, not %g\n", loadtest.MaxWritesPerSecond, *writes)
		return 2
	case !slices.Contains(loadtest.WriteKinds, *writeKind):
		fmt.Fprintf(stderr, "xietong loadtest: --write-kind must be one of %s, not %q\n", strings.Join(loadtest.WriteKinds, ", "), *writeKind)
		return 2
	case *effect < 0:
		fmt.Fprintf(stderr, "xietong loadtest: --effect-sessions must not be negative\n")
		return 2
	}
	if err := loadtest.CheckLoopback(cfg.Addr); err != nil && !*serveDemo {
		fmt.Fprintln(stderr, "xietong loadtest:", err)
		return 2
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if *serveDemo {
		dir, err := os.MkdirTemp("", "xietong-loadtest-")
		if err != nil {
			fmt.Fprintln(stderr, "xietong loadtest:", err)
			return 1
		}
		defer os.RemoveAll(dir)
		m := &Main{Config: Config{Addr: "127.0.0.1:0", DataDir: dir, Lang: "zh", TZ: "Asia/Shanghai",
			Company: demo.Company, Demo: true, IdleTimeout: 30 * time.Minute}, Log: slog.New(slog.DiscardHandler)}
		if err := m.Run(ctx); err != nil {
			m.Close()
			fmt.Fprintln(stderr, "xietong loadtest: demo server:", err)
			return 1
		}
		defer m.Close()
		cfg.Addr = m.Addr()
		if cfg.ServerPID == 0 {
			cfg.ServerPID = os.Getpid() // client and server together
			cfg.ServerInProcess = true
		}
	}
	if *cpuprofile != "" {
		f, err := os.Create(*cpuprofile)
		if err != nil {
			fmt.Fprintln(stderr, "xietong loadtest:", err)
			return 1
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(stderr, "xietong loadtest:", err)
			return 1
		}
		defer pprof.StopCPUProfile()
	}
	if *memprofile != "" {
		cfg.OnConnected = func() {
			f, err := os.Create(*memprofile)
			if err != nil {
				fmt.Fprintln(stderr, "xietong loadtest:", err)
				return
			}
			defer f.Close()
			runtime.GC()
			if err := pprof.WriteHeapProfile(f); err != nil {
				fmt.Fprintln(stderr, "xietong loadtest:", err)
			}
		}
	}
	rep, err := loadtest.Run(ctx, cfg)
	if err != nil {
		fmt.Fprintln(stderr, "xietong loadtest:", err)
		return 2
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			fmt.Fprintln(stderr, "xietong loadtest:", err)
			return 1
		}
	} else {
		rep.WriteText(stdout)
	}
	if rep.Failed > 0 {
		return 1
	}
	return 0
}

func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}
