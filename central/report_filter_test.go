package central_test

import (
	"testing"
	"time"

	"github.com/ocpizza/ocpizza/central"
)

// TestReportSpans checks how a range splits into days, whole months and
// whole years: the parts are contiguous and cover the range exactly.
func TestReportSpans(t *testing.T) {
	cases := []struct {
		from, to           string
		monthFrom, monthTo string
		yearFrom, yearTo   string
	}{
		// A few days inside one month: days only.
		{"2026-01-05", "2026-01-10", "2026-01-11", "2026-01-11", "2026-01-11", "2026-01-11"},
		// One whole month.
		{"2026-02-01", "2026-02-28", "2026-02-01", "2026-03-01", "2026-03-01", "2026-03-01"},
		// Days, months, no whole year.
		{"2025-03-15", "2025-12-30", "2025-04-01", "2025-12-01", "2025-12-01", "2025-12-01"},
		// Two years to the day: one whole year inside.
		{"2024-12-03", "2026-12-02", "2025-01-01", "2026-12-01", "2025-01-01", "2026-01-01"},
		// Exactly two calendar years.
		{"2024-01-01", "2025-12-31", "2024-01-01", "2026-01-01", "2024-01-01", "2026-01-01"},
	}
	day := func(s string) time.Time {
		d, err := time.Parse(time.DateOnly, s)
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	for _, c := range cases {
		f := central.ReportFilter{From: day(c.from), To: day(c.to)}
		s := f.Spans()
		want := central.Spans{MonthFrom: day(c.monthFrom), MonthTo: day(c.monthTo),
			YearFrom: day(c.yearFrom), YearTo: day(c.yearTo)}
		if s != want {
			t.Errorf("%s…%s: %+v, want %+v", c.from, c.to, s, want)
		}
	}
}
