package model

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"regexp"
	"strings"
	"syscall"
	"testing"
)

var faultIDRE = regexp.MustCompile(`#([0-9A-F]{8})`)

// A fault reaches people as an id, and the log as the same id with its
// cause; a full disk is named as such.
func TestFault(t *testing.T) {
	var logb bytes.Buffer
	log := slog.New(slog.NewTextHandler(&logb, nil))

	cause := errors.New("decode record \"x\": unexpected end of JSON input")
	err := Fault(log, cause, "user", "sales")
	zh, en := ErrorMessage(err, LangZH), ErrorMessage(err, LangEN)
	m := faultIDRE.FindStringSubmatch(zh)
	if m == nil || !strings.HasPrefix(zh, "内部错误 #"+m[1]) || en != "internal error #"+m[1]+"; please tell the administrator" {
		t.Fatalf("messages %q / %q", zh, en)
	}
	if ErrorCode(err) != EINTERNAL || !errors.Is(err, cause) || err.(*Error).ID != m[1] {
		t.Fatalf("code %s, cause kept %v, id %q", ErrorCode(err), errors.Is(err, cause), err.(*Error).ID)
	}
	line := logb.String()
	if strings.Count(line, "\n") != 1 || !strings.Contains(line, "level=ERROR") || !strings.Contains(line, "id="+m[1]) ||
		!strings.Contains(line, `unexpected end of JSON input`) || !strings.Contains(line, "user=sales") {
		t.Fatalf("log %q", line)
	}
	// Logged once: what Fault returned passes through unchanged.
	if again := Fault(log, err); again != err || strings.Count(logb.String(), "\n") != 1 {
		t.Fatalf("a fault reported twice: %v; log %q", again, logb.String())
	}

	// A full disk, as bbolt's write reports it and as its file growth
	// formats it (text only), and a full quota.
	for _, cause := range []error{
		&os.PathError{Op: "write", Path: "/var/lib/xietong/xietong.db", Err: syscall.ENOSPC},
		fmt.Errorf("file resize error: %s", &os.PathError{Op: "truncate", Path: "/var/lib/xietong/xietong.db", Err: syscall.ENOSPC}),
		&os.PathError{Op: "write", Path: "/var/lib/xietong/xietong.db", Err: syscall.EDQUOT},
	} {
		logb.Reset()
		err := Fault(log, cause)
		zh, en := ErrorMessage(err, LangZH), ErrorMessage(err, LangEN)
		m := faultIDRE.FindStringSubmatch(en)
		if m == nil || !strings.HasPrefix(zh, "服务器磁盘已满，请联系管理员") || !strings.HasPrefix(en, "the server's disk is full") {
			t.Fatalf("%v: messages %q / %q", cause, zh, en)
		}
		if l := logb.String(); !strings.Contains(l, "level=ERROR") || !strings.Contains(l, "disk full") || !strings.Contains(l, "id="+m[1]) {
			t.Fatalf("%v: log %q", cause, l)
		}
	}

	// Errors meant for people, a cancelled context and nil pass unchanged,
	// unlogged.
	logb.Reset()
	invalid := Errorf(EINVALID, "err.invalid")
	wrapped := fmt.Errorf("saving: %w", NotFound("SO-1"))
	for _, e := range []error{nil, invalid, wrapped, context.Canceled, fmt.Errorf("load: %w", context.DeadlineExceeded)} {
		if got := Fault(log, e); got != e {
			t.Errorf("%v became %v", e, got)
		}
	}
	if logb.Len() != 0 {
		t.Fatalf("logged: %q", logb.String())
	}
	if got := ErrorMessage(context.Canceled, LangEN); got != "the operation was cancelled" {
		t.Fatalf("cancelled: %q", got)
	}
	if DiskFull(errors.New("permission denied")) || DiskFull(nil) {
		t.Fatal("not a full disk")
	}
}

// Ids differ from one fault to the next.
func TestFaultIDs(t *testing.T) {
	log := slog.New(slog.DiscardHandler)
	seen := map[string]bool{}
	for range 100 {
		id := Fault(log, errors.New("x")).(*Error).ID
		if len(id) != 8 || seen[id] {
			t.Fatalf("id %q (seen: %v)", id, seen[id])
		}
		seen[id] = true
	}
}
