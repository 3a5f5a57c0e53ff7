package model

import "slices"

// OrderQuery asks for one page of the orders list: every order line on
// file, newest order first and its lines in order, narrowed by Owner, by
// Status and by Search, a text matched without regard to case against the
// order number (as the list shows a row, "SO-20261202-0007/2"), the
// customer's code and name and the product's code and name, names also by
// the first letters of their pinyin ("csjcs" finds 测试甲超市).
type OrderQuery struct {
	Owner    string
	Status   LineStatus // "" for every status
	Customer uint64     // 0 for every customer
	Product  string     // product code, "" for every product
	// From and To bound the requested date (either may be zero: open).
	From, To Date
	Search   string
	Sort     OrderSort // "" newest order first
	Offset   int       // rows to skip
	Limit    int       // rows to return; at most MaxOrderPage
}

// OrderSort is an order of the orders list other than newest first.
type OrderSort string

// The orders list's orders; ties keep newest first.
const (
	SortNewest    OrderSort = ""          // newest order first, its lines in order
	SortRequested OrderSort = "requested" // requested date, earliest first
	SortPromised  OrderSort = "promised"  // promised date, earliest first; lines without one last
	SortCustomer  OrderSort = "customer"  // customer, by name (pinyin order), then code
	SortProduct   OrderSort = "product"   // product, by code
	SortQty       OrderSort = "qty"       // quantity, largest first
)

// OrderSorts lists the orders in the order a picker offers them.
var OrderSorts = []OrderSort{SortNewest, SortRequested, SortPromised, SortCustomer, SortProduct, SortQty}

// Text names the order for people.
func (s OrderSort) Text() Text {
	if s == SortNewest {
		return T("sort.newest")
	}
	return T("sort." + string(s))
}

// Valid reports whether s is one of OrderSorts.
func (s OrderSort) Valid() bool { return slices.Contains(OrderSorts, s) }

// MaxOrderPage is the most rows one OrderQuery returns.
const MaxOrderPage = 1000

// OrderRowPage is a page of the orders list: Total rows match the query,
// Rows are those from Offset.
type OrderRowPage struct {
	Total  int
	Offset int
	Rows   []OrderRow
}

// OrderRow is what the orders list shows of one line, kept beside the line
// so that a page is read without reading the lines behind it.
type OrderRow struct {
	OrderID    uint64
	LineID     uint64
	No         string
	LineNo     int
	CustomerID uint64
	Grade      Grade
	Owner      string
	Product    string
	Variant    string
	Qty        int64
	Requested  Date
	Promised   Date
	Status     LineStatus
	Changed    bool
}

// OrderRowOf is line l of order o as the orders list shows it.
func OrderRowOf(o *Order, l *OrderLine) OrderRow {
	return OrderRow{OrderID: o.ID, LineID: l.ID, No: o.No, LineNo: l.LineNo, CustomerID: o.CustomerID,
		Grade: o.CustomerGrade, Owner: o.Owner, Product: l.ProductCode, Variant: l.Variant, Qty: l.Qty,
		Requested: l.RequestedDate, Promised: l.PromisedDate, Status: l.Status, Changed: l.Changed}
}
