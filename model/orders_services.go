package model

import (
	"context"
	"time"
)

// MasterService keeps customers, products and finished-goods stock.
type MasterService interface {
	Customers(ctx context.Context) ([]*Customer, error)
	Customer(ctx context.Context, id uint64) (*Customer, error)
	CustomerByCode(ctx context.Context, code string) (*Customer, error)
	// SaveCustomer creates (ID 0) or updates (Version as read) a customer.
	SaveCustomer(ctx context.Context, by *User, c *Customer) (*Customer, error)
	// ImportCustomers creates or updates (by code) all rows or none.
	ImportCustomers(ctx context.Context, by *User, rows []*Customer) error

	Products(ctx context.Context) ([]*Product, error)
	Product(ctx context.Context, code string) (*Product, error)
	SaveProduct(ctx context.Context, by *User, p *Product) (*Product, error)
	ImportProducts(ctx context.Context, by *User, rows []*Product) error

	// Stocks lists stock per product variant, sorted by product then variant.
	Stocks(ctx context.Context) ([]*Stock, error)
	Stock(ctx context.Context, product, variant string) (*Stock, error) // zero stock if none recorded
	// AdjustStock adds a.Delta with a reason (audited); the result may not go negative.
	AdjustStock(ctx context.Context, by *User, a StockAdjustment) (*Stock, error)
	// ImportStock sets the quantity of every row (a stock count), all or none.
	ImportStock(ctx context.Context, by *User, rows []*Stock, reason string) error
	// StockMoves lists the last limit movements of a product variant's
	// stock ("" is the default variant), newest first.
	StockMoves(ctx context.Context, product, variant string, limit int) ([]StockMove, error)
	// StockAt is a product variant's stock as of at.
	StockAt(ctx context.Context, product, variant string, at time.Time) (int64, error)
}

// OrderFilter narrows an order listing; zero fields match everything.
type OrderFilter struct {
	Status     LineStatus // orders with at least one line in this status
	CustomerID uint64
	Owner      string
	Limit      int // 0: no limit
}

// QueuePage is one page of production's ranked queue.
type QueuePage struct {
	Total   int
	Offset  int
	Entries []QueueEntry
}

// QueueEntry is a queue line with its order header, in rank order.
type QueueEntry struct {
	Rank  int    // 1-based position in the whole queue
	Order *Order // header only (Lines empty)
	Line  *OrderLine
}

// LineChange is applied to a line inside the store's transaction: it runs
// the model transition (Answer, MarkUnclear, Change, ...) on l. Returning an
// error writes nothing.
type LineChange func(o *Order, l *OrderLine, products ProductLookup) error

// PromiseFacts is what the order entry and reply screens show for a line:
// stock, open demand, free capacity and the suggested promise date.
type PromiseFacts struct {
	Product    *Product
	Variant    string
	Stock      int64
	Available  int64 // stock not yet taken by promised lines and lines ahead in the queue
	OpenDemand int64 // remaining quantity of open lines of this product variant
	Free       []DayPlan
	Suggestion Promise
	SuggestErr error
}

// OrderService keeps orders and their lines.
type OrderService interface {
	// CreateOrder saves a new order with its lines (status draft, or
	// submitted when submit is true) and numbers it.
	CreateOrder(ctx context.Context, by *User, o *Order, submit bool) (*Order, error)
	Order(ctx context.Context, id uint64) (*Order, error) // header with all lines
	OrderByNo(ctx context.Context, no string) (*Order, error)
	Orders(ctx context.Context, f OrderFilter) ([]*Order, error) // newest first, with lines
	// OrderRows returns a page of the orders list: every line on file,
	// newest order first, with the count of all that match.
	OrderRows(ctx context.Context, q OrderQuery) (OrderRowPage, error)
	// UpdateLine applies change to line id if its version is still version;
	// otherwise ECONFLICT naming who changed it and when.
	UpdateLine(ctx context.Context, by *User, id, version uint64, change LineChange) (*Order, *OrderLine, error)
	Line(ctx context.Context, id uint64) (*Order, *OrderLine, error)
	// Queue returns limit lines of production's queue from offset, in rank order.
	Queue(ctx context.Context, offset, limit int) (QueuePage, error)
	// QueuePosition returns the 0-based rank of line id, or -1 when not queued.
	QueuePosition(ctx context.Context, id uint64) (int, error)
	// ImportOrders creates every order or none (K3 or spreadsheet exports).
	ImportOrders(ctx context.Context, by *User, orders []*Order) error
	// Promise computes the facts for a new qty of product/variant as of now,
	// after the lines in the book and every line waiting in the reply queue.
	Promise(ctx context.Context, product, variant string, qty int64, now time.Time) (PromiseFacts, error)
	// PromiseFor computes them for what remains of line id, after the lines
	// in the book and those ranked ahead of it in the queue.
	PromiseFor(ctx context.Context, id uint64, now time.Time) (PromiseFacts, error)
	// Lines returns every line whose order matches f (for KPIs and exports).
	Lines(ctx context.Context, f OrderFilter) ([]*Order, error)
	// LineTally counts the open lines by status, everyone's and owner's,
	// from an index: its cost is the lines counted, not the lines on file.
	LineTally(ctx context.Context, owner string) (LineTally, error)
}

// LineTally is the number of open order lines in each status: All of
// them, and Mine, those of one owner's orders.
type LineTally struct {
	All, Mine map[LineStatus]int
}
