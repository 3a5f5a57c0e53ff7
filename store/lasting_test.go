package store

import (
	"encoding/json"
	"slices"
	"testing"

	bolt "go.etcd.io/bbolt"

	"xietong/model"
)

// The notices list is decoded once for everyone until a notice changes: a
// commit of another kind serves the list already read, a notice posted or
// edited is in the next read, and a reader still on a state from before a
// change gets that state's list, never a newer one.
func TestLastingFollowsItsRecords(t *testing.T) {
	e := seeded(t)
	ctx := t.Context()
	decodes := 0
	read := func(tx *bolt.Tx) []string {
		t.Helper()
		titles, err := lastingGet(&e.db.lasting, tx, "test|notices", []string{"notice"}, func() ([]string, error) {
			decodes++
			var out []string
			err := tx.Bucket(bucketNotices).ForEach(func(_, v []byte) error {
				var n model.Notice
				if err := json.Unmarshal(v, &n); err != nil {
					return err
				}
				out = append(out, n.Title)
				return nil
			})
			return out, err
		})
		if err != nil {
			t.Fatal(err)
		}
		return titles
	}
	view := func() []string {
		t.Helper()
		var titles []string
		if err := e.db.bolt.View(func(tx *bolt.Tx) error { titles = read(tx); return nil }); err != nil {
			t.Fatal(err)
		}
		return titles
	}
	n, err := e.db.PostNotice(ctx, e.users["plead"], notice("设备检修", model.DeptProduction))
	if err != nil {
		t.Fatal(err)
	}
	if got := view(); !slices.Equal(got, []string{"设备检修"}) || decodes != 1 {
		t.Fatalf("first read %q after %d decodes", got, decodes)
	}
	// Another kind of record changes: the list read is served again.
	if _, err := e.db.CreateUser(ctx, nil, &model.User{Login: "qa2", Name: "周洁", Dept: model.DeptQuality, Role: model.RoleMember}); err != nil {
		t.Fatal(err)
	}
	if got := view(); !slices.Equal(got, []string{"设备检修"}) || decodes != 1 {
		t.Fatalf("after a user was added: %q, %d decodes", got, decodes)
	}
	// A reader holding the state from before the next change.
	old, err := e.db.bolt.Begin(false)
	if err != nil {
		t.Fatal(err)
	}
	defer old.Rollback()
	edit := *n
	edit.Title = "设备检修（改期）"
	if _, err := e.db.UpdateNotice(ctx, e.users["plead"], &edit); err != nil {
		t.Fatal(err)
	}
	if got := view(); !slices.Equal(got, []string{"设备检修（改期）"}) || decodes != 2 {
		t.Fatalf("after the notice changed: %q, %d decodes", got, decodes)
	}
	if got := read(old); !slices.Equal(got, []string{"设备检修"}) {
		t.Fatalf("a reader of the earlier state got %q", got)
	}
	if got := view(); !slices.Equal(got, []string{"设备检修（改期）"}) {
		t.Fatalf("after the earlier state was read: %q", got)
	}
	// The service's own list follows too.
	list, err := e.db.Notices(ctx, nil)
	if err != nil || len(list) != 1 || list[0].Title != "设备检修（改期）" {
		t.Fatalf("Notices: %v %+v", err, list)
	}
}
