package store

import (
	"cmp"
	"context"
	"slices"
	"strconv"

	bolt "go.etcd.io/bbolt"

	"xietong/model"
)

// Anomaly reports (异常报告) are one record per id in bucketAnomalies.
// Filing one marks the order lines it names at risk in the same
// transaction (model.OrderLine.MarkAnomalyRisk) and remembers each mark on
// the anomaly (RiskMarks); resolving it clears the marks of lines that are
// still at risk because of it (ClearAnomalyRisk). Line writes go through
// putLine, so the queue and product indexes stay right, and each line gets
// its own audit entry and a "line" event (Action "risk" / "unrisk").

func anomalyRecord(id uint64) string { return "anomaly/" + strconv.FormatUint(id, 10) }

// anomalyEvent announces a change of anomaly a to sales and production;
// filing a severity-1 anomaly is urgent (status line and bell).
func anomalyEvent(a *model.Anomaly, action string) model.Event {
	return model.Event{Kind: model.KindAnomaly, ID: a.ID, Action: action,
		Depts:  []model.Department{model.DeptSales, model.DeptProduction},
		Urgent: action == "file" && a.Severity == 1}
}

func getAnomaly(tx *bolt.Tx, id uint64) (*model.Anomaly, []byte, error) {
	return getRecord[model.Anomaly](tx, bucketAnomalies, itob(id), anomalyRecord(id))
}

// AnomalyTargets returns the response targets the store was opened with.
func (db *DB) AnomalyTargets() model.AnomalyTargets { return db.anomalyTargets }

// ProposeAtRisk lists, grouped by order (oldest order first, headers with
// only the proposed lines), the committed lines of products (all products
// when empty) whose promised date falls within [today, today+delayDays]
// (model.AtRiskLines). Only the open lines of those products are read.
func (db *DB) ProposeAtRisk(ctx context.Context, products []string, delayDays int) ([]*model.Order, error) {
	if delayDays < 0 || delayDays > model.MaxDelayDays {
		v := model.Invalid{}
		v.Add("delay_days", "val.whole", 0, model.MaxDelayDays)
		return nil, v.Err()
	}
	today := db.cal.DateOf(db.clock.Now())
	var out []*model.Order
	err := db.view(ctx, func(tx *bolt.Tx) error {
		var lines []*model.OrderLine
		if len(products) == 0 {
			all, err := openLines(tx)
			if err != nil {
				return err
			}
			lines = all
		} else {
			seen := map[string]bool{}
			for _, p := range products {
				if seen[p] {
					continue
				}
				seen[p] = true
				ls, err := productLines(tx, p)
				if err != nil {
					return err
				}
				lines = append(lines, ls...)
			}
		}
		picked := model.AtRiskLines(lines, products, today, delayDays)
		byOrder := map[uint64]*model.Order{}
		for _, l := range picked {
			o := byOrder[l.OrderID]
			if o == nil {
				var err error
				if o, err = getOrderHeader(tx, l.OrderID); err != nil {
					return err
				}
				byOrder[l.OrderID] = o
				out = append(out, o)
			}
			o.Lines = append(o.Lines, *l)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b *model.Order) int { return cmp.Compare(a.ID, b.ID) })
	for _, o := range out {
		slices.SortFunc(o.Lines, func(a, b model.OrderLine) int { return a.LineNo - b.LineNo })
	}
	return out, nil
}

// lineActor is the person named in a line's history for a change by (nil:
// the system).
func lineActor(by *model.User) *model.User {
	if by == nil {
		return systemActor()
	}
	return by
}

// FileAnomaly files a new anomaly (anyone may): it is checked
// (model.Anomaly.Validate; named products and lines must exist), numbered,
// stamped open by the person acting, and each named line that is
// committed or awaiting a reply is marked at risk in the same transaction;
// lines closed, cancelled or not yet sent are left alone (not marked).
// Events after commit: the anomaly ("file", urgent for severity 1, to
// sales and production) and a "line" "risk" event per marked line.
func (db *DB) FileAnomaly(ctx context.Context, by *model.User, a *model.Anomaly) (*model.Anomaly, error) {
	in := *a
	in.Products, in.Lines = slices.Clone(a.Products), slices.Clone(a.Lines)
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var saved *model.Anomaly
	err := db.update(ctx, whoOf(by), func(w *wtx) ([]model.Event, error) {
		actor, err := w.allowed(by, model.ActAnomalyFile)
		if err != nil {
			return nil, err
		}
		v := model.Invalid{}
		products := newProductCache(w.Tx)
		for _, p := range in.Products {
			if products.lookup(p) == nil {
				if products.err != nil {
					return nil, products.err
				}
				v.Add("products", "val.unknown_product", p)
			}
		}
		lines := make([]*model.OrderLine, len(in.Lines))
		befores := make([][]byte, len(in.Lines))
		for i, id := range in.Lines {
			l, raw, err := getLine(w.Tx, id)
			if model.ErrorCode(err) == model.ENOTFOUND {
				v.Add("lines", "val.unknown_line", id)
				continue
			} else if err != nil {
				return nil, err
			}
			lines[i], befores[i] = l, raw
		}
		if err := v.Err(); err != nil {
			return nil, err
		}
		n := model.Anomaly{Category: in.Category, Severity: in.Severity, Text: in.Text, Products: in.Products,
			Lines: in.Lines, DelayDays: in.DelayDays, Status: model.AnomalyOpen, FiledBy: w.who, FiledAt: w.now}
		if n.ID, err = w.Bucket(bucketAnomalies).NextSequence(); err != nil {
			return nil, err
		}
		events := []model.Event{anomalyEvent(&n, "file")}
		today := db.cal.DateOf(w.now)
		mover := lineActor(actor)
		for i, l := range lines {
			old := *l
			mark, ok := l.MarkAnomalyRisk(mover, w.now, today, &n)
			if !ok {
				continue
			}
			o, err := getOrderHeader(w.Tx, l.OrderID)
			if err != nil {
				return nil, err
			}
			if err := w.putLine(o, &old, l, "line.risk", befores[i]); err != nil {
				return nil, err
			}
			n.RiskMarks = append(n.RiskMarks, mark)
			events = append(events, lineEvent(o, l))
			if !slices.Contains(events[0].For, o.Owner) {
				events[0].For = append(events[0].For, o.Owner)
			}
		}
		if err := w.put(bucketAnomalies, itob(n.ID), &n.Meta, &n, "anomaly.file", anomalyRecord(n.ID), nil); err != nil {
			return nil, err
		}
		saved = &n
		return events, nil
	})
	if err != nil {
		return nil, err
	}
	return saved, nil
}

// Anomaly returns anomaly id.
//
// An anomaly filed is announced to every session, and each reads it for its
// alert: it is decoded once per committed state and each caller gets its
// own copy.
func (db *DB) Anomaly(ctx context.Context, id uint64) (a *model.Anomaly, err error) {
	err = db.view(ctx, func(tx *bolt.Tx) error {
		shared, err := sharedGet(&db.shared, tx, "anomaly|"+strconv.FormatUint(id, 10), func() (*model.Anomaly, error) {
			a, _, err := getAnomaly(tx, id)
			return a, err
		})
		if err == nil {
			a = shared.Clone()
		}
		return err
	})
	return a, err
}

// Anomalies lists the anomalies (only those not resolved or closed when
// open is true) ranked by model.AnomalyRank: severity, then age.
func (db *DB) Anomalies(ctx context.Context, open bool) ([]*model.Anomaly, error) {
	var out []*model.Anomaly
	err := db.view(ctx, func(tx *bolt.Tx) (err error) {
		out, err = scanAll(tx, bucketAnomalies, func(a *model.Anomaly) bool { return !open || a.IsOpen() })
		return err
	})
	slices.SortFunc(out, model.AnomalyRank)
	return out, err
}

// changeAnomaly applies change to anomaly id at version (else ECONFLICT)
// after checking that the person acting may handle it and that it is in
// one of from (else EINVALID), then stamps, saves and audits it as
// "anomaly."+action. change may return extra events.
func (db *DB) changeAnomaly(ctx context.Context, by *model.User, id, version uint64, action string,
	from []model.AnomalyStatus, change func(w *wtx, actor *model.User, a *model.Anomaly) ([]model.Event, error)) (*model.Anomaly, error) {
	var saved *model.Anomaly
	err := db.update(ctx, whoOf(by), func(w *wtx) ([]model.Event, error) {
		actor, err := w.actor(by)
		if err != nil {
			return nil, err
		}
		a, before, err := getAnomaly(w.Tx, id)
		if err != nil {
			return nil, err
		}
		if actor != nil {
			if err := model.RequireHandleAnomaly(actor, a); err != nil {
				return nil, err
			}
		}
		if err := db.checkVersion(w.Tx, anomalyRecord(id), version, a.Meta); err != nil {
			return nil, err
		}
		if !slices.Contains(from, a.Status) {
			return nil, model.Errorf(model.EINVALID, "err.anomaly_state", id, string(a.Status))
		}
		extra, err := change(w, actor, a)
		if err != nil {
			return nil, err
		}
		if err := w.put(bucketAnomalies, itob(id), &a.Meta, a, "anomaly."+action, anomalyRecord(id), before); err != nil {
			return nil, err
		}
		saved = a
		return append([]model.Event{anomalyEvent(a, action)}, extra...), nil
	})
	if err != nil {
		return nil, err
	}
	return saved, nil
}

// AckAnomaly acknowledges an open anomaly (production lead/head; quality
// lead/head for quality anomalies): AckBy/AckAt, status acknowledged. The
// response time is AckAt − FiledAt.
func (db *DB) AckAnomaly(ctx context.Context, by *model.User, id, version uint64) (*model.Anomaly, error) {
	return db.changeAnomaly(ctx, by, id, version, "ack", []model.AnomalyStatus{model.AnomalyOpen},
		func(w *wtx, _ *model.User, a *model.Anomaly) ([]model.Event, error) {
			a.AckBy, a.AckAt, a.Status = w.who, w.now, model.AnomalyAcknowledged
			return nil, nil
		})
}

// ActAnomaly records the action taken (required, may be revised while the
// anomaly is acknowledged or acting; an open anomaly is acknowledged by
// the same step).
func (db *DB) ActAnomaly(ctx context.Context, by *model.User, id, version uint64, action string) (*model.Anomaly, error) {
	v := model.Invalid{}
	model.ValidateText(v, "action", action, true, model.MaxLineText, true)
	if err := v.Err(); err != nil {
		return nil, err
	}
	return db.changeAnomaly(ctx, by, id, version, "act",
		[]model.AnomalyStatus{model.AnomalyOpen, model.AnomalyAcknowledged, model.AnomalyActing},
		func(w *wtx, _ *model.User, a *model.Anomaly) ([]model.Event, error) {
			if a.AckAt.IsZero() {
				a.AckBy, a.AckAt = w.who, w.now
			}
			a.Action, a.ActionBy, a.ActionAt, a.Status = action, w.who, w.now, model.AnomalyActing
			return nil, nil
		})
}

// ResolveAnomaly records the cause (required) and the actual delay
// (0..365 working days) and clears the risk marks the anomaly set on lines
// that are still at risk because of it, moving their promises forward as
// mode says (see model.ClearAnomalyRisk); lines that moved on
// (re-answered, changed, shipped) are left as they are.
func (db *DB) ResolveAnomaly(ctx context.Context, by *model.User, id, version uint64, cause string, actualDelay int, mode model.ResolveMode) (*model.Anomaly, error) {
	v := model.Invalid{}
	model.ValidateText(v, "cause", cause, true, model.MaxLineText, true)
	if actualDelay < 0 || actualDelay > model.MaxDelayDays {
		v.Add("actual_delay", "val.whole", 0, model.MaxDelayDays)
	}
	if !mode.Valid() {
		v.Add("mode", "val.required")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	return db.changeAnomaly(ctx, by, id, version, "resolve",
		[]model.AnomalyStatus{model.AnomalyOpen, model.AnomalyAcknowledged, model.AnomalyActing},
		func(w *wtx, actor *model.User, a *model.Anomaly) ([]model.Event, error) {
			if a.AckAt.IsZero() {
				a.AckBy, a.AckAt = w.who, w.now
			}
			a.Cause, a.ActualDelay, a.ResolvedBy, a.ResolvedAt, a.Status = cause, actualDelay, w.who, w.now, model.AnomalyResolved
			var events []model.Event
			mover := lineActor(actor)
			for _, m := range a.RiskMarks {
				l, before, err := getLine(w.Tx, m.LineID)
				if model.ErrorCode(err) == model.ENOTFOUND {
					continue
				} else if err != nil {
					return nil, err
				}
				old := *l
				if !l.ClearAnomalyRisk(mover, w.now, db.cal, a.ID, m, cause, actualDelay, mode) {
					continue
				}
				o, err := getOrderHeader(w.Tx, l.OrderID)
				if err != nil {
					return nil, err
				}
				if err := w.putLine(o, &old, l, "line.unrisk", before); err != nil {
					return nil, err
				}
				events = append(events, lineEvent(o, l))
			}
			return events, nil
		})
}

// CloseAnomaly closes a resolved anomaly.
func (db *DB) CloseAnomaly(ctx context.Context, by *model.User, id, version uint64) (*model.Anomaly, error) {
	return db.changeAnomaly(ctx, by, id, version, "close", []model.AnomalyStatus{model.AnomalyResolved},
		func(w *wtx, _ *model.User, a *model.Anomaly) ([]model.Event, error) {
			a.ClosedBy, a.ClosedAt, a.Status = w.who, w.now, model.AnomalyClosed
			return nil, nil
		})
}
