package model

import (
	"sync"
	"time"
	_ "time/tzdata" // the factory zone must resolve on any machine
)

// Clock gives the current time in the factory's zone. Tests set it.
type Clock struct {
	Loc *time.Location
	mu  sync.Mutex
	fix *time.Time
	off time.Duration
}

// NewClock returns a clock for the named zone.
func NewClock(zone string) (*Clock, error) {
	loc, err := time.LoadLocation(zone)
	if err != nil {
		return nil, Errorf(EINVALID, "err.bad_tz", zone)
	}
	return &Clock{Loc: loc}, nil
}

// Now is the current time in the factory zone.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.fix != nil {
		return c.fix.In(c.Loc)
	}
	return time.Now().Add(c.off).In(c.Loc)
}

// Set pins the clock to t (tests); Offset shifts the running clock instead.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	c.fix = &t
	c.mu.Unlock()
}

// Pin stops the clock at t (see Set) until restore is called, which puts
// it back as it was: stopped where it stood, or running at its offset from
// real time. Something that replays the past on the clock (the demo's
// history) pins it and moves it with Set, then restores it.
func (c *Clock) Pin(t time.Time) (restore func()) {
	c.mu.Lock()
	fix, off := c.fix, c.off
	c.fix = &t
	c.mu.Unlock()
	return func() {
		c.mu.Lock()
		c.fix, c.off = fix, off
		c.mu.Unlock()
	}
}

// StartAt makes the clock read t now and run on from there at normal speed
// (the demo on a chosen day: docs/DOMAIN.md#time).
func (c *Clock) StartAt(t time.Time) { c.Offset(time.Until(t)) }

// Offset makes the clock run d ahead of real time.
func (c *Clock) Offset(d time.Duration) {
	c.mu.Lock()
	c.fix, c.off = nil, d
	c.mu.Unlock()
}
