package i18n

// Messages of planning (docs/DOMAIN.md#planning): forecasts, ten-day plans,
// the shortfall table, the next-day production plan, deadlines and forecast
// accuracy.
func init() {
	add(map[string]entry{
		"err.forbidden.plan.edit":     {"只有销售部人员可以编制和发布预估销量表、旬计划和差额表", "only sales staff may edit and publish forecasts, ten-day plans and shortfall tables"},
		"err.forbidden.prodplan.edit": {"只有生产部协同负责人或负责人可以编制和发布次日生产计划", "only the production lead or head may edit and publish production plans"},
		"err.plan_version":            {"%s 没有第 %d 版", "%s has no version %d"},
		"err.save_first":              {"%s 尚未保存，请先保存再发布", "%s is not saved yet; save it before publishing"},
		"err.range_too_long":          {"日期范围最多 %d 天", "the date range may span at most %d days"},

		"val.month_format":    {"月份格式应为 年-月，如 2026-12", "use year-month, e.g. 2026-12"},
		"val.tenday_format":   {"旬的格式应为 年-月-旬，如 2026-12-2（1 上旬、2 中旬、3 下旬）", "use year-month-part, e.g. 2026-12-2 (1: days 1–10, 2: 11–20, 3: 21–end)"},
		"val.tenday_part":     {"旬只能是 1、2 或 3", "the part must be 1, 2 or 3"},
		"val.plan_kind":       {"未知计划类型：%s", "unknown kind of plan: %s"},
		"val.too_many_cells":  {"最多 %d 个数据格", "at most %d cells"},
		"val.too_many_rows":   {"最多 %d 行", "at most %d rows"},
		"val.horizon":         {"截止日应在当天至其后 %d 天之间", "the horizon must end from the same day to %d days later"},
		"val.process":         {"未知工序：%s（前工序或外包工序）", "unknown process: %s (front or outsourced)"},
		"val.dup_line":        {"与第 %d 行重复", "same as line %d"},
		"val.period_mismatch": {"期间 %s 与 %s 不符", "period %s does not match %s"},

		"field.cells":          {"数据格", "cells"},
		"field.rows":           {"行", "rows"},
		"field.through":        {"截止日", "horizon end"},
		"field.order_demand":   {"订单需求", "order demand"},
		"field.plan_remainder": {"旬计划余量", "ten-day remainder"},
		"field.stock":          {"库存", "stock"},
		"field.planned":        {"已排产", "planned"},
		"field.figure":         {"差额", "shortfall"},
		"field.need":           {"需求", "need"},
		"field.proposed":       {"建议量", "proposed"},
		"field.process":        {"工序", "process"},
		"field.remark":         {"备注", "remark"},
		"field.note":           {"说明", "note"},
		"field.version":        {"版本", "version"},
		"field.period":         {"期间", "period"},
		"field.month":          {"月份", "month"},
		"field.from":           {"起始日", "from"},
		"field.to":             {"截止日期", "to"},

		"plan.kind.forecast": {"预估销量表", "sales forecast"},
		"plan.kind.tenday":   {"旬计划", "ten-day plan"},

		"process.front":      {"前工序", "front process"},
		"process.outsourced": {"外包工序", "outsourced process"},

		"due.kind.forecast":  {"预估销量表", "sales forecast"},
		"due.kind.tenday":    {"旬计划", "ten-day plan"},
		"due.kind.shortfall": {"差额表", "shortfall table"},
		"due.kind.plan":      {"次日生产计划", "next-day production plan"},
		"due.kind.reply":     {"交期答复", "order reply"},
		"due.kind.project":   {"立项审批", "project decision"},

		"due.state.on_time": {"按时", "on time"},
		"due.state.late":    {"迟交", "late"},
		"due.state.missing": {"未交", "missing"},
		"due.state.pending": {"未到期", "pending"},
	})
}
