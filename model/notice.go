package model

import (
	"slices"
	"time"
)

// Notice is a 通知公告: posted by office, leads, heads or the GM to everyone
// or to some departments.
type Notice struct {
	ID       uint64       `json:"id"`
	Title    string       `json:"title"`
	Body     string       `json:"body"`
	Audience []Department `json:"audience,omitempty"` // empty: everyone
	Urgent   bool         `json:"urgent,omitempty"`
	Author   string       `json:"author"`
	Meta
}

// Clone is a copy of the notice that shares nothing with it.
func (n *Notice) Clone() *Notice {
	c := *n
	c.Audience = slices.Clone(n.Audience)
	return &c
}

// Limits on notices.
const (
	MaxNoticeTitle = 100
	MaxNoticeBody  = 4000
)

// Validate checks a notice before it is saved.
func (n *Notice) Validate() error {
	v := Invalid{}
	ValidateText(v, "title", n.Title, true, MaxNoticeTitle, false)
	ValidateText(v, "body", n.Body, false, MaxNoticeBody, true)
	for _, d := range n.Audience {
		if !d.Valid() {
			v.Add("audience", "val.unknown_dept", string(d))
		}
	}
	return v.Err()
}

// For reports whether the notice is addressed to u.
func (n *Notice) For(u *User) bool {
	return len(n.Audience) == 0 || slices.Contains(n.Audience, u.Dept) || n.Author == u.Login
}

// CanEdit reports whether u may edit the notice: its author, the office, or an admin.
func (n *Notice) CanEdit(u *User) bool {
	if u == nil || u.Disabled {
		return false
	}
	return n.Author == u.Login || u.Role == RoleOffice || u.Role == RoleAdmin
}

// Read records that a person has read a notice.
type Read struct {
	Login string    `json:"login"`
	At    time.Time `json:"at"`
}

// NoticeView is a notice as one person sees it in a list.
type NoticeView struct {
	Notice
	ReadAt time.Time // zero: unread by the viewer
}
