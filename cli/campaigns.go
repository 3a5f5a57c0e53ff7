package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"xietong/model"
)

// Campaign cooperation (营销活动配合) on the command line: sales file a
// campaign with its items as CSV, the general manager agrees, production
// answers and records items done, sales close it.

// campaignItemCols are the columns of the items CSV of campaigns file.
var campaignItemCols = []column{
	{name: "kind", aliases: []string{"类型"}, required: true},
	{name: "product", aliases: []string{"产品编码"}},
	{name: "variant", aliases: []string{"型号"}},
	{name: "qty", aliases: []string{"数量"}},
	{name: "people", aliases: []string{"人数"}},
	{name: "days", aliases: []string{"天数"}},
	{name: "place", aliases: []string{"地点"}},
	{name: "work", aliases: []string{"工作内容"}},
	{name: "needed_by", aliases: []string{"需要时间"}, required: true},
}

func findCampaign(ctx context.Context, e *Env, ref string) (*model.Campaign, error) {
	ref = strings.TrimSpace(ref)
	if id, err := strconv.ParseUint(ref, 10, 64); err == nil {
		return e.Svc.Campaigns.Campaign(ctx, id)
	}
	return e.Svc.Campaigns.CampaignByNo(ctx, ref)
}

func runCampaignsList(ctx context.Context, e *Env, p parsed) error {
	list, err := e.Svc.Campaigns.Campaigns(ctx)
	if err != nil {
		return err
	}
	if p.has("json") {
		return writeJSON(e.Stdout, list)
	}
	loc, names := e.Svc.Clock.Loc, accountNames(ctx, e)
	sh := &sheet{name: "campaigns", cols: []string{"campaign_no", "title", "status", "urgent", "first_needed", "answer_due", "tracker"}}
	for _, c := range list {
		urgent := ""
		if c.Urgent {
			urgent = e.t("cli.campaign.urgent")
		}
		sh.add(txt(c.No), txt(c.Title), txt(c.Status.Text().In(e.Lang)), txt(urgent), dateCell(c.FirstNeeded()),
			txt(unlessZero(c.AnswerDue, dueText(c.AnswerDue, loc, "2006-01-02 15:04"))), txt(names(c.Tracker)))
	}
	if outFormat(p) != fmtTable {
		return writeSheet(e, p, sh)
	}
	writeTable(e.Stdout, sh.labels(e.Lang), sh.texts())
	return nil
}

// campaignItemText words an item: what is asked.
func campaignItemText(e *Env, it model.CampaignItem) string {
	switch it.Kind {
	case model.ItemSample:
		return e.t("cli.campaign.sample", it.Product, it.Variant, it.Qty)
	case model.ItemPeople:
		return e.t("cli.campaign.people", it.People, it.Days, oneLine(it.Place))
	}
	return oneLine(it.Work)
}

func runCampaignsShow(ctx context.Context, e *Env, p parsed) error {
	c, err := findCampaign(ctx, e, p.pos[0])
	if err != nil {
		return err
	}
	if p.has("json") {
		return writeJSON(e.Stdout, c)
	}
	loc, names := e.Svc.Clock.Loc, accountNames(ctx, e)
	if p.has("xlsx") {
		return writeXLSX(e, campaignSheets(e, c, names)...)
	}
	fmt.Fprintln(e.Stdout, e.t("cli.campaign.head", c.No, c.Title, c.Version))
	cooperate := ""
	if c.Cooperate != nil {
		cooperate = e.t("form.no")
		if *c.Cooperate {
			cooperate = e.t("form.yes")
		}
		cooperate += " " + oneLine(c.CooperateText)
	}
	rows := [][]string{
		{"  " + e.t("field.status"), c.Status.Text().In(e.Lang)},
		{"  " + e.t("field.purpose"), oneLine(c.Purpose)},
		{"  " + e.t("field.tracker"), names(c.Tracker)},
		{"  " + e.t("cli.campaign.answer_due"), unlessZero(c.AnswerDue, dueText(c.AnswerDue, loc, "2006-01-02 15:04"))},
		{"  " + e.t("field.cooperate"), cooperate},
	}
	if c.Urgent {
		rows = append(rows, []string{"  " + e.t("cli.campaign.urgent"), e.t("cli.campaign.urgent_why", model.CampaignLeadDays)})
	}
	writeTable(e.Stdout, rows[0], rows[1:])
	fmt.Fprintln(e.Stdout)
	var items [][]string
	for i, it := range c.Items {
		done := ""
		if !it.DoneAt.IsZero() {
			done = it.DoneAt.In(loc).Format("2006-01-02")
		}
		items = append(items, []string{strconv.Itoa(i + 1), it.Kind.Text().In(e.Lang), campaignItemText(e, it), it.NeededBy.String(),
			it.Answer.Text().In(e.Lang), unlessZero(it.DoneBy, it.DoneBy.String()), oneLine(it.AnswerText), done})
	}
	writeTable(e.Stdout, []string{"#", e.t("field.kind"), e.t("field.campaign_items"), e.t("field.needed_by"), e.t("field.answer"),
		e.t("field.done_by"), e.t("field.answer_text"), e.t("field.done")}, items)
	return nil
}

// campaignSheets are the campaign's two forms: the request to production
// (营销活动配合通知单: the campaign and every item asked) and production's
// timetable (生产部工作配合完成时间表: every item's answer, date and whether
// it is done).
func campaignSheets(e *Env, c *model.Campaign, names func(string) string) []*sheet {
	loc := e.Svc.Clock.Loc
	req := &sheet{name: e.t("cli.campaign.sheet_request"), cols: []string{"campaign_no", "title", "purpose", "tracker", "approved_at",
		"item", "item_kind", "content", "needed_by"}}
	plan := &sheet{name: e.t("cli.campaign.sheet_timetable"), cols: []string{"campaign_no", "item", "item_kind", "content",
		"needed_by", "answer", "done_by", "note", "done_at"}}
	for i, it := range c.Items {
		req.add(txt(c.No), txt(c.Title), txt(c.Purpose), txt(names(c.Tracker)), timeCell(c.ApprovedAt, loc, "2006-01-02 15:04"),
			num(i+1), txt(it.Kind.Text().In(e.Lang)), txt(campaignItemText(e, it)), dateCell(it.NeededBy))
		plan.add(txt(c.No), num(i+1), txt(it.Kind.Text().In(e.Lang)), txt(campaignItemText(e, it)), dateCell(it.NeededBy),
			txt(it.Answer.Text().In(e.Lang)), dateCell(it.DoneBy), txt(it.AnswerText), timeCell(it.DoneAt, loc, "2006-01-02"))
	}
	return []*sheet{req, plan}
}

// readCampaignItems reads the items CSV; every bad row is reported by its
// line.
func readCampaignItems(e *Env) ([]model.CampaignItem, error) {
	in, err := openCSV(e, campaignItemCols)
	if err != nil {
		return nil, err
	}
	ch := newChecker(in.t)
	today := e.Svc.Calendar.DateOf(e.Svc.Clock.Now())
	var out []model.CampaignItem
	for r := range in.rows(ch) {
		ch.row(r.line)
		ch.text(r, "product", "variant", "place", "work")
		it := model.CampaignItem{Kind: model.CampaignItemKind(strings.ToLower(r.get("kind"))), Product: r.get("product"),
			Variant: r.get("variant"), Place: r.get("place"), Work: r.get("work")}
		whole := func(col string, max int64) int64 {
			if r.get(col) == "" {
				return 0
			}
			n, err := model.ParseWhole(r.get(col), 0, max)
			ch.addErr(col, err)
			return n
		}
		it.Qty = whole("qty", model.MaxQty)
		it.People = int(whole("people", model.MaxCampaignPeople))
		it.Days = int(whole("days", model.MaxCampaignDays))
		if d, err := model.ParseDate(r.get("needed_by")); err != nil {
			ch.addErr("needed_by", err)
		} else {
			it.NeededBy = d
		}
		v := model.Invalid{}
		it.Validate(v, today)
		ch.addErr("", v.Err())
		if ch.ok() {
			out = append(out, it)
		}
	}
	if err := in.done(); err != nil {
		return nil, err
	}
	return out, ch.err()
}

func runCampaignsFile(ctx context.Context, e *Env, p parsed) error {
	items, err := readCampaignItems(e)
	if err != nil {
		return err
	}
	c, err := e.Svc.Campaigns.FileCampaign(ctx, e.User, p.flags["title"], p.flags["purpose"], strings.TrimSpace(p.flags["tracker"]), items)
	if err != nil {
		return err
	}
	if p.has("json") {
		return writeJSON(e.Stdout, c)
	}
	fmt.Fprintln(e.Stdout, e.t("cli.campaign.filed", c.No, len(c.Items)))
	return nil
}

// changeCampaign runs one transition on campaign ref and says where it
// stands.
func changeCampaign(ctx context.Context, e *Env, p parsed, change model.CampaignChange) error {
	c, err := findCampaign(ctx, e, p.pos[0])
	if err != nil {
		return err
	}
	if c, err = e.Svc.Campaigns.ChangeCampaign(ctx, e.User, c.ID, c.Version, change); err != nil {
		return err
	}
	if p.has("json") {
		return writeJSON(e.Stdout, c)
	}
	fmt.Fprintln(e.Stdout, e.t("cli.campaign.now", c.No, c.Status.Text().In(e.Lang)))
	return nil
}

func runCampaignsApprove(ctx context.Context, e *Env, p parsed) error {
	return changeCampaign(ctx, e, p, func(c *model.Campaign) error { return c.Approve(e.User, e.Svc.Clock.Now(), e.Svc.Calendar) })
}

func checkCampaignsAnswer(p parsed) error {
	if _, ok := p.flags["cooperate"]; ok {
		if len(p.pos) != 1 || p.flags["cooperate"] != "yes" && p.flags["cooperate"] != "no" {
			return model.Errorf(model.EINVALID, "cli.campaign.answer_usage")
		}
		return nil
	}
	if len(p.pos) != 3 {
		return model.Errorf(model.EINVALID, "cli.campaign.answer_usage")
	}
	return nil
}

func runCampaignsAnswer(ctx context.Context, e *Env, p parsed) error {
	now, text := e.Svc.Clock.Now(), p.flags["text"]
	if yes, ok := p.flags["cooperate"]; ok {
		return changeCampaign(ctx, e, p, func(c *model.Campaign) error { return c.AnswerCooperation(e.User, now, yes == "yes", text) })
	}
	v := model.Invalid{}
	item, err := model.ParseWhole(p.pos[1], 1, model.MaxCampaignItems)
	v.AddErr("item", err)
	var doneBy model.Date
	if s, ok := p.flags["done-by"]; ok {
		doneBy, err = model.ParseDate(s)
		v.AddErr("done_by", err)
	}
	if err := v.Err(); err != nil {
		return err
	}
	answer := model.CampaignAnswer(p.pos[2])
	return changeCampaign(ctx, e, p, func(c *model.Campaign) error {
		return c.AnswerItem(e.User, now, e.Svc.Calendar, int(item), answer, doneBy, text)
	})
}

func runCampaignsDone(ctx context.Context, e *Env, p parsed) error {
	item, err := model.ParseWhole(p.pos[1], 1, model.MaxCampaignItems)
	if err != nil {
		return model.FieldError("item", err)
	}
	return changeCampaign(ctx, e, p, func(c *model.Campaign) error { return c.CompleteItem(e.User, e.Svc.Clock.Now(), int(item)) })
}

func runCampaignsClose(ctx context.Context, e *Env, p parsed) error {
	return changeCampaign(ctx, e, p, func(c *model.Campaign) error { return c.Close(e.User, e.Svc.Clock.Now(), p.flags["text"]) })
}
