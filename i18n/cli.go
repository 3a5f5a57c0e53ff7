package i18n

// Messages of the exec commands.
func init() {
	add(map[string]entry{
		"cli.unknown_cmd":    {"未知命令：%s（用 help 查看全部命令）", "unknown command: %s (try help)"},
		"cli.unknown_flag":   {"未知参数：%s", "unknown flag: %s"},
		"cli.dup_flag":       {"参数重复：%s", "flag given twice: %s"},
		"cli.bool_flag":      {"参数 %s 不带值", "flag %s takes no value"},
		"cli.flag_value":     {"参数 %s 缺少值", "flag %s needs a value"},
		"cli.usage":          {"用法：%s", "usage: %s"},
		"cli.help_head":      {"xietong 命令（ssh -p 端口 账号@主机 命令 ...）：", "xietong commands (ssh -p PORT LOGIN@HOST COMMAND ...):"},
		"cli.h.help":         {"显示本帮助", "show this help"},
		"cli.h.whoami":       {"显示当前账号", "show your account"},
		"cli.h.user_list":    {"列出全部账号（管理员）", "list accounts (admin)"},
		"cli.h.user_add":     {"新建账号（管理员）", "add an account (admin)"},
		"cli.h.user_disable": {"停用账号（管理员）", "disable an account (admin)"},
		"cli.h.user_enable":  {"重新启用停用的账号，原有公钥照常可用（管理员）", "enable a disabled account again, with the keys it had (admin)"},
		"cli.h.key_add":      {"为账号绑定公钥（管理员）", "bind a public key to an account (admin)"},
		"cli.h.key_rm":       {"解除账号的公钥（管理员）", "remove a key from an account (admin)"},
		"cli.h.invite":       {"生成一次性邀请码，72 小时有效（管理员）", "create a one-time invitation code, valid 72 h (admin)"},
		"cli.h.notices":      {"列出发给我的通知", "list the notices addressed to you"},
		"cli.enabled":        {"启用", "enabled"},
		"cli.disabled":       {"停用", "disabled"},
		"cli.state":          {"状态", "state"},
		"cli.keys":           {"公钥数", "keys"},
		"cli.user_added":     {"已新建账号 %s", "account %s added"},
		"cli.user_disabled":  {"已停用账号 %s", "account %s disabled"},
		"cli.user_enabled":   {"已启用账号 %s", "account %s enabled"},
		"cli.key_added":      {"已绑定公钥 %s 到 %s", "key %s bound to %s"},
		"cli.key_removed":    {"已从 %[2]s 解除公钥 %[1]s", "key %s removed from %s"},
		"cli.invited":        {"%s 的邀请码：%s（%s 前有效）\n请对方执行 ssh -p 端口 %[1]s@主机，按提示输入邀请码。", "invitation code for %s: %s (valid until %s)\nThey connect with ssh -p PORT %[1]s@HOST and type the code when asked."},
	})
}
