package store

import (
	"fmt"
	"strconv"

	bolt "go.etcd.io/bbolt"

	"xietong/model"
)

// Records numbered per year for people (projects LX-2026-0001, campaigns
// HD-2026-0001, plan items JH-2027-0001, ledger entries JF-2026-0001,
// purchase requests CG-2026-0001): a counter per year in bucketMeta and an index from the
// number to the id.

// numbering says how one kind of record is numbered and indexed.
type numbering struct {
	prefix  string // "LX"
	seq     []byte // bucketMeta key prefix of the year's counter
	byNo    []byte // number → id8
	records []byte // id8 → JSON
}

var (
	projectNumbers  = numbering{prefix: "LX", seq: metaProjectSeq, byNo: bucketProjectNo, records: bucketProjects}
	campaignNumbers = numbering{prefix: "HD", seq: metaCampaignSeq, byNo: bucketCampaignNo, records: bucketCampaigns}
	planItemNumbers = numbering{prefix: "JH", seq: metaPlanItemSeq, byNo: bucketPlanItemNo, records: bucketPlanItems}
	ledgerNumbers   = numbering{prefix: "JF", seq: metaLedgerSeq, byNo: bucketLedgerNo, records: bucketLedger}
)

// next numbers a new record in w's year (factory zone) and returns its
// id and number.
func (n numbering) next(w *wtx, db *DB) (uint64, string, error) {
	id, err := w.Bucket(n.records).NextSequence()
	if err != nil {
		return 0, "", err
	}
	year := strconv.Itoa(w.now.In(db.clock.Loc).Year())
	key := append(append([]byte(nil), n.seq...), year...)
	count := readCount(w.Tx, key) + 1
	no := fmt.Sprintf("%s-%s-%04d", n.prefix, year, count)
	if err := w.Bucket(bucketMeta).Put(key, itob(uint64(count))); err != nil {
		return 0, "", err
	}
	return id, no, w.Bucket(n.byNo).Put([]byte(no), itob(id))
}

// id is the id of the record numbered no; ENOTFOUND names record.
func (n numbering) id(tx *bolt.Tx, no, record string) (uint64, error) {
	id := tx.Bucket(n.byNo).Get([]byte(no))
	if id == nil {
		return 0, model.NotFound(record)
	}
	return btoi(id), nil
}
