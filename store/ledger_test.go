package store

import (
	"bytes"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"xietong/model"
)

// The ledger keeps its entries in the audit chain: a cause that names no
// record is refused at its field; a reversal is a second entry saved with
// the first; and an entry edited in the file outside the program fails
// audit verify.
func TestLedgerStoreAndAudit(t *testing.T) {
	e := seeded(t)
	ctx := t.Context()
	office, sales := e.users["office"], e.users["sales"]
	in := model.LedgerInput{Kind: model.LedgerPenalty, Rule: model.RuleWrongShortfall, Person: "sales", Dept: model.DeptSales, Amount: 200,
		Fund: model.FundMarketing, Cause: model.Cause{Kind: model.CauseShortfall, Ref: "2026-02-30"}, Evidence: "e"}
	if _, err := e.db.ProposeLedgerEntry(ctx, office, in); model.FieldErrors(err)["cause_ref"].Key != "val.ledger_cause" {
		t.Fatalf("an unknown table: %v", err)
	}
	in.Cause = model.Cause{Kind: model.CauseDeadline, Ref: "2026-12-04 差额表"}
	x, err := e.db.ProposeLedgerEntry(ctx, office, in)
	if err != nil || x.No[:3] != "JF-" {
		t.Fatalf("proposed %+v %v", x, err)
	}
	if x, err = e.db.ChangeLedgerEntry(ctx, sales, x.ID, x.Version, func(by *model.User, x *model.LedgerEntry) error {
		return x.AddStatement(by, e.clock.Now(), "说明")
	}); err != nil {
		t.Fatal(err)
	}
	if x, err = e.db.ChangeLedgerEntry(ctx, office, x.ID, x.Version, func(by *model.User, x *model.LedgerEntry) error {
		return x.Confirm(by, e.clock.Now())
	}); err != nil {
		t.Fatal(err)
	}
	r, err := e.db.ReverseLedgerEntry(ctx, office, x.ID, x.Version, "复核撤销")
	if err != nil || r.Reverses != x.ID {
		t.Fatalf("reversal %+v %v", r, err)
	}
	if _, err := e.db.ReverseLedgerEntry(ctx, office, x.ID, x.Version, "again"); model.ErrorCode(err) != model.ECONFLICT {
		t.Fatalf("a stale reversal: %v", err)
	}
	if n, err := e.db.VerifyAudit(); err != nil || n == 0 {
		t.Fatalf("verify before: %d %v", n, err)
	}
	e.db.Close()
	bdb, err := bolt.Open(e.path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := bdb.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketLedger)
		return b.Put(itob(x.ID), bytes.Replace(b.Get(itob(x.ID)), []byte(`"amount":200`), []byte(`"amount":20`), 1))
	}); err != nil {
		t.Fatal(err)
	}
	bdb.Close()
	e.open(t)
	if _, err := e.db.VerifyAudit(); err == nil || !strings.Contains(err.Error(), "ledger entry 1: differs from its last audit entry") {
		t.Fatalf("verify after an edit: %v", err)
	}
}
