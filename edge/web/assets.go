package web

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"io/fs"
	"mime"
	"net/http"
	"path"

	"github.com/go-chi/chi/v5"
)

//go:embed assets
var assetFS embed.FS

// asset is one embedded file with its content hash, which versions its
// URL: a changed file has a new URL, so browsers may cache for a year.
type asset struct {
	body []byte
	hash string
}

// assets are the embedded styles and scripts, by name, hashed once.
var assets = loadAssets()

func loadAssets() map[string]asset {
	out := map[string]asset{}
	entries, err := fs.ReadDir(assetFS, "assets")
	if err != nil {
		panic(err)
	}
	for _, e := range entries {
		body, err := assetFS.ReadFile("assets/" + e.Name())
		if err != nil {
			panic(err)
		}
		sum := sha256.Sum256(body)
		out[e.Name()] = asset{body: body, hash: hex.EncodeToString(sum[:8])}
	}
	return out
}

// assetPath returns the versioned URL of an embedded file.
func assetPath(name string) string {
	return "/assets/" + name + "?v=" + assets[name].hash
}

// handleAsset serves an embedded file with its hash as ETag.
func handleAsset(w http.ResponseWriter, r *http.Request) {
	a, ok := assets[chi.URLParam(r, "name")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	etag := `"` + a.hash + `"`
	w.Header().Set("ETag", etag)
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	if r.Header.Get("If-None-Match") == etag {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.Header().Set("Content-Type", mime.TypeByExtension(path.Ext(chi.URLParam(r, "name"))))
	_, _ = w.Write(a.body)
}
