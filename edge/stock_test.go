package edge

import (
	"strings"
	"testing"
)

func TestMakeable(t *testing.T) {
	margherita := []RecipeItem{
		{IngredientID: "pate", Quantity: 1},
		{IngredientID: "mozzarella", Quantity: 120},
		{IngredientID: "sauce-tomate", Quantity: 80},
	}
	tests := []struct {
		name   string
		recipe []RecipeItem
		onHand map[string]int64
		want   int64
	}{
		{"empty recipe makes nothing", nil, map[string]int64{"pate": 10}, 0},
		{"a drink is its own stock", []RecipeItem{{IngredientID: "coca", Quantity: 1}},
			map[string]int64{"coca": 24}, 24},
		{"the dough is the limit", margherita,
			map[string]int64{"pate": 5, "mozzarella": 10_000, "sauce-tomate": 10_000}, 5},
		{"the cheese is the limit, rounded down", margherita,
			map[string]int64{"pate": 50, "mozzarella": 359, "sauce-tomate": 10_000}, 2},
		{"exact multiple", margherita,
			map[string]int64{"pate": 50, "mozzarella": 360, "sauce-tomate": 10_000}, 3},
		{"one ingredient short of one unit", margherita,
			map[string]int64{"pate": 50, "mozzarella": 10_000, "sauce-tomate": 79}, 0},
		{"an ingredient never received", margherita,
			map[string]int64{"pate": 50, "mozzarella": 10_000}, 0},
		{"a zero quantity makes nothing", []RecipeItem{{IngredientID: "pate", Quantity: 0}},
			map[string]int64{"pate": 50}, 0},
		{"no stock at all", margherita, map[string]int64{}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Makeable(tt.recipe, tt.onHand); got != tt.want {
				t.Errorf("Makeable = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestProductOrderable(t *testing.T) {
	tests := []struct {
		available bool
		makeable  int64
		want      bool
	}{
		{true, 1, true},
		{true, 0, false},
		{false, 5, false},
	}
	for _, tt := range tests {
		p := Product{Available: tt.available, Makeable: tt.makeable}
		if got := p.Orderable(); got != tt.want {
			t.Errorf("Orderable(available=%v, makeable=%d) = %v, want %v",
				tt.available, tt.makeable, got, tt.want)
		}
	}
}

func TestMovementCreateValidate(t *testing.T) {
	tests := []struct {
		name      string
		m         MovementCreate
		wantField string // "" when valid
		wantDelta int64
	}{
		{"receipt", MovementCreate{IngredientID: "pate", Kind: MovementReceipt, Quantity: 40}, "", 40},
		{"waste is taken away", MovementCreate{IngredientID: "pate", Kind: MovementWaste, Quantity: 3}, "", -3},
		{"adjustment down", MovementCreate{IngredientID: "pate", Kind: MovementAdjustment, Quantity: -7}, "", -7},
		{"adjustment up", MovementCreate{IngredientID: "pate", Kind: MovementAdjustment, Quantity: 2}, "", 2},
		{"ingredient trimmed", MovementCreate{IngredientID: "  pate ", Kind: MovementReceipt, Quantity: 1}, "", 1},
		{"largest receipt", MovementCreate{IngredientID: "pate", Kind: MovementReceipt, Quantity: MaxMovementQty}, "",
			MaxMovementQty},
		{"no ingredient", MovementCreate{IngredientID: "  ", Kind: MovementReceipt, Quantity: 1}, "ingredient_id", 0},
		{"unknown kind", MovementCreate{IngredientID: "pate", Kind: "gift", Quantity: 1}, "kind", 0},
		{"consumption is for orders", MovementCreate{IngredientID: "pate", Kind: MovementConsumption, Quantity: 1},
			"kind", 0},
		{"return is for orders", MovementCreate{IngredientID: "pate", Kind: MovementReturn, Quantity: 1}, "kind", 0},
		{"zero", MovementCreate{IngredientID: "pate", Kind: MovementAdjustment}, "quantity", 0},
		{"negative receipt", MovementCreate{IngredientID: "pate", Kind: MovementReceipt, Quantity: -1}, "quantity", 0},
		{"negative waste", MovementCreate{IngredientID: "pate", Kind: MovementWaste, Quantity: -1}, "quantity", 0},
		{"too large", MovementCreate{IngredientID: "pate", Kind: MovementReceipt, Quantity: MaxMovementQty + 1},
			"quantity", 0},
		{"too large downwards", MovementCreate{IngredientID: "pate", Kind: MovementAdjustment,
			Quantity: -MaxMovementQty - 1}, "quantity", 0},
		{"note too long", MovementCreate{IngredientID: "pate", Kind: MovementReceipt, Quantity: 1,
			Note: strings.Repeat("n", MaxNoteLen+1)}, "note", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.m.Validate()
			if tt.wantField == "" {
				if err != nil {
					t.Fatalf("Validate: %v", err)
				}
				if got := tt.m.Delta(); got != tt.wantDelta {
					t.Errorf("Delta = %d, want %d", got, tt.wantDelta)
				}
				if tt.m.IngredientID != strings.TrimSpace(tt.m.IngredientID) {
					t.Errorf("ingredient id %q not trimmed", tt.m.IngredientID)
				}
				return
			}
			if ErrorCode(err) != EINVALID || ErrorField(err) != tt.wantField {
				t.Errorf("Validate = %v, want %s on field %q", err, EINVALID, tt.wantField)
			}
		})
	}
}
