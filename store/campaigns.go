package store

import (
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

// Campaign cooperation (营销活动配合) is one record per id in
// bucketCampaigns, found by number through bucketCampaignNo. The
// transitions are model.Campaign's methods; the store numbers campaigns,
// checks the tracker and the sample products, keeps versions and the
// audit, and publishes each change.

func campaignRecord(id uint64) string { return "campaign/" + strconv.FormatUint(id, 10) }

func getCampaign(tx *bolt.Tx, id uint64) (*model.Campaign, []byte, error) {
	return getRecord[model.Campaign](tx, bucketCampaigns, itob(id), campaignRecord(id))
}

// campaignEvent announces a change of c to sales, production and the
// general manager; its action is the last history entry's kind, or
// "cannot" when that entry refused an item.
func campaignEvent(c *model.Campaign) model.Event {
	action := ""
	if n := len(c.History); n > 0 {
		h := c.History[n-1]
		action = h.Kind
		if h.Kind == "answer" && h.Item > 0 && c.Items[h.Item-1].Answer == model.AnswerCannot ||
			h.Kind == "cooperate" && c.Cooperate != nil && !*c.Cooperate {
			action = "cannot"
		}
	}
	return model.Event{Kind: model.KindCampaign, ID: c.ID, Action: action,
		Depts: []model.Department{model.DeptSales, model.DeptProduction, model.DeptManagement}, For: []string{c.FiledBy, c.Tracker}}
}

// checkCampaignRefs checks that the tracker is an account and every
// sample's product (and variant) exists, as field errors.
func checkCampaignRefs(tx *bolt.Tx, c *model.Campaign) error {
	v := model.Invalid{}
	if _, _, err := getUser(tx, c.Tracker); model.ErrorCode(err) == model.ENOTFOUND {
		v.Add("tracker", "val.unknown_login", c.Tracker)
	} else if err != nil {
		return err
	}
	for _, it := range c.Items {
		if it.Kind != model.ItemSample {
			continue
		}
		p, _, err := getProduct(tx, it.Product)
		switch {
		case model.ErrorCode(err) == model.ENOTFOUND:
			v.Add("product", "val.unknown_product", it.Product)
		case err != nil:
			return err
		case it.Variant != "" && !p.HasVariant(it.Variant):
			v.Add("variant", "val.unknown_variant", it.Variant, it.Product)
		}
	}
	return v.Err()
}

// FileCampaign files a draft campaign for by.
func (db *DB) FileCampaign(ctx context.Context, by *model.User, title, purpose, tracker string, items []model.CampaignItem) (*model.Campaign, error) {
	var saved *model.Campaign
	err := db.update(ctx, whoOf(by), func(w *wtx) ([]model.Event, error) {
		actor, err := w.actor(by)
		if err != nil {
			return nil, err
		}
		c, err := model.NewCampaign(actor, w.now, db.cal, title, purpose, tracker, items)
		if err != nil {
			return nil, err
		}
		if err := checkCampaignRefs(w.Tx, c); err != nil {
			return nil, err
		}
		if c.ID, c.No, err = campaignNumbers.next(w, db); err != nil {
			return nil, err
		}
		if err := w.put(bucketCampaigns, itob(c.ID), &c.Meta, c, "campaign.file", campaignRecord(c.ID), nil); err != nil {
			return nil, err
		}
		saved = c
		return []model.Event{campaignEvent(c)}, nil
	})
	if err != nil {
		return nil, err
	}
	return saved, nil
}

// ChangeCampaign applies change to campaign id read at version.
func (db *DB) ChangeCampaign(ctx context.Context, by *model.User, id, version uint64, change model.CampaignChange) (*model.Campaign, error) {
	var saved *model.Campaign
	err := db.update(ctx, whoOf(by), func(w *wtx) ([]model.Event, error) {
		if _, err := w.actor(by); err != nil {
			return nil, err
		}
		c, before, err := getCampaign(w.Tx, id)
		if err != nil {
			return nil, err
		}
		if err := db.checkVersion(w.Tx, c.No, version, c.Meta); err != nil {
			return nil, err
		}
		events := len(c.History)
		if err := change(c); err != nil {
			return nil, err
		}
		if len(c.History) == events {
			return nil, model.Errorf(model.EINVALID, "err.campaign_state", c.No)
		}
		if err := w.put(bucketCampaigns, itob(id), &c.Meta, c, "campaign."+c.History[len(c.History)-1].Kind,
			campaignRecord(id), before); err != nil {
			return nil, err
		}
		saved = c
		return []model.Event{campaignEvent(c)}, nil
	})
	if err != nil {
		return nil, err
	}
	return saved, nil
}

// EscalateCampaigns marks escalated, as the system, every item taken on
// and not done by the end of the date production gave (model.Campaign.
// Escalate), and publishes each campaign it changed as "escalate". It
// writes nothing when nothing is newly overdue, so the server may call it
// every minute. It returns how many items it escalated.
func (db *DB) EscalateCampaigns(ctx context.Context) (int, error) {
	list, err := db.Campaigns(ctx)
	if err != nil {
		return 0, err
	}
	today := db.cal.DateOf(db.clock.Now())
	var due []uint64
	for _, c := range list {
		for _, it := range c.Items {
			if it.Overdue(today) && it.EscalatedAt.IsZero() && (c.Status == model.CampaignNotified || c.Status == model.CampaignAnswered) {
				due = append(due, c.ID)
				break
			}
		}
	}
	if len(due) == 0 {
		return 0, nil
	}
	n := 0
	err = db.update(ctx, whoSystem, func(w *wtx) ([]model.Event, error) {
		n = 0
		var events []model.Event
		for _, id := range due {
			c, before, err := getCampaign(w.Tx, id)
			if err != nil {
				return nil, err
			}
			items := c.Escalate(w.now, db.cal)
			if len(items) == 0 {
				continue
			}
			if err := w.put(bucketCampaigns, itob(id), &c.Meta, c, "campaign.escalate", campaignRecord(id), before); err != nil {
				return nil, err
			}
			n += len(items)
			events = append(events, campaignEvent(c))
		}
		return events, nil
	})
	return n, err
}

// Campaign returns campaign id.
func (db *DB) Campaign(ctx context.Context, id uint64) (c *model.Campaign, err error) {
	err = db.view(ctx, func(tx *bolt.Tx) error {
		c, _, err = getCampaign(tx, id)
		return err
	})
	return c, err
}

// CampaignByNo returns the campaign numbered no.
func (db *DB) CampaignByNo(ctx context.Context, no string) (c *model.Campaign, err error) {
	err = db.view(ctx, func(tx *bolt.Tx) error {
		id, err := campaignNumbers.id(tx, no, "campaign/"+no)
		if err != nil {
			return err
		}
		c, _, err = getCampaign(tx, id)
		return err
	})
	return c, err
}

// Campaigns lists every campaign, newest first: read once per committed
// state (shared, never to be changed by the caller, as for Projects); each
// caller gets its own slice.
func (db *DB) Campaigns(ctx context.Context) (out []*model.Campaign, err error) {
	err = db.view(ctx, func(tx *bolt.Tx) error {
		all, err := sharedGet(&db.shared, tx, "campaigns", func() ([]*model.Campaign, error) {
			list, err := scanAll(tx, bucketCampaigns, func(*model.Campaign) bool { return true })
			slices.SortFunc(list, func(a, b *model.Campaign) int { return cmp.Compare(b.ID, a.ID) })
			return list, err
		})
		out = slices.Clone(all)
		return err
	})
	return out, err
}

// campaignItems are the campaigns' deadlines (production's answers and
// the items it took on) due in [from, to] at now. Campaigns are few:
// every one is read.
func (db *DB) campaignItems(tx *bolt.Tx, from, to model.Date, now time.Time) ([]model.DueItem, error) {
	var out []model.DueItem
	err := tx.Bucket(bucketCampaigns).ForEach(func(k, v []byte) error {
		var c model.Campaign
		if err := json.Unmarshal(v, &c); err != nil {
			return fmt.Errorf("campaign %d: %w", btoi(k), err)
		}
		for _, it := range model.CampaignDueItems(db.cal, &c, now) {
			if day := model.DueDay(db.cal, it.Due); !day.Before(from) && !day.After(to) {
				out = append(out, it)
			}
		}
		return nil
	})
	return out, err
}
