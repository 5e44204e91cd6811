package http_test

import (
	"context"
	"net/http"
	"regexp"
	"testing"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/syncproto"
)

var (
	// statutOpen is the opening tag of an order page's live region.
	statutOpen = regexp.MustCompile(`<section id="statut"[^>]*>`)
	// stampField is the digest the script compares fragments by.
	stampField = regexp.MustCompile(
		`class="order-state" data-status="[a-z_]+" data-stamp="([0-9a-f]{16})"`)
)

// stampOf returns the stamp of an order's region in a page or fragment.
func stampOf(t *testing.T, body []byte) string {
	t.Helper()
	m := stampField.FindSubmatch(body)
	if m == nil {
		t.Fatalf("no stamp in:\n%s", body)
	}
	return string(m[1])
}

// TestOrderPageLiveRegion checks what a screen reader hears on an
// order's page: not the whole region at each swap, only the status words
// and the message, which are a live part of their own; and the stamp by
// which the script leaves a fragment that changes nothing alone.
func TestOrderPageLiveRegion(t *testing.T) {
	w := newWebEnv(t)
	anna := customerCookie(w.customer)
	o := w.order(t, central.PayOnDelivery)
	path := "/commandes/" + o.ID

	page := w.page(t, path, anna)
	page.wantPage(t, http.StatusOK, `<div class="order-news" aria-live="polite" aria-atomic="true">`+
		"\n"+`<p class="status-words status-placed">`, `id="annuler"`, `id="modifier"`)
	open := statutOpen.Find(page.Body)
	if open == nil || regexp.MustCompile(`aria-live`).Match(open) {
		t.Fatalf("the whole region is live: %s", open)
	}

	// The same order: the same stamp in the fragment as in the page.
	frag := w.page(t, path+"/etat", anna)
	frag.wantStatus(t, http.StatusOK)
	if stampOf(t, frag.Body) != stampOf(t, page.Body) {
		t.Fatal("an unchanged order has another stamp")
	}

	// Accepted, which its message says: another stamp.
	(&pizzeria{id: "paris-11"}).accept(t, w, w.commands(t, "paris-11", syncproto.CommandOrderPlace)[0])
	moved := w.page(t, path+"/etat", anna)
	moved.wantStatus(t, http.StatusOK)
	if stampOf(t, moved.Body) == stampOf(t, page.Body) {
		t.Fatal("a moved order kept its stamp")
	}
}

// TestOrderRefundPending pays an order online and has paris-11 accept the
// customer's cancel: until the refund is made the page says it is on its
// way, not that the order is paid; then that it is refunded.
func TestOrderRefundPending(t *testing.T) {
	w := newWebEnv(t)
	anna := customerCookie(w.customer)
	o := w.order(t, central.PayOnline)
	w.payWith(t, o, "4242424242424242")
	eventually(t, "order.place", func() bool {
		return len(w.commands(t, "paris-11", syncproto.CommandOrderPlace)) == 1
	})
	p := &pizzeria{id: "paris-11"}
	p.accept(t, w, w.commands(t, "paris-11", syncproto.CommandOrderPlace)[0])
	w.page(t, "/commandes/"+o.ID+"/etat", anna).wantPage(t, http.StatusOK,
		"Paiement : payée en ligne")

	// Cancelled, the refund owed: on its way.
	w.postShop(t, "/commandes/"+o.ID+"/annuler", nil, anna).wantStatus(t, http.StatusSeeOther)
	p.accept(t, w, w.commands(t, "paris-11", syncproto.CommandOrderCancel)[0])
	w.page(t, "/commandes/"+o.ID+"/etat", anna).wantPage(t, http.StatusOK, "Annulée",
		"Paiement : remboursement en cours")

	// Refunded.
	if _, err := w.DB.RefundOwed(context.Background(), w.payments); err != nil {
		t.Fatal(err)
	}
	w.page(t, "/commandes/"+o.ID+"/etat", anna).wantPage(t, http.StatusOK,
		"Paiement : remboursée")
}
