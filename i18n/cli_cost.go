package i18n

// Messages of `cost show` and `cost import`: the month's cost sheet behind
// the manufacturing cost target achievement (docs/DOMAIN.md#kpis).
func init() {
	add(map[string]entry{
		"cli.h.cost_show": {"显示一个月的制造成本表：每个产品的目标单位成本、实际单位成本（元）和达成率，以及制造成本目标达成率（Σ目标 ÷ Σ实际；高于 100%：低于目标成本）；--json 中金额以分计",
			"show a month's cost sheet: each product's target and actual unit cost (yuan) and achievement, and the cost target achievement (Σ target ÷ Σ actual; over 100%: cheaper than the target); --json gives amounts in fen"},
		"cli.h.cost_import": {"用 CSV 替换一个月的制造成本表（生产部主管或综合办公室）：列 product（产品编码或名称）、target_cost、actual_cost（元，最多两位小数；实际成本未知可留空），" +
			"可带 cost show --csv 的 product_name、achievement 列（不读取）；全部正确才保存，有误时退出码为 2，逐行说明",
			"replace a month's cost sheet from a CSV file (production's lead or head, the office): columns product (code or name), target_cost, actual_cost" +
				" (yuan, at most two decimals; leave the actual empty while unknown), and the product_name and achievement columns of cost show --csv (not read);" +
				" saved only when every row is right, else exit 2 with each bad row"},
		"cli.cost.none":     {"%s 还没有制造成本表", "no cost sheet for %s yet"},
		"cli.cost.head":     {"%s 制造成本表 · 第 %d 版 · %s 保存于 %s", "cost sheet %s · version %d · saved by %s at %s"},
		"cli.cost.imported": {"已导入 %d 个产品到 %s 制造成本表（第 %d 版）", "imported %d products into the cost sheet of %s (version %d)"},

		"cli.xcol.target_cost": {"目标单位成本", "target_cost"},
		"cli.xcol.actual_cost": {"实际单位成本", "actual_cost"},
		"cli.xcol.achievement": {"达成率", "achievement"},
	})
}
