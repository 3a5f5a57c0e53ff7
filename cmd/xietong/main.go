// Command xietong is the 研产销协同 server: terminal screens over SSH for
// sales, production, R&D, quality and management, kept in one bbolt file.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"xietong/cli"
	"xietong/demo"
	"xietong/i18n"
	"xietong/model"
	"xietong/sshserver"
	"xietong/store"
)

const usage = `xietong — 研产销协同 over SSH

usage:
  xietong serve [--addr :23234] [--data DIR] [--lang zh|en] [--tz ZONE]
                [--company NAME] [--holidays DATES] [--workdays DATES] [--shortfall-days N]
                [--admin-key KEY|FILE]... [--demo [--demo-now TIME]]
                [--max-sessions 1000] [--conn-rate 20] [--max-handshakes 64]
                [--idle-timeout 30m]
  xietong user list|add|disable|key add|key rm|invite ... [--data DIR]
      (offline account management while no server holds the data directory)
  xietong audit verify [--data DIR]
      (check the audit log's hash chain; exit 1 at the first broken link)
  xietong restore [--data DIR] [--force] [--lang zh|en] FILE
      (offline: put a backup taken with "ssh admin@HOST backup > FILE" in place
      once it checks out as a sound xietong database with accounts (--force:
      with none); the current data file is kept as xietong.db.bak-TIME)

Every flag has an environment equivalent: XIETONG_ADDR, XIETONG_DATA,
XIETONG_LANG, XIETONG_TZ, XIETONG_COMPANY, XIETONG_HOLIDAYS, XIETONG_WORKDAYS,
XIETONG_SHORTFALL_DAYS, XIETONG_MAX_SESSIONS, XIETONG_CONN_RATE,
XIETONG_MAX_HANDSHAKES, XIETONG_IDLE_TIMEOUT (0 turns a limit off),
XIETONG_ADMIN_KEY (keys separated by newlines), XIETONG_DEMO=1,
XIETONG_DEMO_NOW.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr, nil))
}

// run is main without os.Exit; stop, when not nil, replaces OS signals (tests).
func run(args []string, stdin io.Reader, stdout, stderr io.Writer, stop <-chan struct{}) int {
	return runAt(args, stdin, stdout, stderr, stop, time.Time{})
}

// runAt is run with the factory clock standing still at now when now is
// not zero: tests never let a server or an offline command read the wall
// clock (docs/DOMAIN.md#time).
func runAt(args []string, stdin io.Reader, stdout, stderr io.Writer, stop <-chan struct{}, now time.Time) int {
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		fmt.Fprint(stdout, usage)
		return 0
	}
	switch args[0] {
	case "serve":
		return serve(args[1:], stdout, stderr, stop, now)
	case "user", "audit":
		return offline(args, stdin, stdout, stderr, now)
	case "restore":
		return restore(args[1:], stdout, stderr, now)
	case "restore-check": // the child process of restore (restore.go)
		return restoreCheck(args[1:], stdout, stderr)
	case "loadtest":
		return runLoadtest(args[1:], stdout, stderr)
	}
	fmt.Fprintf(stderr, "xietong: unknown command %q (try xietong help)\n", args[0])
	return 2
}

// Config is the server's configuration after flags and environment.
type Config struct {
	Addr          string
	DataDir       string
	Lang          string
	TZ            string
	Company       string
	AdminKeys     []string
	ShortfallDays int
	Holidays      []model.Date
	Makeup        []model.Date
	Demo          bool
	PanicKey      string        // tests only
	ModelRelease  time.Duration // tests only: see sshserver.Config
	WriteFault    func() error  // tests only: see store.Options

	// Clock: zero Now is the real time. Otherwise the factory clock reads
	// Now at start (before the demo is seeded or anything is written) and
	// runs on from there, or stands still there when StillClock is set
	// (tests, which move it themselves).
	Now        time.Time
	StillClock bool

	// Limits; the flags give the defaults, 0 here turns a limit off.
	MaxSessions   int           // open sessions, interactive and exec
	ConnRate      float64       // new connections per second per address (burst 2×)
	MaxHandshakes int           // unauthenticated connections; 0: 64
	IdleTimeout   time.Duration // no key pressed for this long closes a session
	IdleWarning   time.Duration // warning lead before; 0: one minute (tests shorten it)
}

type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ",") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

func envOr(getenv func(string) string, key, def string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return def
}

// parseServe reads flags over environment defaults.
func parseServe(args []string, getenv func(string) string, stderr io.Writer) (Config, error) {
	var c Config
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.Addr, "addr", envOr(getenv, "XIETONG_ADDR", ":23234"), "listen address")
	fs.StringVar(&c.DataDir, "data", envOr(getenv, "XIETONG_DATA", "./xietong-data"), "data directory (xietong.db, host key)")
	fs.StringVar(&c.Lang, "lang", envOr(getenv, "XIETONG_LANG", "zh"), "default language for accounts with no preference: zh or en")
	fs.StringVar(&c.TZ, "tz", envOr(getenv, "XIETONG_TZ", "Asia/Shanghai"), "factory time zone")
	fs.StringVar(&c.Company, "company", envOr(getenv, "XIETONG_COMPANY", ""), "company name shown in the header")
	sfDays := envOr(getenv, "XIETONG_SHORTFALL_DAYS", "2")
	fs.Func("shortfall-days", "shortfall horizon in days after today (default 2)", func(v string) error { sfDays = v; return nil })
	holidays := fs.String("holidays", envOr(getenv, "XIETONG_HOLIDAYS", ""), "non-working dates, e.g. 2026-10-01,2026-10-02")
	makeup := fs.String("workdays", envOr(getenv, "XIETONG_WORKDAYS", ""), "extra working dates (make-up Sundays), same form")
	var keys multiFlag
	fs.Var(&keys, "admin-key", "public key (or file of keys) that must hold an admin account; repeatable")
	maxSessions := envOr(getenv, "XIETONG_MAX_SESSIONS", "1000")
	fs.Func("max-sessions", "cap on open sessions, interactive and exec; 0: none (default 1000)", func(v string) error { maxSessions = v; return nil })
	connRate := envOr(getenv, "XIETONG_CONN_RATE", "20")
	fs.Func("conn-rate", "new connections per second per remote address, burst twice that; 0: no limit (default 20)", func(v string) error { connRate = v; return nil })
	maxHandshakes := envOr(getenv, "XIETONG_MAX_HANDSHAKES", "64")
	fs.Func("max-handshakes", "cap on connections not yet authenticated, a quarter of it per address (default 64)", func(v string) error { maxHandshakes = v; return nil })
	idle := envOr(getenv, "XIETONG_IDLE_TIMEOUT", "30m")
	fs.Func("idle-timeout", "close a session no key was pressed in for this long, warning a minute before; 0: never (default 30m)", func(v string) error { idle = v; return nil })
	demoDefault := getenv("XIETONG_DEMO") == "1" || getenv("XIETONG_DEMO") == "true"
	fs.BoolVar(&c.Demo, "demo", demoDefault, "seed a demo factory and admit any key (never on a real network)")
	demoNow := getenv("XIETONG_DEMO_NOW")
	fs.Func("demo-now", "with --demo: start the clock at this time (RFC 3339, e.g. 2026-12-03T09:00:00+08:00); it runs on from there", func(v string) error { demoNow = v; return nil })
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	var err error
	if demoNow != "" {
		if !c.Demo {
			return c, fmt.Errorf("--demo-now needs --demo: a real server always runs on the real time")
		}
		t, perr := time.Parse(time.RFC3339, demoNow)
		if perr != nil || t.Year() < model.MinYear || t.Year() > model.MaxYear {
			return c, fmt.Errorf("--demo-now: %q is not a time such as 2026-12-03T09:00:00+08:00 (RFC 3339, years %d–%d)", demoNow, model.MinYear, model.MaxYear)
		}
		c.Now = t
	}
	if n, perr := model.ParseWhole(sfDays, 1, 31); perr != nil {
		return c, fmt.Errorf("--shortfall-days: %s", model.ErrorMessage(perr, model.LangEN))
	} else {
		c.ShortfallDays = int(n)
	}
	if c.MaxSessions, err = strconv.Atoi(maxSessions); err != nil || c.MaxSessions < 0 {
		return c, fmt.Errorf("--max-sessions: %q is not a whole number ≥ 0", maxSessions)
	}
	if c.ConnRate, err = strconv.ParseFloat(connRate, 64); err != nil || c.ConnRate < 0 || c.ConnRate > 1e6 {
		return c, fmt.Errorf("--conn-rate: %q is not a number of connections per second ≥ 0", connRate)
	}
	if c.MaxHandshakes, err = strconv.Atoi(maxHandshakes); err != nil || c.MaxHandshakes < 1 {
		return c, fmt.Errorf("--max-handshakes: %q is not a whole number ≥ 1", maxHandshakes)
	}
	if idle == "0" {
		c.IdleTimeout = 0
	} else if c.IdleTimeout, err = time.ParseDuration(idle); err != nil || c.IdleTimeout < 0 || (c.IdleTimeout > 0 && c.IdleTimeout < 10*time.Second) {
		return c, fmt.Errorf("--idle-timeout: %q is not a duration such as 30m (at least 10s, or 0 for never)", idle)
	}
	if c.Holidays, err = model.ParseDates(*holidays); err != nil {
		return c, fmt.Errorf("--holidays: %s", model.ErrorMessage(err, model.LangEN))
	}
	if c.Makeup, err = model.ParseDates(*makeup); err != nil {
		return c, fmt.Errorf("--workdays: %s", model.ErrorMessage(err, model.LangEN))
	}
	if c.Lang != model.LangZH && c.Lang != model.LangEN {
		return c, fmt.Errorf("--lang must be zh or en, not %q", c.Lang)
	}
	if env := getenv("XIETONG_ADMIN_KEY"); env != "" && len(keys) == 0 {
		keys = strings.Split(env, "\n")
	}
	for _, k := range keys {
		lines, err := readKeys(k)
		if err != nil {
			return c, err
		}
		c.AdminKeys = append(c.AdminKeys, lines...)
	}
	if c.Company == "" {
		c.Company = "xietong"
		if c.Demo {
			c.Company = demo.Company
		}
	}
	return c, nil
}

// readKeys takes a key in authorized_keys form, or a file holding such keys.
func readKeys(v string) ([]string, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return nil, nil
	}
	if strings.HasPrefix(v, "ssh-") || strings.HasPrefix(v, "ecdsa-") || strings.HasPrefix(v, "sk-") {
		return []string{v}, nil
	}
	data, err := os.ReadFile(v)
	if err != nil {
		return nil, fmt.Errorf("--admin-key %s: not a public key and not a readable file: %w", v, err)
	}
	var out []string
	for _, l := range strings.Split(string(data), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			out = append(out, l)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("--admin-key %s: the file holds no key", v)
	}
	return out, nil
}

// dbFile is the data file's name inside the data directory.
const dbFile = "xietong.db"

// Main wires the store, the services and the SSH server.
type Main struct {
	Config Config
	DB     *store.DB
	Svc    model.Services
	Clock  *model.Clock // tests move it
	Server *sshserver.Server
	Log    *slog.Logger
	ln     net.Listener
	done   chan error
}

// newClock is the factory clock of zone tz: the real time when now is zero,
// else reading now from this moment on, running or standing still.
func newClock(tz string, now time.Time, still bool) (*model.Clock, error) {
	clock, err := model.NewClock(tz)
	if err != nil {
		return nil, err
	}
	switch {
	case now.IsZero():
	case still:
		clock.Set(now)
	default:
		clock.StartAt(now)
	}
	return clock, nil
}

// openStore opens the database in dir, creating dir (0700) when missing.
func openStore(dir string, clock *model.Clock, holidays, makeup []model.Date, shortfallDays int, timeout time.Duration, writeFault func() error) (*store.DB, error) {
	cal := model.NewCalendar(clock.Loc, holidays, makeup)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	return store.Open(filepath.Join(dir, dbFile), store.Options{Clock: clock, Calendar: cal, Feed: model.NewFeed(), Timeout: timeout,
		ShortfallDays: shortfallDays, WriteFault: writeFault})
}

// Run opens everything and starts accepting connections.
func (m *Main) Run(ctx context.Context) error {
	c := m.Config
	if m.Log == nil {
		m.Log = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	clock, err := newClock(c.TZ, c.Now, c.StillClock)
	if err != nil {
		return err
	}
	if err := checkModes(c.DataDir); err != nil {
		return err
	}
	db, err := openStore(c.DataDir, clock, c.Holidays, c.Makeup, c.ShortfallDays, time.Second, c.WriteFault)
	if err != nil {
		return err
	}
	m.DB = db
	m.Svc = db.Services()
	m.Clock = clock
	if c.Demo {
		sum, err := demo.SeedWith(ctx, m.Svc, demo.Options{History: true})
		if err != nil {
			return err
		}
		if sum.Seeded {
			m.Log.Info("demo factory seeded", "company", demo.Company, "from", sum.From.String(), "orders", sum.Orders,
				"lines", sum.Lines, "shipments", sum.Shipments, "reports", sum.Reports, "took", sum.Took.Round(time.Millisecond))
		}
	}
	// The month's coordination meeting exists from the day the server runs
	// in that month (the meetings screen makes sure of it too).
	if _, err := m.Svc.Meetings.EnsureMonthly(ctx, model.MonthOf(m.Svc.Calendar.DateOf(m.Svc.Clock.Now()))); err != nil {
		return fmt.Errorf("monthly meeting: %w", err)
	}
	for _, k := range c.AdminKeys {
		u, err := m.Svc.Users.EnsureAdminKey(ctx, k)
		if err != nil {
			return fmt.Errorf("--admin-key: %w", err)
		}
		m.Log.Info("admin key ensured", "login", u.Login)
	}
	srv, err := sshserver.New(sshserver.Config{
		Addr: c.Addr, DataDir: c.DataDir, Lang: c.Lang, Company: c.Company,
		Demo: c.Demo, DemoLogins: demo.Logins(), Logger: m.Log, PanicKey: c.PanicKey,
		MaxSessions: c.MaxSessions, ConnRate: c.ConnRate, MaxHandshakes: c.MaxHandshakes,
		IdleTimeout: c.IdleTimeout, IdleWarning: c.IdleWarning, ModelRelease: c.ModelRelease,
		DBPath: filepath.Join(c.DataDir, dbFile), Backup: db.WriteTo,
	}, m.Svc)
	if err != nil {
		return err
	}
	m.Server = srv
	ln, err := net.Listen("tcp", c.Addr)
	if err != nil {
		return err
	}
	m.ln = ln
	m.done = make(chan error, 1)
	go func() { m.done <- srv.Serve(ln) }()
	return nil
}

// Addr is the address the server listens on.
func (m *Main) Addr() string { return m.ln.Addr().String() }

// Close stops the server (telling open sessions) and closes the database.
// It is safe to call more than once.
func (m *Main) Close() error {
	var errs []error
	if m.Server != nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		errs = append(errs, m.Server.Shutdown(ctx))
		cancel()
		// Serve may not have taken the listener yet; closing it here makes
		// sure it returns either way.
		if m.ln != nil {
			_ = m.ln.Close()
		}
		if m.done != nil {
			<-m.done
		}
		m.Server = nil
	}
	if m.DB != nil {
		errs = append(errs, m.DB.Close())
		m.DB = nil
	}
	return errors.Join(errs...)
}

func serve(args []string, stdout, stderr io.Writer, stop <-chan struct{}, now time.Time) int {
	cfg, err := parseServe(args, os.Getenv, stderr)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		fmt.Fprintln(stderr, "xietong:", err)
		return 2
	}
	if !now.IsZero() && cfg.Now.IsZero() {
		cfg.Now, cfg.StillClock = now, true
	}
	if cfg.PanicKey == "" {
		cfg.PanicKey = os.Getenv("XIETONG_TEST_PANIC_KEY")
	}
	m := &Main{Config: cfg, Log: slog.New(slog.NewTextHandler(stderr, nil))}
	if err := m.Run(context.Background()); err != nil {
		// A refusal of ours (an unsafe mode) in the server's language;
		// anything else as it is.
		if e, ok := err.(*model.Error); ok {
			fmt.Fprintln(stderr, "xietong: "+oneLine(i18n.T(cfg.Lang, "serve.refused", e.In(cfg.Lang))))
		} else {
			fmt.Fprintln(stderr, "xietong:", err)
		}
		m.Close()
		return 1
	}
	fmt.Fprintf(stdout, "xietong listening on %s (host key %s)\n", m.Addr(), m.Server.HostKeyFingerprint())
	if cfg.Demo {
		fmt.Fprintln(stdout, "WARNING: demo mode: any key is accepted and the SSH user name picks the account. Never expose it to a network.")
		if !cfg.Now.IsZero() && !cfg.StillClock {
			fmt.Fprintf(stdout, "Demo clock: started at %s (%s) and runs on from there.\n", cfg.Now.In(m.Clock.Loc).Format("2006-01-02 15:04 Mon"), m.Clock.Loc)
		}
		fmt.Fprintln(stdout, "Connect as any demo login:")
		for _, p := range demo.People {
			fmt.Fprintf(stdout, "  %-36s # %s\n", sshserver.ConnectLine(m.Addr(), p.Login), p.Name)
		}
		fmt.Fprintf(stdout, "Exec commands work too: %s whoami --json\n", sshserver.ConnectLine(m.Addr(), "sales"))
	} else {
		fmt.Fprintf(stdout, "Connect: %s\n", sshserver.ConnectLine(m.Addr(), "LOGIN"))
	}
	if stop == nil {
		sig := make(chan os.Signal, 1)
		signal.Notify(sig, syscall.SIGINT, syscall.SIGTERM)
		ch := make(chan struct{})
		go func() { <-sig; close(ch) }()
		stop = ch
	}
	<-stop
	fmt.Fprintln(stdout, "xietong stopping")
	if err := m.Close(); err != nil {
		fmt.Fprintln(stderr, "xietong: stop:", err)
		return 1
	}
	fmt.Fprintln(stdout, "xietong stopped")
	return 0
}

// dataFlag takes --data DIR (or --data=DIR) out of args; the directory
// defaults to XIETONG_DATA, else ./xietong-data.
func dataFlag(args []string) (dir string, rest []string) {
	dir = envOr(os.Getenv, "XIETONG_DATA", "./xietong-data")
	for i := 0; i < len(args); i++ {
		switch {
		case args[i] == "--data" && i+1 < len(args):
			dir = args[i+1]
			i++
		case strings.HasPrefix(args[i], "--data="):
			dir = strings.TrimPrefix(args[i], "--data=")
		default:
			rest = append(rest, args[i])
		}
	}
	return dir, rest
}

// offline runs `xietong user ...` against the data directory directly.
func offline(args []string, stdin io.Reader, stdout, stderr io.Writer, now time.Time) int {
	tz := envOr(os.Getenv, "XIETONG_TZ", "Asia/Shanghai")
	dir, rest := dataFlag(args)
	if _, err := os.Stat(filepath.Join(dir, dbFile)); err != nil {
		fmt.Fprintf(stderr, "xietong: no database in %s (start the server once, or pass --data DIR)\n", dir)
		return 1
	}
	clock, err := newClock(tz, now, true)
	if err != nil {
		fmt.Fprintln(stderr, "xietong:", err)
		return 1
	}
	db, err := openStore(dir, clock, nil, nil, 0, 500*time.Millisecond, nil)
	if err != nil {
		if errors.Is(err, store.ErrInUse) {
			fmt.Fprintf(stderr, "xietong: %v (%s); while the server runs use: ssh -p PORT admin@HOST %s\n", err, dir, strings.Join(args, " "))
		} else {
			fmt.Fprintln(stderr, "xietong:", err)
		}
		return 1
	}
	defer db.Close()
	svc := db.Services()
	svc.Clock = clock
	env := &cli.Env{Svc: svc, Lang: model.LangEN, Stdin: stdin, Stdout: stdout, Stderr: stderr,
		Log: slog.New(slog.NewTextHandler(stderr, nil))}
	return cli.Run(context.Background(), env, rest)
}
