package i18n

// Messages of project requests (立项申请, docs/DOMAIN.md#projects).
func init() {
	add(map[string]entry{
		"err.forbidden.project.file":   {"只有销售部人员可以提出立项申请", "only sales staff may file project requests"},
		"err.forbidden.project.decide": {"只有总经理可以批准、驳回或退回立项申请", "only the general manager may approve, reject or return a project request"},
		"err.forbidden.project.review": {"只有综合办公室或总经理可以做年终评审", "only the office or the general manager may review projects at year end"},
		"err.forbidden.project.work":   {"只有项目负责人和责任部门可以推进项目", "only the project's owner and responsible departments may deliver it"},
		"err.project_state":            {"立项 %s 当前的状态不能做这一步", "project %s cannot take this step in its current state"},

		"val.project_kind":     {"请选择立项类型：产品、工艺或质量", "choose the kind: new product, process or quality"},
		"val.too_many":         {"最多 %d 项", "at most %d"},
		"val.range":            {"应在 %d 至 %d 之间", "must be between %d and %d"},
		"val.milestone_open":   {"没有这个未完成的里程碑", "no such open milestone"},
		"val.milestones_open":  {"还有未完成的里程碑：%s", "a milestone is still open: %s"},
		"val.unknown_login":    {"没有账号 %s", "no account %s"},
		"val.unknown_feedback": {"没有客户反馈 #%d", "no customer feedback #%d"},
		"val.unknown_anomaly":  {"没有异常 #%d", "no anomaly #%d"},

		"project.kind.new_product": {"产品立项", "new product"},
		"project.kind.process":     {"工艺立项", "process improvement"},
		"project.kind.quality":     {"质量立项", "quality improvement"},

		"project.status.draft":       {"草稿", "draft"},
		"project.status.submitted":   {"待总经理审批", "awaiting the GM"},
		"project.status.returned":    {"已退回修改", "returned for revision"},
		"project.status.approved":    {"已批准", "approved"},
		"project.status.rejected":    {"未批准", "rejected"},
		"project.status.in_progress": {"实施中", "in progress"},
		"project.status.done":        {"已完成", "done"},
		"project.status.reviewed":    {"已评审", "reviewed"},

		"project.ev.file":           {"提出立项", "filed"},
		"project.ev.edit":           {"修改", "revised"},
		"project.ev.submit":         {"提交审批", "submitted"},
		"project.ev.approve":        {"批准", "approved"},
		"project.ev.reject":         {"不批准", "rejected"},
		"project.ev.return":         {"退回修改", "returned"},
		"project.ev.milestone":      {"新增里程碑", "milestone added"},
		"project.ev.milestone_done": {"里程碑完成", "milestone done"},
		"project.ev.note":           {"进展", "progress"},
		"project.ev.finish":         {"完成", "done"},
		"project.ev.review":         {"年终评审", "year-end review"},
	})
}
