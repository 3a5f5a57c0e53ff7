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
	"runtime/debug"
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
                [--max-sessions 1000] [--admin-reserve 10]
                [--account-terminals 10] [--account-execs 20] [--idle-timeout 30m]
                [--exec-input-timeout 2m]
                [--max-startups 128:30:512] [--penalties authfail:2s,stall:10s,min:30s,max:10m]
                [--penalty-exempt ADDRS] [--handshake-timeout 10s] [--login-grace 1m]
  xietong user list|add|disable|key add|key rm|invite ... [--data DIR]
      (offline account management while no server holds the data directory)
  xietong audit verify [--data DIR]
      (check the audit log's hash chain; exit 1 at the first broken link)
  xietong restore [--data DIR] [--force] [--lang zh|en] FILE
      (offline: put a backup taken with "ssh admin@HOST backup > FILE" in place
      once it checks out as a sound xietong database with accounts (--force:
      with none); the current data file is kept as xietong.db.bak-TIME)
  xietong keys --md [--lang zh|en]
      (the keys table of the README, read from the screens' own help)

Every flag has an environment equivalent: XIETONG_ADDR, XIETONG_DATA,
XIETONG_LANG, XIETONG_TZ, XIETONG_COMPANY, XIETONG_HOLIDAYS, XIETONG_WORKDAYS,
XIETONG_SHORTFALL_DAYS, XIETONG_MAX_SESSIONS, XIETONG_ADMIN_RESERVE,
XIETONG_ACCOUNT_TERMINALS, XIETONG_ACCOUNT_EXECS, XIETONG_IDLE_TIMEOUT,
XIETONG_EXEC_INPUT_TIMEOUT,
XIETONG_MAX_STARTUPS, XIETONG_PENALTIES (0 turns a limit off),
XIETONG_PENALTY_EXEMPT, XIETONG_HANDSHAKE_TIMEOUT, XIETONG_LOGIN_GRACE,
XIETONG_ADMIN_KEY (keys separated by newlines), XIETONG_DEMO=1,
XIETONG_DEMO_NOW.
`

func main() {
	if len(os.Args) > 1 && os.Args[1] == "serve" && os.Getenv("GOGC") == "" {
		// A server's garbage is mostly frames drawn for its sessions: with
		// the collector running at twice the heap instead of once, 500
		// sessions under 10 writes a second spent 0.86–0.99 of a core
		// rather than 1.01–1.08, and keys waited less behind its assists
		// (docs/PERFORMANCE.md). GOGC, when set, still decides.
		debug.SetGCPercent(serveGCPercent)
	}
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr, nil))
}

// serveGCPercent is the collector's target for a server (see main).
const serveGCPercent = 200

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
	case "keys":
		return keysTable(args[1:], stdout, stderr)
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

	// Limits (sshserver/limits.go, sshserver/sessions.go); the flags give
	// the defaults, zero here turns a limit off (a zero deadline is
	// sshserver's default).
	Sessions         sshserver.SessionLimits
	Startups         sshserver.Startups
	Penalties        sshserver.Penalties
	HandshakeTimeout time.Duration
	LoginGrace       time.Duration
	IdleTimeout      time.Duration // no key pressed (no byte in or out, for a command) for this long closes a session
	IdleWarning      time.Duration // warning lead before; 0: one minute (tests shorten it)
	ExecInputTimeout time.Duration // a command waiting this long for input that does not come is stopped
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
	lims := limitFlags()
	limits := make([]string, len(lims))
	for i, l := range lims {
		limits[i] = envOr(getenv, l.env, l.def)
		fs.Func(l.name, l.usage+" (default "+l.def+")", func(v string) error { limits[i] = v; return nil })
	}
	for _, r := range removedFlags() {
		fs.Func(r.name, "removed: "+r.why, func(string) error { return fmt.Errorf("--%s was removed: %s", r.name, r.why) })
	}
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
	for _, r := range removedFlags() {
		if getenv(r.env) != "" {
			return c, fmt.Errorf("%s was removed: %s", r.env, r.why)
		}
	}
	for i, l := range lims {
		if err := l.set(&c, limits[i]); err != nil {
			return c, fmt.Errorf("--%s: %v", l.name, err)
		}
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

// limitFlag is a serve flag of the limits, with its environment variable
// and default.
type limitFlag struct {
	name, env, def, usage string
	set                   func(c *Config, v string) error
}

// limitFlags is the one table of the limits' flags: their usage, defaults
// and checks.
func limitFlags() []limitFlag {
	return []limitFlag{
		{"max-sessions", "XIETONG_MAX_SESSIONS", strconv.Itoa(sshserver.DefaultMaxSessions),
			"cap on open sessions, terminal and exec; 0: none", wholeNumber(func(c *Config) *int { return &c.Sessions.Max })},
		{"admin-reserve", "XIETONG_ADMIN_RESERVE", strconv.Itoa(sshserver.DefaultAdminReserve),
			"sessions of --max-sessions only administrators may take", wholeNumber(func(c *Config) *int { return &c.Sessions.AdminReserve })},
		{"account-terminals", "XIETONG_ACCOUNT_TERMINALS", strconv.Itoa(sshserver.DefaultAccountTerminals),
			"terminal sessions one account may have open; 0: no cap", wholeNumber(func(c *Config) *int { return &c.Sessions.AccountTerminals })},
		{"account-execs", "XIETONG_ACCOUNT_EXECS", strconv.Itoa(sshserver.DefaultAccountExecs),
			"exec commands one account may have running; 0: no cap", wholeNumber(func(c *Config) *int { return &c.Sessions.AccountExecs })},
		{"idle-timeout", "XIETONG_IDLE_TIMEOUT", "30m",
			"close a terminal no key was pressed in for this long (warning a minute before), and a command that read and wrote nothing for this long; 0: never",
			func(c *Config, v string) error {
				d, err := time.ParseDuration(v)
				if v == "0" {
					d, err = 0, nil
				}
				if err != nil || d < 0 || (d > 0 && d < 10*time.Second) {
					return fmt.Errorf("%q is not a duration such as 30m (at least 10s, or 0 for never)", v)
				}
				c.IdleTimeout = d
				return nil
			}},
		{"exec-input-timeout", "XIETONG_EXEC_INPUT_TIMEOUT", sshserver.DefaultExecInputTimeout.String(),
			"stop a command that has waited this long for input that does not come (such as an import given no file); 0: never",
			func(c *Config, v string) error {
				d, err := time.ParseDuration(v)
				if v == "0" {
					d, err = 0, nil
				}
				if err != nil || d < 0 || (d > 0 && d < time.Second) {
					return fmt.Errorf("%q is not a duration such as 2m (at least 1s, or 0 for never)", v)
				}
				c.ExecInputTimeout = d
				return nil
			}},
		{"max-startups", "XIETONG_MAX_STARTUPS", sshserver.DefaultStartups,
			"connections not yet logged in, start:rate:full as OpenSSH's MaxStartups: from start on, rate % of new ones are refused, rising to all at full; 0: no cap",
			func(c *Config, v string) (err error) { c.Startups, err = sshserver.ParseStartups(v); return err }},
		{"penalties", "XIETONG_PENALTIES", sshserver.DefaultPenalties,
			"what a source address owes for a connection that failed to log in (authfail) or stalled (stall); it is refused while it owes more than min; off: none",
			func(c *Config, v string) (err error) { c.Penalties, err = sshserver.ParsePenalties(v); return err }},
		// After --penalties, which sets the penalties whole.
		{"penalty-exempt", "XIETONG_PENALTY_EXEMPT", "",
			"addresses and prefixes never penalised, e.g. the factory's NAT address 203.0.113.7,10.0.0.0/8",
			func(c *Config, v string) (err error) {
				c.Penalties.Exempt, err = sshserver.ParsePrefixes(v)
				return err
			}},
		{"handshake-timeout", "XIETONG_HANDSHAKE_TIMEOUT", sshserver.DefaultHandshakeTimeout.String(),
			"close a connection that has not finished the SSH key exchange this long after connecting", positiveDuration(func(c *Config) *time.Duration { return &c.HandshakeTimeout })},
		{"login-grace", "XIETONG_LOGIN_GRACE", sshserver.DefaultLoginGrace.String(),
			"close a connection that has not logged in this long after connecting (time to type a passphrase or an invitation code)", positiveDuration(func(c *Config) *time.Duration { return &c.LoginGrace })},
	}
}

// removedFlags are limits that no longer exist, refused with the reason.
func removedFlags() []struct{ name, env, why string } {
	return []struct{ name, env, why string }{
		{"conn-rate", "XIETONG_CONN_RATE", "connecting is no longer limited per address (people behind one NAT address); see --max-startups and --penalties"},
		{"max-handshakes", "XIETONG_MAX_HANDSHAKES", "use --max-startups (no share per address any more)"},
	}
}

func wholeNumber(field func(*Config) *int) func(*Config, string) error {
	return func(c *Config, v string) error {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return fmt.Errorf("%q is not a whole number ≥ 0", v)
		}
		*field(c) = n
		return nil
	}
}

func positiveDuration(field func(*Config) *time.Duration) func(*Config, string) error {
	return func(c *Config, v string) error {
		d, err := time.ParseDuration(v)
		if err != nil || d < time.Second {
			return fmt.Errorf("%q is not a duration such as 10s (at least 1s)", v)
		}
		*field(c) = d
		return nil
	}
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
	// sweeping ends the minute sweep (Sweep) and reports when it has.
	stopSweep, swept chan struct{}
}

// sweepEvery is how often the server looks at the clocks that run out
// without anyone doing anything (Sweep).
const sweepEvery = time.Minute

// Sweep acts on the clocks that run out while nobody does anything: a
// project request the general manager has not decided by its due time is
// escalated to the general manager, the office and the filer; a campaign
// item production took on and has not done by its date is escalated to
// both department heads and the general manager; and the ledger's rules
// draft an entry for each new finding in the records. The server runs it
// before it listens and then every sweepEvery; tests call it after moving
// the clock.
func (m *Main) Sweep(ctx context.Context) {
	if n, err := m.Svc.Projects.EscalateProjects(ctx); err != nil {
		m.Log.Error("project escalation", "err", err)
	} else if n > 0 {
		m.Log.Info("project decisions escalated", "projects", n)
	}
	if n, err := m.Svc.Campaigns.EscalateCampaigns(ctx); err != nil {
		m.Log.Error("campaign escalation", "err", err)
	} else if n > 0 {
		m.Log.Info("campaign items escalated", "items", n)
	}
	if n, err := m.Svc.Ledger.DraftRuleEntries(ctx); err != nil {
		m.Log.Error("ledger rules", "err", err)
	} else if n > 0 {
		m.Log.Info("ledger entries drafted by rule", "entries", n)
	}
}

func (m *Main) sweepLoop() {
	defer close(m.swept)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	t := time.NewTicker(sweepEvery)
	defer t.Stop()
	for {
		select {
		case <-m.stopSweep:
			return
		case <-t.C:
			m.Sweep(ctx)
		}
	}
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
		Sessions: c.Sessions, Startups: c.Startups, Penalties: c.Penalties,
		HandshakeTimeout: c.HandshakeTimeout, LoginGrace: c.LoginGrace,
		IdleTimeout: c.IdleTimeout, IdleWarning: c.IdleWarning, ExecInputTimeout: c.ExecInputTimeout, ModelRelease: c.ModelRelease,
		DBPath: filepath.Join(c.DataDir, dbFile), Backup: db.WriteTo,
	}, m.Svc)
	if err != nil {
		return err
	}
	m.Server = srv
	m.Sweep(ctx) // what ran out while the server was down, before anyone logs in
	ln, err := net.Listen("tcp", c.Addr)
	if err != nil {
		return err
	}
	m.ln = ln
	m.done = make(chan error, 1)
	go func() { m.done <- srv.Serve(ln) }()
	m.stopSweep, m.swept = make(chan struct{}), make(chan struct{})
	go m.sweepLoop()
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
	if m.stopSweep != nil {
		close(m.stopSweep)
		<-m.swept
		m.stopSweep = nil
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
