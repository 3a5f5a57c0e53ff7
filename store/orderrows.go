package store

import (
	"bytes"
	"cmp"
	"context"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/mozillazg/go-pinyin"
	bolt "go.etcd.io/bbolt"

	"xietong/find"
	"xietong/model"
)

// The orders list reads rows, not lines: each key of bucketLinesByOrder
// (order id + line id) holds what the list shows of that line
// (model.OrderRow) in a compact binary form, written with the line in the
// same transaction. A page of the list, its count and its search read
// these values and never decode a line, so a list of 100,000 lines is
// paged and searched in milliseconds.

// rowsVersion is the form of the rows; Open rebuilds them from the lines
// when the stored marker differs (a file written before rows existed).
const rowsVersion = "rows 1"

var errBadRow = errors.New("order row: bad encoding")

// encodeOrderRow is r's value in bucketLinesByOrder (the ids are the key).
func encodeOrderRow(r model.OrderRow) []byte {
	b := make([]byte, 0, 64+len(r.No)+len(r.Owner)+len(r.Product)+len(r.Variant))
	str := func(s string) { b = append(binary.AppendUvarint(b, uint64(len(s))), s...) }
	str(r.No)
	b = binary.AppendUvarint(b, uint64(r.LineNo))
	b = binary.AppendUvarint(b, r.CustomerID)
	str(string(r.Grade))
	str(r.Owner)
	str(r.Product)
	str(r.Variant)
	b = binary.AppendVarint(b, r.Qty)
	b = binary.AppendUvarint(b, uint64(packDate(r.Requested)))
	b = binary.AppendUvarint(b, uint64(packDate(r.Promised)))
	str(string(r.Status))
	changed := byte(0)
	if r.Changed {
		changed = 1
	}
	return append(b, changed)
}

// rowView is an encoded row read in place: its texts are slices of the
// value, valid while the transaction is open, so rows are counted and
// matched without allocating; only the rows of a page become OrderRows.
type rowView struct {
	key                                        []byte
	no, grade, owner, product, variant, status []byte
	lineNo, customer                           uint64
	qty                                        int64
	requested, promised                        uint32
	changed                                    bool
}

// readRow reads a value of encodeOrderRow for key k into r.
func readRow(r *rowView, k, v []byte) error {
	if len(k) != 16 {
		return errBadRow
	}
	r.key = k
	bad := false
	uv := func() uint64 {
		n, w := binary.Uvarint(v)
		if w <= 0 {
			bad, v = true, nil
			return 0
		}
		v = v[w:]
		return n
	}
	str := func() []byte {
		n := uv()
		if n > uint64(len(v)) {
			bad, v = true, nil
			return nil
		}
		s := v[:n:n]
		v = v[n:]
		return s
	}
	r.no = str()
	r.lineNo = uv()
	r.customer = uv()
	r.grade = str()
	r.owner = str()
	r.product = str()
	r.variant = str()
	q, w := binary.Varint(v)
	if bad || w <= 0 {
		return errBadRow
	}
	r.qty, v = q, v[w:]
	r.requested = uint32(uv())
	r.promised = uint32(uv())
	r.status = str()
	if bad || len(v) != 1 {
		return errBadRow
	}
	r.changed = v[0] == 1
	return nil
}

// row is r as a model.OrderRow.
func (r *rowView) row() model.OrderRow {
	return model.OrderRow{OrderID: btoi(r.key[:8]), LineID: btoi(r.key[8:]), No: string(r.no), LineNo: int(r.lineNo),
		CustomerID: r.customer, Grade: model.Grade(r.grade), Owner: string(r.owner), Product: string(r.product),
		Variant: string(r.variant), Qty: r.qty, Requested: unpackDate(r.requested), Promised: unpackDate(r.promised),
		Status: model.LineStatus(r.status), Changed: r.changed}
}

// decodeOrderRow reads a value of encodeOrderRow for key k.
func decodeOrderRow(k, v []byte) (model.OrderRow, error) {
	var r rowView
	if err := readRow(&r, k, v); err != nil {
		return model.OrderRow{}, err
	}
	return r.row(), nil
}

// putOrderRow keeps line l's row beside its key in bucketLinesByOrder.
func putOrderRow(tx *bolt.Tx, o *model.Order, l *model.OrderLine) error {
	return tx.Bucket(bucketLinesByOrder).Put(append(itob(o.ID), itob(l.ID)...), encodeOrderRow(model.OrderRowOf(o, l)))
}

// ensureOrderRows writes every line's row when the file's rows are not of
// this form (a file from before rows were kept).
func (db *DB) ensureOrderRows() error {
	marker := []byte(rowsVersion)
	return db.bolt.Update(func(tx *bolt.Tx) error {
		if bytes.Equal(tx.Bucket(bucketMeta).Get(metaOrderRows), marker) {
			return nil
		}
		err := eachLine(tx, func(o *model.Order, l *model.OrderLine) error { return putOrderRow(tx, o, l) })
		if err != nil {
			return err
		}
		return tx.Bucket(bucketMeta).Put(metaOrderRows, marker)
	})
}

// OrderRows returns a page of the orders list (model.OrderQuery): newest
// order first, each order's lines in order. The sessions showing the same
// page after a change share one reading of it: callers must not change the
// rows.
func (db *DB) OrderRows(ctx context.Context, q model.OrderQuery) (model.OrderRowPage, error) {
	var page model.OrderRowPage
	err := db.view(ctx, func(tx *bolt.Tx) (err error) {
		key := fmt.Sprintf("order_rows|%s|%s|%s|%d|%d|%d|%s|%s|%s|%s", q.Owner, q.Status, q.Sort, q.Offset, q.Limit,
			q.Customer, q.Product, q.From, q.To, q.Search)
		page, err = sharedGet(&db.shared, tx, key, func() (model.OrderRowPage, error) { return orderRows(tx, q) })
		return err
	})
	return page, err
}

// orderRows reads the page of OrderRows in tx.
func orderRows(tx *bolt.Tx, q model.OrderQuery) (model.OrderRowPage, error) {
	page := model.OrderRowPage{Offset: max(q.Offset, 0)}
	limit := min(max(q.Limit, 0), model.MaxOrderPage)
	if !q.Sort.Valid() {
		v := model.Invalid{}
		v.Add("sort", "val.unknown_sort", string(q.Sort))
		return page, v.Err()
	}
	if !q.From.IsZero() && !q.To.IsZero() && q.To.Before(q.From) {
		v := model.Invalid{}
		v.Add("to", "val.range_reversed", q.From.String(), q.To.String())
		return page, v.Err()
	}
	match, err := rowMatcher(tx, q)
	if err != nil {
		return page, err
	}
	if q.Sort != model.SortNewest {
		return sortedRows(tx, q, match, page, limit)
	}
	err = eachRow(tx, match, func(r *rowView) {
		if page.Total >= page.Offset && len(page.Rows) < limit {
			page.Rows = append(page.Rows, r.row())
		}
		page.Total++
	})
	return page, err
}

// eachRow calls fn with each row match keeps, in the list's order: newest
// order first, each order's lines in order. The keys are walked backwards
// from the newest order, so an order's lines are held until it ends. A row
// is valid only during fn and the transaction.
func eachRow(tx *bolt.Tx, match *orderRowMatch, fn func(r *rowView)) error {
	var held []rowView
	var heldOrder []byte
	flush := func() {
		for i := len(held) - 1; i >= 0; i-- {
			fn(&held[i])
		}
		held = held[:0]
	}
	var r rowView
	c := tx.Bucket(bucketLinesByOrder).Cursor()
	for k, v := c.Last(); k != nil; k, v = c.Prev() {
		if err := readRow(&r, k, v); err != nil {
			return fmt.Errorf("line %d: %w", btoi(k[len(k)-min(len(k), 8):]), err)
		}
		if !bytes.Equal(k[:8], heldOrder) {
			flush()
			heldOrder = k[:8]
		}
		if match.keep(&r) {
			held = append(held, r)
		}
	}
	flush()
	return nil
}

// orderRowMatch decides which rows a query keeps.
type orderRowMatch struct {
	owner     string
	status    string
	customer  uint64
	product   string
	from, to  uint32 // requested date bounds, packed; 0 open
	search    string
	customers map[uint64]bool // customers whose code or name contains search
	products  map[string]bool // products whose code or name contains search

	searchBytes, lower []byte // search, and a row's number in lower case
}

// rowMatcher prepares q's match: the customers and products the search
// names (by code, by name, or by the pinyin initials of the name, as
// lookups find them) are found once, so each row only compares ids and its
// number: the initials are worked out once per customer and product, never
// per row.
func rowMatcher(tx *bolt.Tx, q model.OrderQuery) (*orderRowMatch, error) {
	m := &orderRowMatch{owner: q.Owner, status: string(q.Status), customer: q.Customer, product: q.Product,
		from: packDate(q.From), to: packDate(q.To), search: find.Query(q.Search)}
	if m.search == "" {
		return m, nil
	}
	m.searchBytes = []byte(m.search)
	m.customers, m.products = map[uint64]bool{}, map[string]bool{}
	err := eachCustomer(tx, func(c *model.Customer) {
		if find.NewKey(c.Code, c.Name).Score(m.search) > 0 {
			m.customers[c.ID] = true
		}
	})
	if err != nil {
		return nil, err
	}
	err = eachProduct(tx, func(p *model.Product) {
		if find.NewKey(p.Code, p.Name).Score(m.search) > 0 {
			m.products[p.Code] = true
		}
	})
	return m, err
}

// eachCustomer and eachProduct call fn with every customer and every
// product on file (products by code).
func eachCustomer(tx *bolt.Tx, fn func(c *model.Customer)) error {
	return tx.Bucket(bucketCustomers).ForEach(func(k, v []byte) error {
		var c model.Customer
		if err := json.Unmarshal(v, &c); err != nil {
			return fmt.Errorf("customer %d: %w", btoi(k), err)
		}
		fn(&c)
		return nil
	})
}

func eachProduct(tx *bolt.Tx, fn func(p *model.Product)) error {
	return tx.Bucket(bucketProducts).ForEach(func(k, v []byte) error {
		var p model.Product
		if err := json.Unmarshal(v, &p); err != nil {
			return fmt.Errorf("product %s: %w", k, err)
		}
		fn(&p)
		return nil
	})
}

// keep reports whether r is kept.
func (m *orderRowMatch) keep(r *rowView) bool {
	if m.owner != "" && string(r.owner) != m.owner || m.status != "" && string(r.status) != m.status {
		return false
	}
	if m.customer != 0 && r.customer != m.customer || m.product != "" && string(r.product) != m.product {
		return false
	}
	if m.from != 0 && r.requested < m.from || m.to != 0 && r.requested > m.to {
		return false
	}
	if m.search == "" {
		return true
	}
	if m.customers[r.customer] || m.products[string(r.product)] {
		return true
	}
	// The number as the list shows it, "SO-20261202-0007/2", so that a
	// row's label finds that row.
	m.lower = strconv.AppendUint(append(append(m.lower[:0], r.no...), '/'), r.lineNo, 10)
	for i, c := range m.lower {
		if 'A' <= c && c <= 'Z' {
			m.lower[i] = c + 'a' - 'A'
		}
	}
	return bytes.Contains(m.lower, m.searchBytes)
}

// sortedRows is orderRows in another order than newest first: every
// matching row is read in place (no line decoded) and kept as its sort
// value and key only, those are sorted, and only the page's rows are read
// again and made into OrderRows. Ties keep newest first.
func sortedRows(tx *bolt.Tx, q model.OrderQuery, match *orderRowMatch, page model.OrderRowPage, limit int) (model.OrderRowPage, error) {
	type item struct {
		v int64
		k [16]byte
	}
	// An unset date sorts last.
	date := func(d uint32) int64 {
		if d == 0 {
			return 1 << 40
		}
		return int64(d)
	}
	// Customers and products sort by their place among the few on file,
	// worked out once; one no longer on file sorts last.
	var custRank map[uint64]int64
	var prodRank map[string]int64
	var err error
	switch q.Sort {
	case model.SortCustomer:
		custRank, err = customerRanks(tx)
	case model.SortProduct:
		prodRank = productRanks(tx)
	}
	if err != nil {
		return page, err
	}
	value := func(r *rowView) int64 {
		switch q.Sort {
		case model.SortRequested:
			return date(r.requested)
		case model.SortPromised:
			return date(r.promised)
		case model.SortCustomer:
			if n, ok := custRank[r.customer]; ok {
				return n
			}
			return int64(len(custRank))
		case model.SortProduct:
			if n, ok := prodRank[string(r.product)]; ok {
				return n
			}
			return int64(len(prodRank))
		}
		return -r.qty // largest first
	}
	var all []item
	err = eachRow(tx, match, func(r *rowView) {
		it := item{v: value(r)}
		copy(it.k[:], r.key)
		all = append(all, it)
	})
	if err != nil {
		return page, err
	}
	slices.SortStableFunc(all, func(a, b item) int { return cmp.Compare(a.v, b.v) })
	page.Total = len(all)
	b := tx.Bucket(bucketLinesByOrder)
	var r rowView
	for i := page.Offset; i < len(all) && len(page.Rows) < limit; i++ {
		if err := readRow(&r, all[i].k[:], b.Get(all[i].k[:])); err != nil {
			return page, fmt.Errorf("line %d: %w", btoi(all[i].k[8:]), err)
		}
		page.Rows = append(page.Rows, r.row())
	}
	return page, nil
}

// customerRanks is each customer's place in the list sorted by customer:
// by name as a Chinese index orders names (by the pinyin of each
// character, then the characters), then by code.
func customerRanks(tx *bolt.Tx) (map[uint64]int64, error) {
	type named struct {
		id              uint64
		key, name, code string
	}
	var cs []named
	err := eachCustomer(tx, func(c *model.Customer) {
		cs = append(cs, named{id: c.ID, key: nameOrder(c.Name), name: c.Name, code: c.Code})
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(cs, func(a, b named) int {
		return cmp.Or(strings.Compare(a.key, b.key), strings.Compare(a.name, b.name), strings.Compare(a.code, b.code))
	})
	rank := make(map[uint64]int64, len(cs))
	for i, c := range cs {
		rank[c.id] = int64(i)
	}
	return rank, nil
}

// productRanks is each product's place in the list sorted by product: by
// code, the order the products are kept in, so no product is decoded.
func productRanks(tx *bolt.Tx) map[string]int64 {
	rank := map[string]int64{}
	c := tx.Bucket(bucketProducts).Cursor()
	for k, _ := c.First(); k != nil; k, _ = c.Next() {
		rank[string(k)] = int64(len(rank))
	}
	return rank
}

// nameOrder is name's sort key: each Chinese character as its pinyin (a
// syllable ended by a zero byte, so 西安 "xi an" comes before 先 "xian"),
// other letters and digits in lower case, the rest left out.
func nameOrder(name string) string {
	args := pinyin.NewArgs()
	var b strings.Builder
	for _, r := range name {
		switch {
		case unicode.Is(unicode.Han, r):
			if p := pinyin.SinglePinyin(r, args); len(p) > 0 && p[0] != "" {
				b.WriteString(p[0])
			} else {
				b.WriteRune(r)
			}
			b.WriteByte(0)
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}
