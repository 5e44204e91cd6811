package postgres_test

import (
	"context"
	"testing"

	"github.com/ocpizza/ocpizza/central/postgres/pgtest"
)

func TestFindCustomers(t *testing.T) {
	db := pgtest.Open(t)
	ctx := context.Background()
	if got, err := db.FindCustomers(ctx); err != nil || len(got) != 0 {
		t.Fatalf("no customer yet: %v, %v", got, err)
	}
	for _, email := range []string{"b@example.fr", "a@example.fr"} {
		if err := db.CreateCustomer(ctx, newCustomer(email)); err != nil {
			t.Fatal(err)
		}
	}
	got, err := db.FindCustomers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0].Email != "b@example.fr" || got[1].Email != "a@example.fr" ||
		got[0].Phone != "0612345678" || got[0].ID == "" {
		t.Errorf("customers: %+v", got)
	}
}
