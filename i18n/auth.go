package i18n

// Messages of logging in.
func init() {
	add(map[string]entry{
		"auth.invite_instr":  {"首次登录？请输入管理员给 %s 的邀请码，你的公钥将绑定到该账号（没有邀请码请直接回车）。", "First login? Type the invitation code an administrator gave %s; your key will be bound to the account (no code: press Enter)."},
		"auth.invite_prompt": {"邀请码", "Invitation code"},
		"auth.invite_wrong":  {"邀请码不对或已失效，还可再试 %d 次。", "Wrong or expired invitation code (tries left: %d)."},
		"auth.invite_locked": {"邀请码已锁定（错误次数太多），请向管理员要新的邀请码。", "This invitation is locked (too many wrong codes): ask an administrator for a new one."},
		"auth.no_code":       {"没有输入邀请码。要登录，请把公钥指纹发给管理员，或向管理员要邀请码。", "No invitation code typed. To log in, send your key's fingerprint to an administrator, or ask for an invitation."},
		"auth.unknown_key":   {"此密钥未登记：%s 登录不了的话，请把这一行发给管理员。", "This key is not registered: %s If you cannot log in, send this line to an administrator."},
		"auth.wrong_login":   {"此密钥属于账号 %s，不能登录 %s。请用 ssh %s@… 连接。", "This key belongs to %s, not to %s: connect as ssh %s@…"},
		"auth.disabled":      {"账号 %s 已停用，请联系管理员。", "Account %s is disabled: ask an administrator."},
		"auth.key_taken":     {"此密钥已属于账号 %s，不能再绑定到其他账号。请用另一把密钥。", "This key already belongs to %s and cannot be bound to another account: use another key."},
		"auth.demo_unknown":  {"演示模式下没有账号“%s”。可用账号：%s", "No demo account \"%s\". Demo logins: %s"},
		"auth.need_pty":      {"xietong 需要终端：请用 ssh -t 连接，或在命令后加上要执行的命令（help 查看）。", "xietong needs a terminal: connect with ssh -t, or give a command (try help)."},
	})
}
