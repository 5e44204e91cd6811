package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/syncproto"
)

// runCatalog imports a catalog document as the catalog being edited, and
// publishes it to every pizzeria.
func runCatalog(ctx context.Context, args []string, _ io.Reader, stdout io.Writer) error {
	fs := program.FlagSet("catalog", stdout)
	db := addDBFlags(fs)
	publish := fs.Bool("publish", false, "publish the imported catalog as a new version at once")
	by := fs.String("by", "ocpizza-central", "who publishes, recorded with the version")
	positional, err := db.parse(fs, args)
	if err != nil {
		return err
	}
	importing := len(positional) == 2 && positional[0] == "import"
	publishing := len(positional) == 1 && positional[0] == "publish"
	if !importing && !publishing {
		fs.Usage()
		return fmt.Errorf("unknown catalog command %q", strings.Join(positional, " "))
	}

	// Read and check the whole document before opening the database.
	var catalog *syncproto.Catalog
	if importing {
		if catalog, err = readCatalogFile(positional[1]); err != nil {
			return err
		}
	}

	store, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	if importing {
		if err := store.ReplaceCatalog(ctx, catalog); err != nil {
			return userError(err)
		}
		fmt.Fprintf(stdout, "catalog imported: %d products, %d ingredients\n",
			len(catalog.Products), len(catalog.Ingredients))
		if !*publish {
			fmt.Fprintln(stdout, "publish it to the pizzerias with: ocpizza-central catalog publish")
			return nil
		}
	}
	return publishCatalog(ctx, store, stdout, *by)
}

// readCatalogFile reads and checks a catalog document.
func readCatalogFile(path string) (*syncproto.Catalog, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	catalog, err := syncproto.DecodeCatalog(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return catalog, nil
}

// publishCatalog publishes the catalog being edited as a new version.
func publishCatalog(ctx context.Context, catalogs central.CatalogService, stdout io.Writer, by string) error {
	v, err := catalogs.PublishCatalog(ctx, by)
	if err != nil {
		return userError(err)
	}
	fmt.Fprintf(stdout, "catalog version %d published: %d products, sent to %d pizzerias\n",
		v.Version, v.Products, v.Pizzerias)
	return nil
}

// runDemoData loads the demonstration catalog, the one `ocpizza-edge
// demo-data` loads, and publishes it to every pizzeria.
func runDemoData(ctx context.Context, args []string, _ io.Reader, stdout io.Writer) error {
	fs := program.FlagSet("demo-data", stdout)
	db := addDBFlags(fs)
	positional, err := db.parse(fs, args)
	if err != nil {
		return err
	}
	if len(positional) != 0 {
		fs.Usage()
		return fmt.Errorf("demo-data takes no argument, got %q", positional[0])
	}
	store, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()

	catalog := syncproto.DemoCatalog()
	if err := store.ReplaceCatalog(ctx, catalog); err != nil {
		return userError(err)
	}
	fmt.Fprintf(stdout, "demo catalog loaded: %d products, %d ingredients\n",
		len(catalog.Products), len(catalog.Ingredients))
	return publishCatalog(ctx, store, stdout, "demo-data")
}
