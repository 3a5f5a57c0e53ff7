package cli

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"iter"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"xietong/i18n"
	"xietong/model"
)

// CSV files, in and out (the help text says the same):
//
//   - UTF-8, RFC 4180 (encoding/csv): a header row, fields with commas,
//     quotes or line breaks in double quotes. Output lines end in CRLF and
//     carry no byte order mark unless --bom is given (Excel needs the BOM to
//     read Chinese text from a double-clicked file; scripts do not want it).
//   - Input may start with a BOM, may end lines in CRLF or LF, and may name
//     its columns in English (code, name, ...) or in Chinese (客户编码,
//     客户名称, ...), in any order and letter case. Unknown and missing
//     columns are refused. Rows whose fields are all blank (spreadsheet
//     leftovers) are skipped.
//   - Output headers are always the English column names, so a list's
//     --csv output can be imported back.
//   - An import is all or nothing: every row is checked first and, if any
//     is bad, every bad row is reported by line number and nothing is sent
//     to the store.

// Limits on an import. The input is read as a stream and reading stops at
// the first limit passed, so an import holds at most one record of the
// file at a time (at most maxImportCols fields of maxFieldBytes each)
// besides the rows it keeps, and its error output is a summary line, at
// most maxShownRows lines naming bad rows and one line counting the rest,
// each line at most maxErrLine characters.
const (
	maxImportBytes = 16 << 20
	maxImportRows  = 50_000
	maxImportCols  = 256
	maxFieldBytes  = 4 << 10
	maxOrderRef    = 64
	maxShownRows   = 20
	maxNamedCols   = 8  // unknown or repeated columns a header error names
	maxShownName   = 32 // characters of a column name a header error shows
)

// utf8BOM starts a file written by Excel as "CSV UTF-8".
const utf8BOM = "\uFEFF"

// column is one column an import understands.
type column struct {
	name     string   // English name, also the output header
	aliases  []string // other accepted headers, Chinese first
	required bool     // the header must have it
	field    string   // model validation field reported in this column (default: name)
}

// csvTable is a parsed header: where each known column is.
type csvTable struct {
	cols   []column
	header []string       // as written in the file (trimmed)
	at     map[string]int // column name -> index in a record
}

// csvRow is one data row with its line number in the file (header is 1).
type csvRow struct {
	line int
	rec  []string
	t    *csvTable
}

// get returns the trimmed value of column name, "" when the file has no
// such column; a value our exports neutralised ("'=SUM(A1)") comes back as
// it was ("=SUM(A1)").
func (r csvRow) get(name string) string {
	i, ok := r.t.at[name]
	if !ok || i >= len(r.rec) {
		return ""
	}
	return unneutralise(strings.TrimSpace(r.rec[i]))
}

// A spreadsheet opening a CSV file takes a cell that begins with "=", "+",
// "-" or "@" for a formula (and a tab or carriage return before one
// for nothing), so a customer named "=HYPERLINK(...)" would run in the
// office's Excel. Exports write such a text cell with a leading "'",
// which Excel shows as text and does not display; imports strip it again.
// A value that already begins with "'" before such a character gets one
// more, so that every text comes back exactly as it was.

// formulaLead reports whether s begins, after any "'", with a character
// a spreadsheet treats as the start of a formula.
func formulaLead(s string) bool {
	s = strings.TrimLeft(s, "'")
	return s != "" && strings.IndexByte("=+-@\t\r", s[0]) >= 0
}

// neutralise is text s as a CSV cell safe to open in a spreadsheet.
func neutralise(s string) string {
	if formulaLead(s) {
		return "'" + s
	}
	return s
}

// unneutralise is the text a neutralised CSV cell s stands for.
func unneutralise(s string) string {
	if strings.HasPrefix(s, "'") && formulaLead(s[1:]) {
		return s[1:]
	}
	return s
}

// has reports whether the file has column name.
func (t *csvTable) has(name string) bool { _, ok := t.at[name]; return ok }

// label is how problems name column name: as the file's header wrote it,
// or the English name when the file has no such column.
func (t *csvTable) label(name string) string {
	if i, ok := t.at[name]; ok && t.header[i] != "" {
		return t.header[i]
	}
	return name
}

// problem is one thing wrong with a row.
type problem struct {
	col string // column name ("" for the row as a whole)
	msg model.Text
}

// rowProblem collects the problems of one row.
type rowProblem struct {
	line  int
	items []problem
}

// rowsError refuses an import: Run prints its summary as the usual one-line
// error, then one line per bad row ("line 501: qty: ...").
type rowsError struct {
	summary *model.Error
	rows    []rowProblem // the first maxShownRows bad rows, in line order
	more    int          // bad rows not listed
	t       *csvTable
}

func (e *rowsError) Error() string { return e.summary.Error() }
func (e *rowsError) Unwrap() error { return e.summary }

// details renders one line per bad row.
func (e *rowsError) details(lang string) []string {
	out := make([]string, 0, len(e.rows))
	for _, r := range e.rows {
		parts := make([]string, 0, len(r.items))
		for _, p := range r.items {
			s := p.msg.In(lang)
			if p.col != "" {
				s = i18n.T(lang, "cli.csv.field", e.t.label(p.col), s)
			}
			parts = append(parts, s)
		}
		out = append(out, i18n.T(lang, "cli.csv.row", r.line, strings.Join(parts, i18n.T(lang, "cli.csv.sep"))))
	}
	if e.more > 0 {
		out = append(out, i18n.T(lang, "cli.csv.more_rows", e.more))
	}
	return out
}

// checker gathers the problems of the rows of one import: it keeps the
// first maxShownRows bad rows by line and counts them all.
type checker struct {
	t    *csvTable
	rows []rowProblem
	bad  int
	cur  *rowProblem
	// fieldCol maps a model validation field to its column.
	fieldCol map[string]string
}

func newChecker(t *csvTable) *checker {
	c := &checker{t: t, fieldCol: map[string]string{}}
	for _, col := range t.cols {
		f := col.field
		if f == "" {
			f = col.name
		}
		c.fieldCol[f] = col.name
	}
	return c
}

// row starts checking a row.
func (c *checker) row(line int) { c.cur = &rowProblem{line: line} }

// add records a problem of the current row.
func (c *checker) add(col string, key string, args ...any) {
	c.cur.items = append(c.cur.items, problem{col, model.T(key, args...)})
}

// addErr records err under col (a column name), or, for a domain error with
// fields (validation), one problem per field under the field's column.
func (c *checker) addErr(col string, err error) {
	if err == nil {
		return
	}
	var e *model.Error
	if !errors.As(err, &e) {
		c.cur.items = append(c.cur.items, problem{col, model.T("err.internal")})
		return
	}
	if len(e.Fields) == 0 {
		c.cur.items = append(c.cur.items, problem{col, e.Text})
		return
	}
	fields := make([]string, 0, len(e.Fields))
	for f := range e.Fields {
		fields = append(fields, f)
	}
	slices.Sort(fields)
	for _, f := range fields {
		name, ok := c.fieldCol[f]
		if !ok {
			name = f
		}
		if col != "" && !ok {
			name = col
		}
		if !c.hasProblem(name) {
			c.cur.items = append(c.cur.items, problem{name, e.Fields[f]})
		}
	}
}

func (c *checker) hasProblem(col string) bool {
	for _, p := range c.cur.items {
		if p.col == col {
			return true
		}
	}
	return false
}

// text checks the text columns of the current row for control characters.
func (c *checker) text(r csvRow, cols ...string) {
	for _, col := range cols {
		if !c.hasProblem(col) {
			c.addErr(col, model.CheckText(r.get(col), false))
		}
	}
}

// ok ends the current row and reports whether it had no problem.
func (c *checker) ok() bool {
	if len(c.cur.items) == 0 {
		return true
	}
	c.sortItems()
	c.keep(*c.cur)
	return false
}

// keep counts a bad row and keeps it if it is among the first
// maxShownRows by line.
func (c *checker) keep(rp rowProblem) {
	c.bad++
	if len(c.rows) < maxShownRows {
		c.rows = append(c.rows, rp)
		return
	}
	last := 0
	for i := range c.rows {
		if c.rows[i].line > c.rows[last].line {
			last = i
		}
	}
	if rp.line < c.rows[last].line {
		c.rows[last] = rp
	}
}

// sortItems puts the problems of the row in column order.
func (c *checker) sortItems() {
	pos := func(col string) int {
		for i, x := range c.t.cols {
			if x.name == col {
				return i
			}
		}
		return len(c.t.cols)
	}
	slices.SortStableFunc(c.cur.items, func(a, b problem) int { return pos(a.col) - pos(b.col) })
}

// readProblem records a row that could not be read as a row (a wrong
// number of fields, a broken quote).
func (c *checker) readProblem(line int, msg model.Text) {
	c.keep(rowProblem{line, []problem{{"", msg}}})
}

// err is nil when every row was good, otherwise the rowsError counting
// them and naming the first in line order.
func (c *checker) err() error {
	if c.bad == 0 {
		return nil
	}
	slices.SortStableFunc(c.rows, func(a, b rowProblem) int { return a.line - b.line })
	return &rowsError{summary: model.Errorf(model.EINVALID, "cli.csv.bad_rows", c.bad), rows: c.rows, more: c.bad - len(c.rows), t: c.t}
}

// storeRows maps the rows an import hands to the store back to the file,
// so that a refusal by the store ("row 3.code: ...", "row 2.lines.1.qty:
// ...", "row 2.rows.1.actual: ...", N the position in the slice handed
// over) is reported like the command's own checks, by line number and
// column.
type storeRows struct {
	ch    *checker
	rows  []int   // file line of store row i+1 (an order, a report: its first row)
	lines [][]int // orders, reports: file line of line (row) k+1 of store row i+1
}

// translate rewrites an EINVALID store error whose fields all name rows as
// a rowsError; any other error is returned as it is.
func (s *storeRows) translate(err error) error {
	var e *model.Error
	if s == nil || !errors.As(err, &e) || e.Code != model.EINVALID || len(e.Fields) == 0 {
		return err
	}
	byLine := map[int]*rowProblem{}
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		rest, ok := strings.CutPrefix(k, "row ")
		if !ok {
			return err
		}
		num, field, _ := strings.Cut(rest, ".")
		n, convErr := strconv.Atoi(num)
		if convErr != nil || n < 1 || n > len(s.rows) {
			return err
		}
		line := s.rows[n-1]
		sub, ok := strings.CutPrefix(field, "lines.")
		if !ok {
			sub, ok = strings.CutPrefix(field, "rows.")
		}
		if ok && n <= len(s.lines) {
			num, f, _ := strings.Cut(sub, ".")
			if k, convErr := strconv.Atoi(num); convErr == nil && k >= 1 && k <= len(s.lines[n-1]) {
				line, field = s.lines[n-1][k-1], f
			}
		}
		col := field
		if c, ok := s.ch.fieldCol[field]; ok {
			col = c
		}
		rp := byLine[line]
		if rp == nil {
			rp = &rowProblem{line: line}
			byLine[line] = rp
		}
		rp.items = append(rp.items, problem{col, e.Fields[k]})
	}
	out := &checker{t: s.ch.t, fieldCol: s.ch.fieldCol}
	for _, rp := range byLine {
		out.cur = rp
		out.sortItems()
		out.keep(*rp)
	}
	return out.err()
}

// normHeader folds a header cell for matching: trimmed, lower case, spaces
// and hyphens as underscores, without a trailing "*" (a required-column
// mark) or a trailing unit in parentheses ("数量(件)", "生产准备期（工作日）").
func normHeader(s string) string {
	s = strings.TrimSpace(strings.TrimPrefix(s, utf8BOM))
	s = strings.TrimSpace(strings.TrimRight(s, "*＊"))
	for _, p := range [][2]string{{"(", ")"}, {"（", "）"}} {
		if strings.HasSuffix(s, p[1]) {
			if i := strings.LastIndex(s, p[0]); i > 0 {
				s = strings.TrimSpace(s[:i])
			}
		}
	}
	s = strings.ToLower(s)
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '-' || r == '_' || r == '\u3000' }), "_")
}

// csvIn is an import being read from standard input: its header, then
// one record at a time (rows).
type csvIn struct {
	t     *csvTable
	r     *csv.Reader
	g     *csvGuard
	head  int   // line of the header
	count int   // rows read, bad ones included, blank ones not
	err   error // why reading stopped before the end, if it did
}

// openCSV starts reading an import from standard input: a UTF-8 byte order
// mark is dropped, blank lines before the header are skipped, and the
// header is mapped to cols. Empty input, a wrong header and a limit passed
// in it are one error.
func openCSV(e *Env, cols []column) (*csvIn, error) {
	var src io.Reader = strings.NewReader("")
	if e.Stdin != nil {
		src = e.Stdin
	}
	br := bufio.NewReader(src)
	if b, _ := br.Peek(len(utf8BOM)); string(b) == utf8BOM {
		_, _ = br.Discard(len(utf8BOM))
	}
	g := &csvGuard{r: br, line: 1, fieldLine: 1}
	r := csv.NewReader(g)
	r.FieldsPerRecord = -1 // the header decides; checked in rows
	r.ReuseRecord = true
	c := &csvIn{r: r, g: g}
	for {
		head, err := c.next()
		switch {
		case err == io.EOF:
			return nil, model.Errorf(model.EINVALID, "cli.csv.empty")
		case c.err != nil:
			return nil, c.err
		case err != nil:
			return nil, &headerError{parts: []model.Text{csvErrText(err)}, cols: cols}
		case blank(head):
			continue
		}
		c.head, _ = r.FieldPos(0)
		t, err := mapHeader(head, cols)
		if err != nil {
			return nil, err
		}
		c.t = t
		return c, nil
	}
}

// next reads a record. A limit passed, text that is not UTF-8 and a
// failing input stop the reading: they set c.err, which next returns.
func (c *csvIn) next() ([]string, error) {
	rec, err := c.r.Read()
	if c.g.err != nil {
		c.err = c.g.err
		return nil, c.err
	}
	var pe *csv.ParseError
	if err != nil && err != io.EOF && !errors.As(err, &pe) {
		c.err = model.Errorf(model.EINVALID, "cli.csv.read", err.Error())
		return nil, c.err
	}
	for i, f := range rec {
		if !utf8.ValidString(f) {
			line, _ := c.r.FieldPos(i)
			c.err = model.Errorf(model.EINVALID, "cli.csv.not_utf8", line)
			return nil, c.err
		}
	}
	return rec, err
}

// rows yields the data rows that read as rows; a row with the wrong number
// of fields or a broken quote goes to ch as a problem of its line, and rows
// whose fields are all blank are skipped. It stops early when c.err is
// set (done returns it).
func (c *csvIn) rows(ch *checker) iter.Seq[csvRow] {
	return func(yield func(csvRow) bool) {
		for {
			rec, err := c.next()
			if err == io.EOF || c.err != nil {
				return
			}
			var line int
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				line = pe.StartLine
			} else {
				line, _ = c.r.FieldPos(0)
				if blank(rec) {
					continue
				}
			}
			if c.count++; c.count > maxImportRows {
				c.err = model.Errorf(model.EINVALID, "cli.csv.too_many", maxImportRows)
				return
			}
			switch {
			case err != nil:
				ch.readProblem(line, csvErrText(err))
			case len(rec) != len(c.t.header):
				ch.readProblem(line, model.T("cli.csv.field_count", len(rec), len(c.t.header)))
			default:
				if !yield(csvRow{line: line, rec: slices.Clone(rec), t: c.t}) {
					return
				}
			}
		}
	}
}

// done is why the reading stopped early, or an error when the file had a
// header but no rows; nil otherwise.
func (c *csvIn) done() error {
	if c.err != nil {
		return c.err
	}
	if c.count == 0 {
		return model.Errorf(model.EINVALID, "cli.csv.no_rows")
	}
	return nil
}

// csvGuard stands between standard input and encoding/csv and ends the
// input at the first byte past a limit: the size of the input, the fields
// of one record, the bytes of one field. It follows RFC 4180 quoting as
// encoding/csv does (a quote opens a field only as its first byte, "" inside
// is a quote, a quote then a comma or a line end closes it), so it counts
// what the parser is about to hold, before the parser holds it.
type csvGuard struct {
	r         io.Reader
	n         int64 // bytes read
	line      int   // physical line, from 1
	fieldLine int   // line where the current field started
	fields    int   // fields of the current record before the current one
	size      int   // bytes of the current field so far
	state     guardState
	err       error // the limit passed
}

type guardState uint8

const (
	gStart  guardState = iota // at the start of a field
	gBare                     // in an unquoted field
	gQuoted                   // in a quoted field
	gQuote                    // a quote in a quoted field: the end, or the first of ""
)

func (g *csvGuard) Read(p []byte) (int, error) {
	if g.err != nil {
		return 0, g.err
	}
	n, err := g.r.Read(p)
	for i, b := range p[:n] {
		if g.err = g.step(b); g.err != nil {
			return i, g.err
		}
	}
	return n, err
}

// step takes one byte of the input.
func (g *csvGuard) step(b byte) error {
	if g.n++; g.n > maxImportBytes {
		return model.Errorf(model.EINVALID, "cli.csv.too_big", maxImportBytes>>20)
	}
	switch g.state {
	case gQuoted:
		if b == '"' {
			g.state = gQuote
		}
	case gQuote:
		switch b {
		case '"':
			g.state = gQuoted
		case '\r': // before a line end
		case ',', '\n':
			return g.separator(b)
		default: // a parse error: the rest of the line is read as unquoted
			g.state = gBare
		}
	case gStart:
		if b == '"' {
			g.state = gQuoted
			break
		}
		g.state = gBare
		fallthrough
	case gBare:
		if b == ',' || b == '\n' {
			return g.separator(b)
		}
	}
	if b == '\n' {
		g.line++
	}
	if g.size++; g.size > maxFieldBytes {
		return model.Errorf(model.EINVALID, "cli.csv.field_too_long", g.fieldLine, maxFieldBytes)
	}
	return nil
}

// separator ends a field at a comma, or a record at a line end.
func (g *csvGuard) separator(b byte) error {
	g.state, g.size = gStart, 0
	if b == '\n' {
		g.line++
		g.fields = 0
		g.fieldLine = g.line
		return nil
	}
	g.fieldLine = g.line
	if g.fields++; g.fields >= maxImportCols {
		return model.Errorf(model.EINVALID, "cli.csv.too_many_cols", g.line, maxImportCols)
	}
	return nil
}

func blank(rec []string) bool {
	for _, f := range rec {
		if strings.TrimSpace(f) != "" {
			return false
		}
	}
	return true
}

// csvErrText words an encoding/csv error for people.
func csvErrText(err error) model.Text {
	switch {
	case errors.Is(err, csv.ErrQuote):
		return model.T("cli.csv.quote")
	case errors.Is(err, csv.ErrBareQuote):
		return model.T("cli.csv.bare_quote")
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	return model.T("cli.csv.syntax", err.Error())
}

// mapHeader finds the known columns in a header row. Unknown, repeated and
// missing columns are one error naming them all.
func mapHeader(head []string, cols []column) (*csvTable, error) {
	t := &csvTable{cols: cols, header: make([]string, len(head)), at: map[string]int{}}
	byName := map[string]string{}
	for _, c := range cols {
		byName[normHeader(c.name)] = c.name
		for _, a := range c.aliases {
			byName[normHeader(a)] = c.name
		}
	}
	var unknown, dup, missing []string
	for i, h := range head {
		t.header[i] = strings.TrimSpace(strings.TrimPrefix(h, utf8BOM))
		name, ok := byName[normHeader(h)]
		switch {
		case !ok:
			shown := clipRunes(safe(t.header[i]), maxShownName)
			if shown == "" {
				shown = fmt.Sprintf("#%d", i+1)
			}
			unknown = append(unknown, strconv.Quote(shown))
		case t.has(name):
			dup = append(dup, clipRunes(safe(t.header[i]), maxShownName))
		default:
			t.at[name] = i
		}
	}
	for _, c := range cols {
		if c.required && !t.has(c.name) {
			missing = append(missing, c.name)
		}
	}
	if len(unknown)+len(dup)+len(missing) == 0 {
		return t, nil
	}
	var parts []model.Text
	if len(unknown) > maxNamedCols {
		parts = append(parts, model.T("cli.csv.unknown_cols_more", strings.Join(unknown[:maxNamedCols], ", "), len(unknown)-maxNamedCols))
	} else if len(unknown) > 0 {
		parts = append(parts, model.T("cli.csv.unknown_cols", strings.Join(unknown, ", ")))
	}
	if len(dup) > maxNamedCols {
		parts = append(parts, model.T("cli.csv.dup_cols_more", strings.Join(dup[:maxNamedCols], ", "), len(dup)-maxNamedCols))
	} else if len(dup) > 0 {
		parts = append(parts, model.T("cli.csv.dup_cols", strings.Join(dup, ", ")))
	}
	if len(missing) > 0 {
		parts = append(parts, model.T("cli.csv.missing_cols", strings.Join(missing, ", ")))
	}
	return nil, &headerError{parts: parts, cols: cols}
}

// clipRunes cuts s to at most n characters, the last of them "…".
func clipRunes(s string, n int) string {
	count := 0
	for i := range s {
		if count == n-1 && utf8.RuneCountInString(s[i:]) > 1 {
			return s[:i] + "…"
		}
		count++
	}
	return s
}

// headerError is a wrong header row, in one line: what is wrong and which
// columns are expected.
type headerError struct {
	parts []model.Text
	cols  []column
}

func (e *headerError) Error() string { return e.In("en") }

// In renders the error in lang.
func (e *headerError) In(lang string) string {
	msgs := make([]string, len(e.parts))
	for i, p := range e.parts {
		msgs[i] = p.In(lang)
	}
	var en, zh []string
	for _, c := range e.cols {
		n, z := c.name, c.name
		if len(c.aliases) > 0 {
			z = c.aliases[0]
		}
		if !c.required {
			n, z = "["+n+"]", "["+z+"]"
		}
		en, zh = append(en, n), append(zh, z)
	}
	return i18n.T(lang, "cli.csv.header", strings.Join(msgs, i18n.T(lang, "cli.csv.sep")), strings.Join(en, ","), strings.Join(zh, ","))
}

// writeCSV writes a header and rows as RFC 4180 CSV (CRLF line ends), with
// a UTF-8 byte order mark first when bom is set. Control characters other
// than line breaks are replaced, as in the tables.
func writeCSV(w io.Writer, bom bool, header []string, rows [][]string) error {
	if bom {
		if _, err := io.WriteString(w, utf8BOM); err != nil {
			return err
		}
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, r := range rows {
		out := make([]string, len(r))
		for i, f := range r {
			out[i] = safe(strings.ReplaceAll(f, "\r\n", "\n"))
		}
		if err := cw.Write(out); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// format is how a list is printed.
type format int

const (
	fmtTable format = iota
	fmtJSON
	fmtCSV
	fmtXLSX
)

func outFormat(p parsed) format {
	switch {
	case p.has("json"):
		return fmtJSON
	case p.has("csv"):
		return fmtCSV
	case p.has("xlsx"):
		return fmtXLSX
	}
	return fmtTable
}

// checkFormat refuses more than one of --json, --csv and --xlsx, and --bom
// without --csv.
func checkFormat(p parsed) error {
	n := 0
	for _, f := range []string{"json", "csv", "xlsx"} {
		if p.has(f) {
			n++
		}
	}
	switch {
	case n == 2 && p.has("json") && p.has("csv"):
		return model.Errorf(model.EINVALID, "cli.json_csv")
	case n > 1:
		return model.Errorf(model.EINVALID, "cli.x.one_format")
	case p.has("bom") && !p.has("csv"):
		return model.Errorf(model.EINVALID, "cli.bom_csv")
	}
	return nil
}

// checkImport requires --csv on an import (the only input format).
func checkImport(p parsed) error {
	if !p.has("csv") {
		return model.Errorf(model.EINVALID, "cli.need_csv")
	}
	return nil
}
