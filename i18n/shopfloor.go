package i18n

// Messages of the shop floor (docs/DOMAIN.md#shop-floor): production daily
// reports, anomaly reports and customer quality feedback.
func init() {
	add(map[string]entry{
		"err.forbidden.report.submit":    {"只有生产部人员可以提交和更正生产日报", "only production staff may submit and correct daily reports"},
		"err.forbidden.defect_reasons":   {"只有品管部协同负责人或负责人可以维护不良原因列表", "only the quality lead or head may edit the defect reason list"},
		"err.forbidden.anomaly.file":     {"停用的账号不能提交异常报告", "a disabled account may not file anomalies"},
		"err.forbidden.anomaly.handle":   {"只有生产部协同负责人或负责人（质量异常：品管部协同负责人或负责人）可以处理异常", "only the production lead or head (for quality anomalies also the quality lead or head) may handle anomalies"},
		"err.forbidden.feedback.file":    {"只有销售部人员可以提交客户质量反馈", "only sales staff may file customer feedback"},
		"err.forbidden.feedback.respond": {"只有品管部人员可以答复此质量反馈", "only quality staff may answer this feedback"},
		"err.forbidden.feedback.rnd":     {"只有技术部人员可以答复此技术反馈", "only R&D staff may answer this feedback"},
		"err.report_exists":              {"%s 的日报已提交；如需修改请填写原因进行更正", "the report %s is already submitted; correct it with a reason"},
		"err.anomaly_state":              {"异常 #%d 当前状态（%s）不允许此操作", "anomaly #%d: not possible in status %s"},
		"err.feedback_state":             {"反馈 #%d 已关闭", "feedback #%d is closed"},

		"val.no_bar":             {"不能包含“|”", "may not contain \"|\""},
		"val.shift":              {"班次应为白班（day）或夜班（night）", "the shift must be day or night"},
		"val.no_rows":            {"至少需要一行", "at least one row is needed"},
		"val.defect_over_actual": {"不良数不能超过实际产量（%d）", "defects may not exceed the actual output (%d)"},
		"val.unknown_reason":     {"不良原因列表中没有代码 %s", "no defect reason coded %s"},
		"val.defect_reason":      {"有不良时须选择不良原因或填写说明", "a defect needs a reason or a note"},
		"val.anomaly_category":   {"类别应为设备、物料、质量、人员或其他", "the category must be equipment, material, quality, staffing or other"},
		"val.bad_line_ids":       {"订单行编号有误或重复", "bad or repeated line ids"},
		"val.unknown_line":       {"没有编号为 %d 的订单行", "no order line with id %d"},
		"val.route":              {"应转品管部（quality）或技术部（rnd）", "route to quality or rnd"},

		"field.line":           {"产线", "production line"},
		"field.shift":          {"班次", "shift"},
		"field.actual":         {"实际产量", "actual"},
		"field.defect":         {"不良数", "defects"},
		"field.defect_reason":  {"不良原因", "defect reason"},
		"field.defect_note":    {"不良说明", "defect note"},
		"field.downtime_min":   {"停机分钟", "downtime (min)"},
		"field.downtime_cause": {"停机原因", "downtime cause"},
		"field.notes":          {"备注", "notes"},
		"field.category":       {"类别", "category"},
		"field.severity":       {"严重程度", "severity"},
		"field.text":           {"描述", "description"},
		"field.delay_days":     {"预计延误天数", "expected delay (days)"},
		"field.products":       {"涉及产品", "products"},
		"field.batch":          {"批号/生产日期", "batch / production date"},
		"field.problem":        {"问题描述", "problem"},
		"field.qty_affected":   {"涉及数量", "quantity affected"},
		"field.route":          {"处理部门", "routed to"},
		"field.who":            {"人员", "who"},
		"field.findings":       {"现场结论", "findings"},
		"field.cause":          {"原因", "cause"},
		"field.actual_delay":   {"实际延误天数", "actual delay (days)"},
		"field.action":         {"处理措施", "action taken"},
		"field.root_cause":     {"根本原因", "root cause"},
		"field.corrective":     {"纠正措施", "corrective action"},
		"field.line_id":        {"订单行", "order line"},

		"shift.day":   {"白班", "day shift"},
		"shift.night": {"夜班", "night shift"},

		"anomaly.category.equipment": {"设备", "equipment"},
		"anomaly.category.material":  {"物料", "material"},
		"anomaly.category.quality":   {"质量", "quality"},
		"anomaly.category.staffing":  {"人员", "staffing"},
		"anomaly.category.other":     {"其他", "other"},

		"anomaly.status.open":         {"待确认", "open"},
		"anomaly.status.acknowledged": {"已确认", "acknowledged"},
		"anomaly.status.action_taken": {"已采取措施", "action taken"},
		"anomaly.status.resolved":     {"已解决", "resolved"},
		"anomaly.status.closed":       {"已关闭", "closed"},

		"feedback.route.quality": {"品管部", "quality"},
		"feedback.route.rnd":     {"技术部", "R&D"},

		"feedback.status.open":      {"待答复", "open"},
		"feedback.status.responded": {"已答复", "responded"},
		"feedback.status.closed":    {"已关闭", "closed"},

		"line.event.unrisk": {"解除交期风险", "risk cleared"},
	})
}
