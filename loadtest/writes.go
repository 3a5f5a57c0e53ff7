package loadtest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	mrand "math/rand/v2"
	"slices"
	"strings"
	"sync"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"xietong/demo"
)

// Writes beside the keystroke phase: a writer issues WritesPerSecond exec
// commands over its own SSH connections, one per write, each carrying a
// token (see tokens.go), and times each command to its exit (the
// acknowledgement). The sessions note when they first show each token; the
// report gives ack → seen per session and per write.

// Write kinds.
const (
	WriteAnomaly = "anomaly" // `anomaly file` as the anomaly login: sales are alerted
	WriteOrder   = "order"   // `orders import --csv` as the order login: the orders screen lists it
	WriteNotice  = "notice"  // `notices post` as the notice login: sales and production are told
	WriteMixed   = "mixed"   // the three in turn
)

// WriteKinds lists the kinds --write-kind accepts.
var WriteKinds = []string{WriteAnomaly, WriteOrder, WriteNotice, WriteMixed}

// MaxWritesPerSecond bounds the writer.
const MaxWritesPerSecond = 100

// DefaultSeenWindow: a session that shows a write's token later than this
// after the acknowledgement is not counted for it.
const DefaultSeenWindow = 5 * time.Second

// maxInFlight bounds the writes running at once: the writer keeps its
// schedule while one command is slow, up to this many.
const maxInFlight = 8

// WriteLogins are the logins that write each kind.
type WriteLogins struct {
	Anomaly string // default shop (a production worker files an anomaly)
	Order   string // default sales
	Notice  string // default office
}

func (c *Config) writeDefaults() error {
	if c.WritesPerSecond < 0 || c.WritesPerSecond > MaxWritesPerSecond {
		return fmt.Errorf("writes per second must be 0 to %d", MaxWritesPerSecond)
	}
	if c.WriteKind == "" {
		c.WriteKind = WriteMixed
	}
	if !slices.Contains(WriteKinds, c.WriteKind) {
		return fmt.Errorf("unknown write kind %q (use %s)", c.WriteKind, strings.Join(WriteKinds, ", "))
	}
	if c.WriteLogins.Anomaly == "" {
		c.WriteLogins.Anomaly = "shop"
	}
	if c.WriteLogins.Order == "" {
		c.WriteLogins.Order = "sales"
	}
	if c.WriteLogins.Notice == "" {
		c.WriteLogins.Notice = "office"
	}
	if len(c.WriteProducts) == 0 {
		for _, p := range demo.Products {
			c.WriteProducts = append(c.WriteProducts, p.Code)
		}
	}
	if len(c.WriteCustomers) == 0 {
		for _, cu := range demo.Customers {
			c.WriteCustomers = append(c.WriteCustomers, cu.Code)
		}
	}
	if c.SeenWindow <= 0 {
		c.SeenWindow = DefaultSeenWindow
	}
	return nil
}

// WriteReport is what the writer did and how fast the sessions showed it.
type WriteReport struct {
	PerSecond float64 `json:"per_second"`
	Kind      string  `json:"kind"`
	Logins    string  `json:"logins"` // who wrote each kind
	Done      int     `json:"done"`
	Failed    int     `json:"failed"`
	Example   string  `json:"failed_example,omitempty"`
	// Ack is write → acknowledged: from opening the exec channel to the
	// command's exit status, over the writer's open connection.
	Ack Summary `json:"ack"`
	// Propagation is ack → first seen, over every (session, write) where the
	// session showed the token within the window; Slowest is, per write
	// seen at all, the slowest of those sessions.
	Propagation Summary `json:"propagation"`
	Slowest     Summary `json:"propagation_slowest"`
	// MeanSessions is how many sessions showed a done write, on average
	// (writes no session showed count as 0); Unseen counts those writes.
	MeanSessions float64 `json:"mean_sessions_seen"`
	Unseen       int     `json:"unseen"`
	// BeforeAck counts sightings before the exit status arrived (a session
	// may draw the change before the writer hears back): counted as 0.
	// TooLate counts sightings past the window: not counted.
	BeforeAck  int           `json:"seen_before_ack"`
	TooLate    int           `json:"seen_too_late"`
	WindowMS   int64         `json:"window_ms"`
	Sessions   int           `json:"sessions"`
	ServerDate string        `json:"server_date,omitempty"` // the day orders are requested from
	ByKind     []KindSummary `json:"by_kind"`
}

// KindSummary is the writes of one kind.
type KindSummary struct {
	Kind         string  `json:"kind"`
	Done         int     `json:"done"`
	Failed       int     `json:"failed"`
	Seen         int     `json:"seen"` // writes at least one session showed
	MeanSessions float64 `json:"mean_sessions_seen"`
	Ack          Summary `json:"ack"`
	Propagation  Summary `json:"propagation"`
}

// write is one write's record.
type write struct {
	kind       string
	token      tokenDigits
	start, ack time.Time
	err        string // "" when acknowledged with exit 0
}

// writer issues the writes.
type writer struct {
	r       *runner
	kinds   []string
	gen     tokenGen
	today   time.Time // the server's date (midnight UTC of that day); zero: unknown
	mu      sync.Mutex
	clients map[string]*gossh.Client // by login
	writes  []*write
}

// newWriter dials the writer's connections and finds the server's date for
// order writes. A failure here is not fatal: the writes it affects fail and
// say why.
func (r *runner) newWriter(ctx context.Context) *writer {
	cfg := r.cfg
	w := &writer{r: r, gen: tokenGen{salt: mrand.IntN(10000)}, clients: map[string]*gossh.Client{}}
	switch cfg.WriteKind {
	case WriteMixed:
		w.kinds = []string{WriteAnomaly, WriteOrder, WriteNotice}
	default:
		w.kinds = []string{cfg.WriteKind}
	}
	if slices.Contains(w.kinds, WriteOrder) {
		w.today = w.serverDate(ctx)
	}
	return w
}

// client returns the open connection of login, dialling it when needed.
func (w *writer) client(login string) (*gossh.Client, error) {
	w.mu.Lock()
	c := w.clients[login]
	w.mu.Unlock()
	if c != nil {
		return c, nil
	}
	c, err := Dial(w.r.cfg.Addr, login, w.r.signer, w.r.cfg.ConnectTimeout)
	if err != nil {
		return nil, err
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if old := w.clients[login]; old != nil {
		c.Close()
		return old, nil
	}
	w.clients[login] = c
	return c, nil
}

// drop forgets login's connection after a failure, so the next write dials.
func (w *writer) drop(login string, c *gossh.Client) {
	w.mu.Lock()
	if w.clients[login] == c {
		delete(w.clients, login)
	}
	w.mu.Unlock()
	c.Close()
}

func (w *writer) close() {
	w.mu.Lock()
	defer w.mu.Unlock()
	for l, c := range w.clients {
		c.Close()
		delete(w.clients, l)
	}
}

// exec runs one command as login and returns its stdout, or an error with
// the first line it printed.
func (w *writer) exec(ctx context.Context, login, cmd, stdin string) (string, error) {
	c, err := w.client(login)
	if err != nil {
		return "", err
	}
	s, err := c.NewSession()
	if err != nil {
		w.drop(login, c)
		return "", err
	}
	defer s.Close()
	var out, errb bytes.Buffer
	s.Stdout, s.Stderr = &out, &errb
	if stdin != "" {
		s.Stdin = strings.NewReader(stdin)
	}
	done := make(chan error, 1)
	go func() { done <- s.Run(cmd) }()
	t := time.NewTimer(w.r.cfg.ConnectTimeout)
	defer t.Stop()
	select {
	case err = <-done:
	case <-ctx.Done():
		return "", ctx.Err()
	case <-t.C:
		return "", fmt.Errorf("%s: no answer within %s", firstWord(cmd), w.r.cfg.ConnectTimeout)
	}
	if err != nil {
		msg := firstLine(errb.String())
		if msg == "" {
			msg = err.Error()
		}
		var exit *gossh.ExitError
		if !errors.As(err, &exit) {
			w.drop(login, c)
		}
		return out.String(), fmt.Errorf("%s as %s: %s", firstWord(cmd), login, msg)
	}
	return out.String(), nil
}

func firstWord(cmd string) string {
	a, b, _ := strings.Cut(cmd, " ")
	if b2, _, _ := strings.Cut(b, " "); b2 != "" && !strings.HasPrefix(b2, "-") {
		return a + " " + b2
	}
	return a
}

// serverDate asks the server for its date, so that an order's requested
// date lies a few days after the server's today whatever its clock says:
// from the shortfall table's day (`shortfall show --json`), else from the
// first line of the reply queue (its reply deadline less the time left to
// it), else from the deadline board's first item. Zero when none of them
// tells.
func (w *writer) serverDate(ctx context.Context) time.Time {
	login := w.r.cfg.WriteLogins.Order
	if out, err := w.exec(ctx, login, "shortfall show --json", ""); err == nil {
		var sf struct {
			Date string `json:"date"`
		}
		if json.Unmarshal([]byte(out), &sf) == nil {
			if d, err := time.Parse(time.DateOnly, sf.Date); err == nil {
				return d
			}
		}
	}
	if out, err := w.exec(ctx, login, "queue --limit 1 --json", ""); err == nil {
		var q struct {
			Entries []struct {
				ReplyDue  string `json:"reply_due"`
				Remaining int64  `json:"remaining_seconds"`
			} `json:"entries"`
		}
		if json.Unmarshal([]byte(out), &q) == nil && len(q.Entries) > 0 {
			if due, err := time.Parse(time.RFC3339, q.Entries[0].ReplyDue); err == nil {
				now := due.Add(-time.Duration(q.Entries[0].Remaining) * time.Second)
				return time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
			}
		}
	}
	if out, err := w.exec(ctx, login, "deadlines --json", ""); err == nil {
		var items []struct {
			Due string `json:"due"`
		}
		if json.Unmarshal([]byte(out), &items) == nil && len(items) > 0 {
			if due, err := time.Parse(time.RFC3339, items[0].Due); err == nil {
				return time.Date(due.Year(), due.Month(), due.Day(), 0, 0, 0, 0, time.UTC)
			}
		}
	}
	w.r.logf("writes: the server's date is unknown; orders are requested from this machine's date")
	return time.Time{}
}

// command is write k's exec command line, stdin and login.
func (w *writer) command(k int, kind string, tok tokenDigits) (login, cmd, stdin string) {
	cfg := w.r.cfg
	product := cfg.WriteProducts[k%len(cfg.WriteProducts)]
	switch kind {
	case WriteAnomaly:
		return cfg.WriteLogins.Anomaly, fmt.Sprintf(`anomaly file --category equipment --severity 2 --text "%s load test" --products %s --delay 1`,
			tok, product), ""
	case WriteOrder:
		today := w.today
		if today.IsZero() {
			n := time.Now()
			today = time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, time.UTC)
		}
		requested := today.AddDate(0, 0, 3+k%5).Format(time.DateOnly)
		customer := cfg.WriteCustomers[k%len(cfg.WriteCustomers)]
		csv := fmt.Sprintf("order_no,customer,product,qty,requested_date,remarks\n%s,%s,%s,%d,%s,load test\n",
			tok, customer, product, 10+k%50, requested)
		return cfg.WriteLogins.Order, "orders import --csv", csv
	default:
		return cfg.WriteLogins.Notice, fmt.Sprintf(`notices post --title "%s load test" --dept sales,production`, tok), ""
	}
}

// run issues the writes on schedule until deadline, then waits for those
// in flight.
func (w *writer) run(ctx context.Context, deadline time.Time) {
	interval := time.Duration(float64(time.Second) / w.r.cfg.WritesPerSecond)
	sem := make(chan struct{}, maxInFlight)
	var wg sync.WaitGroup
	defer wg.Wait()
	next := time.Now()
	for k := 0; next.Before(deadline); k++ {
		t := time.NewTimer(time.Until(next))
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return
		}
		select {
		case sem <- struct{}{}:
		case <-ctx.Done():
			return
		}
		kind := w.kinds[k%len(w.kinds)]
		tok := w.gen.next()
		wr := &write{kind: kind, token: tok}
		w.mu.Lock()
		idx := len(w.writes)
		w.writes = append(w.writes, wr)
		w.mu.Unlock()
		// The sessions look for the token from now on.
		w.r.tokens.add(tok, idx)
		login, cmd, stdin := w.command(k, kind, tok)
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			start := time.Now()
			_, err := w.exec(ctx, login, cmd, stdin)
			ack := time.Now()
			w.mu.Lock()
			wr.start, wr.ack = start, ack
			if err != nil {
				wr.err = err.Error()
			}
			w.mu.Unlock()
		}()
		next = next.Add(interval)
	}
}

// lastAck is when the last write was acknowledged.
func (w *writer) lastAck() time.Time {
	w.mu.Lock()
	defer w.mu.Unlock()
	var last time.Time
	for _, wr := range w.writes {
		if wr.ack.After(last) {
			last = wr.ack
		}
	}
	return last
}

// report matches the sessions' sightings (seen[i]: session i's first
// sighting of each write) against the writes.
func (w *writer) report(seen []map[int]time.Time, sessions int) *WriteReport {
	cfg := w.r.cfg
	w.mu.Lock()
	defer w.mu.Unlock()
	rep := &WriteReport{PerSecond: cfg.WritesPerSecond, Kind: cfg.WriteKind, WindowMS: cfg.SeenWindow.Milliseconds(), Sessions: sessions,
		Logins: fmt.Sprintf("anomaly %s, order %s, notice %s", cfg.WriteLogins.Anomaly, cfg.WriteLogins.Order, cfg.WriteLogins.Notice)}
	if !w.today.IsZero() {
		rep.ServerDate = w.today.Format(time.DateOnly)
	}
	type acc struct {
		ks         KindSummary
		ack, prop  []time.Duration
		sessionSum int
	}
	byKind := map[string]*acc{}
	for _, k := range w.kinds {
		byKind[k] = &acc{ks: KindSummary{Kind: k}}
	}
	var ack, prop, slowest []time.Duration
	var sessionSum int
	for idx, wr := range w.writes {
		a := byKind[wr.kind]
		if wr.ack.IsZero() && wr.err == "" {
			wr.err = "not finished"
		}
		if wr.err != "" {
			rep.Failed++
			a.ks.Failed++
			if rep.Example == "" {
				rep.Example = wr.err
			}
			continue
		}
		rep.Done++
		a.ks.Done++
		d := wr.ack.Sub(wr.start)
		ack, a.ack = append(ack, d), append(a.ack, d)
		var n int
		var slow time.Duration
		for _, m := range seen {
			at, ok := m[idx]
			if !ok {
				continue
			}
			p := at.Sub(wr.ack)
			switch {
			case p > cfg.SeenWindow:
				rep.TooLate++
				continue
			case p < 0:
				rep.BeforeAck++
				p = 0
			}
			n++
			prop, a.prop = append(prop, p), append(a.prop, p)
			slow = max(slow, p)
		}
		if n == 0 {
			rep.Unseen++
			continue
		}
		a.ks.Seen++
		slowest = append(slowest, slow)
		sessionSum += n
		a.sessionSum += n
	}
	rep.Ack, rep.Propagation, rep.Slowest = Summarize(ack), Summarize(prop), Summarize(slowest)
	if rep.Done > 0 {
		rep.MeanSessions = float64(sessionSum) / float64(rep.Done)
	}
	for _, k := range w.kinds {
		a := byKind[k]
		a.ks.Ack, a.ks.Propagation = Summarize(a.ack), Summarize(a.prop)
		if a.ks.Done > 0 {
			a.ks.MeanSessions = float64(a.sessionSum) / float64(a.ks.Done)
		}
		rep.ByKind = append(rep.ByKind, a.ks)
	}
	return rep
}
