package i18n

// Messages of the reliability features: session cap, inactivity, stats,
// backup and audit verification.
func init() {
	add(map[string]entry{
		"rel.busy":                  {"服务器繁忙：已有 %d 个会话，请稍后再试", "server busy: %d sessions open, try again later"},
		"rel.idle_warn_min":         {"%d 分钟内无操作将断开连接", "no key for a while: this session closes in %d minute(s)"},
		"rel.idle_warn_sec":         {"%d 秒内无操作将断开连接", "no key for a while: this session closes in %d second(s)"},
		"rel.idle_closed":           {"长时间无操作，连接已断开。", "Closed: no key was pressed for too long."},
		"rel.server_only":           {"“%s”只能在运行中的服务器上执行：ssh -p PORT admin@HOST", "\"%s\" runs on a running server only: ssh -p PORT admin@HOST"},
		"rel.backup_done":           {"已备份 %d 字节", "backup: %d bytes written"},
		"rel.audit_ok":              {"审计日志完整：已校验 %d 条", "audit log intact: %d entries checked"},
		"rel.audit_broken":          {"审计日志已损坏（之前 %d 条完好）：%s", "audit log broken (%d entries intact before): %s"},
		"cli.h.stats":               {"服务器运行状态：会话、连接、内存、数据文件（管理员；--gc 先回收内存再计）", "server state: sessions, connections, memory, data file (admin; --gc collects garbage first)"},
		"cli.h.backup":              {"输出数据文件的一致副本（管理员）：ssh admin@HOST backup > xietong.db", "write a consistent copy of the data file (admin): ssh admin@HOST backup > xietong.db"},
		"cli.h.audit_verify":        {"校验审计日志的哈希链，报告第一处断裂（管理员）", "check the audit log's hash chain and report the first broken link (admin)"},
		"rel.stat.name":             {"项目", "Item"},
		"rel.stat.value":            {"值", "Value"},
		"rel.stat.sessions":         {"终端会话", "Interactive sessions"},
		"rel.stat.exec":             {"命令会话", "Exec sessions"},
		"rel.stat.conns":            {"连接", "Connections"},
		"rel.stat.handshakes":       {"未完成登录的连接", "Connections not yet authenticated"},
		"rel.stat.refused_conns":    {"拒绝的连接（频率/握手上限）", "Connections refused (rate / handshake cap)"},
		"rel.stat.refused_sessions": {"拒绝的会话（会话上限）", "Sessions refused (session cap)"},
		"rel.stat.idle_closed":      {"因无操作断开的会话", "Sessions closed for inactivity"},
		"rel.stat.goroutines":       {"goroutine 数", "Goroutines"},
		"rel.stat.subscribers":      {"变更订阅", "Feed subscribers"},
		"rel.stat.heap_inuse":       {"堆（使用中）", "Heap in use"},
		"rel.stat.heap_alloc":       {"堆（已分配对象）", "Heap allocated"},
		"rel.stat.rss":              {"常驻内存 RSS", "Resident memory (RSS)"},
		"rel.stat.uptime":           {"运行时间", "Uptime"},
		"rel.stat.db":               {"数据文件大小", "Data file size"},
	})
}
