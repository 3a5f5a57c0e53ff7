package cli

import (
	"reflect"
	"testing"

	"xietong/model"
)

func TestParseArgs(t *testing.T) {
	spec := flagSpec{"name": false, "json": true}
	cases := []struct {
		args  []string
		pos   []string
		flags map[string]string
		err   bool
	}{
		{[]string{"prod", "--name", "张三"}, []string{"prod"}, map[string]string{"name": "张三"}, false},
		{[]string{"--name=李四", "x", "--json"}, []string{"x"}, map[string]string{"name": "李四", "json": "true"}, false},
		{[]string{"--", "--json"}, []string{"--json"}, map[string]string{}, false},
		{[]string{"--nope"}, nil, nil, true},
		{[]string{"--name"}, nil, nil, true},
		{[]string{"--json=yes"}, nil, nil, true},
		{[]string{"--name", "a", "--name", "b"}, nil, nil, true},
		{[]string{"-"}, []string{"-"}, map[string]string{}, false},
		{[]string{"x", "-5", "--name", "-1"}, []string{"x", "-5"}, map[string]string{"name": "-1"}, false},
		{[]string{"-x"}, nil, nil, true},
	}
	for _, c := range cases {
		p, err := parseArgs(c.args, spec)
		if (err != nil) != c.err {
			t.Errorf("%q: err=%v", c.args, err)
			continue
		}
		if err != nil {
			if model.ErrorCode(err) != model.EINVALID {
				t.Errorf("%q: code %s", c.args, model.ErrorCode(err))
			}
			continue
		}
		if !reflect.DeepEqual(p.pos, c.pos) || !reflect.DeepEqual(p.flags, c.flags) {
			t.Errorf("%q: got %v %v", c.args, p.pos, p.flags)
		}
	}
}

func FuzzParseArgs(f *testing.F) {
	f.Add("user", "--name", "x")
	f.Add("--json", "--", "-")
	f.Fuzz(func(t *testing.T, a, b, c string) {
		p, err := parseArgs([]string{a, b, c}, flagSpec{"name": false, "json": true})
		if err == nil && len(p.pos)+len(p.flags) > 3 {
			t.Fatalf("more results than arguments: %v", p)
		}
	})
}
