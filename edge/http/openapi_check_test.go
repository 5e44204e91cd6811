package http_test

import (
	"sync"
	"testing"

	edgehttp "github.com/ocpizza/ocpizza/edge/http"
	"github.com/ocpizza/ocpizza/syncproto/openapitest"
)

var parseOpenAPI = sync.OnceValues(func() (*openapitest.Doc, error) {
	return openapitest.Parse(edgehttp.OpenAPI)
})

// loadOpenAPI returns the embedded openapi.yaml, parsed once.
func loadOpenAPI(tb testing.TB) *openapitest.Doc {
	tb.Helper()
	doc, err := parseOpenAPI()
	if err != nil {
		tb.Fatalf("parse openapi.yaml: %v", err)
	}
	return doc
}
