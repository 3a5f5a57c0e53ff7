package i18n

// Messages of the exec commands for master data, orders and the queue
// (docs/DOMAIN.md#orders), and of their CSV import and export.
func init() {
	add(map[string]entry{
		"cli.h.customers_list": {"列出客户；--csv 的输出可以再导入", "list customers; --csv output can be imported back"},
		"cli.h.customers_import": {"从标准输入导入客户 CSV，列：code,name,[region],grade（或 客户编码,客户名称,[区域],等级）；按编码新建或更新",
			"import customers as CSV from stdin, columns code,name,[region],grade (or 客户编码,客户名称,[区域],等级); created or updated by code"},
		"cli.h.products_list": {"列出产品；--csv 的输出可以再导入", "list products; --csv output can be imported back"},
		"cli.h.products_import": {"导入产品 CSV，列：code,name,[spec],unit,[variants],[default_variant],economic_batch,daily_capacity,lead_time_days" +
			"（或 产品编码,产品名称,[规格],单位,[型号],[默认型号],经济批量,日产能,生产准备期）；型号写成 mark:带一元标示;plain:无一元标示，默认型号为空时取第一个",
			"import products as CSV, columns code,name,[spec],unit,[variants],[default_variant],economic_batch,daily_capacity,lead_time_days" +
				" (or 产品编码,产品名称,[规格],单位,[型号],[默认型号],经济批量,日产能,生产准备期); variants as mark:带一元标示;plain:无一元标示, the first is the default if none is named"},
		"cli.h.stock_list":    {"列出成品库存", "list finished-goods stock"},
		"cli.h.promise":       {"新订单数量的建议交期及依据（库存、已占产能、排在前面的订单）", "the suggested promise date for a new quantity and what it rests on (stock, capacity taken, lines ahead)"},
		"cli.promise_head":    {"%s %s %d %s：建议交期 %s（库存 %d，生产 %d）", "%s %s %d %s: promise %s (%d from stock, %d made)"},
		"cli.h.stock_show":    {"一个产品型号的库存（现在或 --at 某时）及最近的出入库流水", "one product variant's stock, now or --at a time, with its latest movements"},
		"cli.bad_at":          {"--at %s：应为 2026-12-03 14:00、2026-12-03 或 RFC 3339 时间", "--at %s: a time such as 2026-12-03 14:00, a date, or RFC 3339"},
		"cli.stock_show_head": {"%s %s：库存 %d %s（截至 %s）", "%s %s: %d %s in stock (as of %s)"},
		"cli.h.stock_import": {"按盘点导入库存 CSV，列：product,[variant],qty（或 产品编码,[型号],数量）；每行把库存设为 qty，型号为空即默认型号；原因默认 “CSV import”",
			"import a stock count as CSV, columns product,[variant],qty (or 产品编码,[型号],数量); each row sets the stock to qty, an empty variant is the default one; reason \"CSV import\" unless --reason"},
		"cli.h.orders_list": {"列出订单行，最新的订单在前；--status（如 sent 或 待答复）只显示该状态的行；--limit 限制订单数",
			"list order lines, newest order first; --status (e.g. sent or 'awaiting reply') shows only the lines in that status; --limit caps the number of orders"},
		"cli.h.orders_show": {"显示一张订单（按 ID 或订单号）：表头、各行状态、交期和历史", "show one order (by id or number): header, each line's status, dates and history"},
		"cli.h.orders_import": {"导入订单 CSV（如 K3 导出），列：order_ref,[order_no],customer,[received_at],[channel],[owner],[remarks],product,[variant],qty,requested_date" +
			"（或 订单号,[单据编号],客户编码,[接单时间],[渠道],[负责人],[备注],产品编码,[型号],数量,要求交期）；同一 order_ref 的行为一张订单（没有 order_ref 列时按 order_no 分组），" +
			"order_no（如 K3 单据编号）作为订单号保留，否则自动编号；导入后为“已提交”",
			"import orders as CSV (e.g. a K3 export), columns order_ref,[order_no],customer,[received_at],[channel],[owner],[remarks],product,[variant],qty,requested_date" +
				" (or 订单号,[单据编号],客户编码,[接单时间],[渠道],[负责人],[备注],产品编码,[型号],数量,要求交期); rows with the same order_ref form one order" +
				" (grouped by order_no when there is no order_ref column); an order_no (e.g. the K3 number) is kept as the order number, otherwise one is given; imported as submitted"},
		"cli.h.queue": {"生产部待答复队列，按排名顺序（默认前 100 行）", "production's queue of lines awaiting a reply, in rank order (the first 100 unless --limit)"},
		"cli.help_csv": {"CSV：UTF-8，首行为表头（英文或中文列名，[ ] 内的列可省略），RFC 4180；输出以 CRLF 换行、不带 BOM，用 Excel 直接打开请加 --bom。" +
			"导入时先检查全部行：有错误的行逐行列出（第 N 行），一行都不导入。",
			"CSV: UTF-8 with a header row (English or Chinese column names; columns in [ ] may be left out), RFC 4180; output lines end in CRLF with no byte order mark" +
				" (add --bom for Excel). An import checks every row first: bad rows are listed by line number and nothing is imported."},

		"cli.col.name":      {"名称", "name"},
		"cli.col.default":   {"默认型号", "default"},
		"cli.col.lead_days": {"准备期（天）", "lead days"},
		"cli.col.updated":   {"更新", "updated"},
		"cli.col.order_no":  {"订单号", "order no"},
		"cli.col.line":      {"行", "line"},
		"cli.col.status":    {"状态", "status"},
		"cli.col.reply_due": {"答复期限", "reply due"},
		"cli.col.shipped":   {"已发货", "shipped"},
		"cli.col.rank":      {"排名", "rank"},
		"cli.col.remaining": {"剩余时间", "remaining"},
		"cli.col.mark":      {"标记", "flags"},

		"cli.imported":        {"已导入 %d 行", "imported %d rows"},
		"cli.imported_orders": {"已导入 %d 行，共 %d 张订单", "imported %d rows as %d orders"},

		"cli.json_csv":       {"--json 与 --csv 不能同时使用", "--json and --csv cannot be used together"},
		"cli.bom_csv":        {"--bom 只能与 --csv 一起使用", "--bom goes with --csv only"},
		"cli.need_csv":       {"导入从标准输入读取 CSV：请加 --csv", "import reads CSV from standard input: add --csv"},
		"cli.bad_limit":      {"--limit %s：应为 1 至 %d 的整数", "--limit %s: a whole number from 1 to %d"},
		"cli.orders_limited": {"只列出最新的 %d 张订单；要更多请加 --limit N（最多 %d）", "only the newest %d orders are listed; add --limit N (at most %d) for more"},
		"cli.bad_status":     {"未知的状态 %s（可用：%s）", "unknown status %s (one of: %s)"},

		"cli.csv.row":               {"第 %d 行：%s", "line %d: %s"},
		"cli.csv.field":             {"%s：%s", "%s: %s"},
		"cli.csv.sep":               {"；", "; "},
		"cli.csv.bad_rows":          {"%d 行有误，未导入任何数据", "%d bad row(s), nothing imported"},
		"cli.csv.read":              {"读取输入失败：%s", "cannot read the input: %s"},
		"cli.csv.too_big":           {"输入超过 %d MB，请分批导入", "the input is over %d MB; import it in parts"},
		"cli.csv.not_utf8":          {"第 %d 行不是 UTF-8 文本：在 Excel 中请另存为“CSV UTF-8（逗号分隔）”", "line %d is not UTF-8 text: in Excel, save as \"CSV UTF-8 (Comma delimited)\""},
		"cli.csv.empty":             {"没有输入：请在标准输入提供带表头的 CSV", "no input: give CSV with a header row on standard input"},
		"cli.csv.no_rows":           {"只有表头没有数据行，未导入任何数据", "a header but no rows: nothing imported"},
		"cli.csv.too_many":          {"超过 %d 行，请分批导入", "more than %d rows; import them in parts"},
		"cli.csv.field_count":       {"有 %d 列，表头有 %d 列", "has %d fields, the header has %d"},
		"cli.csv.quote":             {"引号不配对（字段内的 \" 要写成 \"\"）", "a quoted field is not closed properly (write \" inside a field as \"\")"},
		"cli.csv.bare_quote":        {"未加引号的字段中有 \"（请给整个字段加引号，内部的 \" 写成 \"\"）", "a \" in an unquoted field (quote the field and write \" as \"\")"},
		"cli.csv.syntax":            {"CSV 格式错误：%s", "bad CSV: %s"},
		"cli.csv.unknown_cols":      {"未知的列：%s", "unknown columns: %s"},
		"cli.csv.dup_cols":          {"重复的列：%s", "columns given twice: %s"},
		"cli.csv.unknown_cols_more": {"未知的列：%s 等，另有 %d 个", "unknown columns: %s and %d more"},
		"cli.csv.dup_cols_more":     {"重复的列：%s 等，另有 %d 个", "columns given twice: %s and %d more"},
		"cli.csv.too_many_cols":     {"第 %d 行超过 %d 列，未导入任何数据", "line %d has more than %d fields; nothing imported"},
		"cli.csv.field_too_long":    {"第 %d 行有一个字段超过 %d 字节（引号未闭合？），未导入任何数据", "line %d has a field over %d bytes (a quote not closed?); nothing imported"},
		"cli.csv.more_rows":         {"……另有 %d 行有误，未列出", "... and %d more bad rows not listed"},
		"cli.csv.missing_cols":      {"缺少的列：%s", "missing columns: %s"},
		"cli.csv.header":            {"第 1 行（表头）：%s。应有的列：%s（或 %s），[ ] 内的可省略", "line 1 (header): %s; expected columns: %s (or %s), those in [ ] optional"},

		"cli.val.dup":              {"与第 %d 行重复", "same as line %d"},
		"val.whole":                {"应为 %d 至 %d 的整数", "a whole number from %d to %d"},
		"cli.val.differs":          {"与同一订单的第 %d 行不同（同一订单号的各行应相同或留空）", "differs from line %d of the same order (repeat it or leave it empty)"},
		"cli.val.unknown_customer": {"没有客户编码 %s", "no customer with code %s"},
		"cli.val.no_digits":        {"不能全是数字（会被当作订单 ID）", "cannot be all digits (it would read as an order id)"},
		"cli.val.future":           {"不能晚于现在（%s）", "cannot be later than now (%s)"},
		"cli.val.datetime":         {"时间格式应为 年-月-日 或 年-月-日 时:分，如 2026-10-01 09:30", "use year-month-day or year-month-day hour:minute, e.g. 2026-10-01 09:30"},

		"cli.show.order":       {"订单 %s（ID %d，版本 %d）", "order %s (id %d, version %d)"},
		"cli.show.customer_of": {"（%s，%s 级）", " (%s, grade %s)"},
		"cli.show.line":        {"第 %d 行  %s  %s  %d %s（行 ID %d）", "line %d  %s  %s  %d %s (line id %d)"},
		"cli.show.changed":     {"（已变更）", " (changed)"},
		"cli.show.shipped":     {"%d / %d", "%d of %d"},
		"cli.show.shipment":    {"%d，%s（%s）", "%d on %s (%s)"},
		"cli.show.history":     {"历史", "history"},

		"cli.q.left":            {"剩 %s", "%s left"},
		"cli.q.late":            {"逾期 %s", "late by %s"},
		"cli.q.replied_on_time": {"已按时答复", "replied on time"},
		"cli.q.replied_late":    {"逾期 %s 后答复", "replied %s late"},
		"cli.q.expedited":       {"加急", "expedited"},
		"cli.q.deferred":        {"延后", "deferred"},
		"cli.q.changed":         {"变更", "changed"},
		"cli.q.more":            {"显示前 %d 行，共 %d 行（用 --limit 查看更多）", "showing %d of %d lines (use --limit for more)"},

		"cli.dur.dh": {"%d天%d小时", "%dd %dh"},
		"cli.dur.hm": {"%d小时%d分", "%dh %dm"},
		"cli.dur.m":  {"%d分钟", "%dm"},
	})
}
