package openapitest

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

const testDoc = `
openapi: 3.0.3
paths:
  /api/v1/orders/{id}:
    get:
      operationId: getOrder
      summary: One order
      responses:
        "200":
          description: The order
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Order"
        "204":
          description: Nothing
components:
  schemas:
    Order:
      type: object
      required: [id, total_cents]
      properties:
        id: {type: string}
        total_cents: {type: integer}
        placed_at: {type: string, format: date-time}
        note: {type: string, nullable: true}
        status: {type: string, enum: [new, done]}
        lines:
          type: array
          items: {type: integer}
`

// recorder is a testing.TB that keeps the failures it is told of.
type recorder struct {
	testing.TB
	errors []string
}

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.Errorf(format, args...)
}

func TestCheckResponse(t *testing.T) {
	doc, err := Parse([]byte(testDoc))
	if err != nil {
		t.Fatal(err)
	}
	jsonHeader := http.Header{"Content-Type": {"application/json; charset=utf-8"}}
	cases := []struct {
		name, path string
		status     int
		header     http.Header
		body       string
		want       string // in the one failure expected; "" for none
	}{
		{"fits", "/api/v1/orders/o1", 200, jsonHeader,
			`{"id":"o1","total_cents":1250,"placed_at":"2026-12-04T20:15:00Z","note":null,` +
				`"status":"new","lines":[1,2]}`, ""},
		{"no body where none is documented", "/api/v1/orders/o1", 204, nil, "", ""},
		{"a path the document does not have", "/commandes/o1", 500, nil, "<html>", ""},
		{"undocumented status", "/api/v1/orders/o1", 418, jsonHeader, `{}`, "does not list"},
		{"undocumented property", "/api/v1/orders/o1", 200, jsonHeader,
			`{"id":"o1","total_cents":1,"secret":true}`, `property "secret" is not documented`},
		{"missing required property", "/api/v1/orders/o1", 200, jsonHeader,
			`{"id":"o1"}`, `required property "total_cents" missing`},
		{"wrong type", "/api/v1/orders/o1", 200, jsonHeader,
			`{"id":"o1","total_cents":12.5}`, "want an integer"},
		{"bad date-time", "/api/v1/orders/o1", 200, jsonHeader,
			`{"id":"o1","total_cents":1,"placed_at":"yesterday"}`, "is not a date-time"},
		{"value out of the enum", "/api/v1/orders/o1", 200, jsonHeader,
			`{"id":"o1","total_cents":1,"status":"lost"}`, "is not one of"},
		{"null not allowed", "/api/v1/orders/o1", 200, jsonHeader,
			`{"id":null,"total_cents":1}`, "$.id: null"},
		{"bad array item", "/api/v1/orders/o1", 200, jsonHeader,
			`{"id":"o1","total_cents":1,"lines":["x"]}`, "$.lines[0]"},
		{"undocumented media type", "/api/v1/orders/o1", 200,
			http.Header{"Content-Type": {"text/html"}}, `<p>`, "does not document"},
		{"a body where none is documented", "/api/v1/orders/o1", 204, jsonHeader, `{}`,
			"documents none"},
		{"an empty segment is not a parameter", "/api/v1/orders/", 418, nil, "", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rec := &recorder{TB: t}
			doc.CheckResponse(rec, "GET", c.path, c.status, c.header, []byte(c.body))
			switch {
			case c.want == "" && len(rec.errors) != 0:
				t.Errorf("failures %q, want none", rec.errors)
			case c.want != "" && (len(rec.errors) != 1 || !strings.Contains(rec.errors[0], c.want)):
				t.Errorf("failures %q, want one with %q", rec.errors, c.want)
			}
		})
	}
}

func TestResolve(t *testing.T) {
	doc, err := Parse([]byte(testDoc))
	if err != nil {
		t.Fatal(err)
	}
	if s := doc.Resolve(map[string]any{"$ref": "#/components/schemas/Order"}); s["type"] != "object" {
		t.Errorf("Order resolves to %v", s)
	}
	if s := doc.Resolve(map[string]any{"$ref": "#/components/schemas/Nope"}); s != nil {
		t.Errorf("a dangling reference resolves to %v", s)
	}
	if _, ok := doc.Lookup("other.yaml#/x"); ok {
		t.Error("a reference to another file resolved")
	}
}
