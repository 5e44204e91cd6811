package strictjson

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

type order struct {
	Pizza    string `json:"pizza"`
	Quantity int    `json:"quantity"`
	Address  struct {
		Postcode string `json:"postcode"`
	} `json:"address"`
}

func TestDecode(t *testing.T) {
	cases := []struct {
		name, body string
		limit      int64 // 0: none
		ok         bool
		problem    Problem
		field      string
	}{
		{name: "one object", body: `{"pizza":"reine","quantity":2}`, ok: true},
		{name: "with spaces after", body: "{\"pizza\":\"reine\"}\n  ", ok: true},
		{name: "empty", body: ``, problem: Malformed},
		{name: "not JSON", body: `pizza=reine`, problem: Malformed},
		{name: "cut short", body: `{"pizza":"re`, problem: Malformed},
		{name: "two values", body: `{"pizza":"reine"}{"pizza":"regina"}`, problem: Malformed},
		{name: "garbage after", body: `{"pizza":"reine"} x`, problem: Malformed},
		{name: "a closing brace after", body: `{"pizza":"reine"}}`, problem: Malformed},
		{name: "wrong type", body: `{"quantity":"two"}`, problem: WrongType, field: "quantity"},
		{name: "wrong nested type", body: `{"address":{"postcode":75011}}`, problem: WrongType,
			field: "address.postcode"},
		{name: "unknown field", body: `{"pizza":"reine","discount":100}`, problem: UnknownField,
			field: "discount"},
		{name: "too large", body: `{"pizza":"` + strings.Repeat("x", 100) + `"}`, limit: 64,
			problem: TooLarge},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req := httptest.NewRequest("POST", "/", strings.NewReader(c.body))
			if c.limit > 0 {
				req.Body = http.MaxBytesReader(httptest.NewRecorder(), req.Body, c.limit)
			}
			var o order
			err := Decode(req.Body, &o)
			if c.ok {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				if o.Pizza != "reine" {
					t.Errorf("decoded %+v", o)
				}
				return
			}
			var bad *Error
			if !errors.As(err, &bad) {
				t.Fatalf("error %v (%T), want an *Error", err, err)
			}
			if bad.Problem != c.problem || bad.Field != c.field {
				t.Errorf("problem %d on field %q, want %d on %q (%v)",
					bad.Problem, bad.Field, c.problem, c.field, err)
			}
		})
	}
}

func TestDeclared(t *testing.T) {
	cases := []struct {
		name, contentType, body string
		want                    bool
	}{
		{"json", "application/json", `{}`, true},
		{"json with charset", "application/json; charset=utf-8", `{}`, true},
		{"no body, no type", "", ``, true},
		{"form", "application/x-www-form-urlencoded", `a=b`, false},
		{"text", "text/plain", `{}`, false},
		{"no type", "", `{}`, false},
		{"a type that only starts the same", "application/jsonx", `{}`, false},
		{"unparsable", "application/json; =", `{}`, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req := httptest.NewRequest("POST", "/", strings.NewReader(c.body))
			if c.contentType != "" {
				req.Header.Set("Content-Type", c.contentType)
			}
			if got := Declared(req); got != c.want {
				t.Errorf("Declared = %v, want %v", got, c.want)
			}
		})
	}

	// A body of unknown length must be declared too.
	req := httptest.NewRequest("POST", "/", strings.NewReader(`{}`))
	req.ContentLength = -1
	if Declared(req) {
		t.Error("an undeclared body of unknown length passed")
	}
}
