package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"

	bolt "go.etcd.io/bbolt"

	"xietong/model"
)

// itob encodes an id as an 8-byte big-endian key.
func itob(v uint64) []byte {
	return binary.BigEndian.AppendUint64(make([]byte, 0, 8), v)
}

// btoi decodes an 8-byte big-endian key.
func btoi(b []byte) uint64 { return binary.BigEndian.Uint64(b) }

// load decodes the JSON stored under key into v. It returns a copy of the
// raw bytes (safe to keep after the transaction), or nil if key is absent.
func load(b *bolt.Bucket, key []byte, v any) ([]byte, error) {
	raw := b.Get(key)
	if raw == nil {
		return nil, nil
	}
	raw = bytes.Clone(raw)
	if err := json.Unmarshal(raw, v); err != nil {
		return nil, fmt.Errorf("decode record %q: %w", key, err)
	}
	return raw, nil
}

// save stores v as JSON under key in bucket and audits the change of record
// from before (nil: created) to the new value.
func (w *wtx) save(bucket, key []byte, v any, action, record string, before []byte) error {
	after, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if err := w.Bucket(bucket).Put(key, after); err != nil {
		return err
	}
	return w.audit(action, record, before, after)
}

// put advances v's version stamp m (see stamp) and saves v (see save).
func (w *wtx) put(bucket, key []byte, m *model.Meta, v any, action, record string, before []byte) error {
	w.stamp(m)
	return w.save(bucket, key, v, action, record, before)
}

// hashHex is the hex sha256 of b.
func hashHex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// loadOpt loads the record stored under key in bucket, with its raw JSON
// (for the audit entry's "before"); nil, nil, nil when absent.
func loadOpt[T any](tx *bolt.Tx, bucket, key []byte) (*T, []byte, error) {
	v := new(T)
	raw, err := load(tx.Bucket(bucket), key, v)
	if err != nil || raw == nil {
		return nil, nil, err
	}
	return v, raw, nil
}

// getRecord loads the record stored under key in bucket, with its raw JSON
// (for the audit entry's "before"); ENOTFOUND names record when absent.
func getRecord[T any](tx *bolt.Tx, bucket, key []byte, record string) (*T, []byte, error) {
	v, raw, err := loadOpt[T](tx, bucket, key)
	if err == nil && v == nil {
		err = model.NotFound(record)
	}
	return v, raw, err
}

// scanAll decodes every record of bucket in key order and returns those
// keep accepts (every one when keep is nil). A record that does not decode
// fails the scan, naming its bucket and key (an id when the key is one).
func scanAll[T any](tx *bolt.Tx, bucket []byte, keep func(*T) bool) ([]*T, error) {
	var out []*T
	err := tx.Bucket(bucket).ForEach(func(k, v []byte) error {
		r := new(T)
		if err := json.Unmarshal(v, r); err != nil {
			return fmt.Errorf("decode %s %s: %w", bucket, keyName(k), err)
		}
		if keep == nil || keep(r) {
			out = append(out, r)
		}
		return nil
	})
	return out, err
}

// keyName shows a key in messages: the id of an 8-byte id key (itob), else
// the quoted key.
func keyName(k []byte) string {
	if len(k) == 8 && k[0] == 0 {
		return strconv.FormatUint(btoi(k), 10)
	}
	return strconv.Quote(string(k))
}
