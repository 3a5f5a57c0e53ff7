package store

import (
	"encoding/binary"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"xietong/model"
)

// wantKey fails unless err is the catalogue error key.
func wantKey(t *testing.T, err error, key string) {
	t.Helper()
	var e *model.Error
	if !errors.As(err, &e) || e.Text.Key != key {
		t.Fatalf("got %v, want %s", err, key)
	}
}

// backupOf writes a backup of e's store (as the backup command does) to a
// file and returns its path.
func backupOf(t *testing.T, e *env) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "backup.db")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.db.WriteTo(f); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestInspectSoundBackup(t *testing.T) {
	e := seeded(t)
	path := backupOf(t, e)
	if err := CheckPages(path); err != nil {
		t.Fatal(err)
	}
	facts, err := Inspect(path)
	if err != nil {
		t.Fatal(err)
	}
	want := FileFacts{Schema: migrations[len(migrations)-1].version, Marked: true, Accounts: len(e.users), Audit: len(e.users)}
	if facts != want {
		t.Fatalf("facts %+v, want %+v", facts, want)
	}
	// The live file too: it is longer than its pages (bbolt grows it
	// ahead), which is fine.
	e.db.Close()
	if _, err := Inspect(e.path); err != nil {
		t.Fatal(err)
	}
	e.open(t)
}

// The raw checks name what is wrong without bbolt ever mapping the file.
func TestCheckPagesRefusals(t *testing.T) {
	e := seeded(t)
	good, err := os.ReadFile(backupOf(t, e))
	if err != nil {
		t.Fatal(err)
	}
	pageSize := int(binary.NativeEndian.Uint32(good[24:28]))
	pgid := int(binary.NativeEndian.Uint64(good[56:64]))
	if pgid*pageSize != len(good) {
		t.Fatalf("a backup of %d bytes holds %d pages of %d", len(good), pgid, pageSize)
	}
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	random := make([]byte, 64<<10)
	r := rand.New(rand.NewPCG(1, 2))
	for i := range random {
		random[i] = byte(r.Uint32())
	}
	flipMeta := func(b []byte, at ...int) []byte {
		b = append([]byte(nil), b...)
		for _, off := range at {
			b[off+40] ^= 0x01 // a bit of the root bucket's sequence: only the checksum notices
		}
		return b
	}
	for _, c := range []struct {
		name string
		data []byte
		key  string
	}{
		{"empty", nil, "store.file.empty"},
		{"short", []byte("xietong"), "store.file.too_short"},
		{"random", random, "store.file.not_bolt"},
		{"zeros", make([]byte, 8192), "store.file.not_bolt"},
		{"truncated", good[:len(good)-pageSize], "store.file.truncated"},
		{"half", good[:len(good)/2], "store.file.truncated"},
		{"one page", good[:pageSize], "store.file.truncated"},
		{"both metas", flipMeta(good, 0, pageSize), "store.file.meta_damaged"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p := write(c.name, c.data)
			wantKey(t, CheckPages(p), c.key)
			_, err := Inspect(p)
			wantKey(t, err, c.key)
		})
	}
	// One damaged meta page is what bbolt recovers from (a write torn
	// mid-commit): the other one is used.
	p := write("one meta", flipMeta(good, pageSize))
	if err := CheckPages(p); err != nil {
		t.Fatalf("one damaged meta page: %v", err)
	}
	if _, err := Inspect(p); err != nil {
		t.Fatalf("one damaged meta page: %v", err)
	}
	// A directory is not a data file.
	wantKey(t, CheckPages(dir), "store.file.not_regular")
}

// A bbolt file of another program, an unmarked file claiming a version
// that writes the mark, and a file from a newer program are refused; a file
// from before the mark existed is accepted as xietong's.
func TestInspectSchema(t *testing.T) {
	dir := t.TempDir()
	other := filepath.Join(dir, "other.db")
	bdb, err := bolt.Open(other, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := bdb.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket([]byte("widgets"))
		if err != nil {
			return err
		}
		return b.Put([]byte("w1"), []byte(`{"name":"widget"}`))
	}); err != nil {
		t.Fatal(err)
	}
	bdb.Close()
	if err := CheckPages(other); err != nil {
		t.Fatalf("a sound bbolt file: %v", err)
	}
	_, err = Inspect(other)
	wantKey(t, err, "store.file.foreign")

	old := filepath.Join(dir, "old.db")
	db, err := open(old, Options{}, migrationsBefore(markedVersion))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateUser(t.Context(), nil, &model.User{Login: "admin", Name: "管理员", Dept: model.DeptOffice, Role: model.RoleAdmin}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	facts, err := Inspect(old)
	before := migrationsBefore(markedVersion)
	if err != nil || facts.Marked || facts.Schema != before[len(before)-1].version || facts.Accounts != 1 || facts.Audit != 1 {
		t.Fatalf("a file from before the mark: %+v %v", facts, err)
	}

	setMeta := func(path string, key []byte, value string) {
		t.Helper()
		bdb, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
		if err != nil {
			t.Fatal(err)
		}
		defer bdb.Close()
		if err := bdb.Update(func(tx *bolt.Tx) error {
			if value == "" {
				return tx.Bucket(bucketMeta).Delete(key)
			}
			return tx.Bucket(bucketMeta).Put(key, []byte(value))
		}); err != nil {
			t.Fatal(err)
		}
	}
	// Version 7 came before the mark, whether or not this program has a
	// step 7: an unmarked file at 7 is an older xietong file; at the
	// marked version it is not xietong's.
	setMeta(old, metaVersion, strconv.Itoa(markedVersion-1))
	if facts, err = Inspect(old); err != nil || facts.Marked || facts.Schema != markedVersion-1 {
		t.Fatalf("an unmarked file at version %d: %+v %v", markedVersion-1, facts, err)
	}
	setMeta(old, metaVersion, strconv.Itoa(markedVersion))
	_, err = Inspect(old)
	wantKey(t, err, "store.file.foreign")
	setMeta(old, metaApp, "someapp")
	_, err = Inspect(old)
	wantKey(t, err, "store.file.foreign")
	setMeta(old, metaApp, appMarker)
	setMeta(old, metaVersion, strconv.Itoa(migrations[len(migrations)-1].version+1))
	_, err = Inspect(old)
	wantKey(t, err, "store.file.newer")
}

// The lock restore holds is the one a server holds: neither gets in while
// the other has it.
func TestLockFile(t *testing.T) {
	e := newEnv(t)
	if _, err := LockFile(e.path, 100*time.Millisecond); !errors.Is(err, ErrInUse) {
		t.Fatalf("lock while the store is open: %v", err)
	}
	e.db.Close()
	unlock, err := LockFile(e.path, 100*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Open(e.path, Options{Timeout: 100 * time.Millisecond}); !errors.Is(err, ErrInUse) {
		t.Fatalf("open while locked: %v", err)
	}
	if err := unlock(); err != nil {
		t.Fatal(err)
	}
	e.open(t)
}

// A record that is no longer JSON (a byte of it damaged, say) is caught
// even where neither bbolt's check nor the audit chain looks.
func TestInspectRecordJSON(t *testing.T) {
	e := seeded(t)
	e.db.Close()
	bdb, err := bolt.Open(e.path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	if err := bdb.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketUsers)
		v := append([]byte(nil), b.Get([]byte("clerk"))...)
		v[0] ^= 0x01 // '{' → 'z'
		return b.Put([]byte("clerk"), v)
	}); err != nil {
		t.Fatal(err)
	}
	bdb.Close()
	_, err = Inspect(e.path)
	wantKey(t, err, "store.file.damaged")
	if !strings.Contains(err.Error(), `record "clerk" in users is not valid JSON`) {
		t.Fatalf("message %q", err)
	}
	e.open(t)
}
