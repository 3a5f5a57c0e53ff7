package store

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"xietong/model"
)

// A product's order book, as the promise suggestion reads it
// (model.BookOf, model.OpenDemand): the value of each open line's key in
// bucketProductLines is a book entry holding what those read of the line,
// and its queue key while it awaits a reply. A suggestion then reads one
// short value per open line of the product, not the line (with its
// history) and its order header.
//
// An entry is the line's status and variant (each a uvarint length and its
// bytes), its quantity and shipped quantity (8 bytes each, big-endian two's
// complement), its promised and risk dates (4 bytes each, yyyymmdd, 0 for
// none) and, for a line in the queue (model.InQueue), its queue key: the
// rest of the value.

// bookEntry is the book entry of line l of order o.
func bookEntry(o *model.Order, l *model.OrderLine) []byte {
	b := make([]byte, 0, 2+len(l.Status)+len(l.Variant)+24+26)
	b = binary.AppendUvarint(b, uint64(len(l.Status)))
	b = append(b, l.Status...)
	b = binary.AppendUvarint(b, uint64(len(l.Variant)))
	b = append(b, l.Variant...)
	b = binary.BigEndian.AppendUint64(b, uint64(l.Qty))
	b = binary.BigEndian.AppendUint64(b, uint64(l.ShippedQty))
	b = binary.BigEndian.AppendUint32(b, packDate(l.PromisedDate))
	b = binary.BigEndian.AppendUint32(b, packDate(l.RiskDate))
	if model.InQueue(l) {
		b = append(b, queueKey(o, l)...)
	}
	return b
}

// bookLine is an open line as its book entry has it: its id, product,
// variant, status, quantities and dates (nothing else is set), and its
// queue key (nil when not in the queue).
type bookLine struct {
	l   *model.OrderLine
	key []byte
}

// decodeBookEntry decodes the entry v of key k (productLineKey) of
// bucketProductLines. The queue key points into v.
func decodeBookEntry(k, v []byte) (bookLine, error) {
	bad := func(what string) (bookLine, error) {
		return bookLine{}, fmt.Errorf("product index %q: %s", k, what)
	}
	if len(k) < 9 || k[len(k)-9] != 0 {
		return bad("bad key")
	}
	l := &model.OrderLine{ID: btoi(k[len(k)-8:]), ProductCode: string(k[:len(k)-9])}
	str := func() (string, bool) {
		n, w := binary.Uvarint(v)
		if w <= 0 || uint64(len(v)-w) < n {
			return "", false
		}
		s := string(v[w : w+int(n)])
		v = v[w+int(n):]
		return s, true
	}
	status, ok := str()
	if !ok {
		return bad("no book entry")
	}
	if l.Variant, ok = str(); !ok || len(v) < 24 {
		return bad("short book entry")
	}
	l.Status = model.LineStatus(status)
	l.Qty, l.ShippedQty = int64(binary.BigEndian.Uint64(v)), int64(binary.BigEndian.Uint64(v[8:]))
	l.PromisedDate, l.RiskDate = unpackDate(binary.BigEndian.Uint32(v[16:])), unpackDate(binary.BigEndian.Uint32(v[20:]))
	out := bookLine{l: l}
	if rest := v[24:]; len(rest) > 0 {
		out.key = rest
	}
	if model.InQueue(l) != (out.key != nil) {
		return bad("queue key does not match the status")
	}
	return out, nil
}

// packDate is d as yyyymmdd (0 for the zero date), as model.QueueKey has it.
func packDate(d model.Date) uint32 {
	if d.IsZero() {
		return 0
	}
	return uint32(max(d.Y, 0)*10000 + int(d.M)*100 + d.D)
}

func unpackDate(v uint32) model.Date {
	if v == 0 {
		return model.Date{}
	}
	return model.Date{Y: int(v / 10000), M: time.Month(v / 100 % 100), D: int(v % 100)}
}

// productBook reads the book entries of product's open lines, in line id
// order.
func productBook(tx *bolt.Tx, product string) ([]bookLine, error) {
	var out []bookLine
	prefix := append([]byte(product), 0)
	c := tx.Bucket(bucketProductLines).Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		if len(k) != len(prefix)+8 {
			return nil, fmt.Errorf("product index %q: bad key", k)
		}
		b, err := decodeBookEntry(k, v)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, nil
}

// bookAllLines writes the book entry of every open line (migration 7).
func bookAllLines(tx *bolt.Tx) error {
	byProduct := tx.Bucket(bucketProductLines)
	return eachLine(tx, func(o *model.Order, l *model.OrderLine) error {
		if !l.Status.Open() {
			return nil
		}
		return byProduct.Put(productLineKey(l.ProductCode, l.ID), bookEntry(o, l))
	})
}
