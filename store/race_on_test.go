//go:build race

package store

// raceEnabled: the race detector is on. It changes what allocates (its
// shadow memory, sync.Pool dropping items at random), so tests that count
// allocations skip; .ci/run runs them again without it.
const raceEnabled = true
