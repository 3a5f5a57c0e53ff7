package i18n

// Messages of campaign cooperation (营销活动配合, docs/DOMAIN.md#campaigns).
func init() {
	add(map[string]entry{
		"err.forbidden.campaign.file":    {"只有销售部人员可以提出营销活动配合", "only sales staff may file campaign cooperation"},
		"err.forbidden.campaign.approve": {"只有总经理可以同意营销活动", "only the general manager may approve a campaign"},
		"err.forbidden.campaign.answer":  {"只有生产部主管可以答复营销活动配合", "only a production lead or head may answer campaign cooperation"},
		"err.campaign_state":             {"营销活动 %s 当前的状态不能做这一步", "campaign %s cannot take this step in its current state"},

		"val.campaign_item_kind":       {"配合事项应为样品、人员或工作", "an item is a sample, people or work"},
		"val.campaign_item":            {"没有这一项（共 %d 项）", "no such item (there are %d)"},
		"val.campaign_item_open":       {"这一项没有答应配合，或已完成", "this item was not taken on, or is done"},
		"val.campaign_answer":          {"答复应为 可以、部分 或 不能", "answer can, partly or cannot"},
		"val.campaign_after_needed":    {"完成时间晚于需要时间 %s：请写明原因", "done after it is needed (%s): say why"},
		"val.campaign_not_urgent":      {"这项活动提前 45 天以上通知，不需要先答复能否配合", "this campaign was told 45 days ahead or more: no answer on cooperating at all is needed"},
		"val.campaign_cooperate_first": {"紧急活动：请先书面答复能否配合", "an urgent campaign: first answer in writing whether production can cooperate at all"},

		"cli.h.campaigns_list":      {"营销活动配合列表", "list campaign cooperation"},
		"cli.h.campaigns_show":      {"查看一项营销活动配合：事项、答复与完成时间表", "show a campaign: its items, production's answers and timetable"},
		"cli.h.campaigns_file":      {"提出营销活动配合（事项 CSV：kind,product,variant,qty,people,days,place,work,needed_by）", "file campaign cooperation (items CSV: kind,product,variant,qty,people,days,place,work,needed_by)"},
		"cli.h.campaigns_approve":   {"总经理同意营销活动：通知生产部，三个工作日内答复", "the general manager agrees: production is told and answers within 3 working days"},
		"cli.h.campaigns_answer":    {"生产部答复：紧急活动先答能否配合；再逐项答复可以/部分/不能与完成时间", "production answers: for an urgent campaign first whether it can cooperate at all, then each item (can, partly, cannot) with its date"},
		"cli.h.campaigns_done":      {"生产部记录某项配合已完成", "production records an item done"},
		"cli.h.campaigns_close":     {"销售部结束营销活动配合", "sales close the campaign"},
		"cli.campaign.head":         {"营销活动 %s：%s（版本 %d）", "campaign %s: %s (version %d)"},
		"cli.campaign.filed":        {"已提出营销活动配合 %s（%d 项），待总经理同意", "filed campaign %s (%d items), awaiting the general manager"},
		"cli.campaign.now":          {"营销活动 %s 现为：%s", "campaign %s is now: %s"},
		"cli.campaign.urgent":       {"紧急", "urgent"},
		"cli.campaign.urgent_why":   {"通知不足 %d 天，生产部须先书面答复能否配合", "told less than %d days ahead: production first answers in writing whether it can cooperate at all"},
		"cli.campaign.answer_due":   {"答复期限", "answer due"},
		"cli.campaign.sample":       {"%s %s ×%d", "%s %s ×%d"},
		"cli.campaign.people":       {"%d 人 %d 天 · %s", "%d people, %d days · %s"},
		"cli.campaign.answer_usage": {"用法：campaigns answer 编号 --cooperate yes|no --text 说明，或 campaigns answer 编号 事项号 can|partly|cannot [--done-by 日期] [--text 说明]", "usage: campaigns answer NO --cooperate yes|no --text T, or campaigns answer NO ITEM can|partly|cannot [--done-by DATE] [--text T]"},
		"cli.xcol.campaign_no":      {"活动编号", "campaign_no"},
		"cli.xcol.urgent":           {"紧急", "urgent"},
		"cli.xcol.first_needed":     {"最早需要", "first_needed"},
		"cli.xcol.answer_due":       {"答复期限", "answer_due"},
		"cli.xcol.tracker":          {"跟踪人", "tracker"},

		"campaign.item.sample": {"样品", "samples"},
		"campaign.item.people": {"人员", "people"},
		"campaign.item.work":   {"工作", "work"},

		"campaign.answer.can":     {"可以配合", "can"},
		"campaign.answer.partly":  {"部分配合", "partly"},
		"campaign.answer.cannot":  {"不能配合", "cannot"},
		"campaign.answer.pending": {"待答复", "to answer"},

		"campaign.status.draft":    {"待总经理同意", "awaiting GM"},
		"campaign.status.notified": {"已通知生产部", "with production"},
		"campaign.status.answered": {"已答复", "answered"},
		"campaign.status.closed":   {"已结束", "closed"},

		"due.kind.campaign":        {"活动配合答复", "campaign answer"},
		"due.kind.campaign_item":   {"活动配合完成", "campaign item"},
		"ui.dl.kind.campaign":      {"活动答复", "Campaign answer"},
		"ui.dl.kind.campaign_item": {"活动配合", "Campaign item"},

		"field.tracker":        {"跟踪人", "tracker"},
		"field.campaign_items": {"配合事项", "items"},
		"field.people":         {"人数", "people"},
		"field.days":           {"天数", "days"},
		"field.place":          {"地点", "place"},
		"field.work":           {"工作内容", "work"},
		"field.needed_by":      {"需要时间", "needed by"},
		"field.answer_text":    {"说明", "note"},
		"field.done_by":        {"完成时间", "done by"},
		"field.item":           {"事项", "item"},
		"field.cooperate":      {"能否配合", "can cooperate"},
		"field.cooperate_text": {"书面答复", "written answer"},
	})
}
