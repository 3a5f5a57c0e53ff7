package store

import (
	"cmp"
	"context"
	"slices"
	"strconv"

	bolt "go.etcd.io/bbolt"

	"xietong/model"
)

// Marking changeovers (model.Changeover): one record per id in
// bucketChangeovers. They are few (a handful a year), so every reader
// reads them all.

func changeoverRecord(id uint64) string { return "changeover/" + strconv.FormatUint(id, 10) }

// allChangeovers is every changeover, latest start first.
func allChangeovers(tx *bolt.Tx) ([]*model.Changeover, error) {
	list, err := scanAll[model.Changeover](tx, bucketChangeovers, nil)
	slices.SortStableFunc(list, func(a, b *model.Changeover) int { return cmp.Or(b.From.Compare(a.From), cmp.Compare(b.ID, a.ID)) })
	return list, err
}

// instructed is the product variants sales asks for on an order line not
// yet shipped in full (submitted or later: a draft is no instruction), by
// variant key, for the products of families a changeover covers.
func instructed(tx *bolt.Tx, products []*model.Product, changeovers []*model.Changeover) (map[string]bool, error) {
	out := map[string]bool{}
	families := map[string]bool{}
	for _, c := range changeovers {
		if !c.Ended {
			families[c.Family] = true
		}
	}
	for _, p := range products {
		if !families[model.FamilyOf(p, p.Code)] {
			continue
		}
		book, err := productBook(tx, p.Code)
		if err != nil {
			return nil, err
		}
		for _, b := range book {
			switch b.l.Status {
			case model.LineDraft, model.LineCancelled, model.LineClosed, model.LineShipped:
				continue
			}
			if b.l.ShippedQty < b.l.Qty {
				out[model.VariantKey(p.Code, p.VariantOr(b.l.Variant))] = true
			}
		}
	}
	return out, nil
}

// productLookup finds products in a list.
func productLookup(products []*model.Product) model.ProductLookup {
	by := make(map[string]*model.Product, len(products))
	for _, p := range products {
		by[p.Code] = p
	}
	return func(code string) *model.Product { return by[code] }
}

// changeoverWarnings are the changeover warnings of kind for what day d
// makes.
func changeoverWarnings(tx *bolt.Tx, d model.Date, made []model.PlanCell, kind model.WarningKind) ([]model.BalanceWarning, error) {
	list, err := allChangeovers(tx)
	if err != nil || len(list) == 0 {
		return nil, err
	}
	products, err := allProducts(tx)
	if err != nil {
		return nil, err
	}
	asked, err := instructed(tx, products, list)
	if err != nil {
		return nil, err
	}
	return model.ChangeoverWarnings(list, productLookup(products), d, made, asked, kind), nil
}

// Changeovers lists the marking changeovers, latest start first.
func (db *DB) Changeovers(ctx context.Context) (out []*model.Changeover, err error) {
	err = db.view(ctx, func(tx *bolt.Tx) error {
		out, err = allChangeovers(tx)
		return err
	})
	return out, err
}

// AddChangeover sets a marking changeover.
func (db *DB) AddChangeover(ctx context.Context, by *model.User, c *model.Changeover) (*model.Changeover, error) {
	var saved *model.Changeover
	err := db.update(ctx, whoOf(by), func(w *wtx) ([]model.Event, error) {
		actor, err := w.actor(by)
		if err != nil {
			return nil, err
		}
		products, err := allProducts(w.Tx)
		if err != nil {
			return nil, err
		}
		others, err := allChangeovers(w.Tx)
		if err != nil {
			return nil, err
		}
		nc := *c
		nc.Meta, nc.Ended = model.Meta{}, false
		if err := model.CheckChangeover(actor, &nc, products, others, db.cal.DateOf(w.now)); err != nil {
			return nil, err
		}
		if nc.ID, err = w.Bucket(bucketChangeovers).NextSequence(); err != nil {
			return nil, err
		}
		nc.By, nc.At = actor.Login, w.now.UTC()
		if err := w.put(bucketChangeovers, itob(nc.ID), &nc.Meta, &nc, "changeover.add", changeoverRecord(nc.ID), nil); err != nil {
			return nil, err
		}
		saved = &nc
		return []model.Event{{Kind: model.KindMaterial, ID: nc.ID, Action: "changeover"}}, nil
	})
	if err != nil {
		return nil, err
	}
	return saved, nil
}

// EndChangeover calls changeover id off.
func (db *DB) EndChangeover(ctx context.Context, by *model.User, id, version uint64) (*model.Changeover, error) {
	var saved *model.Changeover
	err := db.update(ctx, whoOf(by), func(w *wtx) ([]model.Event, error) {
		if _, err := w.allowed(by, model.ActProductEdit); err != nil {
			return nil, err
		}
		c, before, err := getRecord[model.Changeover](w.Tx, bucketChangeovers, itob(id), changeoverRecord(id))
		if err != nil {
			return nil, err
		}
		if err := db.checkVersion(w.Tx, changeoverRecord(id), version, c.Meta); err != nil {
			return nil, err
		}
		if c.Ended {
			return nil, model.Errorf(model.EINVALID, "err.changeover_ended")
		}
		c.Ended = true
		if err := w.put(bucketChangeovers, itob(id), &c.Meta, c, "changeover.end", changeoverRecord(id), before); err != nil {
			return nil, err
		}
		saved = c
		return []model.Event{{Kind: model.KindMaterial, ID: id, Action: "changeover"}}, nil
	})
	if err != nil {
		return nil, err
	}
	return saved, nil
}

// ChangeoverWarnings warns of what day d makes without an instruction
// during a changeover (a report's rows).
func (db *DB) ChangeoverWarnings(ctx context.Context, d model.Date, made []model.PlanCell) (out []model.BalanceWarning, err error) {
	err = db.view(ctx, func(tx *bolt.Tx) error {
		out, err = changeoverWarnings(tx, d, made, model.WarnChangeoverMade)
		return err
	})
	return out, err
}
