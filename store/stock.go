package store

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"time"
	"unicode/utf8"

	bolt "go.etcd.io/bbolt"

	"xietong/model"
)

// The stock ledger (model.StockMove, docs/DOMAIN.md#master-data):
// bucketStockMoves keeps every movement under stockKey + 0 + time (unix
// ns) + sequence, so a variant's movements are in time order and the stock
// as of a time is the balance of the last one before it; bucketStock keeps
// the running balance, so the stock on hand is one read whatever the
// length of the ledger.

// moveKey is movement seq of product/variant at at.
func moveKey(product, variant string, at time.Time, seq uint64) []byte {
	k := append(stockKey(product, variant), 0)
	k = append(k, itob(uint64(at.UnixNano()))...)
	return append(k, itob(seq)...)
}

// moveStock applies movement m to its variant's stock: the stock may not
// go below zero (EINVALID on field, with what is on hand and what was
// asked), the balance, who and when are set, the stock is saved and
// audited as action with the movement, and the movement is appended to the
// ledger. It returns the stock as saved.
func (w *wtx) moveStock(m *model.StockMove, action, field string) (*model.Stock, error) {
	s, before, err := getStock(w.Tx, m.ProductCode, m.Variant)
	if err != nil {
		return nil, err
	}
	if s.Qty+m.Qty < 0 {
		return nil, model.StockShort(field, m.ProductCode, m.Variant, s.Qty, -m.Qty)
	}
	if s.Qty+m.Qty > model.MaxQty {
		v := model.Invalid{}
		v.Add(field, "val.qty_max", model.MaxQty)
		return nil, v.Err()
	}
	s.Qty += m.Qty
	m.Balance, m.By, m.At = s.Qty, w.who, w.now
	w.stamp(&s.Meta)
	raw, err := json.Marshal(s)
	if err != nil {
		return nil, err
	}
	if err := w.Bucket(bucketStock).Put(stockKey(s.ProductCode, s.Variant), raw); err != nil {
		return nil, err
	}
	after, err := json.Marshal(struct {
		model.Stock
		Move *model.StockMove `json:"move"`
	}{*s, m})
	if err != nil {
		return nil, err
	}
	if err := w.audit(action, stockRecord(s.ProductCode, s.Variant), before, after); err != nil {
		return nil, err
	}
	moves := w.Bucket(bucketStockMoves)
	seq, err := moves.NextSequence()
	if err != nil {
		return nil, err
	}
	mv, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	return s, moves.Put(moveKey(m.ProductCode, m.Variant, m.At, seq), mv)
}

// StockMoves lists the last limit movements of a product variant's stock
// ("" is the default variant), newest first; limit is at most
// model.MaxStockMoves.
func (db *DB) StockMoves(ctx context.Context, product, variant string, limit int) ([]model.StockMove, error) {
	limit = max(min(limit, model.MaxStockMoves), 1)
	out := []model.StockMove{}
	err := db.view(ctx, func(tx *bolt.Tx) error {
		p, _, err := getProduct(tx, product)
		if err != nil {
			return err
		}
		if variant, err = variantOf(p, variant); err != nil {
			return err
		}
		prefix := append(stockKey(product, variant), 0)
		c := tx.Bucket(bucketStockMoves).Cursor()
		k, v := seekLast(c, prefix)
		for ; k != nil && bytes.HasPrefix(k, prefix) && len(out) < limit; k, v = c.Prev() {
			var m model.StockMove
			if err := decodeMove(v, &m); err != nil {
				return fmt.Errorf("stock movement %q: %w", k, err)
			}
			out = append(out, m)
		}
		return nil
	})
	return out, err
}

// StockAt is a product variant's stock as of at: the balance after the
// last movement at or before it, 0 before the first.
func (db *DB) StockAt(ctx context.Context, product, variant string, at time.Time) (qty int64, err error) {
	err = db.view(ctx, func(tx *bolt.Tx) error {
		p, _, err := getProduct(tx, product)
		if err != nil {
			return err
		}
		if variant, err = variantOf(p, variant); err != nil {
			return err
		}
		qty, err = stockAt(tx, product, variant, at)
		return err
	})
	return qty, err
}

// stockAt is StockAt of a known product variant inside tx: one seek.
func stockAt(tx *bolt.Tx, product, variant string, at time.Time) (int64, error) {
	prefix := append(stockKey(product, variant), 0)
	c := tx.Bucket(bucketStockMoves).Cursor()
	// The first key after every movement at or before at.
	after := append(append(append([]byte{}, prefix...), itob(uint64(at.UnixNano()))...), bytes.Repeat([]byte{0xff}, 8)...)
	var k, v []byte
	if at, _ := c.Seek(after); at == nil {
		k, v = c.Last()
	} else {
		k, v = c.Prev()
	}
	if k == nil || !bytes.HasPrefix(k, prefix) {
		return 0, nil
	}
	var m model.StockMove
	if err := decodeMove(v, &m); err != nil {
		return 0, fmt.Errorf("stock movement %q: %w", k, err)
	}
	return m.Balance, nil
}

// seekLast places c on the last key with prefix (nil if none).
func seekLast(c *bolt.Cursor, prefix []byte) ([]byte, []byte) {
	end := append(append([]byte{}, prefix...), bytes.Repeat([]byte{0xff}, 17)...)
	k, _ := c.Seek(end)
	if k == nil {
		return c.Last()
	}
	return c.Prev()
}

// openingMoves gives every recorded stock a first movement, an opening
// count of what it holds, dated when it was last changed (migration 6).
func openingMoves(tx *bolt.Tx) error {
	moves := tx.Bucket(bucketStockMoves)
	return tx.Bucket(bucketStock).ForEach(func(k, v []byte) error {
		var s model.Stock
		if err := json.Unmarshal(v, &s); err != nil {
			return fmt.Errorf("stock %q: %w", k, err)
		}
		if s.Qty == 0 {
			return nil
		}
		m := model.StockMove{ProductCode: s.ProductCode, Variant: s.Variant, Qty: s.Qty, Balance: s.Qty,
			Cause: model.StockCounted, Reason: "opening balance", By: s.UpdatedBy, At: s.UpdatedAt}
		seq, err := moves.NextSequence()
		if err != nil {
			return err
		}
		raw, err := json.Marshal(&m)
		if err != nil {
			return err
		}
		return moves.Put(moveKey(m.ProductCode, m.Variant, m.At, seq), raw)
	})
}

// decodeMove decodes a ledger entry into m (a zero StockMove), with
// exactly the result of json.Unmarshal. Entries are written by json.Marshal of a StockMove: a
// flat object of known keys, without spaces, whose strings rarely need
// unescaping. Such an entry is read directly, which is several times
// faster (a ledger page reads hundreds); anything else (an escaped
// character, another key or spelling, a value of another form) is left to
// encoding/json.
func decodeMove(v []byte, m *model.StockMove) error {
	if decodeMoveFast(v, m) {
		return nil
	}
	*m = model.StockMove{}
	return json.Unmarshal(v, m)
}

// decodeMoveFast decodes v into the zero m if it is a plain ledger entry
// and reports whether it was.
func decodeMoveFast(v []byte, m *model.StockMove) bool {
	if len(v) < 2 || v[0] != '{' || v[len(v)-1] != '}' {
		return false
	}
	p := v[1 : len(v)-1]
	for {
		key, rest, ok := plainJSONString(p)
		if !ok || len(rest) == 0 || rest[0] != ':' {
			return false
		}
		p = rest[1:]
		switch string(key) {
		case "product_code", "variant", "cause", "ref", "reason", "by":
			s, rest, ok := plainJSONString(p)
			if !ok {
				return false
			}
			switch str := string(s); string(key) {
			case "product_code":
				m.ProductCode = str
			case "variant":
				m.Variant = str
			case "cause":
				m.Cause = model.StockCause(str)
			case "ref":
				m.Ref = str
			case "reason":
				m.Reason = str
			default:
				m.By = str
			}
			p = rest
		case "qty", "balance":
			n, rest, ok := plainJSONInt(p)
			if !ok {
				return false
			}
			if string(key) == "qty" {
				m.Qty = n
			} else {
				m.Balance = n
			}
			p = rest
		case "at":
			s, rest, ok := plainJSONString(p)
			if !ok || m.At.UnmarshalJSON(p[:len(s)+2]) != nil {
				return false
			}
			p = rest
		default:
			return false
		}
		if len(p) == 0 {
			return true
		}
		if p[0] != ',' {
			return false
		}
		p = p[1:]
	}
}

// plainJSONString reads a JSON string at the start of p that needs no
// unescaping (no backslash, no control character, valid UTF-8): its
// contents and what follows it.
func plainJSONString(p []byte) (s, rest []byte, ok bool) {
	if len(p) == 0 || p[0] != '"' {
		return nil, nil, false
	}
	end := bytes.IndexByte(p[1:], '"')
	if end < 0 {
		return nil, nil, false
	}
	s = p[1 : 1+end]
	for _, c := range s {
		if c < 0x20 || c == '\\' {
			return nil, nil, false
		}
	}
	if !utf8.Valid(s) {
		return nil, nil, false
	}
	return s, p[2+end:], true
}

// plainJSONInt reads a JSON integer of at most 18 digits at the start of
// p: its value and what follows it.
func plainJSONInt(p []byte) (n int64, rest []byte, ok bool) {
	neg := len(p) > 0 && p[0] == '-'
	if neg {
		p = p[1:]
	}
	i := 0
	for i < len(p) && p[i] >= '0' && p[i] <= '9' {
		n = n*10 + int64(p[i]-'0')
		i++
	}
	switch {
	case i == 0 || i > 18, i > 1 && p[0] == '0':
		return 0, nil, false
	case i < len(p) && (p[i] == '.' || p[i] == 'e' || p[i] == 'E'):
		return 0, nil, false
	}
	if neg {
		n = -n
	}
	return n, p[i:], true
}
