package store

import (
	"encoding/binary"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"xietong/model"
)

// The write-path baseline (docs/PERFORMANCE.md): 50 concurrent writers of
// 300-byte values, every write fsync-durable before the writer goes on. Run
// with
//
//	go test ./store -run '^$' -bench 'RawBoltBatch|StoreWrites' -benchtime 10000x
//
// and compare the writes/s metrics (bench/compare.sh prints the ratio).

const (
	benchWriters = 50
	benchValue   = 300
)

// runWriters has benchWriters goroutines share b.N writes and reports the
// rate as writes/s.
func runWriters(b *testing.B, write func(i uint64) error) {
	b.Helper()
	var next atomic.Uint64
	var wg sync.WaitGroup
	errs := make(chan error, benchWriters)
	n := uint64(b.N)
	b.ResetTimer()
	start := time.Now()
	for range benchWriters {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next.Add(1)
				if i > n {
					return
				}
				if err := write(i); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "writes/s")
}

// BenchmarkRawBoltBatch is bbolt's own group commit: DB.Batch puts one
// 300-byte value per call, fsync on (NoSync false), with batch delays of
// 1 ms (the store's) and 10 ms.
func BenchmarkRawBoltBatch(b *testing.B) {
	for _, delay := range []time.Duration{time.Millisecond, 10 * time.Millisecond} {
		b.Run(fmt.Sprintf("delay=%s", delay), func(b *testing.B) {
			db, err := bolt.Open(filepath.Join(b.TempDir(), "raw.db"), 0o600, &bolt.Options{
				InitialMmapSize: 64 << 20, FreelistType: bolt.FreelistMapType,
			})
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			db.MaxBatchDelay = delay
			db.MaxBatchSize = 1000
			bucket := []byte("bench")
			if err := db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket(bucket); return err }); err != nil {
				b.Fatal(err)
			}
			val := []byte(strings.Repeat("v", benchValue))
			runWriters(b, func(i uint64) error {
				key := binary.BigEndian.AppendUint64(nil, i)
				return db.Batch(func(tx *bolt.Tx) error { return tx.Bucket(bucket).Put(key, val) })
			})
			var count int
			_ = db.View(func(tx *bolt.Tx) error { count = tx.Bucket(bucket).Stats().KeyN; return nil })
			if count != b.N {
				b.Fatalf("%d values present after %d acknowledged writes", count, b.N)
			}
		})
	}
}

// BenchmarkRawBoltBatchSameBytes is bbolt's group commit (1 ms) writing
// what one xietong post writes: a 489-byte record, a 750-byte audit entry,
// an index key and the chain head, in four buckets. It separates the cost of
// writing more bytes (the record plus its audit entry) from the cost of
// xietong's own code around them.
func BenchmarkRawBoltBatchSameBytes(b *testing.B) {
	db, err := bolt.Open(filepath.Join(b.TempDir(), "raw.db"), 0o600, &bolt.Options{
		InitialMmapSize: 64 << 20, FreelistType: bolt.FreelistMapType,
	})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	db.MaxBatchDelay = time.Millisecond
	db.MaxBatchSize = 1000
	names := [][]byte{[]byte("rec"), []byte("audit"), []byte("idx"), []byte("meta")}
	if err := db.Update(func(tx *bolt.Tx) error {
		for _, n := range names {
			if _, err := tx.CreateBucket(n); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		b.Fatal(err)
	}
	rec, entry := []byte(strings.Repeat("r", 489)), []byte(strings.Repeat("a", 750))
	head := []byte(strings.Repeat("h", 64))
	runWriters(b, func(i uint64) error {
		key := binary.BigEndian.AppendUint64(nil, i)
		return db.Batch(func(tx *bolt.Tx) error {
			if err := tx.Bucket(names[0]).Put(key, rec); err != nil {
				return err
			}
			if err := tx.Bucket(names[1]).Put(key, entry); err != nil {
				return err
			}
			if err := tx.Bucket(names[2]).Put(append([]byte("notice/"), key...), nil); err != nil {
				return err
			}
			return tx.Bucket(names[3]).Put([]byte("head"), head)
		})
	})
}

// BenchmarkRawBoltUpdate is the same load without group commit: one
// DB.Update (one fsync) per write, the floor a serial write path sits on.
func BenchmarkRawBoltUpdate(b *testing.B) {
	db, err := bolt.Open(filepath.Join(b.TempDir(), "raw.db"), 0o600, &bolt.Options{
		InitialMmapSize: 64 << 20, FreelistType: bolt.FreelistMapType,
	})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	bucket := []byte("bench")
	if err := db.Update(func(tx *bolt.Tx) error { _, err := tx.CreateBucket(bucket); return err }); err != nil {
		b.Fatal(err)
	}
	val := []byte(strings.Repeat("v", benchValue))
	runWriters(b, func(i uint64) error {
		key := binary.BigEndian.AppendUint64(nil, i)
		return db.Update(func(tx *bolt.Tx) error { return tx.Bucket(bucket).Put(key, val) })
	})
}

// BenchmarkStoreWrites is xietong's write path: 50 people post notices
// (title plus a ~300-byte body) through the public API, each write with its
// hash-chained audit entry, committed and fsynced before PostNotice returns.
func BenchmarkStoreWrites(b *testing.B) {
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
	// 100 three-byte characters: a 300-byte body.
	body := strings.Repeat("通", benchValue/3)
	runWriters(b, func(i uint64) error {
		_, err := db.PostNotice(ctx, by, &model.Notice{Title: fmt.Sprintf("基准 %d", i), Body: body})
		return err
	})
	var count int
	_ = db.bolt.View(func(tx *bolt.Tx) error { count = tx.Bucket(bucketNotices).Stats().KeyN; return nil })
	if count != b.N {
		b.Fatalf("%d notices present after %d acknowledged posts", count, b.N)
	}
}
