package cli

import (
	"context"
	"fmt"
	"strings"

	"xietong/model"
)

// promise PRODUCT QTY: the suggested promise date for a new quantity and
// what it rests on, for sales on the phone (docs/DOMAIN.md#orders).

func checkPromise(p parsed) error {
	_, err := model.ParseWhole(p.pos[1], 1, model.MaxQty)
	if err != nil {
		return model.FieldError("qty", err)
	}
	return nil
}

// promiseJSON is promise's --json.
type promiseJSON struct {
	Product    string          `json:"product"`
	Variant    string          `json:"variant"`
	Qty        int64           `json:"qty"`
	Date       model.Date      `json:"date"`
	FromStock  int64           `json:"from_stock"`
	Produced   int64           `json:"produced"`
	Days       []model.DayPlan `json:"days"`
	Full       []model.Date    `json:"full"`
	Reason     string          `json:"reason"`
	Stock      int64           `json:"stock"`
	Available  int64           `json:"available"`
	OpenDemand int64           `json:"open_demand"`
	Free       []model.DayPlan `json:"free"`
}

func runPromise(ctx context.Context, e *Env, p parsed) error {
	qty, _ := model.ParseWhole(p.pos[1], 1, model.MaxQty)
	code := strings.TrimSpace(p.pos[0])
	prod, err := e.Svc.Master.Product(ctx, code)
	if err != nil {
		return err
	}
	variant := prod.DefaultVariant
	if v, ok := p.flags["variant"]; ok {
		if variant, err = model.VariantByCodeOrName(prod, v); err != nil {
			return err
		}
	}
	f, err := e.Svc.Orders.Promise(ctx, prod.Code, variant, qty, e.Svc.Clock.Now())
	if err != nil {
		return err
	}
	if f.SuggestErr != nil {
		return f.SuggestErr
	}
	sg := f.Suggestion
	if p.has("json") {
		days, full, free := sg.Days, sg.Full, f.Free
		if days == nil {
			days = []model.DayPlan{}
		}
		if full == nil {
			full = []model.Date{}
		}
		return writeJSON(e.Stdout, promiseJSON{Product: prod.Code, Variant: variant, Qty: qty, Date: sg.Date, FromStock: sg.FromStock,
			Produced: sg.Produced, Days: days, Full: full, Reason: sg.Reason(e.Lang), Stock: f.Stock, Available: f.Available,
			OpenDemand: f.OpenDemand, Free: free})
	}
	fmt.Fprintln(e.Stdout, e.t("cli.promise_head", prod.Name+" "+prod.Spec, prod.VariantName(variant), qty, prod.Unit, sg.Date.String(), sg.FromStock, sg.Produced))
	if len(sg.Days) > 0 {
		fmt.Fprintln(e.Stdout, e.t("ui.facts.why", sg.Reason(e.Lang)))
	}
	fmt.Fprintln(e.Stdout, e.t("ui.facts.line", f.Stock, f.Available, f.OpenDemand, prod.LeadTimeDays, prod.DailyCapacity))
	var free []string
	for _, d := range f.Free {
		free = append(free, fmt.Sprintf("%s:%d", d.Date.String()[5:], d.Qty))
	}
	fmt.Fprintln(e.Stdout, e.t("ui.facts.free")+e.t("ui.colon")+strings.Join(free, "  "))
	return nil
}
