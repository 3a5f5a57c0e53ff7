package store

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"

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

// hashHex is the hex sha256 of b.
func hashHex(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

// getRecord loads the record stored under key in bucket, with its raw JSON
// (for the audit entry's "before"); ENOTFOUND names record when absent.
func getRecord[T any](tx *bolt.Tx, bucket, key []byte, record string) (*T, []byte, error) {
	var v T
	raw, err := load(tx.Bucket(bucket), key, &v)
	if err != nil {
		return nil, nil, err
	}
	if raw == nil {
		return nil, nil, model.NotFound(record)
	}
	return &v, raw, nil
}
