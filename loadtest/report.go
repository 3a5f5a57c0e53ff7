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
	fmt.Fprintf(tw, "unanswered keystrokes\t%d of %d\n", rep.Unanswered, rep.Keystrokes)
	b := rep.BytesPerKey
	fmt.Fprintf(tw, "bytes per keystroke\tmean %.0f\tp50 %d\tp99 %d\tmax %d\n", b.Mean, b.P50, b.P99, b.Max)
	tw.Flush()
	fmt.Fprintln(w)
	sr := rep.Server
	if !sr.Idle.Available && !sr.Connected.Available && !sr.Loaded.Available {
		fmt.Fprintf(w, "server: %s\n", sr.Idle.Error)
		return
	}
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "server\tsessions\theap in use\theap alloc\tRSS\tsource\n")
	for _, x := range []struct {
		name string
		st   ServerStats
	}{{"before", sr.Idle}, {"open", sr.Connected}, {"after keys", sr.Loaded}, {"idle after keys", sr.IdleAfter}} {
		st := x.st
		if x.name == "idle after keys" && st == (ServerStats{}) {
			continue // not measured (--idle-wait negative)
		}
		if !st.Available {
			fmt.Fprintf(tw, "%s\t%s\n", x.name, st.Error)
			continue
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", x.name, dash(st.Sessions > 0 || strings.HasPrefix(st.Source, "stats"), fmt.Sprint(st.Sessions)),
			dash(st.HeapInuse > 0, mib(float64(st.HeapInuse))), dash(st.HeapAlloc > 0, mib(float64(st.HeapAlloc))),
			dash(st.RSS > 0, mib(float64(st.RSS))), st.Source)
	}
	tw.Flush()
	if sr.RSSPerSession != 0 || sr.HeapPerSession != 0 {
		fmt.Fprintf(w, "per idle session: RSS %s, heap %s\n",
			dash(sr.RSSPerSession != 0, mib(sr.RSSPerSession)), dash(sr.HeapPerSession != 0, mib(sr.HeapPerSession)))
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

func dash(ok bool, s string) string {
	if ok {
		return s
	}
	return "-"
}
