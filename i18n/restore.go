package i18n

// Messages of `xietong restore`.
func init() {
	add(map[string]entry{
		"restore.usage":         {"用法：xietong restore [--data DIR] [--force] [--lang zh|en] FILE", "usage: xietong restore [--data DIR] [--force] [--lang zh|en] FILE"},
		"restore.unknown_flag":  {"未知选项 %q", "unknown flag %q"},
		"restore.bad_lang":      {"--lang 只能是 zh 或 en，不能是 %q", "--lang must be zh or en, not %q"},
		"restore.refused":       {"未恢复 %s：%s；当前数据未改动", "%s not restored: %s; the current data is unchanged"},
		"restore.read":          {"无法读取：%s", "cannot read it: %s"},
		"restore.in_use":        {"数据目录 %s 正被运行中的 xietong 使用，请先停止服务器", "data directory %s is in use by a running xietong: stop the server first"},
		"restore.no_accounts":   {"其中没有任何账号，恢复后没有人能登录（确需恢复请加 --force）", "it holds no accounts, so nobody could log in after restoring it (add --force to restore it anyway)"},
		"restore.crashed":       {"文件已损坏：检查它的进程崩溃了（%s）", "the file is damaged: the process checking it crashed (%s)"},
		"restore.check_timeout": {"检查超过 %s 仍未结束，文件可能已损坏", "checking it took longer than %s; the file is probably damaged"},
		"restore.no_checker":    {"无法启动检查它的进程：%s", "cannot start the process that checks it: %s"},
		"restore.failed":        {"无法放入数据目录：%s", "it could not be put in place: %s"},
		"restore.done":          {"已将 %s 恢复到 %s；原数据文件保留为 %s", "restored %s into %s; the previous data file is kept as %s"},
		"restore.done_new":      {"已将 %s 恢复到 %s", "restored %s into %s"},
		"restore.forced_empty":  {"注意：其中没有账号；启动服务器前请用 xietong user add 添加管理员", "note: it holds no accounts; add an administrator with xietong user add before starting the server"},
	})
}
