package store

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"

	"xietong/model"
)

// Project requests (立项申请) are one record per id in bucketProjects, found
// by number through bucketProjectNo. The transitions are model.Project's
// methods; the store numbers projects, checks that the owner and the linked
// records exist, keeps versions and the audit, and publishes each change to
// sales, the responsible departments, the filer and the owner.

func projectRecord(id uint64) string { return "project/" + strconv.FormatUint(id, 10) }

func getProject(tx *bolt.Tx, id uint64) (*model.Project, []byte, error) {
	return getRecord[model.Project](tx, bucketProjects, itob(id), projectRecord(id))
}

// projectEvent announces a change of p; its action is the last history
// entry's kind.
func projectEvent(p *model.Project) model.Event {
	action := ""
	if n := len(p.History); n > 0 {
		action = string(p.History[n-1].Kind)
	}
	depts := append([]model.Department{model.DeptSales, model.DeptManagement}, p.Depts...)
	return model.Event{Kind: model.KindProject, ID: p.ID, Action: action, Depts: depts, For: []string{p.FiledBy, p.Owner}}
}

// EscalateProjects escalates, as the system, every submitted project
// whose decision is past due (model.Project.EscalateDecision) and
// publishes each as "escalate". It writes nothing when none is newly
// overdue, so the server may call it every minute; it returns how many.
func (db *DB) EscalateProjects(ctx context.Context) (int, error) {
	list, err := db.Projects(ctx, model.ProjectFilter{Status: model.ProjectSubmitted})
	if err != nil {
		return 0, err
	}
	now := db.clock.Now()
	var due []uint64
	for _, p := range list {
		if p.EscalatedAt.IsZero() && !p.DecideDue.IsZero() && !now.Before(p.DecideDue) {
			due = append(due, p.ID)
		}
	}
	if len(due) == 0 {
		return 0, nil
	}
	n := 0
	err = db.update(ctx, whoSystem, func(w *wtx) ([]model.Event, error) {
		n = 0
		var events []model.Event
		for _, id := range due {
			p, before, err := getProject(w.Tx, id)
			if err != nil {
				return nil, err
			}
			if !p.EscalateDecision(w.now) {
				continue
			}
			if err := w.put(bucketProjects, itob(id), &p.Meta, p, "project.escalate", projectRecord(id), before); err != nil {
				return nil, err
			}
			n++
			events = append(events, projectEvent(p))
		}
		return events, nil
	})
	return n, err
}

// ProjectDecideDays is the working days the general manager has to decide.
func (db *DB) ProjectDecideDays() int { return db.projectDecideDays }

// checkProjectRefs checks that in's owner is an account and its linked
// records exist, as field errors.
func checkProjectRefs(tx *bolt.Tx, in model.ProjectInput) error {
	v := model.Invalid{}
	missing := func(field, key string, id uint64, err error) error {
		if model.ErrorCode(err) == model.ENOTFOUND {
			v.Add(field, key, id)
			return nil
		}
		return err
	}
	if in.Owner != "" {
		if _, _, err := getUser(tx, in.Owner); model.ErrorCode(err) == model.ENOTFOUND {
			v.Add("owner", "val.unknown_login", in.Owner)
		} else if err != nil {
			return err
		}
	}
	l := in.Links
	if l.CustomerID != 0 {
		if _, _, err := getCustomer(tx, l.CustomerID); missing("customer", "val.unknown_customer", l.CustomerID, err) != nil {
			return err
		}
	}
	if l.LineID != 0 {
		if _, _, err := getLine(tx, l.LineID); missing("line", "val.unknown_line", l.LineID, err) != nil {
			return err
		}
	}
	if l.FeedbackID != 0 {
		if _, _, err := getFeedback(tx, l.FeedbackID); missing("feedback", "val.unknown_feedback", l.FeedbackID, err) != nil {
			return err
		}
	}
	if l.AnomalyID != 0 {
		if _, _, err := getAnomaly(tx, l.AnomalyID); missing("anomaly", "val.unknown_anomaly", l.AnomalyID, err) != nil {
			return err
		}
	}
	if l.Product != "" {
		if _, _, err := getProduct(tx, l.Product); model.ErrorCode(err) == model.ENOTFOUND {
			v.Add("product", "val.unknown_product", l.Product)
		} else if err != nil {
			return err
		}
	}
	return v.Err()
}

// FileProject files a draft project (model.NewProject) for by.
func (db *DB) FileProject(ctx context.Context, by *model.User, in model.ProjectInput) (*model.Project, error) {
	var saved *model.Project
	err := db.update(ctx, whoOf(by), func(w *wtx) ([]model.Event, error) {
		actor, err := w.actor(by)
		if err != nil {
			return nil, err
		}
		p, err := model.NewProject(actor, w.now, db.cal, in)
		if err != nil {
			return nil, err
		}
		if err := checkProjectRefs(w.Tx, in); err != nil {
			return nil, err
		}
		if p.ID, p.No, err = projectNumbers.next(w, db); err != nil {
			return nil, err
		}
		if err := w.put(bucketProjects, itob(p.ID), &p.Meta, p, "project.file", projectRecord(p.ID), nil); err != nil {
			return nil, err
		}
		saved = p
		return []model.Event{projectEvent(p)}, nil
	})
	if err != nil {
		return nil, err
	}
	return saved, nil
}

// ChangeProject applies change to project id read at version.
func (db *DB) ChangeProject(ctx context.Context, by *model.User, id, version uint64, change model.ProjectChange) (*model.Project, error) {
	var saved *model.Project
	err := db.update(ctx, whoOf(by), func(w *wtx) ([]model.Event, error) {
		if _, err := w.actor(by); err != nil {
			return nil, err
		}
		p, before, err := getProject(w.Tx, id)
		if err != nil {
			return nil, err
		}
		if err := db.checkVersion(w.Tx, p.No, version, p.Meta); err != nil {
			return nil, err
		}
		events := len(p.History)
		if err := change(p); err != nil {
			return nil, err
		}
		if len(p.History) == events {
			return nil, model.Errorf(model.EINVALID, "err.project_state", p.No)
		}
		if err := checkProjectRefs(w.Tx, p.ProjectInput); err != nil {
			return nil, err
		}
		action := "project." + string(p.History[len(p.History)-1].Kind)
		if err := w.put(bucketProjects, itob(id), &p.Meta, p, action, projectRecord(id), before); err != nil {
			return nil, err
		}
		saved = p
		return []model.Event{projectEvent(p)}, nil
	})
	if err != nil {
		return nil, err
	}
	return saved, nil
}

// Project returns project id.
func (db *DB) Project(ctx context.Context, id uint64) (p *model.Project, err error) {
	err = db.view(ctx, func(tx *bolt.Tx) error {
		p, _, err = getProject(tx, id)
		return err
	})
	return p, err
}

// ProjectByNo returns the project numbered no.
func (db *DB) ProjectByNo(ctx context.Context, no string) (p *model.Project, err error) {
	err = db.view(ctx, func(tx *bolt.Tx) error {
		id, err := projectNumbers.id(tx, no, "project/"+no)
		if err != nil {
			return err
		}
		p, _, err = getProject(tx, id)
		return err
	})
	return p, err
}

// Projects lists the projects f keeps, newest first. Every session's home
// asks after each change of the kinds it shows: the projects are read once
// per committed state (shared, never to be changed by the caller) and each
// caller gets its own slice of them.
func (db *DB) Projects(ctx context.Context, f model.ProjectFilter) (out []*model.Project, err error) {
	err = db.view(ctx, func(tx *bolt.Tx) error {
		all, err := sharedGet(&db.shared, tx, "projects", func() ([]*model.Project, error) {
			list, err := scanAll(tx, bucketProjects, func(*model.Project) bool { return true })
			slices.SortFunc(list, func(a, b *model.Project) int { return cmp.Compare(b.ID, a.ID) })
			return list, err
		})
		for _, p := range all {
			if f.Keep(p, db.cal) {
				out = append(out, p)
			}
		}
		return err
	})
	return out, err
}

// projectItems are the general manager's project decisions due in
// [from, to] at now. Projects are few (tens a year): every one is read.
func (db *DB) projectItems(tx *bolt.Tx, from, to model.Date, now time.Time) ([]model.DueItem, error) {
	var out []model.DueItem
	err := tx.Bucket(bucketProjects).ForEach(func(k, v []byte) error {
		var p model.Project
		if err := json.Unmarshal(v, &p); err != nil {
			return fmt.Errorf("project %d: %w", btoi(k), err)
		}
		it, ok := model.ProjectDueItem(db.cal, &p, now)
		if !ok {
			return nil
		}
		if day := model.DueDay(db.cal, p.DecideDue); day.Before(from) || day.After(to) {
			return nil
		}
		out = append(out, it)
		return nil
	})
	return out, err
}
