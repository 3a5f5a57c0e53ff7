package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"xietong/model"
)

// stock show: one product variant's stock, now or as of a time, with its
// latest movements (docs/DOMAIN.md#master-data).

func checkStockShow(p parsed) error {
	if _, _, err := parseStockAt(p.flags["at"], time.UTC); err != nil {
		return err
	}
	_, err := parseLimit(p, 10)
	return err
}

// parseStockAt reads --at: "2026-12-03 14:00", a date (the end of that
// day) or RFC 3339, in the factory zone loc; zero when not given.
func parseStockAt(s string, loc *time.Location) (time.Time, bool, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, true, nil
	}
	if t, err := time.ParseInLocation("2006-01-02 15:04", s, loc); err == nil {
		return t, true, nil
	}
	if t, err := time.ParseInLocation("2006-01-02", s, loc); err == nil {
		return t.AddDate(0, 0, 1).Add(-time.Nanosecond), true, nil
	}
	return time.Time{}, false, model.Errorf(model.EINVALID, "cli.bad_at", s)
}

// stockShowJSON is stock show's --json.
type stockShowJSON struct {
	Product string            `json:"product"`
	Variant string            `json:"variant"`
	Qty     int64             `json:"qty"`
	AsOf    time.Time         `json:"as_of"`
	Moves   []model.StockMove `json:"moves"`
}

func runStockShow(ctx context.Context, e *Env, p parsed) error {
	loc := e.Svc.Clock.Loc
	prod, err := e.Svc.Master.Product(ctx, strings.TrimSpace(p.pos[0]))
	if err != nil {
		return err
	}
	variant := prod.DefaultVariant
	if v, ok := p.flags["variant"]; ok {
		if variant, err = model.VariantByCodeOrName(prod, v); err != nil {
			return err
		}
	}
	at, asked, _ := parseStockAt(p.flags["at"], loc)
	if !asked {
		at = e.Svc.Clock.Now()
	}
	qty, err := e.Svc.Master.StockAt(ctx, prod.Code, variant, at)
	if err != nil {
		return err
	}
	limit, _ := parseLimit(p, 10)
	moves, err := e.Svc.Master.StockMoves(ctx, prod.Code, variant, model.MaxStockMoves)
	if err != nil {
		return err
	}
	// The movements up to the time asked, newest first.
	kept := make([]model.StockMove, 0, limit)
	for _, m := range moves {
		if !m.At.After(at) && len(kept) < limit {
			kept = append(kept, m)
		}
	}
	if p.has("json") {
		return writeJSON(e.Stdout, stockShowJSON{Product: prod.Code, Variant: variant, Qty: qty, AsOf: at, Moves: kept})
	}
	fmt.Fprintln(e.Stdout, e.t("cli.stock_show_head", prod.Name+" "+prod.Spec, prod.VariantName(variant), qty, prod.Unit, at.In(loc).Format("2006-01-02 15:04")))
	rows := make([][]string, len(kept))
	for i, m := range kept {
		q := strconv.FormatInt(m.Qty, 10)
		if m.Qty > 0 {
			q = "+" + q
		}
		rows[i] = []string{m.At.In(loc).Format("2006-01-02 15:04"), m.Cause.Text().In(e.Lang), q, strconv.FormatInt(m.Balance, 10),
			strings.TrimSpace(m.Ref + " " + m.Reason), m.By}
	}
	if len(rows) == 0 {
		fmt.Fprintln(e.Stdout, e.t("ui.master.moves_none"))
		return nil
	}
	writeTable(e.Stdout, []string{e.t("ui.master.col_time"), e.t("ui.master.col_cause"), e.t("ui.master.col_qty"),
		e.t("ui.master.col_balance"), e.t("ui.master.col_ref"), e.t("ui.master.col_who")}, rows)
	return nil
}
