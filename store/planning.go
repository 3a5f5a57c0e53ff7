package store

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"xietong/model"
)

// Planning records (docs/DOMAIN.md#planning):
//
//   - Forecasts and ten-day plans keep every version under
//     "kind/period" + "\x00" + version8 in bucketPlans; bucketPlanHeads keeps,
//     per period, the latest version number, the version published last (the
//     reference) and the first publish (what counts against the deadline).
//     Publishing a version that is already published changes nothing.
//   - Shortfall tables and production plans are one record per day with a
//     Meta version like other records. Published/PublishedBy are the FIRST
//     publish and never move: that is what the deadline board shows. A table
//     saved after publishing stays published (the save is audited and
//     announced); publishing it again is a "republish": the record is
//     unchanged, the audit log keeps the time and an event alerts the
//     readers again.

// planHead is the summary of one period's plan versions.
type planHead struct {
	Latest           int       `json:"latest"`
	Reference        int       `json:"reference,omitempty"` // the version published last; 0: none
	ReferenceAt      time.Time `json:"reference_at,omitzero"`
	FirstPublished   time.Time `json:"first_published,omitzero"`
	FirstPublishedBy string    `json:"first_published_by,omitempty"`
}

func shortfallRecord(d model.Date) string { return "shortfall/" + d.String() }
func prodplanRecord(d model.Date) string  { return "prodplan/" + d.String() }

func planKey(p model.Period, version int) []byte {
	return append(planPrefix(p), itob(uint64(version))...)
}

func planPrefix(p model.Period) []byte { return append([]byte(p.Record()), 0) }

func checkPeriod(p model.Period) error {
	if p.Valid() {
		return nil
	}
	v := model.Invalid{}
	switch p.Kind {
	case model.PlanForecast:
		v.Add("period", "val.month_format")
	case model.PlanTenDay:
		v.Add("period", "val.tenday_format")
	default:
		v.Add("period", "val.plan_kind", string(p.Kind))
	}
	return v.Err()
}

func getPlanHead(tx *bolt.Tx, p model.Period) (*planHead, error) {
	var h planHead
	if _, err := load(tx.Bucket(bucketPlanHeads), []byte(p.Record()), &h); err != nil {
		return nil, err
	}
	return &h, nil
}

func (w *wtx) putPlanHead(p model.Period, h *planHead) error {
	raw, err := json.Marshal(h)
	if err != nil {
		return err
	}
	return w.Bucket(bucketPlanHeads).Put([]byte(p.Record()), raw)
}

func getPlanVersion(tx *bolt.Tx, p model.Period, version int) (*model.PlanVersion, []byte, error) {
	return loadOpt[model.PlanVersion](tx, bucketPlans, planKey(p, version))
}

// referenceCells is the cells of p's reference version (nil: none published).
func referenceCells(tx *bolt.Tx, p model.Period) ([]model.PlanCell, error) {
	h, err := getPlanHead(tx, p)
	if err != nil {
		return nil, err
	}
	return referenceCellsOf(tx, p, h)
}

// referenceCellsOf is referenceCells given p's head h, already read.
func referenceCellsOf(tx *bolt.Tx, p model.Period, h *planHead) ([]model.PlanCell, error) {
	if h.Reference == 0 {
		return nil, nil
	}
	v, _, err := getPlanVersion(tx, p, h.Reference)
	if err != nil || v == nil {
		return nil, err
	}
	return v.Cells, nil
}

func planEvent(p model.Period, action string) model.Event {
	e := model.Event{Kind: model.KindPlan, Key: p.String(), Action: action}
	if action == "publish" {
		e.Depts = []model.Department{model.DeptProduction}
	}
	return e
}

// Plan returns every version of p's plan, oldest first, with its reference
// (the version published last). A period without versions gives an empty set.
func (db *DB) Plan(ctx context.Context, p model.Period) (*model.PlanSet, error) {
	if err := checkPeriod(p); err != nil {
		return nil, err
	}
	set := &model.PlanSet{Period: p, Versions: []*model.PlanVersion{}}
	err := db.view(ctx, func(tx *bolt.Tx) error {
		prefix := planPrefix(p)
		c := tx.Bucket(bucketPlans).Cursor()
		for k, raw := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, raw = c.Next() {
			v := new(model.PlanVersion)
			if err := json.Unmarshal(raw, v); err != nil {
				return fmt.Errorf("decode plan %q: %w", k, err)
			}
			set.Versions = append(set.Versions, v)
		}
		h, err := getPlanHead(tx, p)
		if err != nil {
			return err
		}
		for _, v := range set.Versions {
			if v.Version == h.Reference {
				set.Reference = v
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return set, nil
}

// SavePlan stores a new version of p's plan (cells checked and cleaned by
// model.CheckPlanCells, a note of up to model.MaxPlanNote characters). base
// is the version the editor started from (0 for none) and must still be the
// latest, else ECONFLICT naming who saved the newer one and when.
func (db *DB) SavePlan(ctx context.Context, by *model.User, p model.Period, base int, cells []model.PlanCell, note string) (*model.PlanVersion, error) {
	if err := checkPeriod(p); err != nil {
		return nil, err
	}
	var saved *model.PlanVersion
	err := db.update(ctx, whoOf(by), func(w *wtx) ([]model.Event, error) {
		if _, err := w.allowed(by, model.ActPlanEdit); err != nil {
			return nil, err
		}
		products := newProductCache(w.Tx)
		clean, err := model.CheckPlanCells(cells, products.lookup)
		if products.err != nil {
			return nil, products.err
		}
		v := model.Invalid{}
		if err != nil {
			if err := fieldsUnder(v, "", err); err != nil {
				return nil, err
			}
		}
		model.ValidateText(v, "note", note, false, model.MaxPlanNote, true)
		if err := v.Err(); err != nil {
			return nil, err
		}
		h, err := getPlanHead(w.Tx, p)
		if err != nil {
			return nil, err
		}
		var before []byte
		if h.Latest > 0 {
			latest, raw, err := getPlanVersion(w.Tx, p, h.Latest)
			if err != nil {
				return nil, err
			}
			if latest == nil {
				return nil, fmt.Errorf("plan %s: head names version %d that does not exist", p.Record(), h.Latest)
			}
			if base != h.Latest {
				return nil, model.Conflict(p.Record(), displayName(w.Tx, latest.By), latest.At.In(db.clock.Loc))
			}
			before = raw
		} else if base != 0 {
			return nil, model.Errorf(model.EINVALID, "err.plan_version", p.Record(), base)
		}
		pv := &model.PlanVersion{Period: p, Version: h.Latest + 1, Cells: clean, Note: note, By: w.who, At: w.now}
		if err := w.save(bucketPlans, planKey(p, pv.Version), pv, "plan.save", p.Record(), before); err != nil {
			return nil, err
		}
		h.Latest = pv.Version
		if err := w.putPlanHead(p, h); err != nil {
			return nil, err
		}
		saved = pv
		return []model.Event{planEvent(p, "save")}, nil
	})
	if err != nil {
		return nil, err
	}
	return saved, nil
}

// PublishPlan publishes version of p's plan: it becomes the reference. The
// first publish of the period is what counts against its deadline.
// Publishing a version already published changes nothing.
func (db *DB) PublishPlan(ctx context.Context, by *model.User, p model.Period, version int) (*model.PlanVersion, error) {
	if err := checkPeriod(p); err != nil {
		return nil, err
	}
	var out *model.PlanVersion
	err := db.update(ctx, whoOf(by), func(w *wtx) ([]model.Event, error) {
		if _, err := w.allowed(by, model.ActPlanEdit); err != nil {
			return nil, err
		}
		pv, before, err := getPlanVersion(w.Tx, p, version)
		if err != nil {
			return nil, err
		}
		if pv == nil {
			return nil, model.Errorf(model.ENOTFOUND, "err.plan_version", p.Record(), version)
		}
		out = pv
		if !pv.Published.IsZero() {
			return nil, nil // already published: nothing to write
		}
		pv.Published = w.now
		if err := w.save(bucketPlans, planKey(p, version), pv, "plan.publish", p.Record(), before); err != nil {
			return nil, err
		}
		h, err := getPlanHead(w.Tx, p)
		if err != nil {
			return nil, err
		}
		h.Reference, h.ReferenceAt = version, w.now
		if h.FirstPublished.IsZero() {
			h.FirstPublished, h.FirstPublishedBy = w.now, w.who
		}
		if err := w.putPlanHead(p, h); err != nil {
			return nil, err
		}
		return []model.Event{planEvent(p, "publish")}, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// ---- shortfall tables ----

func getShortfall(tx *bolt.Tx, d model.Date) (*model.Shortfall, []byte, error) {
	return loadOpt[model.Shortfall](tx, bucketShortfalls, []byte(d.String()))
}

func shortfallEvent(d model.Date, action string) model.Event {
	e := model.Event{Kind: model.KindShortfall, Key: d.String(), Action: action}
	if action == "publish" || action == "republish" { // to the production head and the shipping clerk
		e.Depts = []model.Department{model.DeptProduction}
	}
	return e
}

// shortfallInput gathers what model.ComputeShortfall needs for day d.
func (db *DB) shortfallInput(tx *bolt.Tx, d model.Date) (model.ShortfallInput, error) {
	in := model.ShortfallInput{Today: d, Through: d.AddDays(db.shortfallDays)}
	var err error
	if in.Lines, err = openLines(tx); err != nil {
		return in, err
	}
	period := model.TenDayOf(d)
	if in.TenDay, err = referenceCells(tx, period); err != nil {
		return in, err
	}
	if in.ShippedInPeriod, err = shippedBetween(tx, period.Start(), d); err != nil {
		return in, err
	}
	if in.Stock, err = allStock(tx); err != nil {
		return in, err
	}
	in.Planned, err = plannedBetween(tx, d, in.Through)
	return in, err
}

// computeShortfall is the draft table of day d from current data.
func (db *DB) computeShortfall(tx *bolt.Tx, d model.Date) (*model.Shortfall, error) {
	in, err := db.shortfallInput(tx, d)
	if err != nil {
		return nil, err
	}
	return model.NewShortfall(in), nil
}

func checkDate(d model.Date) error {
	if d.IsZero() {
		v := model.Invalid{}
		v.Add("date", "val.required")
		return v.Err()
	}
	return nil
}

// Shortfall returns the saved table of day d, or a draft (Version 0)
// computed from current data when none is saved.
func (db *DB) Shortfall(ctx context.Context, d model.Date) (s *model.Shortfall, err error) {
	if err := checkDate(d); err != nil {
		return nil, err
	}
	err = db.view(ctx, func(tx *bolt.Tx) error {
		if s, _, err = getShortfall(tx, d); err != nil || s != nil {
			return err
		}
		s, err = db.computeShortfall(tx, d)
		return err
	})
	return s, err
}

// Recompute recomputes day d's table from current data and carries over
// the figures (and reasons) edited in the saved table (see
// model.KeepEdits; an edited row of a product variant that no longer exists
// is dropped). The result keeps the saved version and publish facts, so it
// can be saved over it; nothing is written here.
func (db *DB) Recompute(ctx context.Context, d model.Date) (s *model.Shortfall, err error) {
	if err := checkDate(d); err != nil {
		return nil, err
	}
	err = db.view(ctx, func(tx *bolt.Tx) error {
		saved, _, err := getShortfall(tx, d)
		if err != nil {
			return err
		}
		if s, err = db.computeShortfall(tx, d); err != nil || saved == nil {
			return err
		}
		products := newProductCache(tx)
		s.Rows = model.KeepEdits(s.Rows, saved.Rows, func(product, variant string) bool {
			p := products.lookup(product)
			return p != nil && (variant == "" && len(p.Variants) == 0 || p.HasVariant(variant))
		})
		if products.err != nil {
			return products.err
		}
		s.Published, s.PublishedBy, s.Meta = saved.Published, saved.PublishedBy, saved.Meta
		return nil
	})
	return s, err
}

// SaveShortfall saves day s.Date's table: s.Version must be the stored
// version (0 for the first save), else ECONFLICT. Rows are checked by
// Shortfall.Check (Computed and Surplus recomputed from each row's inputs;
// a Figure other than Computed needs a Reason). Publish facts are kept
// from the stored table; saving a published table leaves it published.
func (db *DB) SaveShortfall(ctx context.Context, by *model.User, s *model.Shortfall) (*model.Shortfall, error) {
	var saved *model.Shortfall
	err := db.update(ctx, whoOf(by), func(w *wtx) ([]model.Event, error) {
		c := *s
		c.Rows = append([]model.ShortfallRow{}, s.Rows...)
		if err := saveDaily(db, w, by, shortfallTable, &c, c.Date, c.Check); err != nil {
			return nil, err
		}
		saved = &c
		return []model.Event{shortfallEvent(c.Date, "save")}, nil
	})
	if err != nil {
		return nil, err
	}
	return saved, nil
}

// daily describes a kind of daily table T stored by date in bucket (a
// shortfall table or a production plan): kind prefixes its audit actions,
// edit is the permission to save and publish it, record and event name it,
// parts gives its stamp and publish facts, and keep (optional) copies what
// only publishing sets from the stored table into one being saved, and snap
// (optional) records on each publish what was published.
type daily[T any] struct {
	kind   string
	bucket []byte
	edit   model.Action
	record func(model.Date) string
	event  func(d model.Date, action string) model.Event
	parts  func(*T) (*model.Meta, *model.Publication)
	keep   func(dst, stored *T)
	snap   func(*T)
}

var (
	shortfallTable = daily[model.Shortfall]{kind: "shortfall", bucket: bucketShortfalls, edit: model.ActPlanEdit,
		record: shortfallRecord, event: shortfallEvent,
		parts: func(s *model.Shortfall) (*model.Meta, *model.Publication) { return &s.Meta, &s.Publication }}
	prodplanTable = daily[model.ProductionPlan]{kind: "prodplan", bucket: bucketProdPlans, edit: model.ActProdPlanEdit,
		record: prodplanRecord, event: prodplanEvent,
		parts: func(p *model.ProductionPlan) (*model.Meta, *model.Publication) { return &p.Meta, &p.Publication },
		keep:  func(dst, stored *model.ProductionPlan) { dst.PublishedLines = stored.PublishedLines },
		snap:  func(p *model.ProductionPlan) { p.PublishedLines = slices.Clone(p.Lines) }}
)

// saveDaily saves c, the caller's copy of day d's table of kind t, in w
// for by (see SaveShortfall): check runs with the products of w, then
// carryOver readies c, which is left as saved.
func saveDaily[T any](db *DB, w *wtx, by *model.User, t daily[T], c *T, d model.Date, check func(model.ProductLookup) error) error {
	if _, err := w.allowed(by, t.edit); err != nil {
		return err
	}
	if err := checkProducts(w.Tx, check); err != nil {
		return err
	}
	stored, before, err := loadOpt[T](w.Tx, t.bucket, []byte(d.String()))
	if err != nil {
		return err
	}
	if stored == nil {
		stored = new(T)
	}
	meta, pub := t.parts(c)
	storedMeta, storedPub := t.parts(stored)
	if err := db.carryOver(w, t.record(d), meta, pub, *storedMeta, *storedPub); err != nil {
		return err
	}
	if t.keep != nil {
		t.keep(c, stored)
	}
	return w.save(t.bucket, []byte(d.String()), c, t.kind+".save", t.record(d), before)
}

// checkProducts runs a table's check with the products of tx to look codes
// up in; a failure to read a product comes before what the check found.
func checkProducts(tx *bolt.Tx, check func(model.ProductLookup) error) error {
	products := newProductCache(tx)
	err := check(products.lookup)
	if products.err != nil {
		return products.err
	}
	return err
}

// carryOver readies a daily table for saving: it must have been read at
// the stored version (zero for a new one); it keeps the stored publish
// facts, since a save never publishes, marking a published table edited,
// and the stored stamp, which it then advances for this save.
func (db *DB) carryOver(w *wtx, record string, meta *model.Meta, pub *model.Publication, stored model.Meta, storedPub model.Publication) error {
	if err := db.checkVersion(w.Tx, record, meta.Version, stored); err != nil {
		return err
	}
	*meta, *pub = stored, storedPub
	pub.Edited = !pub.Published.IsZero()
	w.stamp(meta)
	return nil
}

// PublishShortfall publishes day d's saved table at version (ECONFLICT if
// it changed since; EINVALID if it was never saved). The first publish sets
// Published and PublishedBy for good; a later one (after a correction) is a
// republish: audited and announced, the record unchanged.
func (db *DB) PublishShortfall(ctx context.Context, by *model.User, d model.Date, version uint64) (*model.Shortfall, error) {
	return publishDaily(ctx, db, by, shortfallTable, d, version)
}

// publishDaily publishes day d's saved table of kind t at version, as
// PublishShortfall says.
func publishDaily[T any](ctx context.Context, db *DB, by *model.User, t daily[T], d model.Date, version uint64) (*T, error) {
	if err := checkDate(d); err != nil {
		return nil, err
	}
	var out *T
	err := db.update(ctx, whoOf(by), func(w *wtx) ([]model.Event, error) {
		if _, err := w.allowed(by, t.edit); err != nil {
			return nil, err
		}
		v, before, err := loadOpt[T](w.Tx, t.bucket, []byte(d.String()))
		if err != nil {
			return nil, err
		}
		if v == nil {
			return nil, model.Errorf(model.EINVALID, "err.save_first", t.record(d))
		}
		meta, pub := t.parts(v)
		if err := db.checkVersion(w.Tx, t.record(d), version, *meta); err != nil {
			return nil, err
		}
		out = v
		action := "publish"
		if !pub.Published.IsZero() {
			action = "republish"
		}
		if t.snap != nil {
			t.snap(v)
		}
		if err := w.publish(t.bucket, []byte(d.String()), v, meta, pub, t.kind, t.record(d), before); err != nil {
			return nil, err
		}
		return []model.Event{t.event(d, action)}, nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// publish marks record v (stored under key in bucket, raw before) as
// published by w.who at w.now: the first publish sets Published for good
// (kind+".publish"); a later one (kind+".republish") moves LastPublished
// and clears Edited.
func (w *wtx) publish(bucket, key []byte, v any, meta *model.Meta, pub *model.Publication, kind, record string, before []byte) error {
	action := kind + ".republish"
	if pub.Published.IsZero() {
		pub.Published, pub.PublishedBy, action = w.now, w.who, kind+".publish"
	}
	pub.LastPublished, pub.Edited = w.now, false
	return w.put(bucket, key, meta, v, action, record, before)
}

// ---- production plans ----

func getProdPlan(tx *bolt.Tx, d model.Date) (*model.ProductionPlan, []byte, error) {
	return loadOpt[model.ProductionPlan](tx, bucketProdPlans, []byte(d.String()))
}

func prodplanEvent(d model.Date, action string) model.Event {
	e := model.Event{Kind: model.KindProdPlan, Key: d.String(), Action: action}
	if action == "publish" || action == "republish" { // to sales
		e.Depts = []model.Department{model.DeptSales}
	}
	return e
}

// maxShortfallLookback bounds the search for the published shortfall a
// production plan is drafted from.
const maxShortfallLookback = 62

// planBasis is the latest published shortfall table dated before
// production day d (normally the day before, or the last working day
// before), nil if none within maxShortfallLookback saved tables.
func planBasis(tx *bolt.Tx, d model.Date) (*model.Shortfall, error) {
	c := tx.Bucket(bucketShortfalls).Cursor()
	var k, v []byte
	if at, _ := c.Seek([]byte(d.String())); at == nil {
		k, v = c.Last()
	} else {
		k, v = c.Prev()
	}
	for i := 0; k != nil && i < maxShortfallLookback; i++ {
		var f publishFacts // only the published table is decoded in full
		if err := json.Unmarshal(v, &f); err != nil {
			return nil, fmt.Errorf("decode shortfall %s: %w", k, err)
		}
		if !f.Published.IsZero() {
			var s model.Shortfall
			if err := json.Unmarshal(v, &s); err != nil {
				return nil, fmt.Errorf("decode shortfall %s: %w", k, err)
			}
			return &s, nil
		}
		k, v = c.Prev()
	}
	return nil, nil
}

func allProducts(tx *bolt.Tx) ([]*model.Product, error) {
	var out []*model.Product
	err := tx.Bucket(bucketProducts).ForEach(func(k, v []byte) error {
		p := new(model.Product)
		if err := json.Unmarshal(v, p); err != nil {
			return fmt.Errorf("decode product %s: %w", k, err)
		}
		out = append(out, p)
		return nil
	})
	return out, err
}

// planWarnings checks plan against the shortfall it is based on.
func planWarnings(tx *bolt.Tx, plan *model.ProductionPlan) ([]model.BalanceWarning, error) {
	sf, err := planBasis(tx, plan.Date)
	if err != nil {
		return nil, err
	}
	return basisWarnings(tx, plan, sf)
}

// basisWarnings checks plan against sf, its planBasis (nil: none), and
// against the marking changeovers of its day: during one, a variant
// other than the default with no order line asking for it is warned of as
// the changeover's (in place of the plain variant warning).
func basisWarnings(tx *bolt.Tx, plan *model.ProductionPlan, sf *model.Shortfall) ([]model.BalanceWarning, error) {
	var out []model.BalanceWarning
	if sf != nil {
		products, err := allProducts(tx)
		if err != nil {
			return nil, err
		}
		out = model.PlanWarnings(plan, sf, products)
	}
	made := make([]model.PlanCell, 0, len(plan.Lines))
	for _, l := range plan.Lines {
		made = append(made, model.PlanCell{Product: l.Product, Variant: l.Variant, Qty: l.Qty})
	}
	cw, err := changeoverWarnings(tx, plan.Date, made, model.WarnChangeover)
	if err != nil || len(cw) == 0 {
		return out, err
	}
	out = slices.DeleteFunc(out, func(w model.BalanceWarning) bool {
		return w.Kind == model.WarnVariant && slices.ContainsFunc(cw, func(c model.BalanceWarning) bool { return c.Product == w.Product })
	})
	return append(out, cw...), nil
}

// ProductionPlan returns the saved plan for production day d, or a draft
// (Version 0) proposed by model.ProposePlan from the latest published
// shortfall dated before d (no lines if there is none), with the balance
// warnings of the plan against that shortfall.
func (db *DB) ProductionPlan(ctx context.Context, d model.Date) (plan *model.ProductionPlan, warnings []model.BalanceWarning, err error) {
	if err := checkDate(d); err != nil {
		return nil, nil, err
	}
	err = db.view(ctx, func(tx *bolt.Tx) error {
		if plan, _, err = getProdPlan(tx, d); err != nil {
			return err
		}
		sf, err := planBasis(tx, d) // plan.Date is d
		if err != nil {
			return err
		}
		if plan == nil {
			products := newProductCache(tx)
			plan = model.ProposePlan(d, sf, products.lookup)
			if products.err != nil {
				return products.err
			}
		}
		warnings, err = basisWarnings(tx, plan, sf)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	return plan, warnings, nil
}

// SaveProductionPlan saves the plan for production day p.Date: p.Version
// must be the stored version (0 for the first save), else ECONFLICT; lines
// are checked by ProductionPlan.Check. Publish facts are kept from the
// stored plan. It returns the saved plan and its balance warnings (a
// warning does not stop the save).
func (db *DB) SaveProductionPlan(ctx context.Context, by *model.User, p *model.ProductionPlan) (*model.ProductionPlan, []model.BalanceWarning, error) {
	var (
		saved    *model.ProductionPlan
		warnings []model.BalanceWarning
	)
	err := db.update(ctx, whoOf(by), func(w *wtx) ([]model.Event, error) {
		c := *p
		c.Lines = append([]model.ProductionLine{}, p.Lines...)
		if err := saveDaily(db, w, by, prodplanTable, &c, c.Date, c.Check); err != nil {
			return nil, err
		}
		var err error
		if warnings, err = planWarnings(w.Tx, &c); err != nil {
			return nil, err
		}
		saved = &c
		return []model.Event{prodplanEvent(c.Date, "save")}, nil
	})
	if err != nil {
		return nil, nil, err
	}
	return saved, warnings, nil
}

// PublishProductionPlan publishes the saved plan for production day d at
// version, like PublishShortfall: the first publish counts against the
// 17:30 deadline and alerts sales; a later one is a republish.
func (db *DB) PublishProductionPlan(ctx context.Context, by *model.User, d model.Date, version uint64) (*model.ProductionPlan, error) {
	return publishDaily(ctx, db, by, prodplanTable, d, version)
}

// ---- accuracy ----

// ForecastAccuracy is the accuracy of month m's reference forecast against
// the quantities shipped on dates in m (model.ForecastAccuracy).
func (db *DB) ForecastAccuracy(ctx context.Context, m model.Month) (acc model.Accuracy, err error) {
	return db.accuracy(ctx, model.Period{Kind: model.PlanForecast, Month: m})
}

// TenDayAccuracy is the accuracy of period p's reference ten-day plan
// against the quantities shipped on its dates (a forecast period gives
// ForecastAccuracy of its month).
func (db *DB) TenDayAccuracy(ctx context.Context, p model.Period) (model.Accuracy, error) {
	return db.accuracy(ctx, p)
}

func (db *DB) accuracy(ctx context.Context, p model.Period) (acc model.Accuracy, err error) {
	if err := checkPeriod(p); err != nil {
		return acc, err
	}
	err = db.view(ctx, func(tx *bolt.Tx) error {
		acc, err = accuracyIn(tx, p, db.cal.DateOf(db.clock.Now()))
		return err
	})
	return acc, err
}

// accuracyIn is the accuracy of p's reference plan in tx (p checked) as of
// day today: a period still running counts shipments up to today against
// its prorated plan (model.ForecastAccuracyThrough).
func accuracyIn(tx *bolt.Tx, p model.Period, today model.Date) (model.Accuracy, error) {
	cells, err := referenceCells(tx, p)
	if err != nil {
		return model.Accuracy{}, err
	}
	through := p.End()
	if today.Before(through) {
		through = today
	}
	actual, err := shippedBetween(tx, p.Start(), through)
	if err != nil {
		return model.Accuracy{}, err
	}
	return model.ForecastAccuracyThrough(p, through, cells, actual), nil
}

// ShortfallBasis explains the row of product variant in day d's table
// (model.ExplainShortfall): the order lines counted with their orders and
// customers, the ten-day remainder and its proration, the stock as of the
// saved table's time and the planned days. The row is the saved one, or the
// draft's when the table is not saved; a variant without a row gets a zero
// row (nothing counts for it).
func (db *DB) ShortfallBasis(ctx context.Context, d model.Date, product, variant string) (b *model.ShortfallBasis, err error) {
	if err := checkDate(d); err != nil {
		return nil, err
	}
	err = db.view(ctx, func(tx *bolt.Tx) error {
		p, _, err := getProduct(tx, product)
		if err != nil {
			return err
		}
		if variant, err = variantOf(p, variant); err != nil {
			return err
		}
		key := model.VariantKey(product, variant)
		saved, _, err := getShortfall(tx, d)
		if err != nil {
			return err
		}
		in, err := db.shortfallInput(tx, d)
		if err != nil {
			return err
		}
		if saved != nil {
			in.Through = saved.Through // the horizon the table was made with
			if in.Planned, err = plannedBetween(tx, d, in.Through); err != nil {
				return err
			}
		}
		days, err := plannedDays(tx, d, d.AddDays(max(d.DaysUntil(in.Through), 0)), key)
		if err != nil {
			return err
		}
		x := model.ExplainShortfall(in, key, days)
		x.At = db.clock.Now()
		x.Row = x.Now
		if saved != nil {
			x.Row = model.ShortfallRow{Product: product, Variant: variant}
			for _, r := range saved.Rows {
				if r.Key() == key {
					x.Row = r
				}
			}
			x.Saved = saved.UpdatedAt
			if x.StockSaved, err = stockAt(tx, product, variant, saved.UpdatedAt); err != nil {
				return err
			}
		} else {
			x.StockSaved = x.Now.Stock
		}
		orders := map[uint64]*model.Order{}
		names := map[uint64]string{}
		for i := range x.Lines {
			l := &x.Lines[i]
			o := orders[l.OrderID]
			if o == nil {
				if o, err = getOrderHeader(tx, l.OrderID); err != nil {
					return err
				}
				orders[l.OrderID] = o
			}
			l.OrderNo = o.No
			if _, ok := names[o.CustomerID]; !ok {
				if c, _, err := getCustomer(tx, o.CustomerID); err == nil && c != nil {
					names[o.CustomerID] = c.Name
				}
			}
			l.Customer = names[o.CustomerID]
		}
		b = &x
		return nil
	})
	return b, err
}
