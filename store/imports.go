package store

import (
	"errors"
	"strconv"
	"strings"

	"xietong/model"
)

// Imports check every row before writing anything. All problems are
// returned together as one EINVALID *model.Error whose Fields are keyed by
// row and field:
//
//	"row 12.qty"            field qty of the 12th row as given (1-based)
//	"row 3.lines.2.qty"     field qty of line 2 of the 3rd order
//	"row 7"                 a problem of the 7th row as a whole
//	"reason"                a field of the import itself (ImportStock)
//
// The caller (the exec layer) maps row numbers to its own line numbers: the
// part before the first "." is "row N", the rest is a field name as in
// model's own field errors ("field."+name is its label in the catalogue).

// rowPrefix is the Fields key prefix of row (1-based).
func rowPrefix(row int) string { return "row " + strconv.Itoa(row) }

// problems collects what is wrong with the rows of one import.
type problems struct {
	fields model.Invalid
	rows   map[int]bool
}

func newProblems() *problems { return &problems{fields: model.Invalid{}, rows: map[int]bool{}} }

// add records field's message for row (field "" is the row as a whole).
func (p *problems) add(row int, field, key string, args ...any) {
	p.put(row, field, model.T(key, args...))
}

func (p *problems) put(row int, field string, t model.Text) {
	k := rowPrefix(row)
	if field != "" {
		k += "." + field
	}
	if _, ok := p.fields[k]; !ok {
		p.fields[k] = t
	}
	p.rows[row] = true
}

// addErr records err for row: the field errors of an EINVALID error under
// the row (each field name prefixed by under, e.g. "lines.2."), its text
// for under (the row as a whole when under is "") when it has no fields
// (see fieldsUnder). Any other error (forbidden,
// internal) is returned: it is not a problem of the row and ends the import.
func (p *problems) addErr(row int, under string, err error) error {
	if err == nil {
		return nil
	}
	if err := fieldsUnder(p.fields, rowPrefix(row)+"."+under, err); err != nil {
		return err
	}
	p.rows[row] = true
	return nil
}

// err returns the collected problems as one error, or nil if there are none.
func (p *problems) err() error {
	if len(p.fields) == 0 {
		return nil
	}
	text := model.T("err.invalid")
	if len(p.rows) > 0 {
		text = model.T("err.import_rows", len(p.rows))
	}
	return &model.Error{Code: model.EINVALID, Text: text, Fields: p.fields}
}

// fieldsUnder copies the field errors of err into v, each name prefixed by
// under. It returns err itself when err is not an EINVALID error with fields.
func fieldsUnder(v model.Invalid, under string, err error) error {
	if err == nil {
		return nil
	}
	var e *model.Error
	if !errors.As(err, &e) || e.Code != model.EINVALID {
		return err
	}
	if len(e.Fields) == 0 {
		v.Add(strings.TrimSuffix(under, "."), e.Text.Key, e.Text.Args...)
		return nil
	}
	for f, t := range e.Fields {
		if _, ok := v[under+f]; !ok {
			v[under+f] = t
		}
	}
	return nil
}
