package store

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"xietong/model"
)

// Line aggregates (docs/DOMAIN.md#kpis): the order KPIs of a month are sums
// over its days, so each line's share of them is kept per day in
// bucketLineAgg and changed in the transaction that changes the line. A
// KPI of a month then reads about thirty counters a kind instead of every
// line of the month, and the KPI board's twelve months cost the same at
// 100,000 lines as at 100. The counters are derived data: they are built
// from the lines when a data file first opens with them (or with another
// factory zone), and a test checks them against the lines.
//
// Keys (a tag, a factory date, for shipments a variant key):
//
//	"o" date   lines promised for date, not cancelled: [due, delivered in full by date]
//	"r" date   lines first replied to on date:         [replied, replied before the deadline]
//	"d" date   reply deadlines falling on date:        [due, replied on time, replied late]
//	"s" date \x00 product|variant                      [quantity shipped on date]
//
// Values are three big-endian int64.

// aggVersion names the form of the aggregates; a data file whose stored
// form or zone differs has them rebuilt at open.
const aggVersion = "1"

type aggVal [3]int64

// lineShares is line l's share of the aggregates, in factory zone loc.
func lineShares(l *model.OrderLine, loc *time.Location) map[string]aggVal {
	out := map[string]aggVal{}
	if l.Status != model.LineCancelled && !l.PromisedDate.IsZero() {
		v := aggVal{1}
		if shippedBy(l, l.PromisedDate) >= l.Qty {
			v[1] = 1
		}
		out["o"+l.PromisedDate.String()] = v
	}
	if !l.RepliedAt.IsZero() {
		v := aggVal{1}
		if !l.ReplyDue.IsZero() && l.RepliedAt.Before(l.ReplyDue) {
			v[1] = 1
		}
		out["r"+model.DateOf(l.RepliedAt.In(loc)).String()] = v
	}
	if !l.ReplyDue.IsZero() && (!l.RepliedAt.IsZero() || l.Status.Open()) {
		// As model.ReplyDueItem counts a reply deadline.
		v := aggVal{1}
		if !l.RepliedAt.IsZero() {
			if st, _ := model.EvaluateDue(l.ReplyDue, l.RepliedAt, time.Time{}); st == model.DueOnTime {
				v[1] = 1
			} else {
				v[2] = 1
			}
		}
		out["d"+model.DateOf(l.ReplyDue.Add(-time.Nanosecond).In(loc)).String()] = v
	}
	for _, sh := range l.Shipments {
		k := "s" + sh.Date.String() + "\x00" + model.VariantKey(l.ProductCode, l.Variant)
		v := out[k]
		v[0] += sh.Qty
		out[k] = v
	}
	return out
}

// shippedBy is the quantity of l shipped on or before d.
func shippedBy(l *model.OrderLine, d model.Date) int64 {
	var n int64
	for _, s := range l.Shipments {
		if !s.Date.After(d) {
			n += s.Qty
		}
	}
	return n
}

// aggregateLine moves line l's share of the aggregates from old (nil: a new
// line) to l.
func aggregateLine(tx *bolt.Tx, loc *time.Location, old, l *model.OrderLine) error {
	delta := lineShares(l, loc)
	if old != nil {
		for k, v := range lineShares(old, loc) {
			d := delta[k]
			for i := range d {
				d[i] -= v[i]
			}
			delta[k] = d
		}
	}
	b := tx.Bucket(bucketLineAgg)
	for k, d := range delta {
		if d == (aggVal{}) {
			continue
		}
		cur := readAgg(b.Get([]byte(k)))
		for i := range cur {
			cur[i] += d[i]
		}
		var err error
		if cur == (aggVal{}) {
			err = b.Delete([]byte(k))
		} else {
			err = b.Put([]byte(k), cur.bytes())
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func readAgg(v []byte) aggVal {
	var a aggVal
	for i := range a {
		if len(v) >= 8*(i+1) {
			a[i] = int64(binary.BigEndian.Uint64(v[8*i:]))
		}
	}
	return a
}

func (a aggVal) bytes() []byte {
	b := make([]byte, 24)
	for i, x := range a {
		binary.BigEndian.PutUint64(b[8*i:], uint64(x))
	}
	return b
}

// sumAgg adds up the counters of tag for the dates in [from, to].
func sumAgg(tx *bolt.Tx, tag string, from, to model.Date) aggVal {
	var sum aggVal
	c := tx.Bucket(bucketLineAgg).Cursor()
	hi := []byte(tag + to.String() + "\xff")
	for k, v := c.Seek([]byte(tag + from.String())); k != nil && bytes.Compare(k, hi) < 0; k, v = c.Next() {
		a := readAgg(v)
		for i := range sum {
			sum[i] += a[i]
		}
	}
	return sum
}

// aggShipped sums the shipments dated in [from, to] per variant key.
func aggShipped(tx *bolt.Tx, from, to model.Date) map[string]int64 {
	out := map[string]int64{}
	c := tx.Bucket(bucketLineAgg).Cursor()
	hi := []byte("s" + to.String() + "\xff")
	for k, v := c.Seek([]byte("s" + from.String())); k != nil && bytes.Compare(k, hi) < 0; k, v = c.Next() {
		if i := bytes.IndexByte(k, 0); i > 0 {
			out[string(k[i+1:])] += readAgg(v)[0]
		}
	}
	return out
}

// replyTimeliness is model.ReplyTimeliness of month m from the aggregates.
func replyTimeliness(tx *bolt.Tx, m model.Month) model.Ratio {
	a := sumAgg(tx, "r", m.First(), m.Last())
	return model.Ratio{Num: int(a[1]), Den: int(a[0])}
}

// otif is model.OTIF of month m as of asOf from the aggregates.
func otif(tx *bolt.Tx, m model.Month, asOf model.Date) model.Ratio {
	to := m.Last()
	if !asOf.IsZero() && asOf.Before(to) {
		to = asOf
	}
	if to.Before(m.First()) {
		return model.Ratio{}
	}
	a := sumAgg(tx, "o", m.First(), to)
	return model.Ratio{Num: int(a[1]), Den: int(a[0])}
}

// replyDeadlines tallies the reply deadlines falling on the days [from, to],
// all before today (every one not replied to is missing).
func replyDeadlines(tx *bolt.Tx, from, to model.Date) model.DueTally {
	a := sumAgg(tx, "d", from, to)
	return model.DueTally{OnTime: int(a[1]), Late: int(a[2]), Missing: int(a[0] - a[1] - a[2])}
}

// ensureAggregates rebuilds the line aggregates from the lines when they
// were built in another form or zone (or never).
func (db *DB) ensureAggregates() error {
	marker := []byte(aggVersion + " " + db.clock.Loc.String())
	return db.bolt.Update(func(tx *bolt.Tx) error {
		if bytes.Equal(tx.Bucket(bucketMeta).Get(metaAggregates), marker) {
			return nil
		}
		if err := tx.DeleteBucket(bucketLineAgg); err != nil {
			return err
		}
		if _, err := tx.CreateBucket(bucketLineAgg); err != nil {
			return err
		}
		err := tx.Bucket(bucketLines).ForEach(func(k, v []byte) error {
			var l model.OrderLine
			if err := json.Unmarshal(v, &l); err != nil {
				return fmt.Errorf("line %d: %w", btoi(k), err)
			}
			return aggregateLine(tx, db.clock.Loc, nil, &l)
		})
		if err != nil {
			return err
		}
		return tx.Bucket(bucketMeta).Put(metaAggregates, marker)
	})
}
