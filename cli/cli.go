package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"xietong/i18n"
	"xietong/model"
)

// Env is who runs a command and with which services. User is nil for the
// offline command line, which acts as the system.
type Env struct {
	Svc    model.Services
	User   *model.User
	Lang   string
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer

	// Set by the running server only: its counts (`stats`), a consistent
	// copy of the data file (`backup`), and whether the session has a
	// terminal (binary output refused there: see binaryOK).
	Stats    func() ServerStats
	Backup   func(w io.Writer) (int64, error)
	Terminal bool

	// Log is where faults go, with the id the command prints (see Run);
	// nil: slog.Default().
	Log *slog.Logger
}

func (e *Env) t(key string, args ...any) string { return i18n.T(e.Lang, key, args...) }

// Exit statuses.
const (
	ExitOK    = 0
	ExitError = 1 // the command ran and failed (not found, conflict, forbidden...)
	ExitUsage = 2 // the command line was wrong
)

type command struct {
	path  string // "user key add"
	args  string // usage after the path
	help  string // catalogue key
	flags flagSpec
	run   func(ctx context.Context, e *Env, p parsed) error
	min   int // positional arguments required
	max   int
	// check validates the flags before run; its error is a usage error.
	check func(p parsed) error
	// offline marks commands available as `xietong user ...` without a server.
	offline bool
	// refusesInput marks commands whose scripts must tell bad input from a
	// failure: an input the domain refuses (EINVALID, a bad CSV header or
	// rows) or a record it does not know (ENOTFOUND) exits 2, like a wrong
	// command line; forbidden, conflict and internal errors stay 1.
	refusesInput bool
	// stdin is the right a person needs to send the command input. Only a
	// command that names one is given standard input, and Run checks the
	// right before run starts: someone without it is refused before a byte
	// is read, so a file nobody may import is never parsed.
	stdin model.Action
}

func commands() []command {
	return []command{
		{path: "help", help: "cli.h.help", run: runHelp, max: 0},
		{path: "whoami", args: "[--json]", help: "cli.h.whoami", flags: flagSpec{"json": true}, run: runWhoami},
		{path: "user list", args: "[--json]", help: "cli.h.user_list", flags: flagSpec{"json": true}, run: runUserList, offline: true},
		{path: "user add", args: "LOGIN --name N --dept D --role R [--lang zh|en]", help: "cli.h.user_add",
			flags: flagSpec{"name": false, "dept": false, "role": false, "lang": false}, run: runUserAdd, min: 1, max: 1, offline: true},
		{path: "user disable", args: "LOGIN", help: "cli.h.user_disable", run: runUserDisable, min: 1, max: 1, offline: true},
		{path: "user enable", args: "LOGIN", help: "cli.h.user_enable", run: runUserEnable, min: 1, max: 1, offline: true},
		// The key may come as one argument or as several: over SSH the
		// local shell's quotes are gone before the server sees the line.
		{path: "user key add", args: "LOGIN ssh-ed25519 AAAA... [COMMENT]", help: "cli.h.key_add", run: runKeyAdd, min: 2, max: maxKeyWords, offline: true},
		{path: "user key rm", args: "LOGIN FINGERPRINT", help: "cli.h.key_rm", run: runKeyRm, min: 2, max: 2, offline: true},
		{path: "user invite", args: "LOGIN", help: "cli.h.invite", run: runInvite, min: 1, max: 1, offline: true},
		{path: "notices list", args: "[--json]", help: "cli.h.notices", flags: flagSpec{"json": true}, run: runNoticesList},
		{path: "notices post", args: "--title T [--body B] [--dept D,...] [--urgent] [--json]", help: "cli.h.notices_post", flags: flagSpec{"title": false, "body": false, "dept": false, "urgent": true, "json": true}, check: checkNoticePost, run: runNoticesPost},
		{path: "customers list", args: "[--json|--csv [--bom]|--xlsx]", help: "cli.h.customers_list", flags: listFlags, check: checkFormat, run: runCustomersList},
		{path: "customers import", args: "--csv < FILE", help: "cli.h.customers_import", flags: flagSpec{"csv": true}, check: checkImport, run: runCustomersImport,
			stdin: model.ActCustomerEdit},
		{path: "products list", args: "[--json|--csv [--bom]|--xlsx]", help: "cli.h.products_list", flags: listFlags, check: checkFormat, run: runProductsList},
		{path: "products import", args: "--csv < FILE", help: "cli.h.products_import", flags: flagSpec{"csv": true}, check: checkImport, run: runProductsImport,
			stdin: model.ActProductEdit},
		{path: "reports show", args: "[DATE] [--json|--csv [--bom]|--xlsx]", help: "cli.h.reports_show", flags: listFlags, check: checkFormat, run: runReportsShow, max: 1},
		{path: "reports submit", args: "--csv < FILE", help: "cli.h.reports_submit", flags: flagSpec{"csv": true}, check: checkImport,
			run: runReportsSubmit, refusesInput: true, stdin: model.ActReportSubmit},
		{path: "reports month", args: "MONTH [--json|--csv [--bom]|--xlsx]", help: "cli.h.reports_month", flags: listFlags, check: checkFormat, run: runReportsMonth, min: 1, max: 1},
		{path: "anomalies list", args: "[--open] [--json|--csv [--bom]|--xlsx]", help: "cli.h.anomalies", flags: listFlags.with("open"), check: checkFormat, run: runAnomaliesList},
		{path: "anomaly file", args: "--category C --severity 1|2|3 --text T [--delay DAYS] [--products P,..] [--lines IDs]", help: "cli.h.anomaly_file",
			flags: flagSpec{"category": false, "severity": false, "text": false, "delay": false, "products": false, "lines": false}, check: checkAnomalyFile, run: runAnomalyFile},
		{path: "feedback list", args: "[--open] [--json|--csv [--bom]|--xlsx]", help: "cli.h.feedback", flags: listFlags.with("open"), check: checkFormat, run: runFeedbackList},
		{path: "forecast show", args: "MONTH [--json|--csv [--bom]|--xlsx]", help: "cli.h.forecast_show", flags: listFlags, check: checkFormat, run: runForecastShow, min: 1, max: 1},
		{path: "forecast import", args: "MONTH --csv [--publish] < FILE", help: "cli.h.forecast_import", flags: flagSpec{"csv": true, "publish": true}, check: checkImport,
			run: runForecastImport, min: 1, max: 1, stdin: model.ActPlanEdit},
		{path: "tenday show", args: "PERIOD (2026-12-1) [--json|--csv [--bom]|--xlsx]", help: "cli.h.tenday_show", flags: listFlags, check: checkFormat, run: runTenDayShow, min: 1, max: 1},
		{path: "shortfall show", args: "[DATE] [--json|--csv [--bom]|--xlsx]", help: "cli.h.shortfall_show", flags: listFlags, check: checkFormat, run: runShortfallShow, max: 1},
		{path: "plan show", args: "[DATE] [--json|--csv [--bom]|--xlsx]", help: "cli.h.plan_show", flags: listFlags, check: checkFormat, run: runPlanShow, max: 1},
		{path: "deadlines", args: "[--date D | --month M] [--json|--csv [--bom]|--xlsx]", help: "cli.h.deadlines", flags: listFlags.with("", "date", "month"), check: checkDeadlines, run: runDeadlines},
		{path: "kpi forecast", args: "MONTH [--json]", help: "cli.h.kpi_forecast", flags: flagSpec{"json": true}, run: runKPIForecast, min: 1, max: 1},
		{path: "stock list", args: "[--json|--csv [--bom]|--xlsx]", help: "cli.h.stock_list", flags: listFlags, check: checkFormat, run: runStockList},
		{path: "promise", args: "PRODUCT QTY [--variant V] [--json]", help: "cli.h.promise", flags: flagSpec{"variant": false, "json": true},
			check: checkPromise, run: runPromise, min: 2, max: 2},
		{path: "stock show", args: "PRODUCT [--variant V] [--at TIME] [--limit N] [--json]", help: "cli.h.stock_show",
			flags: flagSpec{"variant": false, "at": false, "limit": false, "json": true}, check: checkStockShow, run: runStockShow, min: 1, max: 1},
		{path: "stock import", args: "--csv [--reason R] < FILE", help: "cli.h.stock_import", flags: flagSpec{"csv": true, "reason": false}, check: checkStockImport,
			run: runStockImport, stdin: model.ActStockAdjust},
		{path: "orders list", args: "[--status S] [--customer CODE] [--limit N] [--json|--csv [--bom]|--xlsx]", help: "cli.h.orders_list",
			flags: listFlags.with("", "status", "customer", "limit"), check: checkOrdersList, run: runOrdersList},
		{path: "orders show", args: "ID|NO [--json]", help: "cli.h.orders_show", flags: flagSpec{"json": true}, run: runOrdersShow, min: 1, max: 1},
		{path: "orders import", args: "--csv < FILE", help: "cli.h.orders_import", flags: flagSpec{"csv": true}, check: checkImport, run: runOrdersImport,
			stdin: model.ActOrderEdit},
		{path: "queue", args: "[--limit N] [--json|--csv [--bom]|--xlsx]", help: "cli.h.queue", flags: listFlags.with("", "limit"), check: checkQueue, run: runQueue},
		{path: "ship", args: "LINE QTY [--date D] [--json]", help: "cli.h.ship", flags: flagSpec{"date": false, "json": true},
			check: checkShip, run: runShip, min: 2, max: 2, refusesInput: true},
		{path: "export meeting", args: "ID --md|--xlsx", help: "cli.h.export_meeting", flags: flagSpec{"md": true, "xlsx": true}, check: checkExportMeeting, run: runExportMeeting, min: 1, max: 1},
		{path: "projects list", args: "[--status S] [--year Y] [--json|--csv [--bom]|--xlsx]", help: "cli.h.projects_list",
			flags: listFlags.with("", "status", "year"), check: checkProjectsList, run: runProjectsList},
		{path: "projects show", args: "NO|ID [--json]", help: "cli.h.projects_show", flags: flagSpec{"json": true}, run: runProjectsShow, min: 1, max: 1},
		{path: "projects file", args: "--kind new_product|process|quality --title T --purpose P --effect E --target DATE --depts D,... --owner LOGIN [--customer CODE] [--line ID] [--feedback ID] [--anomaly ID] [--product CODE] [--submit] [--json]",
			help: "cli.h.projects_file", flags: flagSpec{"kind": false, "title": false, "purpose": false, "effect": false, "target": false, "depts": false,
				"owner": false, "customer": false, "line": false, "feedback": false, "anomaly": false, "product": false, "submit": true, "json": true},
			run: runProjectsFile, refusesInput: true},
		{path: "projects decide", args: "NO|ID approve|reject|return [--reason R] [--json]", help: "cli.h.projects_decide",
			flags: flagSpec{"reason": false, "json": true}, check: checkProjectsDecide, run: runProjectsDecide, min: 2, max: 2, refusesInput: true},
		{path: "campaigns list", args: "[--json|--csv [--bom]|--xlsx]", help: "cli.h.campaigns_list", flags: listFlags, check: checkFormat, run: runCampaignsList},
		{path: "campaigns show", args: "NO|ID [--json|--xlsx]", help: "cli.h.campaigns_show", flags: flagSpec{"json": true, "xlsx": true},
			check: checkFormat, run: runCampaignsShow, min: 1, max: 1},
		{path: "campaigns file", args: "--title T --purpose P --tracker LOGIN --csv [--json] < FILE", help: "cli.h.campaigns_file",
			flags: flagSpec{"title": false, "purpose": false, "tracker": false, "csv": true, "json": true}, check: checkImport,
			run: runCampaignsFile, refusesInput: true, stdin: model.ActCampaignFile},
		{path: "campaigns approve", args: "NO|ID [--json]", help: "cli.h.campaigns_approve", flags: flagSpec{"json": true},
			run: runCampaignsApprove, min: 1, max: 1, refusesInput: true},
		{path: "campaigns answer", args: "NO --cooperate yes|no --text T | NO ITEM can|partly|cannot [--done-by DATE] [--text T] [--json]",
			help: "cli.h.campaigns_answer", flags: flagSpec{"cooperate": false, "done-by": false, "text": false, "json": true},
			check: checkCampaignsAnswer, run: runCampaignsAnswer, min: 1, max: 3, refusesInput: true},
		{path: "campaigns done", args: "NO ITEM [--json]", help: "cli.h.campaigns_done", flags: flagSpec{"json": true},
			run: runCampaignsDone, min: 2, max: 2, refusesInput: true},
		{path: "campaigns close", args: "NO [--text T] [--json]", help: "cli.h.campaigns_close", flags: flagSpec{"text": false, "json": true},
			run: runCampaignsClose, min: 1, max: 1, refusesInput: true},
		{path: "plans list", args: "[--month YYYY-MM] [--dept D] [--json|--csv [--bom]|--xlsx]", help: "cli.h.plans_list",
			flags: listFlags.with("", "month", "dept"), check: checkPlansList, run: runPlansList},
		{path: "plans show", args: "NO|ID [--json]", help: "cli.h.plans_show", flags: flagSpec{"json": true}, run: runPlansShow, min: 1, max: 1},
		{path: "ledger list", args: "[--month YYYY-MM] [--json|--csv [--bom]|--xlsx]", help: "cli.h.ledger_list",
			flags: listFlags.with("", "month"), check: checkLedgerList, run: runLedgerList},
		{path: "ledger show", args: "NO|ID [--json]", help: "cli.h.ledger_show", flags: flagSpec{"json": true}, run: runLedgerShow, min: 1, max: 1},
		{path: "ledger propose", args: "--rule R --person LOGIN --cause KIND:REF --evidence T [--kind penalty|award] [--amount N] [--fund marketing|company] [--json]",
			help: "cli.h.ledger_propose", flags: flagSpec{"rule": false, "person": false, "cause": false, "evidence": false, "kind": false,
				"amount": false, "fund": false, "json": true}, run: runLedgerPropose, refusesInput: true},
		{path: "ledger statement", args: "NO --text T [--json]", help: "cli.h.ledger_statement", flags: flagSpec{"text": false, "json": true},
			run: runLedgerStatement, min: 1, max: 1, refusesInput: true},
		{path: "ledger confirm", args: "NO [--json]", help: "cli.h.ledger_confirm", flags: flagSpec{"json": true}, run: runLedgerConfirm,
			min: 1, max: 1, refusesInput: true},
		{path: "ledger reverse", args: "NO --reason R [--json]", help: "cli.h.ledger_reverse", flags: flagSpec{"reason": false, "json": true},
			run: runLedgerReverse, min: 1, max: 1, refusesInput: true},
		{path: "ledger rules", args: "[--missed-deadline on|off] [--grace DAYS] [--json]", help: "cli.h.ledger_rules",
			flags: flagSpec{"missed-deadline": false, "grace": false, "json": true}, check: checkLedgerRules, run: runLedgerRules, refusesInput: true},
		{path: "assess", args: "MONTH|YEAR [--year Y] [--dept D | --person LOGIN] [--json|--csv [--bom]|--xlsx]", help: "cli.h.assess",
			flags: listFlags.with("", "dept", "person", "year"), check: checkAssess, run: runAssess, max: 1},
		{path: "assess finalise", args: "MONTH [--json]", help: "cli.h.assess_finalise", flags: flagSpec{"json": true}, run: runAssessFinalise,
			min: 1, max: 1, refusesInput: true},
		{path: "assess weights", args: "DEPT [--set kpi=weight,...] [--json]", help: "cli.h.assess_weights", flags: flagSpec{"set": false, "json": true},
			run: runAssessWeights, min: 1, max: 1, refusesInput: true},
		{path: "materials list", args: "[--json|--csv [--bom]|--xlsx]", help: "cli.h.materials_list", flags: listFlags, check: checkFormat, run: runMaterialsList},
		{path: "materials import", args: "--csv < FILE", help: "cli.h.materials_import", flags: flagSpec{"csv": true}, check: checkImport,
			run: runMaterialsImport, stdin: model.ActMaterialEdit},
		{path: "bom show", args: "[PRODUCT [--variant V]] [--json|--csv [--bom]|--xlsx]", help: "cli.h.bom_show", flags: listFlags.with("", "variant"),
			check: checkBOMShow, run: runBOMShow, max: 1},
		{path: "bom import", args: "--csv < FILE", help: "cli.h.bom_import", flags: flagSpec{"csv": true}, check: checkImport,
			run: runBOMImport, stdin: model.ActMaterialEdit},
		{path: "purchase run", args: "[--dry-run] [--json]", help: "cli.h.purchase_run", flags: flagSpec{"dry-run": true, "json": true}, run: runPurchaseRun},
		{path: "purchase list", args: "[--open] [--json|--csv [--bom]|--xlsx]", help: "cli.h.purchase_list", flags: listFlags.with("open"),
			check: checkFormat, run: runPurchaseList},
		{path: "purchase show", args: "NO|ID [--json|--xlsx]", help: "cli.h.purchase_show", flags: flagSpec{"json": true, "xlsx": true},
			check: checkFormat, run: runPurchaseShow, min: 1, max: 1},
		{path: "purchase sign", args: "NO [--json]", help: "cli.h.purchase_sign", flags: flagSpec{"json": true}, run: runPurchaseSign,
			min: 1, max: 1, refusesInput: true},
		{path: "purchase order", args: "NO --line N --expected DATE [--json]", help: "cli.h.purchase_order",
			flags: flagSpec{"line": false, "expected": false, "json": true}, check: checkPurchaseOrder, run: runPurchaseOrder, min: 1, max: 1, refusesInput: true},
		{path: "purchase receive", args: "NO --line N --qty Q [--reason R] [--json]", help: "cli.h.purchase_receive",
			flags: flagSpec{"line": false, "qty": false, "reason": false, "json": true}, check: checkPurchaseReceive, run: runPurchaseReceive,
			min: 1, max: 1, refusesInput: true},
		{path: "purchase cancel", args: "NO --reason R [--json]", help: "cli.h.purchase_cancel", flags: flagSpec{"reason": false, "json": true},
			run: runPurchaseCancel, min: 1, max: 1, refusesInput: true},
		{path: "stats", args: "[--json] [--gc]", help: "cli.h.stats", flags: flagSpec{"json": true, "gc": true}, run: runStats},
		{path: "backup", args: "> FILE", help: "cli.h.backup", run: runBackup},
		{path: "audit verify", help: "cli.h.audit_verify", run: runAuditVerify, offline: true},
		{path: "cost show", args: "MONTH [--json|--csv [--bom]|--xlsx]", help: "cli.h.cost_show", flags: listFlags, check: checkFormat, run: runCostShow, min: 1, max: 1},
		{path: "cost import", args: "MONTH --csv < FILE", help: "cli.h.cost_import", flags: flagSpec{"csv": true}, check: checkImport,
			run: runCostImport, min: 1, max: 1, refusesInput: true, stdin: model.ActCostEdit},
		{path: "export kpi", args: "MONTH --csv [--bom]|--xlsx", help: "cli.h.export_kpi", flags: flagSpec{"csv": true, "bom": true, "xlsx": true}, check: checkExportKPI, run: runExportKPI, min: 1, max: 1},
	}
}

// listFlags are the output flags of a list command.
var listFlags = flagSpec{"json": true, "csv": true, "bom": true, "xlsx": true}

// with returns a copy of f with more flags: the first argument is a
// boolean flag ("" for none), the rest take a value.
func (f flagSpec) with(boolean string, valued ...string) flagSpec {
	out := make(flagSpec, len(f)+1+len(valued))
	for k, v := range f {
		out[k] = v
	}
	if boolean != "" {
		out[boolean] = true
	}
	for _, k := range valued {
		out[k] = false
	}
	return out
}

// Run executes one command line and returns the exit status. Errors are
// written as one line to Stderr; a fault (model.Fault) as the id that
// its line in the log has.
func Run(ctx context.Context, e *Env, args []string) int {
	if len(args) == 0 {
		args = []string{"help"}
	}
	var cmd *command
	var rest []string
	cmds := commands()
	for i := range cmds {
		words := strings.Fields(cmds[i].path)
		if len(args) >= len(words) && strings.Join(args[:len(words)], " ") == cmds[i].path {
			if cmd == nil || len(words) > len(strings.Fields(cmd.path)) {
				cmd, rest = &cmds[i], args[len(words):]
			}
		}
	}
	if cmd == nil || (e.User == nil && !cmd.offline && cmd.path != "help") {
		fmt.Fprintln(e.Stderr, "xietong: "+e.t("cli.unknown_cmd", strings.Join(args, " ")))
		return ExitUsage
	}
	p, err := parseArgs(rest, cmd.flags)
	if err == nil && (len(p.pos) < cmd.min || len(p.pos) > cmd.max) {
		err = model.Errorf(model.EINVALID, "cli.usage", cmd.path+" "+cmd.args)
	}
	if err == nil && cmd.check != nil {
		err = cmd.check(p)
	}
	if err != nil {
		fmt.Fprintln(e.Stderr, "xietong: "+errLine(message(err, e.Lang)))
		return ExitUsage
	}
	in := *e
	if cmd.stdin == "" {
		in.Stdin = nil
	} else if e.User != nil { // nil: the offline command line, the system
		if err := model.Require(e.User, cmd.stdin); err != nil {
			fmt.Fprintln(e.Stderr, "xietong: "+errLine(message(err, e.Lang)))
			return ExitError
		}
	}
	e = &in
	if err := cmd.run(ctx, e, p); err != nil {
		// A fault of ours is logged, and the person gets its id to quote.
		who := "system"
		if e.User != nil {
			who = e.User.Login
		}
		err = model.Fault(e.Log, err, "user", who, "via", "exec", "command", cmd.path)
		fmt.Fprintln(e.Stderr, "xietong: "+errLine(message(err, e.Lang)))
		// An import refused for bad rows: the first line above is the
		// summary, then one line per bad row.
		var re *rowsError
		if errors.As(err, &re) {
			for _, l := range re.details(e.Lang) {
				fmt.Fprintln(e.Stderr, errLine(l))
			}
		}
		if cmd.refusesInput && inputError(err) {
			return ExitUsage
		}
		return ExitError
	}
	return ExitOK
}

// inputError reports an error that is the input's fault: invalid, naming
// an unknown record, or a wrong CSV header.
func inputError(err error) bool {
	var he *headerError
	if errors.As(err, &he) {
		return true
	}
	code := model.ErrorCode(err)
	return code == model.EINVALID || code == model.ENOTFOUND
}

// localized is an error that renders itself in a language: a domain
// *model.Error or a CSV header error.
type localized interface{ In(lang string) string }

// message renders err for people in lang; foreign errors stay generic.
func message(err error, lang string) string {
	var l localized
	if errors.As(err, &l) {
		return l.In(lang)
	}
	return model.ErrorMessage(err, lang)
}

func oneLine(s string) string { return strings.Join(strings.Fields(safe(s)), " ") }

// maxErrLine bounds a line of error output, in characters: an error may
// quote what was sent, and what was sent may be long.
const maxErrLine = 1000

// errLine is an error message as one safe line of at most maxErrLine
// characters.
func errLine(s string) string { return clipRunes(oneLine(s), maxErrLine) }

// safe replaces control characters (line breaks excepted) so a script's
// terminal is never driven, nor displayed text reordered, by text someone
// typed.
func safe(s string) string {
	return strings.Map(func(r rune) rune {
		if r != '\n' && model.IsControl(r) {
			return '\uFFFD'
		}
		return r
	}, s)
}

func runHelp(_ context.Context, e *Env, _ parsed) error {
	fmt.Fprintln(e.Stdout, e.t("cli.help_head"))
	for _, c := range commands() {
		if e.User == nil && !c.offline {
			continue
		}
		line := "  " + strings.TrimSpace(c.path+" "+c.args)
		fmt.Fprintf(e.Stdout, "%s\n      %s\n", line, e.t(c.help))
	}
	if e.User != nil {
		fmt.Fprintln(e.Stdout, e.t("cli.help_csv"))
		fmt.Fprintln(e.Stdout, e.t("cli.x.help_xlsx"))
	}
	return nil
}

// writeJSON writes v as indented JSON; a nil slice is an empty list ([],
// never null), so scripts can always iterate. Every character of the text
// rule's set (model.IsControl) is written escaped, so that the output,
// printed on a terminal or opened in an editor, neither drives it nor
// reorders it: encoding/json escapes C0 controls, U+2028 and U+2029 itself
// but writes DEL, C1 controls, bidi controls and U+FEFF as they are.
func writeJSON(w io.Writer, v any) error {
	if rv := reflect.ValueOf(v); rv.Kind() == reflect.Slice && rv.IsNil() {
		v = []struct{}{}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(escapeJSON(b.Bytes()))
	return err
}

// escapeJSON writes, in JSON text that encoding/json produced, every
// character of the text rule's set from DEL up as a \uXXXX escape. Such a
// character can only stand inside a string (outside them JSON is ASCII),
// where the escape means the same character; C0 controls in strings are
// already escaped, and the line breaks outside them are layout.
func escapeJSON(data []byte) []byte {
	if !bytes.ContainsFunc(data, func(r rune) bool { return r >= 0x7f && model.IsControl(r) }) {
		return data
	}
	out := make([]byte, 0, len(data)+64)
	for len(data) > 0 {
		r, n := utf8.DecodeRune(data)
		if r >= 0x7f && model.IsControl(r) {
			out = fmt.Appendf(out, `\u%04x`, r)
		} else {
			out = append(out, data[:n]...)
		}
		data = data[n:]
	}
	return out
}

// writeTable prints rows in aligned columns, counting wide (CJK) characters
// as two cells.
func writeTable(w io.Writer, header []string, rows [][]string) {
	widths := make([]int, len(header))
	all := append([][]string{header}, rows...)
	for _, r := range all {
		for i, c := range r {
			widths[i] = max(widths[i], ansi.StringWidth(safe(c)))
		}
	}
	for _, r := range all {
		var b strings.Builder
		for i, c := range r {
			c = safe(c)
			b.WriteString(c)
			if i < len(r)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-ansi.StringWidth(c)+2))
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}

type userJSON struct {
	Login    string   `json:"login"`
	Name     string   `json:"name"`
	Dept     string   `json:"department"`
	Role     string   `json:"role"`
	Lang     string   `json:"language"`
	Disabled bool     `json:"disabled"`
	Keys     []string `json:"keys,omitempty"`
}

func toJSON(u *model.User, lang string) userJSON {
	j := userJSON{Login: u.Login, Name: u.Name, Dept: string(u.Dept), Role: string(u.Role), Lang: u.Lang, Disabled: u.Disabled}
	if j.Lang == "" {
		j.Lang = lang
	}
	for _, k := range u.Keys {
		j.Keys = append(j.Keys, k.Fingerprint)
	}
	return j
}

func runWhoami(_ context.Context, e *Env, p parsed) error {
	u := e.User
	if p.has("json") {
		j := toJSON(u, e.Lang)
		j.Keys = nil
		return writeJSON(e.Stdout, j)
	}
	fmt.Fprintf(e.Stdout, "%s (%s) · %s · %s\n", safe(u.Name), u.Login, e.t("dept."+string(u.Dept)), e.t("role."+string(u.Role)))
	return nil
}

func runUserList(ctx context.Context, e *Env, p parsed) error {
	if err := requireAdmin(e); err != nil {
		return err
	}
	users, err := e.Svc.Users.Users(ctx)
	if err != nil {
		return err
	}
	if p.has("json") {
		out := make([]userJSON, len(users))
		for i, u := range users {
			out[i] = toJSON(u, "")
		}
		return writeJSON(e.Stdout, out)
	}
	rows := make([][]string, len(users))
	for i, u := range users {
		state := e.t("cli.enabled")
		if u.Disabled {
			state = e.t("cli.disabled")
		}
		rows[i] = []string{u.Login, u.Name, e.t("dept." + string(u.Dept)), e.t("role." + string(u.Role)), u.Lang, state, strconv.Itoa(len(u.Keys))}
	}
	writeTable(e.Stdout, []string{e.t("field.login"), e.t("field.name"), e.t("field.dept"), e.t("field.role"), e.t("field.lang"), e.t("cli.state"), e.t("cli.keys")}, rows)
	return nil
}

// requireAdmin checks user management rights early so that listing also
// refuses non-admins (the store checks every change again).
func requireAdmin(e *Env) error {
	if e.User == nil {
		return nil
	}
	return model.Require(e.User, model.ActManageUsers)
}

func runUserAdd(ctx context.Context, e *Env, p parsed) error {
	u := &model.User{Login: p.pos[0], Name: p.flags["name"], Dept: model.Department(p.flags["dept"]),
		Role: model.Role(p.flags["role"]), Lang: p.flags["lang"]}
	if err := requireAdmin(e); err != nil {
		return err
	}
	saved, err := e.Svc.Users.CreateUser(ctx, e.User, u)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.Stdout, e.t("cli.user_added", saved.Login))
	return nil
}

func runUserDisable(ctx context.Context, e *Env, p parsed) error {
	u, err := e.Svc.Users.DisableUser(ctx, e.User, p.pos[0])
	if err != nil {
		return err
	}
	fmt.Fprintln(e.Stdout, e.t("cli.user_disabled", u.Login))
	return nil
}

func runUserEnable(ctx context.Context, e *Env, p parsed) error {
	u, err := e.Svc.Users.EnableUser(ctx, e.User, p.pos[0])
	if err != nil {
		return err
	}
	fmt.Fprintln(e.Stdout, e.t("cli.user_enabled", u.Login))
	return nil
}

// maxKeyWords bounds the words of one public key line (type, key, comment).
const maxKeyWords = 16

func runKeyAdd(ctx context.Context, e *Env, p parsed) error {
	k, err := e.Svc.Users.AddKey(ctx, e.User, p.pos[0], strings.Join(p.pos[1:], " "))
	if err != nil {
		return err
	}
	fmt.Fprintln(e.Stdout, e.t("cli.key_added", k.Fingerprint, p.pos[0]))
	return nil
}

func runKeyRm(ctx context.Context, e *Env, p parsed) error {
	if err := e.Svc.Users.RemoveKey(ctx, e.User, p.pos[0], p.pos[1]); err != nil {
		return err
	}
	fmt.Fprintln(e.Stdout, e.t("cli.key_removed", p.pos[1], p.pos[0]))
	return nil
}

func runInvite(ctx context.Context, e *Env, p parsed) error {
	code, exp, err := e.Svc.Users.Invite(ctx, e.User, p.pos[0])
	if err != nil {
		return err
	}
	fmt.Fprintln(e.Stdout, e.t("cli.invited", p.pos[0], code, exp.In(e.Svc.Clock.Loc).Format("2006-01-02 15:04 MST")))
	return nil
}

type noticeJSON struct {
	ID       uint64   `json:"id"`
	Title    string   `json:"title"`
	Body     string   `json:"body"`
	Audience []string `json:"audience"`
	Urgent   bool     `json:"urgent"`
	Author   string   `json:"author"`
	Posted   string   `json:"posted"`
	Read     bool     `json:"read"`
	Version  uint64   `json:"version"`
}

func runNoticesList(ctx context.Context, e *Env, p parsed) error {
	list, err := e.Svc.Notices.Notices(ctx, e.User)
	if err != nil {
		return err
	}
	loc := e.Svc.Clock.Loc
	if p.has("json") {
		out := make([]noticeJSON, len(list))
		for i, n := range list {
			aud := []string{}
			for _, d := range n.Audience {
				aud = append(aud, string(d))
			}
			out[i] = noticeJSON{ID: n.ID, Title: n.Title, Body: n.Body, Audience: aud, Urgent: n.Urgent, Author: n.Author,
				Posted: n.CreatedAt.In(loc).Format("2006-01-02T15:04:05-07:00"), Read: !n.ReadAt.IsZero(), Version: n.Version}
		}
		return writeJSON(e.Stdout, out)
	}
	rows := make([][]string, len(list))
	for i, n := range list {
		mark := ""
		if n.Urgent {
			mark = e.t("notice.urgent")
		}
		read := e.t("notice.unread")
		if !n.ReadAt.IsZero() {
			read = e.t("notice.read")
		}
		rows[i] = []string{strconv.FormatUint(n.ID, 10), mark, n.Title, n.Author, n.CreatedAt.In(loc).Format("2006-01-02 15:04"), read}
	}
	writeTable(e.Stdout, []string{"ID", e.t("notice.col_mark"), e.t("notice.col_title"), e.t("notice.col_author"), e.t("notice.col_time"), e.t("notice.col_read")}, rows)
	return nil
}
