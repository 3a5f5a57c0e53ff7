package cli

import (
	"context"

	"xietong/model"
)

// LineTally counts the fake's open lines by status.
func (f *fakeOrders) LineTally(_ context.Context, owner string) (model.LineTally, error) {
	t := model.LineTally{All: map[model.LineStatus]int{}, Mine: map[model.LineStatus]int{}}
	for _, o := range f.orders {
		for _, l := range o.Lines {
			if !l.Status.Open() {
				continue
			}
			t.All[l.Status]++
			if owner != "" && o.Owner == owner {
				t.Mine[l.Status]++
			}
		}
	}
	return t, nil
}
