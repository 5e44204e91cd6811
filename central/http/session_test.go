package http_test

import (
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/ocpizza/ocpizza/central"
	centralhttp "github.com/ocpizza/ocpizza/central/http"
)

// credentials is the body of a log-in.
func credentials(username, password string) map[string]string {
	return map[string]string{"username": username, "password": password}
}

func TestSessionCreate(t *testing.T) {
	env := newEnv(t)

	t.Run("ok", func(t *testing.T) {
		resp := env.do(t, "", "POST", "/api/v1/sessions", credentials("OPS", testPassword))
		resp.wantStatus(t, http.StatusCreated)
		var body struct {
			Token string `json:"token"`
			User  struct {
				Username string       `json:"username"`
				Role     central.Role `json:"role"`
				Pizzeria string       `json:"pizzeria"`
			} `json:"user"`
		}
		resp.decode(t, &body)
		if body.Token == "" || body.User.Username != "ops" || body.User.Role != central.RoleOps ||
			body.User.Pizzeria != "" {
			t.Errorf("session %+v, want a token for ops", body)
		}
		cookie := resp.cookie(centralhttp.SessionCookie)
		if cookie == nil || cookie.Value != body.Token || !cookie.HttpOnly ||
			cookie.SameSite != http.SameSiteStrictMode || cookie.Path != "/" {
			t.Errorf("cookie %+v, want the token, HttpOnly, SameSite=Strict", cookie)
		}
		env.do(t, body.Token, "GET", "/api/v1/branches", nil).wantStatus(t, http.StatusOK)
	})

	t.Run("staff of a pizzeria", func(t *testing.T) {
		resp := env.do(t, "", "POST", "/api/v1/sessions", credentials("driver", testPassword))
		resp.wantStatus(t, http.StatusCreated)
		if !strings.Contains(string(resp.Body), `"pizzeria":"paris-11"`) {
			t.Errorf("session %s does not name the driver's pizzeria", resp.Body)
		}
	})

	t.Run("refused", func(t *testing.T) {
		cases := []struct {
			name   string
			body   any
			status int
			code   string
		}{
			{"wrong password", credentials("manager", "pas le bon"), 401, central.EUNAUTHORIZED},
			{"unknown user", credentials("personne", testPassword), 401, central.EUNAUTHORIZED},
			{"no username", credentials("", testPassword), 422, central.EINVALID},
			{"no password", credentials("manager", ""), 422, central.EINVALID},
			{"long password", credentials("manager", strings.Repeat("x", 129)), 422, central.EINVALID},
			{"email of no customer", map[string]string{"email": "a@b.fr", "password": testPassword},
				401, central.EUNAUTHORIZED},
			{"email and username", map[string]string{"email": "a@b.fr", "username": "ops",
				"password": testPassword}, 422, central.EINVALID},
			{"not JSON", "username=ops", 400, central.EBADREQUEST},
			{"two values", `{"username":"ops","password":"x"} {}`, 400, central.EBADREQUEST},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				resp := env.do(t, "", "POST", "/api/v1/sessions", tc.body)
				resp.wantError(t, tc.status, tc.code)
				if resp.cookie(centralhttp.SessionCookie) != nil {
					t.Error("a refused log-in set a cookie")
				}
			})
		}
	})

	t.Run("disabled account", func(t *testing.T) {
		_, err := env.DB.Pool.Exec(t.Context(), `UPDATE users SET disabled = true WHERE username = 'pizzaiolo'`)
		if err != nil {
			t.Fatal(err)
		}
		env.do(t, "", "POST", "/api/v1/sessions", credentials("pizzaiolo", testPassword)).
			wantError(t, http.StatusUnauthorized, central.EUNAUTHORIZED)
		env.as(t, central.RolePizzaiolo, "DELETE", "/api/v1/sessions", nil).
			wantError(t, http.StatusUnauthorized, central.EUNAUTHORIZED)
	})
}

func TestSessionThrottle(t *testing.T) {
	env := newEnv(t)

	// Five failures on one name, concurrently: the name is then refused,
	// even with the right password, and other names are not.
	var wg sync.WaitGroup
	for range 5 {
		wg.Go(func() {
			env.do(t, "", "POST", "/api/v1/sessions", credentials("head_office", "pas le bon"))
		})
	}
	wg.Wait()
	env.do(t, "", "POST", "/api/v1/sessions", credentials("head_office", testPassword)).
		wantError(t, http.StatusTooManyRequests, centralhttp.ERATELIMIT)
	env.do(t, "", "POST", "/api/v1/sessions", credentials("HEAD_OFFICE", testPassword)).
		wantError(t, http.StatusTooManyRequests, centralhttp.ERATELIMIT)
	env.do(t, "", "POST", "/api/v1/sessions", credentials("ops", testPassword)).
		wantStatus(t, http.StatusCreated)
}

func TestSessionDelete(t *testing.T) {
	env := newEnv(t)
	token := env.login(t, "head_office")

	resp := env.do(t, token, "DELETE", "/api/v1/sessions", nil)
	resp.wantStatus(t, http.StatusNoContent)
	if c := resp.cookie(centralhttp.SessionCookie); c == nil || c.MaxAge >= 0 {
		t.Errorf("log-out did not clear the cookie: %+v", c)
	}
	env.do(t, token, "GET", "/api/v1/branches", nil).
		wantError(t, http.StatusUnauthorized, central.EUNAUTHORIZED)
	env.do(t, token, "DELETE", "/api/v1/sessions", nil).
		wantError(t, http.StatusUnauthorized, central.EUNAUTHORIZED)

	// Another session of the same user lives on.
	env.as(t, central.RoleHeadOffice, "GET", "/api/v1/branches", nil).wantStatus(t, http.StatusOK)
}

func TestSessionEndsWithNewPassword(t *testing.T) {
	env := newEnv(t)
	hash := "$argon2id$v=19$m=64,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U"
	if err := env.DB.SetPasswordHash(t.Context(), "ops", hash); err != nil {
		t.Fatal(err)
	}
	env.as(t, central.RoleOps, "GET", "/api/v1/branches", nil).
		wantError(t, http.StatusUnauthorized, central.EUNAUTHORIZED)
}
