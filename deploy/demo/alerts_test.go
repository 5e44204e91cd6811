package demo

import (
	"io"
	"net/http"
	"os"
	"regexp"
	"strings"
	"testing"
)

// exposedLater are series of the alert rules that a fresh system does not
// expose yet, with where they come from.
var exposedLater = map[string]string{
	"ocpizza_central_ingest_errors_total": "a counter by stage, exposed from the first ingest error",
	"ocpizza_backup_last_success_timestamp_seconds": "written by deploy/backup/ocpizza-backup " +
		"(the restore drill checks it)",
}

// checkAlertMetrics checks that every ocpizza_ series the alert rules
// name is one that central or a pizzeria exposes on /metrics.
func checkAlertMetrics(t *testing.T, stack *Stack) {
	t.Helper()
	rules, err := os.ReadFile("../prometheus/alerts.yml")
	if err != nil {
		t.Fatal(err)
	}
	exposed := scrape(t, stack.CentralURL()+"/metrics") + scrape(t, stack.EdgeURL(0)+"/metrics")

	seen := map[string]bool{}
	for _, name := range regexp.MustCompile(`\bocpizza_[a-z_]*[a-z]`).FindAllString(string(rules), -1) {
		name = strings.TrimSuffix(name, "_bucket")
		if seen[name] || exposedLater[name] != "" {
			continue
		}
		seen[name] = true
		if !strings.Contains(exposed, "# TYPE "+name+" ") {
			t.Errorf("alerts.yml names %s, which neither central nor the edge exposes", name)
		}
	}
	if len(seen) < 10 {
		t.Errorf("only %d series found in alerts.yml", len(seen))
	}
}

// scrape returns a /metrics page.
func scrape(t *testing.T, url string) string {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}
