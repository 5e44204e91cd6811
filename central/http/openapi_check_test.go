package http_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	centralhttp "github.com/ocpizza/ocpizza/central/http"
)

// apiDoc is openapi.yaml as generic YAML values.
type apiDoc struct {
	root map[string]any
}

// operation is one method of one path of the document.
type operation struct {
	Method string // upper case
	Path   string // the template, such as /api/v1/branches
	Spec   map[string]any
}

// Key returns "METHOD /path", the name of a route in these tests.
func (op operation) Key() string { return op.Method + " " + op.Path }

var parseOpenAPI = sync.OnceValues(func() (*apiDoc, error) {
	var root map[string]any
	if err := yaml.Unmarshal(centralhttp.OpenAPI, &root); err != nil {
		return nil, err
	}
	return &apiDoc{root: root}, nil
})

// loadOpenAPI returns the embedded document, parsed once.
func loadOpenAPI(tb testing.TB) *apiDoc {
	tb.Helper()
	doc, err := parseOpenAPI()
	if err != nil {
		tb.Fatalf("parse openapi.yaml: %v", err)
	}
	return doc
}

// httpMethods are the operation keys of a path item.
var httpMethods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// operations returns every operation of the document, sorted.
func (d *apiDoc) operations() []operation {
	var ops []operation
	for path, item := range mapOf(d.root["paths"]) {
		for method, spec := range mapOf(item) {
			if slices.Contains(httpMethods, method) {
				ops = append(ops, operation{Method: strings.ToUpper(method), Path: path, Spec: mapOf(spec)})
			}
		}
	}
	slices.SortFunc(ops, func(a, b operation) int { return strings.Compare(a.Key(), b.Key()) })
	return ops
}

// find returns the operation of a method and concrete path; central's
// paths have no parameters yet.
func (d *apiDoc) find(method, path string) (operation, bool) {
	for _, op := range d.operations() {
		if op.Method == method && op.Path == path {
			return op, true
		}
	}
	return operation{}, false
}

// resolve follows local references, such as #/components/schemas/Branch.
func (d *apiDoc) resolve(v any) map[string]any {
	m := mapOf(v)
	for {
		ref, ok := m["$ref"].(string)
		if !ok {
			return m
		}
		if m, ok = d.lookup(ref); !ok {
			return nil
		}
	}
}

// lookup returns the object a local reference points to.
func (d *apiDoc) lookup(ref string) (map[string]any, bool) {
	name, ok := strings.CutPrefix(ref, "#/")
	if !ok {
		return nil, false
	}
	node := d.root
	for _, part := range strings.Split(name, "/") {
		if node = mapOf(node[part]); node == nil {
			return nil, false
		}
	}
	return node, true
}

// mapOf returns v as a YAML mapping, or nil.
func mapOf(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

// checkResponse checks an answer of a documented route against the
// document: its status must be listed, its media type documented, and a
// JSON body must fit the schema with no undocumented property. Answers of
// routes the document leaves out, the pages, are not checked.
func (d *apiDoc) checkResponse(tb testing.TB, method, rawPath string, r *response) {
	tb.Helper()
	u, err := url.Parse(rawPath)
	if err != nil {
		tb.Fatalf("parse %s: %v", rawPath, err)
	}
	op, ok := d.find(method, u.Path)
	if !ok {
		return
	}
	spec, ok := mapOf(op.Spec["responses"])[strconv.Itoa(r.Status)]
	if !ok {
		tb.Errorf("%s answered %d, which openapi.yaml does not list; body %s", r.label, r.Status, r.Body)
		return
	}
	content := mapOf(d.resolve(spec)["content"])
	if len(content) == 0 {
		if len(r.Body) != 0 {
			tb.Errorf("%s: %d has a body, but openapi.yaml documents none", r.label, r.Status)
		}
		return
	}
	mediaType, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil {
		tb.Errorf("%s: Content-Type %q: %v", r.label, r.Header.Get("Content-Type"), err)
		return
	}
	media, ok := content[mediaType]
	if !ok {
		tb.Errorf("%s: %d is %s, which openapi.yaml does not document", r.label, r.Status, mediaType)
		return
	}
	if mediaType != "application/json" {
		return
	}
	dec := json.NewDecoder(bytes.NewReader(r.Body))
	dec.UseNumber()
	var body any
	if err := dec.Decode(&body); err != nil {
		tb.Errorf("%s: body %s is not JSON: %v", r.label, r.Body, err)
		return
	}
	for _, problem := range d.validate(mapOf(media)["schema"], body, "$") {
		tb.Errorf("%s: %d does not fit openapi.yaml: %s", r.label, r.Status, problem)
	}
}

// validate checks a decoded JSON value against a schema of the subset of
// OpenAPI 3.0 the document uses, and returns what does not fit. Objects
// are closed unless additionalProperties says otherwise.
func (d *apiDoc) validate(schemaRef any, v any, at string) []string {
	s := d.resolve(schemaRef)
	switch {
	case s == nil:
		return []string{at + ": schema not found"}
	case v == nil && s["nullable"] == true:
		return nil
	case v == nil:
		return []string{at + ": null"}
	}
	if enum, ok := s["enum"].([]any); ok && !slices.ContainsFunc(enum, func(e any) bool {
		return fmt.Sprint(e) == fmt.Sprint(v)
	}) {
		return []string{fmt.Sprintf("%s: %v is not one of %v", at, v, enum)}
	}
	var ok bool
	switch s["type"] {
	case "object":
		return d.validateObject(s, v, at)
	case "array":
		items, isArray := v.([]any)
		if !isArray {
			return []string{fmt.Sprintf("%s: %T, want an array", at, v)}
		}
		var problems []string
		for i, item := range items {
			problems = append(problems, d.validate(s["items"], item, fmt.Sprintf("%s[%d]", at, i))...)
		}
		return problems
	case "string":
		var str string
		if str, ok = v.(string); ok && s["format"] == "date-time" {
			if _, err := time.Parse(time.RFC3339Nano, str); err != nil {
				return []string{fmt.Sprintf("%s: %q is not a date-time", at, str)}
			}
		}
	case "integer":
		var n json.Number
		if n, ok = v.(json.Number); ok {
			_, err := n.Int64()
			ok = err == nil
		}
	case "number":
		_, ok = v.(json.Number)
	case "boolean":
		_, ok = v.(bool)
	default:
		return []string{fmt.Sprintf("%s: schema type %v is not handled by this test", at, s["type"])}
	}
	if !ok {
		return []string{fmt.Sprintf("%s: %v, want a %v", at, v, s["type"])}
	}
	return nil
}

func (d *apiDoc) validateObject(s map[string]any, v any, at string) []string {
	obj, ok := v.(map[string]any)
	if !ok {
		return []string{fmt.Sprintf("%s: %T, want an object", at, v)}
	}
	var problems []string
	props := mapOf(s["properties"])
	required, _ := s["required"].([]any)
	for _, name := range required {
		if _, ok := obj[name.(string)]; !ok {
			problems = append(problems, fmt.Sprintf("%s: required property %q missing", at, name))
		}
	}
	for name, value := range obj {
		prop, ok := props[name]
		switch {
		case ok:
			problems = append(problems, d.validate(prop, value, at+"."+name)...)
		case s["additionalProperties"] == true:
		default:
			problems = append(problems, fmt.Sprintf("%s: property %q is not documented", at, name))
		}
	}
	return problems
}
