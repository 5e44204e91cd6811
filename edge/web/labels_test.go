package web

import (
	"io/fs"
	"regexp"
	"testing"
	"time"

	"github.com/ocpizza/ocpizza/edge"
)

// TestTemplatesUseKnownLabels checks that every label a template names,
// directly or through labelOf, is in the catalogue, so that no page shows
// a raw key.
func TestTemplatesUseKnownLabels(t *testing.T) {
	direct := regexp.MustCompile(`\bt "([a-z_.]+)"`)
	files, _ := fs.Glob(templateFS, "templates/*.html")
	for _, f := range files {
		body, _ := fs.ReadFile(templateFS, f)
		for _, m := range direct.FindAllStringSubmatch(string(body), -1) {
			if !edge.HasLabel(m[1]) {
				t.Errorf("%s: label %q missing from the catalogue", f, m[1])
			}
		}
	}

	// The values labelOf is given.
	values := map[string][]any{
		"channel":    {edge.ChannelPhone, edge.ChannelCounter, edge.ChannelWeb},
		"fulfilment": {edge.FulfilmentDelivery, edge.FulfilmentPickup},
		"payment":    {edge.PaymentCash, edge.PaymentCard, edge.PaymentOnline},
		"paystatus":  {edge.PaymentPending, edge.PaymentPaid, edge.PaymentRefunded},
		"kind": {edge.MovementReceipt, edge.MovementConsumption, edge.MovementReturn,
			edge.MovementWaste, edge.MovementAdjustment},
	}
	for _, r := range edge.Roles {
		values["role"] = append(values["role"], r)
	}
	for _, s := range edge.Statuses {
		if s != edge.StatusPlaced {
			values["action"] = append(values["action"], s)
		}
	}
	for prefix, vs := range values {
		for _, v := range vs {
			if key := prefix + "." + toString(v); !edge.HasLabel(key) {
				t.Errorf("label %q missing from the catalogue", key)
			}
		}
	}
	for _, p := range pages {
		if !edge.HasLabel(p.Label) {
			t.Errorf("page %s: label %q missing", p.ID, p.Label)
		}
	}
}

func toString(v any) string {
	switch v := v.(type) {
	case edge.Channel:
		return string(v)
	case edge.Fulfilment:
		return string(v)
	case edge.PaymentMethod:
		return string(v)
	case edge.PaymentStatus:
		return string(v)
	case edge.MovementKind:
		return string(v)
	case edge.Role:
		return string(v)
	case edge.Status:
		return string(v)
	}
	return ""
}

// TestPageRolesOwnTheirAction checks the page table against the domain's
// role table: a page never opens to a role that may not do what it shows.
func TestPageRolesOwnTheirAction(t *testing.T) {
	keys := map[string]bool{}
	for _, p := range pages {
		action, ok := pageAction[p.ID]
		if !ok {
			t.Errorf("page %s has no action", p.ID)
		}
		for _, r := range p.Roles {
			if !r.Can(action) {
				t.Errorf("page %s opens to %s, which may not %s", p.ID, r, action)
			}
		}
		if keys[p.Key] {
			t.Errorf("access key %q used twice", p.Key)
		}
		keys[p.Key] = true
	}
	for _, r := range edge.Roles {
		if len(pagesOf(r)) == 0 {
			t.Errorf("role %s has no page", r)
		}
	}
}

func TestFormats(t *testing.T) {
	money := map[int64]string{
		0: "0,00\u00a0€", 5: "0,05\u00a0€", 1250: "12,50\u00a0€", 123456: "1\u202f234,56\u00a0€",
		100000000: "1\u202f000\u202f000,00\u00a0€", -350: "-3,50\u00a0€",
	}
	for cents, want := range money {
		if got := formatMoney(cents); got != want {
			t.Errorf("formatMoney(%d) = %q, want %q", cents, got, want)
		}
	}
	ages := map[time.Duration]string{
		30 * time.Second: "à l'instant", 7 * time.Minute: "il y a 7 min", 65 * time.Minute: "il y a 1 h 05",
	}
	for d, want := range ages {
		if got := formatAge(d); got != want {
			t.Errorf("formatAge(%v) = %q, want %q", d, got, want)
		}
	}
	classes := map[time.Duration]string{9 * time.Minute: "age-ok", 10 * time.Minute: "age-warn", 25 * time.Minute: "age-late"}
	for d, want := range classes {
		if got := ageClass(d); got != want {
			t.Errorf("ageClass(%v) = %q, want %q", d, got, want)
		}
	}
	// Noon UTC in January is 13:00 in Paris.
	if got := formatClock(time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC)); got != "13:00" {
		t.Errorf("formatClock = %q, want 13:00", got)
	}
	if got := formatSpan(6*time.Minute + 30*time.Second); got != "6 min 30 s" {
		t.Errorf("formatSpan = %q", got)
	}
}
