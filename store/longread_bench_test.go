package store

import (
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"xietong/model"
)

// BenchmarkCommitDuringLongRead measures the target "a 5 s read (export,
// report) running meanwhile must not stall a commit past 100 ms"
// (docs/PERFORMANCE.md): a reader holds one read transaction open for the
// whole run (as a slow backup stream would), streaming the file slowly,
// while writers post notices; it reports the slowest and the
// 99th-percentile commit. With the initial mmap sized at 64 MiB the file
// does not need remapping, and remapping is the one thing a long reader
// makes a writer wait for.
//
//	go test ./store -run '^$' -bench CommitDuringLongRead -benchtime 2000x
func BenchmarkCommitDuringLongRead(b *testing.B) {
	db, err := Open(filepath.Join(b.TempDir(), "xietong.db"), Options{Feed: model.NewFeed()})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	ctx := b.Context()
	by, err := db.CreateUser(ctx, nil, &model.User{Login: "office", Name: "郑红", Dept: model.DeptOffice, Role: model.RoleOffice})
	if err != nil {
		b.Fatal(err)
	}
	body := strings.Repeat("通", benchValue/3)
	// Some data for the reader to stream.
	for i := range 2000 {
		if _, err := db.PostNotice(ctx, by, &model.Notice{Title: fmt.Sprintf("底 %d", i), Body: body}); err != nil {
			b.Fatal(err)
		}
	}
	stop := make(chan struct{})
	readerDone := make(chan struct{})
	go func() {
		defer close(readerDone)
		// A slow consumer: the read transaction stays open until the
		// writers are done.
		_, _ = db.WriteTo(slowWriter{stop: stop})
	}()
	time.Sleep(50 * time.Millisecond) // the reader has its transaction
	var mu sync.Mutex
	var lat []time.Duration
	var wg sync.WaitGroup
	n := b.N
	b.ResetTimer()
	for w := range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < n; i += 10 {
				start := time.Now()
				if _, err := db.PostNotice(ctx, by, &model.Notice{Title: fmt.Sprintf("写 %d", i), Body: body}); err != nil {
					b.Error(err)
					return
				}
				d := time.Since(start)
				mu.Lock()
				lat = append(lat, d)
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	b.StopTimer()
	close(stop)
	<-readerDone
	slices.Sort(lat)
	if len(lat) > 0 {
		b.ReportMetric(float64(lat[len(lat)-1].Microseconds())/1000, "ms-max-commit")
		b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "ms-p99-commit")
	}
}

// slowWriter takes bytes slowly until stop is closed, then all at once.
type slowWriter struct{ stop chan struct{} }

func (s slowWriter) Write(p []byte) (int, error) {
	select {
	case <-s.stop:
	case <-time.After(2 * time.Millisecond):
	}
	return len(p), nil
}

var _ io.Writer = slowWriter{}
