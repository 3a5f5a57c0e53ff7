package i18n

// Messages of the meetings section, the KPI dashboard and the daily list.
func init() {
	add(map[string]entry{
		"sec.meetings": {"会议", "Meetings"},

		"home.daily":        {"日常协同与未读通知", "Daily coordination and unread notices"},
		"home.todo":         {"待办", "to do"},
		"home.overdue":      {"逾期", "OVERDUE"},
		"home.action":       {"协同事项", "action item"},
		"home.from_meeting": {"会议 #%d 决议", "meeting #%d decision"},
		"home.key_done":     {"完成", "done"},
		"home.done_title":   {"完成：%s", "Done: %s"},
		"home.done_note":    {"说明（可不填）", "note (optional)"},
		"home.done":         {"已完成：%s", "done: %s"},

		"ui.mt.hint":             {"例会：月度营销协同例会每月 3 日自动建立；n 按模板新建周例会；enter 打开", "meetings: the monthly meeting is created for the 3rd; n starts one from a template; enter opens"},
		"ui.mt.none":             {"还没有会议。", "No meetings yet."},
		"ui.mt.col_date":         {"日期", "Date"},
		"ui.mt.col_title":        {"会议", "Meeting"},
		"ui.mt.col_progress":     {"进度", "Progress"},
		"ui.mt.col_state":        {"状态", "State"},
		"ui.mt.open":             {"进行中", "open"},
		"ui.mt.closed":           {"已结束", "closed"},
		"ui.mt.closed_at":        {"纪要已于 %s 由 %s 定稿，只能追加补充", "minutes frozen %s by %s; addenda only"},
		"ui.mt.closed_msg":       {"%s 已结束，纪要已定稿", "%s closed; minutes frozen"},
		"ui.mt.frozen":           {"会议已结束：纪要不能再改，可按 + 追加补充", "the meeting is closed: add an addendum with +"},
		"ui.mt.new":              {"新建会议", "New meeting"},
		"ui.mt.template":         {"模板", "template"},
		"ui.mt.no_templates":     {"还没有会议模板", "no meeting templates yet"},
		"ui.mt.started":          {"已建立：%s", "started: %s"},
		"ui.mt.attendance":       {"出席", "Attendance"},
		"ui.mt.attend_hint":      {"空格 勾选出席人员 · / 查找 · ctrl+s 保存 · esc 放弃", "space ticks who attended · / find · ctrl+s save · esc cancel"},
		"ui.mt.attendance_saved": {"出席已记录：%d 人", "attendance recorded: %d people"},
		"ui.mt.col_person":       {"姓名", "Name"},
		"ui.mt.col_dept":         {"部门", "Department"},
		"ui.mt.col_login":        {"账号", "Login"},
		"ui.mt.close_confirm":    {"结束会议并冻结纪要和第 a–d 项数字？之后只能追加补充。y 确定，其他键取消", "Close and freeze the minutes and figures? y closes, any other key keeps it open"},
		"ui.mt.notes_title":      {"记录：%s", "Notes: %s"},
		"ui.mt.notes":            {"记录", "notes"},
		"ui.mt.decision":         {"决议（生成协同事项）", "Decision (becomes an action item)"},
		"ui.mt.decision_text":    {"决议内容", "decision"},
		"ui.mt.owner":            {"负责人（账号）", "owner (login)"},
		"ui.mt.due":              {"完成期限", "due date"},
		"ui.mt.decided":          {"决议已记录，已交给 %s，%s 前完成", "decision recorded for %s, due %s"},
		"ui.mt.decisions":        {"决议", "Decisions"},
		"ui.mt.addendum":         {"补充", "Addendum"},
		"ui.mt.addendum_saved":   {"补充已加入纪要", "addendum added to the minutes"},
		"ui.mt.addendum_line":    {"补充（%s %s）：%s", "addendum (%s %s): %s"},
		"ui.mt.key_item":         {"选择议程", "item"},
		"ui.mt.key_tick":         {"勾选", "tick"},
		"ui.mt.key_notes":        {"记录", "notes"},
		"ui.mt.key_attend":       {"出席", "attendance"},
		"ui.mt.key_decision":     {"决议", "decision"},
		"ui.mt.key_close":        {"结束会议", "close"},
		"ui.mt.key_addendum":     {"补充", "addendum"},
		"ui.mt.scroll_keys":      {"pgup pgdn 翻页 · g 顶部 · G 底部", "pgup pgdn page · g top · G end"},

		"ui.dl.tab":          {"期限看板", "Deadlines"},
		"ui.kpi.tab":         {"指标看板", "KPIs"},
		"ui.kpi.so_far":      {"（截至今天）", " (so far)"},
		"ui.kpi.board":       {"%s 指标 · %s", "KPIs %s · %s"},
		"ui.kpi.board_keys":  {"[ ] 换月 · D 换部门 · enter 明细 · T 目标表 · ←/→ 期限看板", "[ ] month · D department · enter details · T targets · ←/→ deadlines"},
		"ui.kpi.all_depts":   {"全部部门", "all departments"},
		"ui.kpi.col_target":  {"目标", "Target"},
		"ui.kpi.col_current": {"基准", "Baseline"},
		"ui.kpi.col_trend":   {"近 12 月", "12 months"},
		"ui.kpi.drill":       {"%d ÷ %d = %s", "%d ÷ %d = %s"},
		"ui.kpi.drill_none":  {"这个月没有数据。", "No data this month."},

		"ui.kpi.name.forecast_accuracy":   {"订单预估准确率", "Forecast accuracy"},
		"ui.kpi.name.reply_timeliness":    {"交期答复及时率", "Reply timeliness"},
		"ui.kpi.name.otif":                {"准时足量交付率", "On time in full"},
		"ui.kpi.name.plan_completion":     {"订单计划完成率", "Order plan completion"},
		"ui.kpi.name.defect_rate":         {"交付不良率", "Delivered defect rate"},
		"ui.kpi.name.feedback_timeliness": {"现场（质量）服务响应及时率", "Quality service timeliness"},
		"ui.kpi.name.tech_service":        {"现场（技术）服务响应及时率", "Technical service timeliness"},
		"ui.kpi.name.submission":          {"提交及时率", "Submission timeliness"},
		"ui.kpi.name.rnd_plan":            {"研发计划完成率", "R&D plan completion"},
		"ui.kpi.name.project_plan":        {"立项计划完成率", "Project plan completion"},

		"ui.kpi.def.forecast_accuracy":   {"1 − Σ|预估 − 实际发货| ÷ Σ实际发货", "1 − Σ|forecast − shipped| ÷ Σ shipped"},
		"ui.kpi.def.reply_timeliness":    {"按期答复的订单行 ÷ 本月答复的订单行", "lines answered before the deadline ÷ lines answered"},
		"ui.kpi.def.otif":                {"按承诺交期足量发货的行 ÷ 本月到期的行", "lines shipped in full by the promise ÷ lines due"},
		"ui.kpi.def.plan_completion":     {"按承诺交期足量交付的行 ÷ 应交付的行", "lines delivered in full by the promise ÷ lines due"},
		"ui.kpi.def.defect_rate":         {"客户反馈的不良数量 ÷ 发货数量", "defective qty reported ÷ qty shipped"},
		"ui.kpi.def.feedback_timeliness": {"品管部在目标时间内响应的客户反馈 ÷ 应响应的", "feedback routed to quality answered within target ÷ such feedback due"},
		"ui.kpi.def.tech_service":        {"技术部在目标时间内响应的客户反馈 ÷ 应响应的", "feedback routed to R&D answered within target ÷ such feedback due"},
		"ui.kpi.def.submission":          {"按时完成的事项 ÷ 到期事项（期限看板上的全部：报表、交期答复、立项审批、活动配合、部门计划）", "items on time ÷ items due (everything on the deadline board: tables, replies, project decisions, campaigns, plan items)"},
		"ui.kpi.def.rnd_plan":            {"技术部按期完成的计划事项 ÷ 到期的计划事项（含其他部门需要、技术部已接受的）", "plan items R&D did by their date ÷ items due (with those other departments asked of R&D and it accepted)"},
		"ui.kpi.def.project_plan":        {"按目标日期完成的立项 ÷ 目标日期已到的已批准立项", "approved projects done by their target date ÷ those whose target date has come"},

		"ui.kpi.src.forecast_accuracy":   {"来源：%s 计划 › 预估准确率", "source: %s Planning › Accuracy"},
		"ui.kpi.src.reply_timeliness":    {"来源：%s 交期答复、订单", "source: %s Reply queue, Orders"},
		"ui.kpi.src.otif":                {"来源：%s 订单（发货记录）", "source: %s Orders (shipments)"},
		"ui.kpi.src.plan_completion":     {"来源：%s 订单（发货记录）", "source: %s Orders (shipments)"},
		"ui.kpi.src.defect_rate":         {"来源：%s 异常与反馈 › 客户反馈", "source: %s Anomalies › Customer feedback"},
		"ui.kpi.src.feedback_timeliness": {"来源：%s 异常与反馈 › 客户反馈", "source: %s Anomalies › Customer feedback"},
		"ui.kpi.src.submission":          {"来源：%s 期限与指标", "source: %s Deadlines"},
		"ui.kpi.src.rnd_plan":            {"来源：%s 部门计划（技术部承担的事项）", "source: %s Department plans (items R&D delivers)"},
		"ui.kpi.src.tech_service":        {"来源：%s 异常与反馈 › 客户反馈（转技术部的）", "source: %s Anomalies › Customer feedback (routed to R&D)"},
		"ui.kpi.src.project_plan":        {"来源：%s 立项", "source: %s Projects"},
	})
}

func init() {
	add(map[string]entry{
		"ui.mt.pending": {"未完成", "open"},
		"ui.mt.done_at": {"已完成（%s）", "done (%s)"},
	})
}

func init() {
	add(map[string]entry{
		"live.action": {"新的协同事项交给你（%s），见首页日常协同", "a new action item for you (%s): see your home screen"},
	})
}

func init() {
	add(map[string]entry{
		"ui.mt.template_new":   {"新建会议模板", "New meeting template"},
		"ui.mt.template_name":  {"模板名称", "name"},
		"ui.mt.template_items": {"议程（每行一项）", "agenda (one item per line)"},
		"ui.mt.template_saved": {"模板“%s”已保存（%d 项）", "template \"%s\" saved (%d items)"},
		"ui.kpi.targets":       {"指标目标表", "KPI targets"},
		"ui.kpi.targets_keys":  {"输入百分数 · ctrl+s 保存 · esc 返回", "type percentages · ctrl+s save · esc back"},
		"ui.kpi.targets_saved": {"指标目标已保存", "KPI targets saved"},
		"ui.kpi.pct_max":       {"百分数不能超过 100", "a percentage cannot exceed 100"},
	})
}
