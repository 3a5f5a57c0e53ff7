// Command loadreport prints a `xietong loadtest --json` report as the
// loadtest's own table.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"time"

	"xietong/loadtest"
)

func main() {
	frame := flag.Bool("frame-p50", false, "print only the median connect → first frame, in ms")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: loadreport [-frame-p50] REPORT.json")
		os.Exit(2)
	}
	b, err := os.ReadFile(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var rep loadtest.Report
	if err := json.Unmarshal(b, &rep); err != nil {
		fmt.Fprintln(os.Stderr, flag.Arg(0)+":", err)
		os.Exit(1)
	}
	if *frame {
		fmt.Printf("%.1f\n", float64(rep.FirstFrame.P50)/float64(time.Millisecond))
		return
	}
	rep.WriteText(os.Stdout)
}
