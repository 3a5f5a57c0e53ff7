package i18n

// Messages of the shop-floor exec commands.
func init() {
	add(map[string]entry{
		"cli.h.reports_show":  {"某日生产日报（默认今天）", "production daily reports of a day (default today)"},
		"cli.h.reports_month": {"某月各产品产量与计划对比及差异原因", "a month's output against plan per product, with the reasons given"},
		"cli.h.anomalies":     {"异常报告列表（--open 只列未解决的，按严重程度和时长排序）", "anomaly reports (--open: unresolved only, by severity then age)"},
		"cli.h.anomaly_file":  {"提交异常报告（生产线网关或脚本可用），立即通知销售", "file an anomaly (for a line gateway or a script); sales are alerted at once"},
		"cli.h.feedback":      {"客户质量反馈 / 现场服务列表", "customer quality feedback and on-site service requests"},
		"cli.reports_none":    {"%s 没有生产日报", "no daily reports on %s"},
		"cli.anomaly_filed":   {"异常报告 #%d 已提交，%d 个订单行标为交期风险", "anomaly #%d filed; %d order lines marked at risk"},
		"cli.val.severity":    {"严重程度应为 1、2 或 3", "severity must be 1, 2 or 3"},
		"cli.val.line_ids":    {"订单行应为逗号分隔的行号（ID）", "lines must be comma-separated line IDs"},
	})
}
