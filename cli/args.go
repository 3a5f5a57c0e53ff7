// Package cli holds the non-interactive commands (`ssh host CMD ...` and the
// offline `xietong user ...`). They share the model services with the screens.
package cli

import (
	"strings"

	"xietong/model"
)

// flagSpec names the flags a command takes; true marks a boolean flag.
type flagSpec map[string]bool

// parsed is a command line split into positional arguments and flags.
type parsed struct {
	pos   []string
	flags map[string]string
}

func (p parsed) has(name string) bool { _, ok := p.flags[name]; return ok }

// parseArgs accepts --name value, --name=value and boolean --name anywhere
// among positional arguments; "--" ends flags. A dash before a digit is a
// negative number, never a flag, so a command can say what is wrong with
// "-5" as a quantity.
func parseArgs(args []string, spec flagSpec) (parsed, error) {
	p := parsed{flags: map[string]string{}}
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			p.pos = append(p.pos, args[i+1:]...)
			break
		}
		if !strings.HasPrefix(a, "-") || a == "-" || a[1] >= '0' && a[1] <= '9' {
			p.pos = append(p.pos, a)
			continue
		}
		name := strings.TrimLeft(a, "-")
		val, hasVal := "", false
		if k, v, ok := strings.Cut(name, "="); ok {
			name, val, hasVal = k, v, true
		}
		isBool, known := spec[name]
		if !known || name == "" {
			return p, model.Errorf(model.EINVALID, "cli.unknown_flag", a)
		}
		if _, dup := p.flags[name]; dup {
			return p, model.Errorf(model.EINVALID, "cli.dup_flag", "--"+name)
		}
		switch {
		case isBool && hasVal:
			return p, model.Errorf(model.EINVALID, "cli.bool_flag", "--"+name)
		case isBool:
			val = "true"
		case !hasVal:
			if i+1 >= len(args) {
				return p, model.Errorf(model.EINVALID, "cli.flag_value", "--"+name)
			}
			i++
			val = args[i]
		}
		p.flags[name] = val
	}
	return p, nil
}
