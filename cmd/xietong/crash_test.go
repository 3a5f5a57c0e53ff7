package main

import (
	"context"
	"math/rand/v2"
	"path/filepath"
	"regexp"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
	gossh "golang.org/x/crypto/ssh"

	"xietong/model"
	"xietong/store"
)

var filedRE = regexp.MustCompile(`#(\d+)`)

// A server killed with SIGKILL while it takes writes loses none that it
// acknowledged, and its file passes bbolt's consistency check.
func TestCrashKeepsAcknowledgedWrites(t *testing.T) {
	dir := t.TempDir()
	for round := range 3 {
		c, _ := startChild(t, "--demo", "--data", dir, "--addr", "127.0.0.1:0")
		var mu sync.Mutex
		acked := map[uint64]bool{}
		stop := make(chan struct{})
		// first is closed at the first acknowledged write: the kill comes
		// after it, however slowly the machine starts the writers.
		first := make(chan struct{})
		var once sync.Once
		var wg sync.WaitGroup
		for w := range 4 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				cfg := &gossh.ClientConfig{User: "shop", Auth: []gossh.AuthMethod{gossh.Password("")},
					HostKeyCallback: gossh.InsecureIgnoreHostKey(), Timeout: 5 * time.Second}
				cl, err := gossh.Dial("tcp", c.addr, cfg)
				if err != nil {
					return
				}
				defer cl.Close()
				for i := 0; ; i++ {
					select {
					case <-stop:
						return
					default:
					}
					s, err := cl.NewSession()
					if err != nil {
						return
					}
					out, err := s.Output("anomaly file --category other --severity 3 --text w" + strconv.Itoa(round*1000+w*100+i))
					s.Close()
					if err != nil {
						return // the server died mid-command: not acknowledged
					}
					if m := filedRE.FindSubmatch(out); m != nil {
						id, _ := strconv.ParseUint(string(m[1]), 10, 64)
						mu.Lock()
						acked[id] = true
						mu.Unlock()
						once.Do(func() { close(first) })
					}
				}
			}()
		}
		select {
		case <-first:
		case <-time.After(30 * time.Second):
			t.Fatalf("round %d: no write was acknowledged in 30 s", round)
		}
		time.Sleep(time.Duration(rand.IntN(400)) * time.Millisecond) // a random point in the writes
		_ = c.cmd.Process.Signal(syscall.SIGKILL)
		<-c.done
		close(stop)
		wg.Wait()
		if len(acked) == 0 {
			t.Fatalf("round %d: no write was acknowledged before the kill", round)
		}

		// bbolt's own check on the file as the crash left it.
		raw, err := bolt.Open(filepath.Join(dir, "xietong.db"), 0o600, &bolt.Options{Timeout: time.Second, ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		if err := raw.View(func(tx *bolt.Tx) error {
			for err := range tx.Check() {
				return err
			}
			return nil
		}); err != nil {
			t.Fatalf("round %d: bbolt check: %v", round, err)
		}
		raw.Close()

		clock, _ := model.NewClock("Asia/Shanghai")
		db, err := store.Open(filepath.Join(dir, "xietong.db"), store.Options{Clock: clock})
		if err != nil {
			t.Fatalf("reopen: %v", err)
		}
		for id := range acked {
			if _, err := db.Anomaly(context.Background(), id); err != nil {
				t.Errorf("round %d: acknowledged anomaly #%d is gone: %v", round, id, err)
			}
		}
		if _, err := db.VerifyAudit(); err != nil {
			t.Errorf("round %d: audit chain: %v", round, err)
		}
		db.Close()
		t.Logf("round %d: %d acknowledged writes, all present after SIGKILL", round, len(acked))
	}
}
