package cli

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"time"

	"xietong/internal/proc"
	"xietong/model"
)

// ServerStats are the counts only a running server knows; the `stats`
// command adds the process's own figures.
type ServerStats struct {
	Sessions        int // interactive sessions
	ExecSessions    int
	Connections     int    // open connections, authenticated or not
	Handshakes      int    // connections not yet authenticated
	RefusedStartups uint64 // connections refused at connect: too many not yet authenticated
	RefusedPenalty  uint64 // connections refused at connect: their source's penalty
	Penalised       int    // sources refused at connect now
	Stalled         uint64 // connections closed for missing the handshake or login deadline
	RefusedBusy     uint64 // sessions refused by the server's session cap
	RefusedAccount  uint64 // sessions refused by an account's session cap
	IdleClosed      uint64 // sessions closed for inactivity
	MaxSessions     int    // 0: no cap
	FeedSubscriber  int
	Started         time.Time
	DBPath          string
}

type statsJSON struct {
	Sessions        int     `json:"sessions"`
	ExecSessions    int     `json:"exec_sessions"`
	Connections     int     `json:"connections"`
	Handshakes      int     `json:"handshakes"`
	RefusedConns    uint64  `json:"refused_connections"`
	RefusedStartups uint64  `json:"refused_connections_busy"`
	RefusedPenalty  uint64  `json:"refused_connections_penalty"`
	Penalised       int     `json:"penalised_sources"`
	Stalled         uint64  `json:"stalled_connections"`
	RefusedSessions uint64  `json:"refused_sessions"`
	RefusedAccount  uint64  `json:"refused_sessions_account"`
	IdleClosed      uint64  `json:"idle_closed"`
	MaxSessions     int     `json:"max_sessions"`
	Goroutines      int     `json:"goroutines"`
	FeedSubscribers int     `json:"feed_subscribers"`
	HeapInuse       uint64  `json:"heap_inuse_bytes"`
	HeapAlloc       uint64  `json:"heap_alloc_bytes"`
	Sys             uint64  `json:"sys_bytes"`
	RSS             uint64  `json:"rss_bytes"`
	Uptime          float64 `json:"uptime_seconds"`
	DBSize          int64   `json:"db_bytes"`
}

func serverOnly(cmd string) error {
	return model.Errorf(model.EINVALID, "rel.server_only", cmd)
}

func runStats(_ context.Context, e *Env, p parsed) error {
	if err := requireAdmin(e); err != nil {
		return err
	}
	if e.Stats == nil {
		return serverOnly("stats")
	}
	if p.has("gc") {
		// Collect garbage and hand freed pages back to the system first, so
		// heap and RSS show what the server holds rather than what it has
		// not yet swept.
		debug.FreeOSMemory()
	}
	st := e.Stats()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	j := statsJSON{Sessions: st.Sessions, ExecSessions: st.ExecSessions, Connections: st.Connections, Handshakes: st.Handshakes,
		RefusedConns: st.RefusedStartups + st.RefusedPenalty, RefusedStartups: st.RefusedStartups, RefusedPenalty: st.RefusedPenalty,
		Penalised: st.Penalised, Stalled: st.Stalled, RefusedSessions: st.RefusedBusy + st.RefusedAccount, RefusedAccount: st.RefusedAccount,
		IdleClosed: st.IdleClosed, MaxSessions: st.MaxSessions,
		Goroutines: runtime.NumGoroutine(), FeedSubscribers: st.FeedSubscriber,
		HeapInuse: ms.HeapInuse, HeapAlloc: ms.HeapAlloc, Sys: ms.Sys, RSS: selfRSS(),
		Uptime: time.Since(st.Started).Round(time.Millisecond).Seconds()}
	if st.DBPath != "" {
		if fi, err := os.Stat(st.DBPath); err == nil {
			j.DBSize = fi.Size()
		}
	}
	if p.has("json") {
		return writeJSON(e.Stdout, j)
	}
	mib := func(b uint64) string { return strconv.FormatFloat(float64(b)/(1<<20), 'f', 1, 64) + " MiB" }
	itoa := strconv.Itoa
	u64 := func(n uint64) string { return strconv.FormatUint(n, 10) }
	rows := [][]string{
		{e.t("rel.stat.sessions"), itoa(j.Sessions)},
		{e.t("rel.stat.exec"), itoa(j.ExecSessions)},
		{e.t("rel.stat.conns"), itoa(j.Connections)},
		{e.t("rel.stat.handshakes"), itoa(j.Handshakes)},
		{e.t("rel.stat.refused_busy"), u64(j.RefusedStartups)},
		{e.t("rel.stat.refused_penalty"), u64(j.RefusedPenalty)},
		{e.t("rel.stat.penalised"), itoa(j.Penalised)},
		{e.t("rel.stat.stalled"), u64(j.Stalled)},
		{e.t("rel.stat.refused_sessions"), u64(j.RefusedSessions - j.RefusedAccount)},
		{e.t("rel.stat.refused_account"), u64(j.RefusedAccount)},
		{e.t("rel.stat.idle_closed"), u64(j.IdleClosed)},
		{e.t("rel.stat.goroutines"), itoa(j.Goroutines)},
		{e.t("rel.stat.subscribers"), itoa(j.FeedSubscribers)},
		{e.t("rel.stat.heap_inuse"), mib(j.HeapInuse)},
		{e.t("rel.stat.heap_alloc"), mib(j.HeapAlloc)},
		{e.t("rel.stat.rss"), mib(j.RSS)},
		{e.t("rel.stat.uptime"), time.Duration(j.Uptime * float64(time.Second)).Round(time.Second).String()},
		{e.t("rel.stat.db"), mib(uint64(j.DBSize))},
	}
	writeTable(e.Stdout, []string{e.t("rel.stat.name"), e.t("rel.stat.value")}, rows)
	return nil
}

// selfRSS is this process's resident set; 0 where /proc cannot tell.
func selfRSS() uint64 {
	n, _ := proc.RSS(os.Getpid())
	return n
}

// runBackup streams a consistent copy of the data file to stdout.
func runBackup(_ context.Context, e *Env, _ parsed) error {
	if err := requireAdmin(e); err != nil {
		return err
	}
	if e.Backup == nil {
		return serverOnly("backup")
	}
	if err := binaryOK(e); err != nil {
		return err
	}
	n, err := e.Backup(e.Stdout)
	if err != nil {
		return err
	}
	fmt.Fprintln(e.Stderr, e.t("rel.backup_done", n))
	return nil
}

// auditVerifier is the store's hash-chain check.
type auditVerifier interface {
	VerifyAudit() (checked int, err error)
}

func runAuditVerify(_ context.Context, e *Env, _ parsed) error {
	if err := requireAdmin(e); err != nil {
		return err
	}
	v, ok := e.Svc.Audit.(auditVerifier)
	if !ok {
		return serverOnly("audit verify")
	}
	n, err := v.VerifyAudit()
	if err != nil {
		return model.Errorf(model.ECONFLICT, "rel.audit_broken", n, err.Error())
	}
	fmt.Fprintln(e.Stdout, e.t("rel.audit_ok", n))
	return nil
}
