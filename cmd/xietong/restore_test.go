package main

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
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

// boltFile is a bbolt file made by fill, as bytes.
func boltFile(t *testing.T, fill func(tx *bolt.Tx) error) []byte {
	t.Helper()
	path := filepath.Join(t.TempDir(), "made.db")
	bdb, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := bdb.Update(fill); err != nil {
		t.Fatal(err)
	}
	if err := bdb.Close(); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// rewritten is data after change, made with bbolt on a copy.
func rewritten(t *testing.T, data []byte, change func(tx *bolt.Tx) error) []byte {
	t.Helper()
	path := filepath.Join(t.TempDir(), "changed.db")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	bdb, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := bdb.Update(change); err != nil {
		t.Fatal(err)
	}
	if err := bdb.Close(); err != nil {
		t.Fatal(err)
	}
	out, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// bucketRootAt finds, in the bbolt file data, the live leaf element of the
// top-level bucket name and returns the offset of its root page id (the
// first 8 bytes of the element's value), with the page size.
func bucketRootAt(t *testing.T, data []byte, name string) (off, pageSize int) {
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
	le := binary.NativeEndian
	err = bdb.View(func(tx *bolt.Tx) error {
		for id := 2; id < int(tx.Size())/pageSize; id++ {
			p, err := tx.Page(id)
			if err != nil {
				return err
			}
			if p == nil || p.Type != "leaf" { // "free" for a page no longer in use
				continue
			}
			page := id * pageSize
			for i := range p.Count {
				elem := page + 16 + 16*i
				flags, pos, ksize := le.Uint32(data[elem:]), int(le.Uint32(data[elem+4:])), int(le.Uint32(data[elem+8:]))
				key := data[elem+pos : elem+pos+ksize]
				if flags&1 != 0 && string(key) == name && le.Uint64(data[elem+pos+ksize:]) != 0 {
					off = elem + pos + ksize
					return nil
				}
			}
		}
		t.Fatalf("no live bucket %q with a page of its own", name)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return off, pageSize
}

// Every file that is not a sound xietong database with accounts is refused
// before anything in the data directory changes: one line on stderr, exit
// status 1, in English and in Chinese, the current data file byte for byte
// as it was, nothing left behind (no xietong.db.restoring). A file that
// would crash whatever maps it (its pages past its end: SIGBUS) is refused
// as damaged, and restore itself goes on to say so.
func TestRestoreRefusals(t *testing.T) {
	good := backupBytes(t, true)
	empty := backupBytes(t, false)

	random := make([]byte, 64<<10)
	r := rand.New(rand.NewPCG(7, 11))
	for i := range random {
		random[i] = byte(r.Uint32())
	}

	// Other programs' bbolt files: one with a meta bucket of its own, one
	// with only its own buckets, one carrying another program's name where
	// xietong keeps its mark.
	other := boltFile(t, func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket([]byte("meta"))
		if err != nil {
			return err
		}
		return b.Put([]byte("owner"), []byte("some other program"))
	})
	otherNoMeta := boltFile(t, func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket([]byte("widgets"))
		if err != nil {
			return err
		}
		return b.Put([]byte("w1"), []byte(`{"name":"widget"}`))
	})
	otherMarked := boltFile(t, func(tx *bolt.Tx) error {
		b, err := tx.CreateBucket([]byte("meta"))
		if err != nil {
			return err
		}
		return errors.Join(b.Put([]byte("app"), []byte("someapp")), b.Put([]byte("schema_version"), []byte("9")))
	})
	newer := rewritten(t, good, func(tx *bolt.Tx) error {
		return tx.Bucket([]byte("meta")).Put([]byte("schema_version"), []byte("999"))
	})

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
	leaf, pageSize := leafPage(t, good)
	typeFlip := slices.Clone(good)
	typeFlip[leaf+8] ^= 0x01
	posFlip := slices.Clone(good)
	posFlip[leaf+16+4+2] ^= 0x40 // bit 22 of the first element's position
	// Both meta pages' transaction ids changed: their checksums fail.
	metaFlip := slices.Clone(good)
	metaFlip[64] ^= 0xff
	metaFlip[pageSize+64] ^= 0xff
	// The users bucket's root page one page past the end of the file: the
	// size in the meta pages is right, so only following the bucket reads
	// past the end, inside bbolt's mapping (a SIGBUS).
	past := slices.Clone(good)
	rootAt, _ := bucketRootAt(t, good, "users")
	binary.NativeEndian.PutUint64(past[rootAt:], uint64(len(good)/pageSize+1))

	cases := []struct {
		name   string
		data   []byte
		en, zh string
	}{
		{"empty file", nil, "the file is empty (0 bytes), not a xietong database", "文件是空的（0 字节），不是 xietong 数据库"},
		{"random bytes", random, "not a xietong database (not a bbolt data file at all)", "不是 xietong 数据库（根本不是 bbolt 数据文件）"},
		{"another program's bbolt file", other, "a bbolt data file of another program, not xietong's (it has no xietong marker)", "是其他程序的 bbolt 数据文件，不是 xietong 的（没有 xietong 标记）"},
		{"another program's bbolt file without a meta bucket", otherNoMeta, "a bbolt data file of another program, not xietong's", "是其他程序的 bbolt 数据文件"},
		{"another program's mark", otherMarked, "a bbolt data file of another program, not xietong's", "是其他程序的 bbolt 数据文件"},
		{"newer schema", newer, "its schema version 999 is newer than this program's", "数据结构版本 999 比本程序的"},
		{"truncated backup", good[:len(good)*2/3], fmt.Sprintf("the file is truncated: its pages need %d bytes but it has only %d", len(good), len(good)*2/3), fmt.Sprintf("文件不完整（被截断）：其页面需要 %d 字节，文件只有 %d 字节", len(good), len(good)*2/3)},
		{"truncated by one byte", good[:len(good)-1], fmt.Sprintf("the file is truncated: its pages need %d bytes but it has only %d", len(good), len(good)-1), "文件不完整（被截断）"},
		{"truncated to its first page", good[:pageSize], fmt.Sprintf("the file is truncated: its pages need %d bytes but it has only %d", 2*pageSize, pageSize), "文件不完整（被截断）"},
		{"truncated to 40 bytes", good[:40], "the file has only 40 bytes, not a xietong database", "文件只有 40 字节，不是 xietong 数据库"},
		{"both meta pages damaged", metaFlip, "the file is damaged: both of its meta pages fail their checksum", "文件已损坏：两个元数据页都校验失败"},
		{"flipped byte in an audit entry", auditFlip, "audit log broken (", "审计日志已损坏（"},
		{"flipped page type", typeFlip, "the file is damaged", "文件已损坏"},
		{"flipped element position", posFlip, "the file is damaged", "文件已损坏"},
		{"bucket past the end of the file", past, "(signal SIGBUS: bus error)); the current", "(signal SIGBUS: bus error)）；当前"},
		{"no accounts", empty, "it holds no accounts, so nobody could log in after restoring it (add --force to restore it anyway)", "其中没有任何账号，恢复后没有人能登录（确需恢复请加 --force）"},
	}
	dir, current := restoreDir(t)
	src := t.TempDir()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			file := filepath.Join(src, strings.ReplaceAll(c.name, " ", "-")+".db")
			if err := os.WriteFile(file, c.data, 0o600); err != nil {
				t.Fatal(err)
			}
			for _, lang := range []string{"en", "zh"} {
				var out, errb bytes.Buffer
				code := runCmd([]string{"restore", "--data", dir, "--lang", lang, file}, nil, &out, &errb)
				msg := errb.String()
				t.Logf("%s", strings.TrimSpace(msg))
				if code != 1 || out.Len() != 0 {
					t.Fatalf("%s: exit %d, stdout %q, stderr %q", lang, code, out.String(), msg)
				}
				if strings.Count(msg, "\n") != 1 || !strings.HasSuffix(msg, "\n") {
					t.Fatalf("%s: not one line: %q", lang, msg)
				}
				head, want, tail := "xietong restore: "+file+" not restored: ", c.en, "; the current data is unchanged\n"
				if lang == "zh" {
					head, want, tail = "xietong restore: 未恢复 "+file+"：", c.zh, "；当前数据未改动\n"
				}
				if !strings.HasPrefix(msg, head) || !strings.Contains(msg, want) || !strings.HasSuffix(msg, tail) {
					t.Fatalf("%s: message %q, want %q", lang, msg, want)
				}
				after, err := os.ReadFile(filepath.Join(dir, dbFile))
				if err != nil || !bytes.Equal(after, current) {
					t.Fatalf("%s: the current data file changed (%v)", lang, err)
				}
				if names := dirNames(t, dir); !slices.Equal(names, []string{dbFile}) {
					t.Fatalf("%s: left behind: %v", lang, names)
				}
			}
		})
	}

	// Into a directory that does not exist yet: not even the directory is
	// left behind.
	fresh := filepath.Join(src, "fresh")
	file := filepath.Join(src, "empty-file.db")
	if code := runCmd([]string{"restore", "--data", fresh, "--lang", "en", file}, nil, &bytes.Buffer{}, &bytes.Buffer{}); code != 1 {
		t.Fatalf("into a new directory: exit %d", code)
	}
	if _, err := os.Stat(fresh); !os.IsNotExist(err) {
		t.Fatalf("a refused restore created %s (%v)", fresh, err)
	}
}

// While a server holds the data directory, restore refuses at once, in one
// line, and the directory stays as it was.
func TestRestoreWhileServing(t *testing.T) {
	dir := t.TempDir()
	ts := startServer(t, Config{Demo: true, DataDir: dir})
	before := dirNames(t, dir)
	src := filepath.Join(t.TempDir(), "backup.db")
	if err := os.WriteFile(src, backupBytes(t, true), 0o600); err != nil {
		t.Fatal(err)
	}
	for lang, want := range map[string]string{
		"en": "xietong restore: " + src + " not restored: data directory " + dir + " is in use by a running xietong: stop the server first; the current data is unchanged\n",
		"zh": "xietong restore: 未恢复 " + src + "：数据目录 " + dir + " 正被运行中的 xietong 使用，请先停止服务器；当前数据未改动\n",
	} {
		var out, errb bytes.Buffer
		if code := runCmd([]string{"restore", "--data", dir, "--lang", lang, src}, nil, &out, &errb); code != 1 || out.Len() != 0 || errb.String() != want {
			t.Fatalf("%s: exit %d, stdout %q, stderr %q", lang, code, out.String(), errb.String())
		}
	}
	if after := dirNames(t, dir); !slices.Equal(after, before) {
		t.Fatalf("data directory %v, was %v", after, before)
	}
	// The server is none the worse.
	if r := ts.exec("office", "whoami"); r.code != 0 {
		t.Fatalf("server after the refused restore: %+v", r)
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
