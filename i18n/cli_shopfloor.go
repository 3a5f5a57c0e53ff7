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

		"cli.h.reports_submit": {"从标准输入提交生产日报 CSV（生产部人员，生产线网关或脚本可用），每行一个产品，列：" +
			"date,line,shift,product,[variant],[planned],actual,[defect],[defect_reason],[defect_note],[downtime_min],[downtime_cause],[notes]" +
			"（或 日期,产线,班次,产品编码,[型号],[计划],实际,[不良],[不良原因],[不良说明],[停机],[停机原因],[备注]）；同一日期、产线、班次的行合为一份日报。" +
			"班次写 day/白班 或 night/夜班；型号、不良原因写代码或名称；计划为空时取当天已发布生产计划的数量；日期不能晚于今天；良品（实际 − 不良）入库。" +
			"已提交的日报（同一日期、产线、班次）不能再提交，要修改请在车间日报画面填写原因更正。先检查全部行：有错则逐行列出、一份都不提交，退出码为 2",
			"submit production daily reports as CSV from stdin (production staff; for a line gateway or a script), one row per product, columns " +
				"date,line,shift,product,[variant],[planned],actual,[defect],[defect_reason],[defect_note],[downtime_min],[downtime_cause],[notes]" +
				" (or 日期,产线,班次,产品编码,[型号],[计划],实际,[不良],[不良原因],[不良说明],[停机],[停机原因],[备注]); the rows of one date, line and shift form one report." +
				" Shift is day/白班 or night/夜班; variant and defect reason by code or name; an empty planned is the quantity of the day's published production plan;" +
				" the date may not be after today; the good quantity (actual − defect) comes into stock." +
				" A report already submitted (same date, line and shift) is refused: correct it with a reason on the Shop floor screen." +
				" Every row is checked first: bad rows are listed by line number, nothing is submitted, and the exit status is 2"},
		"cli.reports.submitted": {"已提交 %d 份生产日报，共 %d 行；良品入库 %d", "submitted %d daily report(s), %d row(s); %d good units into stock"},
		"cli.reports.exists": {"%s %s %s 的日报已由 %s 于 %s 提交：一份日报只提交一次，要修改请在车间日报画面填写原因更正",
			"the report of %s %s %s was submitted by %s at %s: a report is submitted once; correct it with a reason on the Shop floor screen"},
		"cli.reports.dup":        {"与第 %d 行是同一日报的同一产品型号", "same report, product and variant as line %d"},
		"cli.reports.too_many":   {"一份日报（同一日期、产线、班次）最多 %d 行", "a report (one date, line and shift) has at most %d rows"},
		"cli.val.unknown_reason": {"不良原因列表中没有 %s（可用：%s）", "no defect reason %s (one of: %s)"},
	})
}
