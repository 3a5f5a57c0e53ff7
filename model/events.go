package model

import "time"

// Kind is the kind of record a committed change is about. The store
// publishes one Event per changed record after each commit; screens declare
// the kinds they show (Kinds) and do nothing for the others
// (docs/DOMAIN.md#data-and-audit).
type Kind string

// The kinds of records that changes are published for.
const (
	KindUser            Kind = "user"        // Key the login
	KindNotice          Kind = "notice"      // ID; Depts and Urgent route it
	KindNoticeRead      Kind = "notice.read" // ID the notice, Key the reader
	KindCustomer        Kind = "customer"    // ID; none for an import
	KindProduct         Kind = "product"     // ID; none for an import
	KindStock           Kind = "stock"       // Key "product/variant"; none for an import
	KindOrder           Kind = "order"       // ID; none for an import
	KindLine            Kind = "line"        // ID; Action the line event (model.EventKind); For the order's owner
	KindPlan            Kind = "plan"        // Key the period ("2026-12", "2026-12-2")
	KindShortfall       Kind = "shortfall"   // Key the date
	KindProdPlan        Kind = "prodplan"    // Key the production date
	KindReport          Kind = "report"      // Key "date|line|shift"
	KindDefectReasons   Kind = "defect_reasons"
	KindAnomaly         Kind = "anomaly"  // ID; For the owners of the lines it puts at risk
	KindFeedback        Kind = "feedback" // ID
	KindMeeting         Kind = "meeting"  // ID
	KindMeetingTemplate Kind = "meeting_template"
	KindAction          Kind = "action" // ID; Key the owner
	KindKPITargets      Kind = "kpi_targets"
	KindProject         Kind = "project"  // ID; Action the project event; Depts the responsible ones and sales; For filer and owner
	KindCampaign        Kind = "campaign" // ID; Action the campaign event ("cannot" when an item is refused); For filer and tracker
	KindDeptPlan        Kind = "deptplan" // ID the plan item (0 for goals); Action the plan event ("goals" for goals); Depts its department and the other; For its owner
	KindLedger          Kind = "ledger"   // ID the entry; Action the ledger event; For the person concerned and the proposer
	KindMaterial        Kind = "material" // Key the material code ("" for an import); materials, bills of materials and material stock
	KindPurchase        Kind = "purchase" // ID the request; Action the request event; Depts production and purchasing
	KindCost            Kind = "cost"     // Key the month ("2026-11"): its cost sheet
)

// AllKinds lists every kind; a kind's place in it is its bit in Kinds.
var AllKinds = []Kind{KindUser, KindNotice, KindNoticeRead, KindCustomer, KindProduct, KindStock, KindOrder, KindLine,
	KindPlan, KindShortfall, KindProdPlan, KindReport, KindDefectReasons, KindAnomaly, KindFeedback, KindMeeting,
	KindMeetingTemplate, KindAction, KindKPITargets, KindProject, KindCampaign, KindDeptPlan, KindLedger, KindMaterial, KindPurchase, KindCost}

// Kinds is a set of kinds.
type Kinds uint32

// EveryKind is the set of all kinds (what an overflowed mailbox may hide).
const EveryKind = Kinds(1<<26 - 1)

// KindSet is the set of ks.
func KindSet(ks ...Kind) Kinds {
	var s Kinds
	for _, k := range ks {
		s |= k.bit()
	}
	return s
}

func (k Kind) bit() Kinds {
	for i, a := range AllKinds {
		if a == k {
			return 1 << i
		}
	}
	return 0
}

// Has reports whether k is in s.
func (s Kinds) Has(k Kind) bool { return s&k.bit() != 0 }

// Overlaps reports whether s and o share a kind.
func (s Kinds) Overlaps(o Kinds) bool { return s&o != 0 }

// Event tells subscribers that a record changed after a commit.
type Event struct {
	Kind   Kind
	ID     uint64 // record id where numeric
	Key    string // record key where textual (a login, a date)
	Actor  string // who made the change
	Action string // what changed: "create", "update", "publish", a line event, ...
	At     time.Time
	// Routing facts, so a session can tell whether the change is its
	// person's business without reading the record: Depts and Urgent for
	// notices (empty Depts: everyone), For the logins directly concerned
	// (an order line's owner, the owners of lines an anomaly puts at risk).
	Depts  []Department
	Urgent bool
	For    []string
}

// KindsOf is the set of the kinds of events.
func KindsOf(events []Event) Kinds {
	var s Kinds
	for _, e := range events {
		s |= e.Kind.bit()
	}
	return s
}
