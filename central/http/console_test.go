package http_test

import (
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/ocpizza/ocpizza/central"
	centralhttp "github.com/ocpizza/ocpizza/central/http"
)

// htmlText returns a sentence of the catalogue as a page writes it.
func htmlText(key central.MessageKey, args ...any) string {
	return html.EscapeString(central.Message(key, args...))
}

func TestConsolePage(t *testing.T) {
	env := newEnv(t)
	bringOnline(t, env)

	page := env.send(t, "GET", "/console", nil, env.withCookie(central.RoleOps))
	page.wantStatus(t, http.StatusOK)
	body := string(page.Body)

	// Every pizzeria, and the French words of the console.
	want := []string{
		testPizzerias["paris-11"], testPizzerias["lyon-2"],
		htmlText(central.LabelConsoleTitle),
		htmlText(central.LabelLastSeen),
		htmlText(central.LabelEpoch),
		htmlText(central.LabelLastSeq),
		htmlText(central.LabelBacklog),
		htmlText(central.LabelLag),
		htmlText(central.LabelGaps),
		htmlText(central.LabelDeadLetters),
		htmlText(central.LabelDivergences),
		htmlText(central.LabelNever),
		htmlText(central.LabelLogOut),
	}
	for _, s := range want {
		if !strings.Contains(body, s) {
			t.Errorf("the console does not say %q", s)
		}
	}

	// Online and offline, in words and in colour.
	online := `class="state online">` + htmlText(central.LabelOnline)
	offline := `class="state offline">` + htmlText(central.LabelOffline)
	if !strings.Contains(body, online) || !strings.Contains(body, offline) {
		t.Errorf("the console does not show paris-11 online and lyon-2 offline:\n%s", body)
	}

	// paris-11 was restored: the count of epochs and a warning.
	if !strings.Contains(body, htmlText(central.LabelEpochCount, 2)) ||
		!strings.Contains(body, htmlText(central.LabelRestoreWarning)) {
		t.Errorf("the console does not warn of paris-11's two epochs")
	}
	if !strings.Contains(body, "…0000bbbb") {
		t.Errorf("the console does not show the end of the current epoch")
	}

	// Live with the embedded script, reloaded without it; nothing from
	// another site.
	for _, s := range []string{
		`<noscript><meta http-equiv="refresh" content="10"></noscript>`,
		`<script src="/assets/console.js" defer></script>`,
		`data-feed="/api/v1/branches/events"`,
		`<script type="application/json" id="labels">`,
	} {
		if !strings.Contains(body, s) {
			t.Errorf("the console lacks %s", s)
		}
	}
	if strings.Contains(body, "http://") || strings.Contains(body, "https://") {
		t.Errorf("the console refers to another site")
	}
	if csp := page.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("Content-Security-Policy %q", csp)
	}
}

func TestConsoleForbiddenPage(t *testing.T) {
	env := newEnv(t)
	page := env.send(t, "GET", "/console", nil, env.withCookie(central.RoleManager))
	page.wantStatus(t, http.StatusForbidden)
	html := string(page.Body)
	if !strings.Contains(html, htmlText(central.LabelConsoleRoles)) ||
		!strings.Contains(html, `action="/logout"`) {
		t.Errorf("the 403 page does not say why, or offers no log-out:\n%s", html)
	}
}

func TestAssets(t *testing.T) {
	env := newEnv(t)
	for name, contentType := range map[string]string{
		"console.js":  "text/javascript",
		"console.css": "text/css",
	} {
		t.Run(name, func(t *testing.T) {
			resp := env.do(t, "", "GET", "/assets/"+name, nil)
			resp.wantStatus(t, http.StatusOK)
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, contentType) {
				t.Errorf("Content-Type %q, want %s", ct, contentType)
			}
			etag := resp.Header.Get("ETag")
			if etag == "" || len(resp.Body) == 0 {
				t.Fatalf("ETag %q, %d bytes", etag, len(resp.Body))
			}
			again := env.send(t, "GET", "/assets/"+name, nil, func(r *http.Request) {
				r.Header.Set("If-None-Match", etag)
			})
			again.wantStatus(t, http.StatusNotModified)
		})
	}
	env.do(t, "", "GET", "/assets/nothing.js", nil).wantStatus(t, http.StatusNotFound)
}

func TestLoginForm(t *testing.T) {
	env := newEnv(t)
	form := url.Values{"username": {"ops"}, "password": {testPassword}}

	t.Run("the form", func(t *testing.T) {
		page := env.do(t, "", "GET", "/login", nil)
		page.wantStatus(t, http.StatusOK)
		for _, s := range []string{`method="post" action="/login"`, `name="username"`,
			`name="password"`, central.Message(central.LabelLogIn)} {
			if !strings.Contains(string(page.Body), s) {
				t.Errorf("the log-in page lacks %s", s)
			}
		}
	})

	t.Run("log in, see the console, log out", func(t *testing.T) {
		resp := env.postForm(t, "/login", form, nil)
		resp.wantStatus(t, http.StatusSeeOther)
		if loc := resp.Header.Get("Location"); loc != "/console" {
			t.Errorf("sent to %q, want /console", loc)
		}
		cookie := resp.cookie(centralhttp.SessionCookie)
		if cookie == nil || cookie.Value == "" || !cookie.HttpOnly || cookie.SameSite != http.SameSiteStrictMode {
			t.Fatalf("session cookie %+v, want HttpOnly and SameSite=Strict", cookie)
		}
		withSession := func(r *http.Request) { r.AddCookie(cookie) }
		env.send(t, "GET", "/console", nil, withSession).wantStatus(t, http.StatusOK)

		out := env.postForm(t, "/logout", nil, withSession)
		out.wantStatus(t, http.StatusSeeOther)
		if c := out.cookie(centralhttp.SessionCookie); c == nil || c.MaxAge >= 0 {
			t.Errorf("log-out did not clear the cookie: %+v", c)
		}
		env.send(t, "GET", "/console", nil, withSession).wantStatus(t, http.StatusSeeOther)
	})

	t.Run("wrong password", func(t *testing.T) {
		bad := url.Values{"username": {"head_office"}, "password": {"pas le bon"}}
		page := env.postForm(t, "/login", bad, nil)
		page.wantStatus(t, http.StatusUnauthorized)
		if !strings.Contains(string(page.Body), htmlText(central.MsgBadCredentials)) {
			t.Errorf("the page does not give the reason in French:\n%s", page.Body)
		}
		if page.cookie(centralhttp.SessionCookie) != nil {
			t.Error("a refused log-in set a cookie")
		}
	})

	t.Run("from another site", func(t *testing.T) {
		for name, headers := range map[string]map[string]string{
			"cross-site":      {"Sec-Fetch-Site": "cross-site"},
			"another origin":  {"Sec-Fetch-Site": "", "Origin": "http://pirate.example"},
			"same-site other": {"Sec-Fetch-Site": "same-site"},
		} {
			t.Run(name, func(t *testing.T) {
				resp := env.postForm(t, "/login", form, func(r *http.Request) {
					for k, v := range headers {
						if v == "" {
							r.Header.Del(k)
						} else {
							r.Header.Set(k, v)
						}
					}
				})
				resp.wantStatus(t, http.StatusForbidden)
				if resp.cookie(centralhttp.SessionCookie) != nil {
					t.Error("a cross-origin log-in set a cookie")
				}
				if !strings.Contains(string(resp.Body), htmlText(central.MsgCrossOrigin)) {
					t.Errorf("the refusal does not say why:\n%s", resp.Body)
				}
			})
		}

		// The API refuses the same way, in JSON.
		resp := env.send(t, "POST", "/api/v1/sessions", map[string]string{
			"username": "ops", "password": testPassword,
		}, func(r *http.Request) { r.Header.Set("Sec-Fetch-Site", "cross-site") })
		resp.wantError(t, http.StatusForbidden, central.EFORBIDDEN)
	})
}
