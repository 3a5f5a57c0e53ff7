package store

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	bolt "go.etcd.io/bbolt"

	"xietong/model"
)

// The ledger's rules beyond the shop floor's (DraftRuleEntries runs them
// with the others): the missed-deadline rule, off until the office turns
// it on in bucketSettings, and the two awards drafted from projects and
// what their products shipped.

const ledgerRulesRecord = "settings/ledger_rules"

func getLedgerRules(tx *bolt.Tx) (*model.LedgerRuleSettings, []byte, error) {
	s := model.DefaultLedgerRuleSettings()
	raw, err := load(tx.Bucket(bucketSettings), settingLedgerRules, s)
	return s, raw, err
}

// LedgerRules returns the office's switches of the rules, or the defaults.
func (db *DB) LedgerRules(ctx context.Context) (s *model.LedgerRuleSettings, err error) {
	err = db.view(ctx, func(tx *bolt.Tx) error {
		s, _, err = getLedgerRules(tx)
		return err
	})
	return s, err
}

// SetMissedDeadlineRule turns the missed-deadline rule on or off with a
// grace of grace working days (those who run meetings: the office),
// audited as ledger.rules.
func (db *DB) SetMissedDeadlineRule(ctx context.Context, by *model.User, on bool, grace int) (*model.LedgerRuleSettings, error) {
	var saved *model.LedgerRuleSettings
	err := db.update(ctx, whoOf(by), func(w *wtx) ([]model.Event, error) {
		actor, err := w.actor(by)
		if err != nil {
			return nil, err
		}
		s, before, err := getLedgerRules(w.Tx)
		if err != nil {
			return nil, err
		}
		if err := s.SetMissedDeadline(actor, w.now, on, grace); err != nil {
			return nil, err
		}
		if err := w.put(bucketSettings, settingLedgerRules, &s.Meta, s, "ledger.rules", ledgerRulesRecord, before); err != nil {
			return nil, err
		}
		saved = s
		return []model.Event{{Kind: model.KindLedger, Action: "rules"}}, nil
	})
	if err != nil {
		return nil, err
	}
	return saved, nil
}

// moreRuleFindings are the findings of the missed-deadline rule (when on)
// and of the awards over the ruleWindow days before today, at now.
func (db *DB) moreRuleFindings(tx *bolt.Tx, today model.Date, now time.Time) ([]model.Finding, error) {
	from := today.AddDays(-ruleWindow)
	dept := func(login string) model.Department {
		if u, _, err := getUser(tx, login); err == nil && !u.Disabled {
			return u.Dept
		}
		return ""
	}
	projects, err := scanAll(tx, bucketProjects, func(p *model.Project) bool {
		return p.Status == model.ProjectReviewed || p.Status == model.ProjectDone && p.Kind == model.ProjectNewProduct
	})
	if err != nil {
		return nil, err
	}
	found := model.ProjectAwardFindings(projects, from.In(db.clock.Loc), dept)
	if np := newProductProjects(projects); len(np) > 0 {
		days := shippedDays(tx, from, today.AddDays(-1))
		shipped := func(product string, since model.Date) model.Shipped {
			var s model.Shipped
			for _, d := range days[product] {
				if d.Date.Before(since) {
					continue
				}
				if s.First.IsZero() || d.Date.Before(s.First) {
					s.First = d.Date
				}
				s.Qty += d.Qty
			}
			return s
		}
		product := func(code string) *model.Product {
			p, _, err := getProduct(tx, code)
			if err != nil {
				return nil
			}
			return p
		}
		found = append(found, model.NewProductAwardFindings(np, db.cal, shipped, dept, product)...)
	}
	deadlines, err := db.missedDeadlineFindings(tx, from, today, now)
	return append(found, deadlines...), err
}

// newProductProjects keeps the done new-product projects that name their
// product: the only ones the promotion award looks at.
func newProductProjects(projects []*model.Project) []*model.Project {
	var out []*model.Project
	for _, p := range projects {
		if p.Kind == model.ProjectNewProduct && p.Links.Product != "" && !p.DoneAt.IsZero() {
			out = append(out, p)
		}
	}
	return out
}

// dayQty is a quantity of a day.
type dayQty struct {
	Date model.Date
	Qty  int64
}

// shippedDays is what each product shipped on each day of [from, to], from
// the line aggregates (every variant of it together).
func shippedDays(tx *bolt.Tx, from, to model.Date) map[string][]dayQty {
	out := map[string][]dayQty{}
	for d := from; !d.After(to); d = d.AddDays(1) {
		for key, n := range aggShipped(tx, d, d) {
			code, _, _ := strings.Cut(key, "/")
			out[code] = append(out[code], dayQty{Date: d, Qty: n})
		}
	}
	return out
}

// missedDeadlineFindings are the missed-deadline rule's findings when the
// office has turned it on: the deadlines of the board due in the window
// up to yesterday, from the day the rule was turned on and the data file
// came into use.
func (db *DB) missedDeadlineFindings(tx *bolt.Tx, from, today model.Date, now time.Time) ([]model.Finding, error) {
	rules, _, err := getLedgerRules(tx)
	if err != nil || !rules.MissedDeadline {
		return nil, err
	}
	since, err := db.inUseSince(tx)
	if err != nil || since.IsZero() {
		return nil, err
	}
	if on := db.cal.DateOf(rules.Since); on.After(since) {
		since = on
	}
	if since.After(from) {
		from = since
	}
	to := today.AddDays(-1)
	if to.Before(from) {
		return nil, nil
	}
	items, err := db.dueItems(tx, from, to, now)
	if err != nil {
		return nil, err
	}
	heads := map[model.Department]string{}
	head := func(d model.Department) string {
		if h, ok := heads[d]; ok {
			return h
		}
		heads[d] = deptHead(tx, d)
		return heads[d]
	}
	return model.MissedDeadlineFindings(db.cal, items, rules.Since, rules.GraceDays, now, head), nil
}

// deptHead is the login of the person who answers for department d: its
// head (the general manager for management, the office's own role for the
// office), the first by login, else its first lead; "" when it has
// neither. Disabled accounts and administrators never answer.
func deptHead(tx *bolt.Tx, d model.Department) string {
	var head, lead string
	_ = tx.Bucket(bucketUsers).ForEach(func(k, v []byte) error {
		var u model.User
		if json.Unmarshal(v, &u) != nil || u.Disabled || u.Dept != d {
			return nil
		}
		switch {
		case (u.Role == model.RoleHead || u.Role == model.RoleGM || u.Role == model.RoleOffice) && head == "":
			head = u.Login
		case u.Role == model.RoleLead && lead == "":
			lead = u.Login
		}
		return nil
	})
	if head != "" {
		return head
	}
	return lead
}
