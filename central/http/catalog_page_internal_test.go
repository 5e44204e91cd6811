package http

import (
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/syncproto"
)

func TestParsePrice(t *testing.T) {
	for text, want := range map[string]int64{
		"12,50": 1250, "12.50": 1250, "12,5": 1250, "12": 1200, "0": 0, "0,05": 5,
		" 9,90 ": 990, "100000": 10_000_000, "9999999,99": 999_999_999,
	} {
		if got, ok := parsePrice(text); !ok || got != want {
			t.Errorf("parsePrice(%q) = %d, %v; want %d", text, got, ok, want)
		}
	}
	for _, text := range []string{"", "12,5x", "-1", "+1", "12,", ",50", "12,505", "1 250",
		"12,50 €", "1e3", "12..5", "12,5,0", "١٢", "99999999"} {
		if got, ok := parsePrice(text); ok {
			t.Errorf("parsePrice(%q) = %d, want refused", text, got)
		}
	}
	if got := priceText(1250); got != "12,50" {
		t.Errorf("priceText(1250) = %q", got)
	}
	if got := priceText(5); got != "0,05" {
		t.Errorf("priceText(5) = %q", got)
	}
}

// P and I shorten the table of TestCatalogRefusalFields.
type (
	P = syncproto.CatalogProduct
	I = syncproto.CatalogIngredient
)

// TestCatalogRefusalFields checks that each rule of the catalog, broken
// in a real document and refused as the catalog service refuses it, is
// shown next to its field.
func TestCatalogRefusalFields(t *testing.T) {
	s := &Server{log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	fields := []string{"id", "nom", "categorie", "prix", "recette", "unite", "seuil"}
	type broken = func(p *P, i *I)
	for name, tc := range map[string]struct {
		break_ broken
		field  string
	}{
		"product id":     {func(p *P, _ *I) { p.ID = "Bad_ID" }, "id"},
		"ingredient id":  {func(_ *P, i *I) { i.ID = "" }, "id"},
		"name":           {func(p *P, _ *I) { p.Name = "" }, "nom"},
		"price":          {func(p *P, _ *I) { p.PriceCents = 10_000_000 }, "prix"},
		"negative price": {func(p *P, _ *I) { p.PriceCents = -1 }, "prix"},
		"empty recipe":   {func(p *P, _ *I) { p.Recipe = nil }, "recette"},
		"unknown":        {func(p *P, _ *I) { p.Recipe[0].IngredientID = "caviar" }, "recette"},
		"quantity":       {func(p *P, _ *I) { p.Recipe[0].Quantity = 0 }, "recette"},
		"twice":          {func(p *P, _ *I) { p.Recipe[1] = p.Recipe[0] }, "recette"},
		"unit":           {func(_ *P, i *I) { i.Unit = "kg" }, "unite"},
		"threshold":      {func(_ *P, i *I) { i.LowThreshold = -1 }, "seuil"},
		"category":       {nil, "categorie"},
	} {
		t.Run(name, func(t *testing.T) {
			var err error = central.Invalid("category", central.MsgUnknownCategory, "nowhere")
			if tc.break_ != nil {
				c := syncproto.DemoCatalog()
				tc.break_(&c.Products[0], &c.Ingredients[0])
				verr := c.Validate()
				if verr == nil {
					t.Fatal("the broken catalog validates")
				}
				err = central.CatalogRefusal(verr)
			}
			var f catalogForm
			r := httptest.NewRequest(http.MethodPost, "/catalogue/ajout/produit", nil)
			status := s.refusal(httptest.NewRecorder(), r, err, &f, fields...)
			next := f.Errors[tc.field]
			if status != http.StatusUnprocessableEntity || next == "" || f.FormError == "" {
				t.Errorf("status %d, errors %v, above %q; want a sentence next to %s",
					status, f.Errors, f.FormError, tc.field)
			}
		})
	}
}
