package loadtest

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"
)

// ms formats a duration in milliseconds with one decimal.
func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond)) }

// mib formats bytes in MiB.
func mib(b float64) string { return fmt.Sprintf("%.2f MiB", b/(1<<20)) }

// WriteText prints the report as a readable table.
func (rep *Report) WriteText(w io.Writer) {
	fmt.Fprintf(w, "xietong loadtest: %d sessions to %s, a key every %d ms (±jitter) for %s\n\n",
		rep.Sessions, rep.Addr, rep.RateMS, time.Duration(rep.DurationMS)*time.Millisecond)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "sessions\t%d opened, %d failed\t(connect phase %s)\n", rep.Connected, rep.Failed, rep.ConnectPhase.Round(time.Millisecond))
	for _, f := range rep.Failures {
		fmt.Fprintf(tw, "  failed: %s\t%d\t%s\n", f.Stage, f.Count, f.Example)
	}
	fmt.Fprintf(tw, "\tp50\tp90\tp99\tmax\tn\n")
	row := func(name string, s Summary) {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\n", name, ms(s.P50), ms(s.P90), ms(s.P99), ms(s.Max), s.N)
	}
	row("connect → first byte", rep.FirstByte)
	row("connect → first frame", rep.FirstFrame)
	row("keystroke → screen", rep.Keystroke)
	if rep.EffectSessions > 0 {
		row(fmt.Sprintf("key → row moved (%d sessions)", rep.EffectSessions), rep.KeyEffect)
	}
	fmt.Fprintf(tw, "unanswered keystrokes\t%d of %d\n", rep.Unanswered, rep.Keystrokes)
	if rep.EffectSessions > 0 {
		extra := ""
		if rep.EffectNoRow > 0 {
			extra = fmt.Sprintf("\t(%d keys with no selected row on screen, not timed)", rep.EffectNoRow)
		}
		fmt.Fprintf(tw, "unanswered-effect keys\t%d of %d%s\n", rep.EffectUnanswered, rep.KeyEffect.N+rep.EffectUnanswered, extra)
	}
	b := rep.BytesPerKey
	fmt.Fprintf(tw, "bytes per keystroke\tmean %.0f\tp50 %d\tp99 %d\tmax %d\n", b.Mean, b.P50, b.P99, b.Max)
	tw.Flush()
	fmt.Fprintln(w)
	if rep.Writes != nil {
		rep.Writes.writeText(w)
		fmt.Fprintln(w)
	}
	sr := rep.Server
	if c := sr.CPU; c != nil {
		switch {
		case c.Error != "":
			fmt.Fprintf(w, "server CPU: unavailable (%s)\n", c.Error)
		case c.WithLoadGenerator:
			fmt.Fprintf(w, "CPU over the keystroke phase: %.2f cores (%.1f s CPU in %.1f s, %s): server and load generator together, in one process\n",
				c.Cores, c.CPUSeconds, c.WallSeconds, c.Source)
		default:
			fmt.Fprintf(w, "server CPU over the keystroke phase: %.2f cores (%.1f s CPU in %.1f s, %s)\n", c.Cores, c.CPUSeconds, c.WallSeconds, c.Source)
		}
	}
	if !sr.Idle.Available && !sr.Connected.Available && !sr.Loaded.Available {
		fmt.Fprintf(w, "server: %s\n", sr.Idle.Error)
		return
	}
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "server\tsessions\theap in use\theap alloc\tRSS\tsource\n")
	noGC := sr.IdleNoGC.Available || sr.ConnectedNoGC.Available || sr.LoadedNoGC.Available
	for _, x := range []struct {
		name     string
		st, nogc ServerStats
	}{{"before", sr.Idle, sr.IdleNoGC}, {"open", sr.Connected, sr.ConnectedNoGC}, {"after keys", sr.Loaded, sr.LoadedNoGC},
		{"idle after keys", sr.IdleAfter, sr.IdleAfterNoGC}} {
		if x.name == "idle after keys" && x.st == (ServerStats{}) {
			continue // not measured (--idle-wait negative)
		}
		statsRow(tw, x.name, x.st)
		if noGC && x.nogc.Available && x.nogc.Source != x.st.Source {
			statsRow(tw, "  (no GC)", x.nogc)
		}
	}
	tw.Flush()
	if sr.RSSPerSession != 0 || sr.HeapPerSession != 0 {
		fmt.Fprintf(w, "per idle session: RSS %s, heap %s",
			dash(sr.RSSPerSession != 0, mib(sr.RSSPerSession)), dash(sr.HeapPerSession != 0, mib(sr.HeapPerSession)))
		if sr.RSSPerSessionNoGC != 0 || sr.HeapPerSessionNoGC != 0 {
			fmt.Fprintf(w, " after a forced GC; RSS %s, heap %s without",
				dash(sr.RSSPerSessionNoGC != 0, mib(sr.RSSPerSessionNoGC)), dash(sr.HeapPerSessionNoGC != 0, mib(sr.HeapPerSessionNoGC)))
		}
		fmt.Fprintln(w)
	}
	with := sr.Connected
	if sr.IdleAfter.Available {
		with = sr.IdleAfter
	}
	if !with.Available || with.Source == "/proc" {
		if e := with.Error; e != "" {
			fmt.Fprintf(w, "(%s)\n", e)
		}
	}
}

// statsRow prints one memory reading.
func statsRow(tw io.Writer, name string, st ServerStats) {
	if !st.Available {
		fmt.Fprintf(tw, "%s\t%s\n", name, st.Error)
		return
	}
	fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", name, dash(st.Sessions > 0 || strings.HasPrefix(st.Source, "stats"), fmt.Sprint(st.Sessions)),
		dash(st.HeapInuse > 0, mib(float64(st.HeapInuse))), dash(st.HeapAlloc > 0, mib(float64(st.HeapAlloc))),
		dash(st.RSS > 0, mib(float64(st.RSS))), st.Source)
}

// writeText prints the writes and their propagation.
func (wr *WriteReport) writeText(w io.Writer) {
	fmt.Fprintf(w, "writes: %g per second, %s (%s): %d done, %d failed", wr.PerSecond, wr.Kind, wr.Logins, wr.Done, wr.Failed)
	if wr.Example != "" {
		fmt.Fprintf(w, ", e.g. %s", wr.Example)
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "\tp50\tp90\tp99\tmax\tn\n")
	row := func(name string, s Summary) {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\n", name, ms(s.P50), ms(s.P90), ms(s.P99), ms(s.Max), s.N)
	}
	row("write → ack", wr.Ack)
	row("ack → seen, each session", wr.Propagation)
	row("ack → seen, slowest session", wr.Slowest)
	tw.Flush()
	fmt.Fprintf(w, "sessions that showed a write: mean %.1f of %d; %d writes shown by none within %s",
		wr.MeanSessions, wr.Sessions, wr.Unseen, time.Duration(wr.WindowMS)*time.Millisecond)
	if wr.BeforeAck > 0 || wr.TooLate > 0 {
		fmt.Fprintf(w, "; %d sightings before the ack (counted as 0), %d later than the window (not counted)", wr.BeforeAck, wr.TooLate)
	}
	fmt.Fprintln(w)
	if len(wr.ByKind) > 1 {
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintf(tw, "  kind\tdone\tfailed\tshown\tsessions\tack p50\tseen p50\tseen p99\n")
		for _, k := range wr.ByKind {
			fmt.Fprintf(tw, "  %s\t%d\t%d\t%d\t%.1f\t%s\t%s\t%s\n", k.Kind, k.Done, k.Failed, k.Seen, k.MeanSessions,
				ms(k.Ack.P50), dash(k.Propagation.N > 0, ms(k.Propagation.P50)), dash(k.Propagation.N > 0, ms(k.Propagation.P99)))
		}
		tw.Flush()
	}
}

func dash(ok bool, s string) string {
	if ok {
		return s
	}
	return "-"
}
