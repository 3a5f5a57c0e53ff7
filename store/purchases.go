package store

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"xietong/model"
)

// Packaging materials and purchase requests (docs/DOMAIN.md#packaging).
// A material is one record per code in bucketMaterials; its stock is a
// running balance in bucketMaterialStock and a ledger of movements in
// bucketMaterialMoves (code + 0 + time + sequence, like finished goods);
// bills of materials are one record per product variant in bucketBOMs;
// requests are one record per id in bucketPurchases, numbered CG-YEAR-NNNN
// through bucketPurchaseNo. The transitions of a request are
// model.PurchaseRequest's methods.

func materialRecord(code string) string { return "material/" + code }
func purchaseRecord(id uint64) string   { return "purchase/" + strconv.FormatUint(id, 10) }
func bomKey(product, variant string) []byte {
	return []byte(product + "\x00" + variant)
}
func bomRecord(product, variant string) string { return "bom/" + model.VariantKey(product, variant) }

func getMaterial(tx *bolt.Tx, code string) (*model.Material, []byte, error) {
	return getRecord[model.Material](tx, bucketMaterials, []byte(code), materialRecord(code))
}

// materialLookup finds materials in tx.
func materialLookup(tx *bolt.Tx) model.MaterialLookup {
	return func(code string) *model.Material {
		m, _, err := getMaterial(tx, code)
		if err != nil {
			return nil
		}
		return m
	}
}

func getMaterialStock(tx *bolt.Tx, code string) (*model.MaterialStock, error) {
	s, _, err := loadOpt[model.MaterialStock](tx, bucketMaterialStock, []byte(code))
	if err != nil {
		return nil, err
	}
	if s == nil {
		s = &model.MaterialStock{Material: code}
	}
	return s, nil
}

// moveMaterial applies movement m to its material's stock: an adjustment
// or count may not take it below zero (EINVALID on field); a receipt or
// production issue always applies. The balance, who and when are set, the
// stock saved and audited as action with the movement, and the movement
// appended to the ledger.
func (w *wtx) moveMaterial(m *model.MaterialMove, action, field string) (*model.MaterialStock, error) {
	s, err := getMaterialStock(w.Tx, m.Material)
	if err != nil {
		return nil, err
	}
	before, err := json.Marshal(s)
	if err != nil {
		return nil, err
	}
	if (m.Cause == model.MatAdjusted || m.Cause == model.MatCounted) && s.Qty+m.Qty < 0 {
		name := m.Material
		if mat, _, err := getMaterial(w.Tx, m.Material); err == nil {
			name = mat.Name
		}
		v := model.Invalid{}
		v.Add(field, "val.material_short", name, s.Qty, -m.Qty)
		return nil, v.Err()
	}
	if s.Qty+m.Qty > model.MaxQty {
		v := model.Invalid{}
		v.Add(field, "val.qty_max", model.MaxQty)
		return nil, v.Err()
	}
	s.Qty += m.Qty
	s.At = w.now
	m.Balance, m.By, m.At = s.Qty, w.who, w.now
	raw, err := json.Marshal(s)
	if err != nil {
		return nil, err
	}
	if err := w.Bucket(bucketMaterialStock).Put([]byte(m.Material), raw); err != nil {
		return nil, err
	}
	after, err := json.Marshal(struct {
		model.MaterialStock
		Move *model.MaterialMove `json:"move"`
	}{*s, m})
	if err != nil {
		return nil, err
	}
	if err := w.audit(action, "material_stock/"+m.Material, before, after); err != nil {
		return nil, err
	}
	moves := w.Bucket(bucketMaterialMoves)
	seq, err := moves.NextSequence()
	if err != nil {
		return nil, err
	}
	mv, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	k := append([]byte(m.Material), 0)
	k = append(append(k, itob(uint64(m.At.UnixNano()))...), itob(seq)...)
	return s, moves.Put(k, mv)
}

// Materials lists every material by code with its stock and what signed
// requests still bring in.
func (db *DB) Materials(ctx context.Context) (out []model.MaterialRow, err error) {
	err = db.view(ctx, func(tx *bolt.Tx) error {
		list, err := scanAll[model.Material](tx, bucketMaterials, nil)
		if err != nil {
			return err
		}
		open, err := openQuantities(tx)
		if err != nil {
			return err
		}
		for _, m := range list {
			s, err := getMaterialStock(tx, m.Code)
			if err != nil {
				return err
			}
			out = append(out, model.MaterialRow{Material: m, OnHand: s.Qty, Open: open[m.Code]})
		}
		return nil
	})
	return out, err
}

// Material returns the material of code.
func (db *DB) Material(ctx context.Context, code string) (m *model.Material, err error) {
	err = db.view(ctx, func(tx *bolt.Tx) error {
		m, _, err = getMaterial(tx, code)
		return err
	})
	return m, err
}

// SaveMaterial creates a material (Version 0) or saves an edit of one.
func (db *DB) SaveMaterial(ctx context.Context, by *model.User, m *model.Material) (*model.Material, error) {
	var saved *model.Material
	err := db.update(ctx, whoOf(by), func(w *wtx) ([]model.Event, error) {
		actor, err := w.actor(by)
		if err != nil {
			return nil, err
		}
		nm := *m
		stored, before, err := getMaterial(w.Tx, strings.TrimSpace(nm.Code))
		switch {
		case model.ErrorCode(err) == model.ENOTFOUND && nm.Version == 0:
			stored = nil
		case err != nil:
			return nil, err
		case nm.Version == 0:
			return nil, model.Errorf(model.ECONFLICT, "err.material_exists", nm.Code)
		}
		if err := model.CheckMaterialSave(actor, stored, &nm); err != nil {
			return nil, err
		}
		action := "material.create"
		if stored == nil {
			if nm.ID, err = w.Bucket(bucketMaterials).NextSequence(); err != nil {
				return nil, err
			}
			nm.Meta = model.Meta{}
		} else {
			if err := db.checkVersion(w.Tx, nm.Code, nm.Version, stored.Meta); err != nil {
				return nil, err
			}
			nm.ID, nm.Meta, action = stored.ID, stored.Meta, "material.update"
		}
		if err := w.put(bucketMaterials, []byte(nm.Code), &nm.Meta, &nm, action, materialRecord(nm.Code), before); err != nil {
			return nil, err
		}
		saved = &nm
		return []model.Event{{Kind: model.KindMaterial, Key: nm.Code, Action: strings.TrimPrefix(action, "material.")}}, nil
	})
	if err != nil {
		return nil, err
	}
	return saved, nil
}

// ImportMaterials creates or updates every row by code, or writes nothing
// and reports every bad row (a safety stock changed by someone other than
// the production head is a bad row).
func (db *DB) ImportMaterials(ctx context.Context, by *model.User, rows []*model.Material) (changed int, err error) {
	err = db.update(ctx, whoOf(by), func(w *wtx) ([]model.Event, error) {
		actor, err := w.allowed(by, model.ActMaterialEdit)
		if err != nil {
			return nil, err
		}
		p := newProblems()
		seen := map[string]int{}
		type item struct {
			m      model.Material
			stored *model.Material
			before []byte
		}
		items := make([]item, len(rows))
		for i, r := range rows {
			row := i + 1
			it := item{m: *r}
			it.m.Code = strings.TrimSpace(it.m.Code)
			stored, before, err := getMaterial(w.Tx, it.m.Code)
			if err != nil && model.ErrorCode(err) != model.ENOTFOUND {
				return nil, err
			}
			it.stored, it.before = stored, before
			if err := p.addErr(row, "", model.CheckMaterialSave(actor, stored, &it.m)); err != nil {
				return nil, err
			}
			if first, dup := seen[it.m.Code]; dup && it.m.Code != "" {
				p.add(row, "code", "val.dup_row", first)
			} else {
				seen[it.m.Code] = row
			}
			items[i] = it
		}
		if err := p.err(); err != nil {
			return nil, err
		}
		for _, it := range items {
			nm := it.m
			action := "material.import"
			if it.stored == nil {
				if nm.ID, err = w.Bucket(bucketMaterials).NextSequence(); err != nil {
					return nil, err
				}
				nm.Meta = model.Meta{}
			} else {
				nm.ID, nm.Meta = it.stored.ID, it.stored.Meta
				if sameMaterial(it.stored, &nm) {
					continue
				}
			}
			if err := w.put(bucketMaterials, []byte(nm.Code), &nm.Meta, &nm, action, materialRecord(nm.Code), it.before); err != nil {
				return nil, err
			}
			changed++
		}
		if changed == 0 {
			return nil, nil
		}
		return []model.Event{importEvent(model.KindMaterial)}, nil
	})
	return changed, err
}

// sameMaterial reports whether a and b hold the same data.
func sameMaterial(a, b *model.Material) bool {
	x, y := *a, *b
	x.Meta, y.Meta, x.ID, y.ID = model.Meta{}, model.Meta{}, 0, 0
	return x == y
}

// MaterialMoves lists the last limit movements of a material, newest first.
func (db *DB) MaterialMoves(ctx context.Context, code string, limit int) ([]model.MaterialMove, error) {
	limit = max(min(limit, model.MaxStockMoves), 1)
	out := []model.MaterialMove{}
	err := db.view(ctx, func(tx *bolt.Tx) error {
		if _, _, err := getMaterial(tx, code); err != nil {
			return err
		}
		prefix := append([]byte(code), 0)
		c := tx.Bucket(bucketMaterialMoves).Cursor()
		k, v := seekLast(c, prefix)
		for ; k != nil && bytes.HasPrefix(k, prefix) && len(out) < limit; k, v = c.Prev() {
			var m model.MaterialMove
			if err := json.Unmarshal(v, &m); err != nil {
				return fmt.Errorf("material movement %q: %w", k, err)
			}
			out = append(out, m)
		}
		return nil
	})
	return out, err
}

// AdjustMaterial moves a material's stock by qty with a reason.
func (db *DB) AdjustMaterial(ctx context.Context, by *model.User, code string, qty int64, reason string) (*model.MaterialStock, error) {
	return db.materialStockChange(ctx, by, code, reason, func(onHand int64) (int64, model.MaterialCause) {
		return qty, model.MatAdjusted
	}, qty == 0)
}

// CountMaterial sets a material's stock to qty (a count), with a reason.
func (db *DB) CountMaterial(ctx context.Context, by *model.User, code string, qty int64, reason string) (*model.MaterialStock, error) {
	if qty < 0 || qty > model.MaxQty {
		v := model.Invalid{}
		v.Add("qty", "val.whole", 0, model.MaxQty)
		return nil, v.Err()
	}
	return db.materialStockChange(ctx, by, code, reason, func(onHand int64) (int64, model.MaterialCause) {
		return qty - onHand, model.MatCounted
	}, false)
}

// materialStockChange moves code's stock by what delta makes of the stock
// on hand, for a person with the reason; zero refuses a zero adjustment.
func (db *DB) materialStockChange(ctx context.Context, by *model.User, code, reason string,
	delta func(onHand int64) (int64, model.MaterialCause), zero bool) (*model.MaterialStock, error) {
	v := model.Invalid{}
	model.ValidateText(v, "reason", reason, true, model.MaxReasonLen, false)
	if zero {
		v.Add("qty", "val.nonzero")
	}
	if err := v.Err(); err != nil {
		return nil, err
	}
	var saved *model.MaterialStock
	err := db.update(ctx, whoOf(by), func(w *wtx) ([]model.Event, error) {
		if _, err := w.allowed(by, model.ActMaterialEdit); err != nil {
			return nil, err
		}
		if _, _, err := getMaterial(w.Tx, code); err != nil {
			return nil, err
		}
		s, err := getMaterialStock(w.Tx, code)
		if err != nil {
			return nil, err
		}
		q, cause := delta(s.Qty)
		if q == 0 {
			saved = s
			return nil, nil
		}
		if saved, err = w.moveMaterial(&model.MaterialMove{Material: code, Qty: q, Cause: cause, Reason: strings.TrimSpace(reason)},
			"material_stock."+string(cause), "qty"); err != nil {
			return nil, err
		}
		return []model.Event{{Kind: model.KindMaterial, Key: code, Action: string(cause)}}, nil
	})
	if err != nil {
		return nil, err
	}
	return saved, nil
}

// ---- bills of materials ----

// productVariants is every product variant on file by product then
// variant: each product's variants, or the product alone.
func productVariants(tx *bolt.Tx) ([][2]string, error) {
	products, err := allProducts(tx)
	if err != nil {
		return nil, err
	}
	var out [][2]string
	for _, p := range products {
		if len(p.Variants) == 0 {
			out = append(out, [2]string{p.Code, ""})
		}
		for _, v := range p.Variants {
			out = append(out, [2]string{p.Code, v.Code})
		}
	}
	return out, nil
}

// getBOM is a variant's bill of materials; none yet: no lines, version 0.
func getBOM(tx *bolt.Tx, product, variant string) (*model.BOM, []byte, error) {
	b, raw, err := loadOpt[model.BOM](tx, bucketBOMs, bomKey(product, variant))
	if err != nil {
		return nil, nil, err
	}
	if b == nil {
		b = &model.BOM{Product: product, Variant: variant, Lines: []model.BOMLine{}}
	}
	return b, raw, nil
}

// resolveVariant checks product and variant ("" the default) and returns
// the variant, as field errors on product and variant.
func resolveVariant(tx *bolt.Tx, product, variant string) (string, error) {
	v := model.Invalid{}
	variant = model.CheckVariant(v, "", product, variant, func(code string) *model.Product {
		p, _, err := getProduct(tx, code)
		if err != nil {
			return nil
		}
		return p
	})
	return variant, v.Err()
}

// BOM returns a product variant's bill of materials.
func (db *DB) BOM(ctx context.Context, product, variant string) (b *model.BOM, err error) {
	err = db.view(ctx, func(tx *bolt.Tx) error {
		if variant, err = resolveVariant(tx, product, variant); err != nil {
			return err
		}
		b, _, err = getBOM(tx, product, variant)
		return err
	})
	return b, err
}

// BOMs lists every product variant with its bill of materials.
func (db *DB) BOMs(ctx context.Context) (out []*model.BOM, err error) {
	err = db.view(ctx, func(tx *bolt.Tx) error {
		pvs, err := productVariants(tx)
		if err != nil {
			return err
		}
		for _, pv := range pvs {
			b, _, err := getBOM(tx, pv[0], pv[1])
			if err != nil {
				return err
			}
			out = append(out, b)
		}
		return nil
	})
	return out, err
}

// SaveBOM replaces a variant's lines, read at version.
func (db *DB) SaveBOM(ctx context.Context, by *model.User, product, variant string, version uint64, lines []model.BOMLine) (*model.BOM, error) {
	var saved *model.BOM
	err := db.update(ctx, whoOf(by), func(w *wtx) ([]model.Event, error) {
		if _, err := w.allowed(by, model.ActMaterialEdit); err != nil {
			return nil, err
		}
		variant, err := resolveVariant(w.Tx, product, variant)
		if err != nil {
			return nil, err
		}
		b, before, err := getBOM(w.Tx, product, variant)
		if err != nil {
			return nil, err
		}
		if err := db.checkVersion(w.Tx, bomRecord(product, variant), version, b.Meta); err != nil {
			return nil, err
		}
		if b.Lines, err = model.CheckBOMLines(lines, materialLookup(w.Tx)); err != nil {
			return nil, err
		}
		if err := w.put(bucketBOMs, bomKey(product, variant), &b.Meta, b, "bom.save", bomRecord(product, variant), before); err != nil {
			return nil, err
		}
		saved = b
		return []model.Event{{Kind: model.KindMaterial, Key: model.VariantKey(product, variant), Action: "bom"}}, nil
	})
	if err != nil {
		return nil, err
	}
	return saved, nil
}

// ImportBOMs replaces the lines of every variant given, or writes nothing
// and reports every bad one (numbered by its place in boms).
func (db *DB) ImportBOMs(ctx context.Context, by *model.User, boms []*model.BOM) (changed int, err error) {
	err = db.update(ctx, whoOf(by), func(w *wtx) ([]model.Event, error) {
		if _, err := w.allowed(by, model.ActMaterialEdit); err != nil {
			return nil, err
		}
		p := newProblems()
		seen := map[string]int{}
		checked := make([]*model.BOM, len(boms))
		for i, b := range boms {
			row := i + 1
			variant, err := resolveVariant(w.Tx, b.Product, b.Variant)
			if err := p.addErr(row, "", err); err != nil {
				return nil, err
			}
			k := model.VariantKey(b.Product, variant)
			if first, dup := seen[k]; dup {
				p.add(row, "product", "val.dup_row", first)
			}
			seen[k] = row
			lines, err := model.CheckBOMLines(b.Lines, materialLookup(w.Tx))
			if err := p.addErr(row, "", err); err != nil {
				return nil, err
			}
			checked[i] = &model.BOM{Product: b.Product, Variant: variant, Lines: lines}
		}
		if err := p.err(); err != nil {
			return nil, err
		}
		for _, b := range checked {
			stored, before, err := getBOM(w.Tx, b.Product, b.Variant)
			if err != nil {
				return nil, err
			}
			if slices.Equal(stored.Lines, b.Lines) {
				continue
			}
			stored.Lines = b.Lines
			if err := w.put(bucketBOMs, bomKey(b.Product, b.Variant), &stored.Meta, stored, "bom.import", bomRecord(b.Product, b.Variant), before); err != nil {
				return nil, err
			}
			changed++
		}
		if changed == 0 {
			return nil, nil
		}
		return []model.Event{importEvent(model.KindMaterial)}, nil
	})
	return changed, err
}

// backflush issues from material stock what production used by the bills
// of materials: for report r (and, for a correction, less what old used),
// per material, the actual quantity of each row × its variant's line. It
// reports whether any material moved.
func (w *wtx) backflush(old, r *model.DailyReport, reason string) (bool, error) {
	delta := map[string]int64{}
	add := func(rep *model.DailyReport, sign int64) error {
		units := map[[2]string]int64{}
		for _, row := range rep.Rows {
			if row.Actual <= 0 {
				continue
			}
			p, _, err := getProduct(w.Tx, row.Product)
			if err != nil {
				return err
			}
			v, err := variantOf(p, row.Variant)
			if err != nil {
				return err
			}
			units[[2]string{row.Product, v}] += row.Actual
		}
		for pv, n := range units {
			b, _, err := getBOM(w.Tx, pv[0], pv[1])
			if err != nil {
				return err
			}
			for _, l := range b.Lines {
				delta[l.Material] += sign * l.For(n)
			}
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
	moved := false
	for _, code := range slices.Sorted(maps.Keys(delta)) {
		if delta[code] == 0 {
			continue
		}
		if _, err := w.moveMaterial(&model.MaterialMove{Material: code, Qty: -delta[code], Cause: model.MatIssued,
			Ref: r.Key(), Reason: reason}, "material_stock.issue", "rows"); err != nil {
			return false, err
		}
		moved = true
	}
	return moved, nil
}

// ---- purchase requests ----

var purchaseNumbers = numbering{prefix: "CG", seq: metaPurchaseSeq, byNo: bucketPurchaseNo, records: bucketPurchases}

func getPurchase(tx *bolt.Tx, id uint64) (*model.PurchaseRequest, []byte, error) {
	return getRecord[model.PurchaseRequest](tx, bucketPurchases, itob(id), purchaseRecord(id))
}

// purchaseEvent announces a change of r to production and purchasing.
func purchaseEvent(r *model.PurchaseRequest) model.Event {
	action := ""
	if n := len(r.History); n > 0 {
		action = string(r.History[n-1].Kind)
	}
	return model.Event{Kind: model.KindPurchase, ID: r.ID, Action: action,
		Depts: []model.Department{model.DeptProduction, model.DeptPurchasing}, For: []string{r.DraftedBy}}
}

// allPurchases is every request, newest first: read once per committed
// state and shared (never to be changed by the caller).
func (db *DB) allPurchases(tx *bolt.Tx) ([]*model.PurchaseRequest, error) {
	return lastingGet(&db.lasting, tx, "purchases", []string{"purchase"}, func() ([]*model.PurchaseRequest, error) {
		list, err := scanAll[model.PurchaseRequest](tx, bucketPurchases, nil)
		slices.Reverse(list)
		return list, err
	})
}

// putPurchase saves request r (see put) and keeps it in the index of
// open requests while it is a draft or signed, so the run and the
// materials list read those only, however many requests were ever made.
func (w *wtx) putPurchase(r *model.PurchaseRequest, action string, before []byte) error {
	if err := w.put(bucketPurchases, itob(r.ID), &r.Meta, r, action, purchaseRecord(r.ID), before); err != nil {
		return err
	}
	if r.Open() {
		return w.Bucket(bucketPurchasesOpen).Put(itob(r.ID), nil)
	}
	return w.Bucket(bucketPurchasesOpen).Delete(itob(r.ID))
}

// openRequests calls fn with each open request (draft or signed), newest
// first, and its raw JSON, until fn says stop.
func openRequests(tx *bolt.Tx, fn func(r *model.PurchaseRequest, raw []byte) (stop bool)) error {
	c := tx.Bucket(bucketPurchasesOpen).Cursor()
	for k, _ := c.Last(); k != nil; k, _ = c.Prev() {
		r, raw, err := getPurchase(tx, btoi(k))
		if err != nil {
			return err
		}
		if fn(r, raw) {
			return nil
		}
	}
	return nil
}

// openDraft is the draft request, nil when none is open.
func openDraft(tx *bolt.Tx) (draft *model.PurchaseRequest, raw []byte, err error) {
	err = openRequests(tx, func(r *model.PurchaseRequest, b []byte) bool {
		if r.Status == model.PurDraft {
			draft, raw = r, b
		}
		return draft != nil
	})
	return draft, raw, err
}

// openQuantities is what signed requests still bring in, per material.
func openQuantities(tx *bolt.Tx) (map[string]int64, error) {
	out := map[string]int64{}
	err := openRequests(tx, func(r *model.PurchaseRequest, _ []byte) bool {
		if r.Status == model.PurSigned {
			for i := range r.Lines {
				out[r.Lines[i].Material] += r.Lines[i].Outstanding()
			}
		}
		return false
	})
	return out, err
}

// indexOpenPurchases puts every open request in the index of open ones
// (migration 10).
func indexOpenPurchases(tx *bolt.Tx) error {
	open := tx.Bucket(bucketPurchasesOpen)
	return tx.Bucket(bucketPurchases).ForEach(func(k, v []byte) error {
		var r model.PurchaseRequest
		if err := json.Unmarshal(v, &r); err != nil {
			return fmt.Errorf("decode purchase %s: %w", keyName(k), err)
		}
		if r.Open() {
			return open.Put(k, nil)
		}
		return nil
	})
}

// runInput reads what the requirement run needs as of today.
func (db *DB) runInput(tx *bolt.Tx, today model.Date) (*model.RunInput, error) {
	in := &model.RunInput{Today: today, OnHand: map[string]int64{}, Plans: map[model.Date][]model.ProductionLine{},
		TenDays: map[model.Period][]model.PlanCell{}, Forecasts: map[model.Month][]model.PlanCell{}}
	var err error
	if in.Materials, err = scanAll[model.Material](tx, bucketMaterials, nil); err != nil {
		return nil, err
	}
	if in.BOMs, err = scanAll[model.BOM](tx, bucketBOMs, nil); err != nil {
		return nil, err
	}
	if in.Open, err = openQuantities(tx); err != nil {
		return nil, err
	}
	if in.Changeovers, err = allChangeovers(tx); err != nil {
		return nil, err
	}
	if len(in.Changeovers) > 0 {
		products, err := allProducts(tx)
		if err != nil {
			return nil, err
		}
		in.Products = productLookup(products)
		if in.Instructed, err = instructed(tx, products, in.Changeovers); err != nil {
			return nil, err
		}
	}
	last := today
	for _, m := range in.Materials {
		s, err := getMaterialStock(tx, m.Code)
		if err != nil {
			return nil, err
		}
		in.OnHand[m.Code] = s.Qty
		if _, to := model.Horizon(today, m); to.After(last) {
			last = to
		}
	}
	for d := today.AddDays(1); !d.After(last); d = d.AddDays(1) {
		p, _, err := getProdPlan(tx, d)
		if err != nil {
			return nil, err
		}
		if p != nil && !p.Published.IsZero() {
			lines := p.PublishedLines
			if lines == nil {
				lines = p.Lines
			}
			in.Plans[d] = lines
		}
		tp := model.TenDayOf(d)
		if _, seen := in.TenDays[tp]; !seen {
			cells, err := referenceCells(tx, tp)
			if err != nil {
				return nil, err
			}
			if cells != nil {
				in.TenDays[tp] = cells
			}
		}
		m := model.MonthOf(d)
		if _, seen := in.Forecasts[m]; !seen {
			cells, err := referenceCells(tx, tp.Forecast())
			if err != nil {
				return nil, err
			}
			if cells != nil {
				in.Forecasts[m] = cells
			}
		}
	}
	return in, nil
}

// Requirements is the requirement run's figures now.
func (db *DB) Requirements(ctx context.Context) (out []model.MaterialBasis, err error) {
	today := db.cal.DateOf(db.clock.Now())
	err = db.view(ctx, func(tx *bolt.Tx) error {
		in, err := db.runInput(tx, today)
		if err != nil {
			return err
		}
		out = model.RequirementRun(in)
		return nil
	})
	return out, err
}

// Run brings the open draft up to date with the requirement run.
func (db *DB) Run(ctx context.Context, by *model.User) (saved *model.PurchaseRequest, changed bool, figures []model.MaterialBasis, err error) {
	err = db.update(ctx, whoOf(by), func(w *wtx) ([]model.Event, error) {
		actor, err := w.allowed(by, model.ActPurchaseDraft)
		if err != nil {
			return nil, err
		}
		in, err := db.runInput(w.Tx, db.cal.DateOf(w.now))
		if err != nil {
			return nil, err
		}
		figures = model.RequirementRun(in)
		draft, before, err := openDraft(w.Tx)
		if err != nil {
			return nil, err
		}
		if draft == nil {
			if !slices.ContainsFunc(figures, func(b model.MaterialBasis) bool { return b.Proposed > 0 }) {
				return nil, nil
			}
			draft = model.NewRunDraft(actor, w.now, db.cal)
		}
		if changed, err = draft.ApplyRun(actor, w.now, figures, materialLookup(w.Tx)); err != nil || !changed {
			saved = draft
			return nil, err
		}
		action := "purchase.run"
		if draft.ID == 0 {
			if draft.ID, draft.No, err = purchaseNumbers.next(w, db); err != nil {
				return nil, err
			}
			action = "purchase.draft"
		}
		if err := w.putPurchase(draft, action, before); err != nil {
			return nil, err
		}
		saved = draft
		return []model.Event{purchaseEvent(draft)}, nil
	})
	if err != nil {
		return nil, false, nil, err
	}
	return saved, changed, figures, nil
}

// DraftRequest drafts a request by hand.
func (db *DB) DraftRequest(ctx context.Context, by *model.User, lines []model.PurchaseLine, note string) (*model.PurchaseRequest, error) {
	var saved *model.PurchaseRequest
	err := db.update(ctx, whoOf(by), func(w *wtx) ([]model.Event, error) {
		actor, err := w.actor(by)
		if err != nil {
			return nil, err
		}
		if draft, _, err := openDraft(w.Tx); err != nil {
			return nil, err
		} else if draft != nil {
			return nil, model.Errorf(model.ECONFLICT, "err.purchase_draft_open", draft.No)
		}
		r, err := model.NewPurchaseRequest(actor, w.now, db.cal, lines, note, materialLookup(w.Tx))
		if err != nil {
			return nil, err
		}
		if r.ID, r.No, err = purchaseNumbers.next(w, db); err != nil {
			return nil, err
		}
		if err := w.putPurchase(r, "purchase.draft", nil); err != nil {
			return nil, err
		}
		saved = r
		return []model.Event{purchaseEvent(r)}, nil
	})
	if err != nil {
		return nil, err
	}
	return saved, nil
}

// ChangeRequest applies change to request id read at version; what a
// receipt brings in goes into the material's stock.
func (db *DB) ChangeRequest(ctx context.Context, by *model.User, id, version uint64, change model.PurchaseChange) (*model.PurchaseRequest, error) {
	var saved *model.PurchaseRequest
	err := db.update(ctx, whoOf(by), func(w *wtx) ([]model.Event, error) {
		actor, err := w.actor(by)
		if err != nil {
			return nil, err
		}
		r, before, err := getPurchase(w.Tx, id)
		if err != nil {
			return nil, err
		}
		if err := db.checkVersion(w.Tx, r.No, version, r.Meta); err != nil {
			return nil, err
		}
		received := map[string]int64{}
		for _, l := range r.Lines {
			received[l.Material] = l.Received
		}
		events, was := len(r.History), r.Status
		if err := change(actor, r, materialLookup(w.Tx)); err != nil {
			return nil, err
		}
		if r.Status == model.PurDraft && was != model.PurDraft {
			// One open draft: the run keeps that one, and a second would
			// ask again for what the first asks.
			if other, _, err := openDraft(w.Tx); err != nil {
				return nil, err
			} else if other != nil && other.ID != r.ID {
				return nil, model.Errorf(model.ECONFLICT, "err.purchase_draft_open", other.No)
			}
		}
		if len(r.History) == events {
			return nil, model.Errorf(model.EINVALID, "err.purchase_state", r.No, r.Status.Text())
		}
		kind := r.History[len(r.History)-1].Kind
		if err := w.putPurchase(r, "purchase."+string(kind), before); err != nil {
			return nil, err
		}
		out := []model.Event{purchaseEvent(r)}
		for i, l := range r.Lines {
			if q := l.Received - received[l.Material]; q > 0 {
				if _, err := w.moveMaterial(&model.MaterialMove{Material: l.Material, Qty: q, Cause: model.MatReceived,
					Ref: r.No + "/" + strconv.Itoa(i+1)}, "material_stock.receipt", "qty"); err != nil {
					return nil, err
				}
				out = append(out, model.Event{Kind: model.KindMaterial, Key: l.Material, Action: string(model.MatReceived)})
			}
		}
		saved = r
		return out, nil
	})
	if err != nil {
		return nil, err
	}
	return saved, nil
}

// Request returns request id.
func (db *DB) Request(ctx context.Context, id uint64) (r *model.PurchaseRequest, err error) {
	err = db.view(ctx, func(tx *bolt.Tx) error {
		r, _, err = getPurchase(tx, id)
		return err
	})
	return r, err
}

// RequestByNo returns the request numbered no.
func (db *DB) RequestByNo(ctx context.Context, no string) (r *model.PurchaseRequest, err error) {
	err = db.view(ctx, func(tx *bolt.Tx) error {
		id, err := purchaseNumbers.id(tx, no, "purchase/"+no)
		if err != nil {
			return err
		}
		r, _, err = getPurchase(tx, id)
		return err
	})
	return r, err
}

// Requests lists the requests f keeps, newest first.
func (db *DB) Requests(ctx context.Context, f model.PurchaseFilter) (out []*model.PurchaseRequest, err error) {
	err = db.view(ctx, func(tx *bolt.Tx) error {
		all, err := db.allPurchases(tx)
		for _, r := range all {
			if f.Keep(r) {
				out = append(out, r)
			}
		}
		return err
	})
	return out, err
}

// purchaseDueItems are the requests' deadlines falling in [from, to] at now.
func (db *DB) purchaseDueItems(tx *bolt.Tx, from, to model.Date, now time.Time) ([]model.DueItem, error) {
	all, err := db.allPurchases(tx)
	if err != nil {
		return nil, err
	}
	var out []model.DueItem
	for _, r := range all {
		if it, ok := model.PurchaseDueItem(db.cal, r, now); ok {
			if day := model.DueDay(db.cal, it.Due); !day.Before(from) && !day.After(to) {
				out = append(out, it)
			}
		}
	}
	return out, nil
}
