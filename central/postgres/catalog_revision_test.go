package postgres_test

import (
	"context"
	"sync"
	"testing"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/central/postgres"
	"github.com/ocpizza/ocpizza/syncproto"
)

// openDraftDB is a database with the demo catalog in the draft, and the
// draft as read then.
func openDraftDB(tb testing.TB) (*postgres.DB, *central.CatalogDraft) {
	tb.Helper()
	db, _ := openSyncDB(tb, "paris-11")
	if err := db.ReplaceCatalog(tb.Context(), syncproto.DemoCatalog()); err != nil {
		tb.Fatal(err)
	}
	return db, findDraft(tb, db)
}

// findDraft reads the draft with its revisions.
func findDraft(tb testing.TB, db *postgres.DB) *central.CatalogDraft {
	tb.Helper()
	d, err := db.FindCatalogDraft(tb.Context())
	if err != nil {
		tb.Fatal(err)
	}
	return d
}

// draftProduct returns a product of a draft document.
func draftProduct(tb testing.TB, d *central.CatalogDraft, id string) syncproto.CatalogProduct {
	tb.Helper()
	for _, p := range d.Catalog.Products {
		if p.ID == id {
			return p
		}
	}
	tb.Fatalf("no product %s in the draft", id)
	return syncproto.CatalogProduct{}
}

func TestCatalogRevisions(t *testing.T) {
	db, before := openDraftDB(t)
	ctx := t.Context()
	margherita := draftProduct(t, before, "margherita")

	// Every entry of a replaced document has the draft's revision.
	if before.Revision < 2 || before.Products["margherita"] != before.Revision ||
		before.Categories["pizza"] != before.Revision || before.Ingredients["pate"] != before.Revision {
		t.Fatalf("revisions after the import: %+v", before)
	}

	// A save with the right revision gives the draft and the entry the next.
	margherita.PriceCents = 1250
	expected := central.CatalogExpected{Entry: before.Products["margherita"]}
	if err := db.SaveProduct(ctx, margherita, expected); err != nil {
		t.Fatal(err)
	}
	after := findDraft(t, db)
	if after.Revision != before.Revision+1 || after.Products["margherita"] != after.Revision ||
		after.Products["reine"] != before.Products["reine"] {
		t.Errorf("revisions after a save: draft %d, margherita %d, reine %d",
			after.Revision, after.Products["margherita"], after.Products["reine"])
	}

	// Each kind of change takes the next revision.
	if err := db.SaveCategory(ctx, syncproto.CatalogCategory{ID: "pizza", Name: "Pizzas"}); err != nil {
		t.Fatal(err)
	}
	if err := db.DeleteProduct(ctx, "reine"); err != nil {
		t.Fatal(err)
	}
	last := findDraft(t, db)
	if last.Revision != after.Revision+2 || last.Categories["pizza"] != after.Revision+1 {
		t.Errorf("revisions after a category and a withdrawal: %+v", last)
	}
}

func TestCatalogStaleRevisionRefused(t *testing.T) {
	db, before := openDraftDB(t)
	ctx := t.Context()

	// Someone else changes the margherita.
	margherita := draftProduct(t, before, "margherita")
	theirs := margherita
	theirs.PriceCents = 1290
	if err := db.SaveProduct(ctx, theirs); err != nil {
		t.Fatal(err)
	}
	changed := findDraft(t, db)

	// Saves and withdrawals from the revision read before are refused, and
	// write nothing.
	stale := central.CatalogExpected{Entry: before.Products["margherita"]}
	mine := margherita
	mine.PriceCents = 990
	wantCode(t, db.SaveProduct(ctx, mine, stale), central.ECONFLICT)
	wantCode(t, db.DeleteProduct(ctx, "margherita", stale), central.ECONFLICT)
	wantCode(t, db.SaveProduct(ctx, mine, central.CatalogExpected{Draft: before.Revision}),
		central.ECONFLICT)
	err := db.SaveCategory(ctx, syncproto.CatalogCategory{ID: "pizza", Name: "Pizzas"},
		central.CatalogExpected{Draft: before.Revision})
	wantCode(t, err, central.ECONFLICT)
	err = db.SaveIngredient(ctx, syncproto.CatalogIngredient{ID: "pate", Name: "Pâte", Unit: "g"},
		central.CatalogExpected{Entry: before.Ingredients["pate"] - 1})
	wantCode(t, err, central.ECONFLICT)
	wantCode(t, db.ReplaceCatalog(ctx, syncproto.DemoCatalog(), central.CatalogExpected{Draft: 1}),
		central.ECONFLICT)

	now := findDraft(t, db)
	if now.Revision != changed.Revision || draftProduct(t, now, "margherita").PriceCents != 1290 ||
		now.Categories["pizza"] != changed.Categories["pizza"] {
		t.Errorf("a refused change wrote: revision %d, want %d; margherita %+v", now.Revision,
			changed.Revision, draftProduct(t, now, "margherita"))
	}

	// An entry revision for an entry withdrawn since is stale too: the save
	// does not bring it back.
	if err := db.DeleteProduct(ctx, "reine"); err != nil {
		t.Fatal(err)
	}
	reine := draftProduct(t, before, "reine")
	wantCode(t, db.SaveProduct(ctx, reine, central.CatalogExpected{Entry: before.Products["reine"]}),
		central.ECONFLICT)
	if _, ok := findDraft(t, db).Products["reine"]; ok {
		t.Errorf("a stale save brought a withdrawn product back")
	}
}

func TestCatalogOtherEntryDoesNotConflict(t *testing.T) {
	db, before := openDraftDB(t)
	ctx := t.Context()

	// Product B changes after A's form was opened.
	reine := draftProduct(t, before, "reine")
	reine.PriceCents = 1390
	if err := db.SaveProduct(ctx, reine); err != nil {
		t.Fatal(err)
	}

	// A is saved with its own revision, read before B changed: accepted.
	margherita := draftProduct(t, before, "margherita")
	margherita.PriceCents = 1000
	expected := central.CatalogExpected{Entry: before.Products["margherita"]}
	if err := db.SaveProduct(ctx, margherita, expected); err != nil {
		t.Fatalf("saving margherita after reine changed: %v", err)
	}
	if p := draftProduct(t, findDraft(t, db), "margherita"); p.PriceCents != 1000 {
		t.Errorf("margherita at %d cents", p.PriceCents)
	}
}

func TestCatalogConcurrentSavesOneWins(t *testing.T) {
	db, before := openDraftDB(t)
	ctx := t.Context()
	margherita := draftProduct(t, before, "margherita")
	expected := central.CatalogExpected{Entry: before.Products["margherita"]}

	// Two editors save the same product from the same revision at once.
	prices := []int64{1100, 1200}
	errs := make([]error, len(prices))
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i, price := range prices {
		wg.Go(func() {
			p := margherita
			p.PriceCents = price
			<-start
			errs[i] = db.SaveProduct(context.WithoutCancel(ctx), p, expected)
		})
	}
	close(start)
	wg.Wait()

	// Exactly one wins, and the product is the winner's.
	winner := -1
	for i, err := range errs {
		switch central.ErrorCode(err) {
		case "":
			winner = i
		case central.ECONFLICT:
		default:
			t.Fatalf("save %d: %v", i, err)
		}
	}
	if winner < 0 || errs[0] == nil && errs[1] == nil {
		t.Fatalf("errors %v, want exactly one conflict", errs)
	}
	after := findDraft(t, db)
	if got := draftProduct(t, after, "margherita").PriceCents; got != prices[winner] {
		t.Errorf("margherita at %d cents, want the winner's %d", got, prices[winner])
	}
	if after.Revision != before.Revision+1 {
		t.Errorf("draft revision %d, want %d", after.Revision, before.Revision+1)
	}
}

func TestCatalogPublishStaleDraft(t *testing.T) {
	db, reviewed := openDraftDB(t)
	ctx := t.Context()

	// The draft changes after the publisher reviewed it: refused, nothing
	// published.
	drink := syncproto.CatalogCategory{ID: "drink", Name: "Boissons fraîches"}
	if err := db.SaveCategory(ctx, drink); err != nil {
		t.Fatal(err)
	}
	_, err := db.PublishCatalog(ctx, "siege", central.CatalogExpected{Draft: reviewed.Revision})
	wantCode(t, err, central.ECONFLICT)
	if versions, _ := db.FindCatalogVersions(ctx); len(versions) != 0 {
		t.Fatalf("a stale publication published %+v", versions)
	}

	// Reviewed again, it is published; publishing leaves the revision.
	current := findDraft(t, db)
	v, err := db.PublishCatalog(ctx, "siege", central.CatalogExpected{Draft: current.Revision})
	if err != nil || v.Version != 1 {
		t.Fatalf("publish = %+v, %v", v, err)
	}
	if again := findDraft(t, db); again.Revision != current.Revision {
		t.Errorf("publishing moved the draft revision from %d to %d", current.Revision, again.Revision)
	}
}
