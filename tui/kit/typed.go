package kit

import (
	"slices"
	"strings"

	"xietong/find"
	"xietong/model"
)

// CustomerTyped is the customer typed on a form: by its code
// in any case, or by its name, part of it or its pinyin initials when that
// names one customer only; an error worded for the field when none or
// several.
func CustomerTyped(s *Session, names MasterNames, typed string) (*model.Customer, error) {
	cs := make([]*model.Customer, 0, len(names.Customers))
	for _, c := range names.Customers {
		cs = append(cs, c)
	}
	slices.SortFunc(cs, func(a, b *model.Customer) int { return strings.Compare(a.Code, b.Code) })
	at, ties := MatchOne(typed, len(cs), func(i int) (string, string) { return cs[i].Code, cs[i].Name })
	if at >= 0 {
		return cs[at], nil
	}
	if len(ties) == 0 {
		return nil, model.Errorf(model.EINVALID, "ui.typed.no_customer", Line(typed))
	}
	named := make([]string, len(ties))
	for i, at := range ties {
		named[i] = cs[at].Code + " " + Line(cs[at].Name)
	}
	return nil, model.Errorf(model.EINVALID, "ui.typed.many_customers", Line(typed), len(ties), candidates(s, named))
}

// ProductTyped is the product typed on a form, as CustomerTyped finds
// customers.
func ProductTyped(s *Session, names MasterNames, typed string) (*model.Product, error) {
	ps := make([]*model.Product, 0, len(names.Products))
	for _, p := range names.Products {
		ps = append(ps, p)
	}
	slices.SortFunc(ps, func(a, b *model.Product) int { return strings.Compare(a.Code, b.Code) })
	at, ties := MatchOne(typed, len(ps), func(i int) (string, string) { return ps[i].Code, ps[i].Name })
	if at >= 0 {
		return ps[at], nil
	}
	if len(ties) == 0 {
		return nil, model.Errorf(model.EINVALID, "ui.typed.no_product", Line(typed))
	}
	named := make([]string, len(ties))
	for i, at := range ties {
		named[i] = ps[at].Code + " " + Line(ps[at].Name)
	}
	return nil, model.Errorf(model.EINVALID, "ui.typed.many_products", Line(typed), len(ties), candidates(s, named))
}

// maxCandidates is how many of the records a text matches alike a message
// names.
const maxCandidates = 3

// candidates lists the records named alike, the first few and "…" for the
// rest.
func candidates(s *Session, named []string) string {
	if len(named) > maxCandidates {
		named = append(named[:maxCandidates:maxCandidates], "…")
	}
	return strings.Join(named, s.T("ui.list_sep"))
}

// MatchOne is which of n records (rec gives the i-th's code and name) the
// text typed names: its code exactly; else the one record find scores best
// (its code in any case, its name, part of either, its pinyin initials).
// When several score alike, at is -1 and ties are they; when none, both
// are empty.
func MatchOne(typed string, n int, rec func(i int) (code, name string)) (at int, ties []int) {
	typed = strings.TrimSpace(typed)
	q := find.Query(typed)
	if q == "" {
		return -1, nil
	}
	best := 0
	for i := range n {
		code, name := rec(i)
		if code == typed {
			return i, nil
		}
		switch s := find.NewKey(code, name).Score(q); {
		case s > best:
			best, ties = s, append(ties[:0], i)
		case s == best && s > 0:
			ties = append(ties, i)
		}
	}
	if len(ties) == 1 {
		return ties[0], nil
	}
	return -1, ties
}
