package http

import (
	_ "embed"
	"net/http"
)

// OpenAPI is the OpenAPI 3 description of central's JSON API.
//
//go:embed openapi.yaml
var OpenAPI []byte

// handleOpenAPI serves the API description.
func handleOpenAPI(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/yaml; charset=utf-8")
	_, _ = w.Write(OpenAPI)
}
