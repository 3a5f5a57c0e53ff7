package cli

import (
	"context"
	"time"

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

// StockMoves and StockAt: the fake keeps no ledger.
func (f *fakeMaster) StockMoves(context.Context, string, string, int) ([]model.StockMove, error) {
	return []model.StockMove{}, nil
}

func (f *fakeMaster) StockAt(ctx context.Context, product, variant string, _ time.Time) (int64, error) {
	s, err := f.Stock(ctx, product, variant)
	if err != nil {
		return 0, err
	}
	return s.Qty, nil
}

func (f *fakeOrders) PromiseFor(context.Context, uint64, time.Time) (model.PromiseFacts, error) {
	return model.PromiseFacts{}, nil
}
