package store

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"xietong/model"
)

func TestOpenCloseReopen(t *testing.T) {
	e := seeded(t)
	e.reopen(t)

	u, err := e.db.User(t.Context(), "plead")
	if err != nil {
		t.Fatal(err)
	}
	if u.Name != "刘洋" || u.Version != 1 {
		t.Fatalf("after reopen: %+v", u)
	}
	v, err := e.db.SchemaVersion()
	if err != nil {
		t.Fatal(err)
	}
	if want := migrations[len(migrations)-1].version; v != want {
		t.Fatalf("schema version %d, want %d", v, want)
	}
	fi, err := os.Stat(e.path)
	if err != nil {
		t.Fatal(err)
	}
	if mode := fi.Mode().Perm(); mode != 0o600 {
		t.Fatalf("file mode %o, want 600", mode)
	}
}

func TestOpenInUse(t *testing.T) {
	e := newEnv(t)
	_, err := Open(e.path, Options{Timeout: 200 * time.Millisecond})
	if !errors.Is(err, ErrInUse) {
		t.Fatalf("second open: %v, want ErrInUse", err)
	}
	if err.Error() != "data directory in use by another xietong" {
		t.Fatalf("message %q", err)
	}
}

func TestMigrations(t *testing.T) {
	path := filepath.Join(t.TempDir(), "xietong.db")
	ran := 0
	extra := append(migrations[:len(migrations):len(migrations)], migration{
		version: 90, name: "test step",
		up: func(tx *bolt.Tx) error {
			ran++
			return tx.Bucket(bucketMeta).Put([]byte("test_step"), []byte("done"))
		},
	})
	failing := append(extra[:len(extra):len(extra)], migration{
		version: 91, name: "broken step",
		up: func(tx *bolt.Tx) error {
			if err := tx.Bucket(bucketMeta).Put([]byte("broken_step"), []byte("half done")); err != nil {
				return err
			}
			return errors.New("boom")
		},
	})

	openWith := func(migs []migration) (*DB, error) { return open(path, Options{}, migs) }
	check := func(db *DB, wantVersion int) {
		t.Helper()
		v, err := db.SchemaVersion()
		if err != nil {
			t.Fatal(err)
		}
		if v != wantVersion {
			t.Fatalf("schema version %d, want %d", v, wantVersion)
		}
		err = db.bolt.View(func(tx *bolt.Tx) error {
			if got := tx.Bucket(bucketMeta).Get([]byte("test_step")); string(got) != "done" {
				t.Errorf("test step's write: %q", got)
			}
			if got := tx.Bucket(bucketMeta).Get([]byte("broken_step")); got != nil {
				t.Errorf("failed step's write was kept: %q", got)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}

	db, err := openWith(extra)
	if err != nil {
		t.Fatal(err)
	}
	if ran != 1 {
		t.Fatalf("step ran %d times, want 1", ran)
	}
	check(db, 90)
	db.Close()

	// Reopening does not run it again.
	if db, err = openWith(extra); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if ran != 1 {
		t.Fatalf("step ran %d times after reopen, want 1", ran)
	}

	// A failing step: Open fails, the version and data stay as they were.
	if _, err = openWith(failing); err == nil || !strings.Contains(err.Error(), "boom") {
		t.Fatalf("open with failing step: %v", err)
	}
	if db, err = openWith(extra); err != nil {
		t.Fatal(err)
	}
	check(db, 90)
	db.Close()

	// An older program refuses a file from a newer one.
	if _, err = openWith(migrations); err == nil || !strings.Contains(err.Error(), "newer") {
		t.Fatalf("open with older steps: %v", err)
	}
	// Steps out of order are a programming error.
	if _, err = openWith([]migration{{version: 2, name: "b"}, {version: 1, name: "a"}}); err == nil {
		t.Fatal("steps out of order accepted")
	}
}

// migrationsBefore is the steps of migrations before version v: the
// schema of a file made by an older program.
func migrationsBefore(v int) []migration {
	var migs []migration
	for _, m := range migrations {
		if m.version < v {
			migs = append(migs, m)
		}
	}
	return migs
}

// A new file carries the xietong mark from its creation; a file made
// before the mark existed gets it by migration when it is opened.
func TestAppMarker(t *testing.T) {
	marker := func(db *DB) string {
		t.Helper()
		var got string
		if err := db.bolt.View(func(tx *bolt.Tx) error {
			got = string(tx.Bucket(bucketMeta).Get(metaApp))
			return nil
		}); err != nil {
			t.Fatal(err)
		}
		return got
	}
	dir := t.TempDir()
	db, err := Open(filepath.Join(dir, "new.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := marker(db); got != appMarker {
		t.Fatalf("new file's marker %q", got)
	}
	db.Close()

	old := filepath.Join(dir, "old.db")
	if db, err = open(old, Options{}, migrationsBefore(markedVersion)); err != nil {
		t.Fatal(err)
	}
	if got := marker(db); got != "" {
		t.Fatalf("a file before version %d has marker %q", markedVersion, got)
	}
	db.Close()
	if db, err = Open(old, Options{}); err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if v, err := db.SchemaVersion(); err != nil || v < markedVersion || marker(db) != appMarker {
		t.Fatalf("old file after opening: version %d (%v), marker %q", v, err, marker(db))
	}
}

func TestWriteToBackup(t *testing.T) {
	e := seeded(t)
	var buf bytes.Buffer
	n, err := e.db.WriteTo(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if n != int64(buf.Len()) || n == 0 {
		t.Fatalf("wrote %d, buffer has %d", n, buf.Len())
	}
	path := filepath.Join(t.TempDir(), "backup.db")
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	backup, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer backup.Close()
	users, err := backup.Users(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(users) != len(e.users) {
		t.Fatalf("backup has %d users, want %d", len(users), len(e.users))
	}
	if n, err := backup.VerifyAudit(); err != nil || n != len(e.users) {
		t.Fatalf("backup audit: %d entries, %v", n, err)
	}
}

func TestNilFeedAndClock(t *testing.T) {
	db, err := Open(filepath.Join(t.TempDir(), "x.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	n, err := db.PostNotice(t.Context(), nil, &model.Notice{Title: "停水通知", Body: "周六停水"})
	if err != nil {
		t.Fatal(err)
	}
	if n.CreatedAt.Location() != time.UTC || n.Author != "system" {
		t.Fatalf("notice %+v", n)
	}
	s := db.Services()
	if s.Users == nil || s.Notices == nil || s.Audit == nil || s.Clock == nil || s.Feed != nil {
		t.Fatalf("services %+v", s)
	}
}

// A bulk load writes as usual, each change audited and published, without
// a sync per commit; afterwards writes are synced one by one again and
// everything it wrote is there after a reopen. An error from the load is
// returned and still ends it.
func TestBulk(t *testing.T) {
	e := newEnv(t)
	sub := e.feed.Subscribe()
	defer sub.Close()
	err := e.db.Bulk(func() error {
		if !e.db.bolt.NoSync || !e.db.bulk.Load() {
			t.Error("not a bulk load inside Bulk")
		}
		for _, login := range []string{"a1", "a2", "a3"} {
			if _, err := e.db.CreateUser(t.Context(), nil, &model.User{Login: login, Name: login, Dept: model.DeptSales, Role: model.RoleMember}); err != nil {
				return err
			}
		}
		_, err := e.db.CreateUser(t.Context(), nil, &model.User{Login: "a1", Name: "again", Dept: model.DeptSales, Role: model.RoleMember})
		wantCode(t, err, model.ECONFLICT)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if e.db.bolt.NoSync || e.db.bulk.Load() {
		t.Fatal("still a bulk load after Bulk")
	}
	if events, _ := sub.Take(); len(events) != 3 {
		t.Errorf("%d changes published by the bulk load, want 3", len(events))
	}
	boom := errors.New("boom")
	if err := e.db.Bulk(func() error { return boom }); !errors.Is(err, boom) || e.db.bolt.NoSync {
		t.Fatalf("a failed load: %v, NoSync %v", err, e.db.bolt.NoSync)
	}
	e.reopen(t)
	users, err := e.db.Users(t.Context())
	if err != nil || len(users) != 3 {
		t.Fatalf("after reopen: %d users, %v", len(users), err)
	}
	if n, err := e.db.VerifyAudit(); err != nil || n != 3 {
		t.Fatalf("audit: %d entries, %v", n, err)
	}
}
