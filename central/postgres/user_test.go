package postgres_test

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/central/postgres"
	"github.com/ocpizza/ocpizza/central/postgres/pgtest"
)

// testHash is a well-formed argon2id hash; these tests never verify it.
const testHash = "$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U"

// addPizzeria registers a pizzeria for the accounts to work at.
func addPizzeria(tb testing.TB, db *postgres.DB, id string) {
	tb.Helper()
	p := &central.Pizzeria{ID: id, Name: "Pizzeria " + id}
	if err := db.CreatePizzeria(context.Background(), p); err != nil {
		tb.Fatalf("create pizzeria %s: %v", id, err)
	}
}

// mustCreateUser creates an account and fails the test if it cannot.
func mustCreateUser(tb testing.TB, db *postgres.DB, username string, role central.Role,
	pizzeria string) *central.User {
	tb.Helper()
	u := &central.User{Username: username, Role: role, PizzeriaID: pizzeria, PasswordHash: testHash}
	if err := db.CreateUser(context.Background(), u); err != nil {
		tb.Fatalf("create user %s: %v", username, err)
	}
	return u
}

// wantCode fails the test unless err carries the application error code.
func wantCode(tb testing.TB, err error, code string) {
	tb.Helper()
	if got := central.ErrorCode(err); got != code {
		tb.Fatalf("error %v has code %q, want %q", err, got, code)
	}
}

func TestCreateUser(t *testing.T) {
	db := pgtest.Open(t)
	ctx := context.Background()
	addPizzeria(t, db, "paris-11")

	t.Run("staff of a pizzeria", func(t *testing.T) {
		u := mustCreateUser(t, db, "marco.p", central.RolePizzaiolo, "paris-11")
		if u.ID == "" || u.CreatedAt.IsZero() {
			t.Fatalf("created user %+v has no id or time", u)
		}
		got, err := db.FindUserByUsername(ctx, "marco.p")
		if err != nil {
			t.Fatal(err)
		}
		if got.ID != u.ID || got.Role != central.RolePizzaiolo || got.PizzeriaID != "paris-11" ||
			got.PasswordHash != testHash || got.Disabled {
			t.Errorf("found %+v, want %+v", got, u)
		}
	})

	t.Run("head office and ops have no pizzeria", func(t *testing.T) {
		mustCreateUser(t, db, "siege", central.RoleHeadOffice, "")
		u := mustCreateUser(t, db, "exploitation", central.RoleOps, "")
		got, err := db.FindUserByUsername(ctx, "exploitation")
		if err != nil || got.PizzeriaID != "" || got.ID != u.ID {
			t.Fatalf("found %+v, %v", got, err)
		}
	})

	t.Run("invalid", func(t *testing.T) {
		long := strings.Repeat("a", 65)
		cases := []struct {
			name  string
			user  central.User
			field string
		}{
			{"short name", central.User{Username: "a", Role: central.RoleOps}, "username"},
			{"long name", central.User{Username: long, Role: central.RoleOps}, "username"},
			{"space in name", central.User{Username: "jean paul", Role: central.RoleOps}, "username"},
			{"accent in name", central.User{Username: "rené", Role: central.RoleOps}, "username"},
			{"unknown role", central.User{Username: "bob", Role: "chef"}, "role"},
			{"no role", central.User{Username: "bob"}, "role"},
			{"staff without pizzeria", central.User{Username: "bob", Role: central.RoleDriver}, "pizzeria"},
			{"ops with pizzeria",
				central.User{Username: "bob", Role: central.RoleOps, PizzeriaID: "paris-11"}, "pizzeria"},
			{"head office with pizzeria",
				central.User{Username: "bob", Role: central.RoleHeadOffice, PizzeriaID: "paris-11"}, "pizzeria"},
			{"unknown pizzeria",
				central.User{Username: "bob", Role: central.RoleManager, PizzeriaID: "lyon-1"}, "pizzeria"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				u := tc.user
				if u.PasswordHash == "" {
					u.PasswordHash = testHash
				}
				err := db.CreateUser(ctx, &u)
				wantCode(t, err, central.EINVALID)
				if e := err.(*central.Error); e.Field != tc.field || e.Message == "" {
					t.Errorf("error %+v, want field %q and a message", e, tc.field)
				}
			})
		}
		t.Run("password instead of a hash", func(t *testing.T) {
			u := central.User{Username: "bob", Role: central.RoleOps, PasswordHash: "secret123"}
			wantCode(t, db.CreateUser(ctx, &u), central.EINVALID)
		})
	})

	t.Run("name taken, whatever its case", func(t *testing.T) {
		mustCreateUser(t, db, "Giulia", central.RoleManager, "paris-11")
		u := &central.User{Username: "giulia", Role: central.RoleOps, PasswordHash: testHash}
		wantCode(t, db.CreateUser(ctx, u), central.ECONFLICT)
	})

	t.Run("concurrent creations of one name", func(t *testing.T) {
		var wg sync.WaitGroup
		errs := make([]error, 8)
		for i := range errs {
			wg.Go(func() {
				u := &central.User{Username: "twin", Role: central.RoleOps, PasswordHash: testHash}
				errs[i] = db.CreateUser(ctx, u)
			})
		}
		wg.Wait()
		created := 0
		for _, err := range errs {
			switch central.ErrorCode(err) {
			case "":
				created++
			case central.ECONFLICT:
			default:
				t.Errorf("concurrent create: %v", err)
			}
		}
		if created != 1 {
			t.Errorf("%d accounts created under one name, want 1", created)
		}
	})
}

func TestFindUsers(t *testing.T) {
	db := pgtest.Open(t)
	ctx := context.Background()
	addPizzeria(t, db, "paris-11")

	users, err := db.FindUsers(ctx)
	if err != nil || users == nil || len(users) != 0 {
		t.Fatalf("FindUsers on no accounts = %v, %v; want an empty list", users, err)
	}

	mustCreateUser(t, db, "zoe", central.RoleDriver, "paris-11")
	mustCreateUser(t, db, "Alice", central.RoleHeadOffice, "")
	mustCreateUser(t, db, "bruno", central.RoleOps, "")
	users, err = db.FindUsers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, u := range users {
		names = append(names, u.Username)
	}
	if got := strings.Join(names, ","); got != "Alice,bruno,zoe" {
		t.Errorf("users %s, want Alice,bruno,zoe", got)
	}
}

func TestFindUserByUsername(t *testing.T) {
	db := pgtest.Open(t)
	ctx := context.Background()
	u := mustCreateUser(t, db, "Exploitation", central.RoleOps, "")

	got, err := db.FindUserByUsername(ctx, "exploitation")
	if err != nil || got.ID != u.ID || got.Username != "Exploitation" {
		t.Fatalf("found %+v, %v; want the account as it was named", got, err)
	}
	_, err = db.FindUserByUsername(ctx, "personne")
	wantCode(t, err, central.ENOTFOUND)
}

func TestSetPasswordHash(t *testing.T) {
	db := pgtest.Open(t)
	ctx := context.Background()
	u := mustCreateUser(t, db, "ops", central.RoleOps, "")
	other := mustCreateUser(t, db, "siege", central.RoleHeadOffice, "")
	for _, token := range []string{"a", "b"} {
		if _, err := db.CreateSession(ctx, u.ID, []byte(token)); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.CreateSession(ctx, other.ID, []byte("c")); err != nil {
		t.Fatal(err)
	}

	// A new hash ends the user's sessions, and only theirs.
	newHash := strings.Replace(testHash, "m=64", "m=128", 1)
	if err := db.SetPasswordHash(ctx, "OPS", newHash); err != nil {
		t.Fatal(err)
	}
	got, err := db.FindUserByUsername(ctx, "ops")
	if err != nil || got.PasswordHash != newHash {
		t.Fatalf("hash after change %q, %v", got.PasswordHash, err)
	}
	for _, token := range []string{"a", "b"} {
		_, err := db.FindSession(ctx, []byte(token))
		wantCode(t, err, central.EUNAUTHORIZED)
	}
	if _, err := db.FindSession(ctx, []byte("c")); err != nil {
		t.Errorf("another user's session ended: %v", err)
	}

	// Errors.
	wantCode(t, db.SetPasswordHash(ctx, "personne", newHash), central.ENOTFOUND)
	wantCode(t, db.SetPasswordHash(ctx, "ops", "plain"), central.EINVALID)
}
