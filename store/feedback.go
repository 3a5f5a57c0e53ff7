package store

import (
	"cmp"
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"xietong/model"
)

// Customer quality feedback and on-site service requests (客户质量反馈 /
// 现场服务) are one record per id in bucketFeedback. Sales files them;
// the department of the route (quality or R&D) responds, records visits
// and closes them.

func feedbackRecord(id uint64) string { return "feedback/" + strconv.FormatUint(id, 10) }

// feedbackEvent announces a change to sales and the route's department.
func feedbackEvent(f *model.Feedback, action string) model.Event {
	return model.Event{Kind: model.KindFeedback, ID: f.ID, Action: action,
		Depts: []model.Department{model.DeptSales, f.Route.Dept()}}
}

func getFeedback(tx *bolt.Tx, id uint64) (*model.Feedback, []byte, error) {
	return getRecord[model.Feedback](tx, bucketFeedback, itob(id), feedbackRecord(id))
}

// FeedbackTarget returns the response target the store was opened with.
func (db *DB) FeedbackTarget() time.Duration { return db.feedbackTarget }

// FileFeedback files new feedback (sales staff): checked by
// model.Feedback.Validate, the customer and product must exist and so must
// the order line when one is named. Status open, FiledBy/FiledAt the person
// acting and now, Due = FiledAt + the store's FeedbackTarget (default 24 h).
func (db *DB) FileFeedback(ctx context.Context, by *model.User, f *model.Feedback) (*model.Feedback, error) {
	if err := f.Validate(); err != nil {
		return nil, err
	}
	var saved *model.Feedback
	err := db.update(ctx, whoOf(by), func(w *wtx) ([]model.Event, error) {
		if _, err := w.allowed(by, model.ActFeedbackFile); err != nil {
			return nil, err
		}
		v := model.Invalid{}
		if _, _, err := getCustomer(w.Tx, f.CustomerID); model.ErrorCode(err) == model.ENOTFOUND {
			v.Add("customer", "val.unknown_customer", f.CustomerID)
		} else if err != nil {
			return nil, err
		}
		if _, _, err := getProduct(w.Tx, f.Product); model.ErrorCode(err) == model.ENOTFOUND {
			v.Add("product", "val.unknown_product", f.Product)
		} else if err != nil {
			return nil, err
		}
		if f.LineID != 0 {
			if _, _, err := getLine(w.Tx, f.LineID); model.ErrorCode(err) == model.ENOTFOUND {
				v.Add("line_id", "val.unknown_line", f.LineID)
			} else if err != nil {
				return nil, err
			}
		}
		if err := v.Err(); err != nil {
			return nil, err
		}
		n := model.Feedback{CustomerID: f.CustomerID, Product: f.Product, Batch: f.Batch, LineID: f.LineID,
			Problem: f.Problem, QtyAffected: f.QtyAffected, VisitWanted: f.VisitWanted, Route: f.Route,
			Status: model.FeedbackOpen, FiledBy: w.who, FiledAt: w.now, Due: w.now.Add(db.feedbackTarget)}
		var err error
		if n.ID, err = w.Bucket(bucketFeedback).NextSequence(); err != nil {
			return nil, err
		}
		if err := w.put(bucketFeedback, itob(n.ID), &n.Meta, &n, "feedback.file", feedbackRecord(n.ID), nil); err != nil {
			return nil, err
		}
		saved = &n
		return []model.Event{feedbackEvent(&n, "file")}, nil
	})
	if err != nil {
		return nil, err
	}
	return saved, nil
}

// Feedback returns feedback id.
func (db *DB) Feedback(ctx context.Context, id uint64) (f *model.Feedback, err error) {
	err = db.view(ctx, func(tx *bolt.Tx) error {
		f, _, err = getFeedback(tx, id)
		return err
	})
	return f, err
}

func allFeedback(tx *bolt.Tx, open bool) ([]*model.Feedback, error) {
	return scanAll(tx, bucketFeedback, func(f *model.Feedback) bool {
		return !open || f.Status != model.FeedbackClosed
	})
}

// Feedbacks lists feedback (not closed only, when open is true), the most
// urgent first: by Due, then id.
func (db *DB) Feedbacks(ctx context.Context, open bool) (out []*model.Feedback, err error) {
	err = db.view(ctx, func(tx *bolt.Tx) error {
		out, err = allFeedback(tx, open)
		return err
	})
	slices.SortFunc(out, func(a, b *model.Feedback) int {
		if c := a.Due.Compare(b.Due); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	return out, err
}

// changeFeedback applies change to feedback id at version (else ECONFLICT)
// after checking that the person acting answers its route and that it is
// not closed, then stamps, saves and audits it as "feedback."+action.
func (db *DB) changeFeedback(ctx context.Context, by *model.User, id, version uint64, action string,
	change func(w *wtx, f *model.Feedback)) (*model.Feedback, error) {
	var saved *model.Feedback
	err := db.update(ctx, whoOf(by), func(w *wtx) ([]model.Event, error) {
		actor, err := w.actor(by)
		if err != nil {
			return nil, err
		}
		f, before, err := getFeedback(w.Tx, id)
		if err != nil {
			return nil, err
		}
		if actor != nil {
			if err := model.RequireAnswerFeedback(actor, f); err != nil {
				return nil, err
			}
		}
		if err := db.checkVersion(w.Tx, feedbackRecord(id), version, f.Meta); err != nil {
			return nil, err
		}
		if f.Status == model.FeedbackClosed {
			return nil, model.Errorf(model.EINVALID, "err.feedback_state", id)
		}
		change(w, f)
		if err := w.put(bucketFeedback, itob(id), &f.Meta, f, "feedback."+action, feedbackRecord(id), before); err != nil {
			return nil, err
		}
		saved = f
		return []model.Event{feedbackEvent(f, action)}, nil
	})
	if err != nil {
		return nil, err
	}
	return saved, nil
}

// RespondFeedback adds a response (text required); the feedback becomes
// "responded". The first response counts for timeliness.
func (db *DB) RespondFeedback(ctx context.Context, by *model.User, id, version uint64, text string) (*model.Feedback, error) {
	v := model.Invalid{}
	model.ValidateText(v, "text", text, true, model.MaxLineText, true)
	if err := v.Err(); err != nil {
		return nil, err
	}
	return db.changeFeedback(ctx, by, id, version, "respond", func(w *wtx, f *model.Feedback) {
		f.Responses = append(f.Responses, model.FeedbackResponse{At: w.now, By: w.who, Text: text})
		f.Status = model.FeedbackResponded
	})
}

// RecordVisit adds an on-site visit (date, who, findings required; the
// date may not be in the future). A visit is not a response.
func (db *DB) RecordVisit(ctx context.Context, by *model.User, id, version uint64, visit model.Visit) (*model.Feedback, error) {
	if err := visit.Validate(); err != nil {
		return nil, err
	}
	if today := db.cal.DateOf(db.clock.Now()); visit.Date.After(today) {
		v := model.Invalid{}
		v.Add("date", "val.date_future", today.String())
		return nil, v.Err()
	}
	return db.changeFeedback(ctx, by, id, version, "visit", func(w *wtx, f *model.Feedback) {
		vs := visit // a copy per run: the argument stays as the caller gave it
		vs.At, vs.By = w.now, w.who
		f.Visits = append(f.Visits, vs)
	})
}

// CloseFeedback closes feedback with its root cause and corrective action
// (both required).
func (db *DB) CloseFeedback(ctx context.Context, by *model.User, id, version uint64, rootCause, corrective string) (*model.Feedback, error) {
	v := model.Invalid{}
	model.ValidateText(v, "root_cause", rootCause, true, model.MaxLineText, true)
	model.ValidateText(v, "corrective", corrective, true, model.MaxLineText, true)
	if err := v.Err(); err != nil {
		return nil, err
	}
	return db.changeFeedback(ctx, by, id, version, "close", func(w *wtx, f *model.Feedback) {
		f.RootCause, f.Corrective = rootCause, corrective
		f.ClosedBy, f.ClosedAt, f.Status = w.who, w.now, model.FeedbackClosed
	})
}

// FeedbackKPI is month m's feedback indicators: response timeliness and
// the delivered defect rate, overall and per product
// (model.ComputeFeedbackKPI over all feedback and the lines shipped in m).
func (db *DB) FeedbackKPI(ctx context.Context, m model.Month) (k model.FeedbackKPI, err error) {
	err = db.view(ctx, func(tx *bolt.Tx) error {
		k, err = db.feedbackKPI(tx, m)
		return err
	})
	return k, err
}

// feedbackKPI is FeedbackKPI in tx: the month's shipments come from the
// line aggregates.
func (db *DB) feedbackKPI(tx *bolt.Tx, m model.Month) (model.FeedbackKPI, error) {
	fs, err := allFeedback(tx, false)
	if err != nil {
		return model.FeedbackKPI{}, err
	}
	shipped := map[string]int64{}
	for key, q := range aggShipped(tx, m.First(), m.Last()) {
		product, _, _ := strings.Cut(key, "/")
		shipped[product] += q
	}
	return model.ComputeFeedbackKPI(fs, shipped, m, db.clock.Loc), nil
}
