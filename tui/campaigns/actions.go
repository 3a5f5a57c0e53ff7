package campaigns

import (
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"xietong/model"
	"xietong/tui/kit"
)

// action is one step a person may take on an open campaign: its key,
// label, who may and when, its form and the transition it runs.
type action struct {
	key    string
	label  string // catalogue key
	may    func(u *model.User, c *model.Campaign) bool
	fields func(s *kit.Session, c *model.Campaign) []*kit.Field
	init   func(s *kit.Session, f *kit.Form, c *model.Campaign)
	run    func(s *kit.Session, f *kit.Form) (model.CampaignChange, error)
}

// answering reports whether production may answer c's items now: an
// urgent campaign needs the answer on cooperating at all first.
func answering(u *model.User, c *model.Campaign) bool {
	return model.Can(u, model.ActCampaignAnswer) && (c.Status == model.CampaignNotified || c.Status == model.CampaignAnswered) &&
		(!c.Urgent || c.Cooperate != nil)
}

// openTaken is the first item production took on and has not done, -1.
func openTaken(c *model.Campaign) int {
	for i, it := range c.Items {
		if (it.Answer == model.AnswerCan || it.Answer == model.AnswerPartly) && it.DoneAt.IsZero() {
			return i
		}
	}
	return -1
}

// itemsNote lists c's items in full, for the forms that choose one by
// number.
func itemsNote(s *kit.Session, c *model.Campaign) string {
	v := &screen{s: s, names: kit.LoadMaster(s)}
	var parts []string
	for i, it := range c.Items {
		parts = append(parts, strconv.Itoa(i+1)+". "+it.Kind.Text().In(s.Lang)+" "+v.itemText(it)+" · "+s.T("ui.cp.needed", it.NeededBy.String()))
	}
	return strings.Join(parts, s.T("ui.semicolon"))
}

// itemOptions are c's items as choices, keep deciding which: their number
// and kind only, so that a row of them fits 80 columns (the form's title
// names the campaign; the detail lists the items in full).
func itemOptions(s *kit.Session, c *model.Campaign, keep func(it model.CampaignItem) bool) []kit.Option {
	var opts []kit.Option
	for i, it := range c.Items {
		if keep(it) {
			opts = append(opts, kit.Option{Value: strconv.Itoa(i + 1), Label: strconv.Itoa(i+1) + "." + it.Kind.Text().In(s.Lang)})
		}
	}
	return opts
}

func chosenItem(f *kit.Form, name string) int {
	if c := f.Chosen(name); len(c) == 1 {
		n, _ := strconv.Atoi(c[0])
		return n
	}
	return 0
}

func actions() []action {
	return []action{
		{key: "a", label: "ui.cp.act_approve",
			may: func(u *model.User, c *model.Campaign) bool {
				return model.Can(u, model.ActCampaignApprove) && c.Status == model.CampaignDraft
			},
			run: func(s *kit.Session, _ *kit.Form) (model.CampaignChange, error) {
				return func(c *model.Campaign) error { return c.Approve(s.User, s.Svc.Clock.Now(), s.Svc.Calendar) }, nil
			}},
		{key: "y", label: "ui.cp.act_cooperate",
			may: func(u *model.User, c *model.Campaign) bool {
				return model.Can(u, model.ActCampaignAnswer) && c.Status == model.CampaignNotified && c.Urgent && c.Cooperate == nil
			},
			fields: func(s *kit.Session, _ *model.Campaign) []*kit.Field {
				return []*kit.Field{kit.ToggleField("cooperate", s.T("field.cooperate")),
					kit.AreaField("cooperate_text", s.T("field.cooperate_text"), model.MaxCampaignText+100)}
			},
			init: func(_ *kit.Session, f *kit.Form, _ *model.Campaign) { f.SetBool("cooperate", true) },
			run: func(s *kit.Session, f *kit.Form) (model.CampaignChange, error) {
				yes, text := f.Bool("cooperate"), f.Text("cooperate_text")
				return func(c *model.Campaign) error { return c.AnswerCooperation(s.User, s.Svc.Clock.Now(), yes, text) }, nil
			}},
		{key: "r", label: "ui.cp.act_answer", may: answering,
			fields: func(s *kit.Session, c *model.Campaign) []*kit.Field {
				answers := make([]kit.Option, len(model.CampaignAnswers))
				for i, a := range model.CampaignAnswers {
					answers[i] = kit.Option{Value: string(a), Label: a.Text().In(s.Lang)}
				}
				return []*kit.Field{
					kit.ChoiceField("item", s.T("field.item"), s.T("ui.an.one_hint"),
						itemOptions(s, c, func(model.CampaignItem) bool { return true })),
					kit.ChoiceField("answer", s.T("field.answer"), s.T("ui.an.one_hint"), answers),
					kit.TextField("done_by", s.T("field.done_by"), 20),
					kit.AreaField("answer_text", s.T("ui.cp.answer_text_hint"), model.MaxCampaignText+100)}
			},
			init: func(s *kit.Session, f *kit.Form, c *model.Campaign) {
				first := 0
				for i, it := range c.Items {
					if it.Answer == "" {
						first = i
						break
					}
				}
				f.SetChosen("item", []string{strconv.Itoa(first + 1)})
				f.SetChosen("answer", []string{string(model.AnswerCan)})
				f.Note = itemsNote(s, c)
				f.SetText("done_by", c.Items[first].NeededBy.String())
			},
			run: func(s *kit.Session, f *kit.Form) (model.CampaignChange, error) {
				item, text := chosenItem(f, "item"), f.Text("answer_text")
				var answer model.CampaignAnswer
				if c := f.Chosen("answer"); len(c) == 1 {
					answer = model.CampaignAnswer(c[0])
				}
				var doneBy model.Date
				if answer != model.AnswerCannot {
					d, err := model.ParseDate(f.Text("done_by"))
					if err != nil {
						return nil, model.FieldError("done_by", err)
					}
					doneBy = d
				}
				return func(c *model.Campaign) error {
					return c.AnswerItem(s.User, s.Svc.Clock.Now(), s.Svc.Calendar, item, answer, doneBy, text)
				}, nil
			}},
		{key: "d", label: "ui.cp.act_done",
			may: func(u *model.User, c *model.Campaign) bool { return answering(u, c) && openTaken(c) >= 0 },
			fields: func(s *kit.Session, c *model.Campaign) []*kit.Field {
				return []*kit.Field{kit.ChoiceField("item", s.T("field.item"), s.T("ui.an.one_hint"),
					itemOptions(s, c, func(it model.CampaignItem) bool {
						return (it.Answer == model.AnswerCan || it.Answer == model.AnswerPartly) && it.DoneAt.IsZero()
					}))}
			},
			init: func(s *kit.Session, f *kit.Form, c *model.Campaign) {
				f.SetChosen("item", []string{strconv.Itoa(openTaken(c) + 1)})
				f.Note = itemsNote(s, c)
			},
			run: func(s *kit.Session, f *kit.Form) (model.CampaignChange, error) {
				item := chosenItem(f, "item")
				return func(c *model.Campaign) error { return c.CompleteItem(s.User, s.Svc.Clock.Now(), item) }, nil
			}},
		{key: "c", label: "ui.cp.act_close",
			may: func(u *model.User, c *model.Campaign) bool {
				return model.Can(u, model.ActCampaignFile) && c.Status == model.CampaignAnswered
			},
			fields: func(s *kit.Session, _ *model.Campaign) []*kit.Field {
				return []*kit.Field{kit.AreaField("text", s.T("ui.pj.note"), model.MaxCampaignText+100)}
			},
			run: func(s *kit.Session, f *kit.Form) (model.CampaignChange, error) {
				text := f.Text("text")
				return func(c *model.Campaign) error { return c.Close(s.User, s.Svc.Clock.Now(), text) }, nil
			}},
	}
}

// start begins action a on the open campaign: its form, or at once.
func (v *screen) start(a *action) tea.Cmd {
	if a.fields == nil {
		v.apply(a, nil)
		return nil
	}
	v.act = a
	v.form = kit.NewForm(v.s.Lang, v.s.T(a.label)+" · "+v.c.No, a.fields(v.s, v.c)...)
	if a.init != nil {
		a.init(v.s, v.form, v.c)
	}
	v.form.Snapshot()
	return v.form.Focus()
}

// apply runs action a (with its form f) on the open campaign; a refusal
// stays in the form, next to its field when it has one.
func (v *screen) apply(a *action, f *kit.Form) bool {
	change, err := a.run(v.s, f)
	if err == nil {
		var saved *model.Campaign
		if saved, err = v.s.Svc.Campaigns.ChangeCampaign(v.s.Ctx, v.s.User, v.c.ID, v.c.Version, change); err == nil {
			v.c = saved
			v.s.Info(v.s.T("ui.cp.done_step", saved.No, v.s.T(a.label), saved.Status.Text().In(v.s.Lang)))
			v.Reload()
			return true
		}
	}
	if f != nil {
		if fe := v.s.FieldErrs(err); fe != nil {
			f.SetErrors(fe)
			return false
		}
	}
	v.s.Fail(err)
	return false
}
