// Package model holds xietong's domain: records, validation, permissions,
// deadlines and the service interfaces the screens and commands talk to.
// It imports no storage, terminal or SSH package.
package model

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"xietong/i18n"
)

// Error codes. They travel from the store to the screens and to exec
// commands.
const (
	ECONFLICT     = "conflict"     // the record changed since it was read
	EINTERNAL     = "internal"     // a fault of ours
	EINVALID      = "invalid"      // bad input; Fields says where
	ENOTFOUND     = "not_found"    // no such record
	EFORBIDDEN    = "forbidden"    // the person's role may not do this
	EUNAUTHORIZED = "unauthorized" // not logged in / bad credentials
	ELOCKED       = "locked"       // e.g. an invitation after too many tries
)

// Text is a translatable message: a catalogue key and its arguments.
type Text struct {
	Key  string
	Args []any
}

// T builds a Text.
func T(key string, args ...any) Text { return Text{Key: key, Args: args} }

// In renders the text in lang ("zh" or "en").
func (t Text) In(lang string) string { return i18n.T(lang, t.Key, t.Args...) }

// Error is the one error type of the domain.
type Error struct {
	Code string
	Text Text
	// Fields maps a field name to what is wrong with it, for forms.
	Fields map[string]Text
	// ID is the id of a fault (see Fault), the same in the log.
	ID string

	cause error // of a fault: what went wrong, for the log and errors.Is
}

// Unwrap returns the cause of a fault, nil for other errors.
func (e *Error) Unwrap() error { return e.cause }

// Error renders the error in English, for logs and scripts.
func (e *Error) Error() string { return e.In(i18n.EN) }

// In renders the error, with its field messages, in lang.
func (e *Error) In(lang string) string {
	msg := e.Text.In(lang)
	if len(e.Fields) == 0 {
		return msg
	}
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, FieldLabel(lang, k)+": "+e.Fields[k].In(lang))
	}
	return msg + ": " + strings.Join(parts, "; ")
}

// FieldLabel names a field for people: "qty" → 数量, "lines.2.qty" → 第 2
// 行 数量, "row 12.qty" → 第 12 行 数量, "row 12" → 第 12 行.
func FieldLabel(lang, name string) string {
	var out []string
	rest := name
	for rest != "" {
		head, tail, _ := strings.Cut(rest, ".")
		var n int
		switch {
		case (head == "lines" || head == "rows") && tail != "":
			num, after, _ := strings.Cut(tail, ".")
			if _, err := fmt.Sscanf(num, "%d", &n); err == nil {
				key := "field.line_n"
				if head == "rows" {
					key = "field.row_n"
				}
				out = append(out, i18n.T(lang, key, n))
				rest = after
				continue
			}
			out = append(out, i18n.T(lang, "field.lines"))
		case strings.HasPrefix(head, "row "):
			if _, err := fmt.Sscanf(head, "row %d", &n); err == nil {
				out = append(out, i18n.T(lang, "field.row_n", n))
			} else {
				out = append(out, head)
			}
		default:
			out = append(out, i18n.T(lang, "field."+head))
		}
		rest = tail
	}
	return strings.Join(out, " ")
}

// Errorf builds an *Error from a catalogue key.
func Errorf(code, key string, args ...any) *Error {
	return &Error{Code: code, Text: T(key, args...)}
}

// ErrorCode returns the code of err, EINTERNAL for foreign errors and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage renders err in lang; foreign errors are shown as a generic
// internal error so internals do not leak to people (Fault gives them the
// id to quote, and logs them), and a cancelled context as cancelled.
func ErrorMessage(err error, lang string) string {
	var e *Error
	if err == nil {
		return ""
	} else if errors.As(err, &e) {
		return e.In(lang)
	} else if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return i18n.T(lang, "err.canceled")
	}
	return i18n.T(lang, "err.internal")
}

// FieldErrors returns the per-field messages of err, or nil.
func FieldErrors(err error) map[string]Text {
	var e *Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

// Invalid collects field errors; Err returns nil when there are none.
type Invalid map[string]Text

// Add records a message for field unless the field already has one.
func (v Invalid) Add(field, key string, args ...any) {
	if _, ok := v[field]; !ok {
		v[field] = T(key, args...)
	}
}

// Merge adds the field messages of err (an EINVALID error with fields)
// for the fields that have none yet: what a form could not read stays, and
// what the model refuses joins it.
func (v Invalid) Merge(err error) {
	for field, msg := range FieldErrors(err) {
		if _, ok := v[field]; !ok {
			v[field] = msg
		}
	}
}

// Err returns an EINVALID *Error carrying the fields, or nil.
func (v Invalid) Err() error {
	if len(v) == 0 {
		return nil
	}
	return &Error{Code: EINVALID, Text: T("err.invalid"), Fields: map[string]Text(v)}
}

// Conflict is the ECONFLICT error for a record saved by someone else since it was read.
func Conflict(record, by string, at time.Time) *Error {
	return Errorf(ECONFLICT, "err.conflict", record, by, at.Format("2006-01-02 15:04:05"))
}

// NotFound is the ENOTFOUND error for a record.
func NotFound(record string) *Error { return Errorf(ENOTFOUND, "err.not_found", record) }

// FieldError puts err (a parse error, say) next to field: an EINVALID error
// with that one field, or nil when err is nil.
func FieldError(field string, err error) error {
	if err == nil {
		return nil
	}
	v := Invalid{}
	v.AddErr(field, err)
	return v.Err()
}
