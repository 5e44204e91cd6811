package web_test

import (
	"net/http"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
)

// TestPagesAreCounted checks that the pages' requests are counted in the
// API's request series, by route pattern and status, so that the error
// alerts see the screens the staff use too.
func TestPagesAreCounted(t *testing.T) {
	site := newSite(t, nil)
	b := site.anonymous()
	if res := b.get("/login"); res.status != http.StatusOK {
		t.Fatalf("log-in page: %d", res.status)
	}
	if res := b.get("/commandes/nulle-part/ticket"); res.status == http.StatusOK {
		t.Fatalf("a page without a session answered 200")
	}
	site.login("caisse")

	reg := prometheus.NewRegistry()
	reg.MustRegister(site.requests)
	families, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]float64{} // "METHOD route status"
	for _, f := range families {
		if f.GetName() != "ocpizza_edge_http_requests_total" {
			continue
		}
		for _, m := range f.GetMetric() {
			labels := map[string]string{}
			for _, l := range m.GetLabel() {
				labels[l.GetName()] = l.GetValue()
			}
			counts[labels["method"]+" "+labels["route"]+" "+labels["status"]] += m.GetCounter().GetValue()
		}
	}
	for _, want := range []string{"GET /login 200", "POST /login 303"} {
		if counts[want] != 1 {
			t.Errorf("%s counted %v times; counts %v", want, counts[want], counts)
		}
	}
	if len(counts) < 3 {
		t.Errorf("counts %v, want the refused page counted too", counts)
	}
}
