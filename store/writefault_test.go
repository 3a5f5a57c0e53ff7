package store

import (
	"errors"
	"os"
	"sync/atomic"
	"syscall"
	"testing"

	"xietong/model"
)

// A write the disk refuses (here through Options.WriteFault, as bbolt's
// page write reports a full disk) leaves nothing behind: no record, no
// audit entry, no event, and the caller gets the error with its errno for
// model.Fault to name.
func TestWriteFault(t *testing.T) {
	e := seeded(t)
	e.db.Close()
	var full atomic.Bool
	db, err := Open(e.path, Options{Clock: e.clock, Feed: e.feed, WriteFault: func() error {
		if full.Load() {
			return &os.PathError{Op: "write", Path: e.path, Err: syscall.ENOSPC}
		}
		return nil
	}})
	if err != nil {
		t.Fatal(err)
	}
	e.db = db
	sub := e.feed.Subscribe()
	defer sub.Close()
	before := e.auditLen(t)

	full.Store(true)
	_, err = e.db.PostNotice(t.Context(), e.users["office"], &model.Notice{Title: "停电通知", Body: "周六停电"})
	if !errors.Is(err, syscall.ENOSPC) || !model.DiskFull(err) || !model.IsFault(err) {
		t.Fatalf("write on a full disk: %v", err)
	}
	if n, _ := e.db.Notices(t.Context(), e.users["office"]); len(n) != 0 {
		t.Fatalf("a failed write left notices: %+v", n)
	}
	if e.auditLen(t) != before {
		t.Fatal("a failed write was audited")
	}
	noEvents(t, sub)

	full.Store(false)
	if _, err := e.db.PostNotice(t.Context(), e.users["office"], &model.Notice{Title: "停电通知", Body: "周六停电"}); err != nil {
		t.Fatalf("once space is freed: %v", err)
	}
	if e.auditLen(t) != before+1 {
		t.Fatal("the write after was not audited")
	}
}
