package store

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"xietong/model"
)

func TestAuditEntries(t *testing.T) {
	e := seeded(t)
	ctx := t.Context()
	for i := range 12 {
		if _, err := e.db.PostNotice(ctx, nil, notice(fmt.Sprintf("通知 %d", i+1))); err != nil {
			t.Fatal(err)
		}
	}
	n, _ := e.db.Notice(ctx, 1)
	n.Body = "更正"
	if _, err := e.db.UpdateNotice(ctx, e.users["office"], n); err != nil {
		t.Fatal(err)
	}

	// "notice/1" must not pick up "notice/10".."notice/12".
	entries, err := e.db.Audit(ctx, "notice/1")
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 2 || entries[0].Action != "notice.create" || entries[1].Action != "notice.update" {
		t.Fatalf("entries %+v", entries)
	}
	var before, after model.Notice
	if err := json.Unmarshal(entries[1].Before, &before); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(entries[1].After, &after); err != nil {
		t.Fatal(err)
	}
	if before.Version != 1 || after.Version != 2 || after.Body != "更正" || entries[1].Who != "office" ||
		!entries[1].At.Equal(e.clock.Now()) || entries[1].At.Location().String() != "UTC" {
		t.Fatalf("entry %+v\nbefore %+v\nafter %+v", entries[1], before, after)
	}
	if entries[0].Before != nil {
		t.Fatalf("create has a before: %s", entries[0].Before)
	}

	all, _ := e.db.Audit(ctx, "")
	if all[0].Prev != "" {
		t.Fatalf("first entry prev %q", all[0].Prev)
	}
	for i := 1; i < len(all); i++ {
		if all[i].Seq != all[i-1].Seq+1 || all[i].Prev == "" {
			t.Fatalf("entry %d: %+v", i, all[i])
		}
	}
	if got, err := e.db.VerifyAudit(); err != nil || got != len(all) {
		t.Fatalf("verify: %d of %d, %v", got, len(all), err)
	}
}

// tamper rewrites audit entry seq of the closed data file at path.
func tamper(t *testing.T, path string, seq uint64, edit func([]byte) []byte) {
	t.Helper()
	bdb, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	err = bdb.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketAudit)
		return b.Put(itob(seq), edit(bytes.Clone(b.Get(itob(seq)))))
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestVerifyAuditDetectsTampering(t *testing.T) {
	// flip changes one letter of the entry's action, keeping the JSON valid.
	flip := func(v []byte) []byte {
		i := bytes.Index(v, []byte(`"action":"`)) + len(`"action":"`)
		v[i] ^= 0x20 // upper ↔ lower case
		return v
	}
	for _, tt := range []struct {
		name string
		seq  uint64
		edit func([]byte) []byte
		want string
	}{
		{"middle entry", 3, flip, "audit entry 4: does not match entry 3"},
		{"first entry", 1, flip, "audit entry 2: does not match entry 1"},
		{"last entry", 7, flip, "audit entry 7: does not match the recorded head"},
		{"broken JSON", 5, func(v []byte) []byte { return v[:len(v)-1] }, "audit entry 5: cannot be decoded"},
		{"renumbered", 2, func(v []byte) []byte {
			return bytes.Replace(v, []byte(`"seq":2`), []byte(`"seq":9`), 1)
		}, "audit entry 2: claims to be entry 9"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			e := seeded(t) // 7 entries
			if n, err := e.db.VerifyAudit(); err != nil || n != 7 {
				t.Fatalf("before tampering: %d, %v", n, err)
			}
			e.db.Close()
			tamper(t, e.path, tt.seq, tt.edit)
			e.open(t)
			_, err := e.db.VerifyAudit()
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("verify: %v, want %q", err, tt.want)
			}
		})
	}
}

func TestConcurrentPosts(t *testing.T) {
	e := seeded(t)
	ctx := t.Context()
	sub := e.feed.Subscribe()
	defer sub.Close()

	const n = 20
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Go(func() {
			by := e.users[[]string{"office", "plead", "qlead", "admin"}[i%4]]
			_, err := e.db.PostNotice(ctx, by, notice(fmt.Sprintf("并发通知 %d", i)))
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}

	views, err := e.db.Notices(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(views) != n {
		t.Fatalf("%d notices, want %d", len(views), n)
	}
	for i, v := range views {
		if v.ID != uint64(n-i) {
			t.Fatalf("notice %d has id %d", i, v.ID)
		}
	}
	if evs, _ := sub.Take(); len(evs) != n {
		t.Fatalf("%d events, want %d", len(evs), n)
	}
	if checked, err := e.db.VerifyAudit(); err != nil || checked != len(e.users)+n {
		t.Fatalf("verify: %d, %v", checked, err)
	}
}

// encodeAudit must write exactly what json.Marshal writes: the chain hashes
// the stored bytes, and entries written before it came in were made by
// json.Marshal.
func FuzzEncodeAudit(f *testing.F) {
	for _, s := range []string{"", "prod", "notice/12", "<b>&\"\\", "\x00\x01\x1f\x7f", "\b\f\n\r\t", "中文 ﾊﾝｶｸ 😀", "\u2028\u2029", "bad \xff\xfe utf8", "a\u00e9\U0001F600"} {
		f.Add(uint64(7), int64(1764115200123456789), s, "notice.create", s, s)
	}
	f.Fuzz(func(t *testing.T, seq uint64, nanos int64, who, action, record, title string) {
		e := model.AuditEntry{Seq: seq, At: time.Unix(0, nanos).UTC(), Who: who, Action: action, Record: record, Prev: record}
		// Before and After as the store has them: json.Marshal of a record.
		after, err := json.Marshal(model.Notice{Title: title, Body: who, Audience: []model.Department{model.Department(record)}})
		if err != nil {
			t.Fatal(err)
		}
		e.After = after
		if seq%2 == 0 {
			e.Before = after
		}
		want, werr := json.Marshal(e)
		got, gerr := encodeAudit(e)
		if (werr != nil) != (gerr != nil) {
			t.Fatalf("errors differ: json.Marshal %v, encodeAudit %v", werr, gerr)
		}
		if werr == nil && !bytes.Equal(got, want) {
			t.Fatalf("encodeAudit\n got %s\nwant %s", got, want)
		}
	})
}
