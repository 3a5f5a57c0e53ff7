package model

import (
	"reflect"
	"testing"
	"time"
)

func TestRoundUpToBatch(t *testing.T) {
	for _, tc := range []struct{ need, batch, want int64 }{
		{0, 500, 0}, {-3, 500, 0}, {1, 500, 500}, {500, 500, 500}, {501, 500, 1000}, {1499, 500, 1500},
		{7, 1, 7}, {7, 0, 7}, {7, -5, 7}, {MaxQty, MaxQty, MaxQty}, {MaxQty - 1, 7, MaxQty + 4},
	} {
		if got := RoundUpToBatch(tc.need, tc.batch); got != tc.want {
			t.Errorf("RoundUpToBatch(%d, %d) = %d, want %d", tc.need, tc.batch, got, tc.want)
		}
	}
}

func TestProposePlan(t *testing.T) {
	sf := &Shortfall{Date: d("2026-11-27"), Rows: []ShortfallRow{
		{Product: "FT18", Variant: "mark", Computed: 700, Figure: 700},
		{Product: "FT18", Variant: "plain", Computed: 0, Figure: 0, Surplus: 20},
		{Product: "P2", Computed: 50, Figure: 30, Reason: "样品已备"},
		{Product: "GONE", Computed: 9, Figure: 9},
	}}
	got := ProposePlan(d("2026-11-28"), sf, sfProducts())
	want := &ProductionPlan{Date: d("2026-11-28"), Lines: []ProductionLine{
		{Product: "FT18", Variant: "mark", Need: 700, Proposed: 1000, Qty: 1000, Process: ProcessFront},
		{Product: "P2", Need: 30, Proposed: 100, Qty: 100, Process: ProcessFront},
		{Product: "GONE", Need: 9, Proposed: 9, Qty: 9, Process: ProcessFront},
	}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("\n got %+v\nwant %+v", got, want)
	}
	if p := ProposePlan(d("2026-11-28"), nil, nil); p.Date != d("2026-11-28") || len(p.Lines) != 0 {
		t.Errorf("no shortfall: %+v", p)
	}
	if q := got.PlannedQty(); q["FT18/mark"] != 1000 || q["P2"] != 100 || len(q) != 3 {
		t.Errorf("planned %v", q)
	}
}

func TestBalanceWarnings(t *testing.T) {
	// 果然有鱼 in three flavours (one product each, family GRYY); FT18 with
	// two variants and no family; P2 alone.
	products := []*Product{
		planProduct("GY-HOT", "GRYY", 100), planProduct("GY-BBQ", "GRYY", 100), planProduct("GY-SOUR", "GRYY", 100),
		planProduct("FT18", "", 500, "mark", "plain"), planProduct("P2", "", 100),
	}
	short := func(keys ...string) *Shortfall {
		sf := &Shortfall{}
		for _, k := range keys {
			p, v := SplitVariantKey(k)
			sf.Rows = append(sf.Rows, ShortfallRow{Product: p, Variant: v, Computed: 10, Figure: 10})
		}
		return sf
	}
	plan := func(keys ...string) *ProductionPlan {
		pl := &ProductionPlan{}
		for _, k := range keys {
			p, v := SplitVariantKey(k)
			pl.Lines = append(pl.Lines, ProductionLine{Product: p, Variant: v, Qty: 100, Process: ProcessFront})
		}
		return pl
	}
	for _, tc := range []struct {
		name string
		sf   *Shortfall
		plan *ProductionPlan
		want []BalanceWarning
	}{
		{"three flavours short, one planned", short("GY-HOT", "GY-BBQ", "GY-SOUR"), plan("GY-BBQ"),
			[]BalanceWarning{{Kind: WarnBalance, Family: "GRYY", Short: []string{"GY-BBQ", "GY-HOT", "GY-SOUR"}, Planned: []string{"GY-BBQ"}}}},
		{"all three planned", short("GY-HOT", "GY-BBQ", "GY-SOUR"), plan("GY-HOT", "GY-BBQ", "GY-SOUR"), nil},
		{"two of three planned", short("GY-HOT", "GY-BBQ", "GY-SOUR"), plan("GY-HOT", "GY-SOUR"),
			[]BalanceWarning{{Kind: WarnBalance, Family: "GRYY", Short: []string{"GY-BBQ", "GY-HOT", "GY-SOUR"}, Planned: []string{"GY-HOT", "GY-SOUR"}}}},
		{"none planned", short("GY-HOT", "GY-BBQ", "GY-SOUR"), plan(), nil},
		{"only one short, it is planned", short("GY-HOT"), plan("GY-HOT"), nil},
		{"two variants of one product short, one planned", short("FT18/mark", "FT18/plain"), plan("FT18/plain"),
			[]BalanceWarning{{Kind: WarnBalance, Family: "FT18", Short: []string{"FT18/mark", "FT18/plain"}, Planned: []string{"FT18/plain"}}}},
		{"a planned zero does not count", short("FT18/mark", "FT18/plain"),
			&ProductionPlan{Lines: []ProductionLine{{Product: "FT18", Variant: "mark", Qty: 0}, {Product: "FT18", Variant: "plain", Qty: 5}}},
			[]BalanceWarning{{Kind: WarnBalance, Family: "FT18", Short: []string{"FT18/mark", "FT18/plain"}, Planned: []string{"FT18/plain"}}}},
		{"different products without a family are not a family", short("P2", "FT18/mark"), plan("P2"), nil},
		{"two families, sorted", short("GY-HOT", "GY-BBQ", "FT18/mark", "FT18/plain"), plan("GY-HOT", "FT18/mark"),
			[]BalanceWarning{
				{Kind: WarnBalance, Family: "FT18", Short: []string{"FT18/mark", "FT18/plain"}, Planned: []string{"FT18/mark"}},
				{Kind: WarnBalance, Family: "GRYY", Short: []string{"GY-BBQ", "GY-HOT"}, Planned: []string{"GY-HOT"}},
			}},
	} {
		got := BalanceWarnings(tc.plan, tc.sf, products)
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("%s:\n got %+v\nwant %+v", tc.name, got, tc.want)
		}
	}
	if BalanceWarnings(nil, short("GY-HOT"), products) != nil {
		t.Error("nil plan")
	}
}

func TestProductionPlanCheck(t *testing.T) {
	products := sfProducts()
	good := func() *ProductionPlan {
		return &ProductionPlan{Date: d("2026-11-28"), Lines: []ProductionLine{
			{Product: "FT18", Need: 700, Proposed: 1000, Qty: 1000, Remark: "先做带标"},
			{Product: "FT18", Variant: "mark", Qty: 200, Process: ProcessOutsourced},
			{Product: "P2", Qty: 0, Process: ProcessFront},
		}}
	}
	p := good()
	if err := p.Check(products); err != nil {
		t.Fatal(err)
	}
	if p.Lines[0].Variant != "mark" || p.Lines[0].Process != ProcessFront {
		t.Fatalf("tidied %+v", p.Lines[0])
	}
	for _, tc := range []struct {
		name  string
		edit  func(p *ProductionPlan)
		field string
	}{
		{"negative qty", func(p *ProductionPlan) { p.Lines[0].Qty = -1 }, "lines.1.qty"},
		{"qty over max", func(p *ProductionPlan) { p.Lines[2].Qty = MaxQty + 1 }, "lines.3.qty"},
		{"bad process", func(p *ProductionPlan) { p.Lines[1].Process = "night" }, "lines.2.process"},
		{"long remark", func(p *ProductionPlan) { p.Lines[0].Remark = string(make([]rune, MaxLineText+1)) }, "lines.1.remark"},
		{"unknown product", func(p *ProductionPlan) { p.Lines[2].Product = "NOPE" }, "lines.3.product"},
		{"unknown variant", func(p *ProductionPlan) { p.Lines[1].Variant = "gold" }, "lines.2.variant"},
		{"same variant and process twice", func(p *ProductionPlan) { p.Lines[1].Process = ProcessFront }, "lines.2.variant"},
		{"negative need", func(p *ProductionPlan) { p.Lines[0].Need = -1 }, "lines.1.need"},
		{"no date", func(p *ProductionPlan) { p.Date = Date{} }, "date"},
	} {
		p := good()
		tc.edit(p)
		err := p.Check(products)
		if _, ok := FieldErrors(err)[tc.field]; !ok {
			t.Errorf("%s: no error on %s: %v", tc.name, tc.field, err)
			continue
		}
		checkFieldTexts(t, err)
	}
	for _, pr := range Processes {
		if !pr.Valid() || pr.Text().In("zh") == pr.Text().Key {
			t.Errorf("process %s", pr)
		}
	}
}

// A hand-typed quantity off the economic batch and a day beyond a
// product's capacity are warned of too, named in the reader's language.
func TestPlanWarnings(t *testing.T) {
	ft := &Product{Code: "FT18", Name: "香辣鱼豆腐", Variants: []Variant{{"mark", "带一元标示"}, {"plain", "无标示"}}, DefaultVariant: "mark",
		EconomicBatch: 500, DailyCapacity: 1000}
	p2 := &Product{Code: "P2", Name: "鱼丸", EconomicBatch: 100, DailyCapacity: 300}
	plan := &ProductionPlan{Lines: []ProductionLine{
		{Product: "FT18", Variant: "mark", Qty: 700, Process: ProcessFront},
		{Product: "FT18", Variant: "plain", Qty: 500, Process: ProcessFront},
		{Product: "P2", Qty: 200, Process: ProcessFront},
		{Product: "P2", Qty: 300, Process: ProcessOutsourced}, // outsourced: not our capacity
	}}
	// Sales asked for the plain variant: an order line for it is in the table.
	sf := &Shortfall{Rows: []ShortfallRow{{Product: "FT18", Variant: "plain", OrderDemand: 100, Computed: 100, Figure: 100}}}
	got := PlanWarnings(plan, sf, []*Product{ft, p2})
	want := []BalanceWarning{
		{Kind: WarnBatch, Product: "FT18/mark", Qty: 700, Limit: 500},
		{Kind: WarnCapacity, Product: "FT18", Qty: 1200, Limit: 1000},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("warnings %+v, want %+v", got, want)
	}
	// Without it, the plain variant warns: the default is the marked one.
	noAsk := PlanWarnings(plan, &Shortfall{Rows: []ShortfallRow{{Product: "FT18", Variant: "plain", Stock: 5, Surplus: 5}}}, []*Product{ft, p2})
	if len(noAsk) != 3 || !reflect.DeepEqual(noAsk[1], BalanceWarning{Kind: WarnVariant, Product: "FT18/plain", Qty: 500, Default: "FT18/mark"}) {
		t.Fatalf("no sales instruction: %+v", noAsk)
	}
	if m := noAsk[1].Message(LangZH, KeyNamer([]*Product{ft, p2})); m != "香辣鱼豆腐 无标示 计划 500，但销售没有要这个型号（没有订单或旬计划）；无特别说明应生产 香辣鱼豆腐 带一元标示" {
		t.Errorf("variant: %q", m)
	}
	name := KeyNamer([]*Product{ft, p2})
	for _, c := range []struct{ lang, want string }{
		{LangZH, "香辣鱼豆腐 带一元标示 计划 700，不是经济批量 500 的整数倍"},
		{LangEN, "香辣鱼豆腐 带一元标示: 700 planned is not a whole number of economic batches of 500"},
	} {
		if m := got[0].Message(c.lang, name); m != c.want {
			t.Errorf("%s: %q", c.lang, m)
		}
	}
	if m := got[1].Message(LangZH, name); m != "香辣鱼豆腐 计划合计 1200，超过日产能 1000" {
		t.Errorf("capacity: %q", m)
	}
	b := BalanceWarning{Kind: WarnBalance, Family: "果然有鱼", Short: []string{"FT18/mark", "FT18/plain"}, Planned: []string{"FT18/plain"}}
	if m := b.Message(LangZH, name); m != "口味/型号平衡：果然有鱼 中 香辣鱼豆腐 带一元标示、香辣鱼豆腐 无标示 都缺货，却只安排了 香辣鱼豆腐 无标示" {
		t.Errorf("balance: %q", m)
	}
}

// A report of the unmarked packaging the day's plan did not ask for warns;
// one the published plan asked for does not.
func TestReportWarnings(t *testing.T) {
	ft := &Product{Code: "FT18", Name: "香辣鱼豆腐", Variants: []Variant{{"mark", "带一元标示"}, {"plain", "无标示"}}, DefaultVariant: "mark"}
	rep := &DailyReport{Rows: []ReportRow{
		{Product: "FT18", Variant: "mark", Actual: 500},
		{Product: "FT18", Variant: "无标示", Actual: 200},
	}}
	got := ReportWarnings(rep, nil, []*Product{ft})
	if len(got) != 1 || got[0].Kind != WarnVariantMade || got[0].Product != "FT18/plain" || got[0].Qty != 200 {
		t.Fatalf("no plan: %+v", got)
	}
	if m := got[0].Message(LangZH, KeyNamer([]*Product{ft})); m != "注意：香辣鱼豆腐 无标示 生产了 200，但当日生产计划没有安排这个型号；无特别说明应生产 香辣鱼豆腐 带一元标示" {
		t.Errorf("message %q", m)
	}
	plan := &ProductionPlan{Lines: []ProductionLine{{Product: "FT18", Variant: "plain", Qty: 200}}}
	if got := ReportWarnings(rep, plan, []*Product{ft}); len(got) != 1 {
		t.Fatalf("an unpublished plan is no instruction: %+v", got)
	}
	plan.Published = time.Date(2026, 12, 1, 17, 0, 0, 0, time.UTC)
	if got := ReportWarnings(rep, plan, []*Product{ft}); len(got) != 0 {
		t.Fatalf("planned: %+v", got)
	}
}
