package store

import (
	"cmp"
	"context"
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	bolt "go.etcd.io/bbolt"

	"xietong/model"
)

// The penalty and award ledger (奖罚台账) is one record per entry in
// bucketLedger, found by number through bucketLedgerNo. The transitions are
// model.LedgerEntry's methods; the store numbers entries, checks the person
// and the cause, keeps versions and the audit (every entry is in the audit
// chain, so a direct edit fails `audit verify`), and publishes each change.

func ledgerRecord(id uint64) string { return "ledger/" + strconv.FormatUint(id, 10) }

func getLedgerEntry(tx *bolt.Tx, id uint64) (*model.LedgerEntry, []byte, error) {
	return getRecord[model.LedgerEntry](tx, bucketLedger, itob(id), ledgerRecord(id))
}

// ledgerEvent announces a change of e to the person concerned and its
// proposer (and, by department, to the office and management).
func ledgerEvent(e *model.LedgerEntry) model.Event {
	action := ""
	if n := len(e.History); n > 0 {
		action = string(e.History[n-1].Kind)
	}
	return model.Event{Kind: model.KindLedger, ID: e.ID, Action: action, Depts: []model.Department{e.Dept, model.DeptOffice, model.DeptManagement},
		For: []string{e.Person, e.ProposedBy}}
}

// checkLedgerRefs checks that the person is an account of the entry's
// department and the cause names a record that exists, as field errors.
func checkLedgerRefs(tx *bolt.Tx, in model.LedgerInput) error {
	v := model.Invalid{}
	switch u, _, err := getUser(tx, in.Person); {
	case model.ErrorCode(err) == model.ENOTFOUND:
		v.Add("person", "val.unknown_login", in.Person)
	case err != nil:
		return err
	case u.Dept != in.Dept:
		v.Add("dept", "val.ledger_dept", u.Name)
	}
	ref := strings.TrimSpace(in.Cause.Ref)
	exists := func(b []byte, key string) bool { return tx.Bucket(b).Get([]byte(key)) != nil }
	ok := true
	switch in.Cause.Kind {
	case model.CauseShortfall:
		ok = exists(bucketShortfalls, ref)
	case model.CauseProdPlan:
		ok = exists(bucketProdPlans, ref)
	case model.CauseReport:
		ok = exists(bucketReports, ref)
	case model.CauseLine:
		no, line, found := strings.Cut(ref, "/")
		n, err := strconv.Atoi(line)
		id := tx.Bucket(bucketOrderNo).Get([]byte(no))
		ok = found && err == nil && len(id) == 8
		if ok {
			lines, err := orderLines(tx, btoi(id))
			if err != nil {
				return err
			}
			ok = slices.ContainsFunc(lines, func(l model.OrderLine) bool { return l.LineNo == n })
		}
	case model.CauseAnomaly:
		n, err := strconv.ParseUint(strings.TrimPrefix(ref, "#"), 10, 64)
		ok = err == nil && tx.Bucket(bucketAnomalies).Get(itob(n)) != nil
	case model.CauseProject:
		ok = exists(bucketProjectNo, ref)
	}
	if !ok {
		v.Add("cause_ref", "val.ledger_cause", in.Cause.Kind.Text(), ref)
	}
	return v.Err()
}

// ProposeLedgerEntry files a draft entry numbered JF-YEAR-NNNN.
func (db *DB) ProposeLedgerEntry(ctx context.Context, by *model.User, in model.LedgerInput) (*model.LedgerEntry, error) {
	var saved *model.LedgerEntry
	err := db.update(ctx, whoOf(by), func(w *wtx) ([]model.Event, error) {
		actor, err := w.actor(by)
		if err != nil {
			return nil, err
		}
		e, err := model.NewLedgerEntry(actor, w.now, in)
		if err != nil {
			return nil, err
		}
		if err := checkLedgerRefs(w.Tx, e.LedgerInput); err != nil {
			return nil, err
		}
		if e.ID, e.No, err = ledgerNumbers.next(w, db); err != nil {
			return nil, err
		}
		if err := w.put(bucketLedger, itob(e.ID), &e.Meta, e, "ledger.propose", ledgerRecord(e.ID), nil); err != nil {
			return nil, err
		}
		saved = e
		return []model.Event{ledgerEvent(e)}, nil
	})
	if err != nil {
		return nil, err
	}
	return saved, nil
}

// ChangeLedgerEntry applies change to entry id read at version.
func (db *DB) ChangeLedgerEntry(ctx context.Context, by *model.User, id, version uint64, change model.LedgerChange) (*model.LedgerEntry, error) {
	var saved *model.LedgerEntry
	err := db.update(ctx, whoOf(by), func(w *wtx) ([]model.Event, error) {
		actor, err := w.actor(by)
		if err != nil {
			return nil, err
		}
		e, before, err := getLedgerEntry(w.Tx, id)
		if err != nil {
			return nil, err
		}
		if err := db.checkVersion(w.Tx, e.No, version, e.Meta); err != nil {
			return nil, err
		}
		events := len(e.History)
		if err := change(actor, e); err != nil {
			return nil, err
		}
		if len(e.History) == events {
			return nil, model.Errorf(model.EINVALID, "err.ledger_state", e.No)
		}
		if err := w.put(bucketLedger, itob(id), &e.Meta, e, "ledger."+string(e.History[len(e.History)-1].Kind), ledgerRecord(id), before); err != nil {
			return nil, err
		}
		saved = e
		return []model.Event{ledgerEvent(e)}, nil
	})
	if err != nil {
		return nil, err
	}
	return saved, nil
}

// ReverseLedgerEntry undoes confirmed entry id at version with a new,
// numbered entry; both are saved in one transaction.
func (db *DB) ReverseLedgerEntry(ctx context.Context, by *model.User, id, version uint64, reason string) (*model.LedgerEntry, error) {
	var saved *model.LedgerEntry
	err := db.update(ctx, whoOf(by), func(w *wtx) ([]model.Event, error) {
		actor, err := w.actor(by)
		if err != nil {
			return nil, err
		}
		if actor == nil {
			return nil, model.Forbidden(model.ActLedgerConfirm)
		}
		e, before, err := getLedgerEntry(w.Tx, id)
		if err != nil {
			return nil, err
		}
		if err := db.checkVersion(w.Tx, e.No, version, e.Meta); err != nil {
			return nil, err
		}
		r, err := e.Reverse(actor, w.now, reason)
		if err != nil {
			return nil, err
		}
		if r.ID, r.No, err = ledgerNumbers.next(w, db); err != nil {
			return nil, err
		}
		e.ReversedBy = r.ID
		e.History[len(e.History)-1].Text = r.No + " · " + reason
		if err := w.put(bucketLedger, itob(r.ID), &r.Meta, r, "ledger.reversal", ledgerRecord(r.ID), nil); err != nil {
			return nil, err
		}
		if err := w.put(bucketLedger, itob(id), &e.Meta, e, "ledger.reverse", ledgerRecord(id), before); err != nil {
			return nil, err
		}
		saved = r
		return []model.Event{ledgerEvent(e), ledgerEvent(r)}, nil
	})
	if err != nil {
		return nil, err
	}
	return saved, nil
}

// LedgerEntry returns entry id.
func (db *DB) LedgerEntry(ctx context.Context, id uint64) (e *model.LedgerEntry, err error) {
	err = db.view(ctx, func(tx *bolt.Tx) error {
		e, _, err = getLedgerEntry(tx, id)
		return err
	})
	return e, err
}

// LedgerEntryByNo returns the entry numbered no.
func (db *DB) LedgerEntryByNo(ctx context.Context, no string) (e *model.LedgerEntry, err error) {
	err = db.view(ctx, func(tx *bolt.Tx) error {
		id, err := ledgerNumbers.id(tx, no, "ledger/"+no)
		if err != nil {
			return err
		}
		e, _, err = getLedgerEntry(tx, id)
		return err
	})
	return e, err
}

// LedgerEntries lists the entries f keeps, newest first: of a month when
// confirmed in it, or proposed in it while not confirmed.
func (db *DB) LedgerEntries(ctx context.Context, f model.LedgerFilter) (out []*model.LedgerEntry, err error) {
	err = db.view(ctx, func(tx *bolt.Tx) error {
		all, err := sharedGet(&db.shared, tx, "ledger", func() ([]*model.LedgerEntry, error) {
			list, err := scanAll(tx, bucketLedger, func(*model.LedgerEntry) bool { return true })
			slices.SortFunc(list, func(a, b *model.LedgerEntry) int { return cmp.Compare(b.ID, a.ID) })
			return list, err
		})
		for _, e := range all {
			at := e.ProposedAt
			if !e.ConfirmedAt.IsZero() {
				at = e.ConfirmedAt
			}
			if (f.Month == model.Month{} || f.Month.Contains(db.cal.DateOf(at))) && (f.Person == "" || e.Person == f.Person) {
				out = append(out, e)
			}
		}
		return err
	})
	return out, err
}

// ruleWindow is how many days back the rules look at the records.
const ruleWindow = 35

// DraftRuleEntries runs the rules that draft entries over the records of
// the last ruleWindow days up to yesterday (a project's review from the
// minute it is made) and files, as the system, a draft for each finding
// not filed before (any entry of the same rule and cause counts, whatever
// became of it). It writes nothing when there is nothing new, so the
// server may call it every minute; it returns how many it filed.
func (db *DB) DraftRuleEntries(ctx context.Context) (int, error) {
	today := db.cal.DateOf(db.clock.Now())
	var found []model.Finding
	err := db.view(ctx, func(tx *bolt.Tx) error {
		// The missed-deadline rule and the awards (ledger_rules.go).
		more, err := db.moreRuleFindings(tx, today, db.clock.Now())
		if err != nil {
			return err
		}
		found = more
		head := productionHead(tx)
		batch := func(code string) int64 {
			if p, _, err := getProduct(tx, code); err == nil {
				return p.EconomicBatch
			}
			return 0
		}
		from := today.AddDays(-ruleWindow)
		reports, err := scanReports(tx, []byte(from.String()), []byte(today.String()))
		if err != nil {
			return err
		}
		changeovers, err := allChangeovers(tx)
		if err != nil {
			return err
		}
		var products []*model.Product
		if len(changeovers) > 0 {
			if products, err = allProducts(tx); err != nil {
				return err
			}
		}
		for d := from; head != "" && d.Before(today); d = d.AddDays(1) {
			plan, _, err := getProdPlan(tx, d)
			if err != nil {
				return err
			}
			fs := model.OverproductionFindings(d, plan, reports, batch, head)
			basis, err := planBasis(tx, d)
			if err != nil {
				return err
			}
			if basis != nil {
				if products == nil {
					if products, err = allProducts(tx); err != nil {
						return err
					}
				}
				fs = append(fs, model.OneFlavourFindings(d, basis, reports, products, head, model.KeyNamer(products))...)
			}
			if len(changeovers) > 0 {
				// Sales' instruction as it stood for the day: order demand
				// for the variant in the table the day's plan is based on.
				asked := map[string]bool{}
				if basis != nil {
					for _, r := range basis.Rows {
						if r.OrderDemand > 0 {
							asked[r.Key()] = true
						}
					}
				}
				// Yesterday's night shift may still report: the plan stands
				// for a day without reports only once the day is past.
				dayPlan := plan
				if !d.Before(today.AddDays(-1)) {
					dayPlan = nil
				}
				fs = append(fs, model.UnmarkedFindings(d, dayPlan, reports, changeovers, productLookup(products), asked, head,
					model.KeyNamer(products))...)
			}
			if marks, _, err := getShortfallMarks(tx, d); err != nil {
				return err
			} else if len(marks.Marks) > 0 {
				s, _, err := loadOpt[model.Shortfall](tx, bucketShortfalls, []byte(d.String()))
				if err != nil {
					return err
				}
				dept := model.DeptSales
				if s != nil {
					if u, _, err := getUser(tx, s.PublishedBy); err == nil {
						dept = u.Dept
					}
				}
				name := func(code string) string {
					if p, _, err := getProduct(tx, code); err == nil && p.Name != "" {
						return p.Name
					}
					return code
				}
				fs = append(fs, model.WrongShortfallFindings(s, marks, dept, name)...)
			}
			found = append(found, fs...)
		}
		if len(found) == 0 {
			return nil
		}
		// Only now, with findings, is the ledger read: most minutes find
		// nothing and decode nothing of it.
		existing, err := db.ledgerCauses(tx)
		found = slices.DeleteFunc(found, func(f model.Finding) bool { return filed(existing, f) })
		return err
	})
	if err != nil || len(found) == 0 {
		return 0, err
	}
	n := 0
	err = db.update(ctx, whoSystem, func(w *wtx) ([]model.Event, error) {
		n = 0
		existing, err := db.ledgerCauses(w.Tx)
		if err != nil {
			return nil, err
		}
		var events []model.Event
		for _, f := range found {
			if filed(existing, f) {
				continue
			}
			e, err := model.DraftLedgerEntry(w.now, f)
			if err != nil {
				return nil, err
			}
			if e.ID, e.No, err = ledgerNumbers.next(w, db); err != nil {
				return nil, err
			}
			if err := w.put(bucketLedger, itob(e.ID), &e.Meta, e, "ledger.draft", ledgerRecord(e.ID), nil); err != nil {
				return nil, err
			}
			for _, k := range causeKeys(f.Rule, f.Cause) {
				existing[k] = true
			}
			n++
			events = append(events, ledgerEvent(e))
		}
		return events, nil
	})
	return n, err
}

// ledgerCauses is the rule|cause of every entry, to file a finding once.
func (db *DB) ledgerCauses(tx *bolt.Tx) (map[string]bool, error) {
	out := map[string]bool{}
	err := tx.Bucket(bucketLedger).ForEach(func(_, v []byte) error {
		var e model.LedgerEntry
		if err := json.Unmarshal(v, &e); err != nil {
			return err
		}
		for _, k := range causeKeys(e.Rule, e.Cause) {
			out[k] = true
		}
		return nil
	})
	return out, err
}

// causeKeys are the keys under which an entry of rule caused by c counts
// as filed: the rule and the cause; and for rules 2 and 3, whose cause
// is a day's report or plan, the rule and the day, so that a day is
// penalised once however its reports come in (a later shift's report
// does not file the day again).
func causeKeys(rule model.LedgerRule, c model.Cause) []string {
	keys := []string{string(rule) + "|" + c.Ref}
	if rule != model.RuleOverproduction && rule != model.RuleUnmarkedPackaging {
		return keys
	}
	switch c.Kind {
	case model.CauseReport:
		day, _, _ := strings.Cut(c.Ref, "|")
		keys = append(keys, string(rule)+"|day|"+day)
	case model.CauseProdPlan:
		keys = append(keys, string(rule)+"|day|"+c.Ref)
	}
	return keys
}

// filed reports whether any key of a finding is in existing.
func filed(existing map[string]bool, f model.Finding) bool {
	return slices.ContainsFunc(causeKeys(f.Rule, f.Cause), func(k string) bool { return existing[k] })
}

// productionHead is the login of production's head (the first by login),
// or of its first lead when it has no head; "" when it has neither.
func productionHead(tx *bolt.Tx) string {
	var head, lead string
	_ = tx.Bucket(bucketUsers).ForEach(func(k, v []byte) error {
		var u model.User
		if json.Unmarshal(v, &u) != nil || u.Disabled || u.Dept != model.DeptProduction {
			return nil
		}
		switch {
		case u.Role == model.RoleHead && head == "":
			head = u.Login
		case u.Role == model.RoleLead && lead == "":
			lead = u.Login
		}
		return nil
	})
	return cmp.Or(head, lead)
}

// ---- shortfall rows marked wrong (rule 1) ----

func getShortfallMarks(tx *bolt.Tx, d model.Date) (*model.ShortfallMarks, []byte, error) {
	m, raw, err := loadOpt[model.ShortfallMarks](tx, bucketShortfallMarks, []byte(d.String()))
	if m == nil && err == nil {
		m = &model.ShortfallMarks{Date: d}
	}
	return m, raw, err
}

// ShortfallMarks returns production's marks on day d's table.
func (db *DB) ShortfallMarks(ctx context.Context, d model.Date) (m *model.ShortfallMarks, err error) {
	err = db.view(ctx, func(tx *bolt.Tx) error {
		m, _, err = getShortfallMarks(tx, d)
		return err
	})
	return m, err
}

// MarkShortfallWrong records production's mark on a row of day d's
// published table; the ledger's rule 1 drafts the entry from it.
func (db *DB) MarkShortfallWrong(ctx context.Context, by *model.User, d model.Date, product, variant string, correct int64, note string) (*model.ShortfallMarks, error) {
	var saved *model.ShortfallMarks
	err := db.update(ctx, whoOf(by), func(w *wtx) ([]model.Event, error) {
		actor, err := w.actor(by)
		if err != nil {
			return nil, err
		}
		s, _, err := loadOpt[model.Shortfall](w.Tx, bucketShortfalls, []byte(d.String()))
		if err != nil {
			return nil, err
		}
		m, before, err := getShortfallMarks(w.Tx, d)
		if err != nil {
			return nil, err
		}
		if err := m.MarkShortfallWrong(actor, w.now, s, product, variant, correct, note); err != nil {
			return nil, err
		}
		if err := w.put(bucketShortfallMarks, []byte(d.String()), &m.Meta, m, "shortfall.wrong", "shortfall_marks/"+d.String(), before); err != nil {
			return nil, err
		}
		saved = m
		return []model.Event{{Kind: model.KindShortfall, Key: d.String(), Action: "wrong", Depts: []model.Department{model.DeptSales}}}, nil
	})
	if err != nil {
		return nil, err
	}
	return saved, nil
}
