package sshserver

import (
	"io"
	"log/slog"
	"net"
	"net/netip"
	"sync/atomic"
	"testing"
	"time"

	"xietong/model"
)

func TestParseStartupsAndPenalties(t *testing.T) {
	for in, want := range map[string]Startups{
		"128:30:512": {128, 30, 512}, "64": {64, 100, 64}, "0": {}, "10:100:10": {10, 100, 10},
	} {
		got, err := ParseStartups(in)
		if err != nil || got != want {
			t.Errorf("ParseStartups(%q) = %+v, %v", in, got, err)
		}
	}
	for _, bad := range []string{"", "x", "10:30", "20:30:10", "10:101:20", "-1", "1:2:3:4"} {
		if _, err := ParseStartups(bad); err == nil {
			t.Errorf("ParseStartups(%q) accepted", bad)
		}
	}
	def, err := ParsePenalties(DefaultPenalties)
	if err != nil || def.AuthFail != 2*time.Second || def.Stall != 10*time.Second || def.Min != 30*time.Second || def.Max != 10*time.Minute {
		t.Fatalf("default penalties %+v, %v", def, err)
	}
	if def.String() != DefaultPenalties {
		t.Fatalf("String %q", def.String())
	}
	// Fields left out keep their defaults.
	p, err := ParsePenalties("stall:1m")
	if err != nil || p.Stall != time.Minute || p.AuthFail != def.AuthFail || p.Max != def.Max {
		t.Fatalf("partial %+v, %v", p, err)
	}
	if p, err := ParsePenalties("off"); err != nil || !p.off() {
		t.Fatalf("off: %+v, %v", p, err)
	}
	for _, bad := range []string{"authfail", "nope:1s", "stall:-1s", "min:1h,max:1m", "stall:x"} {
		if _, err := ParsePenalties(bad); err == nil {
			t.Errorf("ParsePenalties(%q) accepted", bad)
		}
	}
	pf, err := ParsePrefixes("192.0.2.7, 10.0.0.0/8,2001:db8::/32")
	if err != nil || len(pf) != 3 || !pf[0].Contains(netip.MustParseAddr("192.0.2.7")) || pf[0].Contains(netip.MustParseAddr("192.0.2.8")) {
		t.Fatalf("prefixes %v, %v", pf, err)
	}
	if _, err := ParsePrefixes("10.0.0.0/33"); err == nil {
		t.Fatal("bad prefix accepted")
	}
}

// testAdmission is an admission on a clock the test moves, with a chosen
// random draw.
func testAdmission(t *testing.T, st, pen string) (*admission, *time.Time, *float64) {
	t.Helper()
	s, err := ParseStartups(st)
	if err != nil {
		t.Fatal(err)
	}
	p, err := ParsePenalties(pen)
	if err != nil {
		t.Fatal(err)
	}
	a := newAdmission(s, p, 0, 0, slog.New(slog.NewTextHandler(io.Discard, nil)))
	now, draw := time.Unix(0, 0), 0.5
	a.now = func() time.Time { return now }
	a.chance = func() float64 { return draw }
	return a, &now, &draw
}

// MaxStartups: nobody is refused below start, whatever the draw; from start
// a draw under the drop chance refuses; at full everyone is refused. One
// address may hold every slot: connecting costs nothing per address.
func TestStartupsRandomEarlyDrop(t *testing.T) {
	a, _, draw := testAdmission(t, "10:30:20", "off")
	src := netip.MustParseAddr("192.0.2.1")
	*draw = 0
	for i := range 10 {
		if r := a.admit(src); r != admitted {
			t.Fatalf("connection %d refused below start", i)
		}
	}
	if c := a.startups.dropChance(10); c != 0.30 {
		t.Fatalf("chance at start %v", c)
	}
	if c := a.startups.dropChance(15); c < 0.649 || c > 0.651 {
		t.Fatalf("chance half way %v", c)
	}
	*draw = 0.29
	if a.admit(src) != refusedBusy {
		t.Fatal("draw under the chance admitted")
	}
	*draw = 0.31
	if a.admit(src) != admitted || a.handshakes() != 11 {
		t.Fatal("draw over the chance refused")
	}
	for a.handshakes() < 20 {
		*draw = 0.999
		if a.admit(src) != admitted {
			t.Fatalf("refused at %d with the highest draw", a.handshakes())
		}
	}
	*draw = 0.9999
	if a.admit(src) != refusedBusy {
		t.Fatal("admitted at full")
	}
	a.leave()
	if a.handshakes() != 19 {
		t.Fatal("leave")
	}
	if nocap, _, _ := testAdmission(t, "0", "off"); nocap.startups.dropChance(1e6) != 0 {
		t.Fatal("no cap refuses")
	}
}

// PerSourcePenalties: owed time adds up and runs down with the clock; a
// source is refused only once it owes more than min, only at its own
// address, never past max, and never when exempt.
func TestPenalties(t *testing.T) {
	a, now, _ := testAdmission(t, "0", "authfail:5s,stall:10s,min:15s,max:1m")
	src, other := netip.MustParseAddr("192.0.2.1"), netip.MustParseAddr("192.0.2.2")
	a.penalise(src, penaltyAuthFail)
	a.penalise(src, penaltyAuthFail)
	a.penalise(src, penaltyAuthFail) // 15 s: not more than min
	if a.admit(src) != admitted || a.penalised() != 0 {
		t.Fatal("refused at min")
	}
	*now = now.Add(2 * time.Second) // 13 s left
	a.penalise(src, penaltyStall)   // 23 s
	if a.admit(src) != refusedPenalised || a.admit(other) != admitted || a.penalised() != 1 {
		t.Fatal("penalty not applied to its source alone")
	}
	*now = now.Add(22 * time.Second)
	if a.admit(src) != refusedPenalised {
		t.Fatal("released early")
	}
	*now = now.Add(time.Second)
	if a.admit(src) != admitted || a.penalised() != 0 {
		t.Fatal("not released when paid")
	}
	for range 20 {
		a.penalise(src, penaltyStall)
	}
	*now = now.Add(time.Minute)
	if a.admit(src) != admitted {
		t.Fatal("owed more than max")
	}
	a.pen.Exempt, _ = ParsePrefixes("192.0.2.0/24")
	for range 20 {
		a.penalise(src, penaltyStall)
	}
	if a.admit(src) != admitted {
		t.Fatal("exempt source penalised")
	}
	// IPv6 sources are counted by their /64; IPv4 in IPv6 as IPv4.
	tcp := func(ip string) *net.TCPAddr { return &net.TCPAddr{IP: net.ParseIP(ip), Port: 2222} }
	if sourceOf(tcp("2001:db8:1:2::1")) != sourceOf(tcp("2001:db8:1:2:ffff::9")) ||
		sourceOf(tcp("2001:db8:1:2::1")) == sourceOf(tcp("2001:db8:1:3::1")) ||
		sourceOf(tcp("::ffff:192.0.2.1")) != src {
		t.Fatal("sources")
	}
}

// The session table: the server cap keeps its last places for
// administrators, and each account has its own terminal and exec caps.
func TestSessionTable(t *testing.T) {
	tab := newSessionTable(SessionLimits{Max: 6, AdminReserve: 2, AccountTerminals: 2, AccountExecs: 3})
	alice := &model.User{Login: "alice", Role: model.RoleMember}
	bob := &model.User{Login: "bob", Role: model.RoleMember}
	admin := &model.User{Login: "admin", Role: model.RoleAdmin}
	take := func(u *model.User, k sessionKind) (func(), string) {
		rel, why := tab.admit(u, k)
		if why != nil {
			return nil, why.Key
		}
		return rel, ""
	}
	var held []func()
	for range 2 {
		rel, why := take(alice, kindTerminal)
		if why != "" {
			t.Fatalf("alice terminal: %s", why)
		}
		held = append(held, rel)
	}
	if _, why := take(alice, kindTerminal); why != "rel.account_terminals" {
		t.Fatalf("third terminal: %q", why)
	}
	for range 2 {
		rel, why := take(alice, kindExec)
		if why != "" {
			t.Fatalf("alice exec: %s", why)
		}
		held = append(held, rel)
	}
	// 4 open of 6, 2 kept for administrators: bob is refused, admin is not.
	if _, why := take(bob, kindExec); why != "rel.busy" {
		t.Fatalf("bob at the reserve: %q", why)
	}
	for range 2 {
		rel, why := take(admin, kindExec)
		if why != "" {
			t.Fatalf("admin in the reserve: %s", why)
		}
		held = append(held, rel)
	}
	if _, why := take(admin, kindTerminal); why != "rel.busy" {
		t.Fatalf("admin past the cap: %q", why)
	}
	held[0]()
	held[0]() // twice is once
	if open, busy, account := tab.counts(); open != 5 || busy != 2 || account != 1 {
		t.Fatalf("counts %d %d %d", open, busy, account)
	}
	held[4]()
	held[5]() // the administrator's two
	if _, why := take(alice, kindTerminal); why != "" {
		t.Fatalf("alice after closing one: %s", why)
	}
	for _, rel := range held[1:4] {
		rel()
	}
	if len(tab.by) != 1 { // alice's last terminal
		t.Fatalf("table %v", tab.by)
	}
}

// fakeClock is a clock a test moves by hand.
type fakeClock struct{ t atomic.Int64 }

func (c *fakeClock) now() time.Time          { return time.Unix(0, c.t.Load()) }
func (c *fakeClock) advance(d time.Duration) { c.t.Add(int64(d)) }

// TestIdleWatch drives the watch's checks by hand on a clock of its own;
// its timers (an hour) never fire meanwhile.
func TestIdleWatch(t *testing.T) {
	clock := &fakeClock{}
	clock.t.Store(time.Date(2026, 11, 2, 8, 0, 0, 0, time.UTC).UnixNano())
	warned, expired := make(chan time.Duration, 4), make(chan struct{}, 4)
	watch := func(warn func(time.Duration)) *idleWatch {
		w := newIdleWatch(time.Hour, 10*time.Minute, warn, func() { expired <- struct{}{} })
		w.now = clock.now
		w.start()
		t.Cleanup(w.stop)
		return w
	}
	quiet := func(what string) {
		t.Helper()
		select {
		case <-warned:
			t.Fatalf("%s: warned", what)
		case <-expired:
			t.Fatalf("%s: expired", what)
		default:
		}
	}

	w := watch(func(left time.Duration) { warned <- left })
	clock.advance(49 * time.Minute)
	w.check()
	quiet("at 49 min")
	clock.advance(time.Minute)
	w.check()
	if left := <-warned; left != 10*time.Minute {
		t.Fatalf("warned with %v left", left)
	}
	w.check()
	quiet("a second check at 50 min") // one warning per idle spell
	// A touch starts the count again.
	w.touch()
	clock.advance(59 * time.Minute)
	w.check()
	if left := <-warned; left != time.Minute {
		t.Fatalf("warned again with %v left", left)
	}
	clock.advance(time.Minute)
	w.check()
	<-expired
	w.check()
	quiet("after expiring") // once only

	// A stopped watch never fires.
	w = watch(func(time.Duration) { t.Error("warned") })
	w.stop()
	clock.advance(2 * time.Hour)
	w.check()
	quiet("stopped")

	// Without a warning function it only expires.
	w = watch(nil)
	clock.advance(time.Hour)
	w.check()
	<-expired

	// Paused, it does not count: the count starts again when it resumes.
	var paused atomic.Bool
	paused.Store(true)
	w = watch(nil)
	w.paused = paused.Load
	clock.advance(2 * time.Hour)
	w.check()
	quiet("paused")
	paused.Store(false)
	clock.advance(59 * time.Minute)
	w.check()
	quiet("59 min after resuming")
	clock.advance(time.Minute)
	w.check()
	<-expired
}
