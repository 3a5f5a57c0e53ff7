package store

import (
	"cmp"
	"context"
	"slices"
	"strconv"

	bolt "go.etcd.io/bbolt"

	"xietong/model"
)

// Department plans (计划协同): a department's goals of a year are one record
// in bucketGoals under "dept/year"; each monthly plan item is one record per
// id in bucketPlanItems, found by number through bucketPlanItemNo. The
// transitions are model.PlanItem's methods; the store numbers items, checks
// the owner and the goal, keeps versions and the audit, and publishes each
// change.

func planItemRecord(id uint64) string { return "plan_item/" + strconv.FormatUint(id, 10) }

func goalsKey(dept model.Department, year int) []byte {
	return []byte(string(dept) + "/" + strconv.Itoa(year))
}

func goalsRecord(dept model.Department, year int) string {
	return "goals/" + string(goalsKey(dept, year))
}

func getPlanItem(tx *bolt.Tx, id uint64) (*model.PlanItem, []byte, error) {
	return getRecord[model.PlanItem](tx, bucketPlanItems, itob(id), planItemRecord(id))
}

// getGoals is dept's goals of year; an empty list (version 0) when none
// were set.
func getGoals(tx *bolt.Tx, dept model.Department, year int) (*model.DeptGoals, []byte, error) {
	g, raw, err := loadOpt[model.DeptGoals](tx, bucketGoals, goalsKey(dept, year))
	if err != nil {
		return nil, nil, err
	}
	if g == nil {
		g = &model.DeptGoals{Dept: dept, Year: year}
	}
	return g, raw, nil
}

// planItemEvent announces a change of p to its department and the other,
// and to its owner; its action is the last history entry's kind.
func planItemEvent(p *model.PlanItem) model.Event {
	action := ""
	if n := len(p.History); n > 0 {
		action = string(p.History[n-1].Kind)
	}
	depts := []model.Department{p.Dept}
	if p.With != "" {
		depts = append(depts, p.With)
	}
	return model.Event{Kind: model.KindDeptPlan, ID: p.ID, Action: action, Depts: depts, For: []string{p.Owner}}
}

// checkPlanRefs checks that in's owner is an account and its goal is one
// of the department's goals of the item's year, as field errors.
func checkPlanRefs(tx *bolt.Tx, in model.PlanInput) error {
	v := model.Invalid{}
	if _, _, err := getUser(tx, in.Owner); model.ErrorCode(err) == model.ENOTFOUND {
		v.Add("owner", "val.unknown_login", in.Owner)
	} else if err != nil {
		return err
	}
	if in.Goal != 0 {
		g, _, err := getGoals(tx, in.Dept, in.Due.Y)
		if err != nil {
			return err
		}
		if g.Goal(in.Goal) == nil {
			v.Add("goal", "val.deptplan_goal", in.Goal, in.Due.Y)
		}
	}
	return v.Err()
}

// Goals returns dept's goals of year (none yet: an empty list at version 0).
func (db *DB) Goals(ctx context.Context, dept model.Department, year int) (g *model.DeptGoals, err error) {
	err = db.view(ctx, func(tx *bolt.Tx) error {
		g, _, err = getGoals(tx, dept, year)
		return err
	})
	return g, err
}

// SaveGoals replaces dept's goals of year, read at version (0: none were
// set).
func (db *DB) SaveGoals(ctx context.Context, by *model.User, dept model.Department, year int, version uint64, goals []model.Goal) (*model.DeptGoals, error) {
	if !dept.Valid() {
		v := model.Invalid{}
		v.Add("dept", "val.unknown_dept", string(dept))
		return nil, v.Err()
	}
	if year < 2000 || year > 2200 {
		v := model.Invalid{}
		v.Add("year", "val.range", 2000, 2200)
		return nil, v.Err()
	}
	var saved *model.DeptGoals
	err := db.update(ctx, whoOf(by), func(w *wtx) ([]model.Event, error) {
		actor, err := w.actor(by)
		if err != nil {
			return nil, err
		}
		g, before, err := getGoals(w.Tx, dept, year)
		if err != nil {
			return nil, err
		}
		if err := db.checkVersion(w.Tx, goalsRecord(dept, year), version, g.Meta); err != nil {
			return nil, err
		}
		if err := g.SetGoals(actor, goals); err != nil {
			return nil, err
		}
		if err := w.put(bucketGoals, goalsKey(dept, year), &g.Meta, g, "goals.save", goalsRecord(dept, year), before); err != nil {
			return nil, err
		}
		saved = g
		return []model.Event{{Kind: model.KindDeptPlan, Key: string(goalsKey(dept, year)), Action: "goals", Depts: []model.Department{dept}}}, nil
	})
	if err != nil {
		return nil, err
	}
	return saved, nil
}

// FilePlanItem files an item of in.Dept's plan, numbered JH-YEAR-NNNN.
func (db *DB) FilePlanItem(ctx context.Context, by *model.User, in model.PlanInput) (*model.PlanItem, error) {
	var saved *model.PlanItem
	err := db.update(ctx, whoOf(by), func(w *wtx) ([]model.Event, error) {
		actor, err := w.actor(by)
		if err != nil {
			return nil, err
		}
		p, err := model.NewPlanItem(actor, w.now, db.cal, in)
		if err != nil {
			return nil, err
		}
		if err := checkPlanRefs(w.Tx, p.PlanInput); err != nil {
			return nil, err
		}
		if p.ID, p.No, err = planItemNumbers.next(w, db); err != nil {
			return nil, err
		}
		if err := w.put(bucketPlanItems, itob(p.ID), &p.Meta, p, "plan_item.file", planItemRecord(p.ID), nil); err != nil {
			return nil, err
		}
		saved = p
		return []model.Event{planItemEvent(p)}, nil
	})
	if err != nil {
		return nil, err
	}
	return saved, nil
}

// ChangePlanItem applies change to plan item id read at version.
func (db *DB) ChangePlanItem(ctx context.Context, by *model.User, id, version uint64, change model.PlanItemChange) (*model.PlanItem, error) {
	var saved *model.PlanItem
	err := db.update(ctx, whoOf(by), func(w *wtx) ([]model.Event, error) {
		actor, err := w.actor(by)
		if err != nil {
			return nil, err
		}
		p, before, err := getPlanItem(w.Tx, id)
		if err != nil {
			return nil, err
		}
		if err := db.checkVersion(w.Tx, p.No, version, p.Meta); err != nil {
			return nil, err
		}
		events := len(p.History)
		if err := change(actor, p); err != nil {
			return nil, err
		}
		if len(p.History) == events {
			return nil, model.Errorf(model.EINVALID, "err.deptplan_state", p.No)
		}
		if err := checkPlanRefs(w.Tx, p.PlanInput); err != nil {
			return nil, err
		}
		if err := w.put(bucketPlanItems, itob(id), &p.Meta, p, "plan_item."+string(p.History[len(p.History)-1].Kind),
			planItemRecord(id), before); err != nil {
			return nil, err
		}
		saved = p
		return []model.Event{planItemEvent(p)}, nil
	})
	if err != nil {
		return nil, err
	}
	return saved, nil
}

// PlanItem returns plan item id.
func (db *DB) PlanItem(ctx context.Context, id uint64) (p *model.PlanItem, err error) {
	err = db.view(ctx, func(tx *bolt.Tx) error {
		p, _, err = getPlanItem(tx, id)
		return err
	})
	return p, err
}

// PlanItemByNo returns the plan item numbered no.
func (db *DB) PlanItemByNo(ctx context.Context, no string) (p *model.PlanItem, err error) {
	err = db.view(ctx, func(tx *bolt.Tx) error {
		id, err := planItemNumbers.id(tx, no, "plan_item/"+no)
		if err != nil {
			return err
		}
		p, _, err = getPlanItem(tx, id)
		return err
	})
	return p, err
}

// allPlanItems is every plan item, by due date then number: read once per
// committed state and shared (never to be changed by the caller).
func (db *DB) allPlanItems(tx *bolt.Tx) ([]*model.PlanItem, error) {
	return sharedGet(&db.shared, tx, "plan_items", func() ([]*model.PlanItem, error) {
		list, err := scanAll(tx, bucketPlanItems, func(*model.PlanItem) bool { return true })
		slices.SortFunc(list, func(a, b *model.PlanItem) int { return cmp.Or(a.Due.Compare(b.Due), cmp.Compare(a.ID, b.ID)) })
		return list, err
	})
}

// PlanItems lists the plan items f keeps, by due date then number; each
// caller gets its own slice of shared records.
func (db *DB) PlanItems(ctx context.Context, f model.PlanFilter) (out []*model.PlanItem, err error) {
	err = db.view(ctx, func(tx *bolt.Tx) error {
		all, err := db.allPlanItems(tx)
		for _, p := range all {
			if f.Keep(p) {
				out = append(out, p)
			}
		}
		return err
	})
	return out, err
}

// rndPlanKPI is R&D's plan completion of m (研发计划完成率,
// model.DeptPlanCompletion) up to the due cut-off.
func (db *DB) rndPlanKPI(tx *bolt.Tx, m model.Month) (model.Ratio, error) {
	all, err := db.allPlanItems(tx)
	return model.DeptPlanCompletion(all, model.DeptRnD, m, db.dueCutOff(m), db.cal), err
}

// projectPlanKPI is the project plan completion rate of m
// (model.ProjectPlanCompletion) up to the due cut-off.
func (db *DB) projectPlanKPI(tx *bolt.Tx, m model.Month) (model.Ratio, error) {
	list, err := scanAll(tx, bucketProjects, func(*model.Project) bool { return true })
	return model.ProjectPlanCompletion(list, "", m, db.dueCutOff(m), db.cal), err
}

// DeptPlanRows is every department's plan completion of m up to the due
// cut-off (model.DeptPlanRows).
func (db *DB) DeptPlanRows(ctx context.Context, m model.Month) (out []model.DeptPlanRow, err error) {
	err = db.view(ctx, func(tx *bolt.Tx) error {
		all, err := db.allPlanItems(tx)
		out = model.DeptPlanRows(all, m, db.dueCutOff(m), db.cal)
		return err
	})
	return out, err
}
