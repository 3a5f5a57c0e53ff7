package store

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"slices"
	"strconv"

	bolt "go.etcd.io/bbolt"

	"xietong/model"
)

// Master data: customers (id8 keys, unique codes through an index),
// products (keyed by code) and finished-goods stock (keyed by product and
// variant).

func customerRecord(id uint64) string  { return "customer/" + strconv.FormatUint(id, 10) }
func productRecord(code string) string { return "product/" + code }

// stockRecord is the audit record of a stock: "stock/P001/with", or
// "stock/P001" for a product without variants.
func stockRecord(product, variant string) string {
	if variant == "" {
		return "stock/" + product
	}
	return "stock/" + product + "/" + variant
}

// stockKey is the key of a stock in bucketStock.
func stockKey(product, variant string) []byte {
	return append(append([]byte(product), 0), variant...)
}

// importEvent tells subscribers that an import changed many records of kind:
// reload rather than look one record up.
func importEvent(kind model.Kind) model.Event { return model.Event{Kind: kind, Action: "import"} }

// ---- customers ----

func getCustomer(tx *bolt.Tx, id uint64) (*model.Customer, []byte, error) {
	return getRecord[model.Customer](tx, bucketCustomers, itob(id), customerRecord(id))
}

// customerIDByCode is the id of the customer with code, 0 if none.
func customerIDByCode(tx *bolt.Tx, code string) uint64 {
	if v := tx.Bucket(bucketCustomersByCode).Get([]byte(code)); len(v) == 8 {
		return btoi(v)
	}
	return 0
}

// putCustomer stamps c and stores it with its code index, auditing the
// change from before (nil: created); oldCode is the code stored before ("":
// none).
func (w *wtx) putCustomer(c *model.Customer, oldCode, action string, before []byte) error {
	index := w.Bucket(bucketCustomersByCode)
	if oldCode != "" && oldCode != c.Code {
		if err := index.Delete([]byte(oldCode)); err != nil {
			return err
		}
	}
	if err := index.Put([]byte(c.Code), itob(c.ID)); err != nil {
		return err
	}
	return w.put(bucketCustomers, itob(c.ID), &c.Meta, c, action, customerRecord(c.ID), before)
}

// Customers returns every customer, ordered by code.
func (db *DB) Customers(ctx context.Context) ([]*model.Customer, error) {
	var out []*model.Customer
	err := db.view(ctx, func(tx *bolt.Tx) error {
		all, err := lastingGet(&db.lasting, tx, "customers", []string{"customer"}, func() ([]*model.Customer, error) {
			var all []*model.Customer
			err := tx.Bucket(bucketCustomersByCode).ForEach(func(_, id []byte) error {
				c, _, err := getCustomer(tx, btoi(id))
				if err != nil {
					return err
				}
				all = append(all, c)
				return nil
			})
			return all, err
		})
		out = slices.Clone(all) // the slice is the caller's; the customers are shared
		return err
	})
	return out, err
}

// Customer returns customer id.
func (db *DB) Customer(ctx context.Context, id uint64) (c *model.Customer, err error) {
	err = db.view(ctx, func(tx *bolt.Tx) error {
		c, _, err = getCustomer(tx, id)
		return err
	})
	return c, err
}

// CustomerByCode returns the customer with code; ENOTFOUND if none. The
// exec layer resolves the customer codes of an order import with it.
func (db *DB) CustomerByCode(ctx context.Context, code string) (c *model.Customer, err error) {
	err = db.view(ctx, func(tx *bolt.Tx) error {
		id := customerIDByCode(tx, code)
		if id == 0 {
			return model.NotFound("customer/" + code)
		}
		c, _, err = getCustomer(tx, id)
		return err
	})
	return c, err
}

// SaveCustomer creates a customer (ID 0) or saves an edit of one (Version
// as read). Codes are unique: a code held by another customer is ECONFLICT.
func (db *DB) SaveCustomer(ctx context.Context, by *model.User, c *model.Customer) (*model.Customer, error) {
	var saved *model.Customer
	err := db.update(ctx, whoOf(by), func(w *wtx) ([]model.Event, error) {
		if _, err := w.allowed(by, model.ActCustomerEdit); err != nil {
			return nil, err
		}
		// A copy per run: the ID and stamp are set on it.
		nc := *c
		if err := nc.Validate(); err != nil {
			return nil, err
		}
		if other := customerIDByCode(w.Tx, nc.Code); other != 0 && other != nc.ID {
			oc, _, err := getCustomer(w.Tx, other)
			if err != nil {
				return nil, err
			}
			return nil, model.Errorf(model.ECONFLICT, "err.customer_code_taken", nc.Code, oc.Name)
		}
		if nc.ID == 0 {
			id, err := w.Bucket(bucketCustomers).NextSequence()
			if err != nil {
				return nil, err
			}
			nc.ID, nc.Meta = id, model.Meta{}
			if err := w.putCustomer(&nc, "", "customer.create", nil); err != nil {
				return nil, err
			}
			saved = &nc
			return []model.Event{{Kind: model.KindCustomer, ID: nc.ID, Action: "create"}}, nil
		}
		stored, before, err := getCustomer(w.Tx, nc.ID)
		if err != nil {
			return nil, err
		}
		if err := db.checkVersion(w.Tx, stored.Code, nc.Version, stored.Meta); err != nil {
			return nil, err
		}
		nc.Meta = stored.Meta
		if err := w.putCustomer(&nc, stored.Code, "customer.update", before); err != nil {
			return nil, err
		}
		saved = &nc
		return []model.Event{{Kind: model.KindCustomer, ID: nc.ID, Action: "update"}}, nil
	})
	if err != nil {
		return nil, err
	}
	return saved, nil
}

// ImportCustomers creates or updates (by code) every row, or writes nothing
// and reports every bad row. IDs and versions in rows are ignored; rows
// that change nothing are not written.
func (db *DB) ImportCustomers(ctx context.Context, by *model.User, rows []*model.Customer) error {
	return db.update(ctx, whoOf(by), func(w *wtx) ([]model.Event, error) {
		if _, err := w.allowed(by, model.ActCustomerEdit); err != nil {
			return nil, err
		}
		p := newProblems()
		seen := map[string]int{}
		for i, c := range rows {
			row := i + 1
			if err := p.addErr(row, "", c.Validate()); err != nil {
				return nil, err
			}
			if first, dup := seen[c.Code]; dup && c.Code != "" {
				p.add(row, "code", "val.dup_row", first)
			} else {
				seen[c.Code] = row
			}
		}
		if err := p.err(); err != nil {
			return nil, err
		}
		changed := 0
		for _, c := range rows {
			nc := *c
			nc.ID, nc.Meta = customerIDByCode(w.Tx, c.Code), model.Meta{}
			if nc.ID == 0 {
				id, err := w.Bucket(bucketCustomers).NextSequence()
				if err != nil {
					return nil, err
				}
				nc.ID = id
				if err := w.putCustomer(&nc, "", "customer.import", nil); err != nil {
					return nil, err
				}
				changed++
				continue
			}
			stored, before, err := getCustomer(w.Tx, nc.ID)
			if err != nil {
				return nil, err
			}
			if stored.Name == nc.Name && stored.Region == nc.Region && stored.Grade == nc.Grade {
				continue
			}
			nc.Meta = stored.Meta
			if err := w.putCustomer(&nc, stored.Code, "customer.import", before); err != nil {
				return nil, err
			}
			changed++
		}
		if changed == 0 {
			return nil, nil
		}
		return []model.Event{importEvent(model.KindCustomer)}, nil
	})
}

// ---- products ----

func getProduct(tx *bolt.Tx, code string) (*model.Product, []byte, error) {
	return getRecord[model.Product](tx, bucketProducts, []byte(code), productRecord(code))
}

func (w *wtx) putProduct(p *model.Product, action string, before []byte) error {
	return w.put(bucketProducts, []byte(p.Code), &p.Meta, p, action, productRecord(p.Code), before)
}

// productCache looks products up inside a transaction, each decoded once.
// A decoding failure makes the lookup answer nil and is kept in err.
type productCache struct {
	b   *bolt.Bucket
	m   map[string]*model.Product
	err error
}

func newProductCache(tx *bolt.Tx) *productCache {
	return &productCache{b: tx.Bucket(bucketProducts), m: map[string]*model.Product{}}
}

func (c *productCache) lookup(code string) *model.Product {
	if p, ok := c.m[code]; ok {
		return p
	}
	var p model.Product
	raw, err := load(c.b, []byte(code), &p)
	if err != nil {
		c.err = err
		return nil
	}
	if raw == nil {
		c.m[code] = nil
		return nil
	}
	c.m[code] = &p
	return &p
}

// Products returns every product, ordered by code.
func (db *DB) Products(ctx context.Context) ([]*model.Product, error) {
	var out []*model.Product
	err := db.view(ctx, func(tx *bolt.Tx) error {
		all, err := lastingGet(&db.lasting, tx, "products", []string{"product"}, func() ([]*model.Product, error) {
			var all []*model.Product
			err := tx.Bucket(bucketProducts).ForEach(func(_, v []byte) error {
				p := new(model.Product)
				if err := json.Unmarshal(v, p); err != nil {
					return err
				}
				all = append(all, p)
				return nil
			})
			return all, err
		})
		out = slices.Clone(all) // the slice is the caller's; the products are shared
		return err
	})
	return out, err
}

// Product returns the product with code.
func (db *DB) Product(ctx context.Context, code string) (p *model.Product, err error) {
	err = db.view(ctx, func(tx *bolt.Tx) error {
		p, _, err = getProduct(tx, code)
		return err
	})
	return p, err
}

// SaveProduct creates a product (a code not yet stored, Version 0) or saves
// an edit of one (Version as read). The code is the product's identity: a
// Version 0 save of a stored code is ECONFLICT, a non-zero Version of an
// unknown code ENOTFOUND.
func (db *DB) SaveProduct(ctx context.Context, by *model.User, p *model.Product) (*model.Product, error) {
	var saved *model.Product
	err := db.update(ctx, whoOf(by), func(w *wtx) ([]model.Event, error) {
		if _, err := w.allowed(by, model.ActProductEdit); err != nil {
			return nil, err
		}
		// A copy per run: the ID and stamp are set on it.
		np := *p
		np.Variants = slices.Clone(p.Variants)
		if err := np.Validate(); err != nil {
			return nil, err
		}
		stored, before, err := getProduct(w.Tx, np.Code)
		switch {
		case model.ErrorCode(err) == model.ENOTFOUND && np.Version == 0:
			id, err := w.Bucket(bucketProducts).NextSequence()
			if err != nil {
				return nil, err
			}
			np.ID, np.Meta = id, model.Meta{}
			if err := w.putProduct(&np, "product.create", nil); err != nil {
				return nil, err
			}
			saved = &np
			return []model.Event{{Kind: model.KindProduct, Key: np.Code, Action: "create"}}, nil
		case err != nil:
			return nil, err
		case np.Version == 0:
			return nil, model.Errorf(model.ECONFLICT, "err.product_exists", np.Code)
		}
		if err := db.checkVersion(w.Tx, np.Code, np.Version, stored.Meta); err != nil {
			return nil, err
		}
		np.ID, np.Meta = stored.ID, stored.Meta
		if err := w.putProduct(&np, "product.update", before); err != nil {
			return nil, err
		}
		saved = &np
		return []model.Event{{Kind: model.KindProduct, Key: np.Code, Action: "update"}}, nil
	})
	if err != nil {
		return nil, err
	}
	return saved, nil
}

// sameProduct reports whether a and b hold the same data (identity and
// version stamp aside).
func sameProduct(a, b *model.Product) bool {
	return a.Name == b.Name && a.Spec == b.Spec && a.Unit == b.Unit && slices.Equal(a.Variants, b.Variants) &&
		a.DefaultVariant == b.DefaultVariant && a.EconomicBatch == b.EconomicBatch &&
		a.DailyCapacity == b.DailyCapacity && a.LeadTimeDays == b.LeadTimeDays
}

// ImportProducts creates or updates (by code) every row, or writes nothing
// and reports every bad row. Rows that change nothing are not written.
func (db *DB) ImportProducts(ctx context.Context, by *model.User, rows []*model.Product) error {
	return db.update(ctx, whoOf(by), func(w *wtx) ([]model.Event, error) {
		if _, err := w.allowed(by, model.ActProductEdit); err != nil {
			return nil, err
		}
		p := newProblems()
		seen := map[string]int{}
		for i, r := range rows {
			row := i + 1
			if err := p.addErr(row, "", r.Validate()); err != nil {
				return nil, err
			}
			if first, dup := seen[r.Code]; dup && r.Code != "" {
				p.add(row, "code", "val.dup_row", first)
			} else {
				seen[r.Code] = row
			}
		}
		if err := p.err(); err != nil {
			return nil, err
		}
		changed := 0
		for _, r := range rows {
			np := *r
			np.Variants = slices.Clone(r.Variants)
			stored, before, err := getProduct(w.Tx, r.Code)
			switch {
			case model.ErrorCode(err) == model.ENOTFOUND:
				if np.ID, err = w.Bucket(bucketProducts).NextSequence(); err != nil {
					return nil, err
				}
				np.Meta = model.Meta{}
			case err != nil:
				return nil, err
			case sameProduct(stored, &np):
				continue
			default:
				np.ID, np.Meta = stored.ID, stored.Meta
			}
			if err := w.putProduct(&np, "product.import", before); err != nil {
				return nil, err
			}
			changed++
		}
		if changed == 0 {
			return nil, nil
		}
		return []model.Event{importEvent(model.KindProduct)}, nil
	})
}

// ---- stock ----

// variantOf resolves variant for p: "" is p's default; anything else must
// be one of p's variants (EINVALID on the field "variant").
func variantOf(p *model.Product, variant string) (string, error) {
	bad := model.Invalid{}
	v := model.CheckVariant(bad, "", p.Code, variant, func(string) *model.Product { return p })
	if err := bad.Err(); err != nil {
		return "", err
	}
	return v, nil
}

// getStock reads the stock of product/variant: a zero stock (raw nil) when
// nothing is recorded.
func getStock(tx *bolt.Tx, product, variant string) (*model.Stock, []byte, error) {
	s := model.Stock{ProductCode: product, Variant: variant}
	raw, err := load(tx.Bucket(bucketStock), stockKey(product, variant), &s)
	if err != nil {
		return nil, nil, err
	}
	return &s, raw, nil
}

func stockEvent(s *model.Stock, action string) model.Event {
	return model.Event{Kind: model.KindStock, Key: s.ProductCode + "/" + s.Variant, Action: action}
}

// Stocks lists the stock of every product variant, zero where nothing is
// recorded, and any recorded stock of a variant since removed from its
// product; sorted by product code, then variant.
func (db *DB) Stocks(ctx context.Context) ([]*model.Stock, error) {
	var out []*model.Stock
	err := db.view(ctx, func(tx *bolt.Tx) error {
		recorded := map[string]bool{}
		err := tx.Bucket(bucketStock).ForEach(func(k, v []byte) error {
			s := new(model.Stock)
			if err := json.Unmarshal(v, s); err != nil {
				return err
			}
			recorded[string(k)] = true
			out = append(out, s)
			return nil
		})
		if err != nil {
			return err
		}
		return tx.Bucket(bucketProducts).ForEach(func(_, v []byte) error {
			var p model.Product
			if err := json.Unmarshal(v, &p); err != nil {
				return err
			}
			variants := []string{""}
			if len(p.Variants) > 0 {
				variants = variants[:0]
				for _, vr := range p.Variants {
					variants = append(variants, vr.Code)
				}
			}
			for _, vr := range variants {
				if !recorded[string(stockKey(p.Code, vr))] {
					out = append(out, &model.Stock{ProductCode: p.Code, Variant: vr})
				}
			}
			return nil
		})
	})
	slices.SortFunc(out, func(a, b *model.Stock) int {
		return cmp.Or(cmp.Compare(a.ProductCode, b.ProductCode), cmp.Compare(a.Variant, b.Variant))
	})
	return out, err
}

// Stock returns the stock of product/variant ("" is the product's default
// variant): zero if nothing is recorded, ENOTFOUND for an unknown product,
// EINVALID for a variant the product does not have.
func (db *DB) Stock(ctx context.Context, product, variant string) (s *model.Stock, err error) {
	err = db.view(ctx, func(tx *bolt.Tx) error {
		p, _, err := getProduct(tx, product)
		if err != nil {
			return err
		}
		if variant, err = variantOf(p, variant); err != nil {
			return err
		}
		s, _, err = getStock(tx, product, variant)
		return err
	})
	return s, err
}

// AdjustStock adds a.Delta to the stock of a product variant ("" is the
// default variant), audited with a.Reason. Stock may not go below zero
// (EINVALID on "delta"). a.By and a.At are set here.
func (db *DB) AdjustStock(ctx context.Context, by *model.User, a model.StockAdjustment) (*model.Stock, error) {
	var saved *model.Stock
	err := db.update(ctx, whoOf(by), func(w *wtx) ([]model.Event, error) {
		if _, err := w.allowed(by, model.ActStockAdjust); err != nil {
			return nil, err
		}
		if err := a.Validate(); err != nil {
			return nil, err
		}
		p, _, err := getProduct(w.Tx, a.ProductCode)
		if err != nil {
			return nil, err
		}
		variant, err := variantOf(p, a.Variant)
		if err != nil {
			return nil, err
		}
		s, err := w.moveStock(&model.StockMove{ProductCode: a.ProductCode, Variant: variant, Qty: a.Delta,
			Cause: model.StockAdjusted, Reason: a.Reason}, "stock.adjust", "delta")
		if err != nil {
			return nil, err
		}
		saved = s
		return []model.Event{stockEvent(s, "adjust")}, nil
	})
	if err != nil {
		return nil, err
	}
	return saved, nil
}

// ImportStock sets the quantity of every row (a stock count) with reason,
// or writes nothing and reports every bad row. Each row is audited as an
// adjustment by the difference it makes.
func (db *DB) ImportStock(ctx context.Context, by *model.User, rows []*model.Stock, reason string) error {
	return db.update(ctx, whoOf(by), func(w *wtx) ([]model.Event, error) {
		if _, err := w.allowed(by, model.ActStockAdjust); err != nil {
			return nil, err
		}
		p := newProblems()
		model.ValidateText(p.fields, "reason", reason, true, model.MaxReasonLen, false)
		products := newProductCache(w.Tx)
		variants := make([]string, len(rows))
		seen := map[string]int{}
		for i, r := range rows {
			row := i + 1
			err := r.Validate()
			if err := p.addErr(row, "", err); err != nil {
				return nil, err
			}
			if r.Qty > model.MaxQty {
				p.add(row, "qty", "val.qty_max", model.MaxQty)
			}
			if err != nil {
				continue
			}
			prod := products.lookup(r.ProductCode)
			if products.err != nil {
				return nil, products.err
			}
			if prod == nil {
				p.add(row, "product", "val.unknown_product", r.ProductCode)
				continue
			}
			v, err := variantOf(prod, r.Variant)
			if err := p.addErr(row, "", err); err != nil {
				return nil, err
			}
			if err != nil {
				continue
			}
			variants[i] = v
			key := string(stockKey(r.ProductCode, v))
			if first, dup := seen[key]; dup {
				p.add(row, "variant", "val.dup_row", first)
			} else {
				seen[key] = row
			}
		}
		if err := p.err(); err != nil {
			return nil, err
		}
		for i, r := range rows {
			s, _, err := getStock(w.Tx, r.ProductCode, variants[i])
			if err != nil {
				return nil, err
			}
			if r.Qty == s.Qty {
				continue // counted as recorded: nothing moves
			}
			if _, err := w.moveStock(&model.StockMove{ProductCode: s.ProductCode, Variant: s.Variant, Qty: r.Qty - s.Qty,
				Cause: model.StockCounted, Reason: reason}, "stock.import", "qty"); err != nil {
				return nil, err
			}
		}
		return []model.Event{importEvent(model.KindStock)}, nil
	})
}

// stockOf returns the recorded stock of every variant of product.
func stockOf(tx *bolt.Tx, product string) (map[string]int64, error) {
	out := map[string]int64{}
	prefix := stockKey(product, "")
	c := tx.Bucket(bucketStock).Cursor()
	for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
		var s model.Stock
		if err := json.Unmarshal(v, &s); err != nil {
			return nil, err
		}
		out[s.Variant] = s.Qty
	}
	return out, nil
}
