// Package migrations holds the numbered SQL migrations of every schema of
// OC Pizza, embedded so that each binary carries its own. Files are never
// edited once landed: a change is a new file with the next number.
package migrations

import (
	"embed"
	"io/fs"
)

//go:embed edge/*.sql
var edgeFiles embed.FS

// Edge returns the migrations of the pizzeria (SQLite) schema, at the root
// of the returned file system as goose expects them.
func Edge() fs.FS {
	sub, err := fs.Sub(edgeFiles, "edge")
	if err != nil {
		// fs.Sub only fails on an invalid path, which is a constant here.
		panic(err)
	}
	return sub
}
