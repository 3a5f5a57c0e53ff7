package kit

import (
	"strings"

	"xietong/model"
)

// LoginOf reads a person typed by login or by name (one account only).
func LoginOf(s *Session, typed string) (string, error) {
	typed = strings.TrimSpace(typed)
	users, err := s.Svc.Users.Users(s.Ctx)
	if err != nil {
		return "", err
	}
	var byName []string
	for _, u := range users {
		if u.Disabled {
			continue
		}
		if u.Login == typed {
			return u.Login, nil
		}
		if u.Name == typed {
			byName = append(byName, u.Login)
		}
	}
	switch len(byName) {
	case 1:
		return byName[0], nil
	case 0:
		return "", model.Errorf(model.EINVALID, "val.unknown_login", typed)
	}
	return "", model.Errorf(model.EINVALID, "ui.pj.name_twice", typed, strings.Join(byName, s.T("ui.list_sep")))
}
