package http_test

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ocpizza/ocpizza/central"
)

// TestReportRoles checks who may read reports: head office every
// pizzeria, a manager only their own, every other role nothing.
func TestReportRoles(t *testing.T) {
	e := newEnv(t)
	const q = "?from=2026-12-01&to=2026-12-07"

	// Head office sees both pizzerias.
	resp := e.as(t, central.RoleHeadOffice, "GET", "/api/v1/reports/sales"+q, nil)
	resp.wantStatus(t, http.StatusOK)
	var sales central.SalesReport
	resp.decode(t, &sales)
	if len(sales.Coverage) != 2 || sales.Pizzeria != "" {
		t.Errorf("head office: coverage %+v, branch %q", sales.Coverage, sales.Pizzeria)
	}

	// A manager sees their pizzeria, by default or by name, and no other.
	for _, path := range []string{"/api/v1/reports/sales" + q,
		"/api/v1/reports/sales" + q + "&branch=" + testPizzeria} {
		resp = e.as(t, central.RoleManager, "GET", path, nil)
		resp.wantStatus(t, http.StatusOK)
		sales = central.SalesReport{}
		resp.decode(t, &sales)
		if sales.Pizzeria != testPizzeria || len(sales.Coverage) != 1 {
			t.Errorf("manager %s: branch %q, coverage %+v", path, sales.Pizzeria, sales.Coverage)
		}
	}
	for _, path := range []string{"/api/v1/reports/sales", "/api/v1/reports/period",
		"/api/v1/reports/live"} {
		e.as(t, central.RoleManager, "GET", path+q+"&branch=lyon-2", nil).
			wantStatus(t, http.StatusForbidden)
	}

	// Every other role is refused, and nobody logged out gets in.
	for _, role := range []central.Role{central.RoleOps, central.RoleDriver,
		central.RoleOrderTaker, central.RolePizzaiolo} {
		e.as(t, role, "GET", "/api/v1/reports/period"+q, nil).wantStatus(t, http.StatusForbidden)
		e.as(t, role, "GET", "/api/v1/reports/live", nil).wantStatus(t, http.StatusForbidden)
	}
	e.do(t, "", "GET", "/api/v1/reports/sales"+q, nil).wantStatus(t, http.StatusUnauthorized)
}

func TestReportBadFilters(t *testing.T) {
	e := newEnv(t)
	for _, q := range []string{
		"?from=2026-13-01&to=2026-12-07", // no such month
		"?from=2026-12-07&to=2026-12-01", // reversed
		"?from=2026-12-01",               // no end
		"?from=2020-01-01&to=2026-12-01", // over 400 days for the sales call
		"?from=2026-12-01&to=2026-12-07&branch=Paris%2011",
	} {
		e.as(t, central.RoleHeadOffice, "GET", "/api/v1/reports/sales"+q, nil).
			wantStatus(t, http.StatusUnprocessableEntity)
	}
	const tenYears = "/api/v1/reports/period?from=2020-01-01&to=2026-12-01"
	e.as(t, central.RoleHeadOffice, "GET", tenYears, nil).
		wantStatus(t, http.StatusOK)
}

func TestReportPeriodAndLive(t *testing.T) {
	e := newEnv(t)
	const week = "/api/v1/reports/period?from=2026-12-01&to=2026-12-07"
	resp := e.as(t, central.RoleHeadOffice, "GET", week, nil)
	resp.wantStatus(t, http.StatusOK)
	var r central.PeriodReport
	resp.decode(t, &r)
	if r.Previous.From != "2026-11-24" || len(r.Hours) != 24 || len(r.Weekdays) != 7 {
		t.Errorf("period report: previous %+v, %d hours, %d weekdays", r.Previous, len(r.Hours),
			len(r.Weekdays))
	}

	resp = e.as(t, central.RoleManager, "GET", "/api/v1/reports/live", nil)
	resp.wantStatus(t, http.StatusOK)
	var live central.LiveReport
	if err := json.Unmarshal(resp.Body, &live); err != nil {
		t.Fatal(err)
	}
	if len(live.Pizzerias) != 1 || live.Pizzerias[0].Pizzeria != testPizzeria {
		t.Errorf("a manager's live view: %+v", live.Pizzerias)
	}
}

func TestReportPages(t *testing.T) {
	e := newEnv(t)
	get := func(role central.Role, path string) *response {
		return e.send(t, "GET", path, nil, e.withCookie(role))
	}

	// The pages and an export, for head office.
	resp := get(central.RoleHeadOffice, "/reports?from=2026-12-01&to=2026-12-07")
	resp.wantStatus(t, http.StatusOK)
	for _, want := range []string{"<svg", "Lyon Confluence", "table=products", "90e centile"} {
		if !strings.Contains(string(resp.Body), want) {
			t.Errorf("report page lacks %q", want)
		}
	}
	resp = get(central.RoleHeadOffice, "/dashboard")
	resp.wantStatus(t, http.StatusOK)
	if !strings.Contains(string(resp.Body), "Paris Bastille") {
		t.Error("dashboard lacks a pizzeria")
	}
	const coverage = "/reports/export?table=coverage&from=2026-12-01&to=2026-12-07"
	resp = get(central.RoleHeadOffice, coverage)
	resp.wantStatus(t, http.StatusOK)
	if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") ||
		!strings.HasPrefix(string(resp.Body), "pizzeria,complete_until,backlog,held\n") {
		t.Errorf("export: %s\n%s", ct, resp.Body)
	}
	get(central.RoleHeadOffice, "/reports/export?table=nope").
		wantStatus(t, http.StatusUnprocessableEntity)

	// A manager sees only their pizzeria; ops not at all.
	resp = get(central.RoleManager, "/dashboard")
	resp.wantStatus(t, http.StatusOK)
	if strings.Contains(string(resp.Body), "Lyon Confluence") {
		t.Error("a manager's dashboard shows another pizzeria")
	}
	get(central.RoleManager, "/reports?branch=lyon-2").wantStatus(t, http.StatusForbidden)
	get(central.RoleOps, "/dashboard").wantStatus(t, http.StatusForbidden)
	get(central.RoleOps, "/reports/export?table=live").wantStatus(t, http.StatusForbidden)
}

// openDashboardFeed opens the live dashboard's feed with a role's
// session cookie.
func (e *testEnv) openDashboardFeed(tb testing.TB, role central.Role) *feed {
	tb.Helper()
	ctx, cancel := context.WithTimeout(tb.Context(), 20*time.Second)
	req := e.request(tb, ctx, "GET", "/dashboard/events", nil)
	e.withCookie(role)(req)
	res, err := e.client.Do(req)
	if err != nil {
		cancel()
		tb.Fatalf("open dashboard feed: %v", err)
	}
	tb.Cleanup(func() {
		cancel()
		_ = res.Body.Close()
	})
	if res.StatusCode != http.StatusOK {
		tb.Fatalf("dashboard feed: status %d", res.StatusCode)
	}
	return &feed{res: res, lines: bufio.NewReader(res.Body), cancel: cancel}
}

// nextTable returns the HTML of the next message event: its data lines
// joined, as a browser's EventSource joins them.
func (f *feed) nextTable(tb testing.TB) string {
	tb.Helper()
	var lines []string
	for {
		line, err := f.lines.ReadString('\n')
		if err != nil {
			tb.Fatalf("read feed: %v", err)
		}
		line = strings.TrimSuffix(line, "\n")
		if data, ok := strings.CutPrefix(line, "data: "); ok {
			lines = append(lines, data)
		} else if line == "" && len(lines) > 0 {
			return strings.Join(lines, "\n")
		}
	}
}

// TestDashboardEvents checks the live dashboard's feed: the table at
// once, again soon after the ingest announces a batch (well before the
// periodic push), a manager's only their pizzeria, other roles refused.
func TestDashboardEvents(t *testing.T) {
	e := newEnv(t)
	f := e.openDashboardFeed(t, central.RoleHeadOffice)
	if ct := f.res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
		t.Errorf("Content-Type %q", ct)
	}
	if table := f.nextTable(t); !strings.Contains(table, "Paris Bastille") ||
		!strings.Contains(table, "Lyon Confluence") {
		t.Fatalf("first table lacks a pizzeria:\n%s", table)
	}

	// A new pizzeria, announced as the ingest announces its batches.
	err := e.DB.CreatePizzeria(t.Context(), &central.Pizzeria{ID: "nice-1", Name: "Nice Port"})
	if err != nil {
		t.Fatal(err)
	}
	e.Server.BranchesChanged()
	start := time.Now()
	for !strings.Contains(f.nextTable(t), "Nice Port") {
	}
	if waited := time.Since(start); waited > 5*time.Second {
		t.Errorf("the change took %v to arrive", waited)
	}

	// A manager's feed shows their pizzeria only; ops gets none.
	if table := e.openDashboardFeed(t, central.RoleManager).nextTable(t); strings.Contains(table,
		"Lyon Confluence") || !strings.Contains(table, "Paris Bastille") {
		t.Errorf("a manager's feed:\n%s", table)
	}
	e.send(t, "GET", "/dashboard/events", nil, e.withCookie(central.RoleOps)).
		wantStatus(t, http.StatusForbidden)
}
