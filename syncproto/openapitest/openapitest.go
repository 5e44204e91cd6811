// Package openapitest checks a service against its OpenAPI document in
// tests: the edge and central each describe their API in an openapi.yaml,
// and their tests hold every answer, every route and the document's own
// conventions to it with the one checker here.
package openapitest

import (
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// Doc is an OpenAPI document as generic YAML values.
type Doc struct {
	Root map[string]any
}

// Parse reads an OpenAPI document.
func Parse(data []byte) (*Doc, error) {
	var root map[string]any
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, err
	}
	return &Doc{Root: root}, nil
}

// Operation is one method of one path of the document.
type Operation struct {
	Method string // upper case
	Path   string // the template, such as /api/v1/orders/{id}
	Spec   map[string]any
}

// Key returns "METHOD /path", the name of a route in these checks.
func (op Operation) Key() string { return op.Method + " " + op.Path }

// httpMethods are the operation keys of a path item.
var httpMethods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// Operations returns every operation of the document, sorted by key.
func (d *Doc) Operations() []Operation {
	var ops []Operation
	for path, item := range MapOf(d.Root["paths"]) {
		for method, spec := range MapOf(item) {
			if slices.Contains(httpMethods, method) {
				ops = append(ops, Operation{Method: strings.ToUpper(method), Path: path, Spec: MapOf(spec)})
			}
		}
	}
	slices.SortFunc(ops, func(a, b Operation) int { return strings.Compare(a.Key(), b.Key()) })
	return ops
}

// Find returns the operation that serves a request to a concrete path.
func (d *Doc) Find(method, path string) (Operation, bool) {
	for _, op := range d.Operations() {
		if op.Method == method && templateMatches(op.Path, path) {
			return op, true
		}
	}
	return Operation{}, false
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

// Resolve follows local references, such as #/components/schemas/Order,
// to the object they name; it returns nil for one that does not resolve.
func (d *Doc) Resolve(v any) map[string]any {
	m := MapOf(v)
	for {
		ref, ok := m["$ref"].(string)
		if !ok {
			return m
		}
		if m, ok = d.Lookup(ref); !ok {
			return nil
		}
	}
}

// Lookup returns the object a local reference points to.
func (d *Doc) Lookup(ref string) (map[string]any, bool) {
	name, ok := strings.CutPrefix(ref, "#/")
	if !ok {
		return nil, false
	}
	node := d.Root
	for _, part := range strings.Split(name, "/") {
		next, ok := node[part]
		if !ok {
			return nil, false
		}
		node = MapOf(next)
	}
	return node, node != nil
}

// MapOf returns v as a YAML mapping, or nil.
func MapOf(v any) map[string]any {
	m, _ := v.(map[string]any)
	return m
}
