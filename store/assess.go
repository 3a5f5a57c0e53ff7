package store

import (
	"context"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"xietong/model"
)

// The monthly assessment (考评, docs/DOMAIN.md#assessment): the office's
// weight table in the settings, each month computed from the records when
// read until the office finalises it; a finalised month is one record in
// bucketAssessments, its departments and people as they stood.

// assessWeights is the stored weight table: each department's weights.
type assessWeights struct {
	Depts map[model.Department][]model.Weight `json:"depts"`
	model.Meta
}

func getWeights(tx *bolt.Tx) (*assessWeights, []byte, error) {
	w := &assessWeights{}
	raw, err := load(tx.Bucket(bucketSettings), settingAssessWeights, w)
	if w.Depts == nil {
		w.Depts = map[model.Department][]model.Weight{}
	}
	return w, raw, err
}

// Weights returns dept's weights: the office's, or the defaults.
func (db *DB) Weights(ctx context.Context, dept model.Department) (ws []model.Weight, err error) {
	err = db.view(ctx, func(tx *bolt.Tx) error {
		t, _, err := getWeights(tx)
		ws = weightsOf(t, dept)
		return err
	})
	return ws, err
}

func weightsOf(t *assessWeights, dept model.Department) []model.Weight {
	if ws, ok := t.Depts[dept]; ok {
		return ws
	}
	return model.DefaultWeights(dept)
}

// SaveWeights replaces dept's weights (those who run meetings: the office).
func (db *DB) SaveWeights(ctx context.Context, by *model.User, dept model.Department, ws []model.Weight) error {
	if !dept.Valid() {
		v := model.Invalid{}
		v.Add("dept", "val.unknown_dept", string(dept))
		return v.Err()
	}
	if err := model.ValidateWeights(ws); err != nil {
		return err
	}
	return db.update(ctx, whoOf(by), func(w *wtx) ([]model.Event, error) {
		if _, err := w.allowed(by, model.ActMeetingRun); err != nil {
			return nil, err
		}
		t, before, err := getWeights(w.Tx)
		if err != nil {
			return nil, err
		}
		t.Depts[dept] = slices.Clone(ws)
		if err := w.put(bucketSettings, settingAssessWeights, &t.Meta, t, "assess.weights", "settings/assess_weights", before); err != nil {
			return nil, err
		}
		return []model.Event{{Kind: model.KindLedger, Action: "weights"}}, nil
	})
}

// Assess is month m's assessment: as finalised, or computed from the
// records now (each department's weighted indicators, submission
// timeliness its own, and its people's ledger entries confirmed in m;
// each person's from their department's, their own deadline items and
// their own entries).
func (db *DB) Assess(ctx context.Context, m model.Month) (a *model.Assessment, err error) {
	if err := checkMonth(m); err != nil {
		return nil, err
	}
	err = db.view(ctx, func(tx *bolt.Tx) error {
		a, err = db.assessIn(tx, m)
		return err
	})
	return a, err
}

// AssessYear is year y's months side by side: each month begun by today
// as Assess gives it, the later ones left out.
func (db *DB) AssessYear(ctx context.Context, y int) (out *model.YearAssessment, err error) {
	if err := checkMonth(model.Month{Year: y, Month: time.January}); err != nil {
		return nil, err
	}
	today := db.cal.DateOf(db.clock.Now())
	err = db.view(ctx, func(tx *bolt.Tx) error {
		months := make([]*model.Assessment, 12)
		for i := range months {
			m := model.Month{Year: y, Month: time.Month(i + 1)}
			if m.First().After(today) {
				break
			}
			if months[i], err = db.assessIn(tx, m); err != nil {
				return err
			}
		}
		ya := model.AssessYear(y, months)
		out = &ya
		return nil
	})
	return out, err
}

// assessIn is Assess in read transaction tx. A month finalised before
// people's figures were kept gets them computed now, on its departments'
// kept indicator scores (PeopleLive).
func (db *DB) assessIn(tx *bolt.Tx, m model.Month) (*model.Assessment, error) {
	stored, _, err := loadOpt[model.Assessment](tx, bucketAssessments, []byte(m.String()))
	if err != nil {
		return nil, err
	}
	entries, err := scanAll(tx, bucketLedger, func(*model.LedgerEntry) bool { return true })
	if err != nil {
		return nil, err
	}
	if stored != nil {
		if stored.People == nil {
			if stored.People, err = db.assessPeople(tx, m, stored.Depts, entries); err != nil {
				return nil, err
			}
			stored.PeopleLive = true
		}
		return stored, nil
	}
	weights, _, err := getWeights(tx)
	if err != nil {
		return nil, err
	}
	targets, _, err := getTargets(tx)
	if err != nil {
		return nil, err
	}
	// Company-wide indicators weigh in several departments: each is
	// computed once.
	values := map[string]model.KPIValue{}
	a := &model.Assessment{Month: m}
	for _, d := range model.AssessedDepts {
		ws := weightsOf(weights, d)
		var vs []model.KPIValue
		for _, w := range ws {
			dept := model.Department("")
			if w.KPI == model.KPISubmission {
				dept = d
			}
			key := string(w.KPI) + "|" + string(dept)
			v, ok := values[key]
			if !ok {
				if v, err = db.kpiIn(tx, w.KPI, m, dept); err != nil {
					return nil, err
				}
				v = v.WithTarget(targets.Targets)
				values[key] = v
			}
			vs = append(vs, v)
		}
		a.Depts = append(a.Depts, model.Assess(d, vs, ws, entries, m, db.cal))
	}
	if a.People, err = db.assessPeople(tx, m, a.Depts, entries); err != nil {
		return nil, err
	}
	return a, nil
}

// assessPeople is month m's people (model.AssessPeople) on the
// departments' months depts: their deadline items are the board's from
// m's first day to today or m's last day.
func (db *DB) assessPeople(tx *bolt.Tx, m model.Month, depts []model.DeptAssessment, entries []*model.LedgerEntry) ([]model.PersonAssessment, error) {
	users, err := scanAll(tx, bucketUsers, func(*model.User) bool { return true })
	if err != nil {
		return nil, err
	}
	var items []model.DueItem
	if to := db.asOf(m); !to.Before(m.First()) {
		if items, err = db.dueItems(tx, m.First(), to, db.clock.Now()); err != nil {
			return nil, err
		}
	}
	return model.AssessPeople(users, depts, items, entries, m, db.cal), nil
}

// FinaliseAssessment keeps month m's assessment as it stands, its people's
// figures with it (the office, once the month has ended); it is not
// computed again. A month kept before people were kept keeps what it has.
func (db *DB) FinaliseAssessment(ctx context.Context, by *model.User, m model.Month) (*model.Assessment, error) {
	if err := checkMonth(m); err != nil {
		return nil, err
	}
	var saved *model.Assessment
	err := db.update(ctx, whoOf(by), func(w *wtx) ([]model.Event, error) {
		actor, err := w.allowed(by, model.ActMeetingRun)
		if err != nil {
			return nil, err
		}
		if !m.Last().Before(db.cal.DateOf(w.now)) {
			return nil, model.Errorf(model.EINVALID, "err.assess_running", m.String())
		}
		a, err := db.assessIn(w.Tx, m)
		if err != nil {
			return nil, err
		}
		if !a.FinalisedAt.IsZero() {
			return nil, model.Errorf(model.EINVALID, "err.assess_final", m.String(), a.FinalisedAt.In(db.clock.Loc).Format("2006-01-02 15:04"))
		}
		a.FinalisedAt, a.FinalisedBy = w.now, whoOf(actor)
		if err := w.put(bucketAssessments, []byte(m.String()), &a.Meta, a, "assess.finalise", "assessment/"+m.String(), nil); err != nil {
			return nil, err
		}
		saved = a
		return []model.Event{{Kind: model.KindLedger, Key: m.String(), Action: "finalise"}}, nil
	})
	if err != nil {
		return nil, err
	}
	return saved, nil
}
