package store

import (
	"errors"
	"sync"

	bolt "go.etcd.io/bbolt"
)

// shared keeps what many sessions ask of the store alike (the reply
// queue's pages, the deadline board, the product and customer lists),
// each computed once for the data as of one committed transaction and
// handed to every reader of that state. Five hundred sessions re-reading
// after a commit then cost one computation, not five hundred: the first
// reader computes, readers of the same state that arrive meanwhile wait for
// it, and a commit moves bolt's transaction ID on, so a stale value is never
// served. Values are shared: callers must not change them.
type shared struct {
	mu   sync.Mutex
	txid int
	vals map[string]*sharedVal
}

type sharedVal struct {
	done chan struct{}
	v    any
	err  error
}

// maxShared bounds the values kept for one state.
const maxShared = 256

// get returns the value of key for read transaction tx, computing it with
// fn (in tx) when no reader of this state has.
func (s *shared) get(tx *bolt.Tx, key string, fn func() (any, error)) (any, error) {
	if tx.Writable() {
		// A write transaction's ID is the one its commit will have, and
		// its view may still change or roll back (see allLines).
		return fn()
	}
	id := tx.ID()
	s.mu.Lock()
	switch {
	case id < s.txid:
		// An older state than the one kept: compute it alone.
		s.mu.Unlock()
		return fn()
	case id > s.txid || s.vals == nil:
		s.txid, s.vals = id, map[string]*sharedVal{}
	}
	if v, ok := s.vals[key]; ok {
		s.mu.Unlock()
		<-v.done
		return v.v, v.err
	}
	if len(s.vals) >= maxShared {
		s.vals = map[string]*sharedVal{}
	}
	v := &sharedVal{done: make(chan struct{})}
	s.vals[key] = v
	s.mu.Unlock()
	func() {
		defer close(v.done)
		ok := false
		defer func() {
			if !ok {
				v.err = errors.New("store: shared read failed") // fn panicked: waiters must not hang
			}
		}()
		v.v, v.err = fn()
		ok = true
	}()
	if v.err != nil {
		// Errors are not kept: the next reader tries again.
		s.mu.Lock()
		if s.vals[key] == v {
			delete(s.vals, key)
		}
		s.mu.Unlock()
	}
	return v.v, v.err
}

// sharedGet is shared.get with the value's type.
func sharedGet[T any](s *shared, tx *bolt.Tx, key string, fn func() (T, error)) (T, error) {
	v, err := s.get(tx, key, func() (any, error) { return fn() })
	if err != nil {
		var zero T
		return zero, err
	}
	return v.(T), nil
}
