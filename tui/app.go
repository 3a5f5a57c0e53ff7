// Package tui holds the terminal app: one App (the root model) per SSH
// session, routing keys to the section screens, with header, status line and
// key help. The screens live in the area packages below it (desk, orders,
// shopfloor, planning, meetings), built on kit. It talks to model services
// only.
package tui

import (
	"context"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"xietong/model"
	"xietong/tui/kit"
)

// Minimum terminal size the screens are laid out for.
const (
	MinWidth  = 80
	MinHeight = 24
)

// Config is what a session needs to build its App.
type Config struct {
	Services model.Services
	User     *model.User
	Lang     string // language to start in (account preference, client LANG or server default)
	Company  string
	// Width and Height are the terminal size at the start (the PTY request).
	Width, Height int
	// PanicKey, when set (tests only), makes that key panic inside Update so
	// tests can prove a crash ends one session only.
	PanicKey string
	// Log is the server's log, where faults go with the id the session
	// shows (see Session.Fault); nil: slog.Default().
	Log *slog.Logger
	// Tables, when set, is the server's cache of table rows drawn, shared
	// by its sessions (see kit.TableCache).
	Tables *kit.TableCache
}

// EventsMsg carries committed changes from the store's feed into a session.
type EventsMsg struct {
	Events   []model.Event
	Overflow bool
	// Drawn, when set, is closed once the frame that shows these changes
	// has been made (after their re-read, if the screen on view needs one),
	// so the server can tell when a session's share of a change is done.
	Drawn chan struct{}
}

// StoppingMsg tells the session the server is shutting down.
type StoppingMsg struct{}

// IdleWarningMsg tells the session it will be closed in Left unless a key
// is pressed.
type IdleWarningMsg struct{ Left time.Duration }

// TickMsg is the minute tick of the header clock and the overdue count.
// The server sends it from the session's own goroutine, which ends with the
// session; a tea.Tick would keep a timer goroutine alive for up to a minute
// after the client left.
type TickMsg time.Time

// sizer is a screen whose data depends on the size of the body it is drawn
// in (a page of rows read from the store). It is told the size when the
// window changes and before it is shown, so the read happens there and
// never while drawing.
type sizer interface {
	SetSize(width, height int)
}

// App is the root model of one session.
type App struct {
	s        *kit.Session
	cfg      Config
	keys     GlobalKeys
	help     help.Model
	reg      []kit.Section // the registry: screens[i] is reg[i]'s
	groups   []group
	screens  []kit.Screen
	stale    []bool // screens to re-read when next shown
	active   int
	width    int
	height   int
	showHelp bool
	cmd      *cmdLine // the command line, while open
	confirm  bool     // asking whether to quit with unsaved edits
	stopping bool
	// idleWarning is the inactivity warning on the status line, if any.
	idleWarning string
	now         time.Time
	overdue     int         // my department's missing items today, for the header
	pending     model.Kinds // kinds of committed changes not yet re-read (reloadMsg)
	// lastFrame is the last frame drawn; unchanged says the message just
	// handled changed nothing on screen, so View may give it again.
	lastFrame string
	unchanged bool
	renders   int // frames drawn, for the benchmarks and tests
	// owed says an alert came with changes the screen on view is still to
	// re-read: its frame waits for the re-read, so the alert and the
	// changed rows go out together.
	owed bool
	// body is the screen's part of the last frame, clipped; bodyDirty says
	// a message since may have changed it (anything but changes the screen
	// on view does not show).
	body      string
	bodyDirty bool
	// drawn are the Drawn channels of the changes taken since the last
	// frame that showed them all (see EventsMsg).
	drawn []chan struct{}
	// Pieces of the frame kept between frames; gen changes with the
	// styles and the language, which every piece depends on.
	gen                                    int
	headMemo, tabMemo, keyMemo, statusMemo memo
	bodyFits                               fitCache
	// bells: when each person last rang this terminal's bell (an urgent
	// notice or a severity-1 anomaly); the bell rings at most once per
	// bellGap per person, the alerts themselves always show.
	bells map[string]time.Time
}

// bellGap is the least time between two bells one person rings on a
// terminal.
const bellGap = time.Minute

// bell rings the terminal's bell for an alert from who, unless who rang it
// less than bellGap ago.
func (a *App) bell(who string) tea.Cmd {
	now := a.s.Svc.Clock.Now()
	if last, ok := a.bells[who]; ok && now.Sub(last) < bellGap {
		return nil
	}
	if a.bells == nil {
		a.bells = map[string]time.Time{}
	}
	a.bells[who] = now
	return tea.Raw("\a")
}

// New builds the App for one session.
func New(ctx context.Context, cfg Config) *App {
	lang := cfg.Lang
	if lang != model.LangEN {
		lang = model.LangZH
	}
	s := &kit.Session{Ctx: ctx, Svc: cfg.Services, User: cfg.User, Lang: lang, St: kit.NewStyles(true), Log: cfg.Log}
	s.St.Rows = cfg.Tables
	a := &App{s: s, cfg: cfg, help: help.New(), width: MinWidth, height: MinHeight}
	if cfg.Width > 0 && cfg.Height > 0 {
		a.width, a.height, s.Width = cfg.Width, cfg.Height, cfg.Width
		a.help.SetWidth(cfg.Width)
	}
	a.reg = registry()
	a.groups = groups(a.reg)
	a.keys = newGlobalKeys(lang, len(a.groups))
	s.Reach = a.reach
	for _, sec := range a.reg {
		a.screens = append(a.screens, sec.Make(s))
	}
	// Screens read their data when first shown, so a session starts by
	// reading only its home screen.
	a.stale = make([]bool, len(a.screens))
	for i := range a.stale {
		a.stale[i] = true
	}
	a.show(0)
	a.now = cfg.Services.Clock.Now()
	a.countOverdue()
	return a
}

// Init asks for the background colour and starts the clock.
func (a *App) Init() tea.Cmd {
	return tea.RequestBackgroundColor
}

func (a *App) dirty() bool {
	for _, sc := range a.screens {
		if sc.Dirty() {
			return true
		}
	}
	return false
}

// Update routes messages.
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	a.unchanged = false
	switch msg.(type) {
	case EventsMsg, reloadMsg:
		// They change the screen on view only through its re-read.
	default:
		a.bodyDirty = true
	}
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.width, a.height = msg.Width, msg.Height
		a.s.Width = msg.Width
		a.help.SetWidth(msg.Width)
		a.sizeScreen(a.active)
		return a, nil
	case tea.BackgroundColorMsg:
		a.s.St = kit.NewStyles(msg.IsDark())
		a.s.St.Rows = a.cfg.Tables
		a.gen++
		a.help.Styles = help.DefaultStyles(msg.IsDark())
		return a, nil
	case TickMsg:
		a.now = a.s.Svc.Clock.Now()
		a.countOverdue()
		return a, nil
	case StoppingMsg:
		a.stopping = true
		a.s.Alert(a.s.T("app.stopping"))
		return a, tea.Tick(300*time.Millisecond, func(time.Time) tea.Msg { return tea.QuitMsg{} })
	case IdleWarningMsg:
		a.idleWarning = a.idleText(msg.Left)
		a.s.Alert(a.idleWarning)
		return a, nil
	case EventsMsg:
		if msg.Drawn != nil {
			a.drawn = append(a.drawn, msg.Drawn)
		}
		status, level := a.s.Said()
		user := a.s.User
		cmd := a.onEvents(msg)
		nowSaid, nowLevel := a.s.Said()
		said := nowSaid != status || nowLevel != level || a.s.User != user || a.showHelp
		if a.pending.Overlaps(a.reg[a.active].Wants) {
			// The screen on view re-reads next: one frame after it.
			a.owed = a.owed || said
			a.unchanged = true
		} else {
			a.unchanged = !said
		}
		return a, cmd
	case reloadMsg:
		overdue := a.overdue
		reread := a.reload()
		a.bodyDirty = a.bodyDirty || reread
		a.unchanged = !reread && !a.owed && a.overdue == overdue && !a.showHelp
		a.owed = false
		return a, nil
	case kit.SwitchMsg:
		a.show(a.sectionOf(msg.Section))
		if msg.Open != 0 {
			return a, a.screens[a.active].Update(kit.OpenMsg{ID: msg.Open})
		}
		return a, nil
	case tea.PasteMsg:
		if a.cmd != nil {
			_, _, cmd := a.cmd.update(msg)
			return a, cmd
		}
	case tea.KeyPressMsg:
		if a.idleWarning != "" {
			// A key answers the warning: the server restarted its count.
			if said, _ := a.s.Said(); said == a.idleWarning {
				a.s.Info("")
			}
			a.idleWarning = ""
		}
		return a, a.onKey(msg)
	}
	return a, a.screens[a.active].Update(msg)
}

// idleText is the inactivity warning for left remaining.
func (a *App) idleText(left time.Duration) string {
	if left >= 90*time.Second {
		return a.s.T("rel.idle_warn_min", int((left+30*time.Second)/time.Minute))
	}
	return a.s.T("rel.idle_warn_sec", max(1, int((left+time.Second/2)/time.Second)))
}

func (a *App) onKey(msg tea.KeyPressMsg) tea.Cmd {
	k := msg.String()
	if a.cfg.PanicKey != "" && k == a.cfg.PanicKey {
		panic("test hook: provoked panic")
	}
	if a.confirm {
		switch k {
		case "y", "Y":
			return tea.Quit
		case "n", "N", "esc":
			a.confirm = false
			a.s.Info("")
		}
		return nil
	}
	if key.Matches(msg, a.keys.ForceQuit) {
		return a.quit()
	}
	if a.width < MinWidth || a.height < MinHeight {
		if k == "q" {
			return a.quit()
		}
		return nil
	}
	if a.showHelp {
		if k == "?" || k == "esc" || k == "q" {
			a.showHelp = false
		}
		return nil
	}
	if a.cmd != nil {
		done, target, cmd := a.cmd.update(msg)
		if done {
			a.cmd = nil
			if target != nil {
				a.show(target.section)
				switch {
				case target.msg != nil:
					return a.screens[a.active].Update(target.msg)
				case target.open != 0:
					return a.screens[a.active].Update(kit.OpenMsg{ID: target.open})
				}
			}
		}
		return cmd
	}
	sc := a.screens[a.active]
	if key.Matches(msg, a.keys.HelpF1) {
		a.showHelp = true
		return nil
	}
	if key.Matches(msg, a.keys.AltSection) {
		// Switching keeps the screen's unsaved edits where they are.
		a.showGroup(groupIndex(k))
		return nil
	}
	if !sc.Capturing() {
		switch {
		case key.Matches(msg, a.keys.Quit):
			return a.quit()
		case key.Matches(msg, a.keys.Help):
			a.showHelp = true
			return nil
		case key.Matches(msg, a.keys.Lang):
			a.switchLang()
			return nil
		case key.Matches(msg, a.keys.NextSec):
			a.step(+1)
			return nil
		case key.Matches(msg, a.keys.PrevSec):
			a.step(-1)
			return nil
		case key.Matches(msg, a.keys.Section):
			a.showGroup(groupIndex(k))
			return nil
		case key.Matches(msg, a.keys.Cmd):
			a.cmd = newCmdLine(a.s, a.reg, a.groups)
			return a.cmd.in.Focus()
		}
	}
	if said, _ := a.s.Said(); k == "esc" && said != "" && !sc.Capturing() {
		a.s.Info("")
	}
	return sc.Update(msg)
}

// countOverdue counts today's missing due items of my department.
func (a *App) countOverdue() {
	if a.s.Svc.Planning == nil {
		return
	}
	today := a.s.Svc.Calendar.DateOf(a.s.Svc.Clock.Now())
	items, err := a.s.Svc.Planning.Deadlines(a.s.Ctx, today.AddDays(-1), today)
	if err != nil {
		return
	}
	n := 0
	for _, it := range items {
		if it.State == model.DueMissing && it.Dept == a.s.User.Dept {
			n++
		}
	}
	a.overdue = n
}

// reach is the keys that lead to the section with catalogue key k: its
// group's digit, then tab as many times as it stands after the group's
// first section.
func (a *App) reach(k string) string {
	for g, gr := range a.groups {
		for n, i := range gr.sections {
			if a.reg[i].Key == k {
				return strconv.Itoa((g+1)%10) + strings.Repeat(" tab", n)
			}
		}
	}
	return ":"
}

// groupIndex maps "1".."9", "0" (and alt+ forms) to groups 0..9.
func groupIndex(k string) int {
	d := k[len(k)-1]
	if d == '0' {
		return 9
	}
	return int(d - '1')
}

// groupOf is the index of the group section i belongs to.
func (a *App) groupOf(i int) int {
	for g, gr := range a.groups {
		if slices.Contains(gr.sections, i) {
			return g
		}
	}
	return 0
}

// showGroup shows the first section of group g, if there is one: a digit
// always leads to the same screen.
func (a *App) showGroup(g int) {
	if g >= 0 && g < len(a.groups) {
		a.show(a.groups[g].sections[0])
	}
}

// step shows the next (+1) or previous (-1) section of the group on view,
// round.
func (a *App) step(d int) {
	secs := a.groups[a.groupOf(a.active)].sections
	at := slices.Index(secs, a.active)
	a.show(secs[(at+d+len(secs))%len(secs)])
}

// show makes section i the one on view, re-reading it if changes arrived
// while it was hidden.
func (a *App) show(i int) {
	if _, level := a.s.Said(); i != a.active && level != kit.StatusAlert {
		// An error or a note belongs to the screen it was made on; live
		// alerts stay until read.
		a.s.Info("")
	}
	a.active = i
	a.sizeScreen(i)
	if a.stale[i] {
		a.stale[i] = false
		a.screens[i].Reload()
	}
}

// sizeScreen tells screen i the body's size, if it wants it.
func (a *App) sizeScreen(i int) {
	if s, ok := a.screens[i].(sizer); ok {
		s.SetSize(a.width, a.bodyHeight())
	}
}

// bodyHeight is the rows left for a screen under the header and tabs and
// above the status line and key help.
func (a *App) bodyHeight() int { return a.height - 5 }

func (a *App) quit() tea.Cmd {
	if a.dirty() {
		a.confirm = true
		a.s.Alert(a.s.T("app.quit_unsaved"))
		return nil
	}
	return tea.Quit
}

func (a *App) switchLang() {
	lang := model.LangEN
	if a.s.Lang == model.LangEN {
		lang = model.LangZH
	}
	u, err := a.s.Svc.Users.SetLanguage(a.s.Ctx, a.s.User, lang)
	if err != nil {
		a.s.Fail(err)
		return
	}
	a.s.User, a.s.Lang = u, lang
	a.gen++
	a.keys = newGlobalKeys(lang, len(a.groups))
	for i := range a.stale {
		a.stale[i] = i != a.active
	}
	a.screens[a.active].Reload()
	a.s.Info(a.s.T("app.lang_set"))
}

// deadlineKinds are the kinds of records the header's overdue count
// depends on (see store Deadlines).
var deadlineKinds = model.KindSet(model.KindPlan, model.KindShortfall, model.KindProdPlan, model.KindLine, model.KindOrder,
	model.KindProject, model.KindCampaign, model.KindDeptPlan, model.KindPurchase)

// onEvents turns committed changes into status-line alerts and reloads:
// the screen on view is re-read when the changes are of kinds it shows,
// the other screens that show them are marked to be re-read when next
// shown, and a change no screen shows costs nothing more.
func (a *App) onEvents(msg EventsMsg) tea.Cmd {
	var cmds []tea.Cmd
	me := a.s.User
	for _, e := range msg.Events {
		if e.Actor == me.Login && e.Kind != model.KindUser {
			continue // this person's own change: the screen that made it has said so
		}
		if e.Kind == model.KindUser {
			a.s.ForgetNames()
			a.bodyDirty = true // names on view may have changed
			if e.Key != me.Login {
				continue
			}
			if u, err := a.s.Svc.Users.User(a.s.Ctx, me.Login); err == nil {
				if u.Disabled {
					return tea.Quit
				}
				a.s.User = u
			}
			continue
		}
		for _, sec := range a.reg {
			for _, la := range sec.Alerts {
				if la.Kind != e.Kind {
					continue
				}
				al, ok := la.Say(a.s, e)
				if !ok {
					continue
				}
				a.s.Say(al.Text, al.Level)
				if al.Bell {
					cmds = append(cmds, a.bell(e.Actor))
				}
			}
		}
	}
	kinds := model.KindsOf(msg.Events)
	if msg.Overflow {
		kinds = model.EveryKind
	}
	// The re-reads wait behind the keys already typed: they are done when
	// reloadMsg comes back through the program's queue, together with any
	// changes that arrived meanwhile.
	if kinds != 0 && a.pending == 0 {
		cmds = append(cmds, func() tea.Msg { return reloadMsg{} })
	}
	a.pending |= kinds
	return tea.Batch(cmds...)
}

// reloadMsg asks the app to re-read what the changes since the last one
// call for.
type reloadMsg struct{}

// reload re-reads, for the kinds of the changes pending, the header's
// overdue count and the screen on view when they concern them, and marks
// the hidden screens that show them to be re-read when next shown.
func (a *App) reload() (reread bool) {
	kinds := a.pending
	a.pending = 0
	if kinds.Overlaps(deadlineKinds) {
		a.countOverdue()
	}
	for i, sc := range a.screens {
		if !a.reg[i].Wants.Overlaps(kinds) {
			continue
		}
		if i == a.active {
			sc.Reload()
			reread = true
		} else {
			a.stale[i] = true
		}
	}
	return reread
}

// View draws the whole screen.
func (a *App) View() tea.View {
	if a.unchanged && a.lastFrame != "" {
		// Nothing on screen changed since the last frame (committed changes
		// whose re-read is still to come, no alert): the renderer would find
		// the same frame, so it is not drawn again.
		a.unchanged = false
	} else {
		a.lastFrame = a.render()
		a.renders++
	}
	if a.pending == 0 && len(a.drawn) > 0 {
		// Every change taken is re-read and on this frame.
		for _, c := range a.drawn {
			close(c)
		}
		a.drawn = a.drawn[:0]
	}
	v := tea.NewView(a.lastFrame)
	v.AltScreen = true
	v.WindowTitle = a.s.T("app.name")
	return v
}

func (a *App) render() string {
	st := a.s.St
	if a.width < MinWidth || a.height < MinHeight {
		msg := a.s.T("app.too_small", MinWidth, MinHeight, a.width, a.height)
		return lipgloss.Place(a.width, a.height, lipgloss.Center, lipgloss.Center,
			st.Alert.Width(min(a.width, 60)).Render(msg))
	}
	gen := strconv.Itoa(a.gen) + "\x1f" + strconv.Itoa(a.width) + "\x1f"
	header := a.headMemo.get(gen+a.headerKey(), a.header)
	tabs := a.tabMemo.get(gen+strconv.Itoa(a.active), a.tabs)
	said, level := a.s.Said()
	status := a.statusMemo.get(gen+strconv.Itoa(int(level))+"\x1f"+said, a.statusLine)
	var footer string
	if a.showHelp {
		footer = st.Dim.Render(a.s.T("help.close"))
	} else {
		// The footer lists the keys that work now: while the screen takes
		// every key (a form, an editing grid) ? L q would be typed, so only
		// F1 is offered for help.
		keys := append(kit.FooterKeys(a.screens[a.active].HelpKeys()), a.keys.Help, a.keys.Lang, a.keys.Quit)
		if a.screens[a.active].Capturing() {
			keys = append(kit.FooterKeys(a.screens[a.active].HelpKeys()), a.keys.HelpF1)
		}
		var k strings.Builder
		k.WriteString(gen)
		for _, b := range keys {
			if b.Enabled() {
				h := b.Help()
				k.WriteString(h.Key + "\x1e" + h.Desc + "\x1f")
			}
		}
		footer = a.keyMemo.get(k.String(), func() string { return a.help.ShortHelpView(keys) })
	}
	if a.bodyDirty || a.body == "" {
		bodyH := a.bodyHeight()
		if a.showHelp {
			a.body = a.fullHelp()
		} else {
			a.body = a.screens[a.active].View(a.width, bodyH)
		}
		a.body = clip(a.body, a.width, bodyH, &a.bodyFits)
		a.bodyDirty = false
	}
	body := a.body
	if a.cmd != nil {
		box, line := a.cmd.view(st, a.width)
		body = overlay(body, box, a.width)
		status = line
		footer = st.Dim.Render(kit.Fit(a.s.T("ui.cmd.keys"), a.width, false))
	}
	return strings.Join([]string{header, tabs, body, status, footer}, "\n")
}

// clip makes body exactly height lines, none wider than width. It is the
// cheap form of lipgloss' Height/MaxHeight/MaxWidth: lines already narrow
// enough (nearly all of them) are kept as they are, and a line measured once
// is not measured again.
func clip(body string, width, height int, seen *fitCache) string {
	lines := strings.Split(body, "\n")
	if len(lines) > height {
		lines = lines[:height]
	}
	for i, l := range lines {
		if !seen.fitsIn(l, width, lipgloss.Width) {
			lines[i] = ansi.Truncate(l, width, "")
		}
	}
	for len(lines) < height {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}

// headerKey is everything the header shows that can change between frames.
func (a *App) headerKey() string {
	u := a.s.User
	return a.now.In(a.s.Svc.Clock.Loc).Format("2006-01-02 15:04") + "\x1f" + strconv.Itoa(a.overdue) + "\x1f" +
		u.Name + "\x1f" + string(u.Dept) + "\x1f" + string(u.Role) + "\x1f" + a.cfg.Company
}

func (a *App) header() string {
	st, u := a.s.St, a.s.User
	now := a.now.In(a.s.Svc.Clock.Loc)
	wd := []rune(a.s.T("app.weekday"))
	var day string
	if a.s.Lang == model.LangZH {
		day = "周" + string(wd[now.Weekday()])
	} else {
		day = string(wd[int(now.Weekday())*3 : int(now.Weekday())*3+3])
	}
	left := st.Header.Render(a.s.T("app.name")+" · "+kit.Line(a.cfg.Company)) + "  " +
		kit.Line(u.Name) + st.HeaderDim.Render(" · "+a.s.T("dept."+string(u.Dept))+" · "+a.s.T("role."+string(u.Role)))
	overdueText := st.HeaderDim.Render(a.s.T("app.overdue", a.overdue))
	if a.overdue > 0 {
		overdueText = st.Alert.Render(a.s.T("app.overdue", a.overdue))
	}
	right := overdueText + "  " + st.Bold.Render(now.Format("01-02 ")+day+now.Format(" 15:04"))
	gap := a.width - lipgloss.Width(left) - lipgloss.Width(right)
	if gap < 1 {
		left = kit.Fit(left, max(a.width-lipgloss.Width(right)-1, 0), false)
		gap = 1
	}
	return left + strings.Repeat(" ", gap) + right
}

// tabs draws the groups under their digits, and inside the group on view
// its sections. When that does not fit, the other groups' and sections'
// names are cut (to the same length), then only the other groups' digits
// are shown. The section on view keeps its
// name.
func (a *App) tabs() string {
	st := a.s.St
	on := a.groupOf(a.active)
	head := st.Title.Padding(0, 0, 0, 1)
	draw := func(keepGroup, keepSec int) string {
		var b strings.Builder
		for g, gr := range a.groups {
			label := strconv.Itoa((g + 1) % 10)
			name := a.s.T(gr.key)
			if g == on {
				b.WriteString(head.Render(label + " " + name + " ›"))
				for _, i := range gr.sections {
					title := a.screens[i].Title()
					if i == a.active {
						// Marked in text as well, for terminals without
						// colour or underline.
						b.WriteString(st.TabActive.Render("▸" + title))
						continue
					}
					b.WriteString(st.Tab.Render(cut(title, keepSec)))
				}
				continue
			}
			if keepGroup > 0 {
				label += " " + cut(name, keepGroup)
			}
			b.WriteString(st.Tab.Render(label))
		}
		return b.String()
	}
	longGroup, longSec := 0, 0
	for _, gr := range a.groups {
		longGroup = max(longGroup, lipgloss.Width(a.s.T(gr.key)))
		for _, i := range gr.sections {
			longSec = max(longSec, lipgloss.Width(a.screens[i].Title()))
		}
	}
	// Names cut shorter than three cells say nothing; digits then.
	for keep := max(longGroup, longSec); keep >= 3; keep-- {
		if s := draw(keep, keep); lipgloss.Width(s) <= a.width {
			return s
		}
	}
	for keep := longSec; keep >= 3; keep-- {
		if s := draw(0, keep); lipgloss.Width(s) <= a.width {
			return s
		}
	}
	return draw(0, 3)
}

// cut shortens s to at most keep cells, ending it with "…" when cut.
func cut(s string, keep int) string {
	if lipgloss.Width(s) <= keep {
		return s
	}
	return ansi.Truncate(s, keep, "…")
}

func (a *App) statusLine() string {
	st := a.s.St
	said, level := a.s.Said()
	msg := kit.Line(said)
	switch level {
	case kit.StatusError:
		return st.StatusError.Render(kit.Fit("✗ "+msg, a.width, false))
	case kit.StatusAlert:
		return st.StatusAlert.Render(kit.Fit("! "+msg, a.width, false))
	}
	return st.Status.Render(kit.Fit(msg, a.width, false))
}

// globalKeys are the keys of every screen that work on the screen on view:
// a form or an editing grid takes the digits, tab, : L ? and q as typing,
// and only alt+digit, F1 and ctrl+c still work there (see onKey).
func (a *App) globalKeys() []key.Binding {
	if a.screens[a.active].Capturing() {
		return []key.Binding{a.keys.AltSection, a.keys.HelpF1, a.keys.ForceQuit}
	}
	return []key.Binding{a.keys.Section, a.keys.AltSection, a.keys.NextSec, a.keys.PrevSec, a.keys.Cmd, a.keys.Lang, a.keys.Help, a.keys.Quit, a.keys.ForceQuit}
}

func (a *App) fullHelp() string {
	st := a.s.St
	groups := [][]key.Binding{a.globalKeys(), a.screens[a.active].HelpKeys()}
	return st.Title.Render(a.s.T("help.title")) + "\n\n" + a.help.FullHelpView(groups)
}
