package postgres_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/central/postgres/pgtest"
)

// newCustomer returns a valid customer to sign up.
func newCustomer(email string) *central.Customer {
	return &central.Customer{Email: email, Name: "Anna Rossi", Phone: "+33 6 12 34 56 78",
		PasswordHash: testHash}
}

func TestCreateCustomer(t *testing.T) {
	db := pgtest.Open(t)
	ctx := context.Background()

	// A sign-up is stored normalized and found again by any case.
	c := newCustomer("  Anna.Rossi@Example.FR ")
	if err := db.CreateCustomer(ctx, c); err != nil {
		t.Fatal(err)
	}
	got, err := db.FindCustomerByEmail(ctx, "ANNA.ROSSI@example.fr")
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != c.ID || got.Email != "anna.rossi@example.fr" || got.Phone != "0612345678" ||
		got.Name != "Anna Rossi" || got.PasswordHash != testHash || got.CreatedAt.IsZero() {
		t.Errorf("found %+v", got)
	}

	// Bad input is refused with its field, and nothing is written.
	for field, bad := range map[string]*central.Customer{
		"email":    {Email: "anna@", Name: "A", Phone: "0612345678", PasswordHash: testHash},
		"name":     {Email: "b@example.fr", Name: " ", Phone: "0612345678", PasswordHash: testHash},
		"phone":    {Email: "b@example.fr", Name: "B", Phone: "12345", PasswordHash: testHash},
		"password": {Email: "b@example.fr", Name: "B", Phone: "0612345678", PasswordHash: "secret"},
	} {
		var appErr *central.Error
		err := db.CreateCustomer(ctx, bad)
		if central.ErrorCode(err) != central.EINVALID || !errors.As(err, &appErr) || appErr.Field != field {
			t.Errorf("bad %s: %v", field, err)
		}
	}
	_, err = db.FindCustomerByEmail(ctx, "b@example.fr")
	wantCode(t, err, central.ENOTFOUND)
}

func TestCreateCustomerEmailTakenOnce(t *testing.T) {
	db := pgtest.Open(t)
	ctx := context.Background()

	// Ten sign-ups with one address at once: one account.
	errs := make([]error, 10)
	var wg sync.WaitGroup
	for i := range errs {
		wg.Go(func() { errs[i] = db.CreateCustomer(ctx, newCustomer("Luca@example.fr")) })
	}
	wg.Wait()
	created := 0
	for _, err := range errs {
		switch central.ErrorCode(err) {
		case "":
			created++
		case central.ECONFLICT:
		default:
			t.Errorf("unexpected error %v", err)
		}
	}
	if created != 1 {
		t.Errorf("%d accounts created, want 1", created)
	}
}

func TestCustomerSessions(t *testing.T) {
	db := pgtest.Open(t)
	ctx := context.Background()
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	db.Now = func() time.Time { return now }
	c := newCustomer("anna@example.fr")
	if err := db.CreateCustomer(ctx, c); err != nil {
		t.Fatal(err)
	}

	// A session is found by its token hash, and slides with use.
	s, err := db.CreateCustomerSession(ctx, c.ID, []byte("hash-1"))
	if err != nil || s.Customer.ID != c.ID {
		t.Fatalf("create session: %+v, %v", s, err)
	}
	now = now.Add(20 * 24 * time.Hour)
	found, err := db.FindCustomerSession(ctx, []byte("hash-1"))
	if err != nil || !found.ExpiresAt.Equal(now.Add(central.CustomerSessionIdleTimeout)) {
		t.Fatalf("find after 20 days: %+v, %v", found, err)
	}

	// Past the absolute limit it is over, whatever its use.
	for range 4 {
		now = now.Add(20 * 24 * time.Hour)
		_, err = db.FindCustomerSession(ctx, []byte("hash-1"))
	}
	wantCode(t, err, central.EUNAUTHORIZED)

	// Idle too long: over. Logged out: over. Unknown customer: refused.
	if _, err := db.CreateCustomerSession(ctx, c.ID, []byte("hash-2")); err != nil {
		t.Fatal(err)
	}
	now = now.Add(central.CustomerSessionIdleTimeout)
	_, err = db.FindCustomerSession(ctx, []byte("hash-2"))
	wantCode(t, err, central.EUNAUTHORIZED)
	if _, err := db.CreateCustomerSession(ctx, c.ID, []byte("hash-3")); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteCustomerSession(ctx, []byte("hash-3")); err != nil {
		t.Fatal(err)
	}
	_, err = db.FindCustomerSession(ctx, []byte("hash-3"))
	wantCode(t, err, central.EUNAUTHORIZED)
	_, err = db.CreateCustomerSession(ctx, "0198c0de-0000-7000-8000-000000000000", []byte("hash-4"))
	wantCode(t, err, central.EUNAUTHORIZED)
}

func TestCustomerSessionIsNotAStaffSession(t *testing.T) {
	db := pgtest.Open(t)
	ctx := context.Background()
	c := newCustomer("anna@example.fr")
	if err := db.CreateCustomer(ctx, c); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateCustomerSession(ctx, c.ID, []byte("customer-token")); err != nil {
		t.Fatal(err)
	}

	// The staff session store does not know the customer's token.
	_, err := db.FindSession(ctx, []byte("customer-token"))
	wantCode(t, err, central.EUNAUTHORIZED)
}
