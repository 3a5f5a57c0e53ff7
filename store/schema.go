package store

import (
	"fmt"
	"strconv"

	bolt "go.etcd.io/bbolt"
)

// Buckets. Every bucket is declared here and created at Open. Numeric ids
// come from the bucket's NextSequence and are stored as 8-byte big-endian
// keys so they sort in order.
var (
	bucketMeta          = []byte("meta")            // metaApp, metaVersion, metaAuditHead, ...
	bucketUsers         = []byte("users")           // login → JSON model.User
	bucketKeys          = []byte("keys")            // key fingerprint → login
	bucketInvites       = []byte("invites")         // login → JSON model.Invitation
	bucketNotices       = []byte("notices")         // id8 → JSON model.Notice
	bucketNoticeReads   = []byte("notice_reads")    // id8 + login → RFC 3339 UTC time
	bucketAudit         = []byte("audit")           // seq8 → JSON model.AuditEntry
	bucketAuditByRecord = []byte("audit_by_record") // record + "\x00" + seq8 → empty

	bucketCustomers       = []byte("customers")          // id8 → JSON model.Customer
	bucketCustomersByCode = []byte("customers_by_code")  // code → id8
	bucketProducts        = []byte("products")           // code → JSON model.Product (ID from the bucket's sequence)
	bucketStock           = []byte("stock")              // product + "\x00" + variant → JSON model.Stock
	bucketOrders          = []byte("orders")             // id8 → JSON model.Order header (Lines empty)
	bucketOrderNo         = []byte("order_no")           // order No → id8
	bucketLines           = []byte("lines")              // id8 → JSON model.OrderLine
	bucketLinesByOrder    = []byte("lines_by_order")     // orderID8 + lineID8 → the orders list's row (orderrows.go)
	bucketQueue           = []byte("queue")              // model.QueueKey → lineID8, lines where model.InQueue
	bucketProductLines    = []byte("product_lines")      // product + "\x00" + lineID8 → book entry (book.go), open lines
	bucketLinesByStatus   = []byte("lines_by_status")    // status + "\x00" + owner + "\x00" + lineID8 → empty
	bucketLinesByReplyDue = []byte("lines_by_reply_due") // reply due (unix ns, 8 bytes) + lineID8 → empty, lines with a reply due
	bucketLineAgg         = []byte("line_agg")           // the lines' shares of the order KPIs per day (aggregates.go)
	bucketStockMoves      = []byte("stock_moves")        // product + "\x00" + variant + "\x00" + time8 + seq8 → JSON model.StockMove

	bucketPlans      = []byte("plans")      // period record ("forecast/2026-12") + "\x00" + version8 → JSON model.PlanVersion
	bucketPlanHeads  = []byte("plan_heads") // period record → JSON planHead (latest version, first publish, reference)
	bucketShortfalls = []byte("shortfalls") // date ("2026-11-27") → JSON model.Shortfall
	bucketProdPlans  = []byte("prodplans")  // production date ("2026-11-28") → JSON model.ProductionPlan

	bucketReports   = []byte("reports")   // model.ReportKey "date|line|shift" → JSON model.DailyReport
	bucketAnomalies = []byte("anomalies") // id8 → JSON model.Anomaly
	bucketFeedback  = []byte("feedback")  // id8 → JSON model.Feedback
	bucketSettings  = []byte("settings")  // settingDefectReasons → JSON []model.DefectReason; settingKPITargets → JSON kpiTargets

	bucketMeetings        = []byte("meetings")          // id8 → JSON model.Meeting
	bucketMeetingsByMonth = []byte("meetings_by_month") // held month ("2026-11") → id8 of its monthly meeting
	bucketTemplates       = []byte("meeting_templates") // id8 → JSON model.MeetingTemplate
	bucketActions         = []byte("actions")           // id8 → JSON model.ActionItem
	bucketActionsByOwner  = []byte("actions_by_owner")  // owner login + "\x00" + id8 → empty

	bucketProjects  = []byte("projects")   // id8 → JSON model.Project
	bucketProjectNo = []byte("project_no") // project No ("LX-2026-0001") → id8

	bucketCampaigns  = []byte("campaigns")   // id8 → JSON model.Campaign
	bucketCampaignNo = []byte("campaign_no") // campaign No ("HD-2026-0001") → id8

	bucketPlanItems  = []byte("plan_items")   // id8 → JSON model.PlanItem
	bucketPlanItemNo = []byte("plan_item_no") // plan item No ("JH-2027-0001") → id8
	bucketGoals      = []byte("goals")        // dept + "/" + year ("rnd/2027") → JSON model.DeptGoals

	bucketLedger   = []byte("ledger")    // id8 → JSON model.LedgerEntry
	bucketLedgerNo = []byte("ledger_no") // entry No ("JF-2026-0001") → id8

	bucketAssessments = []byte("assessments") // month ("2026-11") → JSON model.Assessment, once finalised

	bucketShortfallMarks = []byte("shortfall_marks") // date ("2026-11-27") → JSON model.ShortfallMarks

	bucketMaterials     = []byte("materials")      // code → JSON model.Material (ID from the bucket's sequence)
	bucketMaterialStock = []byte("material_stock") // code → JSON model.MaterialStock
	bucketMaterialMoves = []byte("material_moves") // code + "\x00" + time8 + seq8 → JSON model.MaterialMove
	bucketBOMs          = []byte("boms")           // product + "\x00" + variant → JSON model.BOM
	bucketPurchases     = []byte("purchases")      // id8 → JSON model.PurchaseRequest
	bucketPurchaseNo    = []byte("purchase_no")    // request No ("CG-2026-0001") → id8
	bucketPurchasesOpen = []byte("purchases_open") // id8 → empty, requests still draft or signed
	bucketChangeovers   = []byte("changeovers")    // id8 → JSON model.Changeover

	bucketCosts = []byte("costs") // month ("2026-11") → JSON model.CostSheet
)

var buckets = [][]byte{
	bucketMeta, bucketUsers, bucketKeys, bucketInvites,
	bucketNotices, bucketNoticeReads, bucketAudit, bucketAuditByRecord,
	bucketCustomers, bucketCustomersByCode, bucketProducts, bucketStock,
	bucketOrders, bucketOrderNo, bucketLines, bucketLinesByOrder, bucketQueue, bucketProductLines,
	bucketLinesByStatus, bucketLinesByReplyDue, bucketLineAgg, bucketStockMoves,
	bucketPlans, bucketPlanHeads, bucketShortfalls, bucketProdPlans,
	bucketReports, bucketAnomalies, bucketFeedback, bucketSettings,
	bucketMeetings, bucketMeetingsByMonth, bucketTemplates, bucketActions, bucketActionsByOwner,
	bucketProjects, bucketProjectNo, bucketCampaigns, bucketCampaignNo,
	bucketPlanItems, bucketPlanItemNo, bucketGoals, bucketLedger, bucketLedgerNo, bucketAssessments, bucketShortfallMarks,
	bucketMaterials, bucketMaterialStock, bucketMaterialMoves, bucketBOMs, bucketPurchases, bucketPurchaseNo, bucketChangeovers, bucketPurchasesOpen,
	bucketCosts,
}

// jsonBuckets are the buckets whose every value is a JSON document
// (Inspect checks that they still are).
var jsonBuckets = [][]byte{
	bucketUsers, bucketInvites, bucketNotices, bucketAudit,
	bucketCustomers, bucketProducts, bucketStock, bucketOrders, bucketLines, bucketStockMoves,
	bucketPlans, bucketPlanHeads, bucketShortfalls, bucketProdPlans,
	bucketReports, bucketAnomalies, bucketFeedback, bucketSettings,
	bucketMeetings, bucketTemplates, bucketActions, bucketProjects, bucketCampaigns,
	bucketPlanItems, bucketGoals, bucketLedger, bucketAssessments, bucketShortfallMarks,
	bucketMaterials, bucketMaterialStock, bucketMaterialMoves, bucketBOMs, bucketPurchases, bucketChangeovers,
	bucketCosts,
}

// Keys in bucketSettings.
var (
	settingDefectReasons = []byte("defect_reasons") // JSON defectReasons
	settingKPITargets    = []byte("kpi_targets")    // JSON kpiTargets
	settingAssessWeights = []byte("assess_weights") // JSON assessWeights
	settingLedgerRules   = []byte("ledger_rules")   // JSON model.LedgerRuleSettings
)

// Keys in bucketMeta.
var (
	metaApp         = []byte("app")            // appMarker: the file is xietong's
	metaVersion     = []byte("schema_version") // decimal version of the last applied migration
	metaAuditHead   = []byte("audit_head")     // hex sha256 of the last audit entry
	metaQueueLen    = []byte("queue_len")      // 8-byte count of the keys in bucketQueue
	metaOrderSeq    = []byte("order_seq/")     // + YYYYMMDD (factory zone): 8-byte last order number of the day
	metaAggregates  = []byte("line_agg")       // the form and zone the line aggregates were built in
	metaOrderRows   = []byte("order_rows")     // the form the orders list's rows were written in
	metaProjectSeq  = []byte("project_seq/")   // + YYYY (factory zone): 8-byte last project number of the year
	metaCampaignSeq = []byte("campaign_seq/")  // + YYYY (factory zone): 8-byte last campaign number of the year
	metaPlanItemSeq = []byte("plan_item_seq/") // + YYYY (factory zone): 8-byte last plan item number of the year
	metaLedgerSeq   = []byte("ledger_seq/")    // + YYYY (factory zone): 8-byte last ledger entry number of the year
	metaPurchaseSeq = []byte("purchase_seq/")  // + YYYY (factory zone): 8-byte last purchase request number of the year
)

// appMarker is the value of metaApp: what tells a xietong data file from
// any other bbolt file (restore refuses a file without it).
const appMarker = "xietong"

// markedVersion is the schema version that writes appMarker. A file at an
// earlier version was made before the marker existed; a file at this
// version or later without it is not xietong's.
const markedVersion = 8

// migration is one step of the schema. up runs in its own transaction,
// which also records version in bucketMeta; an error rolls both back.
type migration struct {
	version int
	name    string
	up      func(tx *bolt.Tx) error
}

// migrations lists every step in order. Never edit or remove a step that
// has shipped; append a new one.
var migrations = []migration{
	// Version 1 is the schema as declared in buckets; there is nothing to
	// transform yet. The master-data and order buckets came later without a
	// step of their own: they are created empty at Open, and an absent
	// queue_len reads as 0, which is right for an empty queue. The planning
	// buckets (plans, plan_heads, shortfalls, prodplans) likewise start
	// empty and need no step.
	{version: 1, name: "initial schema", up: func(*bolt.Tx) error { return nil }},
	// Version 2 (shop floor) seeds the defect reason list; the shop-floor
	// buckets (reports, anomalies, feedback, settings) start empty.
	{version: 2, name: "seed defect reasons", up: seedDefectReasons},
	// Version 3 (meetings) seeds the weekly meeting templates; the meeting,
	// action and index buckets start empty, and absent KPI targets read as
	// an empty table.
	{version: 3, name: "seed meeting templates", up: seedTemplates},
	// Version 4: the monthly meeting's figures are data, computed while the
	// meeting is open and stored when it closes. Figures stored before as
	// Chinese text on items a–d are dropped from open meetings (they are
	// computed now) and kept in the notes of closed ones.
	{version: 4, name: "meeting figures as data", up: migrateMeetingFigures},
	// Version 5 indexes order lines by status (and owner) and by reply
	// deadline, so that home counts and the deadline board read the lines
	// they count, not every line on file (the KPIs read the line
	// aggregates, which Open builds: aggregates.go).
	{version: 5, name: "index lines by status and reply deadline", up: indexAllLines},
	// Version 6 starts the stock ledger: each recorded stock gets an opening
	// movement of what it holds.
	{version: 6, name: "stock ledger", up: openingMoves},
	// Version 7 keeps each open line's book entry in the product index, so
	// a promise suggestion reads neither the lines nor their orders.
	{version: 7, name: "book entries in the product index", up: bookAllLines},
	// Version 8 marks the file as xietong's (metaApp), so that a restore can
	// tell it from another program's bbolt file. A new file gets the mark
	// at creation, with every other step; an older one when it is opened.
	{version: markedVersion, name: "mark the file as xietong's", up: markApp},
	// Version 9 keeps invitation codes as salted slow hashes: each stored
	// SHA-256 becomes the argon2id hash of it under a salt of its own, so
	// codes handed out before still work.
	{version: 9, name: "salted invitation code hashes", up: migrateCodeHashes},
	// Version 10 indexes the purchase requests still open (draft or
	// signed), so the requirement run reads those, not every request ever
	// made.
	{version: 10, name: "index open purchase requests", up: indexOpenPurchases},
}

// markApp writes appMarker.
func markApp(tx *bolt.Tx) error {
	return tx.Bucket(bucketMeta).Put(metaApp, []byte(appMarker))
}

// migrate creates missing buckets, then applies the steps of migs newer than
// the stored version, each in its own transaction.
func (db *DB) migrate(migs []migration) error {
	for i := 1; i < len(migs); i++ {
		if migs[i].version <= migs[i-1].version {
			return fmt.Errorf("migration %q: version %d not after %d", migs[i].name, migs[i].version, migs[i-1].version)
		}
	}
	var current int
	err := db.bolt.Update(func(tx *bolt.Tx) error {
		for _, name := range buckets {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return fmt.Errorf("create bucket %s: %w", name, err)
			}
		}
		var err error
		current, err = schemaVersion(tx)
		return err
	})
	if err != nil {
		return err
	}
	if n := len(migs); n > 0 && current > migs[n-1].version {
		return fmt.Errorf("data file has schema version %d, newer than this program's %d", current, migs[n-1].version)
	}
	for _, m := range migs {
		if m.version <= current {
			continue
		}
		err := db.bolt.Update(func(tx *bolt.Tx) error {
			if err := m.up(tx); err != nil {
				return err
			}
			return tx.Bucket(bucketMeta).Put(metaVersion, []byte(strconv.Itoa(m.version)))
		})
		if err != nil {
			return fmt.Errorf("migration %d (%s): %w", m.version, m.name, err)
		}
		current = m.version
	}
	return nil
}

// schemaVersion reads the stored schema version; 0 for a new file.
func schemaVersion(tx *bolt.Tx) (int, error) {
	v := tx.Bucket(bucketMeta).Get(metaVersion)
	if v == nil {
		return 0, nil
	}
	n, err := strconv.Atoi(string(v))
	if err != nil {
		return 0, fmt.Errorf("bad schema version %q: %w", v, err)
	}
	return n, nil
}

// SchemaVersion reports the schema version of the open data file.
func (db *DB) SchemaVersion() (v int, err error) {
	err = db.bolt.View(func(tx *bolt.Tx) error {
		v, err = schemaVersion(tx)
		return err
	})
	return v, err
}
