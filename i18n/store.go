package i18n

// Messages of the store.
func init() {
	add(map[string]entry{
		"err.need_account": {"此操作需要以个人账号登录", "this needs a personal account"},
		"err.no_account":   {"账号 %s 不存在", "no account %s"},
	})
}
