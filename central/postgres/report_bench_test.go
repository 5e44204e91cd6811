package postgres_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/central/postgres"
	"github.com/ocpizza/ocpizza/syncproto"
)

// BenchmarkReports times every dashboard query on the database named by
// OCPIZZA_BENCH_DATABASE_URL, filled by `ocpizza-central gen-history`,
// and prints the median and 95th percentile of each beside a plain
// sequential scan of the orders table measured in the same run.
func BenchmarkReports(b *testing.B) {
	url := os.Getenv("OCPIZZA_BENCH_DATABASE_URL")
	if url == "" {
		b.Skip("set OCPIZZA_BENCH_DATABASE_URL to a database filled by ocpizza-central gen-history")
	}
	ctx := context.Background()
	db, err := postgres.Open(ctx, url)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	var orders int64
	var last time.Time
	if err := db.Pool.QueryRow(ctx, `SELECT count(*), max(business_date) FROM orders`).
		Scan(&orders, &last); err != nil {
		b.Fatal(err)
	}
	b.Logf("%d orders, the last on %s", orders, last.Format(time.DateOnly))

	period := func(days int, pizzeria string) func() error {
		f := central.ReportFilter{From: last.AddDate(0, 0, 1-days), To: last, Pizzeria: pizzeria}
		return func() error { _, err := db.PeriodReport(ctx, f); return err }
	}
	queries := []struct {
		name string
		run  func() error
	}{
		{"seq scan of orders (baseline)", func() error {
			var n, sum int64
			return db.Pool.QueryRow(ctx, `SELECT count(*), sum(total_cents) FROM orders`).
				Scan(&n, &sum)
		}},
		{"live view", func() error { _, err := db.LiveReport(ctx, ""); return err }},
		{"period 1 day, all", period(1, "")},
		{"period 7 days, all", period(7, "")},
		{"period 31 days, all", period(31, "")},
		{"period 92 days, all", period(92, "")},
		{"period 365 days, all", period(365, "")},
		{"period 730 days, all", period(730, "")},
		{"period 730 days, gen-01", period(730, "gen-01")},
		{"sales 31 days, all", func() error {
			f := central.ReportFilter{From: last.AddDate(0, 0, -30), To: last}
			_, err := db.SalesReport(ctx, f)
			return err
		}},
	}
	for _, q := range queries {
		b.Run(q.name, func(b *testing.B) {
			var times []time.Duration
			for b.Loop() {
				start := time.Now()
				if err := q.run(); err != nil {
					b.Fatal(err)
				}
				times = append(times, time.Since(start))
			}
			slices.Sort(times)
			median, p95 := times[len(times)/2], times[len(times)*95/100]
			b.ReportMetric(float64(median.Microseconds())/1000, "median-ms")
			b.ReportMetric(float64(p95.Microseconds())/1000, "p95-ms")
			fmt.Printf("%-32s median %8.2f ms   p95 %8.2f ms   (%d runs)\n", q.name,
				float64(median.Microseconds())/1000, float64(p95.Microseconds())/1000, len(times))
		})
	}
}

// BenchmarkApplyBatchReportUpkeep measures what keeping the report tables
// costs the ingest (marking the days it touches dirty), and how long the
// refresher then takes to recompute them: a catch-up of 100,000 events in batches of 1,000, as
// BenchmarkApplyBatch, applied with the upkeep switched off (the baseline,
// the ingest before the reports) and on, each into a new database, for two
// histories: BenchmarkApplyBatch's own, 25,000 orders of a single day
// (each run of events recomputes that whole day), and the same orders
// spread 500 a day.
//
//	go test ./postgres -run '^$' -bench ApplyBatchReportUpkeep -benchtime 1x
func BenchmarkApplyBatchReportUpkeep(b *testing.B) {
	const total, size = 100_000, 1_000
	for range b.N {
		for _, perDay := range []int{0, 500} {
			rates := map[bool]float64{}
			for _, upkeep := range []bool{false, true} {
				rates[upkeep] = catchUpRate(b, perDay, upkeep, total, size)
			}
			name := "one day"
			if perDay > 0 {
				name = fmt.Sprintf("%d orders a day", perDay)
			}
			fmt.Printf("catch-up of %d events, %s: without report upkeep %.0f events/s, "+
				"with %.0f events/s (%.0f%% of it)\n", total, name, rates[false], rates[true],
				100*rates[true]/rates[false])
			b.ReportMetric(rates[true], fmt.Sprintf("events/s-%d-a-day", perDay))
		}
	}
}

// catchUpRate applies a catch-up into a new database and returns its rate.
func catchUpRate(b *testing.B, perDay int, upkeep bool, total, size int) float64 {
	b.StopTimer()
	defer postgres.SetReportUpkeep(upkeep)()
	db, _ := openSyncDB(b, "paris-11")
	events := catchUpEvents(b, "epoch-1", total)
	if perDay > 0 {
		spreadOverDays(b, events, perDay)
	}
	var batches [][]central.Received
	for start := 0; start < total; start += size {
		batches = append(batches, batchOf(b, events[start:start+size]...))
	}
	b.StartTimer()

	start := time.Now()
	for _, batch := range batches {
		if _, err := db.ApplyBatch(context.Background(), batch); err != nil {
			b.Fatal(err)
		}
	}
	rate := float64(total) / time.Since(start).Seconds()

	// The refresher's work, out of the ingest: every day marked, once.
	if upkeep {
		start = time.Now()
		days, err := db.RefreshReports(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		fmt.Printf("  then refreshing the %d dirty days took %s\n", days,
			time.Since(start).Round(time.Millisecond))
	}
	return rate
}

// spreadOverDays rewrites catch-up events so that their orders fall on
// successive business dates, perDay orders a day, with their times and
// those of their movements moved as many days on.
func spreadOverDays(tb testing.TB, events []*syncproto.Event, perDay int) {
	day := map[string]int{} // order id → days on
	for _, e := range events {
		var p syncproto.OrderPayload
		if err := json.Unmarshal(e.Payload, &p); err != nil {
			tb.Fatal(err)
		}
		n, ok := day[p.Order.ID]
		if !ok {
			n = len(day) / perDay
			day[p.Order.ID] = n
		}
		shift := time.Duration(n) * 24 * time.Hour
		o := &p.Order
		o.CreatedAt, o.UpdatedAt = o.CreatedAt.Add(shift), o.UpdatedAt.Add(shift)
		o.BusinessDate = central.ParisDate(o.CreatedAt).Format(time.DateOnly)
		if o.Transition != nil {
			o.Transition.At = o.Transition.At.Add(shift)
		}
		for i := range p.Movements {
			p.Movements[i].At = p.Movements[i].At.Add(shift)
		}
		data, err := json.Marshal(p)
		if err != nil {
			tb.Fatal(err)
		}
		e.Payload = data
	}
}
