package store

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"

	bolt "go.etcd.io/bbolt"

	"xietong/model"
)

// Shop floor (docs/DOMAIN.md#shop-floor): the defect reason list and
// production daily reports. Anomalies are in anomalies.go, customer feedback
// in feedback.go.
//
// A daily report is one record per date, production line and shift under
// model.ReportKey ("2026-12-01|1号线|day") in bucketReports, so a day's
// reports are one prefix scan and a month's one range scan.

const defectReasonsRecord = "settings/defect_reasons"

// defectReasons is the stored defect reason list.
type defectReasons struct {
	Reasons []model.DefectReason `json:"reasons"`
	model.Meta
}

// seedDefectReasons stores model.DefaultDefectReasons unless a list exists
// (migration 2).
func seedDefectReasons(tx *bolt.Tx) error {
	b := tx.Bucket(bucketSettings)
	if b.Get(settingDefectReasons) != nil {
		return nil
	}
	raw, err := json.Marshal(defectReasons{Reasons: model.DefaultDefectReasons, Meta: model.Meta{Version: 1, UpdatedBy: whoSystem}})
	if err != nil {
		return err
	}
	return b.Put(settingDefectReasons, raw)
}

func getDefectReasons(tx *bolt.Tx) (*defectReasons, []byte, error) {
	var d defectReasons
	raw, err := load(tx.Bucket(bucketSettings), settingDefectReasons, &d)
	if err != nil {
		return nil, nil, err
	}
	return &d, raw, nil
}

// DefectReasons returns the defect reason list the QA lead keeps.
func (db *DB) DefectReasons(ctx context.Context) (list []model.DefectReason, err error) {
	err = db.view(ctx, func(tx *bolt.Tx) error {
		d, _, err := getDefectReasons(tx)
		if err == nil {
			list = d.Reasons
		}
		return err
	})
	return list, err
}

// SaveDefectReasons replaces the defect reason list (quality lead/head).
// Codes in use in saved reports may be dropped: those reports keep the code
// and the monthly output shows the code instead of a name. The interface
// carries no version, so the last save wins; every save is audited.
func (db *DB) SaveDefectReasons(ctx context.Context, by *model.User, list []model.DefectReason) error {
	if err := model.ValidateDefectReasons(list); err != nil {
		return err
	}
	return db.update(ctx, whoOf(by), func(w *wtx) ([]model.Event, error) {
		if _, err := w.allowed(by, model.ActDefectReasons); err != nil {
			return nil, err
		}
		d, before, err := getDefectReasons(w.Tx)
		if err != nil {
			return nil, err
		}
		if slices.Equal(d.Reasons, list) {
			return nil, nil
		}
		d.Reasons = slices.Clone(list)
		if err := w.put(bucketSettings, settingDefectReasons, &d.Meta, d, "defect_reasons.save", defectReasonsRecord, before); err != nil {
			return nil, err
		}
		return []model.Event{{Kind: model.KindDefectReasons, Action: "save"}}, nil
	})
}

// ---- daily reports ----

func reportRecord(key string) string { return "report/" + key }

func reportEvent(key, action string) model.Event {
	return model.Event{Kind: model.KindReport, Key: key, Action: action}
}

func getReport(tx *bolt.Tx, key string) (*model.DailyReport, []byte, error) {
	return loadOpt[model.DailyReport](tx, bucketReports, []byte(key))
}

func checkReportKey(d model.Date, line string, shift model.Shift) error {
	v := model.Invalid{}
	model.ValidateReportKey(v, d, line, shift)
	return v.Err()
}

// draftReport pre-fills a report from the PUBLISHED production plan of d:
// one row per product/variant of the plan with a quantity (front and
// outsourced lines of the same product/variant are added up), Planned the
// planned quantity. The plan names no production line or shift, so every
// line and shift gets every planned product; the supervisor deletes the
// rows another line makes.
func draftReport(tx *bolt.Tx, d model.Date, line string, shift model.Shift) (*model.DailyReport, error) {
	r := &model.DailyReport{Date: d, Line: line, Shift: shift, Rows: []model.ReportRow{}}
	plan, _, err := getProdPlan(tx, d)
	if err != nil || plan == nil || plan.Published.IsZero() {
		return r, err
	}
	at := map[string]int{}
	for _, pl := range plan.Lines {
		if pl.Qty <= 0 {
			continue
		}
		k := model.VariantKey(pl.Product, pl.Variant)
		if i, ok := at[k]; ok {
			r.Rows[i].Planned += pl.Qty
			continue
		}
		at[k] = len(r.Rows)
		r.Rows = append(r.Rows, model.ReportRow{Product: pl.Product, Variant: pl.Variant, Planned: pl.Qty})
	}
	return r, nil
}

// Report returns the saved report of d, line and shift, or a draft
// (Version 0) pre-filled from the published production plan of d (see
// draftReport).
func (db *DB) Report(ctx context.Context, d model.Date, line string, shift model.Shift) (r *model.DailyReport, err error) {
	if err := checkReportKey(d, line, shift); err != nil {
		return nil, err
	}
	err = db.view(ctx, func(tx *bolt.Tx) error {
		if r, _, err = getReport(tx, model.ReportKey(d, line, shift)); err != nil || r != nil {
			return err
		}
		r, err = draftReport(tx, d, line, shift)
		return err
	})
	return r, err
}

// scanReports decodes the reports whose keys fall in [from, to) (to nil:
// to the end).
func scanReports(tx *bolt.Tx, from, to []byte) ([]*model.DailyReport, error) {
	var out []*model.DailyReport
	c := tx.Bucket(bucketReports).Cursor()
	for k, v := c.Seek(from); k != nil && (to == nil || bytes.Compare(k, to) < 0); k, v = c.Next() {
		r := new(model.DailyReport)
		if err := json.Unmarshal(v, r); err != nil {
			return nil, fmt.Errorf("decode report %q: %w", k, err)
		}
		out = append(out, r)
	}
	return out, nil
}

// Reports returns the saved reports of d by line then shift (key order).
func (db *DB) Reports(ctx context.Context, d model.Date) (out []*model.DailyReport, err error) {
	if err := checkDate(d); err != nil {
		return nil, err
	}
	err = db.view(ctx, func(tx *bolt.Tx) error {
		prefix := []byte(d.String() + "|")
		out, err = scanReports(tx, prefix, []byte(d.String()+"}")) // '}' follows '|'
		return err
	})
	return out, err
}

// checkReport validates r against the product master and the defect
// reason list in tx.
func checkReport(tx *bolt.Tx, r *model.DailyReport) error {
	reasons, _, err := getDefectReasons(tx)
	if err != nil {
		return err
	}
	products := newProductCache(tx)
	err = r.Validate(products.lookup, reasons.Reasons)
	if products.err != nil {
		return products.err
	}
	return err
}

// SubmitReport saves a new report (production staff). A report already
// saved for the same date, line and shift is refused with ECONFLICT
// ("already submitted; correct it with a reason"). Submitted and
// SubmittedBy are set; corrections and the version in r are ignored.
func (db *DB) SubmitReport(ctx context.Context, by *model.User, r *model.DailyReport) (*model.DailyReport, error) {
	var saved *model.DailyReport
	err := db.update(ctx, whoOf(by), func(w *wtx) ([]model.Event, error) {
		if _, err := w.allowed(by, model.ActReportSubmit); err != nil {
			return nil, err
		}
		c, err := newReport(w.Tx, db.cal.DateOf(w.now), r)
		if err != nil {
			return nil, err
		}
		moved, err := w.submitReport(c)
		if err != nil {
			return nil, err
		}
		saved = c
		return reportEvents(reportEvent(c.Key(), "submit"), moved), nil
	})
	if err != nil {
		return nil, err
	}
	return saved, nil
}

// SubmitReports submits several new reports in one transaction, all or
// none (`reports submit --csv`): each is checked as SubmitReport checks it,
// and none may be saved already or be given twice; then each is saved and
// its good quantity moved into stock as SubmitReport does. Problems are
// keyed by report as an import's are (imports.go): "row 2.rows.3.actual",
// "row 2.date", "row 2" for a report saved already or given twice.
func (db *DB) SubmitReports(ctx context.Context, by *model.User, reports []*model.DailyReport) ([]*model.DailyReport, error) {
	var saved []*model.DailyReport
	err := db.update(ctx, whoOf(by), func(w *wtx) ([]model.Event, error) {
		if _, err := w.allowed(by, model.ActReportSubmit); err != nil {
			return nil, err
		}
		p := newProblems()
		built := make([]*model.DailyReport, len(reports))
		seen := map[string]int{}
		for i, r := range reports {
			row := i + 1
			c, err := newReport(w.Tx, db.cal.DateOf(w.now), r)
			if model.ErrorCode(err) == model.ECONFLICT {
				p.put(row, "", model.T("err.report_exists", r.Key()))
				continue
			}
			if err := p.addErr(row, "", err); err != nil {
				return nil, err
			}
			if first, dup := seen[r.Key()]; dup {
				p.add(row, "", "val.dup_row", first)
			} else {
				seen[r.Key()] = row
			}
			built[i] = c
		}
		if err := p.err(); err != nil {
			return nil, err
		}
		moved := false
		for i, c := range built {
			m, err := w.submitReport(c)
			moved = moved || m
			if err != nil {
				// The stock it would bring in is over the limit.
				if err := p.addErr(i+1, "", err); err != nil {
					return nil, err
				}
				return nil, p.err()
			}
		}
		saved = built
		return reportEvents(importEvent(model.KindReport), moved), nil
	})
	if err != nil {
		return nil, err
	}
	return saved, nil
}

// newReport is a copy of r to submit, checked against the product master
// and the defect reason list, with corrections and version cleared; a
// report already saved under its key is ECONFLICT.
func newReport(tx *bolt.Tx, today model.Date, r *model.DailyReport) (*model.DailyReport, error) {
	c := *r
	c.Rows = slices.Clone(r.Rows)
	c.Corrections, c.Meta = nil, model.Meta{}
	if err := checkReport(tx, &c); err != nil {
		return nil, err
	}
	v := model.Invalid{}
	if model.CheckReportDay(v, c.Date, today); len(v) > 0 {
		return nil, v.Err()
	}
	key := c.Key()
	if stored, _, err := getReport(tx, key); err != nil {
		return nil, err
	} else if stored != nil {
		return nil, model.Errorf(model.ECONFLICT, "err.report_exists", key)
	}
	return &c, nil
}

// submitReport saves new report c (from newReport), submitted now by the
// person acting, audited as report.submit, and moves its good quantity
// into stock and what it used out of material stock; it reports whether
// material stock moved.
func (w *wtx) submitReport(c *model.DailyReport) (bool, error) {
	key := c.Key()
	c.Submitted, c.SubmittedBy = w.now, w.who
	if err := w.put(bucketReports, []byte(key), &c.Meta, c, "report.submit", reportRecord(key), nil); err != nil {
		return false, err
	}
	return w.produced(nil, c, "")
}

// reportEvents are the events of a report's submission or correction:
// the report, the stock, and material stock when it moved.
func reportEvents(report model.Event, materials bool) []model.Event {
	out := []model.Event{report, {Kind: model.KindStock, Action: "produce"}}
	if materials {
		out = append(out, model.Event{Kind: model.KindMaterial, Action: string(model.MatIssued)})
	}
	return out
}

// produced moves into stock the good quantity of report r (actual less
// defect), or for a correction the difference from old, per product
// variant, with the report as the movement's ref, and issues the
// materials it used (backflush); it reports whether material stock moved.
func (w *wtx) produced(old, r *model.DailyReport, reason string) (bool, error) {
	delta := map[[2]string]int64{}
	add := func(rep *model.DailyReport, sign int64) error {
		for pv, q := range rep.GoodQty() {
			p, _, err := getProduct(w.Tx, pv[0])
			if err != nil {
				return err
			}
			v, err := variantOf(p, pv[1])
			if err != nil {
				return err
			}
			delta[[2]string{pv[0], v}] += sign * q
		}
		return nil
	}
	if old != nil {
		if err := add(old, -1); err != nil {
			return false, err
		}
	}
	if err := add(r, 1); err != nil {
		return false, err
	}
	for _, pv := range slices.SortedFunc(maps.Keys(delta), func(a, b [2]string) int { return cmp.Compare(a[0]+"\x00"+a[1], b[0]+"\x00"+b[1]) }) {
		if delta[pv] == 0 {
			continue
		}
		if _, err := w.moveStock(&model.StockMove{ProductCode: pv[0], Variant: pv[1], Qty: delta[pv],
			Cause: model.StockProduced, Ref: r.Key(), Reason: reason}, "stock.produce", "rows"); err != nil {
			return false, err
		}
	}
	return w.backflush(old, r, reason)
}

// CorrectReport replaces the rows of a submitted report (same date, line
// and shift) if r.Version is still the stored version, else ECONFLICT
// naming who changed it and when. A reason is required; it is appended as
// a Correction and the audit entry keeps before and after.
func (db *DB) CorrectReport(ctx context.Context, by *model.User, r *model.DailyReport, reason string) (*model.DailyReport, error) {
	v := model.Invalid{}
	model.ValidateText(v, "reason", reason, true, model.MaxLineText, false)
	if err := v.Err(); err != nil {
		return nil, err
	}
	var saved *model.DailyReport
	err := db.update(ctx, whoOf(by), func(w *wtx) ([]model.Event, error) {
		if _, err := w.allowed(by, model.ActReportSubmit); err != nil {
			return nil, err
		}
		key := r.Key()
		stored, before, err := getReport(w.Tx, key)
		if err != nil {
			return nil, err
		}
		if stored == nil {
			return nil, model.NotFound(reportRecord(key))
		}
		if err := db.checkVersion(w.Tx, reportRecord(key), r.Version, stored.Meta); err != nil {
			return nil, err
		}
		c := *stored
		c.Rows = slices.Clone(r.Rows)
		if err := checkReport(w.Tx, &c); err != nil {
			return nil, err
		}
		c.Corrections = append(slices.Clone(stored.Corrections), model.Correction{At: w.now, By: w.who, Reason: reason})
		if err := w.put(bucketReports, []byte(key), &c.Meta, &c, "report.correct", reportRecord(key), before); err != nil {
			return nil, err
		}
		moved, err := w.produced(stored, &c, reason)
		if err != nil {
			return nil, err
		}
		saved = &c
		return reportEvents(reportEvent(key, "correct"), moved), nil
	})
	if err != nil {
		return nil, err
	}
	return saved, nil
}

// MonthlyOutput sums the month's reports per product (model.MonthlyOutput),
// naming defect reasons from the current list.
func (db *DB) MonthlyOutput(ctx context.Context, m model.Month) (out []model.OutputRow, err error) {
	err = db.view(ctx, func(tx *bolt.Tx) error {
		reports, err := scanReports(tx, []byte(m.First().String()), []byte(m.Last().AddDays(1).String()))
		if err != nil {
			return err
		}
		reasons, _, err := getDefectReasons(tx)
		if err != nil {
			return err
		}
		out = model.MonthlyOutput(reports, m, reasons.Reasons...)
		return nil
	})
	return out, err
}
