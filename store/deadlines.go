package store

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"

	"xietong/model"
)

// MaxDeadlineDays bounds the range of one Deadlines call.
const MaxDeadlineDays = 366

// publishFacts is the part of a shortfall table or production plan the
// deadline board reads.
type publishFacts struct {
	Published   time.Time `json:"published"`
	PublishedBy string    `json:"published_by"`
}

func getPublishFacts(tx *bolt.Tx, bucket []byte, d model.Date) (publishFacts, error) {
	var f publishFacts
	_, err := load(tx.Bucket(bucket), []byte(d.String()), &f)
	return f, err
}

// Deadlines lists the due items falling in [from, to] (factory dates; see
// model.PlanningDue and model.DueDay), evaluated at the clock's now:
//
//   - forecasts and ten-day plans due (sales): done at the period's first
//     publish, by whoever published it;
//   - every working day, the shortfall table (sales, due 14:00) and the
//     plan for the next working day (production, due 17:30; Ref its
//     production day): done at the first publish;
//   - order line replies whose ReplyDue falls in the range (production; Ref
//     SO-…/n): done at RepliedAt, by the replier in the line's history.
//     Lines cancelled or closed unanswered are left out.
//
// Items are sorted by due time. Only items due by now can be missing;
// later ones are pending. The range may span MaxDeadlineDays at most.
func (db *DB) Deadlines(ctx context.Context, from, to model.Date) ([]model.DueItem, error) {
	v := model.Invalid{}
	if from.IsZero() {
		v.Add("from", "val.required")
	}
	if to.IsZero() {
		v.Add("to", "val.required")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	if to.Before(from) {
		from, to = to, from
	}
	if from.DaysUntil(to) >= MaxDeadlineDays {
		return nil, model.Errorf(model.EINVALID, "err.range_too_long", MaxDeadlineDays)
	}
	now := db.clock.Now()
	var items []model.DueItem
	err := db.view(ctx, func(tx *bolt.Tx) (err error) {
		items, err = db.dueItems(tx, from, to, now)
		return err
	})
	if err != nil {
		return nil, err
	}
	return items, nil
}

// dueItems is the board of Deadlines for [from, to] (checked) at now, in
// read transaction tx (boards are cached by transaction ID).
func (db *DB) dueItems(tx *bolt.Tx, from, to model.Date, now time.Time) ([]model.DueItem, error) {
	// Only committed states are cached (see allLines).
	cache := !tx.Writable()
	if cache {
		if items := db.deadlines.get(tx.ID(), from, to, now); items != nil {
			return items, nil
		}
	}
	var ferr error
	keep := func(err error) {
		if ferr == nil {
			ferr = err
		}
	}
	facts := model.DueFacts{
		Period: func(p model.Period) (time.Time, string) {
			h, err := getPlanHead(tx, p)
			if err != nil {
				keep(err)
				return time.Time{}, ""
			}
			return h.FirstPublished, h.FirstPublishedBy
		},
		Shortfall: func(d model.Date) (time.Time, string) {
			f, err := getPublishFacts(tx, bucketShortfalls, d)
			keep(err)
			return f.Published, f.PublishedBy
		},
		Plan: func(d model.Date) (time.Time, string) {
			f, err := getPublishFacts(tx, bucketProdPlans, d)
			keep(err)
			return f.Published, f.PublishedBy
		},
	}
	items := model.PlanningDue(db.cal, from, to, now, facts)
	if ferr != nil {
		return nil, ferr
	}
	replies, err := db.replyItems(tx, from, to, now)
	if err != nil {
		return nil, err
	}
	items = append(items, replies...)
	model.SortDueItems(items)
	if cache {
		db.deadlines.put(tx.ID(), from, to, items)
	}
	return items, nil
}

// deadlineCache keeps the last boards read, each for the data as of one
// committed transaction. Every session's header counts today's missing
// items each minute and after each change, and reading the board scans
// every order line; with the cache, one session scans and the others
// re-settle its items at their own now, which is all that depends on the
// time. A commit moves bolt's transaction ID on, so a stale board is never
// served.
type deadlineCache struct {
	mu      sync.Mutex
	entries map[[2]model.Date]deadlineEntry
}

type deadlineEntry struct {
	txid  int
	items []model.DueItem
}

// maxDeadlineBoards bounds the cache; most reads are of today.
const maxDeadlineBoards = 16

// get returns a copy of the board for [from, to] as of txid, settled at
// now, or nil.
func (c *deadlineCache) get(txid int, from, to model.Date, now time.Time) []model.DueItem {
	c.mu.Lock()
	e, ok := c.entries[[2]model.Date{from, to}]
	c.mu.Unlock()
	if !ok || e.txid != txid {
		return nil
	}
	items := make([]model.DueItem, len(e.items))
	copy(items, e.items)
	for i := range items {
		items[i].State, items[i].Late = model.EvaluateDue(items[i].Due, items[i].Done, now)
	}
	return items
}

func (c *deadlineCache) put(txid int, from, to model.Date, items []model.DueItem) {
	kept := make([]model.DueItem, len(items))
	copy(kept, items)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil || len(c.entries) >= maxDeadlineBoards {
		c.entries = map[[2]model.Date]deadlineEntry{}
	}
	c.entries[[2]model.Date{from, to}] = deadlineEntry{txid: txid, items: kept}
}

var replyDueKey = []byte(`"reply_due":"`)

// rawReplyDue reads OrderLine.ReplyDue straight from a line's JSON (zero
// if absent), so a scan decodes only the lines whose deadline is in range.
func rawReplyDue(v []byte) (time.Time, error) {
	i := bytes.Index(v, replyDueKey)
	if i < 0 {
		return time.Time{}, nil
	}
	rest := v[i+len(replyDueKey):]
	j := bytes.IndexByte(rest, '"')
	if j < 0 {
		return time.Time{}, fmt.Errorf("reply_due not terminated")
	}
	return time.Parse(time.RFC3339Nano, string(rest[:j]))
}

// replyItems scans the lines once for reply deadlines falling in [from, to].
func (db *DB) replyItems(tx *bolt.Tx, from, to model.Date, now time.Time) ([]model.DueItem, error) {
	var out []model.DueItem
	orders := map[uint64]*model.Order{}
	c := tx.Bucket(bucketLines).Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		due, err := rawReplyDue(v)
		if err != nil {
			return nil, fmt.Errorf("line %d: %w", btoi(k), err)
		}
		if due.IsZero() {
			continue
		}
		if day := model.DueDay(db.cal, due); day.Before(from) || day.After(to) {
			continue
		}
		var l model.OrderLine
		if err := json.Unmarshal(v, &l); err != nil {
			return nil, fmt.Errorf("decode line %d: %w", btoi(k), err)
		}
		o := orders[l.OrderID]
		if o == nil {
			if o, err = getOrderHeader(tx, l.OrderID); err != nil {
				return nil, err
			}
			orders[l.OrderID] = o
		}
		if it, ok := model.ReplyDueItem(db.cal, o, &l, now); ok {
			out = append(out, it)
		}
	}
	return out, nil
}
