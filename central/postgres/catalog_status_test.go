package postgres_test

import (
	"context"
	"testing"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/syncproto"
)

// TestFindPublishedCatalog reads back the newest version as it was sent,
// whatever was edited since.
func TestFindPublishedCatalog(t *testing.T) {
	db, _ := openSyncDB(t, "paris-11")
	ctx := context.Background()
	if c, err := db.FindPublishedCatalog(ctx); err != nil || c != nil {
		t.Fatalf("before any version: %v, %v", c, err)
	}
	if err := db.ReplaceCatalog(ctx, syncproto.DemoCatalog()); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, err := db.PublishCatalog(ctx, "siege"); err != nil {
			t.Fatal(err)
		}
	}

	// A price edited after publication is not in the published version.
	p := syncproto.DemoCatalog().Products[0]
	p.PriceCents = 1990
	if err := db.SaveProduct(ctx, p); err != nil {
		t.Fatal(err)
	}
	c, err := db.FindPublishedCatalog(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if c.Version != 2 || len(c.Products) != len(syncproto.DemoCatalog().Products) ||
		c.Products[0].PriceCents != syncproto.DemoCatalog().Products[0].PriceCents {
		t.Errorf("published catalog version %d, first product %+v", c.Version, c.Products[0])
	}
}

// TestFindCatalogAnswers follows a version to every pizzeria: one
// applies it, one refuses it, one has not been sent it yet, and one
// opened afterwards has no command for it.
func TestFindCatalogAnswers(t *testing.T) {
	db, _ := openSyncDB(t, "lyon-2", "nice-1", "paris-11")
	ctx := context.Background()
	if err := db.ReplaceCatalog(ctx, syncproto.DemoCatalog()); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if _, err := db.PublishCatalog(ctx, "siege"); err != nil {
			t.Fatal(err)
		}
	}
	addPizzeria(t, db, "rouen-1")

	// Version 2 is each pizzeria's second command; paris-11 and lyon-2
	// were sent theirs, and answer.
	commands := map[string]*syncproto.Command{}
	for _, c := range unpublished(t, db) {
		if c.Position == 2 {
			commands[c.Pizzeria] = c
		}
	}
	for _, id := range []string{"paris-11", "lyon-2"} {
		if err := db.MarkCommandsPublished(ctx, id, []int64{1, 2}); err != nil {
			t.Fatal(err)
		}
	}
	answer := func(id string) syncproto.CommandAnswer {
		return syncproto.CommandAnswer{CommandID: commands[id].ID, Position: 2,
			Type: syncproto.CommandCatalogVersion}
	}
	refused := answer("lyon-2")
	refused.Code, refused.Reason = syncproto.CodeConflict, "unité changée"
	paris, lyon := newOutbox(t, "paris-11", newUUID()), newOutbox(t, "lyon-2", newUUID())
	apply(t, db, batchOf(t,
		paris.event(syncproto.EventCommandAccepted, answer("paris-11")),
		lyon.event(syncproto.EventCommandRefused, refused),
	)...)

	answers, err := db.FindCatalogAnswers(ctx, 2)
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]*central.CatalogAnswer{}
	for _, a := range answers {
		byID[a.Pizzeria] = a
	}
	if len(answers) != 4 || answers[0].Pizzeria != "lyon-2" || answers[3].Pizzeria != "rouen-1" {
		t.Fatalf("%d answers, first %s", len(answers), answers[0].Pizzeria)
	}
	wantAnswer(t, byID["paris-11"], 2, true, central.AnswerAccepted, "")
	wantAnswer(t, byID["lyon-2"], 2, true, central.AnswerRefused, syncproto.CodeConflict)
	wantAnswer(t, byID["nice-1"], 2, false, "", "")
	wantAnswer(t, byID["rouen-1"], 0, false, "", "")
	if byID["lyon-2"].AnswerReason != "unité changée" || byID["paris-11"].AnsweredAt == nil ||
		byID["paris-11"].PizzeriaName != "Pizzeria paris-11" {
		t.Errorf("paris-11 %+v, lyon-2 %+v", byID["paris-11"], byID["lyon-2"])
	}

	// Version 1 is the first command of each, unanswered.
	first, err := db.FindCatalogAnswers(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	if first[0].Position != 1 || first[0].Answer != "" || first[3].Sent() {
		t.Errorf("version 1: %+v, %+v", first[0], first[3])
	}
}

// wantAnswer checks where a pizzeria stands with a version.
func wantAnswer(tb testing.TB, a *central.CatalogAnswer, position int64, published bool,
	answer, code string) {
	tb.Helper()
	switch {
	case a == nil:
		tb.Fatal("no answer row")
	case a.Position != position || (a.PublishedAt != nil) != published || a.Answer != answer ||
		a.AnswerCode != code:
		tb.Errorf("%s: %+v, want position %d, published %v, answer %q %q",
			a.Pizzeria, a, position, published, answer, code)
	}
}
