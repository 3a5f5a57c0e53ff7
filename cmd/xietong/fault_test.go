package main

import (
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
)

var faultRE = regexp.MustCompile(`#([0-9A-F]{8})`)

// logLine is the line of the log with the fault id, failing without one.
func logLine(t *testing.T, log *lockedBuffer, id string) string {
	t.Helper()
	for _, l := range strings.Split(log.String(), "\n") {
		if strings.Contains(l, " id="+id+" ") {
			return l
		}
	}
	t.Fatalf("no log line with id %s:\n%s", id, log.String())
	return ""
}

// A write the disk refuses reaches people, in the terminal's status line
// and on an exec command's stderr, as the full disk it is or as an internal
// error, each with an id; the log has an ERROR line under the same id with
// the cause and who met it. The store's writes fail here through
// Config.WriteFault, at the end of the write transaction, with the error
// bbolt's page write returns on a full disk (a full file system is not
// something a test can make without privileges).
func TestFaultsReachPeopleWithAnID(t *testing.T) {
	var logged lockedBuffer
	var fault atomic.Pointer[error]
	dir := t.TempDir()
	ts := startServerLog(t, Config{Demo: true, DataDir: dir, WriteFault: func() error {
		if p := fault.Load(); p != nil {
			return *p
		}
		return nil
	}}, slog.New(slog.NewTextHandler(&logged, nil)))
	diskFull := error(&os.PathError{Op: "write", Path: filepath.Join(dir, dbFile), Err: syscall.ENOSPC})
	other := errors.New("page 7: unexpected page type")
	fault.Store(&diskFull)

	// exec: one line on stderr, exit status 1.
	r := ts.exec("office", "notices post --title 停电通知")
	m := faultRE.FindStringSubmatch(r.stderr)
	if r.code != 1 || m == nil || r.stderr != "xietong: 服务器磁盘已满，请联系管理员（#"+m[1]+"）\n" {
		t.Fatalf("exec on a full disk: exit %d, stderr %q", r.code, r.stderr)
	}
	l := logLine(t, &logged, m[1])
	t.Logf("exec: %s\nlog: %s", strings.TrimSpace(r.stderr), l)
	for _, want := range []string{"level=ERROR", "disk full", "no space left on device", "user=office", "via=exec", `command="notices post"`} {
		if !strings.Contains(l, want) {
			t.Fatalf("log line lacks %q: %s", want, l)
		}
	}

	// The terminal: the form stays open, the status line says why.
	office := ts.open("office", 100, 30, "")
	office.waitText("今天需要你处理的事")
	office.send("1", kTab)
	office.waitText("通知公告", "状态")
	office.send("n")
	office.waitText("发布通知", "标题")
	office.send("明天全厂停电检修")
	office.send(kCtrlS)
	screen := office.waitText("服务器磁盘已满，请联系管理员（#")
	m2 := faultRE.FindStringSubmatch(screen[strings.Index(screen, "服务器磁盘已满"):])
	if m2 == nil || m2[1] == m[1] {
		t.Fatalf("status line: %v\n%s", m2, screen)
	}
	l = logLine(t, &logged, m2[1])
	if !strings.Contains(l, "level=ERROR") || !strings.Contains(l, "no space left on device") || !strings.Contains(l, "user=office via=terminal") {
		t.Fatalf("log line of the terminal's fault: %s", l)
	}

	// Any other fault: an internal error with its id.
	fault.Store(&other)
	office.send(kCtrlS)
	screen = office.waitText("内部错误 #")
	m3 := faultRE.FindStringSubmatch(screen[strings.Index(screen, "内部错误 #"):])
	if m3 == nil {
		t.Fatalf("status line:\n%s", screen)
	}
	if l := logLine(t, &logged, m3[1]); !strings.Contains(l, `level=ERROR msg="internal error"`) || !strings.Contains(l, "page 7: unexpected page type") {
		t.Fatalf("log line of the internal error: %s", l)
	}
	r = ts.exec("office", "notices post --title 停电通知")
	m4 := faultRE.FindStringSubmatch(r.stderr)
	if r.code != 1 || m4 == nil || r.stderr != "xietong: 内部错误 #"+m4[1]+"，请联系管理员\n" {
		t.Fatalf("exec with a fault: exit %d, stderr %q", r.code, r.stderr)
	}
	logLine(t, &logged, m4[1])

	// Once the disk takes writes again, the form's text saves.
	fault.Store(nil)
	office.send(kCtrlS)
	office.waitText("通知已发布")
	if r := ts.exec("office", "notices list"); r.code != 0 || strings.Count(r.stdout, "停电") != 1 {
		t.Fatalf("after the faults: %d %s %s", r.code, r.stdout, r.stderr)
	}

	// Each fault is one ERROR line, under its own id (a write that bbolt
	// retries alone after its batch failed is still one fault), and the
	// log names the full disk as such twice, the other fault never.
	var errorLines, diskLines int
	ids := map[string]bool{}
	idRE := regexp.MustCompile(` id=([0-9A-F]{8}) `)
	for _, l := range strings.Split(logged.String(), "\n") {
		if !strings.Contains(l, "level=ERROR") {
			continue
		}
		errorLines++
		if strings.Contains(l, `msg="disk full: `) {
			diskLines++
		}
		if m := idRE.FindStringSubmatch(l); m != nil {
			ids[m[1]] = true
		}
	}
	if errorLines != 4 || diskLines != 2 || len(ids) != 4 || !ids[m[1]] || !ids[m2[1]] || !ids[m3[1]] || !ids[m4[1]] {
		t.Fatalf("%d ERROR lines, %d of a full disk, ids %v:\n%s", errorLines, diskLines, ids, logged.String())
	}
}
