package cli

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"xietong/i18n"
	"xietong/model"
)

// Exports: a meeting's minutes (Markdown or XLSX) and a month's KPIs (CSV or
// XLSX), written to stdout.

// exactlyOne refuses anything but exactly one of the flags a and b.
func exactlyOne(p parsed, a, b, key string) error {
	if p.has(a) == p.has(b) {
		return model.Errorf(model.EINVALID, key)
	}
	return nil
}

func checkExportMeeting(p parsed) error {
	if err := exactlyOne(p, "md", "xlsx", "cli.x.meeting_format"); err != nil {
		return err
	}
	_, err := meetingID(p.pos[0])
	return err
}

func meetingID(s string) (uint64, error) {
	id, err := strconv.ParseUint(strings.TrimPrefix(strings.TrimSpace(s), "#"), 10, 64)
	if err != nil || id == 0 {
		return 0, model.Errorf(model.EINVALID, "cli.x.bad_id", s)
	}
	return id, nil
}

func checkExportKPI(p parsed) error {
	if err := exactlyOne(p, "csv", "xlsx", "cli.x.kpi_format"); err != nil {
		return err
	}
	return checkFormat(p)
}

// meetings is the meeting service, or a clear error while the server has
// none.
func meetings(e *Env) (model.MeetingService, error) {
	if e.Svc.Meetings == nil {
		return nil, model.Errorf(model.EINTERNAL, "cli.x.no_meetings")
	}
	return e.Svc.Meetings, nil
}

func runExportMeeting(ctx context.Context, e *Env, p parsed) error {
	svc, err := meetings(e)
	if err != nil {
		return err
	}
	id, _ := meetingID(p.pos[0])
	m, err := svc.Meeting(ctx, id)
	if err != nil {
		return err
	}
	mx := minutes{m: m, names: map[string]string{}, products: map[string]string{}}
	logins := append([]string{m.ClosedBy}, m.Attendees...)
	for _, d := range m.Decisions {
		logins = append(logins, d.Owner)
	}
	for _, a := range m.Addenda {
		logins = append(logins, a.By)
	}
	for _, l := range logins {
		if _, seen := mx.names[l]; seen || l == "" || e.Svc.Users == nil {
			continue
		}
		mx.names[l] = ""
		if u, err := e.Svc.Users.User(ctx, l); err == nil {
			mx.names[l] = u.Name
		}
	}
	if m.Figures != nil && e.Svc.Master != nil {
		if ps, err := e.Svc.Master.Products(ctx); err == nil {
			for _, p := range ps {
				mx.products[p.Code] = p.Name
			}
		}
	}
	if p.has("md") {
		_, err := fmt.Fprint(e.Stdout, meetingMarkdown(e, mx))
		return err
	}
	return writeXLSX(e, meetingSheets(e, mx)...)
}

// minutes is a meeting with the names its export shows instead of logins
// and product codes.
type minutes struct {
	m        *model.Meeting
	names    map[string]string // people by login
	products map[string]string // products by code
}

func (x minutes) who(login string) string {
	if n := x.names[login]; n != "" {
		return n
	}
	return login
}

func (x minutes) product(code string) string {
	if n := x.products[code]; n != "" {
		return n
	}
	return code
}

func (x minutes) attendees() string {
	out := make([]string, len(x.m.Attendees))
	for i, a := range x.m.Attendees {
		out[i] = x.who(a)
	}
	return strings.Join(out, ", ")
}

// figures are item it's figures in lang, one per line ("" for none), and
// the line saying as of when they are.
func (x minutes) figures(lang string, it model.AgendaItem) string {
	return strings.Join(x.m.Figures.Lines(lang, it.Key, x.product), "\n")
}

func (x minutes) asOf(e *Env) string {
	f := x.m.Figures
	if f == nil {
		return ""
	}
	at := f.AsOf.In(e.Svc.Clock.Loc).Format(minutesLayout)
	if x.m.IsClosed() {
		return e.t("meeting.fig.frozen", at)
	}
	return e.t("meeting.fig.as_of", at)
}

const minutesLayout = "2006-01-02 15:04"

// meetingSheets are a meeting's workbook: the meeting itself, its agenda
// items, its decisions and its addenda.
func meetingSheets(e *Env, x minutes) []*sheet {
	m, loc := x.m, e.Svc.Clock.Loc
	info := &sheet{name: "meeting", cols: []string{"field", "value"}}
	label := func(c string) cell { return txt(colLabel(e.Lang, c)) }
	info.add(label("id"), num(m.ID))
	info.add(label("title"), txt(m.TitleIn(e.Lang)))
	info.add(label("kind"), txt(m.Kind.Text().In(e.Lang)))
	info.add(label("date"), dateCell(m.Date))
	if m.Month != (model.Month{}) {
		info.add(label("month"), txt(m.Month.String()))
	}
	info.add(label("attendees"), txt(x.attendees()))
	info.add(label("closed"), timeCell(m.Closed, loc, minutesLayout))
	info.add(label("closed_by"), txt(x.who(m.ClosedBy)))
	if m.Figures != nil {
		info.add(label("figures"), txt(x.asOf(e)))
	}

	items := &sheet{name: "items", cols: []string{"no", "key", "title", "figures", "notes", "done"}}
	for i, it := range m.Items {
		items.add(num(i+1), txt(it.Key), txt(m.ItemTitle(e.Lang, it)), txt(x.figures(e.Lang, it)), txt(it.Notes), boolCell(it.Done, strconv.FormatBool(it.Done)))
	}
	decisions := &sheet{name: "decisions", cols: []string{"no", "text", "owner", "due", "action_id"}}
	for i, d := range m.Decisions {
		action := cell{}
		if d.ActionID != 0 {
			action = num(d.ActionID)
		}
		decisions.add(num(i+1), txt(d.Text), txt(x.who(d.Owner)), dateCell(d.Due), action)
	}
	addenda := &sheet{name: "addenda", cols: []string{"at", "by", "text"}}
	for _, a := range m.Addenda {
		addenda.add(timeCell(a.At, loc, minutesLayout), txt(x.who(a.By)), txt(a.Text))
	}
	return []*sheet{info, items, decisions, addenda}
}

// meetingMarkdown writes the minutes as Markdown: a heading, the facts, the
// agenda items with their figures and notes, the decisions as a table and
// the addenda.
func meetingMarkdown(e *Env, x minutes) string {
	m, loc := x.m, e.Svc.Clock.Loc
	var b strings.Builder
	line := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	line("# %s", mdInline(m.TitleIn(e.Lang)))
	line("")
	line("- %s: %s", e.t("cli.x.md.date"), m.Date.String())
	line("- %s: %s", e.t("cli.x.md.kind"), mdInline(m.Kind.Text().In(e.Lang)))
	if m.Month != (model.Month{}) {
		line("- %s: %s", e.t("cli.x.md.month"), m.Month.String())
	}
	if len(m.Attendees) > 0 {
		line("- %s: %s", e.t("cli.x.md.attendees"), mdInline(x.attendees()))
	}
	state := e.t("cli.x.md.open")
	if !m.Closed.IsZero() {
		state = e.t("cli.x.md.closed", m.Closed.In(loc).Format(minutesLayout), mdInline(x.who(m.ClosedBy)))
	}
	line("- %s: %s", e.t("cli.x.md.state"), state)
	if m.Figures != nil {
		line("- %s: %s", e.t("cli.x.md.figures"), mdInline(x.asOf(e)))
	}
	line("")
	line("## %s", e.t("cli.x.md.agenda"))
	for i, it := range m.Items {
		mark := " "
		if it.Done {
			mark = "x"
		}
		title := mdInline(m.ItemTitle(e.Lang, it))
		if it.Key != "" {
			title = mdInline(it.Key) + ". " + title
		}
		line("")
		line("### %d. [%s] %s", i+1, mark, title)
		if f := strings.TrimSpace(safe(x.figures(e.Lang, it))); f != "" {
			line("")
			line("%s:", e.t("cli.x.md.figures"))
			line("")
			fence := strings.Repeat("`", max(3, longestRun(f, '`')+1))
			line("%s", fence)
			line("%s", f)
			line("%s", fence)
		}
		if n := strings.TrimSpace(safe(it.Notes)); n != "" {
			line("")
			line("**%s:** %s", e.t("cli.x.md.notes"), mdBlock(n))
		}
	}
	line("")
	line("## %s", e.t("cli.x.md.decisions"))
	line("")
	if len(m.Decisions) == 0 {
		line("%s", e.t("cli.x.md.no_decisions"))
	} else {
		line("| # | %s | %s | %s | %s |", e.t("cli.x.md.decision"), e.t("cli.x.md.owner"), e.t("cli.x.md.due"), e.t("cli.x.md.action"))
		line("|---|---|---|---|---|")
		for i, d := range m.Decisions {
			action := ""
			if d.ActionID != 0 {
				action = "#" + strconv.FormatUint(d.ActionID, 10)
			}
			line("| %d | %s | %s | %s | %s |", i+1, mdCell(d.Text), mdCell(x.who(d.Owner)), d.Due.String(), action)
		}
	}
	if len(m.Addenda) > 0 {
		line("")
		line("## %s", e.t("cli.x.md.addenda"))
		line("")
		for _, a := range m.Addenda {
			line("- %s %s: %s", a.At.In(loc).Format(minutesLayout), mdInline(x.who(a.By)), mdBlock(strings.TrimSpace(safe(a.Text))))
		}
	}
	return b.String()
}

// mdInline is text on one line of Markdown.
func mdInline(s string) string { return oneLine(s) }

// mdCell is text in a Markdown table cell: one line, pipes escaped.
func mdCell(s string) string { return strings.ReplaceAll(oneLine(s), "|", `\|`) }

// mdBlock keeps the line breaks of a text inside a list item or paragraph
// (a hard break, then an indent).
func mdBlock(s string) string {
	lines := strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n")
	for i := range lines {
		lines[i] = strings.TrimRight(lines[i], " \t")
	}
	return strings.Join(lines, "  \n  ")
}

func longestRun(s string, r rune) int {
	best, n := 0, 0
	for _, c := range s {
		if c == r {
			n++
			best = max(best, n)
		} else {
			n = 0
		}
	}
	return best
}

func runExportKPI(ctx context.Context, e *Env, p parsed) error {
	m, err := model.ParseMonth(p.pos[0])
	if err != nil {
		return err
	}
	svc, err := meetings(e)
	if err != nil {
		return err
	}
	sh := &sheet{name: "kpi " + m.String(), cols: []string{"kpi", "kpi_name", "month", "value", "num", "den", "target", "note"}}
	for _, k := range model.KPIs {
		v, err := svc.KPI(ctx, k, m, "")
		if err != nil {
			return err
		}
		name := string(k)
		if key := "ui.kpi.name." + string(k); i18n.Has(key) {
			name = e.t(key)
		}
		target, note := cell{}, ""
		if v.Target != nil {
			target = pctCell(v.Target.Target, true)
		}
		if !v.OK {
			note = e.t("cli.x.no_data")
		}
		sh.add(txt(string(k)), txt(name), txt(m.String()), pctCell(v.Value, v.OK), num(v.Num), num(v.Den), target, txt(note))
	}
	return writeSheet(e, p, sh)
}
