// Package loadtest drives a running xietong server with many real SSH
// sessions, each with a PTY, and measures what a person at each terminal
// would feel: connect to first frame, keystroke to screen change, bytes per
// keystroke, and failed sessions; beside it the server's own memory, read
// from the admin exec command `stats --json` (or /proc for a local pid).
//
// It only dials loopback addresses, and every run is bounded in sessions and
// time.
package loadtest

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	mrand "math/rand/v2"
	"net"
	"slices"
	"strings"
	"sync"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// Bounds of one run.
const (
	MaxSessions = 5000
	MaxDuration = 10 * time.Minute
	// DefaultIdleWait: idle sessions are measured after this long without
	// keys, past the server's default release of their screen copies (5 s).
	DefaultIdleWait = 10 * time.Second
)

// Config describes one load run.
type Config struct {
	Addr     string        // host:port, loopback only
	Sessions int           // how many interactive sessions to open
	Rate     time.Duration // one navigation key per session this often
	Jitter   float64       // each wait is Rate·(1±Jitter); 0: 0.2
	Duration time.Duration // length of the keystroke phase
	Logins   []string      // SSH user names, used in turn
	Keys     []string      // navigation keys as sent (bytes), used in turn
	Section  string        // key pressed once after the first frame ("" none); "3,1,2": each session in turn one of them
	Width    int           // PTY columns; 0: 120
	Height   int           // PTY rows; 0: 40
	// Markers: the first output that contains any of them is the first
	// frame (the header). Empty: the first byte counts as the frame.
	Markers []string
	// ConnectConcurrency bounds sessions connecting at once; 0: 25.
	ConnectConcurrency int
	// ConnectRate, when above 0, paces new connections to this many per
	// second (the server limits new connections per address).
	ConnectRate float64
	// ConnectTimeout bounds one session's dial → first frame; 0: 30 s.
	ConnectTimeout time.Duration
	// StatsLogin runs `stats --json` as this login before, during and after
	// the load; "" skips it.
	StatsLogin string
	// ServerPID, when not 0, is the local server process whose RSS is read
	// from /proc beside (or instead of) `stats --json`.
	ServerPID int
	// IdleWait is how long the sessions are left without keys after the
	// keystroke phase before the server's memory is read for them idle (an
	// idle session lets go of its screen copy after a few seconds); 0: 10 s,
	// negative: not at all (per-session memory is then taken from the
	// reading right after connecting).
	IdleWait time.Duration
	// ServerInProcess says the server runs in this process (ServerPID is
	// this process): its CPU reading includes the load generator's.
	ServerInProcess bool
	// EffectSessions is how many sessions (the first ones opened) also
	// feed a terminal emulator to time keystroke → selected row moved; 0:
	// none, at most Sessions.
	EffectSessions int
	// Writes beside the keystroke phase: WritesPerSecond writes (0: none,
	// at most MaxWritesPerSecond) of WriteKind, each an exec command over the
	// writer's own connections (see writes.go).
	WritesPerSecond float64
	WriteKind       string // anomaly, order, notice or mixed (round-robin); "": mixed
	// WriteLogins are who write each kind; empty fields: shop, sales, office.
	WriteLogins WriteLogins
	// WriteProducts and WriteCustomers are the product codes anomalies and
	// orders name and the customers orders are for, used in turn; empty:
	// the demo factory's.
	WriteProducts, WriteCustomers []string
	// SeenWindow: a session counts for a write only if it shows the write's
	// token within this long after the write was acknowledged; 0: 5 s.
	SeenWindow time.Duration
	// OnConnected, when not nil, is called once every session is open and
	// has settled, before the keystroke phase (a heap profile, say).
	OnConnected func()
	// Log, when not nil, receives progress lines.
	Log io.Writer
}

// Keystroke names accepted by ParseKeys.
var keyNames = map[string]string{
	"up": "\x1b[A", "down": "\x1b[B", "right": "\x1b[C", "left": "\x1b[D",
	"pgdown": "\x1b[6~", "pgup": "\x1b[5~", "home": "\x1b[H", "end": "\x1b[F",
	"tab": "\t", "enter": "\r", "esc": "\x1b", "space": " ",
}

// ParseKeys turns "down,up" or "j,k" into the bytes a terminal sends.
func ParseKeys(s string) ([]string, error) {
	var out []string
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		switch {
		case f == "":
			continue
		case keyNames[strings.ToLower(f)] != "":
			out = append(out, keyNames[strings.ToLower(f)])
		case len([]rune(f)) == 1:
			out = append(out, f)
		default:
			return nil, fmt.Errorf("unknown key %q (use a single character or one of up, down, left, right, pgup, pgdown, home, end, tab, enter, esc, space)", f)
		}
	}
	if len(out) == 0 {
		return nil, errors.New("no keys")
	}
	return out, nil
}

// CheckLoopback refuses any address that is not on this machine's loopback.
func CheckLoopback(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("address %q: %w", addr, err)
	}
	if host == "" || strings.EqualFold(host, "localhost") {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil {
		if ip.IsLoopback() {
			return nil
		}
		return fmt.Errorf("refusing %s: the load test only dials loopback addresses", host)
	}
	ips, err := net.LookupIP(host)
	if err != nil {
		return fmt.Errorf("address %q: %w", addr, err)
	}
	for _, ip := range ips {
		if !ip.IsLoopback() {
			return fmt.Errorf("refusing %s (%s): the load test only dials loopback addresses", host, ip)
		}
	}
	return nil
}

func (c *Config) defaults() error {
	if err := CheckLoopback(c.Addr); err != nil {
		return err
	}
	if c.Sessions < 1 || c.Sessions > MaxSessions {
		return fmt.Errorf("sessions must be 1 to %d", MaxSessions)
	}
	if c.Duration <= 0 || c.Duration > MaxDuration {
		return fmt.Errorf("duration must be above 0 and at most %s", MaxDuration)
	}
	if c.Rate < 10*time.Millisecond {
		return errors.New("rate must be at least 10ms")
	}
	if c.Jitter <= 0 {
		c.Jitter = 0.2
	}
	switch {
	case c.IdleWait == 0:
		c.IdleWait = DefaultIdleWait
	case c.IdleWait > MaxDuration:
		return fmt.Errorf("idle wait must be at most %s", MaxDuration)
	}
	c.Jitter = min(c.Jitter, 0.9)
	if c.EffectSessions < 0 {
		return errors.New("effect sessions must not be negative")
	}
	c.EffectSessions = min(c.EffectSessions, c.Sessions)
	if err := c.writeDefaults(); err != nil {
		return err
	}
	if len(c.Logins) == 0 {
		c.Logins = []string{"prod"}
	}
	if len(c.Keys) == 0 {
		c.Keys = []string{keyNames["down"], keyNames["up"]}
	}
	if c.Width <= 0 {
		c.Width = 120
	}
	if c.Height <= 0 {
		c.Height = 40
	}
	if c.ConnectConcurrency <= 0 {
		c.ConnectConcurrency = 25
	}
	if c.ConnectTimeout <= 0 {
		c.ConnectTimeout = 30 * time.Second
	}
	return nil
}

// Report is what a run measured.
type Report struct {
	Addr       string  `json:"addr"`
	Sessions   int     `json:"sessions"`
	Connected  int     `json:"connected"`
	Failed     int     `json:"failed"`
	Failures   []Fault `json:"failures,omitempty"`
	RateMS     int64   `json:"rate_ms"`
	DurationMS int64   `json:"duration_ms"`
	// ConnectPhase is how long opening every session took.
	ConnectPhase time.Duration `json:"connect_phase_ns"`
	FirstByte    Summary       `json:"connect_to_first_byte"`
	FirstFrame   Summary       `json:"connect_to_first_frame"`
	// Keystroke is write → next output chunk. A keystroke with no output
	// before the session's next one counts with the time it waited (a lower
	// bound) and in Unanswered.
	Keystroke  Summary `json:"keystroke_to_screen"`
	Keystrokes int     `json:"keystrokes"`
	Unanswered int     `json:"unanswered"`
	// KeyEffect is keystroke → the selected row of the list moved, in the
	// EffectSessions sampled sessions (emulated). Keys whose effect had not
	// shown by the session's next key are not in it but in
	// EffectUnanswered; keys pressed with no selected row on screen are
	// not timed (EffectNoRow).
	EffectSessions   int     `json:"effect_sessions"`
	KeyEffect        Summary `json:"key_effect"`
	EffectUnanswered int     `json:"effect_unanswered"`
	EffectNoRow      int     `json:"effect_no_selected_row,omitempty"`
	BytesPerKey      struct {
		Mean float64 `json:"mean"`
		P50  int64   `json:"p50"`
		P99  int64   `json:"p99"`
		Max  int64   `json:"max"`
	} `json:"bytes_per_keystroke"`
	// Writes is what the writer did beside the keystroke phase and how
	// fast the sessions showed it; nil without writes.
	Writes *WriteReport `json:"writes,omitempty"`
	Server ServerReport `json:"server"`
}

// Fault counts failed sessions of one kind, with one example.
type Fault struct {
	Stage   string `json:"stage"`
	Count   int    `json:"count"`
	Example string `json:"example"`
}

// session is one interactive SSH session under load.
type session struct {
	client *gossh.Client
	sess   *gossh.Session
	stdin  io.Writer

	mu         sync.Mutex
	start      time.Time
	firstByte  time.Duration
	firstFrame time.Duration
	head       []byte // output until the first frame, to find a marker
	markers    [][]byte
	pending    time.Time // write time of the keystroke still unanswered
	measuring  bool
	win        int64 // bytes since the last keystroke
	lat        []time.Duration
	perKey     []int64
	unanswered int

	// Writes: the tokens issued (nil without writes), the scan state, and
	// when each write's token was first seen (by write index).
	tokens *tokenSet
	scan   tokenScan
	seen   map[int]time.Time
	// effect is set on sampled sessions only.
	effect *effectTracker

	frame  chan struct{} // closed at the first frame
	output chan struct{} // signalled on any output
	done   chan struct{} // closed when the output stream ends
}

// run state shared by sessions.
type runner struct {
	cfg    Config
	signer gossh.Signer
	tokens *tokenSet // nil without writes
	mu     sync.Mutex
	faults map[string]*Fault
}

func (r *runner) fail(stage string, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	f := r.faults[stage]
	if f == nil {
		msg := ""
		if err != nil {
			msg = err.Error()
		}
		f = &Fault{Stage: stage, Example: msg}
		r.faults[stage] = f
	}
	f.Count++
}

func (r *runner) logf(format string, args ...any) {
	if r.cfg.Log != nil {
		fmt.Fprintf(r.cfg.Log, format+"\n", args...)
	}
}

// NewSigner makes a throw-away ed25519 key (the demo server admits any key).
func NewSigner() (gossh.Signer, error) {
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	return gossh.NewSignerFromKey(priv)
}

// Dial opens an SSH connection with a deadline on the whole handshake.
func Dial(addr, login string, signer gossh.Signer, timeout time.Duration) (*gossh.Client, error) {
	conn, err := net.DialTimeout("tcp", addr, timeout)
	if err != nil {
		return nil, err
	}
	_ = conn.SetDeadline(time.Now().Add(timeout))
	cfg := &gossh.ClientConfig{User: login, Auth: []gossh.AuthMethod{gossh.PublicKeys(signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: timeout}
	c, chans, reqs, err := gossh.NewClientConn(conn, addr, cfg)
	if err != nil {
		conn.Close()
		return nil, err
	}
	_ = conn.SetDeadline(time.Time{})
	return gossh.NewClient(c, chans, reqs), nil
}

// open dials and starts a shell with a PTY, then waits for the first frame.
// The clock starts before the TCP dial.
func (r *runner) open(ctx context.Context, i int) *session {
	cfg := r.cfg
	s := &session{start: time.Now(), frame: make(chan struct{}), output: make(chan struct{}, 1), done: make(chan struct{}), tokens: r.tokens}
	for _, m := range cfg.Markers {
		s.markers = append(s.markers, []byte(m))
	}
	login := cfg.Logins[i%len(cfg.Logins)]
	c, err := Dial(cfg.Addr, login, r.signer, cfg.ConnectTimeout)
	if err != nil {
		if errors.Is(err, io.EOF) || strings.Contains(err.Error(), "EOF") {
			err = fmt.Errorf("%w (the server closed the connection: too many not yet logged in, or this address "+
				"paused for failed logins? see --max-startups and --penalties, or pace with --connect-rate)", err)
		}
		r.fail("dial", err)
		return nil
	}
	s.client = c
	ss, err := c.NewSession()
	if err != nil {
		r.fail("session", err)
		c.Close()
		return nil
	}
	s.sess = ss
	if i < cfg.EffectSessions {
		s.effect = newEffectTracker(cfg.Width, cfg.Height)
	}
	if err := ss.RequestPty("xterm-256color", cfg.Height, cfg.Width, gossh.TerminalModes{}); err != nil {
		r.fail("pty", err)
		s.close()
		return nil
	}
	stdin, err1 := ss.StdinPipe()
	stdout, err2 := ss.StdoutPipe()
	if err := errors.Join(err1, err2); err != nil {
		r.fail("session", err)
		s.close()
		return nil
	}
	s.stdin = stdin
	go s.read(stdout)
	if err := ss.Shell(); err != nil {
		r.fail("shell", err)
		s.close()
		return nil
	}
	t := time.NewTimer(max(0, cfg.ConnectTimeout-time.Since(s.start)))
	defer t.Stop()
	select {
	case <-s.frame:
		return s
	case <-s.done:
		r.fail("first frame", errors.New("session closed before its first frame: "+s.headText()))
	case <-t.C:
		r.fail("first frame", fmt.Errorf("no first frame within %s: %s", cfg.ConnectTimeout, s.headText()))
	case <-ctx.Done():
		r.fail("first frame", ctx.Err())
	}
	s.close()
	return nil
}

// headText is a printable excerpt of what arrived before the first frame.
func (s *session) headText() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	h := s.head
	if len(h) > 120 {
		h = h[:120]
	}
	if len(h) == 0 {
		return "no output"
	}
	return fmt.Sprintf("%q", h)
}

// read consumes the session's output, timing the first byte, the first
// frame and each keystroke's answer.
func (s *session) read(r io.Reader) {
	defer close(s.done)
	buf := make([]byte, 32<<10)
	for {
		n, err := r.Read(buf)
		if n > 0 {
			now := time.Now()
			s.mu.Lock()
			if s.firstByte == 0 {
				s.firstByte = now.Sub(s.start)
			}
			if s.firstFrame == 0 {
				s.head = append(s.head, buf[:n]...)
				if len(s.markers) == 0 || containsAny(s.head, s.markers) {
					s.firstFrame = now.Sub(s.start)
					s.head = s.head[:min(len(s.head), 120)]
					close(s.frame)
				} else if len(s.head) > 1<<20 {
					s.head = s.head[len(s.head)-(64<<10):]
				}
			}
			if s.measuring {
				if !s.pending.IsZero() {
					s.lat = append(s.lat, now.Sub(s.pending))
					s.pending = time.Time{}
				}
				s.win += int64(n)
			}
			if s.tokens != nil {
				s.scan.feed(buf[:n], s.tokens, func(w int) {
					if _, ok := s.seen[w]; !ok {
						if s.seen == nil {
							s.seen = map[int]time.Time{}
						}
						s.seen[w] = now
					}
				})
			}
			if s.effect != nil {
				s.effect.output(buf[:n], now)
			}
			s.mu.Unlock()
			select {
			case s.output <- struct{}{}:
			default:
			}
		}
		if err != nil {
			return
		}
	}
}

func containsAny(b []byte, ms [][]byte) bool {
	for _, m := range ms {
		if bytes.Contains(b, m) {
			return true
		}
	}
	return false
}

// settle waits until the session has been quiet for quiet, at most limit.
func (s *session) settle(quiet, limit time.Duration) {
	end := time.NewTimer(limit)
	defer end.Stop()
	for {
		select {
		case <-s.output:
		case <-time.After(quiet):
			return
		case <-end.C:
			return
		case <-s.done:
			return
		}
	}
}

// press sends one keystroke and closes the previous keystroke's window.
func (s *session) press(key string) error {
	now := time.Now()
	s.mu.Lock()
	if !s.pending.IsZero() {
		// Unanswered until this next keystroke: count what we know.
		s.lat = append(s.lat, now.Sub(s.pending))
		s.unanswered++
		s.perKey = append(s.perKey, s.win)
	} else if s.measuring {
		s.perKey = append(s.perKey, s.win)
	}
	s.measuring = true
	s.win = 0
	s.pending = time.Now()
	if s.effect != nil {
		s.effect.press(s.pending)
	}
	s.mu.Unlock()
	_, err := io.WriteString(s.stdin, key)
	return err
}

// stop ends measuring; the last keystroke counts only if it was answered.
func (s *session) stop() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.measuring && s.pending.IsZero() && len(s.lat) > len(s.perKey) {
		s.perKey = append(s.perKey, s.win)
	}
	s.measuring = false
	s.pending = time.Time{}
	s.lat = s.lat[:min(len(s.lat), len(s.perKey))]
	if s.effect != nil {
		s.effect.stop()
	}
}

func (s *session) close() {
	if s.sess != nil {
		s.sess.Close()
	}
	if s.client != nil {
		s.client.Close()
	}
	if s.effect != nil {
		s.effect.close()
	}
}

// Run opens the sessions, runs the keystroke phase (with the writer beside
// it when writes are asked for) and reports. It returns an error only when
// the run could not start at all.
func Run(ctx context.Context, cfg Config) (*Report, error) {
	if err := cfg.defaults(); err != nil {
		return nil, err
	}
	signer, err := NewSigner()
	if err != nil {
		return nil, err
	}
	r := &runner{cfg: cfg, signer: signer, faults: map[string]*Fault{}}
	if cfg.WritesPerSecond > 0 {
		r.tokens = newTokenSet()
	}
	// Hard stop: connecting, the phase, and a margin for stats and closing.
	budget := cfg.ConnectTimeout*time.Duration(1+cfg.Sessions/cfg.ConnectConcurrency) + cfg.Duration + max(cfg.IdleWait, 0) + time.Minute
	if cfg.ConnectRate > 0 {
		budget += time.Duration(float64(cfg.Sessions) / cfg.ConnectRate * float64(time.Second))
	}
	ctx, cancel := context.WithTimeout(ctx, budget)
	defer cancel()

	rep := &Report{Addr: cfg.Addr, Sessions: cfg.Sessions, RateMS: cfg.Rate.Milliseconds(), DurationMS: cfg.Duration.Milliseconds()}
	rep.Server.Idle, rep.Server.IdleNoGC = r.serverStats(ctx)

	// Connect phase.
	r.logf("opening %d sessions to %s (%d at a time)", cfg.Sessions, cfg.Addr, cfg.ConnectConcurrency)
	begin := time.Now()
	sessions := make([]*session, cfg.Sessions)
	sem := make(chan struct{}, cfg.ConnectConcurrency)
	var wg sync.WaitGroup
	var pace *time.Ticker
	if cfg.ConnectRate > 0 {
		pace = time.NewTicker(time.Duration(float64(time.Second) / cfg.ConnectRate))
		defer pace.Stop()
	}
	for i := range cfg.Sessions {
		if pace != nil && i > 0 {
			select {
			case <-pace.C:
			case <-ctx.Done():
			}
		}
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			s := r.open(ctx, i)
			if s == nil {
				return
			}
			if sections := strings.Split(cfg.Section, ","); cfg.Section != "" {
				if _, err := io.WriteString(s.stdin, sections[i%len(sections)]); err != nil {
					r.fail("write", err)
					s.close()
					return
				}
			}
			sessions[i] = s
		}()
		if ctx.Err() != nil {
			break
		}
	}
	wg.Wait()
	rep.ConnectPhase = time.Since(begin)
	var live []*session
	for _, s := range sessions {
		if s != nil {
			live = append(live, s)
		}
	}
	rep.Connected = len(live)
	r.logf("%d sessions open in %s; letting them settle", len(live), rep.ConnectPhase.Round(time.Millisecond))
	var settle sync.WaitGroup
	for _, s := range live {
		settle.Add(1)
		go func() { defer settle.Done(); s.settle(300*time.Millisecond, 10*time.Second) }()
	}
	settle.Wait()
	rep.Server.Connected, rep.Server.ConnectedNoGC = r.serverStats(ctx)
	if cfg.OnConnected != nil {
		cfg.OnConnected()
	}
	var wr *writer
	if cfg.WritesPerSecond > 0 {
		wr = r.newWriter(ctx)
	}

	// Keystroke phase, with the writer beside it.
	r.logf("keystroke phase: %s, one key per session every %s", cfg.Duration, cfg.Rate)
	if wr != nil {
		r.logf("writes: %g per second, %s", cfg.WritesPerSecond, cfg.WriteKind)
	}
	cpu := r.startCPU()
	deadline := time.Now().Add(cfg.Duration)
	var closedEarly sync.Map
	for _, s := range live {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := r.drive(ctx, s, deadline); err != nil {
				closedEarly.Store(s, true)
			}
		}()
	}
	if wr != nil {
		wg.Add(1)
		go func() { defer wg.Done(); wr.run(ctx, deadline) }()
	}
	wg.Wait()
	rep.Server.CPU = cpu.stop()
	rep.Server.Loaded, rep.Server.LoadedNoGC = r.serverStats(ctx)
	// Then the sessions sit without keys, as people leave a screen open,
	// and the server's memory is read for them idle. They still look for
	// tokens meanwhile: the last writes' windows run on.
	if cfg.IdleWait > 0 {
		r.logf("leaving them idle for %s", cfg.IdleWait)
		select {
		case <-time.After(cfg.IdleWait):
		case <-ctx.Done():
		}
		rep.Server.IdleAfter, rep.Server.IdleAfterNoGC = r.serverStats(ctx)
	} else if wr != nil {
		// No idle wait: give the last writes their window all the same.
		select {
		case <-time.After(time.Until(wr.lastAck().Add(cfg.SeenWindow))):
		case <-ctx.Done():
		}
	}
	if wr != nil {
		wr.close()
	}

	var lat, effect []time.Duration
	var perKey []int64
	var first, frame []time.Duration
	seen := make([]map[int]time.Time, 0, len(live))
	for _, s := range live {
		s.stop()
		s.mu.Lock()
		if _, bad := closedEarly.Load(s); !bad {
			lat = append(lat, s.lat...)
			perKey = append(perKey, s.perKey...)
			rep.Unanswered += s.unanswered
			if e := s.effect; e != nil {
				effect = append(effect, e.lat...)
				rep.EffectUnanswered += e.unanswered
				rep.EffectNoRow += e.noRow
			}
		}
		if s.effect != nil {
			rep.EffectSessions++
		}
		first = append(first, s.firstByte)
		frame = append(frame, s.firstFrame)
		seen = append(seen, s.seen)
		s.seen = nil
		s.mu.Unlock()
	}
	for _, s := range live {
		s.close()
	}
	rep.FirstByte, rep.FirstFrame, rep.Keystroke = Summarize(first), Summarize(frame), Summarize(lat)
	rep.Keystrokes = len(lat)
	rep.KeyEffect = Summarize(effect)
	if len(perKey) > 0 {
		slices.Sort(perKey)
		var sum int64
		for _, b := range perKey {
			sum += b
		}
		rep.BytesPerKey.Mean = float64(sum) / float64(len(perKey))
		rep.BytesPerKey.P50 = perKey[(len(perKey)-1)/2]
		rep.BytesPerKey.P99 = perKey[min(len(perKey)-1, int(float64(len(perKey))*0.99))]
		rep.BytesPerKey.Max = perKey[len(perKey)-1]
	}
	if wr != nil {
		rep.Writes = wr.report(seen, len(live))
	}
	for _, f := range r.faults {
		rep.Failures = append(rep.Failures, *f)
		rep.Failed += f.Count
	}
	slices.SortFunc(rep.Failures, func(a, b Fault) int { return strings.Compare(a.Stage, b.Stage) })
	rep.Server.derive(rep.Connected)
	return rep, nil
}

// drive presses the navigation keys every Rate (with jitter) until deadline.
func (r *runner) drive(ctx context.Context, s *session, deadline time.Time) error {
	cfg := r.cfg
	// Spread the sessions over one period so keystrokes do not arrive in step.
	wait := time.Duration(mrand.Int64N(int64(cfg.Rate)))
	for k := 0; ; k++ {
		if time.Now().Add(wait).After(deadline) {
			return nil
		}
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-s.done:
			t.Stop()
			r.fail("closed early", errors.New("the server closed the session during the keystroke phase"))
			return errors.New("closed")
		case <-ctx.Done():
			t.Stop()
			r.fail("timeout", ctx.Err())
			return ctx.Err()
		}
		if err := s.press(cfg.Keys[k%len(cfg.Keys)]); err != nil {
			r.fail("write", err)
			return err
		}
		f := 1 + cfg.Jitter*(2*mrand.Float64()-1)
		wait = time.Duration(float64(cfg.Rate) * f)
	}
}
