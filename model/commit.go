package model

import "sort"

// Committed reports whether a line's quantity is promised to a customer and
// so occupies stock or capacity: answered, in production, at risk or partly
// shipped, with a promised date.
func Committed(l *OrderLine) bool {
	switch l.Status {
	case LineAnswered, LineInProduction, LineAtRisk, LineShipping:
		return !l.PromisedDate.IsZero()
	}
	return false
}

// Remaining is what is still to ship of a line.
func remaining(l *OrderLine) int64 { return max(l.Qty-l.ShippedQty, 0) }

// PromiseBasis replays the committed lines of one product against its stock,
// earliest promise first: each line takes what stock of its variant is left,
// and what stock cannot cover is production load on its promised date (or
// the expected date of a line at risk). It returns the stock still free per
// variant and the load per day for the whole product, the inputs of
// SuggestPromise. Lines of other products are ignored by the caller.
func PromiseBasis(stock map[string]int64, lines []*OrderLine) (available map[string]int64, load map[Date]int64) {
	available = make(map[string]int64, len(stock))
	for v, q := range stock {
		available[v] = max(q, 0)
	}
	load = map[Date]int64{}
	committed := make([]*OrderLine, 0, len(lines))
	for _, l := range lines {
		if Committed(l) {
			committed = append(committed, l)
		}
	}
	due := func(l *OrderLine) Date {
		if l.Status == LineAtRisk && !l.RiskDate.IsZero() {
			return l.RiskDate
		}
		return l.PromisedDate
	}
	sort.SliceStable(committed, func(i, j int) bool {
		if c := due(committed[i]).Compare(due(committed[j])); c != 0 {
			return c < 0
		}
		return committed[i].ID < committed[j].ID
	})
	for _, l := range committed {
		need := remaining(l)
		take := min(need, available[l.Variant])
		available[l.Variant] -= take
		if rest := need - take; rest > 0 {
			load[due(l)] += rest
		}
	}
	return available, load
}

// OpenDemand is the quantity still to ship of a variant's open lines that
// have been submitted (drafts are not demand yet).
func OpenDemand(variant string, lines []*OrderLine) int64 {
	var n int64
	for _, l := range lines {
		if l.Variant != variant || !l.Status.Open() || l.Status == LineDraft || l.Status == LineShipped {
			continue
		}
		n += remaining(l)
	}
	return n
}
