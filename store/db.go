// Package store keeps xietong's records in one bbolt file and implements the
// service interfaces of package model on it.
//
// Every mutation is one write transaction that also appends an entry to a
// hash-chained audit log; change events are published on the feed only after
// the transaction has committed. Nothing outside this package knows bbolt
// exists.
package store

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"xietong/model"
)

// ErrInUse is returned by Open when another process holds the data file.
var ErrInUse = errors.New("data directory in use by another xietong")

// DefaultTimeout is how long Open waits for the file lock when
// Options.Timeout is zero.
const DefaultTimeout = time.Second

// whoSystem is the audit name of changes made without a person: the offline
// command line and server start-up.
const whoSystem = model.SystemLogin

// Options configures Open.
type Options struct {
	Clock    *model.Clock    // nil: a UTC clock
	Feed     *model.Feed     // nil: changes are not published
	Calendar *model.Calendar // nil: Monday–Saturday in the clock's zone, no holidays
	Timeout  time.Duration   // wait for the file lock; 0: DefaultTimeout
	// ShortfallDays is the shortfall table's horizon: its day through this
	// many calendar days later. 0: model.DefaultShortfallDays; at most
	// model.MaxShortfallDays.
	ShortfallDays int
	// AnomalyTargets are the anomaly response targets per severity; zero
	// fields: model.DefaultAnomalyTargets.
	AnomalyTargets model.AnomalyTargets
	// FeedbackTarget is the response target of customer feedback; 0:
	// model.DefaultFeedbackTarget.
	FeedbackTarget time.Duration
	// ProjectDecideDays is how many working days the general manager has
	// to decide a submitted project; 0: model.DefaultProjectDecideDays.
	ProjectDecideDays int
	// WriteFault, tests only, stands in for the disk at the end of every
	// write transaction (update): an error it returns fails the write as a
	// failed commit does, rolled back and returned to the caller, e.g. the
	// *os.PathError wrapping syscall.ENOSPC that bbolt's write of its pages
	// returns on a full disk. nil: writes go to the disk alone.
	WriteFault func() error
}

// DB is the bbolt-backed store. It is safe for concurrent use.
type DB struct {
	bolt  *bolt.DB
	clock *model.Clock
	feed  *model.Feed
	cal   *model.Calendar

	shortfallDays  int
	anomalyTargets model.AnomalyTargets
	feedbackTarget time.Duration
	// projectDecideDays: see Options.ProjectDecideDays.
	projectDecideDays int

	writeFault func() error // Options.WriteFault

	actors actorCache
	shared shared
	// lasting keeps what is read from records of a few types until a
	// commit changes one of them.
	lasting lasting
	reads   atomic.Uint64 // read transactions begun

	// bulk is set while Bulk runs: writes commit one by one without
	// waiting for the disk (see Bulk).
	bulk   atomic.Bool
	bulkMu sync.Mutex // one bulk load at a time
	// hashSlots bounds the invitation code hashes computed at once
	// (invitations.go).
	hashSlots chan struct{}
}

// codeHashSlots is how many invitation code hashes may run at once: 38 MiB
// of hashing memory at most, and never every core.
const codeHashSlots = 2

// Compile-time checks that DB implements the services.
var (
	_ model.UserService   = (*DB)(nil)
	_ model.NoticeService = (*DB)(nil)
	_ model.AuditService  = (*DB)(nil)
	_ model.MasterService = (*DB)(nil)
	_ model.OrderService  = (*DB)(nil)

	_ model.PlanningService  = (*DB)(nil)
	_ model.ShopFloorService = (*DB)(nil)
	_ model.MeetingService   = (*DB)(nil)
)

// Open opens (creating if needed) the data file at path, creates missing
// buckets and applies pending migrations.
func Open(path string, opts Options) (*DB, error) {
	return open(path, opts, migrations)
}

func open(path string, opts Options, migs []migration) (*DB, error) {
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.Clock == nil {
		opts.Clock = &model.Clock{Loc: time.UTC}
	}
	if opts.Calendar == nil {
		opts.Calendar = model.NewCalendar(opts.Clock.Loc, nil, nil)
	}
	switch {
	case opts.ShortfallDays == 0:
		opts.ShortfallDays = model.DefaultShortfallDays
	case opts.ShortfallDays < 0 || opts.ShortfallDays > model.MaxShortfallDays:
		return nil, fmt.Errorf("shortfall horizon %d days: must be 1 to %d", opts.ShortfallDays, model.MaxShortfallDays)
	}
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{
		Timeout: opts.Timeout,
		// A long read (a backup, an export) makes a commit wait only when
		// the file has to be remapped, and a remap in the middle of a large
		// commit (an import) first copies every node it touched to the heap.
		// Mapping 1 GiB of address space from the start puts both off until
		// the file outgrows it; only the pages read take memory.
		InitialMmapSize: 1 << 30,
		// The free page list is not written at each commit (fewer pages per
		// fsync); bbolt rebuilds it at open, and the map form keeps that and
		// page allocation fast.
		FreelistType:   bolt.FreelistMapType,
		NoFreelistSync: true,
	})
	if errors.Is(err, berrors.ErrTimeout) {
		return nil, ErrInUse
	} else if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	// Group commit (see update): concurrent writes wait at most this long
	// to share a transaction and its fsync.
	bdb.MaxBatchDelay = time.Millisecond
	if opts.FeedbackTarget < 0 {
		return nil, fmt.Errorf("feedback target %s: must not be negative", opts.FeedbackTarget)
	} else if opts.FeedbackTarget == 0 {
		opts.FeedbackTarget = model.DefaultFeedbackTarget
	}
	if opts.ProjectDecideDays < 0 {
		return nil, fmt.Errorf("project decision days %d: must not be negative", opts.ProjectDecideDays)
	} else if opts.ProjectDecideDays == 0 {
		opts.ProjectDecideDays = model.DefaultProjectDecideDays
	}
	db := &DB{bolt: bdb, clock: opts.Clock, projectDecideDays: opts.ProjectDecideDays, feed: opts.Feed, cal: opts.Calendar, shortfallDays: opts.ShortfallDays,
		anomalyTargets: opts.AnomalyTargets.OrDefaults(), feedbackTarget: opts.FeedbackTarget, writeFault: opts.WriteFault,
		hashSlots: make(chan struct{}, codeHashSlots)}
	if err := db.migrate(migs); err != nil {
		bdb.Close()
		return nil, err
	}
	if err := db.ensureAggregates(); err != nil {
		bdb.Close()
		return nil, fmt.Errorf("line aggregates: %w", err)
	}
	if err := db.ensureOrderRows(); err != nil {
		bdb.Close()
		return nil, fmt.Errorf("order rows: %w", err)
	}
	return db, nil
}

// Close closes the data file.
func (db *DB) Close() error {
	return db.bolt.Close()
}

// Services bundles the store's services with its feed and clock.
func (db *DB) Services() model.Services {
	return model.Services{Users: db, Notices: db, Audit: db, Master: db, Orders: db, Planning: db, Shop: db, Meetings: db, Projects: db, Campaigns: db, Plans: db, Ledger: db, Purchase: db,
		Feed: db.feed, Clock: db.clock, Calendar: db.cal, Bulk: db.Bulk}
}

// Bulk runs fn as a bulk load into a database that holds nothing worth
// keeping yet (the demo factory's seed, before any session). Every change
// fn makes is still its own audited transaction, published on the feed,
// but it is committed at once instead of waiting for a group to share it,
// and without waiting for the disk; when fn returns the file is synced
// once, so everything fn wrote is durable before Bulk returns, and writes
// are fsynced one by one again from then on.
//
// A crash of the machine (not only of the process) while fn runs may leave
// the file damaged: what fn was loading is lost, and so could be anything
// the file held before, which is why Bulk is for a new file only. Other
// writers should not run meanwhile; they would be committed the same way.
func (db *DB) Bulk(fn func() error) error {
	db.bulkMu.Lock()
	defer db.bulkMu.Unlock()
	// bbolt reads NoSync when a writer commits, under its writer lock: set
	// it under that lock too.
	noSync := func(on bool) error {
		return db.bolt.Update(func(*bolt.Tx) error { db.bolt.NoSync = on; return nil })
	}
	if err := noSync(true); err != nil {
		return err
	}
	db.bulk.Store(true)
	err := fn()
	db.bulk.Store(false)
	if serr := noSync(false); err == nil {
		err = serr
	}
	if serr := db.bolt.Sync(); err == nil && serr != nil {
		err = fmt.Errorf("sync after bulk load: %w", serr)
	}
	return err
}

// WriteTo writes a consistent copy of the whole data file to w (a backup).
// Writers are not blocked while it runs.
func (db *DB) WriteTo(w io.Writer) (n int64, err error) {
	err = db.bolt.View(func(tx *bolt.Tx) error {
		n, err = tx.WriteTo(w)
		return err
	})
	return n, err
}

// wtx is a write transaction in progress: the bolt transaction plus who is
// acting and when, so helpers can stamp and audit what they write.
type wtx struct {
	*bolt.Tx
	who     string
	now     time.Time       // UTC
	loc     *time.Location  // the factory zone
	audited int             // audit entries appended so far
	types   map[string]bool // types of the records audited (see lasting)
	stamps  []stamped       // version stamps applied, in order, so a re-run can undo them
	actors  *actorCache
}

// stamped is a version stamp applied by stamp: the record's Meta and its
// value before.
type stamped struct {
	m   *model.Meta
	old model.Meta
}

// undoStamps restores every Meta stamped in w to its value before, latest
// first. It is a guard for write functions run more than once (see update):
// a record declared outside the function does not keep a stamp from a run
// that was rolled back.
func (w *wtx) undoStamps() {
	for i := len(w.stamps) - 1; i >= 0; i-- {
		*w.stamps[i].m = w.stamps[i].old
	}
	w.stamps = nil
}

// errNoChange is returned to bolt's Batch by a write function that
// appended no audit entry: it changed nothing, so its transaction must not
// commit. update reports it as success.
var errNoChange = errors.New("store: nothing written")

// update runs fn in a write transaction. If fn succeeds and appended at
// least one audit entry the transaction is committed (fsynced) and then the
// returned events are published; a transaction without an audit entry
// changed nothing and is rolled back. Any error rolls everything back and
// publishes nothing.
//
// Writes are group-committed with bolt's DB.Batch: concurrent calls share
// one transaction and one fsync, and each returns only once that
// transaction has committed. Batch may run fn more than once (when another
// function of the batch fails, the batch is rolled back and re-run, and a
// failing function is re-run alone), so fn must start from scratch on every
// call: copy its inputs inside, never mutate what it captured, and only
// assign final results to outer variables (the last run wins). Each run gets
// a fresh wtx.
func (db *DB) update(ctx context.Context, who string, fn func(w *wtx) ([]model.Event, error)) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	var (
		w      *wtx
		events []model.Event
	)
	run := func(tx *bolt.Tx) error {
		if w != nil {
			w.undoStamps() // a re-run: forget what the last run stamped
		}
		events = nil
		// The time is read once the write lock is held, so audit times follow
		// the order of the log.
		w = &wtx{Tx: tx, who: who, now: db.clock.Now().UTC(), loc: db.clock.Loc, actors: &db.actors}
		evs, err := fn(w)
		if err != nil {
			return err
		}
		if w.audited == 0 {
			return errNoChange
		}
		if db.writeFault != nil {
			if err := db.writeFault(); err != nil {
				return err
			}
		}
		events = evs
		db.lasting.noted(tx.ID(), w.types)
		return nil
	}
	var err error
	if db.bulk.Load() {
		err = db.bolt.Update(run) // a bulk load commits at once (see Bulk)
	} else {
		err = db.bolt.Batch(run)
	}
	if errors.Is(err, errNoChange) {
		return nil
	}
	if err != nil {
		return err
	}
	if db.feed != nil && len(events) > 0 {
		for i := range events {
			events[i].Actor, events[i].At = w.who, w.now
		}
		db.feed.Publish(events...)
	}
	return nil
}

// view runs fn in a read transaction.
func (db *DB) view(ctx context.Context, fn func(tx *bolt.Tx) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	db.reads.Add(1)
	return db.bolt.View(fn)
}

// ReadTxs is the number of read transactions begun since the store opened:
// what the screens cost the store, for tests and the stats command.
func (db *DB) ReadTxs() uint64 { return db.reads.Load() }

// whoOf is the audit name of the person acting.
func whoOf(by *model.User) string {
	if by == nil {
		return whoSystem
	}
	return by.Login
}

// actor reloads the person acting from the store, so permissions follow the
// stored role and state rather than a copy a session read at login. nil
// (the system) stays nil.
func (w *wtx) actor(by *model.User) (*model.User, error) {
	if by == nil {
		return nil, nil
	}
	raw := w.Bucket(bucketUsers).Get([]byte(by.Login))
	if raw == nil {
		return nil, model.Errorf(model.EUNAUTHORIZED, "err.no_account", by.Login)
	}
	if u := w.actors.get(by.Login, raw); u != nil {
		return u, nil
	}
	u, _, err := getUser(w.Tx, by.Login)
	if err != nil {
		return nil, err
	}
	w.actors.put(by.Login, raw, u)
	return u, nil
}

// actorCache keeps each person's account as last decoded, with the stored
// bytes it came from. Every write re-reads the person acting; when the
// stored bytes are the same, the decoded account is reused instead of
// decoded again. Any change to the account changes its bytes (its version
// stamp at least), so a stale account is never used.
type actorCache struct {
	mu    sync.Mutex
	users map[string]actorEntry
}

type actorEntry struct {
	raw []byte
	u   model.User
}

// maxActors bounds the cache; a factory has hundreds of accounts at most.
const maxActors = 4096

// get returns a copy of login's account if raw is what it was decoded from.
func (c *actorCache) get(login string, raw []byte) *model.User {
	c.mu.Lock()
	e, ok := c.users[login]
	c.mu.Unlock()
	if !ok || !bytes.Equal(e.raw, raw) {
		return nil
	}
	u := e.u
	u.Keys = slices.Clone(u.Keys)
	return &u
}

func (c *actorCache) put(login string, raw []byte, u *model.User) {
	e := actorEntry{raw: bytes.Clone(raw), u: *u}
	e.u.Keys = slices.Clone(u.Keys)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.users == nil || len(c.users) >= maxActors {
		c.users = map[string]actorEntry{}
	}
	c.users[login] = e
}

// require checks that the acting person (nil: the system) may perform act.
func require(by *model.User, act model.Action) error {
	if by == nil {
		return nil
	}
	return model.Require(by, act)
}

// allowed re-reads the acting person inside the transaction and checks act,
// so rights withdrawn after a session started are enforced at once.
func (w *wtx) allowed(by *model.User, act model.Action) (*model.User, error) {
	actor, err := w.actor(by)
	if err != nil {
		return nil, err
	}
	return actor, require(actor, act)
}

// stamp advances a record's version stamp for a save by w.
func (w *wtx) stamp(m *model.Meta) {
	w.stamps = append(w.stamps, stamped{m: m, old: *m})
	if m.Version == 0 {
		m.CreatedAt = w.now
	}
	m.Version++
	m.UpdatedAt, m.UpdatedBy = w.now, w.who
}

// checkVersion refuses a save based on version read when the stored record
// is at another version, naming who saved it (by name) and when.
func (db *DB) checkVersion(tx *bolt.Tx, record string, read uint64, stored model.Meta) error {
	if read == stored.Version {
		return nil
	}
	return model.Conflict(record, displayName(tx, stored.UpdatedBy), stored.UpdatedAt.In(db.clock.Loc))
}

// displayName is login's name for people ("张伟"), or the login when the
// account has no name or is not found.
func displayName(tx *bolt.Tx, login string) string {
	if u, _, err := getUser(tx, login); err == nil && u.Name != "" {
		return u.Name
	}
	return login
}
