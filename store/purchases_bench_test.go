package store

import (
	"fmt"
	"testing"
	"time"

	"xietong/model"
)

// The requirement run at a factory's size (docs/DOMAIN.md#packaging): 500
// materials, 250 products of two variants each with a bill of four lines
// (2,000 lines), a forecast and three ten-day plans of every variant, and
// a published production plan of 20 lines for each of the next 40 days.
// Run with
//
//	go test ./store -run '^$' -bench RequirementRun
//
// Target: one run (reading everything and computing every material's
// figures) below 100 ms.
func BenchmarkRequirementRun(b *testing.B) {
	e := newOrdersEnv(b)
	ctx := b.Context()
	prod, err := e.db.CreateUser(ctx, nil, &model.User{Login: "prod", Name: "郑军", Dept: model.DeptProduction, Role: model.RoleHead})
	if err != nil {
		b.Fatal(err)
	}
	keeper, sales := e.users["keeper"], e.users["sales"]
	e.clock.Set(time.Date(2025, 4, 1, 9, 0, 0, 0, e.clock.Loc))
	const products, materials = 250, 500
	for i := range materials {
		if _, err := e.db.SaveMaterial(ctx, prod, &model.Material{Code: fmt.Sprintf("M%03d", i), Name: fmt.Sprintf("包材 %d", i),
			Kind: model.MatFilm, Unit: "卷", PackSize: int64(1 + i%20), LeadDays: 3 + i%28, SafetyStock: int64(i % 50)}); err != nil {
			b.Fatal(err)
		}
	}
	variants := []model.Variant{{Code: "mark", Name: "带标示"}, {Code: "plain", Name: "无标示"}}
	var cells []model.PlanCell
	for p := range products {
		code := fmt.Sprintf("B%03d", p)
		if _, err := e.db.SaveProduct(ctx, prod, &model.Product{Code: code, Name: "产品 " + code, Unit: "件", Variants: variants,
			DefaultVariant: "mark", EconomicBatch: 100, DailyCapacity: 1000}); err != nil {
			b.Fatal(err)
		}
		for j, v := range variants {
			n := 2*p + j
			var lines []model.BOMLine
			for k := range 4 {
				lines = append(lines, model.BOMLine{Material: fmt.Sprintf("M%03d", (n*4+k)%materials), Qty: int64(1 + k), Per: int64(1 + 24*(k%2))})
			}
			if _, err := e.db.SaveBOM(ctx, keeper, code, v.Code, 0, lines); err != nil {
				b.Fatal(err)
			}
			cells = append(cells, model.PlanCell{Product: code, Variant: v.Code, Qty: int64(300 + n)})
		}
	}
	for m := range 2 {
		month := model.Month{Year: 2025, Month: 4}.AddMonths(m)
		periods := []model.Period{{Kind: model.PlanForecast, Month: month}}
		for _, p := range model.TenDays(month) {
			periods = append(periods, p)
		}
		for _, p := range periods {
			v, err := e.db.SavePlan(ctx, sales, p, 0, cells, "")
			if err != nil {
				b.Fatal(err)
			}
			if _, err := e.db.PublishPlan(ctx, sales, p, v.Version); err != nil {
				b.Fatal(err)
			}
		}
	}
	for d := range 40 {
		day := model.NewDate(2025, 4, 2+d)
		var lines []model.ProductionLine
		for k := range 20 {
			c := cells[(d*20+k)%len(cells)]
			lines = append(lines, model.ProductionLine{Product: c.Product, Variant: c.Variant, Qty: 200, Process: model.ProcessFront})
		}
		pp, _, err := e.db.SaveProductionPlan(ctx, prod, &model.ProductionPlan{Date: day, Lines: lines})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := e.db.PublishProductionPlan(ctx, prod, day, pp.Version); err != nil {
			b.Fatal(err)
		}
	}
	b.ResetTimer()
	for b.Loop() {
		figures, err := e.db.Requirements(ctx)
		if err != nil || len(figures) != materials {
			b.Fatalf("%d figures, %v", len(figures), err)
		}
	}
}
