package loadtest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"xietong/internal/proc"
)

// ServerStats is one reading of the server's memory.
type ServerStats struct {
	Available bool    `json:"available"`
	Error     string  `json:"error,omitempty"`
	Source    string  `json:"source,omitempty"` // "stats --json", "/proc" or both
	Sessions  int     `json:"sessions,omitempty"`
	HeapInuse uint64  `json:"heap_inuse,omitempty"`
	HeapAlloc uint64  `json:"heap_alloc,omitempty"`
	RSS       uint64  `json:"rss,omitempty"`
	Took      float64 `json:"took_ms,omitempty"` // how long the reading took
}

// ServerReport holds readings before the sessions (Idle), with them open
// and settled, at the end of the keystroke phase, and after they then sat
// idle, and the cost per session derived from them. Each point is read
// twice: with `stats --json --gc` (garbage collected and freed pages
// returned first: what the server holds) and, just before it, with plain
// `stats --json` (the *NoGC fields: what the system sees it use).
type ServerReport struct {
	Idle      ServerStats `json:"idle"`
	Connected ServerStats `json:"connected"`
	Loaded    ServerStats `json:"loaded"`
	IdleAfter ServerStats `json:"idle_after_keys"`
	// Per idle session: (idle after keys − before) / sessions, or from the
	// reading after connecting when there is no idle reading.
	RSSPerSession  float64 `json:"rss_per_session,omitempty"`
	HeapPerSession float64 `json:"heap_per_session,omitempty"`

	IdleNoGC           ServerStats `json:"idle_no_gc"`
	ConnectedNoGC      ServerStats `json:"connected_no_gc"`
	LoadedNoGC         ServerStats `json:"loaded_no_gc"`
	IdleAfterNoGC      ServerStats `json:"idle_after_keys_no_gc"`
	RSSPerSessionNoGC  float64     `json:"rss_per_session_no_gc,omitempty"`
	HeapPerSessionNoGC float64     `json:"heap_per_session_no_gc,omitempty"`

	// CPU is the server's processor time over the keystroke phase; nil
	// without a pid.
	CPU *CPUReport `json:"cpu,omitempty"`
}

// CPUReport is processor time used over wall time: cores busy on average.
type CPUReport struct {
	CPUSeconds  float64 `json:"cpu_seconds"`
	WallSeconds float64 `json:"wall_seconds"`
	Cores       float64 `json:"cores"`
	Source      string  `json:"source"` // "/proc/PID/stat"
	// WithLoadGenerator: the server runs in the load generator's process
	// (--serve-demo), so the figure is both together.
	WithLoadGenerator bool   `json:"with_load_generator,omitempty"`
	Error             string `json:"error,omitempty"`
}

func (sr *ServerReport) derive(sessions int) {
	sr.RSSPerSession, sr.HeapPerSession = perSession(sessions, sr.Idle, sr.Connected, sr.IdleAfter)
	sr.RSSPerSessionNoGC, sr.HeapPerSessionNoGC = perSession(sessions, sr.IdleNoGC, sr.ConnectedNoGC, sr.IdleAfterNoGC)
}

// perSession is the memory per idle session: (idle after keys − before) /
// sessions, or from the reading after connecting when there is no idle
// reading; 0 where the readings do not tell.
func perSession(sessions int, before, open, idle ServerStats) (rss, heap float64) {
	with := open
	if idle.Available {
		with = idle
	}
	if sessions == 0 || !before.Available || !with.Available {
		return 0, 0
	}
	n := float64(sessions)
	if with.Sessions > 0 {
		n = float64(with.Sessions - before.Sessions)
	}
	if n <= 0 {
		return 0, 0
	}
	if before.RSS > 0 && with.RSS > 0 {
		rss = (float64(with.RSS) - float64(before.RSS)) / n
	}
	h := func(s ServerStats) uint64 {
		if s.HeapInuse > 0 {
			return s.HeapInuse
		}
		return s.HeapAlloc
	}
	if h(before) > 0 && h(with) > 0 {
		heap = (float64(h(with)) - float64(h(before))) / n
	}
	return rss, heap
}

// serverStats reads plain `stats --json`, then `stats --json --gc`, and,
// if a pid is set, /proc; it returns the --gc reading and the plain one.
func (r *runner) serverStats(ctx context.Context) (gc, plain ServerStats) {
	start := time.Now()
	if r.cfg.StatsLogin != "" {
		plain = FetchStats(ctx, r.cfg.Addr, r.cfg.StatsLogin, r.signer, 30*time.Second, "stats --json")
		plain.Took = float64(time.Since(start).Microseconds()) / 1000
		start = time.Now()
		gc = FetchStats(ctx, r.cfg.Addr, r.cfg.StatsLogin, r.signer, 30*time.Second, "stats --json --gc")
		if !gc.Available {
			// A server without --gc: its plain numbers, garbage included.
			gc = plain
		}
	} else {
		gc.Error, plain.Error = "no stats login", "no stats login"
	}
	if r.cfg.ServerPID > 0 {
		if rss, err := proc.RSS(r.cfg.ServerPID); err == nil {
			gc = withRSS(gc, rss)
			if plain.Available {
				plain = withRSS(plain, rss)
			}
		}
	}
	gc.Took = float64(time.Since(start).Microseconds()) / 1000
	return gc, plain
}

// withRSS adds a /proc RSS reading to st (its own RSS is kept if it has one).
func withRSS(st ServerStats, rss uint64) ServerStats {
	if st.RSS == 0 {
		st.RSS = rss
	}
	st.Available = true
	if st.Source == "" {
		st.Source = "/proc"
	} else {
		st.Source += " + /proc"
	}
	return st
}

// cpuClock is a reading of the server's processor time at the start of the
// keystroke phase.
type cpuClock struct {
	pid     int
	inProc  bool
	wall    time.Time
	cpu     time.Duration
	err     error
	enabled bool
}

// startCPU reads the server's processor time when a pid is set.
func (r *runner) startCPU() *cpuClock {
	c := &cpuClock{pid: r.cfg.ServerPID, inProc: r.cfg.ServerInProcess, enabled: r.cfg.ServerPID > 0}
	if c.enabled {
		c.wall = time.Now()
		c.cpu, c.err = proc.CPU(c.pid)
	}
	return c
}

// stop reads it again and reports the cores used in between.
func (c *cpuClock) stop() *CPUReport {
	if !c.enabled {
		return nil
	}
	rep := &CPUReport{Source: fmt.Sprintf("/proc/%d/stat", c.pid), WithLoadGenerator: c.inProc}
	cpu, err := proc.CPU(c.pid)
	wall := time.Since(c.wall)
	if err = errors.Join(c.err, err); err != nil {
		rep.Error = err.Error()
		return rep
	}
	rep.CPUSeconds, rep.WallSeconds = (cpu - c.cpu).Seconds(), wall.Seconds()
	if wall > 0 {
		rep.Cores = rep.CPUSeconds / rep.WallSeconds
	}
	return rep
}

// FetchStats runs the admin exec command cmd (`stats --json`, with `--gc`
// to collect garbage first) and reads its numbers leniently; when the
// command is missing or says nothing useful the result is not Available and
// Error says why.
func FetchStats(ctx context.Context, addr, login string, signer gossh.Signer, timeout time.Duration, cmd string) ServerStats {
	st := ServerStats{}
	c, err := Dial(addr, login, signer, timeout)
	if err != nil {
		st.Error = "stats unavailable: " + err.Error()
		return st
	}
	defer c.Close()
	s, err := c.NewSession()
	if err != nil {
		st.Error = "stats unavailable: " + err.Error()
		return st
	}
	defer s.Close()
	var out, errb bytes.Buffer
	s.Stdout, s.Stderr = &out, &errb
	done := make(chan error, 1)
	go func() { done <- s.Run(cmd) }()
	select {
	case err = <-done:
	case <-ctx.Done():
		err = ctx.Err()
	case <-time.After(timeout):
		err = fmt.Errorf("no answer within %s", timeout)
	}
	if err != nil {
		msg := strings.TrimSpace(errb.String() + " " + out.String())
		if msg == "" {
			msg = err.Error()
		}
		st.Error = "stats unavailable: " + firstLine(msg)
		return st
	}
	st, err = ParseStats(out.Bytes())
	st.Source = cmd
	if err != nil {
		st.Error = "stats unavailable: " + err.Error()
	}
	return st
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(strings.TrimSpace(s), "\n")
	if len(s) > 160 {
		s = s[:160]
	}
	return s
}

// ParseStats reads the fields it knows from any JSON object, at any depth,
// with the key spelled in any case and with or without separators or a
// bytes suffix: sessions, heap_inuse, heap_alloc, rss.
func ParseStats(b []byte) (ServerStats, error) {
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return ServerStats{}, fmt.Errorf("not JSON: %w", err)
	}
	found := map[string]float64{}
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, val := range x {
				nk := normKey(k)
				if f, ok := number(val); ok {
					if _, seen := found[nk]; !seen {
						found[nk] = f
					}
				} else {
					walk(val)
				}
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(v)
	pick := func(names ...string) (float64, bool) {
		for _, n := range names {
			if f, ok := found[n]; ok {
				return f, true
			}
		}
		return 0, false
	}
	st := ServerStats{Source: "stats --json"}
	if f, ok := pick("sessions", "opensessions", "activesessions", "interactivesessions", "sessionsopen"); ok {
		st.Sessions, st.Available = int(f), true
	}
	if f, ok := pick("heapinuse", "heapinusebytes"); ok {
		st.HeapInuse, st.Available = uint64(f), true
	}
	if f, ok := pick("heapalloc", "heapallocbytes", "heap"); ok {
		st.HeapAlloc, st.Available = uint64(f), true
	}
	if f, ok := pick("rss", "rssbytes", "vmrss", "maxrss"); ok {
		st.RSS, st.Available = uint64(f), true
	}
	if !st.Available {
		return st, fmt.Errorf("none of sessions, heap_inuse, heap_alloc, rss in %s", firstLine(string(b)))
	}
	return st, nil
}

func normKey(k string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(k) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func number(v any) (float64, bool) {
	switch x := v.(type) {
	case float64:
		return x, true
	case string:
		f, err := strconv.ParseFloat(strings.TrimSpace(x), 64)
		return f, err == nil
	}
	return 0, false
}
