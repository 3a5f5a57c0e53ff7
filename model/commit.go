package model

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
