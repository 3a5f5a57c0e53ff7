package tui

// memo keeps one drawn piece of the frame until its key changes. The header,
// tabs and key help look the same for most frames, and drawing them styles
// and measures every character again.
type memo struct {
	key, val string
	ok       bool
}

func (m *memo) get(key string, draw func() string) string {
	if !m.ok || m.key != key {
		m.key, m.val, m.ok = key, draw(), true
	}
	return m.val
}

// fitCache remembers lines already measured as fitting the width, so the
// clip of the body measures only lines it has not seen.
type fitCache struct {
	width int
	fits  map[string]struct{}
}

func (c *fitCache) fitsIn(line string, width int, measure func(string) int) bool {
	if c.width != width || len(c.fits) > 1024 {
		c.width, c.fits = width, map[string]struct{}{}
	}
	if _, ok := c.fits[line]; ok {
		return true
	}
	if measure(line) > width {
		return false
	}
	c.fits[line] = struct{}{}
	return true
}
