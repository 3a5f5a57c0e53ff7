package store

import (
	"context"

	bolt "go.etcd.io/bbolt"

	"xietong/model"
)

// Cost sheets (制造成本表): a month's target and actual unit cost per
// product, one record per month in bucketCosts under "2026-11". The rules
// are model.CostSheet's; the store checks the version, looks the products
// up, keeps the audit and publishes each save. The cost target
// achievement KPI reads the month's sheet (kpiIn).

func costKey(m model.Month) []byte { return []byte(m.String()) }

func costRecord(m model.Month) string { return "cost/" + m.String() }

// getCostSheet is month m's sheet with its raw JSON; an empty sheet at
// version 0 when none was saved.
func getCostSheet(tx *bolt.Tx, m model.Month) (*model.CostSheet, []byte, error) {
	s, raw, err := loadOpt[model.CostSheet](tx, bucketCosts, costKey(m))
	if err != nil {
		return nil, nil, err
	}
	if s == nil {
		s = &model.CostSheet{Month: m}
	}
	if s.Rows == nil {
		s.Rows = []model.CostRow{}
	}
	return s, raw, nil
}

// CostSheet returns month m's cost sheet (none yet: no rows, version 0).
func (db *DB) CostSheet(ctx context.Context, m model.Month) (s *model.CostSheet, err error) {
	if err := checkMonth(m); err != nil {
		return nil, err
	}
	err = db.view(ctx, func(tx *bolt.Tx) error {
		s, _, err = getCostSheet(tx, m)
		return err
	})
	return s, err
}

// SaveCostSheet replaces month m's rows (model.CostSheet.SetRows), read at
// version (0: none saved yet), else ECONFLICT naming who saved the sheet
// since and when.
func (db *DB) SaveCostSheet(ctx context.Context, by *model.User, m model.Month, version uint64, rows []model.CostRow) (*model.CostSheet, error) {
	if err := checkMonth(m); err != nil {
		return nil, err
	}
	var saved *model.CostSheet
	err := db.update(ctx, whoOf(by), func(w *wtx) ([]model.Event, error) {
		actor, err := w.allowed(by, model.ActCostEdit)
		if err != nil {
			return nil, err
		}
		s, before, err := getCostSheet(w.Tx, m)
		if err != nil {
			return nil, err
		}
		if err := db.checkVersion(w.Tx, costRecord(m), version, s.Meta); err != nil {
			return nil, err
		}
		products := newProductCache(w.Tx)
		err = s.SetRows(actor, rows, products.lookup)
		if products.err != nil {
			return nil, products.err
		}
		if err != nil {
			return nil, err
		}
		if err := w.put(bucketCosts, costKey(m), &s.Meta, s, "cost.save", costRecord(m), before); err != nil {
			return nil, err
		}
		saved = s
		return []model.Event{{Kind: model.KindCost, Key: m.String(), Action: "save",
			Depts: []model.Department{model.DeptProduction, model.DeptOffice}}}, nil
	})
	if err != nil {
		return nil, err
	}
	return saved, nil
}
