// Package sshserver serves xietong over SSH: host key, public-key auth with
// invitations, one Bubble Tea program per interactive session, and exec
// commands that share the model services with the screens.
package sshserver

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/ssh"
	"charm.land/wish/v2"
	bm "charm.land/wish/v2/bubbletea"
	gossh "golang.org/x/crypto/ssh"

	"xietong/cli"
	"xietong/i18n"
	"xietong/model"
	"xietong/tui"
	"xietong/tui/kit"
)

// Config of the SSH server.
type Config struct {
	Addr    string
	DataDir string // holds the host key
	Lang    string // default UI language for accounts with no preference
	Company string
	// Demo admits any key and picks the account by the SSH user name.
	Demo bool
	// DemoLogins lists the demo accounts (for the message to unknown names).
	DemoLogins []string
	Logger     *slog.Logger
	// PanicKey is a test hook: that key panics inside one session's Update.
	PanicKey string

	// Admission before login (limits.go): the cap on unauthenticated
	// connections (zero: none), the penalties of sources that fail to log in
	// or stall (zero: none), and the deadlines for the key exchange and for
	// logging in (zero: DefaultHandshakeTimeout, DefaultLoginGrace).
	Startups         Startups
	Penalties        Penalties
	HandshakeTimeout time.Duration
	LoginGrace       time.Duration
	// Sessions open at once (sessions.go); zero turns a limit off.
	Sessions SessionLimits
	// IdleTimeout closes an interactive session no key was pressed in for
	// that long, warning it IdleWarning before (0: DefaultIdleWarning, at
	// most half the timeout), and an exec session that read and wrote
	// nothing for that long; 0: never.
	IdleTimeout time.Duration
	IdleWarning time.Duration
	// ExecInputTimeout stops an exec command that has waited this long for
	// input that did not come (exec.go); 0: never.
	ExecInputTimeout time.Duration
	// ModelRelease is how long a session must go without a key before the
	// renderer lets go of its copy of the screen, rebuilding it for each
	// frame after that (0: DefaultModelRelease; negative: never).
	ModelRelease time.Duration

	// DBPath is the data file whose size `stats` reports.
	DBPath string
	// Backup writes a consistent copy of the data file (the `backup` command).
	Backup func(w io.Writer) (int64, error)
}

// Server is a running xietong SSH server.
type Server struct {
	cfg    Config
	svc    model.Services
	srv    *ssh.Server
	log    *slog.Logger
	hostFP string

	adm      *admission
	sessions *sessionTable
	decoys   decoys
	started  time.Time
	execs    atomic.Int64  // open exec sessions
	idled    atomic.Uint64 // sessions closed for inactivity

	stopping atomic.Bool
	mu       sync.Mutex
	programs map[*tea.Program]struct{}
	wg       sync.WaitGroup
	// tables keeps the table rows the sessions draw, shared by all of them.
	tables kit.TableCache
	// live holds a token for each session taking committed changes (see
	// deliver).
	live chan struct{}
}

// New prepares a server; call Serve to accept connections.
func New(cfg Config, svc model.Services) (*Server, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	s := &Server{cfg: cfg, svc: svc, log: cfg.Logger, programs: map[*tea.Program]struct{}{}, live: make(chan struct{}, liveSlots),
		adm:      newAdmission(cfg.Startups, cfg.Penalties, cfg.HandshakeTimeout, cfg.LoginGrace, cfg.Logger),
		sessions: newSessionTable(cfg.Sessions), started: time.Now()}
	_, pemBytes, err := LoadOrCreateHostKey(filepath.Join(cfg.DataDir, HostKeyFile))
	if err != nil {
		return nil, err
	}
	signer, _ := gossh.ParsePrivateKey(pemBytes)
	s.hostFP = gossh.FingerprintSHA256(signer.PublicKey())
	srv, err := wish.NewServer(
		wish.WithAddress(cfg.Addr),
		wish.WithHostKeyPEM(pemBytes),
		wish.WithVersion("xietong"),
		wish.WithMiddleware(s.middleware),
	)
	if err != nil {
		return nil, err
	}
	srv.ServerConfigCallback = s.authConfig
	// Refused connections are closed before the SSH version exchange; the
	// admission's own timers bound the handshake and the login.
	srv.ConnCallback = s.adm.connCallback
	srv.ChannelHandlers = map[string]ssh.ChannelHandler{"session": s.sessionChannel}
	srv.ConnectionFailedCallback = func(conn net.Conn, err error) {
		s.log.Debug("connection failed", "remote", conn.RemoteAddr().String(), "err", err)
	}
	s.srv = srv
	return s, nil
}

// HostKeyFingerprint is the SHA256 fingerprint clients see.
func (s *Server) HostKeyFingerprint() string { return s.hostFP }

// Serve accepts connections on ln until Shutdown.
func (s *Server) Serve(ln net.Listener) error {
	err := s.srv.Serve(ln)
	if errors.Is(err, ssh.ErrServerClosed) || errors.Is(err, net.ErrClosed) {
		return nil
	}
	return err
}

// Sessions returns how many interactive sessions are open.
func (s *Server) Sessions() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.programs)
}

// Stats are the server's counts for the `stats` command.
func (s *Server) Stats() cli.ServerStats {
	_, busy, account := s.sessions.counts()
	st := cli.ServerStats{
		Sessions:        s.Sessions(),
		ExecSessions:    int(s.execs.Load()),
		Connections:     int(s.adm.conns.Load()),
		Handshakes:      s.adm.handshakes(),
		RefusedStartups: s.adm.refusedStartups.Load(),
		RefusedPenalty:  s.adm.refusedPenalty.Load(),
		Penalised:       s.adm.penalised(),
		Stalled:         s.adm.stalled.Load(),
		RefusedBusy:     busy,
		RefusedAccount:  account,
		IdleClosed:      s.idled.Load(),
		MaxSessions:     s.cfg.Sessions.Max,
		Started:         s.started,
		DBPath:          s.cfg.DBPath,
	}
	if s.svc.Feed != nil {
		st.FeedSubscriber = s.svc.Feed.Subscribers()
	}
	return st
}

// Shutdown tells every open session the server is stopping, gives them a
// moment to say so on screen, then closes all connections.
func (s *Server) Shutdown(ctx context.Context) error {
	s.stopping.Store(true)
	s.mu.Lock()
	progs := make([]*tea.Program, 0, len(s.programs))
	for p := range s.programs {
		progs = append(progs, p)
	}
	s.mu.Unlock()
	for _, p := range progs {
		go p.Send(tui.StoppingMsg{})
	}
	done := make(chan struct{})
	go func() { s.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
	case <-time.After(3 * time.Second):
	}
	return s.srv.Close()
}

// resolveUser finds the account of an authenticated session and the key it
// logged in with ("" in demo mode).
func (s *Server) resolveUser(sess ssh.Session) (u *model.User, fp, refusal string) {
	ctx := sess.Context()
	if s.cfg.Demo {
		u, err := s.svc.Users.User(ctx, sess.User())
		if model.IsFault(err) {
			return nil, "", s.loginFault(err, sess.User())
		}
		if err != nil || u.Disabled {
			return nil, "", i18n.T(i18n.ZH, "auth.demo_unknown", sess.User(), strings.Join(s.cfg.DemoLogins, ", ")) + "\n" +
				i18n.T(i18n.EN, "auth.demo_unknown", sess.User(), strings.Join(s.cfg.DemoLogins, ", "))
		}
		return u, "", ""
	}
	perms := ctx.Permissions()
	if perms == nil || perms.Permissions == nil {
		return nil, "", "permission denied"
	}
	login, fp := perms.Extensions[extLogin], perms.Extensions[extFP]
	u, err := s.svc.Users.User(ctx, login)
	if model.IsFault(err) {
		return nil, "", s.loginFault(err, login)
	}
	if login == "" || err != nil || !u.HasKey(fp) {
		return nil, "", "permission denied"
	}
	if u.Disabled {
		return nil, "", strings.TrimSpace(bilingual("auth.disabled", u.Login))
	}
	return u, fp, ""
}

// loginFault logs a fault met reading the account of a session and
// returns what the person is told: the fault with its id, in both
// languages (the account's is not known), rather than "permission denied".
func (s *Server) loginFault(err error, login string) string {
	err = model.Fault(s.log, err, "user", login, "via", "login")
	return model.ErrorMessage(err, i18n.ZH) + "\n" + model.ErrorMessage(err, i18n.EN)
}

// sessionLang picks the UI language: the account's preference, else the
// client's LANG, else the server default.
func (s *Server) sessionLang(u *model.User, env []string) string {
	if u.Lang != "" {
		return u.Lang
	}
	for _, kv := range slices.Backward(env) {
		k, v, _ := strings.Cut(kv, "=")
		if k != "LC_ALL" && k != "LANG" && k != "LC_MESSAGES" {
			continue
		}
		switch {
		case strings.HasPrefix(v, "zh"):
			return model.LangZH
		case strings.HasPrefix(v, "en"):
			return model.LangEN
		}
	}
	if s.cfg.Lang == model.LangEN {
		return model.LangEN
	}
	return model.LangZH
}

// sessionInfo passes the resolved person and the program's lifetime from the
// middleware to the program.
type sessionInfo struct {
	user   *model.User
	lang   string
	ctx    context.Context
	cancel context.CancelFunc
	ended  chan struct{} // closed when the program has ended
	idle   atomic.Bool   // closed for inactivity
}

// sessionChannel opens a session channel, at most
// SessionLimits.channelsPerConn of them on one connection at a time.
func (s *Server) sessionChannel(srv *ssh.Server, conn *gossh.ServerConn, newChan gossh.NewChannel, ctx ssh.Context) {
	if sl := slotOf(ctx); sl != nil {
		if !sl.openChannel(s.cfg.Sessions.channelsPerConn()) {
			_ = newChan.Reject(gossh.ResourceShortage, "too many sessions on one connection")
			return
		}
		defer sl.closeChannel()
	}
	ssh.DefaultSessionHandler(srv, conn, newChan, ctx)
}

// middleware is the one handler of every session: it resolves the person,
// takes the session's place within the limits, then runs an exec command or
// the terminal UI. A panic ends this session only.
func (s *Server) middleware(next ssh.Handler) ssh.Handler {
	return func(sess ssh.Session) {
		s.wg.Add(1)
		defer s.wg.Done()
		defer func() {
			if r := recover(); r != nil {
				s.log.Error("session panic", "user", sess.User(), "panic", r, "stack", string(debug.Stack()))
				_ = sess.Exit(1)
				_ = sess.Close()
			}
		}()
		u, fp, msg := s.resolveUser(sess)
		if u == nil {
			wish.Fatalln(sess, msg)
			return
		}
		lang := s.sessionLang(u, sess.Environ())
		kind := kindTerminal
		if len(sess.Command()) > 0 {
			kind = kindExec
		}
		remote := sess.RemoteAddr().String()
		release, why := s.sessions.admit(u, kind)
		if why != nil {
			s.log.Warn("session refused", "user", u.Login, "session", kind.String(), "reason", why.Key, "remote", remote)
			refuse(sess, why.In(lang))
			return
		}
		defer release()
		s.log.Info("login", "user", u.Login, "key", fp, "remote", remote, "session", kind.String())
		if kind == kindExec {
			s.runExec(sess, u, lang)
			return
		}
		if _, _, ok := sess.Pty(); !ok {
			wish.Fatalln(sess, i18n.T(lang, "auth.need_pty"))
			return
		}
		ctx, cancel := context.WithCancel(sess.Context())
		info := &sessionInfo{user: u, lang: lang, ctx: ctx, cancel: cancel, ended: make(chan struct{})}
		s.runProgram(sess, info)
		// The program has ended (quit, panic or dropped client): stop its
		// mailbox pump and release the feed subscription now, even if the
		// client keeps the connection open.
		cancel()
		close(info.ended)
		switch {
		case s.stopping.Load():
			wish.Println(sess, i18n.T(lang, "app.stopping")+"\r")
		case info.idle.Load():
			wish.Println(sess, i18n.T(lang, "rel.idle_closed")+"\r")
		case s.disabled(u.Login):
			wish.Println(sess, i18n.T(lang, "rel.account_disabled")+"\r")
		}
		next(sess)
	}
}

// disabled reports whether login's account has been disabled (a program
// ends itself when it sees that happen).
func (s *Server) disabled(login string) bool {
	u, err := s.svc.Users.User(context.Background(), login)
	return err == nil && u.Disabled
}

// runProgram runs the session's program until it ends, passing the
// client's window changes to it. A client that leaves, an idle close and a
// server stop are how sessions normally end: they are logged at INFO; only
// a program that fails otherwise is an error (a panic is logged with its
// stack where it is recovered).
func (s *Server) runProgram(sess ssh.Session, info *sessionInfo) {
	login := info.user.Login
	p := s.newProgram(sess, info)
	_, windows, _ := sess.Pty()
	ctx, cancel := context.WithCancel(sess.Context())
	defer cancel()
	go func() {
		for {
			select {
			case <-ctx.Done():
				p.Quit()
				return
			case w := <-windows:
				p.Send(tea.WindowSizeMsg{Width: w.Width, Height: w.Height})
			}
		}
	}()
	_, err := p.Run()
	switch {
	case err == nil, errors.Is(err, context.Canceled) && !errors.Is(err, tea.ErrProgramPanic):
		s.log.Info("session ended", "user", login, "remote", sess.RemoteAddr().String())
	case errors.Is(err, tea.ErrProgramPanic):
		s.log.Error("session ended by a panic", "user", login)
	default:
		s.log.Error("session ended with an error", "user", login, "error", err)
	}
	// Kill restores nothing on a remote terminal but makes sure the
	// program's goroutines are gone before the session's are.
	p.Kill()
}

// newProgram builds one Bubble Tea program for an interactive session and
// its mailbox pump from the change feed.
func (s *Server) newProgram(sess ssh.Session, info *sessionInfo) *tea.Program {
	u, ctx, lang := info.user, info.ctx, info.lang
	pty, _, _ := sess.Pty()
	w, h := clampWindow(pty.Window.Width, pty.Window.Height)
	app := tui.New(ctx, tui.Config{Services: s.svc, User: u, Lang: lang, Company: s.cfg.Company,
		Width: w, Height: h, PanicKey: s.cfg.PanicKey, Log: s.log, Tables: &s.tables})
	release := s.cfg.ModelRelease
	if release == 0 {
		release = DefaultModelRelease
	}
	opts := append(bm.MakeOptions(sess), tea.WithContext(ctx), tea.WithoutSignalHandler(), tea.WithModelRelease(release),
		tea.WithFPS(frameRate), tea.WithWindowSize(w, h))
	var idle *idleWatch
	var p *tea.Program
	if s.cfg.IdleTimeout > 0 {
		idle = newIdleWatch(s.cfg.IdleTimeout, s.cfg.IdleWarning,
			func(left time.Duration) { p.Send(tui.IdleWarningMsg{Left: left}) },
			func() { s.closeIdle(sess, info, u.Login) })
	}
	// This filter replaces wish's, which turns a suspend into a resume.
	opts = append(opts, tea.WithFilter(func(m tea.Model, msg tea.Msg) tea.Msg {
		switch mm := msg.(type) {
		case tea.SuspendMsg:
			return tea.ResumeMsg{}
		case tea.WindowSizeMsg:
			mm.Width, mm.Height = clampWindow(mm.Width, mm.Height)
			msg = mm
		}
		if idle != nil {
			return idle.filter(m, msg)
		}
		return msg
	}))
	p = tea.NewProgram(app, opts...)
	if idle != nil {
		idle.start()
	}

	sub := s.svc.Feed.Subscribe()
	s.mu.Lock()
	s.programs[p] = struct{}{}
	s.mu.Unlock()
	go func() {
		defer func() {
			if r := recover(); r != nil {
				s.log.Error("mailbox panic", "user", u.Login, "panic", r, "stack", string(debug.Stack()))
			}
		}()
		defer func() {
			if idle != nil {
				idle.stop()
			}
			sub.Close()
			s.mu.Lock()
			delete(s.programs, p)
			s.mu.Unlock()
		}()
		// The header clock ticks on the minute, from this goroutine, which
		// ends with the session. Each session ticks at its own offset into
		// the minute, so hundreds of sessions do not all redraw at once and
		// hold up the keystrokes of that moment.
		offset := rand.N(tickSpread)
		nextTick := func(now time.Time) time.Duration {
			return time.Until(now.Add(-offset).Truncate(time.Minute).Add(time.Minute + offset))
		}
		minute := time.NewTimer(nextTick(time.Now()))
		defer minute.Stop()
		var lastEvents time.Time
		for {
			select {
			case <-ctx.Done():
				return
			case t := <-minute.C:
				p.Send(tui.TickMsg(t))
				minute.Reset(nextTick(t))
			case <-sub.Ready():
				// Changes that come faster than eventSpacing are taken
				// together: the mailbox coalesces them meanwhile.
				if wait := time.Until(lastEvents.Add(eventSpacing)); wait > 0 {
					pause := time.NewTimer(wait)
					select {
					case <-ctx.Done():
						pause.Stop()
						return
					case <-pause.C:
					}
				}
				events, overflow := sub.Take()
				if len(events) > 0 || overflow {
					lastEvents = time.Now()
					if !s.deliver(ctx, p, tui.EventsMsg{Events: events, Overflow: overflow}) {
						return
					}
				}
			}
		}
	}()
	return p
}

// deliver hands a session committed changes when one of the server's
// liveSlots is free, and keeps the slot until the session has drawn them
// (or liveHold has passed). A change many sessions show reaches them all at
// once, and each re-reads and redraws; without the slots hundreds of them
// would queue for the two cores together, and a key typed in any session
// meanwhile would wait behind them all. With them a key waits behind a few
// at most; the sessions still take the change in turn, about as fast. It
// reports false when the session ended.
func (s *Server) deliver(ctx context.Context, p *tea.Program, msg tui.EventsMsg) bool {
	select {
	case s.live <- struct{}{}:
	case <-ctx.Done():
		return false
	}
	defer func() { <-s.live }()
	msg.Drawn = make(chan struct{})
	p.Send(msg)
	hold := time.NewTimer(liveHold)
	defer hold.Stop()
	select {
	case <-msg.Drawn:
	case <-hold.C:
	case <-ctx.Done():
		return false
	}
	return true
}

// liveSlots is how many sessions take committed changes at once, and
// liveHold the longest one keeps its slot.
const (
	liveSlots = 4
	liveHold  = 100 * time.Millisecond
)

// eventSpacing is the least time between two deliveries of committed
// changes to one session. A session that receives changes faster than this
// applies them in one reload: under ten writes a second, five hundred
// sessions each re-read and redraw at most 1/eventSpacing times a second,
// and a change still shows well within half a second.
const eventSpacing = 300 * time.Millisecond

// DefaultModelRelease: an idle session's screen copy (a cell record for each
// screen cell, about half a MiB at 120×40) is let go after this long without
// a key, which is most of what an idle session holds.
const DefaultModelRelease = 5 * time.Second

// frameRate is how often an open session's renderer looks for a frame to
// send. Keys and other messages are answered at once (see
// third_party/bubbletea); the ticks only pick up changes that came within a
// 60th of a second of the last frame. Each tick wakes every session, so a
// slow rate keeps idle sessions cheap.
const frameRate = 20

// The largest window a session is drawn for. An open session holds two
// records of every cell of its window (the renderer's model of the screen
// and the last frame) while it is in use. Measured with the load command
// (100 active sessions, heap after a forced GC): 0.69 MiB a session at
// 80×24, 3.1 MiB at 200×60 and 4.5 MiB here, where the old 400×200 clamp
// cost about 20 MB (docs/PERFORMANCE.md). A larger terminal shows the
// screen in its top-left corner; no screen is laid out for more than 240
// columns.
const (
	MaxWindowWidth  = 240
	MaxWindowHeight = 80
)

func clampWindow(w, h int) (int, int) {
	return min(max(w, 0), MaxWindowWidth), min(max(h, 0), MaxWindowHeight)
}

// tickSpread is how far into the minute a session's clock tick may fall.
const tickSpread = 2 * time.Second

// refuse ends a session with one line and exit status 1: on stderr for a
// command, on the screen for a terminal (whose client may not show stderr).
func refuse(sess ssh.Session, msg string) {
	if _, _, tty := sess.Pty(); tty {
		wish.Println(sess, msg+"\r")
	} else {
		wish.Errorln(sess, msg)
	}
	_ = sess.Exit(1)
	_ = sess.Close()
}

// closeIdle ends a session no key was pressed in for the idle timeout. The
// program is stopped through its context; a program stuck writing to a
// client that does not read is unblocked by closing the channel.
func (s *Server) closeIdle(sess ssh.Session, info *sessionInfo, login string) {
	info.idle.Store(true)
	s.idled.Add(1)
	s.log.Info("session closed for inactivity", "user", login, "remote", sess.RemoteAddr().String(), "timeout", s.cfg.IdleTimeout)
	info.cancel()
	select {
	case <-info.ended:
	case <-time.After(5 * time.Second):
		_ = sess.Close()
	}
}

// Addr formats a listen address for the connect lines printed at start.
func ConnectLine(addr, login string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Sprintf("ssh %s@%s", login, addr)
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "localhost"
	}
	return fmt.Sprintf("ssh -p %s %s@%s", port, login, host)
}
