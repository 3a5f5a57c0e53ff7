package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"xietong/demo"
	"xietong/model"
	"xietong/tui"
)

// keysTable prints the keys table of the README ("xietong keys --md"):
// what the screens' own help lists, read by walking every section of a
// throwaway demo factory as each demo login.
func keysTable(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("keys", flag.ContinueOnError)
	fs.SetOutput(stderr)
	md := fs.Bool("md", false, "print the table as Markdown (the README's)")
	lang := fs.String("lang", "en", "language of the table: zh or en")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if !*md || fs.NArg() > 0 || *lang != "zh" && *lang != "en" {
		fmt.Fprintln(stderr, "usage: xietong keys --md [--lang zh|en]")
		return 2
	}
	dir, err := os.MkdirTemp("", "xietong-keys-")
	if err != nil {
		fmt.Fprintln(stderr, "xietong keys:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	clock, err := model.NewClock("Asia/Shanghai")
	if err != nil {
		fmt.Fprintln(stderr, "xietong keys:", err)
		return 1
	}
	// The table is read on the demo factory's monthly meeting day, with its
	// months of history (so that lists have rows and a meeting is open),
	// not today: it does not change with the date it is made.
	clock.Set(time.Date(2026, 12, 3, 9, 30, 0, 0, clock.Loc))
	db, err := openStore(dir, clock, nil, nil, 0, time.Second, nil)
	if err != nil {
		fmt.Fprintln(stderr, "xietong keys:", err)
		return 1
	}
	defer db.Close()
	ctx := context.Background()
	svc := db.Services()
	if _, err := demo.SeedWith(ctx, svc, demo.Options{History: true}); err != nil {
		fmt.Fprintln(stderr, "xietong keys:", err)
		return 1
	}
	table, err := tui.KeysMarkdown(ctx, svc, demo.Logins(), *lang)
	if err != nil {
		fmt.Fprintln(stderr, "xietong keys:", err)
		return 1
	}
	fmt.Fprint(stdout, table)
	return 0
}
