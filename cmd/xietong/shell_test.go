package main

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"xietong/model"
)

var colourSGR = regexp.MustCompile(`\x1b\[[0-9;]*(3[0-9]|4[0-9]|9[0-7]|10[0-7])(;[0-9;]*)?m`)

// NO_COLOR from the client turns colours off; without it colours are used.
func TestNoColor(t *testing.T) {
	ts := startServer(t, Config{Demo: true})
	coloured := ts.open("prod", 100, 30, "")
	coloured.waitText("今天需要你处理的事")
	plain := ts.openEnv("prod", 100, 30, map[string]string{"NO_COLOR": "1"})
	plain.waitText("今天需要你处理的事")
	coloured.mu.Lock()
	hasColour := colourSGR.MatchString(coloured.raw.String())
	coloured.mu.Unlock()
	plain.mu.Lock()
	plainColour := colourSGR.FindString(plain.raw.String())
	plain.mu.Unlock()
	if !hasColour {
		t.Fatal("a normal session shows no colour at all")
	}
	if plainColour != "" {
		t.Fatalf("NO_COLOR session received colour %q", plainColour)
	}
}

// q with unsaved edits asks first; n returns to the form with the text kept.
func TestQuitAsksWithUnsavedEdits(t *testing.T) {
	ts := startServer(t, Config{Demo: true})
	tm := ts.open("office", 100, 30, "en_US.UTF-8")
	tm.waitText("what needs you today")
	tm.send("1", kTab, "n")
	tm.waitText("New notice")
	tm.send("half-typed title")
	tm.waitText("half-typed title")
	tm.send(kCtrlC)
	tm.waitText("unsaved edits. Quit anyway?")
	tm.send("n")
	tm.waitFor("question gone", func(s string) bool { return !strings.Contains(s, "Quit anyway?") })
	if !strings.Contains(tm.screen(), "half-typed title") {
		t.Fatal("the typed text was lost")
	}
	tm.send(kCtrlC)
	tm.waitText("Quit anyway?")
	tm.send("y")
	<-tm.closed
}

// The language key switches and remembers the choice on the account.
func TestLanguageSwitchSaved(t *testing.T) {
	ts := startServer(t, Config{Demo: true})
	tm := ts.open("qa", 100, 30, "")
	tm.waitText("今天需要你处理的事")
	tm.send("L")
	tm.waitText("what needs you today", "Language: English")
	r := ts.exec("qa", "whoami --json")
	var who struct{ Language string }
	_ = json.Unmarshal([]byte(r.stdout), &who)
	if who.Language != "en" {
		t.Fatalf("language not saved: %s", r.stdout)
	}
	again := ts.open("qa", 100, 30, "zh_CN.UTF-8")
	again.waitText("what needs you today")
}

// notices list over exec, in JSON and as a table, only what is addressed to me.
func TestNoticesListExec(t *testing.T) {
	ts := startServer(t, Config{Demo: true})
	ts.postNotice("office", model.Notice{Title: "只给品管部", Audience: []model.Department{model.DeptQuality}})
	var list []struct {
		Title string
		Read  bool
	}
	r := ts.exec("qa", "notices list --json")
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &list) != nil {
		t.Fatalf("notices list: %+v", r)
	}
	found := false
	for _, n := range list {
		found = found || n.Title == "只给品管部"
	}
	if !found {
		t.Fatalf("qa does not see its notice: %s", r.stdout)
	}
	if r := ts.exec("sales", "notices list"); strings.Contains(r.stdout, "只给品管部") || r.code != 0 {
		t.Fatalf("sales sees a quality-only notice: %+v", r)
	}
}
