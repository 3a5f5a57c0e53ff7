package i18n

// Messages of the store.
func init() {
	add(map[string]entry{
		"err.need_account": {"此操作需要以个人账号登录", "this needs a personal account"},
		"err.no_account":   {"账号 %s 不存在", "no account %s"},

		// The checks of a data file before it is trusted (restore).
		"store.file.not_regular":  {"不是普通文件", "not a regular file"},
		"store.file.empty":        {"文件是空的（0 字节），不是 xietong 数据库", "the file is empty (0 bytes), not a xietong database"},
		"store.file.too_short":    {"文件只有 %d 字节，不是 xietong 数据库", "the file has only %d bytes, not a xietong database"},
		"store.file.not_bolt":     {"不是 xietong 数据库（根本不是 bbolt 数据文件）", "not a xietong database (not a bbolt data file at all)"},
		"store.file.bolt_version": {"是格式版本 %d 的 bbolt 文件，xietong 不使用这种格式", "a bbolt file of format version %d, which xietong does not use"},
		"store.file.meta_damaged": {"文件已损坏：两个元数据页都校验失败", "the file is damaged: both of its meta pages fail their checksum"},
		"store.file.truncated":    {"文件不完整（被截断）：其页面需要 %v 字节，文件只有 %d 字节", "the file is truncated: its pages need %v bytes but it has only %d"},
		"store.file.damaged":      {"文件已损坏：%s", "the file is damaged: %s"},
		"store.file.unusable":     {"无法作为数据库打开：%s", "it does not open as a database: %s"},
		"store.file.foreign":      {"是其他程序的 bbolt 数据文件，不是 xietong 的（没有 xietong 标记）", "a bbolt data file of another program, not xietong's (it has no xietong marker)"},
		"store.file.newer":        {"数据结构版本 %d 比本程序的 %d 新：请用新版 xietong 恢复", "its schema version %d is newer than this program's %d: restore it with a newer xietong"},
	})
}
