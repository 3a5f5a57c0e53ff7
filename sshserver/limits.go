package sshserver

import (
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"charm.land/ssh"
)

// Admission of connections before anyone has logged in, as OpenSSH does it
// (MaxStartups, LoginGraceTime, PerSourcePenalties): what merely connecting
// costs is bounded by a global cap on unauthenticated connections with
// random early drop, and by short deadlines; only a source that fails to
// authenticate or stalls is penalised, so that sixty people behind one NAT
// address can all log in at the same moment.

// Defaults of the admission settings (the serve flags give them too).
const (
	// DefaultHandshakeTimeout bounds connect → the end of the key exchange
	// (version line included): machine work, a few round trips.
	DefaultHandshakeTimeout = 10 * time.Second
	// DefaultLoginGrace bounds connect → authenticated. A person may type a
	// key's passphrase or an invitation code meanwhile.
	DefaultLoginGrace = time.Minute
	// DefaultStartups: no unauthenticated connection is refused below 128;
	// from there 30 % are, rising to all at 512.
	DefaultStartups = "128:30:512"
	// DefaultPenalties: a connection that ends without logging in after
	// trying costs its source 2 s, one closed for stalling 10 s; a source is
	// refused while it owes more than 30 s, and never owes more than 10 min.
	DefaultPenalties = "authfail:2s,stall:10s,min:30s,max:10m"
)

// Startups is the cap on unauthenticated connections, OpenSSH's MaxStartups
// "start:rate:full": from Start open ones a new connection is refused with
// probability Rate %, rising linearly to 100 % at Full. Zero Full: no cap.
type Startups struct{ Start, Rate, Full int }

// ParseStartups reads "start:rate:full", or "full" alone (refuse only at
// full), or "0" (no cap).
func ParseStartups(s string) (Startups, error) {
	parts := strings.Split(s, ":")
	nums := make([]int, len(parts))
	for i, p := range parts {
		n, err := strconv.Atoi(strings.TrimSpace(p))
		if err != nil || n < 0 {
			return Startups{}, fmt.Errorf("%q is not start:rate:full (such as %s) or a number", s, DefaultStartups)
		}
		nums[i] = n
	}
	switch len(nums) {
	case 1:
		if nums[0] == 0 {
			return Startups{}, nil
		}
		return Startups{Start: nums[0], Rate: 100, Full: nums[0]}, nil
	case 3:
		st := Startups{Start: nums[0], Rate: nums[1], Full: nums[2]}
		if st.Rate > 100 || st.Start > st.Full || st.Full == 0 {
			return Startups{}, fmt.Errorf("%q: need start ≤ full, full > 0 and rate ≤ 100", s)
		}
		return st, nil
	}
	return Startups{}, fmt.Errorf("%q is not start:rate:full (such as %s) or a number", s, DefaultStartups)
}

func (st Startups) String() string {
	if st.Full == 0 {
		return "0"
	}
	return fmt.Sprintf("%d:%d:%d", st.Start, st.Rate, st.Full)
}

// dropChance is the probability a new connection is refused while n are
// unauthenticated.
func (st Startups) dropChance(n int) float64 {
	switch {
	case st.Full == 0 || n < st.Start:
		return 0
	case n >= st.Full:
		return 1
	}
	return (float64(st.Rate) + float64(100-st.Rate)*float64(n-st.Start)/float64(st.Full-st.Start)) / 100
}

// Penalties are OpenSSH's PerSourcePenalties: what a source owes for a
// connection that tried to log in and did not (AuthFail) and for one closed
// because it stalled past a deadline (Stall). Owed time runs down with the
// clock; a source owing more than Min is refused at connect until it owes
// nothing; it never owes more than Max. Exempt sources are never penalised.
// Zero AuthFail and Stall: penalties off.
type Penalties struct {
	AuthFail, Stall, Min, Max time.Duration
	Exempt                    []netip.Prefix
}

// penaltyFields is the one table of the penalty settings' names.
var penaltyFields = []struct {
	name string
	of   func(*Penalties) *time.Duration
}{
	{"authfail", func(p *Penalties) *time.Duration { return &p.AuthFail }},
	{"stall", func(p *Penalties) *time.Duration { return &p.Stall }},
	{"min", func(p *Penalties) *time.Duration { return &p.Min }},
	{"max", func(p *Penalties) *time.Duration { return &p.Max }},
}

// ParsePenalties reads "authfail:2s,stall:10s,min:30s,max:10m" (fields left
// out take their defaults) or "off".
func ParsePenalties(s string) (Penalties, error) {
	if s == "off" || s == "0" {
		return Penalties{}, nil
	}
	var p Penalties
	if s != DefaultPenalties {
		p, _ = ParsePenalties(DefaultPenalties)
	}
	for _, f := range strings.Split(s, ",") {
		name, val, ok := strings.Cut(strings.TrimSpace(f), ":")
		d, err := time.ParseDuration(val)
		i := penaltyField(name)
		if !ok || err != nil || d < 0 || i < 0 {
			return Penalties{}, fmt.Errorf("%q is not a list such as %s (or off)", s, DefaultPenalties)
		}
		*penaltyFields[i].of(&p) = d
	}
	if p.Max < p.Min {
		return Penalties{}, fmt.Errorf("%q: max is less than min", s)
	}
	return p, nil
}

func penaltyField(name string) int {
	for i, f := range penaltyFields {
		if f.name == name {
			return i
		}
	}
	return -1
}

func (p Penalties) String() string {
	if p.off() {
		return "off"
	}
	parts := make([]string, len(penaltyFields))
	for i, f := range penaltyFields {
		parts[i] = f.name + ":" + shortDuration(*f.of(&p))
	}
	return strings.Join(parts, ",")
}

// shortDuration writes d as people write it: 10m, not 10m0s.
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}

func (p Penalties) off() bool { return p.AuthFail <= 0 && p.Stall <= 0 }

// ParsePrefixes reads a comma-separated list of addresses and CIDR prefixes.
func ParsePrefixes(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f == "" {
			continue
		}
		if a, err := netip.ParseAddr(f); err == nil {
			out = append(out, netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()))
			continue
		}
		pf, err := netip.ParsePrefix(f)
		if err != nil {
			return nil, fmt.Errorf("%q is not an address or prefix such as 192.0.2.7 or 10.0.0.0/8", f)
		}
		out = append(out, pf.Masked())
	}
	return out, nil
}

// Why a source owes time.
type penaltyReason string

const (
	penaltyAuthFail penaltyReason = "failed to log in"
	penaltyStall    penaltyReason = "stalled past a deadline"
)

// maxPenalised bounds the penalty table; past it, the entries that expire
// soonest are dropped (OpenSSH's "permissive" overflow).
const maxPenalised = 65536

// admission decides at accept time, before any SSH byte is read, whether a
// new connection may proceed, and closes connections that miss their
// deadlines.
type admission struct {
	startups         Startups
	pen              Penalties
	handshake, grace time.Duration
	log              *slog.Logger
	now              func() time.Time
	chance           func() float64 // uniform in [0, 1)

	mu        sync.Mutex
	unauth    int // connections not yet authenticated
	penalties map[netip.Addr]*owed

	conns           atomic.Int64  // open connections (unauthenticated or not)
	refusedStartups atomic.Uint64 // refused at connect by the startups cap
	refusedPenalty  atomic.Uint64 // refused at connect for a source's penalty
	stalled         atomic.Uint64 // closed for missing a deadline
}

type owed struct {
	until  time.Time
	active bool // refused at connect until `until`
	reason penaltyReason
}

func newAdmission(st Startups, pen Penalties, handshake, grace time.Duration, log *slog.Logger) *admission {
	if handshake <= 0 {
		handshake = DefaultHandshakeTimeout
	}
	if grace <= 0 {
		grace = DefaultLoginGrace
	}
	return &admission{startups: st, pen: pen, handshake: handshake, grace: max(grace, handshake), log: log,
		now: time.Now, chance: rand.Float64, penalties: map[netip.Addr]*owed{}}
}

// sourceOf is the penalty key of a remote address: the IPv4 address, or the
// /64 of an IPv6 one (one host's usual share).
func sourceOf(addr net.Addr) netip.Addr {
	var a netip.Addr
	if ta, ok := addr.(*net.TCPAddr); ok {
		a, _ = netip.AddrFromSlice(ta.IP)
	} else if ap, err := netip.ParseAddrPort(addr.String()); err == nil {
		a = ap.Addr()
	}
	a = a.Unmap()
	if a.Is6() {
		p, _ := a.Prefix(64)
		return p.Addr()
	}
	return a
}

func (a *admission) exempt(src netip.Addr) bool {
	for _, p := range a.pen.Exempt {
		if p.Contains(src) {
			return true
		}
	}
	return false
}

// Why a connection was refused at connect.
type refusal int

const (
	admitted refusal = iota
	refusedBusy
	refusedPenalised
)

// admit takes an unauthenticated slot for src, or refuses.
func (a *admission) admit(src netip.Addr) refusal {
	a.mu.Lock()
	defer a.mu.Unlock()
	if o := a.penalties[src]; o != nil && o.active && a.now().Before(o.until) && !a.exempt(src) {
		return refusedPenalised
	}
	if p := a.startups.dropChance(a.unauth); p > 0 && a.chance() < p {
		return refusedBusy
	}
	a.unauth++
	return admitted
}

// penalise adds d to what src owes.
func (a *admission) penalise(src netip.Addr, why penaltyReason) {
	d := a.pen.AuthFail
	if why == penaltyStall {
		d = a.pen.Stall
	}
	if d <= 0 || a.exempt(src) {
		return
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	now := a.now()
	o := a.penalties[src]
	if o == nil || !now.Before(o.until) {
		if o == nil && len(a.penalties) >= maxPenalised {
			a.prune(now)
		}
		o = &owed{until: now}
		a.penalties[src] = o
	}
	o.until = o.until.Add(d)
	if left := o.until.Sub(now); left > a.pen.Max {
		o.until = now.Add(a.pen.Max)
	}
	o.reason = why
	if !o.active && o.until.Sub(now) > a.pen.Min {
		o.active = true
		a.log.Info("source refused for a while", "source", src.String(), "reason", string(why), "for", o.until.Sub(now).Round(time.Second))
	}
}

// prune drops expired penalties, then the soonest to expire until there is
// room; a.mu is held.
func (a *admission) prune(now time.Time) {
	for src, o := range a.penalties {
		if !now.Before(o.until) {
			delete(a.penalties, src)
		}
	}
	for len(a.penalties) >= maxPenalised {
		var first netip.Addr
		var at time.Time
		for src, o := range a.penalties {
			if at.IsZero() || o.until.Before(at) {
				first, at = src, o.until
			}
		}
		delete(a.penalties, first)
	}
}

// penalised is how many sources are refused at connect now.
func (a *admission) penalised() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	now, n := a.now(), 0
	for src, o := range a.penalties {
		switch {
		case !now.Before(o.until):
			delete(a.penalties, src)
		case o.active:
			n++
		}
	}
	return n
}

// handshakes is how many connections have not finished authenticating.
func (a *admission) handshakes() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.unauth
}

func (a *admission) leave() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.unauth--
}

type slotKey struct{}

// slot is one connection's life from accept: its unauthenticated slot until
// it logs in or closes, its deadlines, and what it owes when it closes
// without logging in.
type slot struct {
	a      *admission
	src    netip.Addr
	remote string
	raw    net.Conn

	mu       sync.Mutex
	start    time.Time
	timer    *time.Timer
	kex      bool // the key exchange is done
	tried    bool // an authentication method other than "none" was tried
	authed   bool
	stalled  bool
	closed   bool
	channels int // open session channels
}

// connCallback is the ssh.Server's ConnCallback: returning nil closes the
// connection before the SSH version exchange.
func (a *admission) connCallback(ctx ssh.Context, conn net.Conn) net.Conn {
	src := sourceOf(conn.RemoteAddr())
	if r := a.admit(src); r != admitted {
		msg := "xietong: server busy, try again in a moment / 服务器繁忙，请稍后再试"
		if r == refusedPenalised {
			a.refusedPenalty.Add(1)
			msg = "xietong: too many failed logins from this address, try again later / 此地址登录失败次数太多，请稍后再试"
		} else {
			a.refusedStartups.Add(1)
		}
		// Clients show lines before the version line only when verbose
		// (ssh -v), but that is where someone looking for the reason looks.
		_ = conn.SetWriteDeadline(a.now().Add(time.Second))
		_, _ = conn.Write([]byte(msg + "\r\n"))
		return nil
	}
	a.conns.Add(1)
	s := &slot{a: a, src: src, remote: conn.RemoteAddr().String(), raw: conn, start: a.now()}
	s.timer = time.AfterFunc(a.handshake, s.expire)
	ctx.SetValue(slotKey{}, s)
	return &trackedConn{Conn: conn, slot: s}
}

// expire closes a connection that missed its deadline.
func (s *slot) expire() {
	s.mu.Lock()
	if s.authed || s.closed {
		s.mu.Unlock()
		return
	}
	s.stalled = true
	stage := "key exchange"
	if s.kex {
		stage = "login"
	}
	s.mu.Unlock()
	s.a.stalled.Add(1)
	s.a.log.Info("connection closed: too slow", "remote", s.remote, "stage", stage)
	_ = s.raw.Close()
}

// kexDone moves the deadline from the key exchange's to the login grace.
func (s *slot) kexDone() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.kex || s.authed || s.closed {
		return
	}
	s.kex = true
	s.timer.Reset(s.a.grace - s.a.now().Sub(s.start))
}

// attempt records an authentication attempt's outcome.
func (s *slot) attempt(method string, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if method != "none" {
		s.tried = true
	}
	if err == nil && !s.authed && !s.closed {
		s.authed = true
		s.timer.Stop()
		s.a.leave()
	}
}

func (s *slot) close() {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return
	}
	s.closed = true
	s.timer.Stop()
	authed, stalled, tried := s.authed, s.stalled, s.tried
	s.mu.Unlock()
	s.a.conns.Add(-1)
	if authed {
		return
	}
	s.a.leave()
	switch {
	case stalled:
		s.a.penalise(s.src, penaltyStall)
	case tried:
		s.a.penalise(s.src, penaltyAuthFail)
	}
}

// openChannel counts a session channel of the connection, refusing past
// limit (0: no limit).
func (s *slot) openChannel(limit int) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if limit > 0 && s.channels >= limit {
		return false
	}
	s.channels++
	return true
}

func (s *slot) closeChannel() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.channels--
}

// trackedConn releases its slot when closed.
type trackedConn struct {
	net.Conn
	slot *slot
}

func (c *trackedConn) Close() error {
	c.slot.close()
	return c.Conn.Close()
}

// slotOf is the admission slot of the connection of ctx, nil in tests that
// bypass the listener.
func slotOf(ctx ssh.Context) *slot {
	s, _ := ctx.Value(slotKey{}).(*slot)
	return s
}
