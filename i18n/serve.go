package i18n

// Messages of `xietong serve` at its start.
func init() {
	add(map[string]entry{
		"serve.refused":  {"未启动：%s", "not starting: %s"},
		"serve.dir_mode": {"数据目录 %s 的权限为 %s，同组或其他用户可以在其中写入、替换数据文件和主机密钥；请执行：%s", "data directory %s has mode %s, so group or other users can write in it and replace the data file or the host key; fix it with: %s"},
		"serve.key_mode": {"主机密钥 %s 的权限为 %s，同组或其他用户可以读取或改动它、冒充本服务器；请执行：%s", "host key %s has mode %s, so group or other users can read or change it and pose as this server; fix it with: %s"},
	})
}
