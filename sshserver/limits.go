package sshserver

import (
	"net"
	"sync"
	"sync/atomic"
	"time"

	"charm.land/ssh"
)

// Defaults of the connection limits when Config leaves them zero.
const (
	DefaultMaxHandshakes    = 64
	DefaultHandshakeTimeout = time.Minute
)

// limiter decides at accept time, before any SSH byte is read, whether a new
// connection may proceed: a token bucket per remote address bounds the rate
// of new connections, and a cap on handshakes in progress (overall and per
// address) bounds the memory a flood of unauthenticated clients can take.
type limiter struct {
	rate  float64 // tokens per second; 0: no rate limit
	burst float64

	maxPending, maxPendingPerIP int

	mu      sync.Mutex
	buckets map[string]*bucket
	pending map[string]int // handshakes in progress per address
	total   int            // handshakes in progress

	conns   atomic.Int64  // open connections (handshaking or authenticated)
	refused atomic.Uint64 // connections refused at accept time
	now     func() time.Time
}

type bucket struct {
	tokens float64
	last   time.Time
}

// maxBuckets bounds the per-address table; past it, full buckets are dropped.
const maxBuckets = 4096

func newLimiter(rate float64, burst, maxPending int) *limiter {
	if maxPending <= 0 {
		maxPending = DefaultMaxHandshakes
	}
	if rate > 0 && burst <= 0 {
		burst = max(1, int(2*rate))
	}
	return &limiter{rate: rate, burst: float64(burst), maxPending: maxPending, maxPendingPerIP: max(1, maxPending/4),
		buckets: map[string]*bucket{}, pending: map[string]int{}, now: time.Now}
}

func hostOf(addr net.Addr) string {
	if a, ok := addr.(*net.TCPAddr); ok {
		return a.IP.String()
	}
	host, _, err := net.SplitHostPort(addr.String())
	if err != nil {
		return addr.String()
	}
	return host
}

// admit takes a token and a handshake slot for ip, or refuses.
func (l *limiter) admit(ip string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.total >= l.maxPending || l.pending[ip] >= l.maxPendingPerIP {
		return false
	}
	if l.rate > 0 {
		now := l.now()
		b := l.buckets[ip]
		if b == nil {
			if len(l.buckets) >= maxBuckets {
				l.prune(now)
			}
			b = &bucket{tokens: l.burst, last: now}
			l.buckets[ip] = b
		}
		b.tokens = min(l.burst, b.tokens+now.Sub(b.last).Seconds()*l.rate)
		b.last = now
		if b.tokens < 1 {
			return false
		}
		b.tokens--
	}
	l.pending[ip]++
	l.total++
	return true
}

// prune drops the buckets that have refilled (they hold no history worth
// keeping); l.mu is held.
func (l *limiter) prune(now time.Time) {
	for ip, b := range l.buckets {
		if b.tokens+now.Sub(b.last).Seconds()*l.rate >= l.burst {
			delete(l.buckets, ip)
		}
	}
}

func (l *limiter) release(ip string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.total--
	if l.pending[ip]--; l.pending[ip] <= 0 {
		delete(l.pending, ip)
	}
}

// handshakes is how many connections have not finished authenticating.
func (l *limiter) handshakes() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.total
}

type slotKey struct{}

// slot is one connection's claim on the limiter: its handshake slot until
// authentication succeeds or the connection closes, and its place in the
// connection count until it closes.
type slot struct {
	l         *limiter
	ip        string
	handshake sync.Once
	closed    sync.Once
}

func (s *slot) doneHandshake() { s.handshake.Do(func() { s.l.release(s.ip) }) }

func (s *slot) close() {
	s.closed.Do(func() {
		s.doneHandshake()
		s.l.conns.Add(-1)
	})
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

// connCallback is the ssh.Server's ConnCallback: returning nil closes the
// connection before the SSH version exchange.
func (l *limiter) connCallback(ctx ssh.Context, conn net.Conn) net.Conn {
	ip := hostOf(conn.RemoteAddr())
	if !l.admit(ip) {
		l.refused.Add(1)
		return nil
	}
	l.conns.Add(1)
	s := &slot{l: l, ip: ip}
	ctx.SetValue(slotKey{}, s)
	return &trackedConn{Conn: conn, slot: s}
}

// authenticated frees the handshake slot of the connection of ctx.
func authenticated(ctx ssh.Context) {
	if s, ok := ctx.Value(slotKey{}).(*slot); ok {
		s.doneHandshake()
	}
}
