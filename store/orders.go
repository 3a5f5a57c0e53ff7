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

// Orders are stored as a header (bucketOrders, Lines empty) and one record
// per line (bucketLines), tied together by bucketLinesByOrder. Every line
// write goes through putLine, which keeps the queue and product indexes in
// step with the line in the same transaction.

func orderRecord(id uint64) string { return "order/" + strconv.FormatUint(id, 10) }
func lineRecord(id uint64) string  { return "line/" + strconv.FormatUint(id, 10) }

// lineLabel names a line for people: SO-20250303-0001 #2.
func lineLabel(o *model.Order, l *model.OrderLine) string {
	return o.No + " #" + strconv.Itoa(l.LineNo)
}

// lineEvent announces a change of line l of order o, for o's owner.
func lineEvent(o *model.Order, l *model.OrderLine) model.Event {
	action := string(model.EvCreate)
	if n := len(l.History); n > 0 {
		action = string(l.History[n-1].Kind)
	}
	return model.Event{Kind: model.KindLine, ID: l.ID, Action: action, For: []string{o.Owner}}
}

// systemActor stands in for the system (by == nil: the offline command line)
// in model transitions, which need a person to check and to name in the
// line's history.
func systemActor() *model.User {
	return &model.User{Login: whoSystem, Name: whoSystem, Dept: model.DeptSales, Role: model.RoleHead}
}

// kindAction is the action a history entry of kind needs (see the
// transitions in model/linestate.go).
func kindAction(k model.EventKind) model.Action {
	switch k {
	case model.EvReview, model.EvRank, model.EvSend:
		return model.ActOrderReview
	case model.EvAnswer, model.EvUnclear, model.EvRisk, model.EvStart:
		return model.ActOrderReply
	case model.EvShip:
		return model.ActOrderShip
	}
	return model.ActOrderEdit
}

func getOrderHeader(tx *bolt.Tx, id uint64) (*model.Order, error) {
	o, _, err := getRecord[model.Order](tx, bucketOrders, itob(id), orderRecord(id))
	if err != nil {
		return nil, err
	}
	o.Lines = nil
	return o, nil
}

func getLine(tx *bolt.Tx, id uint64) (*model.OrderLine, []byte, error) {
	return getRecord[model.OrderLine](tx, bucketLines, itob(id), lineRecord(id))
}

// orderLines loads the lines of order id, by line number.
func orderLines(tx *bolt.Tx, id uint64) ([]model.OrderLine, error) {
	var out []model.OrderLine
	lines := tx.Bucket(bucketLines)
	prefix := itob(id)
	c := tx.Bucket(bucketLinesByOrder).Cursor()
	for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		v := lines.Get(k[8:])
		if v == nil {
			return nil, fmt.Errorf("order %d: index names line %d that does not exist", id, btoi(k[8:]))
		}
		var l model.OrderLine
		if err := json.Unmarshal(v, &l); err != nil {
			return nil, fmt.Errorf("decode line %d: %w", btoi(k[8:]), err)
		}
		out = append(out, l)
	}
	slices.SortFunc(out, func(a, b model.OrderLine) int { return a.LineNo - b.LineNo })
	return out, nil
}

// getOrder reads order id with its lines.
func getOrder(tx *bolt.Tx, id uint64) (*model.Order, error) {
	o, err := getOrderHeader(tx, id)
	if err != nil {
		return nil, err
	}
	if o.Lines, err = orderLines(tx, id); err != nil {
		return nil, err
	}
	return o, nil
}

// addCount adds d to the 8-byte counter under key in bucketMeta.
func addCount(tx *bolt.Tx, key []byte, d int64) error {
	b := tx.Bucket(bucketMeta)
	var n int64
	if v := b.Get(key); len(v) == 8 {
		n = int64(btoi(v))
	}
	if n += d; n < 0 {
		return fmt.Errorf("counter %s would go below zero", key)
	}
	return b.Put(key, itob(uint64(n)))
}

// readCount reads an 8-byte counter in bucketMeta (0 if absent).
func readCount(tx *bolt.Tx, key []byte) int {
	if v := tx.Bucket(bucketMeta).Get(key); len(v) == 8 {
		return int(btoi(v))
	}
	return 0
}

func queueKey(o *model.Order, l *model.OrderLine) []byte {
	return model.QueueKey(model.QueueItemOf(o, l))
}

// productLineKey is the key of line id of product in bucketProductLines.
func productLineKey(product string, id uint64) []byte {
	return append(append([]byte(product), 0), itob(id)...)
}

// indexLine moves line l of order o in the indexes from where its earlier
// state old (nil: a new line) put it: the queue (lines awaiting a reply, with
// the queue length in bucketMeta), the open lines per product with their
// book entries (book.go) and, for a new line, the lines of its order.
func (w *wtx) indexLine(o *model.Order, old, l *model.OrderLine) error {
	if err := indexLineFacts(w.Tx, o, old, l); err != nil {
		return err
	}
	loc := w.loc
	if loc == nil {
		loc = time.UTC
	}
	if err := aggregateLine(w.Tx, loc, old, l); err != nil {
		return err
	}
	queue, byProduct := w.Bucket(bucketQueue), w.Bucket(bucketProductLines)
	var delta int64
	if err := putOrderRow(w.Tx, o, l); err != nil {
		return err
	}
	if old != nil {
		if model.InQueue(old) {
			if err := queue.Delete(queueKey(o, old)); err != nil {
				return err
			}
			delta--
		}
		if old.Status.Open() {
			if err := byProduct.Delete(productLineKey(old.ProductCode, old.ID)); err != nil {
				return err
			}
		}
	}
	if model.InQueue(l) {
		if err := queue.Put(queueKey(o, l), itob(l.ID)); err != nil {
			return err
		}
		delta++
	}
	if l.Status.Open() {
		if err := byProduct.Put(productLineKey(l.ProductCode, l.ID), bookEntry(o, l)); err != nil {
			return err
		}
	}
	if delta == 0 {
		return nil
	}
	return addCount(w.Tx, metaQueueLen, delta)
}

// statusKey is line l's key in bucketLinesByStatus.
func statusKey(o *model.Order, l *model.OrderLine) []byte {
	k := make([]byte, 0, len(l.Status)+len(o.Owner)+10)
	k = append(append(append(k, l.Status...), 0), o.Owner...)
	return append(append(k, 0), itob(l.ID)...)
}

// replyIndexKey is line l's key in bucketLinesByReplyDue; nil without a
// reply due.
func replyIndexKey(l *model.OrderLine) []byte {
	if l.ReplyDue.IsZero() {
		return nil
	}
	return append(itob(uint64(l.ReplyDue.UnixNano())), itob(l.ID)...)
}

// indexLineFacts keeps the status and reply-deadline indexes of line l of
// order o (old: the line as it was, nil when new).
func indexLineFacts(tx *bolt.Tx, o *model.Order, old, l *model.OrderLine) error {
	byStatus, byDue := tx.Bucket(bucketLinesByStatus), tx.Bucket(bucketLinesByReplyDue)
	if old != nil {
		if err := byStatus.Delete(statusKey(o, old)); err != nil {
			return err
		}
		if k := replyIndexKey(old); k != nil {
			if err := byDue.Delete(k); err != nil {
				return err
			}
		}
	}
	if err := byStatus.Put(statusKey(o, l), []byte{}); err != nil {
		return err
	}
	if k := replyIndexKey(l); k != nil {
		return byDue.Put(k, []byte{})
	}
	return nil
}

// indexAllLines builds the status and reply-deadline indexes of every line
// (migration 5).
func indexAllLines(tx *bolt.Tx) error {
	return eachLine(tx, func(o *model.Order, l *model.OrderLine) error { return indexLineFacts(tx, o, nil, l) })
}

// eachLine calls fn with every line on file and its order's header, for
// the steps that build an index of the lines.
func eachLine(tx *bolt.Tx, fn func(o *model.Order, l *model.OrderLine) error) error {
	orders := map[uint64]*model.Order{}
	return tx.Bucket(bucketLines).ForEach(func(k, v []byte) error {
		var l model.OrderLine
		if err := json.Unmarshal(v, &l); err != nil {
			return fmt.Errorf("line %d: %w", btoi(k), err)
		}
		o := orders[l.OrderID]
		if o == nil {
			var err error
			if o, err = getOrderHeader(tx, l.OrderID); err != nil {
				return fmt.Errorf("line %d: %w", btoi(k), err)
			}
			orders[l.OrderID] = o
		}
		return fn(o, &l)
	})
}

// LineTally counts the open order lines by status, everyone's and owner's,
// from the status index.
func (db *DB) LineTally(ctx context.Context, owner string) (model.LineTally, error) {
	t := model.LineTally{All: map[model.LineStatus]int{}, Mine: map[model.LineStatus]int{}}
	err := db.view(ctx, func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketLinesByStatus).Cursor()
		for _, st := range model.LineStatuses {
			if !st.Open() {
				continue // closed and cancelled lines are the years behind
			}
			prefix := append([]byte(st), 0)
			mine := append(append(slices.Clone(prefix), owner...), 0)
			for k, _ := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
				t.All[st]++
				if owner != "" && bytes.HasPrefix(k, mine) {
					t.Mine[st]++
				}
			}
		}
		return nil
	})
	return t, err
}

// putLine stamps line l of order o, stores it, audits the change from
// before (nil: created) and updates the indexes from old (nil: created).
func (w *wtx) putLine(o *model.Order, old, l *model.OrderLine, action string, before []byte) error {
	if err := w.put(bucketLines, itob(l.ID), &l.Meta, l, action, lineRecord(l.ID), before); err != nil {
		return err
	}
	return w.indexLine(o, old, l)
}

// nextOrderNo numbers a new order SO-YYYYMMDD-NNNN, counting per day of
// w.now in loc. Numbers an import brought along are skipped.
func (w *wtx) nextOrderNo(loc *time.Location) (string, error) {
	day := w.now.In(loc).Format("20060102")
	key := append(slices.Clone(metaOrderSeq), day...)
	n := readCount(w.Tx, key)
	byNo := w.Bucket(bucketOrderNo)
	var no string
	for {
		n++
		no = fmt.Sprintf("SO-%s-%04d", day, n)
		if byNo.Get([]byte(no)) == nil {
			break
		}
	}
	return no, w.Bucket(bucketMeta).Put(key, itob(uint64(n)))
}

// buildOrder checks in (header and lines) as of w.now and builds the order
// to store: defaults filled (owner: the person acting; received: now), the
// customer's grade copied, lines made by model.NewLine and submitted when
// submit is true, numbered 1..n. Field errors of lines are named
// "lines.N.field" (N the line's 1-based position in in.Lines). actor nil is
// the system.
func (w *wtx) buildOrder(cal *model.Calendar, actor *model.User, in *model.Order, submit bool, products *productCache) (*model.Order, error) {
	o := &model.Order{No: in.No, CustomerID: in.CustomerID, ReceivedAt: in.ReceivedAt.UTC(),
		Channel: in.Channel, Owner: in.Owner, Remarks: in.Remarks}
	mover := actor
	if mover == nil {
		mover = systemActor()
	} else if o.Owner == "" {
		o.Owner = actor.Login
	}
	if o.ReceivedAt.IsZero() {
		o.ReceivedAt = w.now
	}
	v := model.Invalid{}
	if err := fieldsUnder(v, "", o.Validate()); err != nil {
		return nil, err
	}
	if o.CustomerID != 0 {
		c, _, err := getCustomer(w.Tx, o.CustomerID)
		switch {
		case model.ErrorCode(err) == model.ENOTFOUND:
			v.Add("customer", "val.unknown_customer", o.CustomerID)
		case err != nil:
			return nil, err
		default:
			o.CustomerGrade = c.Grade
		}
	}
	if _, bad := v["owner"]; !bad {
		if _, _, err := getUser(w.Tx, o.Owner); model.ErrorCode(err) == model.ENOTFOUND {
			v.Add("owner", "err.no_account", o.Owner)
		} else if err != nil {
			return nil, err
		}
	}
	switch {
	case len(in.Lines) == 0:
		v.Add("lines", "val.no_lines")
	case len(in.Lines) > model.MaxOrderLines:
		v.Add("lines", "val.too_many_lines", model.MaxOrderLines)
	default:
		for i := range in.Lines {
			l, err := model.NewLine(mover, w.now, cal, in.Lines[i].Input(), products.lookup)
			if err == nil && submit {
				err = l.Submit(mover, w.now, cal)
			}
			if products.err != nil {
				return nil, products.err
			}
			if err != nil {
				if err := fieldsUnder(v, "lines."+strconv.Itoa(i+1)+".", err); err != nil {
					return nil, err
				}
				continue
			}
			l.LineNo = i + 1
			o.Lines = append(o.Lines, *l)
		}
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	return o, nil
}

// insertOrder gives o and its lines their ids, stores them with their
// indexes and audits each record.
func (w *wtx) insertOrder(o *model.Order, orderAction, lineAction string) error {
	id, err := w.Bucket(bucketOrders).NextSequence()
	if err != nil {
		return err
	}
	o.ID = id
	w.stamp(&o.Meta)
	header := *o
	header.Lines = nil
	if err := w.save(bucketOrders, itob(id), &header, orderAction, orderRecord(id), nil); err != nil {
		return err
	}
	if err := w.Bucket(bucketOrderNo).Put([]byte(o.No), itob(id)); err != nil {
		return err
	}
	seq := w.Bucket(bucketLines)
	for i := range o.Lines {
		l := &o.Lines[i]
		if l.ID, err = seq.NextSequence(); err != nil {
			return err
		}
		l.OrderID = id
		if err := w.putLine(o, nil, l, lineAction, nil); err != nil {
			return err
		}
	}
	return nil
}

func orderEvents(o *model.Order, action string) []model.Event {
	out := make([]model.Event, 0, len(o.Lines)+1)
	out = append(out, model.Event{Kind: model.KindOrder, ID: o.ID, Action: action})
	for i := range o.Lines {
		out = append(out, lineEvent(o, &o.Lines[i]))
	}
	return out
}

// CreateOrder saves a new order: the header is checked (the customer must
// exist, its grade is copied; Owner defaults to the person acting,
// ReceivedAt to now), every line is built by model.NewLine (status draft,
// or submitted when submit is true), lines are numbered 1..n and the order
// SO-YYYYMMDD-NNNN by the day in the factory zone. o.No, IDs and versions in
// o are ignored. Field errors of lines are named "lines.N.field".
func (db *DB) CreateOrder(ctx context.Context, by *model.User, o *model.Order, submit bool) (*model.Order, error) {
	var saved *model.Order
	err := db.update(ctx, whoOf(by), func(w *wtx) ([]model.Event, error) {
		actor, err := w.allowed(by, model.ActOrderEdit)
		if err != nil {
			return nil, err
		}
		in := *o
		in.No = ""
		products := newProductCache(w.Tx)
		built, err := w.buildOrder(db.cal, actor, &in, submit, products)
		if err != nil {
			return nil, err
		}
		if built.No, err = w.nextOrderNo(db.clock.Loc); err != nil {
			return nil, err
		}
		if err := w.insertOrder(built, "order.create", "line.create"); err != nil {
			return nil, err
		}
		saved = built
		return orderEvents(built, "create"), nil
	})
	if err != nil {
		return nil, err
	}
	return saved, nil
}

// ImportOrders creates every order with its lines submitted, or writes
// nothing and reports every bad order as "row N.field" (N the order's
// 1-based position in orders; line fields "row N.lines.K.field"). Each
// order's CustomerID must be set (resolve codes with CustomerByCode). An
// order that brings its own No (a K3 number) keeps it if no stored or
// earlier order has it; otherwise it is numbered like CreateOrder.
func (db *DB) ImportOrders(ctx context.Context, by *model.User, orders []*model.Order) error {
	return db.update(ctx, whoOf(by), func(w *wtx) ([]model.Event, error) {
		actor, err := w.allowed(by, model.ActOrderEdit)
		if err != nil {
			return nil, err
		}
		p := newProblems()
		products := newProductCache(w.Tx)
		built := make([]*model.Order, len(orders))
		seen := map[string]int{}
		for i, in := range orders {
			row := i + 1
			if in.No != "" {
				v := model.Invalid{}
				model.ValidateCode(v, "no", in.No)
				if err := p.addErr(row, "", v.Err()); err != nil {
					return nil, err
				}
				if first, dup := seen[in.No]; dup {
					p.add(row, "no", "val.dup_row", first)
				} else {
					seen[in.No] = row
					if w.Bucket(bucketOrderNo).Get([]byte(in.No)) != nil {
						p.add(row, "no", "val.order_no_taken", in.No)
					}
				}
			}
			o, err := w.buildOrder(db.cal, actor, in, true, products)
			if err := p.addErr(row, "", err); err != nil {
				return nil, err
			}
			built[i] = o
		}
		if err := p.err(); err != nil {
			return nil, err
		}
		for _, o := range built {
			if o.No == "" {
				if o.No, err = w.nextOrderNo(db.clock.Loc); err != nil {
					return nil, err
				}
			}
			if err := w.insertOrder(o, "order.import", "line.import"); err != nil {
				return nil, err
			}
		}
		return []model.Event{importEvent(model.KindOrder)}, nil
	})
}

// Order returns order id with its lines.
func (db *DB) Order(ctx context.Context, id uint64) (o *model.Order, err error) {
	err = db.view(ctx, func(tx *bolt.Tx) error {
		o, err = getOrder(tx, id)
		return err
	})
	return o, err
}

// OrderByNo returns the order numbered no with its lines.
func (db *DB) OrderByNo(ctx context.Context, no string) (o *model.Order, err error) {
	err = db.view(ctx, func(tx *bolt.Tx) error {
		id := tx.Bucket(bucketOrderNo).Get([]byte(no))
		if len(id) != 8 {
			return model.NotFound("order/" + no)
		}
		o, err = getOrder(tx, btoi(id))
		return err
	})
	return o, err
}

// matchHeader reports whether o's header passes the header parts of f.
func matchHeader(o *model.Order, f model.OrderFilter) bool {
	return (f.CustomerID == 0 || o.CustomerID == f.CustomerID) && (f.Owner == "" || o.Owner == f.Owner)
}

// scanOrders walks the orders newest first (oldest first when !newest),
// passing each order that matches the header parts of f, with its lines, to
// fn until fn returns false.
func scanOrders(tx *bolt.Tx, f model.OrderFilter, newest bool, fn func(o *model.Order) bool) error {
	c := tx.Bucket(bucketOrders).Cursor()
	first, next := c.First, c.Next
	if newest {
		first, next = c.Last, c.Prev
	}
	for k, v := first(); k != nil; k, v = next() {
		o := new(model.Order)
		if err := json.Unmarshal(v, o); err != nil {
			return fmt.Errorf("decode order %d: %w", btoi(k), err)
		}
		if !matchHeader(o, f) {
			continue
		}
		var err error
		if o.Lines, err = orderLines(tx, o.ID); err != nil {
			return err
		}
		if !fn(o) {
			return nil
		}
	}
	return nil
}

// Orders returns the orders matching f with all their lines, newest first:
// with f.Status, the orders having at least one line in that status. At
// most f.Limit orders when it is positive.
// The orders are shared by every reader of the same committed state (the
// orders list of many sales sessions): callers must not change them.
func (db *DB) Orders(ctx context.Context, f model.OrderFilter) ([]*model.Order, error) {
	var out []*model.Order
	err := db.view(ctx, func(tx *bolt.Tx) error {
		key := fmt.Sprintf("orders|%s|%d|%s|%d", f.Status, f.CustomerID, f.Owner, f.Limit)
		all, err := sharedGet(&db.shared, tx, key, func() ([]*model.Order, error) {
			var all []*model.Order
			err := scanOrders(tx, f, true, func(o *model.Order) bool {
				if f.Status != "" && !slices.ContainsFunc(o.Lines, func(l model.OrderLine) bool { return l.Status == f.Status }) {
					return true
				}
				all = append(all, o)
				return f.Limit <= 0 || len(all) < f.Limit
			})
			return all, err
		})
		out = slices.Clone(all)
		return err
	})
	return out, err
}

// Lines returns the lines matching f grouped by order, oldest order first:
// the lines of orders matching f's customer and owner, and with f.Status
// only the lines in that status (orders left without lines are omitted).
// At most f.Limit orders when it is positive.
func (db *DB) Lines(ctx context.Context, f model.OrderFilter) ([]*model.Order, error) {
	var out []*model.Order
	err := db.view(ctx, func(tx *bolt.Tx) error {
		return scanOrders(tx, f, false, func(o *model.Order) bool {
			if f.Status != "" {
				o.Lines = slices.DeleteFunc(o.Lines, func(l model.OrderLine) bool { return l.Status != f.Status })
				if len(o.Lines) == 0 {
					return true
				}
			}
			out = append(out, o)
			return f.Limit <= 0 || len(out) < f.Limit
		})
	})
	return out, err
}

// Line returns line id and its order with all its lines.
//
// A change to a line is announced to every session, and each may read the
// line for its alert: the line is decoded once per committed state and each
// caller gets its own copy.
func (db *DB) Line(ctx context.Context, id uint64) (o *model.Order, l *model.OrderLine, err error) {
	type orderLine struct {
		o *model.Order
		l *model.OrderLine
	}
	err = db.view(ctx, func(tx *bolt.Tx) error {
		v, err := sharedGet(&db.shared, tx, "line|"+strconv.FormatUint(id, 10), func() (v orderLine, err error) {
			if v.l, _, err = getLine(tx, id); err != nil {
				return v, err
			}
			v.o, err = getOrder(tx, v.l.OrderID)
			return v, err
		})
		if err != nil {
			return err
		}
		o, l = v.o.Clone(), v.l.Clone()
		return nil
	})
	return o, l, err
}

// UpdateLine applies change to line id if its version is still version,
// otherwise ECONFLICT naming the line (order No #line), who changed it and
// when. The person acting is re-read first: a disabled account is refused
// before change runs, and every history entry change adds must be by that
// person and allowed to their stored role (so rights withdrawn since the
// session started are enforced even though change captured an older copy).
// change sees copies; its error writes nothing; its order changes are
// ignored. A change that adds no history entry and alters nothing writes
// nothing. It returns the order with all its lines and the saved line.
func (db *DB) UpdateLine(ctx context.Context, by *model.User, id, version uint64, change model.LineChange) (*model.Order, *model.OrderLine, error) {
	var (
		savedOrder *model.Order
		savedLine  *model.OrderLine
	)
	err := db.update(ctx, whoOf(by), func(w *wtx) ([]model.Event, error) {
		actor, err := w.actor(by)
		if err != nil {
			return nil, err
		}
		if actor != nil && actor.Disabled {
			return nil, model.Errorf(model.EFORBIDDEN, "err.disabled", actor.Login)
		}
		old, before, err := getLine(w.Tx, id)
		if err != nil {
			return nil, err
		}
		o, err := getOrderHeader(w.Tx, old.OrderID)
		if err != nil {
			return nil, err
		}
		if old.Version != version {
			return nil, model.Conflict(lineLabel(o, old), displayName(w.Tx, old.UpdatedBy), old.UpdatedAt.In(db.clock.Loc))
		}
		var l model.OrderLine // a deep copy for change to work on
		if err := json.Unmarshal(before, &l); err != nil {
			return nil, err
		}
		oc := *o
		products := newProductCache(w.Tx)
		if err := change(&oc, &l, products.lookup); err != nil {
			return nil, err
		}
		if products.err != nil {
			return nil, products.err
		}
		l.ID, l.OrderID, l.LineNo, l.Meta = old.ID, old.OrderID, old.LineNo, old.Meta
		if len(l.History) < len(old.History) {
			return nil, fmt.Errorf("line %d: change removed history entries", id)
		}
		added := l.History[len(old.History):]
		if len(added) == 0 {
			after, err := json.Marshal(&l)
			if err != nil {
				return nil, err
			}
			if !bytes.Equal(after, before) {
				return nil, fmt.Errorf("line %d: change altered the line without a history entry", id)
			}
			savedLine = old
			o.Lines, err = orderLines(w.Tx, o.ID)
			savedOrder = o
			return nil, err // nothing to write
		}
		if actor != nil {
			for _, e := range added {
				if e.By != actor.Login {
					return nil, fmt.Errorf("line %d: change by %s recorded as by %s", id, actor.Login, e.By)
				}
				if err := model.Require(actor, kindAction(e.Kind)); err != nil {
					return nil, err
				}
			}
		}
		kind := added[len(added)-1].Kind
		if err := w.putLine(o, old, &l, "line."+string(kind), before); err != nil {
			return nil, err
		}
		events := []model.Event{lineEvent(o, &l)}
		if n := len(old.Shipments); len(l.Shipments) > n {
			// What ships leaves the stock: not more than it holds.
			var qty int64
			for _, sh := range l.Shipments[n:] {
				qty += sh.Qty
			}
			s, err := w.moveStock(&model.StockMove{ProductCode: l.ProductCode, Variant: l.Variant, Qty: -qty,
				Cause: model.StockShipped, Ref: fmt.Sprintf("%s/%d", o.No, l.LineNo)}, "stock.ship", "qty")
			if err != nil {
				return nil, err
			}
			events = append(events, stockEvent(s, "ship"))
		}
		if o.Lines, err = orderLines(w.Tx, o.ID); err != nil {
			return nil, err
		}
		savedOrder, savedLine = o, &l
		return events, nil
	})
	if err != nil {
		return nil, nil, err
	}
	return savedOrder, savedLine, nil
}
