package openapitest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"testing"
	"time"
)

// CheckResponse checks an answer to method and rawPath against the
// document: its status must be listed for the operation, its media type
// must be the one documented, and a JSON body must fit the schema, with
// no property the schema leaves out. Answers of routes the document does
// not have, such as pages, are left alone.
func (d *Doc) CheckResponse(tb testing.TB, method, rawPath string,
	status int, header http.Header, body []byte) {
	tb.Helper()
	u, err := url.Parse(rawPath)
	if err != nil {
		tb.Fatalf("parse %s: %v", rawPath, err)
	}
	op, ok := d.Find(method, u.Path)
	if !ok {
		return
	}
	label := method + " " + rawPath

	// The status, then the media type, then the body.
	spec, ok := MapOf(op.Spec["responses"])[strconv.Itoa(status)]
	if !ok {
		tb.Errorf("%s answered %d, which openapi.yaml does not list for %s; body %s",
			label, status, op.Key(), body)
		return
	}
	content := MapOf(d.Resolve(spec)["content"])
	if len(content) == 0 {
		if len(body) != 0 {
			tb.Errorf("%s: %d has a body, but openapi.yaml documents none", label, status)
		}
		return
	}
	mediaType, _, err := mime.ParseMediaType(header.Get("Content-Type"))
	if err != nil {
		tb.Errorf("%s: Content-Type %q: %v", label, header.Get("Content-Type"), err)
		return
	}
	media, ok := content[mediaType]
	if !ok {
		tb.Errorf("%s: %d is %s, which openapi.yaml does not document", label, status, mediaType)
		return
	}
	if mediaType != "application/json" {
		return
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var value any
	if err := dec.Decode(&value); err != nil {
		tb.Errorf("%s: body %s is not JSON: %v", label, body, err)
		return
	}
	for _, problem := range d.validate(MapOf(media)["schema"], value, "$") {
		tb.Errorf("%s: %d does not fit openapi.yaml: %s", label, status, problem)
	}
}

// validate checks a decoded JSON value against a schema of the subset of
// OpenAPI 3.0 that our documents use, and returns what does not fit.
// Objects are closed unless additionalProperties says otherwise.
func (d *Doc) validate(schemaRef any, v any, at string) []string {
	s := d.Resolve(schemaRef)
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

	switch s["type"] {
	case "object":
		return d.validateObject(s, v, at)
	case "array":
		return d.validateArray(s, v, at)
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
	case "number":
		if _, ok := v.(json.Number); !ok {
			return []string{fmt.Sprintf("%s: %T, want a number", at, v)}
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			return []string{fmt.Sprintf("%s: %T, want a boolean", at, v)}
		}
	default:
		return []string{fmt.Sprintf("%s: schema type %v is not handled by this check", at, s["type"])}
	}
	return nil
}

func (d *Doc) validateObject(s map[string]any, v any, at string) []string {
	obj, ok := v.(map[string]any)
	if !ok {
		return []string{fmt.Sprintf("%s: %T, want an object", at, v)}
	}
	var problems []string
	required, _ := s["required"].([]any)
	for _, name := range required {
		if _, ok := obj[fmt.Sprint(name)]; !ok {
			problems = append(problems, fmt.Sprintf("%s: required property %q missing", at, name))
		}
	}
	props := MapOf(s["properties"])
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

func (d *Doc) validateArray(s map[string]any, v any, at string) []string {
	items, ok := v.([]any)
	if !ok {
		return []string{fmt.Sprintf("%s: %T, want an array", at, v)}
	}
	var problems []string
	for i, item := range items {
		problems = append(problems, d.validate(s["items"], item, fmt.Sprintf("%s[%d]", at, i))...)
	}
	return problems
}

// checkFormat checks the formats our documents use: date-time and date.
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
