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

// run computes the value with fn and lets the readers waiting for it go,
// also when fn panics (they then get an error).
func (v *sharedVal) run(fn func() (any, error)) {
	defer close(v.done)
	ok := false
	defer func() {
		if !ok {
			v.err = errors.New("store: shared read failed") // fn panicked: waiters must not hang
		}
	}()
	v.v, v.err = fn()
	ok = true
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
	v.run(fn)
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

// lasting keeps values read from records of a few types (the audit's record
// name up to its slash: "notice", "purchase") across commits that change
// none of them. shared computes again after every commit; the notices every
// home screen lists and the purchase requests the deadline board reads
// would then be decoded whole on every order or anomaly written. Every
// change is audited under its record's name, so the types a commit changed
// are known before it commits: noted is told them with the transaction ID
// the commit will have, and a value read as of transaction T serves a
// reader of state R when T <= R and no commit since T changed its types. A
// rolled-back write leaves a note behind, which only costs a recomputation.
type lasting struct {
	mu   sync.Mutex
	last map[string]int // record type → ID of the last write that changed one
	vals map[string]*lastingVal
}

type lastingVal struct {
	txid int
	sharedVal
}

// noted records that write transaction txid changes records of types.
func (s *lasting) noted(txid int, types map[string]bool) {
	if len(types) == 0 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.last == nil {
		s.last = map[string]int{}
	}
	for t := range types {
		s.last[t] = max(s.last[t], txid)
	}
}

// get returns the value of key for read transaction tx, computed from the
// records of types with fn (in tx) when no value read since they last
// changed is kept.
func (s *lasting) get(tx *bolt.Tx, key string, types []string, fn func() (any, error)) (any, error) {
	if tx.Writable() {
		return fn()
	}
	id := tx.ID()
	s.mu.Lock()
	changed := 0
	for _, t := range types {
		changed = max(changed, s.last[t])
	}
	if v, ok := s.vals[key]; ok && v.txid <= id && changed <= v.txid {
		s.mu.Unlock()
		<-v.done
		if v.err == nil {
			return v.v, nil
		}
		return fn() // a failed read is not kept (see below)
	}
	v := &lastingVal{txid: id, sharedVal: sharedVal{done: make(chan struct{})}}
	if old, ok := s.vals[key]; !ok || old.txid < id {
		if s.vals == nil {
			s.vals = map[string]*lastingVal{}
		}
		s.vals[key] = v // a newer state's value replaces an older one
	}
	s.mu.Unlock()
	v.run(fn)
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

// lastingGet is lasting.get with the value's type.
func lastingGet[T any](s *lasting, tx *bolt.Tx, key string, types []string, fn func() (T, error)) (T, error) {
	v, err := s.get(tx, key, types, func() (any, error) { return fn() })
	if err != nil {
		var zero T
		return zero, err
	}
	return v.(T), nil
}
