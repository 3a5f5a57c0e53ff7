package store

import (
	"bytes"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"xietong/model"
)

// sameAsJSON fails unless decodeMove gives what json.Unmarshal gives for
// raw: the same movement, or an error when it errs.
func sameAsJSON(t *testing.T, raw []byte) {
	t.Helper()
	var want, got model.StockMove
	wantErr := json.Unmarshal(raw, &want)
	gotErr := decodeMove(raw, &got)
	if (gotErr != nil) != (wantErr != nil) {
		t.Fatalf("%q: error %v, json.Unmarshal %v", raw, gotErr, wantErr)
	}
	if wantErr == nil && !reflect.DeepEqual(got, want) {
		t.Fatalf("%q:\n got %+v\nwant %+v", raw, got, want)
	}
}

// Ledger entries are read without encoding/json when they are plain, with
// the same result whatever they hold.
func TestDecodeMove(t *testing.T) {
	shanghai, err := time.LoadLocation("Asia/Shanghai")
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 12, 3, 9, 30, 15, 123456789, time.UTC)
	texts := []string{"", "破损", "opening balance", `引号"和\反斜杠`, "<b>&amp;</b>", "line\nbreak", "tab\there",
		"\u2028\u2029", "😀 emoji", "\x7f", "bad \xff utf-8", "2026-12-03|1号线|day", "SO-20261203-0001/2"}
	for i, text := range texts {
		m := model.StockMove{ProductCode: "P-18G", Variant: text, Qty: int64(i*1000 - 5000), Balance: int64(i) * 123456789,
			Cause: model.StockCauses[i%len(model.StockCauses)], Ref: text, Reason: text, By: "keeper", At: at.Add(time.Duration(i) * time.Hour)}
		if i%2 == 1 {
			m.At = m.At.In(shanghai)
		}
		raw, err := json.Marshal(&m)
		if err != nil {
			t.Fatal(err)
		}
		sameAsJSON(t, raw)
		// Only an escaped character takes the long way.
		if fast := decodeMoveFast(raw, &model.StockMove{}); fast == bytes.Contains(raw, []byte(`\`)) {
			t.Fatalf("%q: read directly %v", raw, fast)
		}
	}
	for _, m := range []model.StockMove{
		{},
		{ProductCode: "P1", Qty: model.MaxQty, Balance: -model.MaxQty},
		{ProductCode: "P1", Qty: 1<<63 - 1, Balance: -1 << 63},
		{ProductCode: "P1", At: time.Date(2026, 1, 1, 0, 0, 0, 0, time.FixedZone("", -90*60))},
	} {
		raw, err := json.Marshal(&m)
		if err != nil {
			t.Fatal(err)
		}
		sameAsJSON(t, raw)
	}
	// What json.Marshal does not write, and entries that are not JSON.
	for _, raw := range []string{
		`{}`, `{"qty":1}`, `{ "qty": 1 }`, `{"QTY":7,"Balance":8}`, `{"qty":007}`, `{"qty":1.0}`, `{"qty":1e3}`, `{"qty":-}`,
		`{"qty":"1"}`, `{"qty":null}`, `{"by":null}`, `{"by":"a","by":"b"}`, `{"by":"a\u0062c"}`, `{"at":"2026-12-03"}`,
		`{"at":null}`, `{"other":1}`, `{"qty":1,}`, `{"qty":1`, `"qty"`, ``, `[]`, `{"by":"x"}{}`, `{"qty":-0}`,
		`{"qty":123456789012345678}`, `{"qty":1234567890123456789}`, `{"qty":99999999999999999999}`,
		`{"reason":"` + strings.Repeat("长", 300) + `"}`,
	} {
		sameAsJSON(t, []byte(raw))
	}
}

func FuzzDecodeMove(f *testing.F) {
	for _, s := range []string{
		`{"product_code":"P1","variant":"std","qty":-100,"balance":5,"cause":"adjustment","reason":"破损","by":"keeper","at":"2026-12-03T09:00:00+08:00"}`,
		`{"product_code":"P1","qty":3,"balance":3,"cause":"production","ref":"2026-12-03|1号线|day","by":"shop","at":"2026-12-03T10:00:00.5Z"}`,
		`{"qty":1.0}`, `{"by":"a\"b"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(sameAsJSON)
}
