package openapitest

import (
	"bytes"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"
)

// CheckDocument holds the document to the conventions both APIs keep:
// OpenAPI 3.0.3, every reference resolving, the error codes being
// exactly codes, every operation named, summarised and answered, 413 and
// 415 for those with a body, and errors in the Error schema.
func (d *Doc) CheckDocument(t *testing.T, codes []string) {
	t.Run("version", func(t *testing.T) {
		if v := d.Root["openapi"]; v != "3.0.3" {
			t.Errorf("openapi = %v, want 3.0.3", v)
		}
	})
	t.Run("every reference resolves", func(t *testing.T) {
		d.walkRefs(t, d.Root, "#")
	})
	t.Run("error codes are those of the service", func(t *testing.T) {
		errSchema := d.Resolve(map[string]any{"$ref": "#/components/schemas/Error"})
		inner := MapOf(MapOf(errSchema["properties"])["error"])
		enum, _ := MapOf(MapOf(inner["properties"])["code"])["enum"].([]any)
		var documented []string
		for _, c := range enum {
			documented = append(documented, fmt.Sprint(c))
		}
		want := slices.Clone(codes)
		slices.Sort(documented)
		slices.Sort(want)
		if !slices.Equal(documented, want) {
			t.Errorf("error codes %v, want %v", documented, want)
		}
	})
	t.Run("every operation has an id, a summary and responses", d.checkOperationNames)
	t.Run("operations with a body document 413 and 415", func(t *testing.T) {
		for _, op := range d.Operations() {
			responses := MapOf(op.Spec["responses"])
			_, has413 := responses["413"]
			_, has415 := responses["415"]
			if body := op.Spec["requestBody"] != nil; body != has413 || body != has415 {
				t.Errorf("%s: request body %v, but 413 %v and 415 %v", op.Key(), body, has413, has415)
			}
		}
	})
	t.Run("error responses use the error schema", d.checkErrorSchemas)
}

// walkRefs fails the test for each $ref under v that does not resolve.
func (d *Doc) walkRefs(t *testing.T, v any, at string) {
	switch v := v.(type) {
	case map[string]any:
		if ref, ok := v["$ref"].(string); ok {
			if _, ok := d.Lookup(ref); !ok {
				t.Errorf("%s: $ref %s does not resolve", at, ref)
			}
		}
		for k, child := range v {
			d.walkRefs(t, child, at+"/"+k)
		}
	case []any:
		for i, child := range v {
			d.walkRefs(t, child, fmt.Sprintf("%s/%d", at, i))
		}
	}
}

func (d *Doc) checkOperationNames(t *testing.T) {
	ids := map[string]string{}
	for _, op := range d.Operations() {
		id, _ := op.Spec["operationId"].(string)
		if prev, ok := ids[id]; id == "" || ok {
			t.Errorf("%s: operationId %q missing or also used by %s", op.Key(), id, prev)
		}
		ids[id] = op.Key()
		if s, _ := op.Spec["summary"].(string); s == "" {
			t.Errorf("%s: no summary", op.Key())
		}
		if len(MapOf(op.Spec["responses"])) == 0 {
			t.Errorf("%s: no responses", op.Key())
		}
	}
}

// checkErrorSchemas wants every 4xx and 5xx answer in the Error schema,
// but /readyz's 503, which reports the checks that failed.
func (d *Doc) checkErrorSchemas(t *testing.T) {
	for _, op := range d.Operations() {
		for status, spec := range MapOf(op.Spec["responses"]) {
			if status < "400" || op.Path == "/readyz" {
				continue
			}
			content := MapOf(d.Resolve(spec)["content"])
			schema := MapOf(MapOf(content["application/json"])["schema"])
			if schema["$ref"] != "#/components/schemas/Error" {
				t.Errorf("%s %s: schema %v, want the Error schema", op.Key(), status, schema)
			}
		}
	}
}

// CheckServed checks the document as a service serves it: as YAML, and
// the same bytes as the file onDisk it is embedded from.
func CheckServed(t *testing.T, header http.Header, body []byte, onDisk string) {
	t.Helper()
	if ct := header.Get("Content-Type"); !strings.HasPrefix(ct, "application/yaml") {
		t.Errorf("Content-Type %q, want application/yaml", ct)
	}
	file, err := os.ReadFile(onDisk)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(body, file) {
		t.Errorf("the served document differs from %s", onDisk)
	}
	if doc, err := Parse(body); err != nil || doc.Root["paths"] == nil {
		t.Errorf("the served document does not parse as OpenAPI: %v", err)
	}
}
