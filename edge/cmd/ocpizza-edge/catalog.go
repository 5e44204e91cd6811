package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/ocpizza/ocpizza/syncproto"
)

// runCatalog applies a catalog document from a file.
func runCatalog(ctx context.Context, args []string, _ io.Reader, stdout io.Writer) error {
	fs := program.FlagSet("catalog", stdout)
	db := addDBFlags(fs)
	positional, err := db.parse(fs, args)
	if err != nil {
		return err
	}
	if len(positional) != 2 || positional[0] != "import" {
		fs.Usage()
		return errors.New("usage: catalog import FILE")
	}

	// Read and check the whole document before opening the database.
	f, err := os.Open(positional[1])
	if err != nil {
		return err
	}
	defer f.Close()
	catalog, err := syncproto.DecodeCatalog(f)
	if err != nil {
		return fmt.Errorf("%s: %w", positional[1], err)
	}

	store, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	if err := store.ImportCatalog(ctx, catalog); err != nil {
		return userError(err)
	}
	fmt.Fprintf(stdout, "catalog version %d applied: %d products, %d ingredients\n",
		catalog.Version, len(catalog.Products), len(catalog.Ingredients))
	return nil
}
