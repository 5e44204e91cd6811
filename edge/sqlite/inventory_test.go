package sqlite_test

import (
	"testing"

	"github.com/ocpizza/ocpizza/edge"
)

func TestCountStock(t *testing.T) {
	db := openTestDB(t)
	receive(t, db, ampleStock)
	before := lastSeq(t, db)

	// Two ingredients counted short, one counted right.
	adjustments, err := db.CountStock(t.Context(), manager, edge.InventoryCount{
		Counts: []edge.StockCount{
			{IngredientID: "pate", Counted: 95},
			{IngredientID: "mozzarella", Counted: 30_000},
			{IngredientID: "tiramisu", Counted: 18},
		},
		Note: "inventaire du soir",
	})
	if err != nil {
		t.Fatal(err)
	}
	checkStock(t, db, plus(ampleStock, map[string]int64{"pate": -5, "tiramisu": -2}))
	if len(adjustments) != 2 {
		t.Fatalf("%d adjustments, want 2 (pate, tiramisu)", len(adjustments))
	}
	for _, m := range adjustments {
		if m.Kind != edge.MovementAdjustment || m.By != "claire" || m.Note != "inventaire du soir" {
			t.Errorf("adjustment %+v", m)
		}
	}
	if got := lastSeq(t, db) - before; got != 2 {
		t.Errorf("%d events written, want one per adjustment", got)
	}
}

func TestCountStockRefuses(t *testing.T) {
	db := openTestDB(t)
	receive(t, db, ampleStock)
	tests := []struct {
		name   string
		counts []edge.StockCount
		field  string
	}{
		{"nothing", nil, "counts"},
		{"negative", []edge.StockCount{{IngredientID: "pate", Counted: -1}}, "count.pate"},
		{"twice", []edge.StockCount{{IngredientID: "pate", Counted: 1}, {IngredientID: "pate", Counted: 2}}, "count.pate"},
		{"unknown", []edge.StockCount{{IngredientID: "pate", Counted: 1}, {IngredientID: "truffe", Counted: 2}}, "count.truffe"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := db.CountStock(t.Context(), manager, edge.InventoryCount{Counts: tt.counts})
			wantCode(t, err, edge.EINVALID)
			if got := edge.ErrorField(err); got != tt.field {
				t.Errorf("field = %q, want %q", got, tt.field)
			}
			checkStock(t, db, ampleStock)
		})
	}
}
