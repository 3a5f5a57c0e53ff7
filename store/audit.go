package store

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"

	"xietong/model"
)

// The audit log is a hash chain: each entry's Prev is the hex sha256 of the
// raw JSON of the entry before it, and bucketMeta keeps the hash of the last
// entry, so altering or removing any entry (the last one included) is
// detected by VerifyAudit.

// audit appends an entry for a change of record by w.who at w.now.
func (w *wtx) audit(action, record string, before, after []byte) error {
	b := w.Bucket(bucketAudit)
	// Entries are only ever appended (rising keys), so pages are split full
	// rather than half full: half the pages to write on each commit.
	b.FillPercent = appendFill
	// The head is the hash of the last entry, kept beside the log in the
	// same transaction; reading it saves finding and hashing that entry.
	prev := string(w.Bucket(bucketMeta).Get(metaAuditHead))
	if prev == "" {
		if _, last := b.Cursor().Last(); last != nil {
			prev = hashHex(last)
		}
	}
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	raw, err := encodeAudit(model.AuditEntry{
		Seq: seq, At: w.now, Who: w.who, Action: action, Record: record,
		Before: before, After: after, Prev: prev,
	})
	if err != nil {
		return err
	}
	if err := b.Put(itob(seq), raw); err != nil {
		return err
	}
	if err := w.Bucket(bucketAuditByRecord).Put(auditIndexKey(record, seq), []byte{}); err != nil {
		return err
	}
	if err := w.Bucket(bucketMeta).Put(metaAuditHead, []byte(hashHex(raw))); err != nil {
		return err
	}
	w.audited++
	if w.types == nil {
		w.types = map[string]bool{}
	}
	typ, _, _ := strings.Cut(record, "/")
	w.types[typ] = true
	return nil
}

// auditIndexPrefix is the prefix of record's keys in bucketAuditByRecord.
func auditIndexPrefix(record string) []byte {
	return append([]byte(record), 0)
}

func auditIndexKey(record string, seq uint64) []byte {
	return append(auditIndexPrefix(record), itob(seq)...)
}

// Audit returns the entries for record ("notice/12", "user/prod"), or every
// entry when record is "", oldest first.
func (db *DB) Audit(ctx context.Context, record string) ([]model.AuditEntry, error) {
	var out []model.AuditEntry
	err := db.view(ctx, func(tx *bolt.Tx) error {
		audit := tx.Bucket(bucketAudit)
		add := func(v []byte) error {
			var e model.AuditEntry
			if err := json.Unmarshal(v, &e); err != nil {
				return err
			}
			out = append(out, e)
			return nil
		}
		if record == "" {
			return audit.ForEach(func(_, v []byte) error { return add(v) })
		}
		prefix := auditIndexPrefix(record)
		c := tx.Bucket(bucketAuditByRecord).Cursor()
		for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
			seq := k[len(prefix):]
			v := audit.Get(seq)
			if len(seq) != 8 || v == nil {
				return fmt.Errorf("audit index %q: no entry", k)
			}
			if err := add(v); err != nil {
				return err
			}
		}
		return nil
	})
	return out, err
}

// VerifyAudit walks the audit log and checks the hash chain. It returns how
// many entries it checked and, if the chain is broken, an error naming the
// first entry where it breaks.
func (db *DB) VerifyAudit() (checked int, err error) {
	err = db.bolt.View(func(tx *bolt.Tx) error {
		checked, err = verifyAudit(tx)
		return err
	})
	return checked, err
}

// verifyAudit is VerifyAudit in tx. A file may lack the buckets (Inspect
// reads files that were never opened by this program): no log is an empty
// one.
func verifyAudit(tx *bolt.Tx) (checked int, err error) {
	var head []byte
	if meta := tx.Bucket(bucketMeta); meta != nil {
		head = meta.Get(metaAuditHead)
	}
	var prev string
	var prevSeq uint64
	// The ledger's entries as their last audit entries left them: an entry
	// edited in the file outside the program no longer matches.
	ledger := map[string][]byte{}
	if audit := tx.Bucket(bucketAudit); audit != nil {
		c := audit.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if len(k) != 8 || v == nil {
				return checked, fmt.Errorf("audit key %x after entry %d: not an entry, it was altered", k, prevSeq)
			}
			seq := btoi(k)
			var e model.AuditEntry
			if err := json.Unmarshal(v, &e); err != nil {
				return checked, fmt.Errorf("audit entry %d: cannot be decoded, it was altered: %v", seq, err)
			}
			if e.Seq != seq {
				return checked, fmt.Errorf("audit entry %d: claims to be entry %d, it was altered", seq, e.Seq)
			}
			if e.Prev != prev {
				if prevSeq == 0 {
					return checked, fmt.Errorf("audit entry %d: is the first entry but names a previous one, it was altered", seq)
				}
				return checked, fmt.Errorf("audit entry %d: does not match entry %d before it; one of them was altered or entries were removed", seq, prevSeq)
			}
			if strings.HasPrefix(e.Record, "ledger/") {
				ledger[e.Record] = e.After
			}
			prev, prevSeq = hashHex(v), seq
			checked++
		}
	}
	if checked > 0 && string(head) != prev {
		return checked, fmt.Errorf("audit entry %d: does not match the recorded head of the log; it was altered or later entries were removed", prevSeq)
	}
	if checked == 0 && head != nil {
		return checked, fmt.Errorf("audit log is empty but had entries; they were removed")
	}
	if b := tx.Bucket(bucketLedger); b != nil {
		err := b.ForEach(func(k, v []byte) error {
			if len(k) != 8 {
				return fmt.Errorf("ledger key %x: not an entry, it was altered", k)
			}
			if after, ok := ledger[ledgerRecord(btoi(k))]; !ok || !bytes.Equal(after, v) {
				return fmt.Errorf("ledger entry %d: differs from its last audit entry; it was edited outside the program", btoi(k))
			}
			return nil
		})
		if err != nil {
			return checked, err
		}
	}
	return checked, nil
}

// appendFill is the fill percent of buckets written in rising key order.
const appendFill = 0.95

// encodeAudit writes e as json.Marshal does, byte for byte, without its
// reflection and without re-compacting Before and After: they are always
// json.Marshal output (a record as saved, or as read back from the store,
// where it was decoded before the change), so already valid, compact and
// escaped. Every write has an audit entry, so this is on every write's path.
func encodeAudit(e model.AuditEntry) ([]byte, error) {
	b := make([]byte, 0, 96+len(e.Who)+len(e.Action)+len(e.Record)+len(e.Before)+len(e.After)+len(e.Prev))
	b = append(b, `{"seq":`...)
	b = strconv.AppendUint(b, e.Seq, 10)
	b = append(b, `,"at":`...)
	at, err := e.At.MarshalJSON()
	if err != nil {
		return nil, err
	}
	b = append(b, at...)
	b = append(b, `,"who":`...)
	b = appendJSONString(b, e.Who)
	b = append(b, `,"action":`...)
	b = appendJSONString(b, e.Action)
	b = append(b, `,"record":`...)
	b = appendJSONString(b, e.Record)
	for _, f := range [2]struct {
		name string
		raw  json.RawMessage
	}{{`,"before":`, e.Before}, {`,"after":`, e.After}} {
		if len(f.raw) == 0 {
			continue
		}
		b = append(b, f.name...)
		b = append(b, f.raw...)
	}
	b = append(b, `,"prev":`...)
	b = appendJSONString(b, e.Prev)
	return append(b, '}'), nil
}

// appendJSONString appends s quoted as encoding/json quotes it: HTML
// characters and U+2028/U+2029 escaped, invalid UTF-8 as U+FFFD.
func appendJSONString(b []byte, s string) []byte {
	const hexDigits = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// inUseSince is the factory date of the first audited change: the day the
// data file was first written to (the first account set up, or the demo's
// first day). Deadlines before it were never owed. Zero when nothing has
// been written.
func (db *DB) inUseSince(tx *bolt.Tx) (model.Date, error) {
	_, v := tx.Bucket(bucketAudit).Cursor().First()
	if v == nil {
		return model.Date{}, nil
	}
	var e struct {
		At time.Time `json:"at"`
	}
	if err := json.Unmarshal(v, &e); err != nil {
		return model.Date{}, fmt.Errorf("first audit entry: %w", err)
	}
	return db.cal.DateOf(e.At), nil
}
