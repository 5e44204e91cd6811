package postgres_test

import (
	"context"
	"errors"
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

// raceOnDraft runs changes of the catalog draft at the same moment for
// certain (raceBehindLock on the draft's row).
func raceOnDraft(t *testing.T, db *postgres.DB, changes ...func(context.Context) error) []error {
	t.Helper()
	return raceBehindLock(t, db, `SELECT 1 FROM catalog_draft FOR UPDATE`, nil, changes...)
}

// oneWinner returns the index of the only change that succeeded; the
// others must have failed with ECONFLICT.
func oneWinner(t *testing.T, errs []error) int {
	t.Helper()
	winner := -1
	for i, err := range errs {
		switch code := central.ErrorCode(err); {
		case err == nil && winner < 0:
			winner = i
		case code != central.ECONFLICT:
			t.Fatalf("change %d: %v (errors %v, want one success, conflicts else)", i, err, errs)
		}
	}
	if winner < 0 {
		t.Fatalf("errors %v, want exactly one success", errs)
	}
	return winner
}

func TestCatalogConcurrentSavesOneWins(t *testing.T) {
	db, before := openDraftDB(t)
	margherita := draftProduct(t, before, "margherita")
	expected := central.CatalogExpected{Entry: before.Products["margherita"]}

	// Two editors save the same product from the same revision at once.
	prices := []int64{1100, 1200}
	var saves []func(context.Context) error
	for _, price := range prices {
		saves = append(saves, func(ctx context.Context) error {
			p := margherita
			p.PriceCents = price
			return db.SaveProduct(ctx, p, expected)
		})
	}
	winner := oneWinner(t, raceOnDraft(t, db, saves...))

	// The product is the winner's.
	after := findDraft(t, db)
	if got := draftProduct(t, after, "margherita").PriceCents; got != prices[winner] {
		t.Errorf("margherita at %d cents, want the winner's %d", got, prices[winner])
	}
	if after.Revision != before.Revision+1 {
		t.Errorf("draft revision %d, want %d", after.Revision, before.Revision+1)
	}
}

// TestCatalogNewEntryIDTaken creates the same new category from two forms
// at once: one makes it, the other is told the id is taken, on the field
// id; an id taken long before is refused the same way.
func TestCatalogNewEntryIDTaken(t *testing.T) {
	db, before := openDraftDB(t)
	names := []string{"Salades A", "Salades B"}
	var creates []func(context.Context) error
	for _, name := range names {
		creates = append(creates, func(ctx context.Context) error {
			return db.SaveCategory(ctx, syncproto.CatalogCategory{ID: "salade", Name: name},
				central.CatalogExpected{New: true})
		})
	}
	errs := raceOnDraft(t, db, creates...)
	winner := oneWinner(t, errs)
	var refusal *central.Error
	if !errors.As(errs[1-winner], &refusal) || refusal.Field != "id" {
		t.Fatalf("the other create: %v, want a refusal on the field id", errs[1-winner])
	}
	after := findDraft(t, db)
	for _, c := range after.Catalog.Categories {
		if c.ID == "salade" && c.Name != names[winner] {
			t.Fatalf("salade named %q, want the winner's %q", c.Name, names[winner])
		}
	}

	existing := before.Catalog.Ingredients[0]
	existing.Name = "Autre"
	err := db.SaveIngredient(t.Context(), existing, central.CatalogExpected{New: true})
	wantCode(t, err, central.ECONFLICT)
	if again := findDraft(t, db); again.Revision != after.Revision {
		t.Fatalf("a refused create moved the draft from %d to %d", after.Revision, again.Revision)
	}
}

// TestCatalogLostRevisionIsStale saves with a negative revision, what a
// page expects when its form lost the revision it was shown with: refused
// as stale, nothing written.
func TestCatalogLostRevisionIsStale(t *testing.T) {
	db, before := openDraftDB(t)
	p := draftProduct(t, before, "margherita")
	p.PriceCents = 100
	wantCode(t, db.SaveProduct(t.Context(), p, central.CatalogExpected{Entry: -1}), central.ECONFLICT)
	_, err := db.PublishCatalog(t.Context(), "siege", central.CatalogExpected{Draft: -1})
	wantCode(t, err, central.ECONFLICT)
	if after := findDraft(t, db); after.Revision != before.Revision {
		t.Fatalf("draft moved from %d to %d", before.Revision, after.Revision)
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
