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

//go:embed central/*.sql
var centralFiles embed.FS

// Edge returns the migrations of the pizzeria (SQLite) schema, at the root
// of the returned file system as goose expects them.
func Edge() fs.FS { return sub(edgeFiles, "edge") }

// Central returns the migrations of head office's (PostgreSQL) schema.
func Central() fs.FS { return sub(centralFiles, "central") }

func sub(files embed.FS, dir string) fs.FS {
	sub, err := fs.Sub(files, dir)
	if err != nil {
		// fs.Sub only fails on an invalid path, which is a constant here.
		panic(err)
	}
	return sub
}
