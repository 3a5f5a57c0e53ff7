//go:build race

package main

// The race detector slows everything five to ten times on two cores; live
// update deadlines (1 s) are checked at full speed by the
// plain `go test` run and given room here.
const liveSlack = 5

// memSlack scales a bound on memory an import may take: the race
// detector's shadow memory multiplies a heap several times (a 50,000-row
// import: 328 MB peak RSS plain, 958 MB under -race).
const memSlack = 4
