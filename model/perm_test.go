package model

import "testing"

func TestCanNoticeAndUsers(t *testing.T) {
	cases := []struct {
		dept Department
		role Role
		post bool
		mgr  bool
	}{
		{DeptSales, RoleMember, false, false},
		{DeptSales, RoleLead, true, false},
		{DeptProduction, RoleHead, true, false},
		{DeptManagement, RoleGM, true, false},
		{DeptOffice, RoleOffice, true, false},
		{DeptOffice, RoleMember, true, false},
		{DeptQuality, RoleMember, false, false},
		{DeptOffice, RoleAdmin, true, true},
	}
	for _, c := range cases {
		u := &User{Login: "x", Dept: c.dept, Role: c.role}
		if got := Can(u, ActPostNotice); got != c.post {
			t.Errorf("%s/%s post notice = %v", c.dept, c.role, got)
		}
		if got := Can(u, ActManageUsers); got != c.mgr {
			t.Errorf("%s/%s manage users = %v", c.dept, c.role, got)
		}
		u.Disabled = true
		if Can(u, ActPostNotice) || Can(u, ActManageUsers) {
			t.Errorf("%s/%s disabled can still act", c.dept, c.role)
		}
	}
	if Can(nil, ActPostNotice) {
		t.Error("nil user may post")
	}
	if err := Require(&User{Dept: DeptSales, Role: RoleMember}, ActPostNotice); ErrorCode(err) != EFORBIDDEN {
		t.Errorf("Require = %v", err)
	}
}

func TestNoticeEditAndAudience(t *testing.T) {
	n := &Notice{Title: "t", Author: "office", Audience: []Department{DeptQuality}}
	author := &User{Login: "office", Dept: DeptOffice, Role: RoleOffice}
	lead := &User{Login: "saleslead", Dept: DeptSales, Role: RoleLead}
	qa := &User{Login: "qa", Dept: DeptQuality, Role: RoleLead}
	if !n.CanEdit(author) || n.CanEdit(lead) || n.CanEdit(qa) {
		t.Error("edit rights wrong")
	}
	if !n.For(qa) || n.For(lead) || !n.For(author) {
		t.Error("audience wrong")
	}
}

func TestValidateUserAndNotice(t *testing.T) {
	bad := &User{Login: "9lives", Name: "", Dept: "nowhere", Role: ""}
	fe := FieldErrors(bad.Validate())
	for _, f := range []string{"login", "name", "dept", "role"} {
		if _, ok := fe[f]; !ok {
			t.Errorf("no error for %s: %v", f, fe)
		}
	}
	long := make([]rune, MaxNoticeTitle+1)
	for i := range long {
		long[i] = '长'
	}
	n := &Notice{Title: string(long), Body: "ok"}
	if fe := FieldErrors(n.Validate()); fe["title"].Key != "val.too_long_n" {
		t.Errorf("long title: %v", fe)
	}
	if fe := FieldErrors((&Notice{Title: "a\nb"}).Validate()); fe["title"].Key != "val.single_line" {
		t.Errorf("newline title: %v", fe)
	}
	if err := (&Notice{Title: "正常标题", Body: "多行\n正文"}).Validate(); err != nil {
		t.Errorf("good notice: %v", err)
	}
}
