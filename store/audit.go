package store

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"

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
	prev := ""
	if _, last := b.Cursor().Last(); last != nil {
		prev = hashHex(last)
	}
	seq, err := b.NextSequence()
	if err != nil {
		return err
	}
	raw, err := json.Marshal(model.AuditEntry{
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
		var prev string
		var prevSeq uint64
		c := tx.Bucket(bucketAudit).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			seq := btoi(k)
			var e model.AuditEntry
			if err := json.Unmarshal(v, &e); err != nil {
				return fmt.Errorf("audit entry %d: cannot be decoded, it was altered: %v", seq, err)
			}
			if e.Seq != seq {
				return fmt.Errorf("audit entry %d: claims to be entry %d, it was altered", seq, e.Seq)
			}
			if e.Prev != prev {
				if prevSeq == 0 {
					return fmt.Errorf("audit entry %d: is the first entry but names a previous one, it was altered", seq)
				}
				return fmt.Errorf("audit entry %d: does not match entry %d before it; one of them was altered or entries were removed", seq, prevSeq)
			}
			prev, prevSeq = hashHex(v), seq
			checked++
		}
		head := tx.Bucket(bucketMeta).Get(metaAuditHead)
		if checked > 0 && string(head) != prev {
			return fmt.Errorf("audit entry %d: does not match the recorded head of the log; it was altered or later entries were removed", prevSeq)
		}
		if checked == 0 && head != nil {
			return fmt.Errorf("audit log is empty but had entries; they were removed")
		}
		return nil
	})
	return checked, err
}
