package sqlite_test

import (
	"encoding/json"
	"sync"
	"testing"

	"github.com/google/uuid"

	"github.com/ocpizza/ocpizza/edge"
	"github.com/ocpizza/ocpizza/edge/sqlite"
	"github.com/ocpizza/ocpizza/syncproto"
)

const testHash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U"

// command returns a command from central for the test pizzeria.
func command(tb testing.TB, position int64, typ string, payload any) *syncproto.Command {
	tb.Helper()
	c, err := syncproto.NewCommand(uuid.Must(uuid.NewV7()).String(), testPizzeria, position, typ,
		testNow, payload)
	if err != nil {
		tb.Fatalf("new command: %v", err)
	}
	return c
}

// apply applies a command and fails the test on a database error.
func apply(tb testing.TB, db *sqlite.DB, c *syncproto.Command) (*syncproto.CommandAnswer, bool) {
	tb.Helper()
	a, fresh, err := db.ApplyCommand(tb.Context(), c)
	if err != nil {
		tb.Fatalf("apply command %d: %v", c.Position, err)
	}
	return a, fresh
}

// answers returns the command answers of the outbox, by event type.
func answers(tb testing.TB, db *sqlite.DB) (accepted, refused []syncproto.CommandAnswer) {
	tb.Helper()
	for _, e := range outbox(tb, db) {
		var a syncproto.CommandAnswer
		if e.Type == syncproto.EventCommandAccepted || e.Type == syncproto.EventCommandRefused {
			if err := json.Unmarshal(e.Payload, &a); err != nil {
				tb.Fatal(err)
			}
			if err := a.Validate(e.Type == syncproto.EventCommandRefused); err != nil {
				tb.Errorf("answer event: %v", err)
			}
		}
		switch e.Type {
		case syncproto.EventCommandAccepted:
			accepted = append(accepted, a)
		case syncproto.EventCommandRefused:
			refused = append(refused, a)
		}
	}
	return accepted, refused
}

// priceOf returns a product's price on the menu.
func priceOf(tb testing.TB, db *sqlite.DB, id string) int64 {
	tb.Helper()
	p, err := db.FindProductByID(tb.Context(), id)
	if err != nil {
		tb.Fatalf("find %s: %v", id, err)
	}
	return p.PriceCents
}

func TestApplyCatalogVersion(t *testing.T) {
	db := openTestDB(t)
	if _, err := db.SetProductAvailability(t.Context(), manager, "reine", false); err != nil {
		t.Fatal(err)
	}
	cat := testCatalog()
	cat.Version = 2
	cat.Products[0].PriceCents = 1090 // margherita

	c := command(t, 1, syncproto.CommandCatalogVersion, cat)
	a, fresh := apply(t, db, c)
	if !fresh || a.Code != "" || a.CommandID != c.ID || a.Position != 1 {
		t.Fatalf("answer %+v, fresh %v", a, fresh)
	}

	// The new price is on the menu; the local switch is kept.
	if got := priceOf(t, db, "margherita"); got != 1090 {
		t.Errorf("margherita at %d cents, want 1090", got)
	}
	if p, _ := db.FindProductByID(t.Context(), "reine"); p.Available {
		t.Error("the local unavailable switch was reset by the catalog")
	}

	// The answer and the catalog.applied event went to the outbox.
	accepted, refused := answers(t, db)
	if len(accepted) != 1 || len(refused) != 0 || accepted[0].CommandID != c.ID {
		t.Errorf("answers: accepted %+v, refused %+v", accepted, refused)
	}
	events := outbox(t, db)
	if n := len(events); events[n-2].Type != syncproto.EventCatalogApplied {
		t.Errorf("event before the answer: %s", events[n-2].Type)
	}
}

// TestApplyCommandOnce delivers the same command many times, some at once:
// it applies once, with one answer event, and every delivery gets the
// same answer.
func TestApplyCommandOnce(t *testing.T) {
	db := openTestDB(t)
	cat := testCatalog()
	cat.Version = 2
	c := command(t, 1, syncproto.CommandCatalogVersion, cat)
	before := lastSeq(t, db)

	var wg sync.WaitGroup
	var mu sync.Mutex
	freshCount := 0
	for range 8 {
		wg.Go(func() {
			a, fresh, err := db.ApplyCommand(t.Context(), c)
			if err != nil || a.Code != "" {
				t.Errorf("delivery: answer %+v, error %v", a, err)
			}
			mu.Lock()
			defer mu.Unlock()
			if fresh {
				freshCount++
			}
		})
	}
	wg.Wait()

	if freshCount != 1 {
		t.Errorf("applied %d times, want once", freshCount)
	}
	if got := lastSeq(t, db) - before; got != 2 {
		t.Errorf("%d events written, want 2 (catalog.applied, command.accepted)", got)
	}
	if pos, err := db.LastCommandPosition(t.Context()); err != nil || pos != 1 {
		t.Errorf("last command position %d, %v", pos, err)
	}
}

func TestApplyCatalogVersionRefused(t *testing.T) {
	tests := []struct {
		name    string
		catalog func() *syncproto.Catalog
		code    string
	}{
		{"same version", func() *syncproto.Catalog {
			c := testCatalog()
			c.Products[0].PriceCents = 1
			return c
		}, syncproto.CodeOutdated},
		{"unit changed under stock", func() *syncproto.Catalog {
			c := testCatalog()
			c.Version = 3
			c.Products[0].PriceCents = 1
			c.Ingredients[2].Unit = "piece" // mozzarella, which is in stock
			return c
		}, syncproto.CodeConflict},
		{"invalid", func() *syncproto.Catalog {
			c := testCatalog()
			c.Version = 3
			c.Products[0].Recipe[0].IngredientID = "truffe"
			return c
		}, syncproto.CodeInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openTestDB(t)
			receive(t, db, ampleStock)
			before := lastSeq(t, db)

			c := command(t, 1, syncproto.CommandCatalogVersion, tt.catalog())
			a, fresh := apply(t, db, c)
			if !fresh || a.Code != tt.code || a.Reason == "" {
				t.Fatalf("answer %+v, want a refusal %s with a reason", a, tt.code)
			}

			// Nothing of the catalog was applied; only the answer went up.
			if got := priceOf(t, db, "margherita"); got != 950 {
				t.Errorf("margherita at %d cents after a refusal", got)
			}
			if got := lastSeq(t, db) - before; got != 1 {
				t.Errorf("%d events written, want the answer only", got)
			}
			if _, refused := answers(t, db); len(refused) != 1 {
				t.Errorf("refusals %+v", refused)
			}

			// Delivered again, it gets the same refusal and writes nothing.
			again, fresh := apply(t, db, c)
			if fresh || *again != *a {
				t.Errorf("again: %+v, fresh %v", again, fresh)
			}
		})
	}
}

func TestApplyUnknownCommand(t *testing.T) {
	db := openTestDB(t)
	c := command(t, 1, syncproto.CommandStaffAccount, map[string]string{})
	c.Type = "order.teleport"
	a, _ := apply(t, db, c)
	if a.Code != syncproto.CodeUnknownType {
		t.Errorf("answer %+v, want unknown_type", a)
	}
}

func TestApplyStaffAccount(t *testing.T) {
	db := openTestDB(t)
	account := syncproto.StaffAccount{Username: "Anna", Role: "manager", Pizzeria: testPizzeria,
		PasswordHash: testHash}

	// Created from central with its hash.
	if a, _ := apply(t, db, command(t, 1, syncproto.CommandStaffAccount, account)); a.Code != "" {
		t.Fatalf("create: %+v", a)
	}
	u, err := db.FindUserByUsername(t.Context(), "anna")
	if err != nil {
		t.Fatal(err)
	}
	if u.PasswordHash != testHash || u.Role != edge.RoleManager || u.Pizzeria != testPizzeria || u.Disabled {
		t.Errorf("account %+v", u)
	}
	if _, err := db.CreateSession(t.Context(), u.ID, tokenHash("anna")); err != nil {
		t.Fatal(err)
	}

	// Disabled: the session ends.
	account.Disabled = true
	if a, _ := apply(t, db, command(t, 3, syncproto.CommandStaffAccount, account)); a.Code != "" {
		t.Fatalf("disable: %+v", a)
	}
	_, err = db.FindSession(t.Context(), tokenHash("anna"))
	wantCode(t, err, edge.EUNAUTHORIZED)

	// An older command delivered late does not enable it again.
	account.Disabled = false
	a, _ := apply(t, db, command(t, 2, syncproto.CommandStaffAccount, account))
	if a.Code != syncproto.CodeOutdated {
		t.Errorf("late command: %+v", a)
	}
	if u, _ := db.FindUserByUsername(t.Context(), "anna"); !u.Disabled {
		t.Error("a late command enabled the account again")
	}

	// An account of another pizzeria is refused.
	account.Pizzeria = "lyon-2"
	a, _ = apply(t, db, command(t, 4, syncproto.CommandStaffAccount, account))
	if a.Code != syncproto.CodePizzeriaMismatch {
		t.Errorf("another pizzeria's account: %+v", a)
	}
}

// TestApplyCommandPositionReused checks that another command at a
// position already applied is refused and recorded nowhere.
func TestApplyCommandPositionReused(t *testing.T) {
	db := openTestDB(t)
	cat := testCatalog()
	cat.Version = 2
	apply(t, db, command(t, 1, syncproto.CommandCatalogVersion, cat))
	before := lastSeq(t, db)

	cat.Version = 3
	a, fresh := apply(t, db, command(t, 1, syncproto.CommandCatalogVersion, cat))
	if fresh || a.Code != syncproto.CodeConflict {
		t.Errorf("reused position: %+v, fresh %v", a, fresh)
	}
	if lastSeq(t, db) != before {
		t.Error("a refused reuse wrote events")
	}
}
