package postgres_test

import (
	"context"
	"sync"
	"testing"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/central/postgres"
)

// addCustomer stores a customer and returns its id.
func addCustomer(tb testing.TB, db *postgres.DB, email string) string {
	tb.Helper()
	c := newCustomer(email)
	if err := db.CreateCustomer(context.Background(), c); err != nil {
		tb.Fatal(err)
	}
	return c.ID
}

func TestCustomerAddresses(t *testing.T) {
	db, _ := openSyncDB(t)
	ctx := context.Background()
	anna, luca := addCustomer(t, db, "anna@example.fr"), addCustomer(t, db, "luca@example.fr")

	// Anna adds an address: tidied, numbered, dated.
	a := &central.Address{CustomerID: anna, Label: " Maison ", Street: "12 rue de la Roquette",
		Postcode: "75011", City: "Paris", Details: "3e étage, code 4521"}
	if err := db.CreateAddress(ctx, a); err != nil {
		t.Fatal(err)
	}
	if a.ID == "" || a.Label != "Maison" || !a.CreatedAt.Equal(syncStart) {
		t.Fatalf("created %+v", a)
	}
	got, err := db.FindAddresses(ctx, anna)
	if err != nil || len(got) != 1 || *got[0] != *a {
		t.Fatalf("Anna's addresses: %+v, %v; want %+v", got, err, a)
	}

	// Luca sees none of them and cannot delete hers.
	if got, _ := db.FindAddresses(ctx, luca); len(got) != 0 {
		t.Errorf("Luca sees %+v", got)
	}
	wantCode(t, db.DeleteAddress(ctx, luca, a.ID), central.ENOTFOUND)

	// Anna deletes it; deleting it again is not found.
	if err := db.DeleteAddress(ctx, anna, a.ID); err != nil {
		t.Fatal(err)
	}
	wantCode(t, db.DeleteAddress(ctx, anna, a.ID), central.ENOTFOUND)
	wantCode(t, db.DeleteAddress(ctx, anna, "not-a-uuid"), central.ENOTFOUND)
	if got, _ := db.FindAddresses(ctx, anna); len(got) != 0 {
		t.Errorf("after delete: %+v", got)
	}
}

func TestCreateAddressRefusals(t *testing.T) {
	db, _ := openSyncDB(t)
	ctx := context.Background()
	anna := addCustomer(t, db, "anna@example.fr")
	valid := func() *central.Address {
		return &central.Address{CustomerID: anna, Street: "1 place de la Bastille",
			Postcode: "75004", City: "Paris"}
	}

	cases := []struct {
		name   string
		change func(a *central.Address)
		field  string
	}{
		{"no street", func(a *central.Address) { a.Street = "  " }, "street"},
		{"no city", func(a *central.Address) { a.City = "" }, "city"},
		{"bad postcode", func(a *central.Address) { a.Postcode = "7500" }, "postcode"},
		{"letters in postcode", func(a *central.Address) { a.Postcode = "75O04" }, "postcode"},
		{"two lines", func(a *central.Address) { a.Details = "étage 2\ncode 12" }, "details"},
		{"long label", func(a *central.Address) { a.Label = string(make([]byte, 41)) }, "label"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := valid()
			c.change(a)
			err := db.CreateAddress(ctx, a)
			wantCode(t, err, central.EINVALID)
			if e := err.(*central.Error); e.Field != c.field {
				t.Errorf("field %q, want %q", e.Field, c.field)
			}
		})
	}
	if got, _ := db.FindAddresses(ctx, anna); len(got) != 0 {
		t.Fatalf("refused addresses were stored: %+v", got)
	}

	// An unknown customer.
	a := valid()
	a.CustomerID = "0190f0f0-0000-7000-8000-000000000000"
	wantCode(t, db.CreateAddress(ctx, a), central.EUNAUTHORIZED)

	// The bound holds when many are added at once.
	var wg sync.WaitGroup
	for range central.MaxAddresses + 5 {
		wg.Go(func() { _ = db.CreateAddress(ctx, valid()) })
	}
	wg.Wait()
	if got, _ := db.FindAddresses(ctx, anna); len(got) != central.MaxAddresses {
		t.Errorf("%d addresses kept, want the bound %d", len(got), central.MaxAddresses)
	}
	wantCode(t, db.CreateAddress(ctx, valid()), central.ECONFLICT)
}
