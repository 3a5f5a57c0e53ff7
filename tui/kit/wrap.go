package kit

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// WrapText is s (plain text, already safe) broken into lines of at most width
// cells: at spaces, and between Chinese characters (never before a
// closing mark such as ，。), so a long Chinese text after a space starts
// on the same line. Breaks in s stay.
func WrapText(s string, width int) []string {
	width = max(width, 10)
	var out []string
	for _, para := range strings.Split(s, "\n") {
		var line []string // the tokens of the line being filled
		w, wrapped := 0, false
		flush := func() {
			out = append(out, strings.TrimRight(strings.Join(line, ""), " "))
			line, w, wrapped = nil, 0, true
		}
		for _, tok := range tokens(para) {
			tw := ansi.StringWidth(tok)
			switch {
			case tok == " " && w == 0 && wrapped:
				// no space starts a wrapped line
			case w+tw <= width:
				line, w = append(line, tok), w+tw
			case tok == " ":
				flush()
			case tw > width: // a word longer than a line: cut
				for _, r := range tok {
					rw := ansi.StringWidth(string(r))
					if w+rw > width {
						flush()
					}
					line, w = append(line, string(r)), w+rw
				}
			case strings.Contains(noLineStart, tok) && len(line) > 1 && ansi.StringWidth(line[len(line)-1]) == 2:
				// a closing mark takes the character before it along
				last := line[len(line)-1]
				line = line[:len(line)-1]
				flush()
				line, w = []string{last, tok}, ansi.StringWidth(last)+tw
			default:
				flush()
				line, w = []string{tok}, tw
			}
		}
		flush()
	}
	return out
}

// Heading is a detail's title in style and its state dimmed after it, on
// one line when they fit, else wrapped with the state on a line below.
func Heading(title, state string, style, dim lipgloss.Style, width int) []string {
	if lipgloss.Width(title+"  "+state) <= width {
		return []string{style.Render(title) + "  " + dim.Render(state)}
	}
	var out []string
	for _, l := range WrapText(title, width) {
		out = append(out, style.Render(l))
	}
	for _, l := range WrapText(state, width) {
		out = append(out, dim.Render(l))
	}
	return out
}

// Labelled is label and then val (plain, already safe) wrapped to width,
// the label drawn in style.
func Labelled(label, val string, style lipgloss.Style, width int) []string {
	lines := WrapText(label+val, width)
	if rest, ok := strings.CutPrefix(lines[0], label); ok {
		lines[0] = style.Render(label) + rest
	}
	return lines
}

// noLineStart are the marks a line does not begin with.
const noLineStart = "，。、；：！？）」』》〉】"

// tokens cuts s into what a line may break between: single spaces, single
// wide (Chinese) characters, and runs of other characters (words).
func tokens(s string) []string {
	var out []string
	start := -1
	for i, r := range s {
		if r != ' ' && ansi.StringWidth(string(r)) < 2 {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			out = append(out, s[start:i])
			start = -1
		}
		out = append(out, string(r))
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}
