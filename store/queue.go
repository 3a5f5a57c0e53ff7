package store

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
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

// Promise computes what the order entry and reply screens show for qty of
// product/variant ("" is the default variant) as of now: stock, stock not
// yet committed, open demand, free capacity on the next ten working days
// and the suggested promise date. A suggestion that cannot be made (no
// capacity, beyond the horizon, a bad qty) is in SuggestErr, not the error.
// Only the product's open lines are read.
func (db *DB) Promise(ctx context.Context, product, variant string, qty int64, now time.Time) (model.PromiseFacts, error) {
	var facts model.PromiseFacts
	err := db.view(ctx, func(tx *bolt.Tx) error {
		p, _, err := getProduct(tx, product)
		if err != nil {
			return err
		}
		if variant, err = variantOf(p, variant); err != nil {
			return err
		}
		stock, err := stockOf(tx, product)
		if err != nil {
			return err
		}
		lines, err := productLines(tx, product)
		if err != nil {
			return err
		}
		available, load := model.PromiseBasis(stock, lines)
		today := db.cal.DateOf(now)
		facts = model.PromiseFacts{
			Product:    p,
			Variant:    variant,
			Stock:      stock[variant],
			Available:  available[variant],
			OpenDemand: model.OpenDemand(variant, lines),
			Free:       model.FreeCapacity(today, db.cal, p, load, 10),
		}
		facts.Suggestion, facts.SuggestErr = model.SuggestPromise(model.PromiseRequest{
			Today: today, Cal: db.cal, Product: p, Available: available[variant], Load: load, Qty: qty,
		})
		return nil
	})
	return facts, err
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
