package main

import (
	"bytes"
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"xietong/demo"
	"xietong/model"
	"xietong/store"
)

// backupBytes is a backup, as `ssh admin@HOST backup` writes it, of a new
// store: the demo factory when seed is set, else nothing but the schema.
func backupBytes(t *testing.T, seed bool) []byte {
	t.Helper()
	clock, err := newClock("Asia/Shanghai", testNow(), true)
	if err != nil {
		t.Fatal(err)
	}
	db, err := store.Open(filepath.Join(t.TempDir(), dbFile), store.Options{Clock: clock})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if seed {
		if _, err := demo.Seed(context.Background(), db.Services()); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if _, err := db.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// restoreDir is a data directory with a current data file of one account,
// different from every backup the tests restore.
func restoreDir(t *testing.T) (dir string, current []byte) {
	t.Helper()
	dir = t.TempDir()
	db, err := store.Open(filepath.Join(dir, dbFile), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateUser(context.Background(), nil, &model.User{Login: "keeper", Name: "留守", Dept: model.DeptOffice, Role: model.RoleAdmin}); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	current, err = os.ReadFile(filepath.Join(dir, dbFile))
	if err != nil {
		t.Fatal(err)
	}
	return dir, current
}

// dirNames lists dir.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return names
}

// leafPage finds a leaf page holding elements in the bbolt file data and
// returns its offset and the page size.
func leafPage(t *testing.T, data []byte) (off, pageSize int) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "find.db")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, PreLoadFreelist: true})
	if err != nil {
		t.Fatal(err)
	}
	defer bdb.Close()
	pageSize = bdb.Info().PageSize
	err = bdb.View(func(tx *bolt.Tx) error {
		for id := 2; id < int(tx.Size())/pageSize; id++ {
			p, err := tx.Page(id)
			if err != nil {
				return err
			}
			if p != nil && p.Type == "leaf" && p.Count > 2 && p.OverflowCount == 0 {
				off = id * pageSize
				return nil
			}
		}
		t.Fatal("no leaf page")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return off, pageSize
}

// Every file that is not a sound xietong database with accounts is refused
// before anything in the data directory changes: one line on stderr, exit
// status 1, the current data file byte for byte as it was, nothing left
// behind.
func TestRestoreRefusals(t *testing.T) {
	good := backupBytes(t, true)
	empty := backupBytes(t, false)

	random := make([]byte, 64<<10)
	r := rand.New(rand.NewPCG(7, 11))
	for i := range random {
		random[i] = byte(r.Uint32())
	}

	otherPath := filepath.Join(t.TempDir(), "other.db")
	bdb, err := bolt.Open(otherPath, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := bdb.Update(func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket([]byte("meta"))
		if err != nil {
			return err
		}
		return b.Put([]byte("owner"), []byte("some other program"))
	}); err != nil {
		t.Fatal(err)
	}
	bdb.Close()
	other, err := os.ReadFile(otherPath)
	if err != nil {
		t.Fatal(err)
	}

	// A byte flipped in an audit entry: the page holds together, the hash
	// chain does not.
	auditFlip := slices.Clone(good)
	at := bytes.Index(auditFlip, []byte(`"action":"user.create","record":"user/`))
	if at < 0 {
		t.Fatal("no audit entry of a created user in the backup")
	}
	auditFlip[at+len(`"action":"`)] ^= 0x20
	// A byte flipped in a leaf page's header (its type) and in its element
	// table (where its first key lies): bbolt's own structures.
	leaf, _ := leafPage(t, good)
	typeFlip := slices.Clone(good)
	typeFlip[leaf+8] ^= 0x01
	posFlip := slices.Clone(good)
	posFlip[leaf+16+4+2] ^= 0x40 // bit 22 of the first element's position

	cases := []struct {
		name string
		data []byte
		want string
	}{
		{"empty file", nil, "the file is empty (0 bytes), not a xietong database"},
		{"random bytes", random, "not a xietong database (not a bbolt data file at all)"},
		{"another program's bbolt file", other, "a bbolt data file of another program, not xietong's"},
		{"truncated backup", good[:len(good)*2/3], "the file is truncated: its pages need"},
		{"flipped byte in an audit entry", auditFlip, "audit log broken"},
		{"flipped page type", typeFlip, "the file is damaged"},
		{"flipped element position", posFlip, "the file is damaged"},
		{"no accounts", empty, "it holds no accounts"},
	}
	dir, current := restoreDir(t)
	src := t.TempDir()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			file := filepath.Join(src, strings.ReplaceAll(c.name, " ", "-")+".db")
			if err := os.WriteFile(file, c.data, 0o600); err != nil {
				t.Fatal(err)
			}
			var out, errb bytes.Buffer
			code := runCmd([]string{"restore", "--data", dir, "--lang", "en", file}, nil, &out, &errb)
			msg := errb.String()
			t.Logf("%s", strings.TrimSpace(msg))
			if code != 1 || out.Len() != 0 {
				t.Fatalf("exit %d, stdout %q, stderr %q", code, out.String(), msg)
			}
			if strings.Count(msg, "\n") != 1 || !strings.HasSuffix(msg, "\n") {
				t.Fatalf("not one line: %q", msg)
			}
			if !strings.Contains(msg, c.want) || !strings.Contains(msg, file+" not restored") || !strings.Contains(msg, "the current data is unchanged") {
				t.Fatalf("message %q, want %q", msg, c.want)
			}
			after, err := os.ReadFile(filepath.Join(dir, dbFile))
			if err != nil || !bytes.Equal(after, current) {
				t.Fatalf("the current data file changed (%v)", err)
			}
			if names := dirNames(t, dir); !slices.Equal(names, []string{dbFile}) {
				t.Fatalf("left behind: %v", names)
			}
		})
	}

	// In Chinese, as a Chinese server's administrator reads it.
	var errb bytes.Buffer
	file := filepath.Join(src, "empty-file.db")
	if code := runCmd([]string{"restore", "--data", dir, "--lang", "zh", file}, nil, &bytes.Buffer{}, &errb); code != 1 ||
		!strings.Contains(errb.String(), "未恢复 "+file+"：文件是空的（0 字节），不是 xietong 数据库；当前数据未改动") {
		t.Fatalf("zh: exit %d: %s", code, errb.String())
	}
	// Into a directory that does not exist yet: not even the directory is
	// left behind.
	fresh := filepath.Join(src, "fresh")
	if code := runCmd([]string{"restore", "--data", fresh, "--lang", "en", file}, nil, &bytes.Buffer{}, &bytes.Buffer{}); code != 1 {
		t.Fatalf("into a new directory: exit %d", code)
	}
	if _, err := os.Stat(fresh); !os.IsNotExist(err) {
		t.Fatalf("a refused restore created %s (%v)", fresh, err)
	}
}

// A sound backup replaces the data, the previous file kept as
// xietong.db.bak-TIME (the test clock's time); one without accounts only
// with --force.
func TestRestoreAccepted(t *testing.T) {
	dir, current := restoreDir(t)
	src := filepath.Join(t.TempDir(), "backup.db")
	if err := os.WriteFile(src, backupBytes(t, true), 0o600); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if code := runCmd([]string{"restore", "--data", dir, "--lang", "en", src}, nil, &out, &errb); code != 0 || errb.Len() != 0 {
		t.Fatalf("exit %d: %s %s", code, out.String(), errb.String())
	}
	bak := filepath.Join(dir, dbFile+".bak-"+testNow().UTC().Format("20060102T150405Z"))
	if out.String() != "restored "+src+" into "+dir+"; the previous data file is kept as "+bak+"\n" {
		t.Fatalf("stdout %q", out.String())
	}
	if kept, err := os.ReadFile(bak); err != nil || !bytes.Equal(kept, current) {
		t.Fatalf("the previous file is not kept as it was (%v)", err)
	}
	if names := dirNames(t, dir); !slices.Equal(names, []string{dbFile, filepath.Base(bak)}) {
		t.Fatalf("data directory: %v", names)
	}
	db, err := store.Open(filepath.Join(dir, dbFile), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	users, err := db.Users(context.Background())
	if err != nil || len(users) != len(demo.People) {
		t.Fatalf("restored accounts: %d (%v)", len(users), err)
	}
	if _, err := db.VerifyAudit(); err != nil {
		t.Fatal(err)
	}
	db.Close()

	// No accounts: refused above; --force puts it in place, with a note,
	// beside a second backup of the same second.
	if err := os.WriteFile(src, backupBytes(t, false), 0o600); err != nil {
		t.Fatal(err)
	}
	out.Reset()
	if code := runCmd([]string{"restore", "--force", "--data", dir, "--lang", "en", src}, nil, &out, &errb); code != 0 || errb.Len() != 0 {
		t.Fatalf("--force: exit %d: %s %s", code, out.String(), errb.String())
	}
	if !strings.Contains(out.String(), "kept as "+bak+"-2\n") || !strings.Contains(out.String(), "it holds no accounts; add an administrator") {
		t.Fatalf("--force: stdout %q", out.String())
	}
	if names := dirNames(t, dir); len(names) != 3 {
		t.Fatalf("data directory after --force: %v", names)
	}
}

// Usage errors exit 2 with the usage line.
func TestRestoreUsage(t *testing.T) {
	for _, args := range [][]string{
		{"restore"},
		{"restore", "a.db", "b.db"},
		{"restore", "--frce", "a.db"},
		{"restore", "--lang", "fr", "a.db"},
	} {
		var errb bytes.Buffer
		if code := runCmd(args, nil, &bytes.Buffer{}, &errb); code != 2 || !strings.Contains(errb.String(), "xietong restore [--data DIR] [--force] [--lang zh|en] FILE") ||
			strings.Count(errb.String(), "\n") != 1 {
			t.Errorf("%v: exit %d: %q", args, code, errb.String())
		}
	}
	var errb bytes.Buffer
	if code := runCmd([]string{"restore", "--lang", "en", "--frce", "a.db"}, nil, &bytes.Buffer{}, &errb); code != 2 || !strings.Contains(errb.String(), `unknown flag "--frce"`) {
		t.Errorf("unknown flag: exit %d: %q", code, errb.String())
	}
}
