package main

import (
	"context"
	"fmt"
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"

	"xietong/model"
)

// delayProxy forwards loopback TCP connections to target, holding every
// chunk oneWay in each direction, so that a round trip takes 2·oneWay more
// than on loopback: a branch office's link, for the shift-start case. All
// connections reach the server from the proxy's one address, as from
// behind a NAT. It returns the address to dial.
func delayProxy(t *testing.T, target string, oneWay time.Duration) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	t.Cleanup(func() { ln.Close(); wg.Wait() })
	wg.Go(func() {
		for {
			in, err := ln.Accept()
			if err != nil {
				return
			}
			out, err := net.Dial("tcp", target)
			if err != nil {
				in.Close()
				continue
			}
			wg.Go(func() { delayCopy(out, in, oneWay) })
			wg.Go(func() { delayCopy(in, out, oneWay) })
		}
	})
	return ln.Addr().String()
}

// delayCopy copies src to dst, each chunk written oneWay after it was read;
// chunks keep their order and do not wait for each other (the link's
// latency, not its bandwidth). The end of src closes dst.
func delayCopy(dst, src net.Conn, oneWay time.Duration) {
	type chunk struct {
		b  []byte
		at <-chan time.Time
	}
	chunks := make(chan chunk, 1024)
	go func() {
		defer close(chunks)
		for {
			b := make([]byte, 32<<10)
			n, err := src.Read(b)
			if n > 0 {
				chunks <- chunk{b[:n], time.After(oneWay)}
			}
			if err != nil {
				return
			}
		}
	}()
	for c := range chunks {
		<-c.at
		if _, err := dst.Write(c.b); err != nil {
			break
		}
	}
	dst.Close()
	src.Close()
	for range chunks { // let the reader end
	}
}

// The shift start of a branch office: sixty people behind one NAT address
// log in, over a link of 80 ms and of 200 ms round trip, all at the same
// instant and spread over one second, with the flags' defaults. Every one
// of them gets in.
func TestNATShiftStartThroughDelayingProxy(t *testing.T) {
	if testing.Short() {
		t.Skip("several seconds of simulated latency")
	}
	ts := startServer(t, defaultFlags(t))
	keys := people(t, ts, 60)
	for _, rtt := range []time.Duration{80 * time.Millisecond, 200 * time.Millisecond} {
		addr := delayProxy(t, ts.addr, rtt/2)
		for _, spread := range []time.Duration{0, time.Second} {
			t.Run(fmt.Sprintf("rtt %v spread %v", rtt, spread), func(t *testing.T) {
				var in atomic.Int32
				var mu sync.Mutex
				var failed []string
				var wg sync.WaitGroup
				start := make(chan struct{})
				for i, k := range keys {
					wg.Go(func() {
						<-start
						if spread > 0 {
							<-time.After(spread * time.Duration(i) / time.Duration(len(keys)))
						}
						login := fmt.Sprintf("p%02d", i)
						err := natLogin(addr, login, k)
						mu.Lock()
						defer mu.Unlock()
						if err != nil {
							failed = append(failed, login+": "+err.Error())
							return
						}
						in.Add(1)
					})
				}
				close(start)
				wg.Wait()
				t.Logf("RTT %v, spread %v: %d/60 got in", rtt, spread, in.Load())
				if len(failed) > 0 {
					t.Fatalf("%d of 60 did not get in:\n%s", len(failed), strings.Join(failed, "\n"))
				}
			})
		}
	}
	if st := ts.m.Server.Stats(); st.RefusedStartups+st.RefusedPenalty+st.Stalled != 0 {
		t.Fatalf("refused or stalled: %+v", st)
	}
}

// natLogin logs in as login over addr and runs whoami.
func natLogin(addr, login string, key gossh.Signer) error {
	c, err := gossh.Dial("tcp", addr, &gossh.ClientConfig{User: login, Auth: []gossh.AuthMethod{gossh.PublicKeys(key)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: waitTimeout})
	if err != nil {
		return err
	}
	defer c.Close()
	s, err := c.NewSession()
	if err != nil {
		return err
	}
	defer s.Close()
	out, err := s.Output("whoami --json")
	if err != nil || !strings.Contains(string(out), `"login": "`+login+`"`) {
		return fmt.Errorf("whoami: %v %s", err, out)
	}
	return nil
}

// BenchmarkLogins is full public-key logins held against the real server
// with the flags' defaults: connect, key exchange, authentication, one
// session channel running whoami, close. It reports logins per second.
//
//	go test ./cmd/xietong -run '^$' -bench Logins -benchtime 10s
func BenchmarkLogins(b *testing.B) {
	cfg := defaultFlags(b)
	cfg.DataDir, cfg.Addr, cfg.TZ, cfg.Lang, cfg.Company = b.TempDir(), "127.0.0.1:0", "Asia/Shanghai", "zh", "测试食品厂"
	cfg.Now, cfg.StillClock, cfg.Holidays = testNow(), true, testHolidays
	m := &Main{Config: cfg, Log: discardLogger()}
	if err := m.Run(context.Background()); err != nil {
		m.Close()
		b.Fatal(err)
	}
	defer m.Close()
	const accounts = 64
	keys := make([]gossh.Signer, accounts)
	for i := range keys {
		s := newSigner(b)
		keys[i] = s
		u := &model.User{Login: fmt.Sprintf("p%02d", i), Name: fmt.Sprintf("员工%d", i), Dept: model.DeptSales,
			Role: model.RoleMember, Keys: []model.Key{{Authorized: authorized(s)}}}
		if _, err := m.Svc.Users.CreateUser(context.Background(), nil, u); err != nil {
			b.Fatal(err)
		}
	}
	var next atomic.Int32
	b.SetParallelism(8)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		i := int(next.Add(1)) % accounts
		for pb.Next() {
			if err := natLogin(m.Addr(), fmt.Sprintf("p%02d", i), keys[i]); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.StopTimer()
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "logins/s")
	if st := m.Server.Stats(); st.RefusedStartups+st.RefusedPenalty != 0 {
		b.Fatalf("refused: %+v", st)
	}
}
