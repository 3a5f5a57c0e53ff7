package model

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"strings"
	"syscall"
)

// Faults are errors of ours rather than of what someone asked: a write the
// disk refused, a record that no longer decodes. People see only that one
// happened, with an id to quote ("内部错误 #7F3A9C2E"); the log has the
// cause under the same id. A full disk is named as such, since nobody but
// the administrator can do anything about it and the whole server is
// affected.

// Fault returns err as people may see it, having logged it at ERROR when it
// is a fault: a new EINTERNAL *Error carrying a fresh id, its text "internal
// error #ID" or, when the disk is full (DiskFull), "the server's disk is
// full (#ID)", and err as its cause (errors.Is and errors.As still see it).
// The log record has the id, the cause and attrs (who, what). Errors meant
// for people (a *Error, or anything that renders itself in a language) and
// a cancelled context (the person left, or gave up) are returned unchanged,
// and so is nil. A nil log is slog.Default().
func Fault(log *slog.Logger, err error, attrs ...any) error {
	if !IsFault(err) {
		return err
	}
	if log == nil {
		log = slog.Default()
	}
	id := faultID()
	args := append([]any{"id", id, "cause", err.Error()}, attrs...)
	if DiskFull(err) {
		log.Error("disk full: every write fails until space is freed on the data directory's file system", args...)
		return &Error{Code: EINTERNAL, Text: T("err.disk_full", id), ID: id, cause: err}
	}
	log.Error("internal error", args...)
	return &Error{Code: EINTERNAL, Text: T("err.internal_id", id), ID: id, cause: err}
}

// IsFault reports whether err is a fault Fault would log: not nil, not an
// error meant for people, not a cancelled context.
func IsFault(err error) bool {
	var l interface{ In(lang string) string }
	switch {
	case err == nil, errors.As(err, &l):
		return false
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return false
	}
	return true
}

// DiskFull reports whether err says the disk (or the user's quota on it) is
// full. bbolt passes most write errors on as they are, but formats the one
// from growing the file with %s, which keeps only the text; so the text of
// ENOSPC and EDQUOT counts too.
func DiskFull(err error) bool {
	if err == nil {
		return false
	}
	if errors.Is(err, syscall.ENOSPC) || errors.Is(err, syscall.EDQUOT) {
		return true
	}
	msg := err.Error()
	return strings.Contains(msg, syscall.ENOSPC.Error()) || strings.Contains(msg, syscall.EDQUOT.Error())
}

// faultID is 8 random hex digits: enough to find one line in a log, short
// enough to read out on the phone.
func faultID() string {
	var b [4]byte
	_, _ = rand.Read(b[:]) // never fails (crypto/rand)
	return strings.ToUpper(hex.EncodeToString(b[:]))
}
