package loadtest

import (
	"fmt"
	"sync"
)

// Every write of the load run carries a token, "XLT" and six digits, in
// the text sessions show (a notice's title, an anomaly's text, an order's
// number). Each session scans the bytes it receives for the tokens issued
// so far and notes when it first saw each one.
//
// The server's renderer sends only the cells of a row that changed, from the
// first changed cell to the last. A token that takes the place of an
// earlier one on the same row (the status line, a list that shifts by one
// row) is therefore sent without the "XLT" both share, and without any
// leading or trailing digit the two have in common. So the scan looks for
// the six digits alone, as a run of exactly six digits, and the digits are
// chosen so that tokens issued close together (fewer than ten apart) differ
// in their first and their last digit: the whole run is then always sent.
// No token holds five equal digits in a row, which the renderer would send
// as one digit and a repeat sequence.

// TokenPrefix starts every token.
const TokenPrefix = "XLT"

// tokenDigits is the digit part of a token.
type tokenDigits [6]byte

// tokenGen issues tokens: seq is the next candidate, salt shifts the middle
// digits per run so two runs against one server rarely share tokens.
type tokenGen struct {
	seq  int
	salt int
}

// next returns the next token's digits: the first digit is the issue
// number's last, the last digit a permutation of it (never equal to it),
// the four between count on, leaving out the repdigits (0000, 1111, …) so
// that no five equal digits ever stand in a row. 99,900 tokens are unique.
func (g *tokenGen) next() tokenDigits {
	k := g.seq
	g.seq++
	d1 := k % 10
	d6 := (7*d1 + 3) % 10 // never equal to d1; differs whenever d1 does
	m := (k/10 + g.salt) % 9990
	mid := m/1110*1111 + 1 + m%1110
	var t tokenDigits
	copy(t[:], fmt.Sprintf("%d%04d%d", d1, mid, d6))
	return t
}

// longRun reports whether b holds n or more equal bytes in a row.
func longRun(b []byte, n int) bool {
	run := 1
	for i := 1; i < len(b); i++ {
		if b[i] == b[i-1] {
			run++
			if run >= n {
				return true
			}
		} else {
			run = 1
		}
	}
	return false
}

func (t tokenDigits) String() string { return TokenPrefix + string(t[:]) }

// tokenSet maps the digits of every token issued so far to its write.
type tokenSet struct {
	mu sync.RWMutex
	m  map[tokenDigits]int
}

func newTokenSet() *tokenSet { return &tokenSet{m: map[tokenDigits]int{}} }

func (ts *tokenSet) add(t tokenDigits, write int) {
	ts.mu.Lock()
	ts.m[t] = write
	ts.mu.Unlock()
}

func (ts *tokenSet) lookup(t tokenDigits) (int, bool) {
	ts.mu.RLock()
	w, ok := ts.m[t]
	ts.mu.RUnlock()
	return w, ok
}

// tokenScan finds tokens in a byte stream fed in chunks of any size: it
// carries the digit run in progress from one chunk to the next, so a token
// split across reads is found once its run ends.
type tokenScan struct {
	run tokenDigits
	n   int // digits in the run so far; 7 means more than six
}

// feed scans p and calls found for each known token whose run ends in p.
func (sc *tokenScan) feed(p []byte, set *tokenSet, found func(write int)) {
	for _, b := range p {
		if b >= '0' && b <= '9' {
			if sc.n < 6 {
				sc.run[sc.n] = b
			}
			if sc.n < 7 {
				sc.n++
			}
			continue
		}
		if sc.n == 6 {
			if w, ok := set.lookup(sc.run); ok {
				found(w)
			}
		}
		sc.n = 0
	}
}
