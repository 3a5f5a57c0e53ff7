package main

import (
	"net"
	"runtime"
	"sync"
	"testing"
	"time"

	gossh "golang.org/x/crypto/ssh"
)

// 1,000 connect/disconnect cycles, some dropped mid-handshake and some in the
// middle of a form, leave no goroutines or feed subscriptions behind.
func TestConnectDisconnectLeavesNothing(t *testing.T) {
	ts := startServer(t, Config{Demo: true})
	// Warm up once so lazily started runtime goroutines are counted before.
	warm := ts.open("office", 100, 30, "")
	warm.waitText("今天需要你处理的事")
	warm.close()
	waitUntil(t, "warm-up session gone", func() bool { return ts.m.Server.Sessions() == 0 })
	runtime.GC()
	before := runtime.NumGoroutine()

	const cycles = 1000
	var wg sync.WaitGroup
	work := make(chan int)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				switch i % 4 {
				case 0: // dropped before the SSH handshake
					if c, err := net.Dial("tcp", ts.addr); err == nil {
						c.Close()
					}
				case 1: // dropped mid-handshake: the version line only
					if c, err := net.Dial("tcp", ts.addr); err == nil {
						c.Write([]byte("SSH-2.0-leaktest\r\n"))
						c.Close()
					}
				case 2: // an exec command
					c, err := gossh.Dial("tcp", ts.addr, &gossh.ClientConfig{User: "sales", Auth: []gossh.AuthMethod{gossh.Password("")},
						HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: waitTimeout})
					if err == nil {
						if s, err := c.NewSession(); err == nil {
							s.Run("whoami")
						}
						c.Close()
					}
				case 3: // a terminal session that opens a form and drops
					c, err := gossh.Dial("tcp", ts.addr, &gossh.ClientConfig{User: "office", Auth: []gossh.AuthMethod{gossh.Password("")},
						HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: waitTimeout})
					if err != nil {
						continue
					}
					s, err := c.NewSession()
					if err == nil && s.RequestPty("xterm", 30, 100, gossh.TerminalModes{}) == nil {
						in, _ := s.StdinPipe()
						out, _ := s.StdoutPipe()
						if s.Shell() == nil {
							buf := make([]byte, 4096)
							out.Read(buf) // the first frame
							in.Write([]byte("2n half a title"))
							out.Read(buf)
						}
					}
					c.Close()
				}
			}
		}()
	}
	for i := range cycles {
		work <- i
	}
	close(work)
	wg.Wait()

	waitUntil(t, "sessions to end", func() bool { return ts.m.Server.Sessions() == 0 })
	waitUntil(t, "subscriptions released", func() bool { return ts.m.Svc.Feed.Subscribers() == 0 })
	deadline := time.Now().Add(waitTimeout)
	after := runtime.NumGoroutine()
	for after > before+5 && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
		runtime.GC()
		after = runtime.NumGoroutine()
	}
	t.Logf("goroutines before %d, after %d cycles %d", before, cycles, after)
	if after > before+5 {
		buf := make([]byte, 1<<20)
		n := runtime.Stack(buf, true)
		t.Fatalf("%d goroutines left behind:\n%s", after-before, buf[:n])
	}
}
