package cli

import (
	"strconv"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/xuri/excelize/v2"

	"xietong/i18n"
	"xietong/model"
)

// A sheet is what a list command exports: named columns and typed cells,
// written as CSV (the English column names, every cell as text) or as an
// XLSX worksheet (Chinese headers for zh, numbers as numbers, dates as
// dates). The same cells' text fills a table where the table shows the
// same columns.

// cellKind is how a cell is stored in a workbook.
type cellKind uint8

const (
	kText cellKind = iota
	kNum           // a number
	kDate          // a calendar day: yyyy-mm-dd
	kTime          // an instant in the factory zone: yyyy-mm-dd hh:mm
	kPct           // a fraction shown as a percentage
	kBool
)

// cell is one value: its text (table and CSV) and, for a workbook, its
// kind and typed value.
type cell struct {
	kind cellKind
	text string
	n    float64
	t    time.Time // wall clock for kDate and kTime
	b    bool
}

func txt(s string) cell { return cell{text: s} }

// num is a whole number.
func num[T int | int64 | uint64](n T) cell {
	var s string
	switch v := any(n).(type) {
	case uint64:
		s = strconv.FormatUint(v, 10)
	case int:
		s = strconv.Itoa(v)
	case int64:
		s = strconv.FormatInt(v, 10)
	}
	return cell{kind: kNum, text: s, n: float64(n)}
}

// dateCell is a day; the zero Date is an empty cell.
func dateCell(d model.Date) cell {
	if d.IsZero() {
		return cell{}
	}
	return cell{kind: kDate, text: d.String(), t: time.Date(d.Y, d.M, d.D, 0, 0, 0, 0, time.UTC)}
}

// timeCell is an instant shown in loc with layout; the zero time is an
// empty cell.
func timeCell(t time.Time, loc *time.Location, layout string) cell {
	if t.IsZero() {
		return cell{}
	}
	t = t.In(loc)
	wall := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.UTC)
	return cell{kind: kTime, text: t.Format(layout), t: wall}
}

// pctCell is a fraction (0.95 is 95%); !ok is an empty cell.
func pctCell(v float64, ok bool) cell {
	if !ok {
		return cell{}
	}
	return cell{kind: kPct, text: strconv.FormatFloat(v, 'f', -1, 64), n: v}
}

// boolCell is a yes/no, shown as text in a table or CSV.
func boolCell(b bool, text string) cell { return cell{kind: kBool, text: text, b: b} }

type sheet struct {
	name string   // worksheet name (at most 31 characters, no []:*?/\)
	cols []string // column names: the CSV header and the English XLSX header
	rows [][]cell
}

func (s *sheet) add(cells ...cell) { s.rows = append(s.rows, cells) }

// texts is every row as text, fresh slices the caller may change.
func (s *sheet) texts() [][]string {
	out := make([][]string, len(s.rows))
	for i, r := range s.rows {
		out[i] = make([]string, len(r))
		for j, c := range r {
			out[i][j] = c.text
		}
	}
	return out
}

// csvTexts is every row as CSV cells: texts, with each text cell that a
// spreadsheet would take for a formula neutralised (neutralise). Cells of
// the other kinds (numbers, dates, times, percentages) are written as they
// are, so a negative number stays a number; their text is ours, never what
// someone typed.
func (s *sheet) csvTexts() [][]string {
	out := s.texts()
	for i, r := range s.rows {
		for j, c := range r {
			if c.kind == kText || c.kind == kBool {
				out[i][j] = neutralise(c.text)
			}
		}
	}
	return out
}

// labels is the header row of a workbook or table: Chinese names for zh
// (the catalogue's cli.xcol.NAME), the column names otherwise.
func (s *sheet) labels(lang string) []string {
	out := make([]string, len(s.cols))
	for i, c := range s.cols {
		out[i] = colLabel(lang, c)
	}
	return out
}

// colLabel names the column col for people in lang: its Chinese name for
// zh (cli.xcol.COL), the column name itself otherwise.
func colLabel(lang, col string) string {
	if lang == i18n.ZH && i18n.Has("cli.xcol."+col) {
		return i18n.T(i18n.ZH, "cli.xcol."+col)
	}
	return col
}

// writeSheet writes s as an XLSX workbook with --xlsx, as CSV otherwise.
func writeSheet(e *Env, p parsed, s *sheet) error {
	if outFormat(p) == fmtXLSX {
		return writeXLSX(e, s)
	}
	return writeCSV(e.Stdout, p.has("bom"), s.cols, s.csvTexts())
}

// Column widths of a workbook, in characters.
const (
	minColWidth = 6
	maxColWidth = 60
	widthSample = 2000 // rows looked at
)

// binaryOK refuses binary output (a workbook, a backup) to a session's
// terminal, where it would only garble the screen: every command that
// writes binary data to stdout calls it before writing anything.
func binaryOK(e *Env) error {
	if e.Terminal {
		return model.Errorf(model.EINVALID, "cli.binary_tty")
	}
	return nil
}

// writeXLSX writes the sheets as one workbook to stdout in e's language: a
// bold, frozen header row, widths that fit, and typed cells.
func writeXLSX(e *Env, sheets ...*sheet) error {
	if err := binaryOK(e); err != nil {
		return err
	}
	lang := e.Lang
	f := excelize.NewFile()
	defer f.Close()
	styles := map[cellKind]int{}
	var err error
	newStyle := func(st *excelize.Style) int {
		id, e := f.NewStyle(st)
		if err == nil {
			err = e
		}
		return id
	}
	dateFmt, timeFmt, pctFmt := "yyyy-mm-dd", "yyyy-mm-dd hh:mm", "0.0%"
	head := newStyle(&excelize.Style{Font: &excelize.Font{Bold: true},
		Fill:   excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"E7EEF7"}},
		Border: []excelize.Border{{Type: "bottom", Color: "808080", Style: 1}}})
	styles[kDate] = newStyle(&excelize.Style{CustomNumFmt: &dateFmt})
	styles[kTime] = newStyle(&excelize.Style{CustomNumFmt: &timeFmt})
	styles[kPct] = newStyle(&excelize.Style{CustomNumFmt: &pctFmt})
	styles[kText] = newStyle(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	if err != nil {
		return err
	}
	for i, s := range sheets {
		if i == 0 {
			err = f.SetSheetName("Sheet1", s.name)
		} else {
			_, err = f.NewSheet(s.name)
		}
		if err != nil {
			return err
		}
		if err := writeWorksheet(f, s, lang, head, styles); err != nil {
			return err
		}
	}
	f.SetActiveSheet(0)
	_, err = f.WriteTo(e.Stdout)
	return err
}

func writeWorksheet(f *excelize.File, s *sheet, lang string, head int, styles map[cellKind]int) error {
	sw, err := f.NewStreamWriter(s.name)
	if err != nil {
		return err
	}
	labels := s.labels(lang)
	widths := make([]int, len(labels))
	for i, l := range labels {
		widths[i] = ansi.StringWidth(l)
	}
	for _, r := range s.rows[:min(len(s.rows), widthSample)] {
		for i, c := range r {
			if i >= len(widths) {
				break
			}
			n := ansi.StringWidth(safe(c.text))
			switch c.kind {
			case kDate:
				n = 10
			case kTime:
				n = 16
			case kPct:
				n = 7
			}
			widths[i] = max(widths[i], n)
		}
	}
	for i, n := range widths {
		if err := sw.SetColWidth(i+1, i+1, float64(min(max(n+2, minColWidth), maxColWidth))); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft",
		Selection: []excelize.Selection{{SQRef: "A2", ActiveCell: "A2", Pane: "bottomLeft"}}}); err != nil {
		return err
	}
	row := make([]any, len(labels))
	for i, l := range labels {
		row[i] = excelize.Cell{StyleID: head, Value: l}
	}
	if err := sw.SetRow("A1", row); err != nil {
		return err
	}
	for n, r := range s.rows {
		row := make([]any, len(r))
		for i, c := range r {
			row[i] = xlsxValue(c, styles)
		}
		ref, err := excelize.CoordinatesToCellName(1, n+2)
		if err != nil {
			return err
		}
		if err := sw.SetRow(ref, row); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// xlsxValue is a cell as the stream writer takes it.
func xlsxValue(c cell, styles map[cellKind]int) any {
	switch c.kind {
	case kNum:
		return c.n
	case kDate, kTime:
		return excelize.Cell{StyleID: styles[c.kind], Value: c.t}
	case kPct:
		return excelize.Cell{StyleID: styles[kPct], Value: c.n}
	case kBool:
		return c.b
	}
	if c.text == "" {
		return nil
	}
	return excelize.Cell{StyleID: styles[kText], Value: safe(c.text)}
}
