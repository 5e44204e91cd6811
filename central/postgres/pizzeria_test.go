package postgres_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/central/postgres/pgtest"
)

func TestCreatePizzeria(t *testing.T) {
	db := pgtest.Open(t)
	ctx := context.Background()

	p := &central.Pizzeria{ID: "paris-11", Name: "  Paris Oberkampf ",
		Postcodes: []string{"75011", "75020", "75011"}}
	if err := db.CreatePizzeria(ctx, p); err != nil {
		t.Fatal(err)
	}
	if p.CreatedAt.IsZero() {
		t.Fatal("no creation time")
	}

	tests := []struct {
		name  string
		p     central.Pizzeria
		code  string
		field string
	}{
		{"id taken", central.Pizzeria{ID: "paris-11", Name: "Autre"}, central.ECONFLICT, "id"},
		{"id not a slug", central.Pizzeria{ID: "Paris 11", Name: "Paris"}, central.EINVALID, "id"},
		{"id too short", central.Pizzeria{ID: "p", Name: "Paris"}, central.EINVALID, "id"},
		{"no name", central.Pizzeria{ID: "lyon-1", Name: "   "}, central.EINVALID, "name"},
		{"long name", central.Pizzeria{ID: "lyon-1", Name: strings.Repeat("é", 101)},
			central.EINVALID, "name"},
		{"postcode of 4 digits",
			central.Pizzeria{ID: "lyon-1", Name: "Lyon", Postcodes: []string{"6900"}},
			central.EINVALID, "postcodes"},
		{"postcode with a letter",
			central.Pizzeria{ID: "lyon-1", Name: "Lyon", Postcodes: []string{"2A004"}},
			central.EINVALID, "postcodes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := db.CreatePizzeria(ctx, &tt.p)
			var e *central.Error
			if !errors.As(err, &e) || e.Code != tt.code || e.Field != tt.field || e.Message == "" {
				t.Fatalf("error = %v, want %s on %s", err, tt.code, tt.field)
			}
		})
	}

	lyon := &central.Pizzeria{ID: "lyon-1", Name: "Lyon Croix-Rousse"}
	if err := db.CreatePizzeria(ctx, lyon); err != nil {
		t.Fatal(err)
	}
	got, err := db.FindPizzerias(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].ID != "lyon-1" || got[1].ID != "paris-11" {
		t.Fatalf("pizzerias = %+v, want lyon-1 and paris-11", got)
	}
	paris := got[1]
	if paris.Name != "Paris Oberkampf" || !slices.Equal(paris.Postcodes, []string{"75011", "75020"}) ||
		!paris.CreatedAt.Equal(p.CreatedAt.Truncate(time.Microsecond)) {
		t.Fatalf("paris-11 = %+v", paris)
	}
	if got[0].Postcodes == nil {
		t.Fatal("no postcodes comes back as null, want an empty list")
	}
}
