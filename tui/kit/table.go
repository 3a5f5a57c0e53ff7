package kit

import (
	"strconv"
	"strings"
	"sync"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// Column of a table: a fixed width in cells, or 0 to share what is left.
type Column struct {
	Title string
	Width int
	Right bool // right-align (numbers)
	// Optional columns are left out, rightmost first, when the terminal is
	// too narrow for all columns (80 columns must always work).
	Optional bool
	// Min is the least width a flexible column needs before optional
	// columns give way to it (0: 8 cells).
	Min int
}

// columnsWidth is the width the columns idx of cols take with their
// borders, flexible columns counted at their Min (8 cells by default).
func columnsWidth(cols []Column, idx []int) int {
	n := 1
	for _, i := range idx {
		w := cols[i].Width
		if w == 0 {
			w = max(cols[i].Min, 8)
		}
		n += w + 3
	}
	return n
}

// fitColumns returns the indices of the columns to show within width: all
// of them if they fit (flexible columns counted at their Min), else without
// optional ones from the right.
func fitColumns(cols []Column, width int) []int {
	show := make([]int, len(cols))
	for i := range cols {
		show[i] = i
	}
	for columnsWidth(cols, show) > width {
		drop := -1
		for j := len(show) - 1; j >= 0; j-- {
			if cols[show[j]].Optional {
				drop = j
				break
			}
		}
		if drop < 0 {
			break
		}
		show = append(show[:drop], show[drop+1:]...)
	}
	return show
}

// layoutColumns gives every column a width so that the bordered table is
// exactly width cells wide. Flexible columns share the rest, at least 4 each.
func layoutColumns(cols []Column, width int) []int {
	ws := make([]int, len(cols))
	used, flex := 1, 0 // left border
	for i, c := range cols {
		ws[i] = c.Width
		used += c.Width + 3 // " cell │"
		if c.Width == 0 {
			flex++
		}
	}
	if flex > 0 {
		rest := max(width-used, 4*flex)
		for i := range ws {
			if ws[i] == 0 {
				ws[i] = rest / flex
				rest -= ws[i]
				flex--
			}
		}
	}
	return ws
}

// Fit pads or truncates s to exactly w cells; wide (CJK) characters count
// as two cells and are never cut in half.
func Fit(s string, w int, right bool) string {
	if lipgloss.Width(s) > w {
		s = ansi.Truncate(s, w, "…")
	}
	pad := w - lipgloss.Width(s)
	if pad <= 0 {
		return s
	}
	if right {
		return strings.Repeat(" ", pad) + s
	}
	return s + strings.Repeat(" ", pad)
}

// RenderTable draws a bordered table of rows (already Safe) with the row at
// index sel marked: a heavy left border and its first cell highlighted. The
// rest of that row looks as it does unselected, so moving the cursor changes
// a few cells of two rows, and that is all the terminal is sent.
// Cells must not contain newlines.
func RenderTable(st Styles, cols []Column, rows [][]string, sel int, width int, rowStyle func(i int) lipgloss.Style) string {
	return RenderTableCached(st, cols, rows, sel, width, rowStyle, nil, nil)
}

// RowCache keeps rendered plain rows of a table between frames: moving the
// cursor changes two rows, so the others are not styled and measured again.
type RowCache struct {
	sig   string // column widths and border style the lines were made for
	rows  map[string]string
	lines map[string]string // border lines and the header row
	size  int               // bytes of the last table drawn, to size the next at once
}

// TableCache keeps table rows as drawn, for every session of a server: the
// rows of the queue, the orders list or home's notices look the same in
// every session that shows them at the same width, in the same language
// and styles, and a change that many sessions show would otherwise have
// each draw the same row, styling and measuring every cell again. It holds
// at most two generations of tableCacheGen rows: when the newer is full it
// becomes the older and the oldest is let go; a row found in the older
// moves to the newer.
type TableCache struct {
	mu       sync.Mutex
	cur, old map[string]string
}

const tableCacheGen = 8192

func (c *TableCache) get(key string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if v, ok := c.cur[key]; ok {
		return v, true
	}
	v, ok := c.old[key]
	if ok {
		c.putLocked(key, v)
	}
	return v, ok
}

func (c *TableCache) put(key, v string) {
	c.mu.Lock()
	c.putLocked(key, v)
	c.mu.Unlock()
}

func (c *TableCache) putLocked(key, v string) {
	if c.cur == nil || len(c.cur) >= tableCacheGen {
		c.old, c.cur = c.cur, make(map[string]string, tableCacheGen/4)
	}
	c.cur[key] = v
}

// RenderTableCached is RenderTable that takes plain rows (plain(i) true,
// drawn without a row style) from cache when it can.
func RenderTableCached(st Styles, cols []Column, rows [][]string, sel int, width int, rowStyle func(i int) lipgloss.Style,
	plain func(i int) bool, cache *RowCache) string {
	if show := fitColumns(cols, width); len(show) < len(cols) {
		kept := make([]Column, len(show))
		for j, i := range show {
			kept[j] = cols[i]
		}
		trimmed := make([][]string, len(rows))
		for r, cells := range rows {
			trimmed[r] = make([]string, len(show))
			for j, i := range show {
				if i < len(cells) {
					trimmed[r][j] = cells[i]
				}
			}
		}
		cols, rows = kept, trimmed
	}
	ws := layoutColumns(cols, width)
	b := st.Border
	var out strings.Builder
	var sig string
	if cache != nil {
		var sb strings.Builder
		sb.WriteString(st.Key)
		sb.WriteByte('\x1d')
		sb.WriteString(st.Bar)
		for i, c := range cols {
			sb.WriteString(strconv.Itoa(ws[i]))
			if c.Right {
				sb.WriteByte('r')
			} else {
				sb.WriteByte('l')
			}
		}
		if sig = sb.String(); cache.sig != sig || len(cache.rows) > 4096 {
			cache.sig, cache.rows, cache.lines = sig, map[string]string{}, map[string]string{}
		}
		out.Grow(cache.size)
	}
	// cached writes what draw writes, from the cache when it has it.
	cached := func(key string, draw func()) {
		if cache == nil {
			draw()
			return
		}
		if l, ok := cache.lines[key]; ok {
			out.WriteString(l)
			return
		}
		start := out.Len()
		draw()
		cache.lines[key] = out.String()[start:]
	}
	line := func(l, m, r string) {
		cached(l+m+r, func() {
			out.WriteString(b.Render(l))
			for i, w := range ws {
				out.WriteString(b.Render(strings.Repeat("─", w+2)))
				if i < len(ws)-1 {
					out.WriteString(b.Render(m))
				}
			}
			out.WriteString(b.Render(r))
			out.WriteByte('\n')
		})
	}
	row := func(cells []string, style lipgloss.Style, selected bool) {
		if selected {
			out.WriteString(st.SelBar.Render("┃"))
		} else {
			out.WriteString(st.Bar)
		}
		for i, w := range ws {
			c := ""
			if i < len(cells) {
				c = cells[i]
			}
			cs := style
			if selected && i == 0 {
				cs = st.Selected
			}
			out.WriteString(cs.Render(" " + Fit(c, w, cols[i].Right) + " "))
			out.WriteString(st.Bar)
		}
		out.WriteByte('\n')
	}
	line("┌", "┬", "┐")
	hdr := make([]string, len(cols))
	for i, c := range cols {
		hdr[i] = headerCase(c.Title)
	}
	cached("\x00"+strings.Join(hdr, "\x1f"), func() { row(hdr, st.TableHeader, false) })
	line("├", "┼", "┤")
	for i, r := range rows {
		style := lipgloss.NewStyle()
		if rowStyle != nil {
			style = rowStyle(i)
		}
		if cache != nil && plain != nil {
			// A styled row (a warning, a dimmed line) is kept under what its
			// style makes of a probe: one small render instead of one per
			// cell and border; the selected row under a mark of its own.
			k := strings.Join(r, "\x1f")
			if !plain(i) {
				k = style.Render("\x1f") + k
			}
			if i == sel {
				k = "\x1e" + k
			}
			if line, ok := cache.rows[k]; ok {
				out.WriteString(line)
				continue
			}
			if st.Rows != nil {
				if line, ok := st.Rows.get(sig + "\x1d" + k); ok {
					cache.rows[k] = line
					out.WriteString(line)
					continue
				}
			}
			start := out.Len()
			row(r, style, i == sel)
			cache.rows[k] = out.String()[start:]
			if st.Rows != nil {
				st.Rows.put(sig+"\x1d"+k, cache.rows[k])
			}
			continue
		}
		row(r, style, i == sel)
	}
	line("└", "┴", "┘")
	if cache != nil {
		cache.size = out.Len()
	}
	return strings.TrimSuffix(out.String(), "\n")
}

// headerCase starts a column title with a capital: titles borrowed from
// field names ("variant", as error messages name the field) sit beside
// "Product" and "Quantity".
func headerCase(s string) string {
	if s != "" && s[0] >= 'a' && s[0] <= 'z' {
		return string(s[0]-'a'+'A') + s[1:]
	}
	return s
}
