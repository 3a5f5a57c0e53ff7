//go:build !unix

package store

import (
	"errors"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"
)

// lockFile, where there is no flock, opens the file read-only with bbolt,
// whose shared lock a running server's exclusive one refuses (and which
// keeps a server from starting until it is released). Unlike flock this
// maps the file.
func lockFile(path string, timeout time.Duration) (func() error, error) {
	db, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: timeout})
	if errors.Is(err, berrors.ErrTimeout) {
		return nil, ErrInUse
	} else if err != nil {
		return nil, err
	}
	return db.Close, nil
}
