package store

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"

	"xietong/model"
)

func noticeRecord(id uint64) string { return "notice/" + strconv.FormatUint(id, 10) }

func noticeEvent(n *model.Notice, action string, depts []model.Department) model.Event {
	return model.Event{Kind: model.KindNotice, ID: n.ID, Action: action, Depts: depts, Urgent: n.Urgent}
}

// readKey is the key of login's read of notice id in bucketNoticeReads.
func readKey(id uint64, login string) []byte { return append(itob(id), login...) }

func getNotice(tx *bolt.Tx, id uint64) (*model.Notice, []byte, error) {
	return getRecord[model.Notice](tx, bucketNotices, itob(id), noticeRecord(id))
}

func (w *wtx) saveNotice(n *model.Notice, action string, before []byte) error {
	return w.put(bucketNotices, itob(n.ID), &n.Meta, n, action, noticeRecord(n.ID), before)
}

// reach is who must hear of a change of audience from a to b: everyone if
// either is everyone, else both audiences.
func reach(a, b []model.Department) []model.Department {
	if len(a) == 0 || len(b) == 0 {
		return nil
	}
	out := slices.Clone(a)
	for _, d := range b {
		if !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	return out
}

// PostNotice saves a new notice by by (nil: the system); its ID, Author and
// version stamp are assigned here.
func (db *DB) PostNotice(ctx context.Context, by *model.User, n *model.Notice) (*model.Notice, error) {
	var saved *model.Notice
	err := db.update(ctx, whoOf(by), func(w *wtx) ([]model.Event, error) {
		_, err := w.allowed(by, model.ActPostNotice)
		if err != nil {
			return nil, err
		}
		// A copy per run: the ID, author and stamp are set on it.
		nn := *n
		nn.Audience = slices.Clone(n.Audience)
		nn.Meta = model.Meta{}
		if err := nn.Validate(); err != nil {
			return nil, err
		}
		b := w.Bucket(bucketNotices)
		b.FillPercent = appendFill // new notices go at the end
		if nn.ID, err = b.NextSequence(); err != nil {
			return nil, err
		}
		nn.Author = w.who
		if err := w.saveNotice(&nn, "notice.create", nil); err != nil {
			return nil, err
		}
		saved = &nn
		return []model.Event{noticeEvent(&nn, "create", nn.Audience)}, nil
	})
	if err != nil {
		return nil, err
	}
	return saved, nil
}

// UpdateNotice saves an edit of title, body, audience and urgency;
// n.Version must be the version that was read. Who may edit is decided on
// the stored notice (its author, the office, an admin).
func (db *DB) UpdateNotice(ctx context.Context, by *model.User, n *model.Notice) (*model.Notice, error) {
	var saved *model.Notice
	err := db.update(ctx, whoOf(by), func(w *wtx) ([]model.Event, error) {
		actor, err := w.actor(by)
		if err != nil {
			return nil, err
		}
		stored, before, err := getNotice(w.Tx, n.ID)
		if err != nil {
			return nil, err
		}
		if by != nil && !stored.CanEdit(actor) {
			return nil, model.Forbidden(model.ActEditNotice)
		}
		if err := db.checkVersion(w.Tx, noticeRecord(n.ID), n.Version, stored.Meta); err != nil {
			return nil, err
		}
		nn := *stored
		nn.Title, nn.Body, nn.Urgent = n.Title, n.Body, n.Urgent
		nn.Audience = slices.Clone(n.Audience)
		if err := nn.Validate(); err != nil {
			return nil, err
		}
		if err := w.saveNotice(&nn, "notice.update", before); err != nil {
			return nil, err
		}
		saved = &nn
		return []model.Event{noticeEvent(&nn, "update", reach(stored.Audience, nn.Audience))}, nil
	})
	return saved, err
}

// Notice returns notice id.
//
// A notice posted is announced to every session, and each reads it for its
// alert: it is decoded once per committed state and each caller gets its
// own copy.
func (db *DB) Notice(ctx context.Context, id uint64) (n *model.Notice, err error) {
	err = db.view(ctx, func(tx *bolt.Tx) error {
		shared, err := sharedGet(&db.shared, tx, "notice|"+strconv.FormatUint(id, 10), func() (*model.Notice, error) {
			n, _, err := getNotice(tx, id)
			return n, err
		})
		if err == nil {
			n = shared.Clone()
		}
		return err
	})
	return n, err
}

// Notices lists the notices addressed to viewer, newest first, with when
// viewer read each. A nil viewer (the system) sees every notice.
func (db *DB) Notices(ctx context.Context, viewer *model.User) ([]model.NoticeView, error) {
	var out []model.NoticeView
	err := db.view(ctx, func(tx *bolt.Tx) error {
		// Every home screen lists the notices after every change: they are
		// decoded once for everyone until a notice changes, and only sorted
		// out per viewer.
		all, err := lastingGet(&db.lasting, tx, "notices", []string{"notice"}, func() ([]model.Notice, error) {
			var all []model.Notice
			c := tx.Bucket(bucketNotices).Cursor()
			for k, v := c.Last(); k != nil; k, v = c.Prev() {
				var n model.Notice
				if err := json.Unmarshal(v, &n); err != nil {
					return nil, fmt.Errorf("%s: %w", noticeRecord(btoi(k)), err)
				}
				all = append(all, n)
			}
			return all, nil
		})
		if err != nil {
			return err
		}
		reads := tx.Bucket(bucketNoticeReads)
		for _, n := range all {
			nv := model.NoticeView{Notice: n}
			if viewer == nil {
				out = append(out, nv)
				continue
			}
			if !nv.For(viewer) {
				continue
			}
			if at := reads.Get(readKey(nv.ID, viewer.Login)); at != nil {
				t, err := time.Parse(time.RFC3339Nano, string(at))
				if err != nil {
					return fmt.Errorf("read of %s by %s: %w", noticeRecord(nv.ID), viewer.Login, err)
				}
				nv.ReadAt = t
			}
			out = append(out, nv)
		}
		return nil
	})
	return out, err
}

// MarkRead records that by has read notice id. Marking it again changes
// nothing. Anyone may mark a notice read, addressed to them or not.
func (db *DB) MarkRead(ctx context.Context, by *model.User, id uint64) error {
	if by == nil {
		return model.Errorf(model.EUNAUTHORIZED, "err.need_account")
	}
	return db.update(ctx, whoOf(by), func(w *wtx) ([]model.Event, error) {
		if _, err := w.actor(by); err != nil {
			return nil, err
		}
		if _, _, err := getNotice(w.Tx, id); err != nil {
			return nil, err
		}
		reads := w.Bucket(bucketNoticeReads)
		key := readKey(id, by.Login)
		if reads.Get(key) != nil {
			return nil, nil // already read
		}
		if err := reads.Put(key, []byte(w.now.Format(time.RFC3339Nano))); err != nil {
			return nil, err
		}
		after, err := json.Marshal(model.Read{Login: by.Login, At: w.now})
		if err != nil {
			return nil, err
		}
		if err := w.audit("notice.read", noticeRecord(id), nil, after); err != nil {
			return nil, err
		}
		return []model.Event{{Kind: model.KindNoticeRead, ID: id, Key: by.Login, Action: "read"}}, nil
	})
}

// Reads lists who has read notice id, earliest first.
func (db *DB) Reads(ctx context.Context, id uint64) ([]model.Read, error) {
	var out []model.Read
	err := db.view(ctx, func(tx *bolt.Tx) error {
		if _, _, err := getNotice(tx, id); err != nil {
			return err
		}
		prefix := itob(id)
		c := tx.Bucket(bucketNoticeReads).Cursor()
		for k, v := c.Seek(prefix); k != nil && bytes.HasPrefix(k, prefix); k, v = c.Next() {
			at, err := time.Parse(time.RFC3339Nano, string(v))
			if err != nil {
				return fmt.Errorf("read key %q: %w", k, err)
			}
			out = append(out, model.Read{Login: string(k[len(prefix):]), At: at})
		}
		return nil
	})
	slices.SortStableFunc(out, func(a, b model.Read) int {
		return cmp.Or(a.At.Compare(b.At), cmp.Compare(a.Login, b.Login))
	})
	return out, err
}
