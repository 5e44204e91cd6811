package http_test

import (
	"net/http"
	"strings"
	"testing"

	"github.com/ocpizza/ocpizza/central"
	centralhttp "github.com/ocpizza/ocpizza/central/http"
)

// TestBadInput checks the refusals that come before any handler: sizes,
// media types, strict decoding, unknown routes and methods. Each answer is
// a JSON error in French.
func TestBadInput(t *testing.T) {
	env := newEnv(t)
	huge := `{"username":"ops","password":"` + strings.Repeat("x", centralhttp.MaxBodyBytes) + `"}`
	cases := []struct {
		name        string
		method      string
		path        string
		body        any
		contentType string
		status      int
		code        string
	}{
		{"body over 64 KiB", "POST", "/api/v1/sessions", huge, "", 413, centralhttp.ETOOLARGE},
		{"form body", "POST", "/api/v1/sessions", "username=ops", "application/x-www-form-urlencoded",
			415, centralhttp.EMEDIATYPE},
		{"text body", "POST", "/api/v1/sessions", `{"username":"ops"}`, "text/plain", 415, centralhttp.EMEDIATYPE},
		{"field of the wrong type", "POST", "/api/v1/sessions", `{"username":1,"password":"x"}`, "",
			400, central.EBADREQUEST},
		{"unknown field", "POST", "/api/v1/sessions", `{"username":"ops","password":"x","admin":true}`, "",
			400, central.EBADREQUEST},
		{"unknown route", "GET", "/api/v1/nothing", nil, "", 404, central.ENOTFOUND},
		{"wrong method", "PUT", "/api/v1/branches", nil, "", 405, centralhttp.EMETHOD},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp := env.send(t, tc.method, tc.path, tc.body, func(r *http.Request) {
				if tc.contentType != "" {
					r.Header.Set("Content-Type", tc.contentType)
				}
			})
			body := resp.wantError(t, tc.status, tc.code)
			if tc.code == central.EBADREQUEST && strings.Contains(tc.name, "unknown") && body.Error.Field != "admin" {
				t.Errorf("field %q, want admin", body.Error.Field)
			}
		})
	}
}
