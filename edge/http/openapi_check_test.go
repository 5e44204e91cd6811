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

	edgehttp "github.com/ocpizza/ocpizza/edge/http"
)

// apiDoc is openapi.yaml as generic YAML values.
type apiDoc struct {
	root map[string]any
}

// operation is one method of one path of the document.
type operation struct {
	Method string // upper case
	Path   string // the template, such as /api/v1/orders/{id}
	Spec   map[string]any
}

// Key returns "METHOD /path", the name of a route in these tests.
func (op operation) Key() string { return op.Method + " " + op.Path }

var parseOpenAPI = sync.OnceValues(func() (*apiDoc, error) {
	var root map[string]any
	if err := yaml.Unmarshal(edgehttp.OpenAPI, &root); err != nil {
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

// operations returns every operation of the document.
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

// find returns the operation that serves a request to a concrete path.
func (d *apiDoc) find(method, path string) (operation, bool) {
	for _, op := range d.operations() {
		if op.Method == method && templateMatches(op.Path, path) {
			return op, true
		}
	}
	return operation{}, false
}

// templateMatches reports whether a concrete path fits a path template,
// each {param} standing for one non-empty segment.
func templateMatches(template, path string) bool {
	want, got := strings.Split(template, "/"), strings.Split(path, "/")
	if len(want) != len(got) {
		return false
	}
	for i := range want {
		isParam := strings.HasPrefix(want[i], "{") && strings.HasSuffix(want[i], "}")
		if (isParam && got[i] == "") || (!isParam && want[i] != got[i]) {
			return false
		}
	}
	return true
}

// resolve follows a local $ref, such as #/components/schemas/Order.
func (d *apiDoc) resolve(v any) map[string]any {
	m := mapOf(v)
	for {
		ref, ok := m["$ref"].(string)
		if !ok {
			return m
		}
		target, ok := d.lookup(ref)
		if !ok {
			return nil
		}
		m = target
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
		next, ok := node[part]
		if !ok {
			return nil, false
		}
		node = mapOf(next)
	}
	return node, node != nil
}

// mapOf returns v as a YAML mapping, or nil.
func mapOf(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}

// checkResponse checks an answer against the document: its status must be
// listed for the operation, its media type must be the one documented, and
// a JSON body must fit the schema, with no property the schema leaves out.
// Requests to paths or methods the document does not have are left alone.
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
		tb.Errorf("%s answered %d, which openapi.yaml does not list for %s; body %s",
			r.label, r.Status, op.Key(), r.Body)
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
// OpenAPI 3.0 that our document uses, and returns what does not fit.
// Objects are closed unless additionalProperties says otherwise.
func (d *apiDoc) validate(schemaRef any, v any, at string) []string {
	s := d.resolve(schemaRef)
	if s == nil {
		return []string{at + ": schema not found"}
	}
	if v == nil {
		if s["nullable"] == true {
			return nil
		}
		return []string{at + ": null"}
	}
	if enum, ok := s["enum"].([]any); ok && !slices.ContainsFunc(enum, func(e any) bool {
		return fmt.Sprint(e) == fmt.Sprint(v)
	}) {
		return []string{fmt.Sprintf("%s: %v is not one of %v", at, v, enum)}
	}
	switch s["type"] {
	case "object":
		return d.validateObject(s, v, at)
	case "array":
		items, ok := v.([]any)
		if !ok {
			return []string{fmt.Sprintf("%s: %T, want an array", at, v)}
		}
		var problems []string
		for i, item := range items {
			problems = append(problems, d.validate(s["items"], item, fmt.Sprintf("%s[%d]", at, i))...)
		}
		return problems
	case "string":
		str, ok := v.(string)
		if !ok {
			return []string{fmt.Sprintf("%s: %T, want a string", at, v)}
		}
		return checkFormat(s["format"], str, at)
	case "integer":
		n, ok := v.(json.Number)
		if _, err := n.Int64(); !ok || err != nil {
			return []string{fmt.Sprintf("%s: %v, want an integer", at, v)}
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			return []string{fmt.Sprintf("%s: %T, want a boolean", at, v)}
		}
	default:
		return []string{fmt.Sprintf("%s: schema type %v is not handled by this test", at, s["type"])}
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

func checkFormat(format any, s, at string) []string {
	var err error
	switch format {
	case "date-time":
		_, err = time.Parse(time.RFC3339Nano, s)
	case "date":
		_, err = time.Parse(time.DateOnly, s)
	}
	if err != nil {
		return []string{fmt.Sprintf("%s: %q is not a %s", at, s, format)}
	}
	return nil
}
