package cli

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"xietong/model"
)

// ship LINE QTY: a shipment recorded from a line gateway or a script, as
// the line's ship action records it on the screens (docs/DOMAIN.md#shipping):
// the same right, the same transition (model.OrderLine.Ship, part of the
// line at a time), the same stock-out movement and audit entry (the store's
// UpdateLine).

// maxLineID bounds a line id as typed (ids are sequence numbers).
const maxLineID = 1e15

// lineRef is an order line as typed: its id (12), or its order number and
// line number the way orders are shown (SO-20261126-0001/2).
type lineRef struct {
	text string
	id   uint64
	no   string
	n    int
}

// parseLineRef reads a line reference. An order number is never all digits
// (imports refuse such numbers), so digits alone are a line id.
func parseLineRef(s string) (lineRef, error) {
	s = strings.TrimSpace(s)
	r := lineRef{text: s}
	if id, err := model.ParseWhole(s, 1, maxLineID); err == nil {
		r.id = uint64(id)
		return r, nil
	}
	i := strings.LastIndex(s, "/")
	if i > 0 {
		n, err := model.ParseWhole(s[i+1:], 1, model.MaxOrderLines)
		v := model.Invalid{}
		model.ValidateCode(v, "no", s[:i])
		if err == nil && len(v) == 0 {
			r.no, r.n = s[:i], int(n)
			return r, nil
		}
	}
	return r, model.Errorf(model.EINVALID, "cli.ship.bad_line", s)
}

// findLine reads the line ref names with its order; an unknown line is
// ENOTFOUND naming it as typed.
func findLine(ctx context.Context, e *Env, ref lineRef) (*model.Order, *model.OrderLine, error) {
	if ref.id != 0 {
		o, l, err := e.Svc.Orders.Line(ctx, ref.id)
		if model.ErrorCode(err) == model.ENOTFOUND {
			return nil, nil, model.Errorf(model.ENOTFOUND, "cli.ship.no_line", ref.text)
		}
		return o, l, err
	}
	o, err := e.Svc.Orders.OrderByNo(ctx, ref.no)
	if model.ErrorCode(err) == model.ENOTFOUND {
		return nil, nil, model.Errorf(model.ENOTFOUND, "cli.ship.no_order", ref.no)
	} else if err != nil {
		return nil, nil, err
	}
	for i := range o.Lines {
		if o.Lines[i].LineNo == ref.n {
			return o, &o.Lines[i], nil
		}
	}
	return nil, nil, model.Errorf(model.ENOTFOUND, "cli.ship.no_line_n", o.No, ref.n, len(o.Lines))
}

// shipInput is the command line of ship, checked.
type shipInput struct {
	ref  lineRef
	qty  int64
	date model.Date // zero: today
}

// shipFromArgs reads LINE, QTY and --date; a problem is a usage error
// naming the argument.
func shipFromArgs(p parsed) (shipInput, error) {
	var in shipInput
	var err error
	if in.ref, err = parseLineRef(p.pos[0]); err != nil {
		return in, err
	}
	if in.qty, err = model.ParseQty(p.pos[1]); err != nil {
		return in, model.FieldError("qty", err)
	}
	if s, ok := p.flags["date"]; ok {
		if in.date, err = model.ParseDate(s); err != nil {
			return in, model.FieldError("date", err)
		}
	}
	return in, nil
}

func checkShip(p parsed) error {
	_, err := shipFromArgs(p)
	return err
}

// shipJSON is ship's --json: the shipment and where the line and the stock
// stand after it.
type shipJSON struct {
	OrderNo    string           `json:"order_no"`
	OrderID    uint64           `json:"order_id"`
	LineNo     int              `json:"line_no"`
	LineID     uint64           `json:"line_id"`
	Product    string           `json:"product"`
	Variant    string           `json:"variant"`
	Qty        int64            `json:"qty"`
	Date       model.Date       `json:"date"`
	ShippedQty int64            `json:"shipped_qty"`
	LineQty    int64            `json:"line_qty"`
	Remaining  int64            `json:"remaining"`
	Status     model.LineStatus `json:"status"`
	StockLeft  int64            `json:"stock_left"`
	Version    uint64           `json:"version"`
}

func runShip(ctx context.Context, e *Env, p parsed) error {
	if err := model.Require(e.User, model.ActOrderShip); err != nil {
		return err
	}
	in, err := shipFromArgs(p)
	if err != nil {
		return err
	}
	now := e.Svc.Clock.Now()
	today := e.Svc.Calendar.DateOf(now)
	if in.date.IsZero() {
		in.date = today
	} else if in.date.After(today) {
		v := model.Invalid{}
		v.Add("date", "val.date_future", today.String())
		return v.Err()
	}
	o, l, err := findLine(ctx, e, in.ref)
	if err != nil {
		return err
	}
	label := fmt.Sprintf("%s/%d", o.No, l.LineNo)
	if !slices.Contains(model.ShipFrom, l.Status) {
		return model.Errorf(model.EINVALID, "cli.ship.state", label, l.Status.Text().In(e.Lang), statusList(e, model.ShipFrom))
	}
	// The transition the screen's ship action runs; the store re-reads the
	// person, checks the version read here, takes the quantity out of
	// stock (never below zero) and audits both in one transaction.
	_, saved, err := e.Svc.Orders.UpdateLine(ctx, e.User, l.ID, l.Version, func(_ *model.Order, l *model.OrderLine, _ model.ProductLookup) error {
		return l.Ship(e.User, e.Svc.Clock.Now(), e.Svc.Calendar, in.qty, in.date)
	})
	if err != nil {
		return err
	}
	stock, err := e.Svc.Master.Stock(ctx, saved.ProductCode, saved.Variant)
	if err != nil {
		return err
	}
	if p.has("json") {
		return writeJSON(e.Stdout, shipJSON{OrderNo: o.No, OrderID: o.ID, LineNo: saved.LineNo, LineID: saved.ID,
			Product: saved.ProductCode, Variant: saved.Variant, Qty: in.qty, Date: in.date, ShippedQty: saved.ShippedQty,
			LineQty: saved.Qty, Remaining: saved.Remaining(), Status: saved.Status, StockLeft: stock.Qty, Version: saved.Version})
	}
	name, unit := variantOf(nil, saved.ProductCode, saved.Variant), ""
	if prod, err := e.Svc.Master.Product(ctx, saved.ProductCode); err == nil {
		name, unit = strings.TrimSpace(prod.Name+" "+prod.Spec+" "+prod.VariantName(saved.Variant)), prod.Unit
	}
	fmt.Fprintln(e.Stdout, oneLine(e.t("cli.ship.done", label, name, in.qty, unit, in.date.String(),
		saved.ShippedQty, saved.Qty, saved.Status.Text().In(e.Lang), stock.Qty, unit)))
	return nil
}

// statusList names statuses for people: "answered, at risk or partly
// shipped".
func statusList(e *Env, list []model.LineStatus) string {
	names := make([]string, len(list))
	for i, s := range list {
		names[i] = s.Text().In(e.Lang)
	}
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], e.t("cli.list_sep")) + e.t("cli.list_or") + names[len(names)-1]
}
