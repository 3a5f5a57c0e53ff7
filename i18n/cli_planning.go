package i18n

// Messages of the planning exec commands.
func init() {
	add(map[string]entry{
		"cli.h.forecast_show":   {"显示某月预估销量表（参考版本，未发布则为最新版本）", "show a month's sales forecast (the reference version, else the latest)"},
		"cli.h.forecast_import": {"从 CSV 导入预估销量表为新版本（product,variant,qty；全部正确才导入）", "import a forecast from CSV as a new version (product,variant,qty; all rows or none)"},
		"cli.h.tenday_show":     {"显示旬计划（2026-12-1 为 12 月上旬）", "show a ten-day plan (2026-12-1 is December days 1–10)"},
		"cli.h.shortfall_show":  {"显示某日差额表（默认今天）", "show a day's shortfall table (default today)"},
		"cli.h.plan_show":       {"显示某日生产计划（默认今天）", "show the production plan of a day (default today)"},
		"cli.h.deadlines":       {"期限看板：某日或某月的到期事项", "the deadline board for a day or a month"},
		"cli.date_or_month":     {"--date 与 --month 只能选一个：期限看板显示某一天或某个月", "use only one of --date and --month: the board shows a day or a month"},
		"cli.h.kpi_forecast":    {"某月预估准确率与偏差", "forecast accuracy and bias of a month"},
		"cli.plan_none":         {"%s 还没有任何版本", "%s has no version yet"},
		"cli.plan_ref":          {"%s 参考版本 %d（%s 由 %s 发布）", "%s reference version %d (published %s by %s)"},
		"cli.plan_draft":        {"%s 第 %d 版（%s，未发布）", "%s version %d (%s, not published)"},
		"cli.plan_imported":     {"已导入 %d 行到 %s 第 %d 版", "imported %d rows into %s version %d"},
		"cli.sf_draft":          {"草稿（未保存）", "draft (not saved)"},
		"cli.pp_draft":          {"草稿（按已发布差额表建议）", "draft (proposed from the published shortfall)"},
		"cli.published_at":      {"已于 %s 由 %s 发布", "published %s by %s"},
		"cli.kpi_no_actuals":    {"%s 无实际发货（预估 %d），不计算准确率", "%s has no actuals (forecast %d); no accuracy"},
		"cli.col.done":          {"完成时间", "Done"},
		"cli.due.on_time":       {"按时", "on time"},
		"cli.due.late":          {"迟交", "late"},
		"cli.due.missing":       {"未交", "missing"},
		"cli.due.pending":       {"未到期", "pending"},
	})
}
