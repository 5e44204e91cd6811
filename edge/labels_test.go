package edge

import (
	"strings"
	"testing"
)

func TestLabels(t *testing.T) {
	for _, k := range LabelKeys() {
		if strings.TrimSpace(Label(k)) == "" {
			t.Errorf("label %q is empty", k)
		}
	}
	if got := Label("order.ticket", 12); got != "N° 12" {
		t.Errorf("Label(order.ticket, 12) = %q", got)
	}
	if got := Label("no.such.label"); got != "no.such.label" {
		t.Errorf("a missing label shows %q, want its key", got)
	}
	if HasLabel("no.such.label") || !HasLabel("nav.order") {
		t.Error("HasLabel is wrong")
	}
}
