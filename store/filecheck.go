package store

import (
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"os"
	"strconv"
	"time"

	bolt "go.etcd.io/bbolt"
	berrors "go.etcd.io/bbolt/errors"

	"xietong/model"
)

// Checking a data file before it is trusted: what restore does with a
// backup before it replaces the data with it.
//
// bbolt maps the whole file into memory and follows page ids through it.
// A file shorter than its own meta page says makes that mapping end before
// the pages do, and the first read past the end stops the process with
// SIGBUS, which no recover catches; a damaged page can make bbolt panic in
// a goroutine of its own. So CheckPages reads the meta pages from the raw
// bytes, without bbolt, and Inspect, which opens the file with bbolt, is
// meant to run in a process of its own whose crash only says "damaged".

// The on-disk layout of a bbolt (format version 2) meta page, in the byte
// order of the machine that wrote it: a 16-byte page header (id, flags,
// count, overflow), then magic, version, page size, flags, root bucket
// (root page id, sequence), freelist page id, high-water page id,
// transaction id and an FNV-64a checksum of the meta fields before it.
const (
	boltMagic       = 0xED0CDAED
	boltVersion     = 2
	boltMetaFlag    = 0x04
	boltMetaEnd     = 16 + 64 // page header + meta
	boltNoFreelist  = ^uint64(0)
	boltMinPageSize = 512
	boltMaxPageSize = 1 << 16
)

// boltMeta is one meta page as read from the file.
type boltMeta struct {
	flags              uint16
	magic, version     uint32
	pageSize           uint32
	root, freelist     uint64
	pgid, txid, stored uint64
	sum                uint64 // checksum computed over the read bytes
}

func parseMeta(b []byte) boltMeta {
	le := binary.NativeEndian
	h := fnv.New64a()
	h.Write(b[16:72])
	return boltMeta{
		flags: le.Uint16(b[8:10]), magic: le.Uint32(b[16:20]), version: le.Uint32(b[20:24]),
		pageSize: le.Uint32(b[24:28]), root: le.Uint64(b[32:40]), freelist: le.Uint64(b[48:56]),
		pgid: le.Uint64(b[56:64]), txid: le.Uint64(b[64:72]), stored: le.Uint64(b[72:80]), sum: h.Sum64(),
	}
}

// valid is bbolt's own test of a meta page: magic, version and checksum.
func (m boltMeta) valid() bool {
	return m.magic == boltMagic && m.version == boltVersion && m.stored == m.sum
}

// fileErr is the refusal of a data file: an EINVALID error from the catalogue.
func fileErr(key string, args ...any) error { return model.Errorf(model.EINVALID, key, args...) }

// CheckPages checks, from the raw bytes and without bbolt, that the file at
// path is a bbolt file whose meta pages are intact and whose pages all lie
// inside the file: every page a valid meta page counts (its high-water page
// id times the page size) must be within the file's size. A file that
// passes can be mapped by bbolt without reading past its end.
func CheckPages(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	if !fi.Mode().IsRegular() {
		return fileErr("store.file.not_regular")
	}
	size := fi.Size()
	if size == 0 {
		return fileErr("store.file.empty")
	}
	read := func(off int64) (boltMeta, bool, error) {
		var b [boltMetaEnd]byte
		if off+boltMetaEnd > size {
			return boltMeta{}, false, nil
		}
		if _, err := f.ReadAt(b[:], off); err != nil {
			return boltMeta{}, false, err
		}
		return parseMeta(b[:]), true, nil
	}
	// The page size, found as bbolt finds it: from the first meta page, or,
	// when that one is damaged, from the first valid meta page at one of
	// the page sizes bbolt can write.
	var metas []boltMeta
	var seen []boltMeta // every meta page read, valid or not, to name the problem
	m0, ok, err := read(0)
	if err != nil {
		return err
	}
	if ok {
		seen = append(seen, m0)
	}
	pageSize := int64(0)
	if ok && m0.valid() {
		pageSize = int64(m0.pageSize)
	} else {
		for i := 0; i <= 14; i++ {
			m, ok, err := read(1024 << i)
			if err != nil {
				return err
			}
			if !ok {
				break
			}
			seen = append(seen, m)
			if m.valid() {
				pageSize = int64(m.pageSize)
				break
			}
		}
	}
	if pageSize == 0 {
		return metaProblem(seen, size)
	}
	if pageSize < boltMinPageSize || pageSize > boltMaxPageSize || pageSize&(pageSize-1) != 0 {
		return fileErr("store.file.damaged", fmt.Sprintf("page size %d", pageSize))
	}
	if size < 2*pageSize {
		return fileErr("store.file.truncated", 2*pageSize, size)
	}
	// The two meta pages bbolt maps; it uses the valid one with the higher
	// transaction id, and falls back on the other.
	for _, off := range []int64{0, pageSize} {
		m, _, err := read(off)
		if err != nil {
			return err
		}
		if m.valid() {
			metas = append(metas, m)
		}
	}
	if len(metas) == 0 {
		return fileErr("store.file.meta_damaged")
	}
	for _, m := range metas {
		switch {
		case int64(m.pageSize) != pageSize || m.flags != boltMetaFlag:
			return fileErr("store.file.damaged", fmt.Sprintf("meta page of transaction %d disagrees on the page size or type", m.txid))
		case m.pgid < 2 || m.root >= m.pgid || m.root < 2 || (m.freelist != boltNoFreelist && (m.freelist >= m.pgid || m.freelist < 2)):
			return fileErr("store.file.damaged", fmt.Sprintf("meta page of transaction %d points outside its %d pages", m.txid, m.pgid))
		case m.pgid > uint64(size/pageSize):
			// Compared in pages, so that a huge page count cannot overflow
			// the multiplication; the message gives the bytes.
			need := "more than 2^63"
			if m.pgid <= uint64(1<<62)/uint64(pageSize) {
				need = strconv.FormatUint(m.pgid*uint64(pageSize), 10)
			}
			return fileErr("store.file.truncated", need, size)
		}
	}
	return nil
}

// metaProblem names why no meta page of a file is valid: not bbolt at all,
// another format version, or damaged.
func metaProblem(seen []boltMeta, size int64) error {
	magic := false
	for _, m := range seen {
		if m.magic == boltMagic {
			magic = true
			if m.version != boltVersion {
				return fileErr("store.file.bolt_version", m.version)
			}
		}
	}
	switch {
	case magic:
		return fileErr("store.file.meta_damaged")
	case size < boltMetaEnd:
		return fileErr("store.file.too_short", size)
	}
	return fileErr("store.file.not_bolt")
}

// FileFacts is what Inspect found in a data file that passed its checks.
type FileFacts struct {
	Schema   int  // schema version
	Marked   bool // carries the xietong marker; false: made before the marker existed
	Accounts int  // user accounts
	Audit    int  // audit entries whose chain verified
}

// Inspect checks the data file at path without writing to it: CheckPages,
// then, opened read-only with bbolt, the consistency of every page
// (bbolt's Check), the xietong marker and schema version, that every record
// stored as JSON is JSON, and the audit log's hash chain. It counts the
// accounts.
//
// A damaged file can still crash the process that opens it with bbolt (a
// panic in one of bbolt's goroutines, a page id pointing past the end of
// the file), so Inspect is for a process whose only job is to inspect: the
// crash of that process is the verdict "damaged".
func Inspect(path string) (FileFacts, error) {
	var facts FileFacts
	if err := CheckPages(path); err != nil {
		return facts, err
	}
	bdb, err := bolt.Open(path, 0o600, &bolt.Options{ReadOnly: true, Timeout: time.Second})
	if errors.Is(err, berrors.ErrTimeout) {
		return facts, ErrInUse
	} else if err != nil {
		return facts, fileErr("store.file.unusable", err.Error())
	}
	defer bdb.Close()
	err = bdb.View(func(tx *bolt.Tx) error {
		var problems []error
		for err := range tx.Check() {
			problems = append(problems, err)
		}
		if len(problems) > 0 {
			return fileErr("store.file.damaged", fmt.Sprintf("%v (%d problems found)", problems[0], len(problems)))
		}
		if facts, err = fileSchema(tx); err != nil {
			return err
		}
		for _, name := range jsonBuckets {
			b := tx.Bucket(name)
			if b == nil {
				continue
			}
			if err := b.ForEach(func(k, v []byte) error {
				if v != nil && !json.Valid(v) {
					return fileErr("store.file.damaged", fmt.Sprintf("record %q in %s is not valid JSON", k, name))
				}
				return nil
			}); err != nil {
				return err
			}
		}
		n, err := verifyAudit(tx)
		if err != nil {
			return fileErr("rel.audit_broken", n, err.Error())
		}
		facts.Audit = n
		if b := tx.Bucket(bucketUsers); b != nil {
			facts.Accounts = b.Stats().KeyN
		}
		return nil
	})
	return facts, err
}

// fileSchema reads the marker and schema version of a file: a xietong file
// carries the marker, or was made before the marker existed (a schema
// version before markedVersion, with the accounts and the audit log).
func fileSchema(tx *bolt.Tx) (FileFacts, error) {
	var facts FileFacts
	meta := tx.Bucket(bucketMeta)
	if meta == nil {
		return facts, fileErr("store.file.foreign")
	}
	mark := meta.Get(metaApp)
	facts.Marked = mark != nil
	if mark != nil && string(mark) != appMarker {
		return facts, fileErr("store.file.foreign")
	}
	v, err := schemaVersion(tx)
	if err != nil || v < 1 {
		if facts.Marked {
			return facts, fileErr("store.file.damaged", fmt.Sprintf("schema version %q", meta.Get(metaVersion)))
		}
		return facts, fileErr("store.file.foreign")
	}
	facts.Schema = v
	if !facts.Marked && (v >= markedVersion || tx.Bucket(bucketUsers) == nil || tx.Bucket(bucketAudit) == nil) {
		return facts, fileErr("store.file.foreign")
	}
	if latest := migrations[len(migrations)-1].version; v > latest {
		return facts, fileErr("store.file.newer", v, latest)
	}
	return facts, nil
}

// LockFile takes the lock a running server holds on its data file at path,
// waiting at most timeout (ErrInUse after that), without opening the file
// as a database where the system allows (see lockFile): the file is
// neither mapped nor migrated, so a damaged one cannot crash the caller
// and an older one is not changed. unlock releases it.
func LockFile(path string, timeout time.Duration) (unlock func() error, err error) {
	return lockFile(path, timeout)
}
