package model

import (
	"cmp"
	"encoding/binary"
	"time"
)

// QueueItem holds what ranks a line in production's queue of lines awaiting
// a reply (status sent, changed lines included).
type QueueItem struct {
	LineID        uint64
	OrderID       uint64
	RankAdjust    int
	Grade         Grade
	RequestedDate Date
	ReceivedAt    time.Time
}

// QueueItemOf builds the queue item of line l of order o.
func QueueItemOf(o *Order, l *OrderLine) QueueItem {
	return QueueItem{LineID: l.ID, OrderID: o.ID, RankAdjust: l.RankAdjust, Grade: o.CustomerGrade,
		RequestedDate: l.RequestedDate, ReceivedAt: o.ReceivedAt}
}

// InQueue reports whether l is in production's reply queue.
func InQueue(l *OrderLine) bool { return l.Status == LineSent }

// QueueCompare orders the queue (docs/DOMAIN.md#orders): first the sales lead's
// manual priority level RankAdjust (negative: expedited, 加急; 0: normal;
// positive: deferred), then customer grade A, B, C, then requested date,
// then the time the order was received, then line id so the order is total
// and stable.
//
// A manual move is a change of level, not of position: moving a line "up"
// puts it ahead of every line of the level it left, and the usual rules
// still order lines within a level. That keeps the rank a pure function of
// the line (no renumbering of neighbours, one index key per line) and makes
// every move explainable with its audited reason.
func QueueCompare(a, b QueueItem) int {
	switch {
	case clampRank(a.RankAdjust) != clampRank(b.RankAdjust):
		return cmp.Compare(clampRank(a.RankAdjust), clampRank(b.RankAdjust))
	case a.Grade.Rank() != b.Grade.Rank():
		return cmp.Compare(a.Grade.Rank(), b.Grade.Rank())
	case a.RequestedDate != b.RequestedDate:
		return a.RequestedDate.Compare(b.RequestedDate)
	case !a.ReceivedAt.Equal(b.ReceivedAt):
		return a.ReceivedAt.Compare(b.ReceivedAt)
	case a.LineID != b.LineID:
		if a.LineID < b.LineID {
			return -1
		}
		return 1
	}
	return 0
}

// QueueLess reports whether a ranks before b.
func QueueLess(a, b QueueItem) bool { return QueueCompare(a, b) < 0 }

func clampRank(r int) int { return max(-MaxRankAdjust, min(MaxRankAdjust, r)) }

// QueueKey encodes the rank of it as bytes that sort (bytes.Compare) in
// queue order, for an index in an ordered key-value store: level, grade,
// requested date, received time and line id, fixed width big-endian.
func QueueKey(it QueueItem) []byte {
	k := make([]byte, 0, 26)
	k = append(k, byte(clampRank(it.RankAdjust)+128), byte(it.Grade.Rank()))
	d := it.RequestedDate
	k = binary.BigEndian.AppendUint32(k, uint32(max(d.Y, 0)*10000+int(d.M)*100+d.D))
	k = binary.BigEndian.AppendUint64(k, uint64(it.ReceivedAt.Unix())^(1<<63))
	k = binary.BigEndian.AppendUint32(k, uint32(it.ReceivedAt.Nanosecond()))
	return binary.BigEndian.AppendUint64(k, it.LineID)
}

// ReplyState tells how a line stands against its reply deadline. While a
// reply is awaited, remaining is the time left (negative once past) and
// late is true from ReplyDue on. Once replied, remaining is the margin the
// reply left and late tells whether it came at or after ReplyDue. A line
// never sent has neither.
func ReplyState(l *OrderLine, now time.Time) (remaining time.Duration, late bool) {
	if l.ReplyDue.IsZero() {
		return 0, false
	}
	at := now
	if !l.RepliedAt.IsZero() {
		at = l.RepliedAt
	}
	remaining = l.ReplyDue.Sub(at)
	return remaining, remaining <= 0
}

// RankLevel names manual priority level n for people: normal, expedited
// (加急) or deferred (延后), with how many steps beyond one.
func RankLevel(n int) Text {
	switch n = clampRank(n); {
	case n == 0:
		return T("rank.normal")
	case n == -1:
		return T("rank.up")
	case n < 0:
		return T("rank.up_n", -n)
	case n == 1:
		return T("rank.down")
	}
	return T("rank.down_n", n)
}

// RankEffect says where level n puts a line of a grade-g customer in the
// queue: expedited lines go before every line not expedited as far,
// whatever its customer's grade; deferred ones after every line not
// deferred as far; normal ones by grade, requested date and time received
// (QueueCompare).
func RankEffect(n int, g Grade) Text {
	switch n = clampRank(n); {
	case n < 0:
		return T("rank.effect_up", g)
	case n > 0:
		return T("rank.effect_down", g)
	}
	return T("rank.effect_normal")
}
