package i18n

// Messages of the domain: errors, validation, names of departments and roles.
func init() {
	add(map[string]entry{
		"err.internal":               {"内部错误，请联系管理员", "internal error; please tell the administrator"},
		"err.internal_id":            {"内部错误 #%s，请联系管理员", "internal error #%s; please tell the administrator"},
		"err.disk_full":              {"服务器磁盘已满，请联系管理员（#%s）", "the server's disk is full; please tell the administrator (#%s)"},
		"err.canceled":               {"操作已取消", "the operation was cancelled"},
		"err.invalid":                {"输入有误", "invalid input"},
		"err.forbidden":              {"无权执行此操作（%s）", "not allowed for your role (%s)"},
		"err.forbidden.users.manage": {"只有管理员可以管理账号和公钥", "only an administrator may manage accounts and keys"},
		"err.forbidden.notice.post":  {"只有综合办公室、协同负责人、部门负责人和总经理可以发布通知", "only the office, leads, heads and the GM may post notices"},
		"err.forbidden.notice.edit":  {"只有发布人、综合办公室或管理员可以修改此通知", "only the author, the office or an administrator may edit this notice"},
		"err.forbidden.audit.read":   {"只有管理员可以查看审计日志", "only an administrator may read the audit log"},
		"err.conflict":               {"%s 已被 %s 于 %s 修改；请重新载入后再改", "%s was changed by %s at %s; reload and apply your edit again"},
		"err.not_found":              {"找不到 %s", "%s not found"},
		"err.user_exists":            {"账号 %s 已存在", "account %s already exists"},
		"err.key_taken":              {"该公钥已绑定到账号 %s", "that key already belongs to %s"},
		"err.bad_key":                {"无法识别的公钥：%s", "not a valid public key: %s"},
		"err.bad_tz":                 {"未知时区：%s", "unknown time zone: %s"},
		"err.invite_none":            {"账号 %s 没有有效的邀请码", "no open invitation for %s"},
		"err.invite_wrong":           {"邀请码不正确（还可尝试 %d 次）", "wrong invitation code (%d tries left)"},
		"err.invite_lock":            {"邀请码已锁定，请让管理员重新邀请", "invitation locked; ask an administrator for a new one"},
		"err.invite_changed":         {"账号 %s 的邀请刚被更换，请用新的邀请码", "the invitation for %s was just replaced: use the new code"},
		"err.disabled":               {"账号 %s 已停用", "account %s is disabled"},
		"err.last_admin":             {"不能停用最后一个管理员", "cannot disable the last administrator"},

		"val.required":       {"必填", "required"},
		"val.too_long":       {"最多 %d 个字符", "at most %d characters"},
		"val.too_long_n":     {"最多 %d 个字符（现有 %d 个）", "at most %d characters (has %d)"},
		"val.login_chars":    {"只能用小写字母开头，可含数字 . _ -", "lower-case letter first, then letters, digits, . _ -"},
		"val.login_reserved": {"%s 是系统保留的名字，请换一个", "%s is reserved for the system: choose another"},
		"who.system":         {"系统", "the system"},
		"val.bad_utf8":       {"含有无效字符", "contains invalid characters"},
		"val.single_line":    {"不能换行", "must be a single line"},
		"val.control":        {"含有不允许的字符 %s（控制字符或文字方向控制符，看不见但会改变显示），请删除", "contains %s, a control or text-direction character (invisible, but it changes what is shown); remove it"},
		"val.unknown_dept":   {"未知部门：%s", "unknown department: %s"},
		"val.unknown_role":   {"未知角色：%s", "unknown role: %s"},
		"val.unknown_lang":   {"未知语言：%s（zh 或 en）", "unknown language: %s (zh or en)"},

		"field.login":    {"账号", "login"},
		"field.name":     {"姓名", "name"},
		"field.dept":     {"部门", "department"},
		"field.role":     {"角色", "role"},
		"field.lang":     {"语言", "language"},
		"field.title":    {"标题", "title"},
		"field.body":     {"正文", "body"},
		"field.audience": {"发送范围", "audience"},
		"field.urgent":   {"紧急", "urgent"},
		"field.key":      {"公钥", "key"},

		"dept.sales":      {"销售部", "Sales"},
		"dept.production": {"生产部", "Production"},
		"dept.rnd":        {"技术部", "R&D"},
		"dept.quality":    {"品管部", "Quality"},
		"dept.office":     {"综合办公室", "Office"},
		"dept.management": {"总经理", "Management"},
		"dept.purchasing": {"采购部", "Purchasing"},

		"role.member": {"员工", "member"},
		"role.lead":   {"协同负责人", "lead"},
		"role.head":   {"部门负责人", "head"},
		"role.gm":     {"总经理", "general manager"},
		"role.office": {"综合办公室", "office"},
		"role.admin":  {"管理员", "administrator"},
	})
}

func init() {
	add(map[string]entry{
		"field.line_n": {"第 %d 行", "line %d"},
		"field.row_n":  {"第 %d 行", "row %d"},
	})
}
