package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"xietong/model"
)

// The penalty and award ledger on the command line: the office, the
// general manager and the heads propose, the office or the general manager
// confirm and reverse; everyone else sees their own entries.

func findLedger(ctx context.Context, e *Env, ref string) (*model.LedgerEntry, error) {
	ref = strings.TrimSpace(ref)
	var x *model.LedgerEntry
	var err error
	if id, perr := strconv.ParseUint(ref, 10, 64); perr == nil {
		x, err = e.Svc.Ledger.LedgerEntry(ctx, id)
	} else {
		x, err = e.Svc.Ledger.LedgerEntryByNo(ctx, ref)
	}
	if err == nil && !model.Can(e.User, model.ActLedgerPropose) && x.Person != e.User.Login {
		return nil, model.NotFound("ledger/" + ref)
	}
	return x, err
}

func checkLedgerList(p parsed) error {
	if s, ok := p.flags["month"]; ok {
		if _, err := model.ParseMonth(s); err != nil {
			return model.FieldError("month", err)
		}
	}
	return checkFormat(p)
}

func runLedgerList(ctx context.Context, e *Env, p parsed) error {
	f := model.LedgerFilter{}
	if s, ok := p.flags["month"]; ok {
		f.Month, _ = model.ParseMonth(s)
	}
	if !model.Can(e.User, model.ActLedgerPropose) {
		f.Person = e.User.Login
	}
	list, err := e.Svc.Ledger.LedgerEntries(ctx, f)
	if err != nil {
		return err
	}
	if p.has("json") {
		return writeJSON(e.Stdout, list)
	}
	loc, names := e.Svc.Clock.Loc, accountNames(ctx, e)
	sh := &sheet{name: "ledger", cols: []string{"ledger_no", "ledger_kind", "person", "dept", "amount", "fund", "rule", "cause", "status", "confirmed_at"}}
	for _, x := range list {
		sh.add(txt(x.No), txt(x.Kind.Text().In(e.Lang)), txt(names(x.Person)), txt(e.t("dept."+string(x.Dept))), num(int(x.Signed())),
			txt(x.Fund.Text().In(e.Lang)), txt(x.Rule.Text().In(e.Lang)), txt(x.Cause.Kind.Text().In(e.Lang)+" "+x.Cause.Ref),
			txt(x.Status.Text().In(e.Lang)), timeCell(x.ConfirmedAt, loc, "2006-01-02 15:04"))
	}
	if outFormat(p) != fmtTable {
		return writeSheet(e, p, sh)
	}
	writeTable(e.Stdout, sh.labels(e.Lang), sh.texts())
	if f.Month != (model.Month{}) {
		fmt.Fprintln(e.Stdout)
		for _, b := range model.FundBalances(list, f.Month.First(), f.Month.Last(), e.Svc.Calendar) {
			fmt.Fprintln(e.Stdout, e.t("cli.ledger.balance", b.Fund.Text().In(e.Lang), b.Penalties, b.Awards, b.Balance))
		}
	}
	return nil
}

func runLedgerShow(ctx context.Context, e *Env, p parsed) error {
	x, err := findLedger(ctx, e, p.pos[0])
	if err != nil {
		return err
	}
	if p.has("json") {
		return writeJSON(e.Stdout, x)
	}
	loc, names := e.Svc.Clock.Loc, accountNames(ctx, e)
	fmt.Fprintln(e.Stdout, e.t("cli.ledger.head", x.No, x.Kind.Text().In(e.Lang), x.Amount, x.Version))
	rows := [][]string{
		{"  " + e.t("field.status"), x.Status.Text().In(e.Lang)},
		{"  " + e.t("field.person"), names(x.Person) + " · " + e.t("dept."+string(x.Dept))},
		{"  " + e.t("field.rule"), x.Rule.Text().In(e.Lang)},
		{"  " + e.t("field.fund"), x.Fund.Text().In(e.Lang)},
		{"  " + e.t("field.cause_ref"), x.Cause.Kind.Text().In(e.Lang) + " " + x.Cause.Ref},
		{"  " + e.t("ui.lg.evidence"), oneLine(x.Evidence)},
		{"  " + e.t("field.statement"), oneLine(x.Statement)},
	}
	writeTable(e.Stdout, rows[0], rows[1:])
	fmt.Fprintln(e.Stdout)
	var hist [][]string
	for _, h := range x.History {
		hist = append(hist, []string{h.At.In(loc).Format("2006-01-02 15:04"), names(h.By), h.Kind.Text().In(e.Lang), oneLine(h.Text)})
	}
	writeTable(e.Stdout, []string{e.t("field.time"), e.t("field.by"), e.t("field.event"), e.t("field.text")}, hist)
	return nil
}

func runLedgerPropose(ctx context.Context, e *Env, p parsed) error {
	in := model.LedgerInput{Kind: model.LedgerKind(p.flags["kind"]), Rule: model.LedgerRule(p.flags["rule"]), Person: p.flags["person"],
		Fund: model.Fund(p.flags["fund"]), Evidence: p.flags["evidence"], Amount: model.DefaultLedgerAmount}
	if in.Kind == "" {
		in.Kind = in.Rule.Kind()
	}
	if in.Fund == "" {
		in.Fund = in.Rule.DefaultFund()
	}
	if s, ok := p.flags["amount"]; ok {
		n, err := model.ParseWhole(s, 1, model.MaxLedgerAmount)
		if err != nil {
			return model.FieldError("amount", err)
		}
		in.Amount = n
	}
	kind, ref, _ := strings.Cut(p.flags["cause"], ":")
	in.Cause = model.Cause{Kind: model.CauseKind(kind), Ref: ref}
	if u, err := e.Svc.Users.User(ctx, in.Person); err == nil {
		in.Dept = u.Dept
	}
	x, err := e.Svc.Ledger.ProposeLedgerEntry(ctx, e.User, in)
	if err != nil {
		return err
	}
	if p.has("json") {
		return writeJSON(e.Stdout, x)
	}
	fmt.Fprintln(e.Stdout, e.t("ui.lg.proposed", x.No))
	return nil
}

func changeLedger(ctx context.Context, e *Env, p parsed, f model.LedgerChange) error {
	x, err := findLedger(ctx, e, p.pos[0])
	if err != nil {
		return err
	}
	if x, err = e.Svc.Ledger.ChangeLedgerEntry(ctx, e.User, x.ID, x.Version, f); err != nil {
		return err
	}
	if p.has("json") {
		return writeJSON(e.Stdout, x)
	}
	fmt.Fprintln(e.Stdout, e.t("cli.ledger.now", x.No, x.Status.Text().In(e.Lang)))
	return nil
}

func runLedgerConfirm(ctx context.Context, e *Env, p parsed) error {
	return changeLedger(ctx, e, p, func(by *model.User, x *model.LedgerEntry) error { return x.Confirm(by, e.Svc.Clock.Now()) })
}

func runLedgerStatement(ctx context.Context, e *Env, p parsed) error {
	return changeLedger(ctx, e, p, func(by *model.User, x *model.LedgerEntry) error {
		return x.AddStatement(by, e.Svc.Clock.Now(), p.flags["text"])
	})
}

func runLedgerReverse(ctx context.Context, e *Env, p parsed) error {
	x, err := findLedger(ctx, e, p.pos[0])
	if err != nil {
		return err
	}
	r, err := e.Svc.Ledger.ReverseLedgerEntry(ctx, e.User, x.ID, x.Version, p.flags["reason"])
	if err != nil {
		return err
	}
	if p.has("json") {
		return writeJSON(e.Stdout, r)
	}
	fmt.Fprintln(e.Stdout, e.t("cli.ledger.reversed", x.No, r.No))
	return nil
}

// checkLedgerRules checks the switches: on or off, a whole number of days.
func checkLedgerRules(p parsed) error {
	if s, ok := p.flags["missed-deadline"]; ok && s != "on" && s != "off" {
		return model.Errorf(model.EINVALID, "cli.val.on_off")
	}
	if s, ok := p.flags["grace"]; ok {
		if _, err := model.ParseWhole(s, 0, model.MaxDeadlineGrace); err != nil {
			return model.FieldError("grace", err)
		}
	}
	return nil
}

// runLedgerRules lists the rules that draft entries, each always on or
// with its switch; with --missed-deadline or --grace the office changes the
// missed-deadline rule first (what it does not name stays as it was).
func runLedgerRules(ctx context.Context, e *Env, p parsed) error {
	r, err := e.Svc.Ledger.LedgerRules(ctx)
	if err != nil {
		return err
	}
	if p.has("missed-deadline") || p.has("grace") {
		on, grace := r.MissedDeadline, r.GraceDays
		if s, ok := p.flags["missed-deadline"]; ok {
			on = s == "on"
		}
		if s, ok := p.flags["grace"]; ok {
			n, _ := model.ParseWhole(s, 0, model.MaxDeadlineGrace)
			grace = int(n)
		}
		if r, err = e.Svc.Ledger.SetMissedDeadlineRule(ctx, e.User, on, grace); err != nil {
			return err
		}
	}
	if p.has("json") {
		return writeJSON(e.Stdout, r)
	}
	var rows [][]string
	for _, rule := range model.LedgerRules {
		state := e.t("cli.ledger.rule_always")
		switch {
		case rule == model.RuleOther:
			continue
		case rule == model.RuleMissedDeadline && r.MissedDeadline:
			state = e.t("ui.lg.rules_on", r.Since.In(e.Svc.Clock.Loc).Format("2006-01-02 15:04"), r.GraceDays)
		case rule == model.RuleMissedDeadline:
			state = e.t("ui.lg.rules_off", r.GraceDays)
		}
		rows = append(rows, []string{rule.Text().In(e.Lang), state})
	}
	writeTable(e.Stdout, []string{e.t("field.rule"), e.t("field.status")}, rows)
	return nil
}
