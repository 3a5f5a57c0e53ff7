//go:build race

package main

// The race detector slows everything five to ten times on two cores; live
// update deadlines (1 s) are checked at full speed by the
// plain `go test` run and given room here.
const liveSlack = 5
