package store

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"

	"xietong/model"
)

// Production's queue is the index bucketQueue: one key per line awaiting a
// reply, model.QueueKey of the line, so a cursor walks the queue in rank
// order; the value is the line's id. Its length is kept in bucketMeta by
// indexLine, so a page needs neither a count nor the lines it skips.

// Queue returns limit lines of production's queue from offset (0-based), in
// rank order, each with its order header; limit <= 0 means to the end.
// Only the lines returned are read.
func (db *DB) Queue(ctx context.Context, offset, limit int) (model.QueuePage, error) {
	offset = max(offset, 0)
	var page model.QueuePage
	err := db.view(ctx, func(tx *bolt.Tx) (err error) {
		page, err = sharedGet(&db.shared, tx, fmt.Sprintf("queue|%d|%d", offset, limit), func() (model.QueuePage, error) {
			return queuePage(tx, offset, limit)
		})
		return err
	})
	return page, err
}

// queuePage reads the page of the queue at offset (limit lines, all if 0).
func queuePage(tx *bolt.Tx, offset, limit int) (model.QueuePage, error) {
	page := model.QueuePage{Offset: offset}
	err := func() error {
		page.Total = readCount(tx, metaQueueLen)
		if page.Offset >= page.Total {
			return nil
		}
		n := page.Total - page.Offset
		if limit > 0 {
			n = min(n, limit)
		}
		page.Entries = make([]model.QueueEntry, 0, n)
		headers := map[uint64]*model.Order{}
		c := tx.Bucket(bucketQueue).Cursor()
		k, v := c.First()
		for i := 0; i < page.Offset && k != nil; i++ {
			k, v = c.Next()
		}
		for ; k != nil && len(page.Entries) < n; k, v = c.Next() {
			if len(v) != 8 {
				return fmt.Errorf("queue key %x: bad value", k)
			}
			l, _, err := getLine(tx, btoi(v))
			if err != nil {
				return fmt.Errorf("queue key %x: %w", k, err)
			}
			o := headers[l.OrderID]
			if o == nil {
				if o, err = getOrderHeader(tx, l.OrderID); err != nil {
					return err
				}
				headers[l.OrderID] = o
			}
			page.Entries = append(page.Entries, model.QueueEntry{Rank: page.Offset + len(page.Entries) + 1, Order: o, Line: l})
		}
		return nil
	}()
	return page, err
}

// QueuePosition returns the 0-based rank of line id in production's queue,
// or -1 when it is not queued; ENOTFOUND if there is no such line.
func (db *DB) QueuePosition(ctx context.Context, id uint64) (pos int, err error) {
	err = db.view(ctx, func(tx *bolt.Tx) (err error) {
		pos, err = sharedGet(&db.shared, tx, "qpos|"+strconv.FormatUint(id, 10), func() (int, error) {
			return queuePosition(tx, id)
		})
		return err
	})
	return pos, err
}

// queuePosition is QueuePosition in tx.
func queuePosition(tx *bolt.Tx, id uint64) (pos int, err error) {
	err = func() error {
		l, _, err := getLine(tx, id)
		if err != nil {
			return err
		}
		pos = -1
		if !model.InQueue(l) {
			return nil
		}
		o, err := getOrderHeader(tx, l.OrderID)
		if err != nil {
			return err
		}
		key := queueKey(o, l)
		c := tx.Bucket(bucketQueue).Cursor()
		n := 0
		k, _ := c.First()
		for ; k != nil && bytes.Compare(k, key) < 0; k, _ = c.Next() {
			n++
		}
		if !bytes.Equal(k, key) {
			return fmt.Errorf("line %d awaits a reply but is missing from the queue index", id)
		}
		pos = n
		return nil
	}()
	return pos, err
}

// Promise computes what the order entry screen shows for a new qty of
// product/variant ("" is the default variant) as of now: stock, stock not
// yet taken by the lines in the book, open demand, free capacity on the
// next ten working days and the suggested promise date, after the promised
// lines and every line of the product waiting in the reply queue. A
// suggestion that cannot be made (no capacity, beyond the horizon, a bad
// qty) is in SuggestErr, not the error. Only the book entries of the
// product's open lines are read (book.go).
func (db *DB) Promise(ctx context.Context, product, variant string, qty int64, now time.Time) (model.PromiseFacts, error) {
	var facts model.PromiseFacts
	err := db.view(ctx, func(tx *bolt.Tx) (err error) {
		facts, err = db.promiseFacts(tx, product, variant, qty, now, 0, nil)
		return err
	})
	return facts, err
}

// PromiseFor is Promise for what remains of line id, as production answers
// it from the reply queue: only the lines ranked ahead of it in the queue
// go first.
func (db *DB) PromiseFor(ctx context.Context, id uint64, now time.Time) (model.PromiseFacts, error) {
	var facts model.PromiseFacts
	err := db.view(ctx, func(tx *bolt.Tx) error {
		l, _, err := getLine(tx, id)
		if err != nil {
			return err
		}
		o, err := getOrderHeader(tx, l.OrderID)
		if err != nil {
			return err
		}
		mine := queueKey(o, l)
		facts, err = db.promiseFacts(tx, l.ProductCode, l.Variant, max(l.Qty-l.ShippedQty, 1), now, l.ID, func(k []byte, _ *model.OrderLine) bool {
			return !model.InQueue(l) || bytes.Compare(k, mine) < 0
		})
		return err
	})
	return facts, err
}

// promiseFacts builds the facts in tx, leaving line exclude (the one
// answered; 0: none) out of the book; ahead, when not nil, picks which of
// the queued lines (with their queue keys) go before qty (nil: all).
func (db *DB) promiseFacts(tx *bolt.Tx, product, variant string, qty int64, now time.Time, exclude uint64,
	ahead func(key []byte, l *model.OrderLine) bool) (model.PromiseFacts, error) {
	var facts model.PromiseFacts
	p, _, err := getProduct(tx, product)
	if err != nil {
		return facts, err
	}
	if variant, err = variantOf(p, variant); err != nil {
		return facts, err
	}
	stock, err := stockOf(tx, product)
	if err != nil {
		return facts, err
	}
	entries, err := productBook(tx, product)
	if err != nil {
		return facts, err
	}
	entries = slices.DeleteFunc(entries, func(b bookLine) bool { return b.l.ID == exclude })
	// The queued lines, in rank order, those that go first marked.
	lines := make([]*model.OrderLine, 0, len(entries))
	var inQueue []bookLine
	for _, b := range entries {
		lines = append(lines, b.l)
		if b.key != nil && (ahead == nil || ahead(b.key, b.l)) {
			inQueue = append(inQueue, b)
		}
	}
	slices.SortFunc(inQueue, func(a, b bookLine) int { return bytes.Compare(a.key, b.key) })
	first := make(map[uint64]bool, len(inQueue))
	ordered := make([]*model.OrderLine, 0, len(lines))
	for _, q := range inQueue {
		first[q.l.ID] = true
		ordered = append(ordered, q.l)
	}
	for _, l := range lines {
		if !first[l.ID] {
			ordered = append(ordered, l)
		}
	}
	today := db.cal.DateOf(now)
	req := model.PromiseRequest{Today: today, Cal: db.cal, Product: p, Stock: stock, Lines: ordered,
		Ahead: func(l *model.OrderLine) bool { return first[l.ID] }, Variant: variant, Qty: qty}
	booked := model.BookOf(req)
	facts = model.PromiseFacts{
		Product:    p,
		Variant:    variant,
		Stock:      stock[variant],
		Available:  booked.Free[variant],
		OpenDemand: model.OpenDemand(variant, lines),
		Free:       model.FreeCapacity(today, db.cal, p, booked.Used, 10),
	}
	facts.Suggestion, facts.SuggestErr = booked.Suggest(req)
	return facts, nil
}

// productLines loads the open lines of product.
func productLines(tx *bolt.Tx, product string) ([]*model.OrderLine, error) {
	var out []*model.OrderLine
	lines := tx.Bucket(bucketLines)
	prefix := append([]byte(product), 0)
	c := tx.Bucket(bucketProductLines).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		id := k[len(prefix):]
		v := lines.Get(id)
		if len(id) != 8 || v == nil {
			return nil, fmt.Errorf("product index %q: no line", k)
		}
		l := new(model.OrderLine)
		if err := json.Unmarshal(v, l); err != nil {
			return nil, fmt.Errorf("decode line %d: %w", btoi(id), err)
		}
		out = append(out, l)
	}
	return out, nil
}
