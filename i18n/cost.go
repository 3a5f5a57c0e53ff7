package i18n

// Messages of the manufacturing cost target achievement (制造成本目标达成率,
// docs/DOMAIN.md#kpis): the indicator, its cost sheet and the grid it is
// entered on.
func init() {
	add(map[string]entry{
		"kpi.name.cost_target":    {"制造成本目标达成率", "Manufacturing cost target achievement"},
		"ui.kpi.name.cost_target": {"制造成本目标达成率", "Cost target achievement"},
		"ui.kpi.def.cost_target":  {"Σ目标单位成本 ÷ Σ实际单位成本（目标和实际都已填的产品）", "Σ target unit cost ÷ Σ actual unit cost (products with both)"},
		"ui.kpi.src.cost_target":  {"来源：%s 指标看板 › 制造成本表（生产部主管、综合办公室填写）", "source: %s KPIs › cost sheet (kept by production's lead or head and the office)"},

		"err.forbidden.cost.edit": {"只有生产部主管或综合办公室可以填写制造成本表", "only production's lead or head or the office may keep the cost sheets"},
		"val.cost_product":        {"没有编码或名称为 %s 的产品", "no product with code or name %s"},
		"val.cost_negative":       {"成本不能为负数", "a cost cannot be negative"},
		"val.cost_target_zero":    {"目标单位成本应大于 0", "the target unit cost must be above 0"},
		"val.cost_max":            {"单位成本不能超过 %d 元", "a unit cost cannot exceed %d yuan"},
		"val.cost_number":         {"请填金额（元），如 12.50", "type an amount in yuan, such as 12.50"},
		"val.cost_decimals":       {"最多两位小数（精确到分）", "at most two decimals (to the fen)"},

		"ui.cost.none":       {"%s 还没有制造成本表。", "No cost sheet for %s yet."},
		"ui.cost.col_code":   {"产品编码或名称", "Code or name"},
		"ui.cost.col_target": {"目标单位成本(元)", "Target cost"},
		"ui.cost.col_actual": {"实际单位成本(元)", "Actual cost"},
		"ui.cost.col_ratio":  {"达成率", "Achieved"},
		"ui.cost.sum":        {"合计：目标 %s 元 ÷ 实际 %s 元 = %s", "Total: target %s ÷ actual %s yuan = %s"},
		"ui.cost.no_actual":  {"还没有产品同时填了目标和实际成本：无数据。", "No product has both a target and an actual cost yet: no data."},
		"ui.cost.above":      {"高于 100%：实际成本低于目标（不截到 100%）", "over 100%: cheaper than the target (not capped at 100%)"},
		"ui.cost.so_far":     {"本月尚未结束，按目前已填的实际成本计算", "the month is still running: counted from the actual costs entered so far"},
		"ui.cost.edit_hint":  {"e 编辑本月制造成本表", "e edit this month's cost sheet"},
		"ui.cost.title":      {"%s 制造成本表", "Cost sheet %s"},
		"ui.cost.keys":       {"ctrl+s 保存 · ctrl+n 加一行 · ctrl+d 删一行 · esc 返回", "ctrl+s save · ctrl+n add a row · ctrl+d delete a row · esc back"},
		"ui.cost.hint": {"产品填编码或名称；单位成本以元计，最多两位小数；实际成本未知可留空（该产品暂不计入）",
			"type a product's code or name; unit costs in yuan, at most two decimals; leave the actual empty while unknown (the product does not count yet)"},
		"ui.cost.saved": {"已保存 %s 制造成本表（%d 个产品）", "Cost sheet %s saved (%d products)"},
	})
}
