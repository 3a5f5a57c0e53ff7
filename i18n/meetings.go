package i18n

// Messages of meetings, action items and the KPI dashboard
// (docs/DOMAIN.md#meetings). The monthly meeting's title and items are
// shown in each reader's language; the weekly templates' item texts
// (meeting.tpl.*) are seeded once in Chinese and kept as the office edits
// them.
func init() {
	add(map[string]entry{
		"err.forbidden.meeting.run":     {"只有综合办公室可以组织会议、记录决议和维护指标目标", "only the office may run meetings, record decisions and keep KPI targets"},
		"err.forbidden.action.complete": {"只有行动项负责人或综合办公室可以标记完成", "only the action item's owner or the office may mark it done"},
		"err.meeting_closed":            {"会议 #%d 已结束，纪要已冻结，只能添加补充说明", "meeting #%d is closed: the minutes are frozen, only addenda may be added"},
		"err.meeting_open":              {"会议 #%d 尚未结束；补充说明只能添加到已结束的纪要", "meeting #%d is not closed; addenda go on closed minutes only"},
		"err.action_done":               {"行动项 #%d 已完成", "action item #%d is already done"},

		"val.meeting_kind":       {"类型应为产销周例会、营销技术周例会或自定义", "the kind must be sales_prod, marketing_rnd or custom"},
		"val.no_items":           {"至少需要一个议题", "at least one item is needed"},
		"val.too_many_items":     {"最多 %d 个议题", "at most %d items"},
		"val.too_many_attendees": {"最多 %d 名参会人员", "at most %d attendees"},
		"val.due_before_meeting": {"完成期限不能早于会议日期（%s）", "the due date may not be before the meeting (%s)"},
		"val.unknown_user":       {"没有账号 %s", "no account %s"},
		"val.user_disabled":      {"账号 %s 已停用", "account %s is disabled"},
		"val.unknown_kpi":        {"没有指标 %s", "no indicator %s"},
		"val.ratio":              {"应在 0 到 1 之间（0%–100%）", "must be between 0 and 1 (0%–100%)"},

		"field.kind":      {"类型", "kind"},
		"field.items":     {"议题", "items"},
		"field.attendees": {"参会人员", "attendees"},
		"field.due":       {"完成期限", "due date"},
		"field.kpi":       {"指标", "indicator"},
		"field.current":   {"现状", "current"},
		"field.target":    {"目标", "target"},

		"meeting.kind.monthly":       {"月度营销协同例会", "monthly coordination meeting"},
		"meeting.kind.sales_prod":    {"产销周例会", "weekly sales–production meeting"},
		"meeting.kind.marketing_rnd": {"营销技术周例会", "weekly marketing–R&D meeting"},
		"meeting.kind.custom":        {"自定义", "custom"},

		"meeting.monthly_title": {"%d年%d月 月度营销协同例会", "monthly coordination meeting %d-%d"},
		"meeting.item.a":        {"上月产量与计划差异及原因", "last month's output vs plan and variance reasons"},
		"meeting.item.b":        {"本月生产与协同事项", "this month's production and coordination items"},
		"meeting.item.c":        {"订单交付达成情况", "order delivery achievement"},
		"meeting.item.d":        {"销售预估准确率", "sales forecast accuracy"},
		"meeting.item.e":        {"市场动态", "market dynamics"},
		"meeting.item.f":        {"其他", "other"},
		"meeting.item.dept":     {"%s 上月协同结果与本月计划", "%s: last month's coordination results and this month's plan"},

		"meeting.tpl.sales_prod":      {"产销周例会", "Weekly sales–production meeting"},
		"meeting.tpl.sales_prod.1":    {"上周订单交付与交期答复情况", "last week's deliveries and order replies"},
		"meeting.tpl.sales_prod.2":    {"本周订单、旬计划与排产重点", "this week's orders, ten-day plan and production priorities"},
		"meeting.tpl.sales_prod.3":    {"差额表与生产计划执行问题", "shortfall table and production plan issues"},
		"meeting.tpl.sales_prod.4":    {"异常报告与风险订单", "anomalies and orders at risk"},
		"meeting.tpl.sales_prod.5":    {"需协调事项", "items needing coordination"},
		"meeting.tpl.marketing_rnd":   {"营销技术周例会", "Weekly marketing–R&D meeting"},
		"meeting.tpl.marketing_rnd.1": {"客户质量反馈与现场服务", "customer quality feedback and on-site service"},
		"meeting.tpl.marketing_rnd.2": {"新产品与工艺改进项目进度", "new product and process improvement projects"},
		"meeting.tpl.marketing_rnd.3": {"市场动态与竞品信息", "market dynamics and competitors"},
		"meeting.tpl.marketing_rnd.4": {"需技术支持事项", "items needing technical support"},
		"meeting.tpl.marketing_rnd.5": {"其他", "other"},

		"meeting.fig.no_reports":  {"上月无生产日报", "no daily reports last month"},
		"meeting.fig.output":      {"%s 计划 %d 实际 %d 差异 %d", "%s planned %d actual %d variance %d"},
		"meeting.fig.forecast":    {"%s 已发布，合计 %d", "%s published, total %d"},
		"meeting.fig.no_forecast": {"%s 尚未发布", "%s not published yet"},
		"meeting.fig.tenday":      {"%s 已发布，合计 %d", "%s published, total %d"},
		"meeting.fig.dept_plan":   {"上月部门计划按期完成（本部门承担的事项）：%s", "last month's plan done on time (items the department delivers): %s"},
		"meeting.fig.as_of":       {"第 a–d 项数字截至 %s，按记录实时计算，会议结束时冻结", "figures a–d as of %s, live until the meeting closes"},
		"meeting.fig.frozen":      {"第 a–d 项数字于 %s 会议结束时冻结", "figures of items a–d frozen when the meeting closed, %s"},

		"kpi.name.forecast_accuracy":   {"订单预估准确率", "Forecast accuracy"},
		"kpi.name.reply_timeliness":    {"交期答复及时率", "Reply timeliness"},
		"kpi.name.otif":                {"准时足量交付率", "On time in full"},
		"kpi.name.plan_completion":     {"订单计划完成率", "Plan completion"},
		"kpi.name.defect_rate":         {"交付不良率", "Delivered defect rate"},
		"kpi.name.feedback_timeliness": {"现场（质量）服务响应及时率", "Quality service timeliness"},
		"kpi.name.tech_service":        {"现场（技术）服务响应及时率", "Technical service timeliness"},
		"kpi.name.submission":          {"报送及时率", "Submission timeliness"},
		"kpi.name.rnd_plan":            {"研发计划完成率", "R&D plan completion"},
		"kpi.name.project_plan":        {"立项计划完成率", "Project plan completion"},
	})
}
