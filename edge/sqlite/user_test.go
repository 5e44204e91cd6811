package sqlite_test

import (
	"crypto/sha256"
	"testing"
	"time"

	"github.com/ocpizza/ocpizza/edge"
	"github.com/ocpizza/ocpizza/edge/sqlite"
)

func TestCreateUser(t *testing.T) {
	db := openTestDB(t)
	clock := setClock(db, testNow)

	lea, err := db.CreateUser(t.Context(), edge.UserCreate{
		Username: "lea", Role: edge.RoleOrderTaker, PasswordHash: "$argon2id$v=19$fake"})
	if err != nil {
		t.Fatalf("create user: %v", err)
	}
	if lea.ID == "" || lea.Role != edge.RoleOrderTaker || !lea.CreatedAt.Equal(testNow) {
		t.Errorf("user = %+v", lea)
	}
	clock.Add(time.Minute)
	if _, err := db.CreateUser(t.Context(), edge.UserCreate{
		Username: "claire", Role: edge.RoleManager, PasswordHash: "h"}); err != nil {
		t.Fatalf("create user: %v", err)
	}

	// A username is taken whatever its case; bad input is invalid.
	tests := []struct {
		name   string
		create edge.UserCreate
		want   string
	}{
		{"same username", edge.UserCreate{Username: "lea", Role: edge.RoleDriver, PasswordHash: "h"}, edge.ECONFLICT},
		{"same username, other case", edge.UserCreate{Username: "LEA", Role: edge.RoleDriver, PasswordHash: "h"},
			edge.ECONFLICT},
		{"bad username", edge.UserCreate{Username: "l a", Role: edge.RoleDriver, PasswordHash: "h"}, edge.EINVALID},
		{"unknown role", edge.UserCreate{Username: "bob", Role: "chef", PasswordHash: "h"}, edge.EINVALID},
		{"no password", edge.UserCreate{Username: "bob", Role: edge.RoleDriver}, edge.EINVALID},
	}
	for _, tt := range tests {
		_, err := db.CreateUser(t.Context(), tt.create)
		if got := edge.ErrorCode(err); got != tt.want {
			t.Errorf("%s: %v (code %q), want code %q", tt.name, err, got, tt.want)
		}
	}

	// Two accounts, by username; one found by name.
	users, err := db.FindUsers(t.Context())
	if err != nil || len(users) != 2 || users[0].Username != "claire" || users[1].Username != "lea" {
		t.Errorf("users = %v, %v; want claire and lea", users, err)
	}
	found, err := db.FindUserByUsername(t.Context(), "lea")
	if err != nil || found.ID != lea.ID || found.PasswordHash != "$argon2id$v=19$fake" || found.Disabled {
		t.Errorf("find lea = %+v, %v", found, err)
	}
	_, err = db.FindUserByUsername(t.Context(), "nobody")
	wantCode(t, err, edge.ENOTFOUND)
}

func TestSessions(t *testing.T) {
	db := openTestDB(t)
	clock := setClock(db, testNow)
	lea := createUser(t, db, "lea", edge.RoleOrderTaker)
	token := tokenHash("token-of-lea")

	s, err := db.CreateSession(t.Context(), lea.ID, token)
	if err != nil {
		t.Fatalf("create session: %v", err)
	}
	if s.User.ID != lea.ID || !s.ExpiresAt.Equal(testNow.Add(edge.SessionIdleTimeout)) {
		t.Errorf("session = %+v expiring %v", s.User, s.ExpiresAt)
	}

	// Found by its token hash, its idle deadline sliding with use.
	clock.Add(6 * time.Hour)
	s, err = db.FindSession(t.Context(), token)
	if err != nil {
		t.Fatalf("find session after 6 h: %v", err)
	}
	if s.User.Username != "lea" || s.User.Role != edge.RoleOrderTaker ||
		!s.ExpiresAt.Equal(clock.Now().Add(edge.SessionIdleTimeout)) {
		t.Errorf("session of %s expiring %v, want lea's expiring 12 h from now", s.User.Username, s.ExpiresAt)
	}

	// Used again 15 h after login, past its first deadline of 12 h, it
	// lives on because it was used at 6 h...
	clock.Set(testNow.Add(15 * time.Hour))
	if _, err := db.FindSession(t.Context(), token); err != nil {
		t.Fatalf("find session 15 h after login, 9 h after last use: %v", err)
	}

	// ...but never past the absolute limit, however recent its use.
	clock.Set(testNow.Add(edge.SessionMaxAge + time.Second))
	_, err = db.FindSession(t.Context(), token)
	wantCode(t, err, edge.EUNAUTHORIZED)

	// An unknown token is no session.
	_, err = db.FindSession(t.Context(), tokenHash("forged"))
	wantCode(t, err, edge.EUNAUTHORIZED)

	// A session for an unknown user cannot be made.
	_, err = db.CreateSession(t.Context(), "no-such-user", tokenHash("x"))
	if edge.ErrorCode(err) == "" {
		t.Errorf("session for an unknown user was created")
	}
}

func TestSessionIdleTimeout(t *testing.T) {
	db := openTestDB(t)
	clock := setClock(db, testNow)
	lea := createUser(t, db, "lea", edge.RoleOrderTaker)
	used, idle := tokenHash("used"), tokenHash("idle")
	for _, token := range [][]byte{used, idle} {
		if _, err := db.CreateSession(t.Context(), lea.ID, token); err != nil {
			t.Fatalf("create session: %v", err)
		}
	}

	// One session is used just before its idle timeout, the other not.
	clock.Add(edge.SessionIdleTimeout - time.Second)
	if _, err := db.FindSession(t.Context(), used); err != nil {
		t.Fatalf("find session just before the idle timeout: %v", err)
	}

	// Two seconds later, well within the absolute limit, the idle one is
	// over and the used one lives on.
	clock.Add(2 * time.Second)
	_, err := db.FindSession(t.Context(), idle)
	wantCode(t, err, edge.EUNAUTHORIZED)
	if _, err := db.FindSession(t.Context(), used); err != nil {
		t.Errorf("session used a second ago: %v", err)
	}
}

func TestSessionEnds(t *testing.T) {
	tests := []struct {
		name string
		end  func(t *testing.T, db *sqlite.DB)
	}{
		{"logout", func(t *testing.T, db *sqlite.DB) {
			if err := db.DeleteSession(t.Context(), tokenHash("token")); err != nil {
				t.Fatalf("delete session: %v", err)
			}
		}},
		{"new password", func(t *testing.T, db *sqlite.DB) {
			if err := db.SetPasswordHash(t.Context(), "lea", "new-hash"); err != nil {
				t.Fatalf("set password: %v", err)
			}
			if u, _ := db.FindUserByUsername(t.Context(), "lea"); u.PasswordHash != "new-hash" {
				t.Errorf("password hash = %q, want new-hash", u.PasswordHash)
			}
		}},
		{"account disabled", func(t *testing.T, db *sqlite.DB) {
			execRaw(t, db, `UPDATE users SET disabled = 1 WHERE username = 'lea'`)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openTestDB(t)
			lea := createUser(t, db, "lea", edge.RoleOrderTaker)
			marco := createUser(t, db, "marco", edge.RolePizzaiolo)
			for _, s := range []struct {
				userID string
				token  []byte
			}{{lea.ID, tokenHash("token")}, {marco.ID, tokenHash("other")}} {
				if _, err := db.CreateSession(t.Context(), s.userID, s.token); err != nil {
					t.Fatalf("create session: %v", err)
				}
			}

			tt.end(t, db)

			// Lea's session is over; Marco's is not.
			_, err := db.FindSession(t.Context(), tokenHash("token"))
			wantCode(t, err, edge.EUNAUTHORIZED)
			if _, err := db.FindSession(t.Context(), tokenHash("other")); err != nil {
				t.Errorf("another user's session ended too: %v", err)
			}
		})
	}

	// Ending what does not exist is harmless or not found.
	db := openTestDB(t)
	if err := db.DeleteSession(t.Context(), tokenHash("never")); err != nil {
		t.Errorf("delete unknown session: %v", err)
	}
	wantCode(t, db.SetPasswordHash(t.Context(), "nobody", "h"), edge.ENOTFOUND)
}

// createUser adds a staff account and fails the test if it cannot.
func createUser(tb testing.TB, db *sqlite.DB, username string, role edge.Role) *edge.User {
	tb.Helper()
	u, err := db.CreateUser(tb.Context(), edge.UserCreate{Username: username, Role: role, PasswordHash: "hash"})
	if err != nil {
		tb.Fatalf("create user %s: %v", username, err)
	}
	return u
}

// tokenHash hashes a session token as the http package does.
func tokenHash(token string) []byte {
	sum := sha256.Sum256([]byte(token))
	return sum[:]
}

// execRaw runs a statement on its own connection to the database file,
// for the changes no service makes.
func execRaw(tb testing.TB, db *sqlite.DB, query string) {
	tb.Helper()
	if _, err := rawConn(tb, db.Path).ExecContext(tb.Context(), query); err != nil {
		tb.Fatalf("%s: %v", query, err)
	}
}
