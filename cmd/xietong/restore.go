package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"xietong/store"
)

// restore puts a backup file in place of the data directory's data file,
// offline: `xietong restore [--data DIR] FILE`. It refuses while a server
// holds the directory, checks that the file is a xietong database whose
// audit log verifies, and keeps the current file as xietong.db.bak-TIME.
func restore(args []string, stdout, stderr io.Writer) int {
	dir, files := dataFlag(args)
	for _, a := range files {
		if strings.HasPrefix(a, "-") {
			fmt.Fprintf(stderr, "xietong: restore: unknown flag %q\nusage: xietong restore [--data DIR] FILE\n", a)
			return 2
		}
	}
	if len(files) != 1 {
		fmt.Fprintln(stderr, "usage: xietong restore [--data DIR] FILE")
		return 2
	}
	bak, err := restoreFile(dir, files[0], time.Now())
	if err != nil {
		fmt.Fprintln(stderr, "xietong: restore:", err)
		return 1
	}
	if bak != "" {
		fmt.Fprintf(stdout, "restored %s into %s; the previous data file is kept as %s\n", files[0], dir, bak)
	} else {
		fmt.Fprintf(stdout, "restored %s into %s\n", files[0], dir)
	}
	return 0
}

// restoreFile does the work of restore and returns the name the previous
// data file was moved to ("" when there was none).
func restoreFile(dir, src string, now time.Time) (string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("data directory: %w", err)
	}
	cur := filepath.Join(dir, dbFile)
	// Hold the current file's lock for the whole swap, so no server starts
	// on it meanwhile; a running one makes this fail at once.
	if _, err := os.Stat(cur); err == nil {
		db, err := store.Open(cur, store.Options{Timeout: 500 * time.Millisecond})
		if errors.Is(err, store.ErrInUse) {
			return "", fmt.Errorf("%w (%s): stop the server first", err, dir)
		}
		if err == nil {
			defer db.Close()
		}
		// A current file that does not open is replaced all the same: that
		// is what a restore is for.
	}
	tmp := cur + ".restoring"
	if err := copyFile(tmp, src); err != nil {
		os.Remove(tmp)
		return "", err
	}
	ok := false
	defer func() {
		if !ok {
			os.Remove(tmp)
		}
	}()
	// The copy, not the caller's file, is opened: opening applies pending
	// migrations.
	db, err := store.Open(tmp, store.Options{Timeout: 500 * time.Millisecond})
	if err != nil {
		return "", fmt.Errorf("%s is not a usable xietong data file: %w", src, err)
	}
	n, verr := db.VerifyAudit()
	if err := db.Close(); err != nil {
		return "", err
	}
	if verr != nil {
		return "", fmt.Errorf("%s: the audit log does not verify after %d entries: %w", src, n, verr)
	}
	bak := ""
	if _, err := os.Stat(cur); err == nil {
		bak = cur + ".bak-" + now.UTC().Format("20060102T150405Z")
		for i := 2; ; i++ { // never overwrite an earlier backup
			if _, err := os.Lstat(bak); errors.Is(err, os.ErrNotExist) {
				break
			}
			bak = fmt.Sprintf("%s.bak-%s-%d", cur, now.UTC().Format("20060102T150405Z"), i)
		}
		if err := os.Rename(cur, bak); err != nil {
			return "", err
		}
	}
	if err := os.Rename(tmp, cur); err != nil {
		return "", err
	}
	ok = true
	syncDir(dir)
	return bak, nil
}

// copyFile copies src to dst (created 0600) and syncs it.
func copyFile(dst, src string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		d.Close()
	}
}
