package model

import "context"

// CampaignChange applies a transition (a method of Campaign) to c; the
// store runs it in the transaction that saves c.
type CampaignChange func(c *Campaign) error

// CampaignService keeps campaign cooperation (docs/DOMAIN.md#campaigns).
type CampaignService interface {
	// Campaigns lists every campaign, newest first.
	Campaigns(ctx context.Context) ([]*Campaign, error)
	Campaign(ctx context.Context, id uint64) (*Campaign, error)
	CampaignByNo(ctx context.Context, no string) (*Campaign, error)
	// FileCampaign files a draft (NewCampaign) numbered HD-YEAR-NNNN; the
	// tracker must be an account and sample products must exist.
	FileCampaign(ctx context.Context, by *User, title, purpose, tracker string, items []CampaignItem) (*Campaign, error)
	// ChangeCampaign applies change to campaign id at version (else
	// ECONFLICT naming who changed it and when), saves and audits it.
	ChangeCampaign(ctx context.Context, by *User, id, version uint64, change CampaignChange) (*Campaign, error)
	// EscalateCampaigns escalates, as the system, the items newly past the
	// date production gave undone (Campaign.Escalate) and returns how many;
	// the server runs it every minute.
	EscalateCampaigns(ctx context.Context) (int, error)
}
