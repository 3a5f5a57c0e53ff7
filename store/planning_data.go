package store

import (
	"bytes"
	"encoding/json"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"xietong/model"
)

// Reads of orders, stock and plans that the planning computations need.

// skipJSON decodes any JSON value into nothing.
type skipJSON struct{}

func (*skipJSON) UnmarshalJSON([]byte) error { return nil }

// lineLite is a stored order line decoded without its history (the bulk of
// a line), for scans that only need quantities, dates and shipments.
type lineLite struct {
	model.OrderLine
	History skipJSON `json:"history"` // shadows OrderLine.History
}

func decodeLineLite(k, v []byte) (*model.OrderLine, error) {
	var l lineLite
	if err := json.Unmarshal(v, &l); err != nil {
		return nil, fmt.Errorf("decode line %d: %w", btoi(k), err)
	}
	return &l.OrderLine, nil
}

// openLines loads every open line (through the product index), without
// history.
func openLines(tx *bolt.Tx) ([]*model.OrderLine, error) {
	var out []*model.OrderLine
	lines := tx.Bucket(bucketLines)
	c := tx.Bucket(bucketProductLines).Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		if len(k) < 9 {
			return nil, fmt.Errorf("product index: bad key %q", k)
		}
		id := k[len(k)-8:]
		v := lines.Get(id)
		if v == nil {
			return nil, fmt.Errorf("product index %q: no line", k)
		}
		l, err := decodeLineLite(id, v)
		if err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, nil
}

// shippedBetween sums the shipments dated in [from, to] per VariantKey, over
// every line (closed ones too). Lines without a shipment in those months
// are not decoded.
func shippedBetween(tx *bolt.Tx, from, to model.Date) (map[string]int64, error) {
	if to.Before(from) {
		return map[string]int64{}, nil
	}
	return aggShipped(tx, from, to), nil
}

// allStock is the recorded stock per VariantKey.
func allStock(tx *bolt.Tx) (map[string]int64, error) {
	out := map[string]int64{}
	err := tx.Bucket(bucketStock).ForEach(func(k, v []byte) error {
		var s model.Stock
		if err := json.Unmarshal(v, &s); err != nil {
			return fmt.Errorf("decode stock %q: %w", k, err)
		}
		out[model.VariantKey(s.ProductCode, s.Variant)] += s.Qty
		return nil
	})
	return out, err
}

// plannedBetween sums the published production plans for production days
// in [from, to] per VariantKey (both processes).
func plannedBetween(tx *bolt.Tx, from, to model.Date) (map[string]int64, error) {
	out := map[string]int64{}
	err := eachPublishedPlan(tx, from, to, func(p *model.ProductionPlan) {
		for key, n := range p.PlannedQty() {
			out[key] += n
		}
	})
	return out, err
}

// plannedDays is what the published production plans for days in [from,
// to] make of one VariantKey, day by day.
func plannedDays(tx *bolt.Tx, from, to model.Date, key string) ([]model.PlannedDay, error) {
	var out []model.PlannedDay
	err := eachPublishedPlan(tx, from, to, func(p *model.ProductionPlan) {
		if n := p.PlannedQty()[key]; n > 0 {
			out = append(out, model.PlannedDay{Date: p.Date, Qty: n})
		}
	})
	return out, err
}

// eachPublishedPlan calls f with each published production plan for a day
// in [from, to], in date order.
func eachPublishedPlan(tx *bolt.Tx, from, to model.Date, f func(*model.ProductionPlan)) error {
	end := []byte(to.String())
	c := tx.Bucket(bucketProdPlans).Cursor()
	for k, v := c.Seek([]byte(from.String())); k != nil && bytes.Compare(k, end) <= 0; k, v = c.Next() {
		var p model.ProductionPlan
		if err := json.Unmarshal(v, &p); err != nil {
			return fmt.Errorf("decode production plan %s: %w", k, err)
		}
		if !p.Published.IsZero() {
			f(&p)
		}
	}
	return nil
}
