package main

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/syncproto"
)

// genChunkDays is how many days of one pizzeria one bulk load takes.
const genChunkDays = 14

// genOptions say what history to generate.
type genOptions struct {
	pizzerias int
	days      int
	perDay    int
	seed      uint64
	last      time.Time // the last business date, a UTC midnight
	jobs      int       // pizzerias generated and loaded at once
}

// genChunk is the events of some days of one pizzeria, in its order.
type genChunk struct {
	pizzeria string
	orders   int
	events   []*syncproto.Event
	last     bool // the pizzeria's last chunk
}

// runGenHistory fills central with generated activity for load tests and
// benchmarks: pizzerias gen-01…, each with days of orders ending
// yesterday (or --last), as the events their edges would have sent. The
// events go through the ingest's bulk path (postgres.LoadEvents): into
// the raw log, then projected, report rows included, by the ingest's
// own code. It is meant for a database with no gen-… pizzeria yet.
func runGenHistory(ctx context.Context, args []string, _ io.Reader, stdout io.Writer) error {
	fs := program.FlagSet("gen-history", stdout)
	db := addDBFlags(fs)
	opts := genOptions{}
	fs.IntVar(&opts.pizzerias, "pizzerias", 8, "how many pizzerias")
	fs.IntVar(&opts.days, "days", 730, "days of history")
	fs.IntVar(&opts.perDay, "orders-per-day", 500, "mean orders per pizzeria and day")
	fs.IntVar(&opts.jobs, "jobs", 1, "pizzerias generated and loaded at once")
	fs.Uint64Var(&opts.seed, "seed", 1, "random seed: the same seed makes the same history")
	last := fs.String("last", "", "the last business date, 2006-01-02 (default yesterday)")
	if _, err := db.parse(fs, args); err != nil {
		return err
	}
	if err := opts.check(*last); err != nil {
		return err
	}
	store, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()

	// Register the pizzerias, then generate on one goroutine while the
	// database takes the previous chunk.
	for i := 1; i <= opts.pizzerias; i++ {
		p := &central.Pizzeria{ID: genPizzeria(i), Name: fmt.Sprintf("Pizzeria générée %d", i)}
		err := store.CreatePizzeria(ctx, p)
		if err != nil && central.ErrorCode(err) != central.ECONFLICT {
			return err
		}
	}
	// Each job generates and loads its pizzerias one after the other.
	began := time.Now()
	var mu sync.Mutex
	var orders, events int
	err = runJobs(ctx, opts.jobs, opts.pizzerias, func(ctx context.Context, i int) error {
		return generate(ctx, opts, i, func(c genChunk) error {
			if err := store.LoadEvents(ctx, c.events); err != nil {
				return err
			}
			mu.Lock()
			defer mu.Unlock()
			orders, events = orders+c.orders, events+len(c.events)
			if c.last {
				fmt.Fprintf(stdout, "%s: done; %d orders, %d events so far (%s)\n", c.pizzeria,
					orders, events, time.Since(began).Round(time.Second))
			}
			return nil
		})
	})
	if err != nil {
		return err
	}

	// The report tables of every generated day, so that the first report
	// over a range does not pay for them.
	if _, err := store.RefreshReports(ctx); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%d orders, %d events in %s\n", orders, events,
		time.Since(began).Round(time.Second))
	return nil
}

// runJobs runs fn for 1…n on jobs goroutines and returns the first error,
// after which the others stop.
func runJobs(ctx context.Context, jobs, n int, fn func(ctx context.Context, i int) error) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	next := make(chan int)
	var wg sync.WaitGroup
	for range jobs {
		wg.Go(func() {
			for i := range next {
				if err := fn(ctx, i); err != nil {
					cancel(err)
				}
			}
		})
	}
	for i := 1; i <= n && ctx.Err() == nil; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
	return context.Cause(ctx)
}

// check reads --last and checks the bounds.
func (o *genOptions) check(last string) error {
	if o.pizzerias < 1 || o.pizzerias > 99 || o.days < 1 || o.days > 3660 ||
		o.perDay < 1 || o.perDay > 20000 || o.jobs < 1 || o.jobs > 16 {
		return fmt.Errorf("gen-history: --pizzerias 1-99, --days 1-3660, " +
			"--orders-per-day 1-20000, --jobs 1-16")
	}
	o.last = central.ParisDate(time.Now()).AddDate(0, 0, -1)
	if last != "" {
		d, err := time.Parse(time.DateOnly, last)
		if err != nil {
			return fmt.Errorf("gen-history: --last: %w", err)
		}
		o.last = d
	}
	return nil
}

// genPizzeria is the id of the i-th generated pizzeria.
func genPizzeria(i int) string { return fmt.Sprintf("gen-%02d", i) }

// generate hands the history of the i-th pizzeria to load, genChunkDays
// at a time. The same options make the same events.
func generate(ctx context.Context, o genOptions, i int, load func(genChunk) error) error {
	g := &genOutbox{rng: rand.New(rand.NewPCG(o.seed, uint64(i))), catalog: syncproto.DemoCatalog(),
		pizzeria: genPizzeria(i), epoch: "generated", perDay: o.perDay, onHand: 200}
	first := o.last.AddDate(0, 0, 1-o.days)
	for d := 0; d < o.days; d += genChunkDays {
		c := genChunk{pizzeria: g.pizzeria, last: d+genChunkDays >= o.days}
		for day := d; day < min(d+genChunkDays, o.days); day++ {
			events, err := g.day(first.AddDate(0, 0, day))
			if err != nil {
				return err
			}
			c.events = append(c.events, events...)
		}
		c.orders = countCreated(c.events)
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := load(c); err != nil {
			return err
		}
	}
	return nil
}

// countCreated counts the orders created by events.
func countCreated(events []*syncproto.Event) int {
	n := 0
	for _, e := range events {
		if e.Type == syncproto.EventOrderCreated {
			n++
		}
	}
	return n
}
