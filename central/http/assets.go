package http

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"mime"
	"net/http"
	"path"
	"time"

	"github.com/go-chi/chi/v5"
)

//go:embed assets
var assetFiles embed.FS

// asset is one embedded file with the validator that browsers revalidate
// it with: embedded files have no modification time to offer.
type asset struct {
	data        []byte
	etag        string
	contentType string
}

// assets are the console's script and style sheet, by file name.
var assets = func() map[string]asset {
	entries, err := assetFiles.ReadDir("assets")
	if err != nil {
		panic(err)
	}
	m := map[string]asset{}
	for _, e := range entries {
		data, err := assetFiles.ReadFile("assets/" + e.Name())
		if err != nil {
			panic(err)
		}
		sum := sha256.Sum256(data)
		m[e.Name()] = asset{
			data:        data,
			etag:        `"` + hex.EncodeToString(sum[:8]) + `"`,
			contentType: mime.TypeByExtension(path.Ext(e.Name())),
		}
	}
	return m
}()

// handleAsset serves an embedded file. Browsers keep it and ask again each
// time with its ETag, so a new release is picked up at once.
func handleAsset(w http.ResponseWriter, r *http.Request) {
	a, ok := assets[chi.URLParam(r, "name")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", a.contentType)
	h.Set("Cache-Control", "no-cache")
	h.Set("ETag", a.etag)
	h.Set("X-Content-Type-Options", "nosniff")
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(a.data))
}
