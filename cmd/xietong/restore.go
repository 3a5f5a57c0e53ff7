package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"time"

	"xietong/i18n"
	"xietong/model"
	"xietong/store"
)

// restore puts a backup file in place of the data directory's data file,
// offline: `xietong restore [--data DIR] [--force] [--lang zh|en] FILE`.
// Before it touches anything it checks the file (see restoreFile); a
// refusal is one line on stderr and exit status 1, and leaves the data
// directory as it was. The previous data file is kept as
// xietong.db.bak-TIME, TIME being now (the wall clock when now is zero).
func restore(args []string, stdout, stderr io.Writer, now time.Time) int {
	dir, rest := dataFlag(args)
	lang := envOr(os.Getenv, "XIETONG_LANG", model.LangZH)
	force := false
	var files []string
	var bad string
	for i := 0; i < len(rest); i++ {
		a := rest[i]
		switch {
		case a == "--force":
			force = true
		case a == "--lang" && i+1 < len(rest):
			lang = rest[i+1]
			i++
		case strings.HasPrefix(a, "--lang="):
			lang = strings.TrimPrefix(a, "--lang=")
		case a == "--":
			files = append(files, rest[i+1:]...)
			i = len(rest)
		case strings.HasPrefix(a, "-") && a != "-" && bad == "":
			bad = a
		default:
			files = append(files, a)
		}
	}
	usage := func(msg string) int {
		if lang != model.LangEN {
			lang = model.LangZH
		}
		if msg != "" {
			fmt.Fprintln(stderr, "xietong restore: "+msg+"; "+i18n.T(lang, "restore.usage"))
		} else {
			fmt.Fprintln(stderr, "xietong restore: "+i18n.T(lang, "restore.usage"))
		}
		return 2
	}
	switch {
	case lang != model.LangZH && lang != model.LangEN:
		bad := lang
		lang = model.LangEN
		return usage(i18n.T(lang, "restore.bad_lang", bad))
	case bad != "":
		return usage(i18n.T(lang, "restore.unknown_flag", bad))
	case len(files) != 1:
		return usage("")
	}
	if now.IsZero() {
		now = time.Now()
	}
	src := files[0]
	r := restoreJob{dir: dir, src: src, now: now, force: force, lang: lang, check: checkInChild}
	bak, facts, err := r.run()
	if err != nil {
		fmt.Fprintln(stderr, "xietong restore: "+oneLine(i18n.T(lang, "restore.refused", src, errText(err, lang))))
		return 1
	}
	if bak != "" {
		fmt.Fprintln(stdout, i18n.T(lang, "restore.done", src, dir, bak))
	} else {
		fmt.Fprintln(stdout, i18n.T(lang, "restore.done_new", src, dir))
	}
	if facts.Accounts == 0 {
		fmt.Fprintln(stdout, i18n.T(lang, "restore.forced_empty"))
	}
	return 0
}

// errText renders err for people in lang: a domain error from the
// catalogue, anything else (a file system error) as it is.
func errText(err error, lang string) string {
	var e *model.Error
	if errors.As(err, &e) {
		return e.In(lang)
	}
	return err.Error()
}

// oneLine keeps a message on one line whatever its parts held.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// restoreJob is one restore: the backup src into the data directory dir.
type restoreJob struct {
	dir, src string
	now      time.Time
	force    bool // restore a file with no accounts
	lang     string
	// check inspects the copy at path (store.Inspect) where a crash cannot
	// take this process with it; its refusal is rendered in lang.
	check func(path, lang string) (store.FileFacts, error)
}

// run checks src and puts it in place, returning the name the previous
// data file was moved to ("" when there was none). Nothing in the data
// directory changes until every check has passed: the checks run on a copy
// (xietong.db.restoring), which is removed on every way out but success,
// and the current file is only locked, never opened, so an older one is
// not migrated and a damaged one cannot crash the restore.
//
// The checks, in order: the copy's meta pages and size, read from its raw
// bytes before anything maps it (store.CheckPages: a file shorter than its
// pages would stop the process with SIGBUS); then, in a child process,
// bbolt's consistency check of every page, the xietong marker and schema
// version, the JSON of every record and the audit log's hash chain
// (store.Inspect); then that it holds accounts (unless force); then that it
// opens and migrates as the server would open it.
func (r restoreJob) run() (bak string, facts store.FileFacts, err error) {
	fi, err := os.Stat(r.src)
	if err != nil {
		return "", facts, model.Errorf(model.EINVALID, "restore.read", err.Error())
	}
	if !fi.Mode().IsRegular() {
		return "", facts, model.Errorf(model.EINVALID, "store.file.not_regular")
	}
	if _, err := os.Stat(r.dir); errors.Is(err, os.ErrNotExist) {
		if err := os.MkdirAll(r.dir, 0o700); err != nil {
			return "", facts, err
		}
		defer func() {
			if err != nil {
				os.Remove(r.dir) // only if still empty
			}
		}()
	}
	cur := filepath.Join(r.dir, dbFile)
	// Hold the current file's lock for the whole swap, so no server starts
	// on it meanwhile; a running one makes this fail at once.
	if _, serr := os.Stat(cur); serr == nil {
		unlock, err := store.LockFile(cur, 500*time.Millisecond)
		if errors.Is(err, store.ErrInUse) {
			return "", facts, model.Errorf(model.ECONFLICT, "restore.in_use", r.dir)
		} else if err != nil {
			return "", facts, err
		}
		defer unlock()
	}
	tmp := cur + ".restoring"
	defer func() {
		if err != nil {
			os.Remove(tmp)
		}
	}()
	if err := copyFile(tmp, r.src); err != nil {
		return "", facts, err
	}
	if err := store.CheckPages(tmp); err != nil {
		return "", facts, err
	}
	if facts, err = r.check(tmp, r.lang); err != nil {
		return "", facts, err
	}
	if facts.Accounts == 0 && !r.force {
		return "", facts, model.Errorf(model.EINVALID, "restore.no_accounts")
	}
	// Opening applies pending migrations to the copy, as the server would
	// at its start; a file that fails them is refused here rather than
	// there.
	clock, err := newClock(envOr(os.Getenv, "XIETONG_TZ", "Asia/Shanghai"), r.now, true)
	if err != nil {
		return "", facts, err
	}
	db, err := store.Open(tmp, store.Options{Clock: clock, Timeout: 500 * time.Millisecond})
	if err != nil {
		return "", facts, model.Errorf(model.EINVALID, "store.file.unusable", err.Error())
	}
	if err := db.Close(); err != nil {
		return "", facts, err
	}
	if _, serr := os.Stat(cur); serr == nil {
		stamp := r.now.UTC().Format("20060102T150405Z")
		bak = cur + ".bak-" + stamp
		for i := 2; ; i++ { // never overwrite an earlier backup
			if _, err := os.Lstat(bak); errors.Is(err, os.ErrNotExist) {
				break
			}
			bak = fmt.Sprintf("%s.bak-%s-%d", cur, stamp, i)
		}
		if err := os.Rename(cur, bak); err != nil {
			return "", facts, model.Errorf(model.EINTERNAL, "restore.failed", err.Error())
		}
	}
	if err := os.Rename(tmp, cur); err != nil {
		if bak != "" {
			// Put the current file back: the refusal promises it unchanged.
			if rerr := os.Rename(bak, cur); rerr != nil {
				return "", facts, fmt.Errorf("%w; and the current data file could not be moved back from %s: %v", err, bak, rerr)
			}
		}
		return "", facts, model.Errorf(model.EINTERNAL, "restore.failed", err.Error())
	}
	syncDir(r.dir)
	return bak, facts, nil
}

// checkTimeout bounds the child that inspects a backup: a damaged file can
// send bbolt round a loop of pages.
const checkTimeout = 10 * time.Minute

// checkResult is what `xietong restore-check` prints: the facts of a file
// that passed, or the refusal, already in the caller's language.
type checkResult struct {
	Facts   *store.FileFacts `json:"facts,omitempty"`
	Refused string           `json:"refused,omitempty"`
}

// checkInChild runs store.Inspect on path in a child process (this same
// program, `xietong restore-check`), so that a file damaged in a way that
// crashes bbolt crashes only the child. Anything but the child's one line
// of JSON is a crash, and the verdict is "damaged".
func checkInChild(path, lang string) (store.FileFacts, error) {
	exe, err := os.Executable()
	if err != nil {
		return store.FileFacts{}, model.Errorf(model.EINTERNAL, "restore.no_checker", err.Error())
	}
	ctx, cancel := context.WithTimeout(context.Background(), checkTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, exe, "restore-check", "--lang", lang, path)
	var out bytes.Buffer
	errb := &headBuffer{max: 4096}
	cmd.Stdout, cmd.Stderr = &out, errb
	err = cmd.Run()
	if ctx.Err() != nil {
		return store.FileFacts{}, model.Errorf(model.EINVALID, "restore.check_timeout", checkTimeout.String())
	}
	if cmd.ProcessState == nil {
		return store.FileFacts{}, model.Errorf(model.EINTERNAL, "restore.no_checker", err.Error())
	}
	var res checkResult
	if err == nil && json.Unmarshal(out.Bytes(), &res) == nil {
		switch {
		case res.Refused != "":
			return store.FileFacts{}, refusal(res.Refused)
		case res.Facts != nil:
			return *res.Facts, nil
		}
	}
	how := cmd.ProcessState.String()
	if first := firstLine(errb.String()); first != "" {
		how += ": " + first
	}
	if sig := faultSignal(errb.String()); sig != "" {
		how += " (" + sig + ")"
	}
	return store.FileFacts{}, model.Errorf(model.EINVALID, "restore.crashed", how)
}

// refusal is a refusal already rendered (by the child, in the caller's
// language).
type refusal string

func (r refusal) Error() string { return string(r) }

// firstLine is the first line of s that says something (a Go crash starts
// with the panic or fault).
func firstLine(s string) string {
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			return l
		}
	}
	return ""
}

// faultSignal is the signal a Go crash on a memory fault names ("signal
// SIGBUS: bus error" from "[signal SIGBUS: bus error code=… addr=…]"):
// reading a page past the end of a mapped file; "" when there is none.
func faultSignal(s string) string {
	for _, l := range strings.Split(s, "\n") {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(l), "[signal "); ok {
			rest, _, _ = strings.Cut(rest, " code=")
			return "signal " + strings.TrimSuffix(rest, "]")
		}
	}
	return ""
}

// headBuffer keeps the first max bytes written to it.
type headBuffer struct {
	bytes.Buffer
	max int
}

func (b *headBuffer) Write(p []byte) (int, error) {
	if room := b.max - b.Len(); room > 0 {
		b.Buffer.Write(p[:min(room, len(p))])
	}
	return len(p), nil
}

// restoreCheck is the child of checkInChild: `xietong restore-check [--lang
// zh|en] FILE` inspects FILE without writing to it and prints one line of
// JSON (checkResult). It exits 0 whenever it could say what it found.
func restoreCheck(args []string, stdout, stderr io.Writer) int {
	lang := model.LangEN
	if len(args) >= 2 && args[0] == "--lang" {
		lang, args = args[1], args[2:]
	}
	if len(args) != 1 {
		fmt.Fprintln(stderr, "usage: xietong restore-check [--lang zh|en] FILE")
		return 2
	}
	// A loop of pages in a damaged file must end in a crash soon, not after
	// a gigabyte of stack; a sound file's trees are a few levels deep.
	debug.SetMaxStack(64 << 20)
	facts, err := store.Inspect(args[0])
	var res checkResult
	if err != nil {
		res.Refused = errText(err, lang)
	} else {
		res.Facts = &facts
	}
	if err := json.NewEncoder(stdout).Encode(res); err != nil {
		return 1
	}
	return 0
}

// copyFile copies src to dst (created 0600) and syncs it.
func copyFile(dst, src string) error {
	in, err := os.Open(src)
	if err != nil {
		return model.Errorf(model.EINVALID, "restore.read", err.Error())
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
