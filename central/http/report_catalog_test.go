package http_test

import (
	"context"
	"net/http"
	"slices"
	"testing"

	"github.com/ocpizza/ocpizza/central"
	centralhttp "github.com/ocpizza/ocpizza/central/http"
	"github.com/ocpizza/ocpizza/syncproto"
)

// liveBranch reads the live view of one pizzeria as head office.
func liveBranch(t *testing.T, env *testEnv, pizzeria string) *central.LiveBranch {
	t.Helper()
	var report central.LiveReport
	resp := env.as(t, central.RoleHeadOffice, "GET", "/api/v1/reports/live", nil)
	resp.wantStatus(t, http.StatusOK)
	resp.decode(t, &report)
	for _, b := range report.Pizzerias {
		if b.Pizzeria == pizzeria {
			return b
		}
	}
	t.Fatalf("%s not in the live view", pizzeria)
	return nil
}

func alertIDs(b *central.LiveBranch) []string {
	ids := []string{}
	for _, a := range b.LowStock {
		ids = append(ids, a.IngredientID)
	}
	slices.Sort(ids)
	return ids
}

// TestLiveAlertsFollowThePublishedCatalog reads the live view's stock
// alerts against the latest published catalog, as serve wires it: an
// ingredient at or below its threshold, a product short of an
// ingredient; head office raises a threshold and publishes, and the
// alert follows. A pizzeria with no stock known has no alerts.
func TestLiveAlertsFollowThePublishedCatalog(t *testing.T) {
	env, _ := newShopEnv(t)
	centralhttp.SetReportCatalog(env.Server, env.DB.FindPublishedCatalog)
	reportStock(t, env, "paris-11", map[string]int64{"pate": 12, "mozzarella": 50, "cola": 40})

	b := liveBranch(t, env, "paris-11")
	if got := alertIDs(b); !slices.Equal(got, []string{"mozzarella"}) {
		t.Fatalf("low stock %v, want mozzarella (50 g, threshold 1000)", got)
	}
	if !slices.Equal(b.Unmakeable, []string{"margherita"}) {
		t.Fatalf("unmakeable %v, want margherita (100 g of mozzarella each)", b.Unmakeable)
	}
	if lyon := liveBranch(t, env, "lyon-2"); len(lyon.LowStock) != 0 || len(lyon.Unmakeable) != 0 {
		t.Fatalf("lyon-2, stock unknown, has alerts: %+v %+v", lyon.LowStock, lyon.Unmakeable)
	}

	// Head office raises the dough's threshold to 20 and publishes.
	ctx := context.Background()
	if err := env.DB.SaveIngredient(ctx, syncproto.CatalogIngredient{ID: "pate", Name: "Pâte",
		Unit: "piece", LowThreshold: 20}); err != nil {
		t.Fatal(err)
	}
	if got := alertIDs(liveBranch(t, env, "paris-11")); !slices.Equal(got, []string{"mozzarella"}) {
		t.Fatalf("an unpublished draft moved the alerts: %v", got)
	}
	if _, err := env.DB.PublishCatalog(ctx, "siege"); err != nil {
		t.Fatal(err)
	}
	if got := alertIDs(liveBranch(t, env, "paris-11")); !slices.Equal(got, []string{"mozzarella", "pate"}) {
		t.Fatalf("low stock %v after the new threshold, want mozzarella and pate", got)
	}
}
