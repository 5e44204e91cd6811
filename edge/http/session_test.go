package http_test

import (
	"crypto/sha256"
	"net/http"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/ocpizza/ocpizza/edge"
	edgehttp "github.com/ocpizza/ocpizza/edge/http"
	"github.com/ocpizza/ocpizza/syncproto/passhash"
)

// credentials is the body of a log-in.
func credentials(username, password string) map[string]string {
	return map[string]string{"username": username, "password": password}
}

// sessionCookie returns the session cookie an answer sets, or fails.
func sessionCookie(tb testing.TB, r *response) *http.Cookie {
	tb.Helper()
	for _, c := range (&http.Response{Header: r.Header}).Cookies() {
		if c.Name == edgehttp.SessionCookie {
			return c
		}
	}
	tb.Fatalf("%s: no %s cookie in %v", r.label, edgehttp.SessionCookie, r.Header.Values("Set-Cookie"))
	return nil
}

func TestLogIn(t *testing.T) {
	env := newEnv(t)

	t.Run("good credentials", func(t *testing.T) {
		resp := env.do(t, "", "POST", "/api/v1/sessions", credentials("pizzaiolo", testPassword))
		resp.wantStatus(t, http.StatusCreated)
		var s struct {
			Token string `json:"token"`
			User  struct {
				Username string    `json:"username"`
				Role     edge.Role `json:"role"`
				Pizzeria string    `json:"pizzeria"`
			} `json:"user"`
			ExpiresAt time.Time `json:"expires_at"`
		}
		resp.decode(t, &s)
		if s.Token == "" || s.User.Username != "pizzaiolo" || s.User.Role != edge.RolePizzaiolo ||
			s.User.Pizzeria != testPizzeria || s.ExpiresAt.Before(time.Now()) {
			t.Errorf("session %+v, want a token for pizzaiolo of %s", s, testPizzeria)
		}

		// The same token as an HttpOnly, SameSite=Strict cookie.
		c := sessionCookie(t, resp)
		if c.Value != s.Token || !c.HttpOnly || c.SameSite != http.SameSiteStrictMode || c.Path != "/" {
			t.Errorf("cookie %+v, want the token, HttpOnly, SameSite=Strict, Path=/", c)
		}

		// Both carry the session.
		me := env.do(t, s.Token, "GET", "/api/v1/me", nil)
		me.wantStatus(t, http.StatusOK)
		byCookie := env.send(t, "GET", "/api/v1/me", nil, func(r *http.Request) { r.AddCookie(c) })
		byCookie.wantStatus(t, http.StatusOK)
		var u struct {
			Username string `json:"username"`
		}
		byCookie.decode(t, &u)
		if u.Username != "pizzaiolo" {
			t.Errorf("GET /me by cookie is %q, want pizzaiolo", u.Username)
		}
	})

	t.Run("head office has no pizzeria", func(t *testing.T) {
		resp := env.do(t, "", "POST", "/api/v1/sessions", credentials("head_office", testPassword))
		resp.wantStatus(t, http.StatusCreated)
		var s struct {
			User map[string]any `json:"user"`
		}
		resp.decode(t, &s)
		if _, ok := s.User["pizzeria"]; ok || s.User["role"] != "head_office" {
			t.Errorf("head office user %v, want no pizzeria", s.User)
		}
	})

	t.Run("wrong password", func(t *testing.T) {
		before := env.state(t)
		resp := env.do(t, "", "POST", "/api/v1/sessions", credentials("manager", "pas-le-bon"))
		resp.wantError(t, http.StatusUnauthorized, edge.EUNAUTHORIZED)
		if len(resp.Header.Values("Set-Cookie")) != 0 {
			t.Error("a failed log-in set a cookie")
		}
		env.wantUnchanged(t, before, "a failed log-in")
	})

	t.Run("unknown user", func(t *testing.T) {
		resp := env.do(t, "", "POST", "/api/v1/sessions", credentials("personne", testPassword))
		resp.wantError(t, http.StatusUnauthorized, edge.EUNAUTHORIZED)
	})

	t.Run("sixth failure in a row is refused", func(t *testing.T) {
		for i := range 5 {
			resp := env.do(t, "", "POST", "/api/v1/sessions", credentials("driver", "essai-"+string(rune('a'+i))))
			resp.wantError(t, http.StatusUnauthorized, edge.EUNAUTHORIZED)
		}
		resp := env.do(t, "", "POST", "/api/v1/sessions", credentials("driver", "essai-f"))
		resp.wantError(t, http.StatusTooManyRequests, edge.ERATELIMIT)

		// Even the right password waits, in any case of the name.
		resp = env.do(t, "", "POST", "/api/v1/sessions", credentials("DRIVER", testPassword))
		resp.wantError(t, http.StatusTooManyRequests, edge.ERATELIMIT)

		// Other names are not affected.
		env.do(t, "", "POST", "/api/v1/sessions", credentials("ops", testPassword)).
			wantStatus(t, http.StatusCreated)
	})

	t.Run("disabled account", func(t *testing.T) {
		_, err := env.rawDB(t).Exec(`UPDATE users SET disabled = 1 WHERE username = 'order_taker'`)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() {
			_, _ = env.rawDB(t).Exec(`UPDATE users SET disabled = 0 WHERE username = 'order_taker'`)
		})
		resp := env.do(t, "", "POST", "/api/v1/sessions", credentials("order_taker", testPassword))
		resp.wantError(t, http.StatusUnauthorized, edge.EUNAUTHORIZED)
		env.as(t, taker, "GET", "/api/v1/me", nil).wantError(t, http.StatusUnauthorized, edge.EUNAUTHORIZED)
	})
}

func TestSessionRequired(t *testing.T) {
	env := newEnv(t)
	cases := map[string]func(*http.Request){
		"no token":      func(*http.Request) {},
		"garbage token": func(r *http.Request) { r.Header.Set("Authorization", "Bearer 0000") },
		"not bearer":    func(r *http.Request) { r.Header.Set("Authorization", "Basic bWFuYWdlcjp4") },
		"empty bearer":  func(r *http.Request) { r.Header.Set("Authorization", "Bearer ") },
		"garbage cookie": func(r *http.Request) {
			r.AddCookie(&http.Cookie{Name: edgehttp.SessionCookie, Value: "x"})
		},
		"token as cookie": func(r *http.Request) { r.Header.Set("Cookie", "other="+env.Tokens[manager]) },
	}
	for name, prepare := range cases {
		t.Run(name, func(t *testing.T) {
			resp := env.send(t, "GET", "/api/v1/orders", nil, prepare)
			resp.wantError(t, http.StatusUnauthorized, edge.EUNAUTHORIZED)
		})
	}
}

func TestLogOut(t *testing.T) {
	env := newEnv(t)
	token := env.login(t, "manager")
	env.do(t, token, "GET", "/api/v1/me", nil).wantStatus(t, http.StatusOK)

	resp := env.do(t, token, "DELETE", "/api/v1/sessions", nil)
	resp.wantStatus(t, http.StatusNoContent)
	if c := sessionCookie(t, resp); c.MaxAge >= 0 || c.Value != "" {
		t.Errorf("log-out cookie %+v, want it cleared", c)
	}

	// The token is over; the other session of the same user lives on.
	env.do(t, token, "GET", "/api/v1/me", nil).wantError(t, http.StatusUnauthorized, edge.EUNAUTHORIZED)
	env.do(t, token, "DELETE", "/api/v1/sessions", nil).
		wantError(t, http.StatusUnauthorized, edge.EUNAUTHORIZED)
	env.as(t, manager, "GET", "/api/v1/me", nil).wantStatus(t, http.StatusOK)
}

// TestOtherPizzeria checks that a staff account of another pizzeria, found
// in this database, can neither log in nor use a session here.
func TestOtherPizzeria(t *testing.T) {
	env := newEnv(t)
	hash, err := passhash.Hash(testPassword, cheapHash)
	if err != nil {
		t.Fatal(err)
	}

	// The domain refuses to create such an account at this pizzeria.
	_, err = env.DB.CreateUser(t.Context(), edge.UserCreate{
		Username: "etranger", Role: edge.RoleManager, Pizzeria: "other-pizzeria", PasswordHash: hash,
	})
	if edge.ErrorCode(err) != edge.EINVALID {
		t.Fatalf("create a user of another pizzeria: %v, want invalid", err)
	}

	// So it is planted in the table, with a live session.
	userID, now := uuid.NewString(), time.Now().UTC().Format("2006-01-02T15:04:05.000Z")
	_, err = env.rawDB(t).Exec(`
		INSERT INTO users (id, username, role, pizzeria, password_hash, created_at, updated_at)
		VALUES (?, 'etranger', 'manager', 'other-pizzeria', ?, ?, ?)`, userID, hash, now, now)
	if err != nil {
		t.Fatal(err)
	}
	token := "jeton-d-une-autre-pizzeria"
	sum := sha256.Sum256([]byte(token))
	expires := time.Now().Add(time.Hour).UTC().Format("2006-01-02T15:04:05.000Z")
	_, err = env.rawDB(t).Exec(`
		INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at)
		VALUES (?, ?, ?, ?, ?)`, sum[:], userID, now, now, expires)
	if err != nil {
		t.Fatal(err)
	}

	before := env.state(t)
	resp := env.do(t, "", "POST", "/api/v1/sessions", credentials("etranger", testPassword))
	resp.wantError(t, http.StatusUnauthorized, edge.EUNAUTHORIZED)
	env.do(t, token, "GET", "/api/v1/menu", nil).wantError(t, http.StatusForbidden, edge.EFORBIDDEN)
	resp = env.do(t, token, "POST", "/api/v1/orders",
		newOrder(edge.FulfilmentPickup, line("margherita", 1)))
	resp.wantError(t, http.StatusForbidden, edge.EFORBIDDEN)
	env.wantUnchanged(t, before, "a user of another pizzeria")
}
