package i18n

// Messages of the `notices post` exec command.
func init() {
	add(map[string]entry{
		"cli.h.notices_post":      {"发布通知（与通知公告界面相同的权限与检查；不带 --dept 发给所有人），输出新通知的编号", "post a notice (the same right and checks as the notices screen; no --dept: everyone); prints the new notice's id"},
		"cli.notice.unknown_dept": {"没有部门 %s（可用：%s）", "no department %s (one of: %s)"},
	})
}
