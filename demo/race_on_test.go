//go:build race

package demo

// raceDetector says the tests run under the race detector, which slows the
// history's seed about ten times: the sweep over awkward days seeds fewer.
const raceDetector = true
