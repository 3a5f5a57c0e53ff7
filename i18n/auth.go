package i18n

// Messages of logging in.
func init() {
	add(map[string]entry{
		"auth.invite_instr":  {"首次登录：请输入管理员给 %s 的邀请码，当前公钥将绑定到该账号。", "First login: type the invitation code an administrator gave %s; this key will be bound to the account."},
		"auth.invite_prompt": {"邀请码", "Invitation code"},
		"auth.demo_unknown":  {"演示模式下没有账号“%s”。可用账号：%s", "No demo account \"%s\". Demo logins: %s"},
		"auth.need_pty":      {"xietong 需要终端：请用 ssh -t 连接，或在命令后加上要执行的命令（help 查看）。", "xietong needs a terminal: connect with ssh -t, or give a command (try help)."},
	})
}
