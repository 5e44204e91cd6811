package sqlite_test

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ocpizza/ocpizza/edge"
	"github.com/ocpizza/ocpizza/edge/sqlite"
)

// BenchmarkOrderVsPlain measures a staff order of two lines (a pizza and a
// drink) through CreateOrder — resolve the lines, number the ticket,
// remember the customer, check and take the stock, write the order, its
// lines, history, movements and outbox event, commit with a full fsync —
// and, in the same run, two baselines with the same pragmas in a database
// of their own:
//
//   - same size: per transaction, plain INSERTs of as many rows and bytes
//     as one order writes (measured from the order database itself); this
//     is the floor the order path is judged against;
//   - one row: a single INSERT of one event payload's size per
//     transaction, the disk's bare commit rate.
//
// It prints the three rates and the ratios. Run with make bench.
func BenchmarkOrderVsPlain(b *testing.B) {
	place, size := benchOrders(b)
	sameSize := benchPlain(b, size.rows, size.bytes/size.rows)
	oneRow := benchPlain(b, 1, size.payload)
	b.ResetTimer()

	orderRate := rate(b.N, place)
	sameRate := rate(b.N, sameSize)
	oneRate := rate(b.N, oneRow)

	b.ReportMetric(orderRate, "orders/s")
	b.ReportMetric(sameRate, "same-size/s")
	b.ReportMetric(orderRate/sameRate, "ratio")
	report := fmt.Sprintf("orders %.0f/s; plain same-size transactions (%d rows, %d bytes) %.0f/s, ratio %.2f;"+
		" plain one-row transactions %.0f/s, ratio %.2f",
		orderRate, size.rows, size.bytes, sameRate, orderRate/sameRate, oneRate, orderRate/oneRate)
	b.Log(report)
	if b.N > 1 {
		fmt.Println("BenchmarkOrderVsPlain:", report)
	}
}

// rate runs fn n times and returns how many ran per second.
func rate(n int, fn func(i int)) float64 {
	start := time.Now()
	for i := range n {
		fn(i)
	}
	return float64(n) / time.Since(start).Seconds()
}

// footprint is what one order writes: rows inserted, bytes added to the
// database file, and the size of its event payload.
type footprint struct {
	rows, bytes, payload int
}

// benchOrders opens an order database with stock for every order a
// benchmark can place, places warm-up orders to measure one order's
// footprint, and returns a function that places order i.
func benchOrders(b *testing.B) (place func(i int), size footprint) {
	b.Helper()
	db := openTestDB(b)
	db.Now = time.Now
	receive(b, db, map[string]int64{
		"pate": edge.MaxMovementQty, "sauce-tomate": edge.MaxMovementQty,
		"mozzarella": edge.MaxMovementQty, "coca-cola-33cl": edge.MaxMovementQty,
	})
	place = func(i int) {
		create := phoneOrder(line("margherita", 1), line("coca-cola-33cl", 1))
		create.Customer.Name = fmt.Sprintf("Client %d", i%500)
		if _, err := db.CreateOrder(b.Context(), orderTaker, create); err != nil {
			b.Fatalf("order %d: %v", i, err)
		}
	}

	// The footprint, averaged over warm-up orders of new customers.
	const warmUp = 200
	conn := rawConn(b, db.Path)
	rowsBefore, bytesBefore := dbSize(b, conn)
	for i := range warmUp {
		place(-1 - i)
	}
	rowsAfter, bytesAfter := dbSize(b, conn)
	events := outbox(b, db)
	size = footprint{
		rows:    (rowsAfter - rowsBefore) / warmUp,
		bytes:   max((bytesAfter-bytesBefore)/warmUp, 1),
		payload: len(events[len(events)-1].Payload),
	}
	return place, size
}

// dbSize counts the rows of the tables an order writes and the bytes of
// the database's pages in use.
func dbSize(b *testing.B, conn *sql.DB) (rows, bytes int) {
	b.Helper()
	err := conn.QueryRow(`
		SELECT (SELECT count(*) FROM orders) + (SELECT count(*) FROM order_lines)
		     + (SELECT count(*) FROM order_history) + (SELECT count(*) FROM stock_movements)
		     + (SELECT count(*) FROM outbox) + (SELECT count(*) FROM customers)
		     + (SELECT count(*) FROM customer_addresses) + (SELECT count(*) FROM daily_tickets),
		       (SELECT page_count - freelist_count FROM pragma_page_count, pragma_freelist_count)
		       * (SELECT page_size FROM pragma_page_size)`).Scan(&rows, &bytes)
	if err != nil {
		b.Fatal(err)
	}
	return rows, bytes
}

// benchPlain opens a database of one table with the pragmas of the
// package's writer and returns a function that inserts, in a transaction
// of its own, n rows of size bytes each.
func benchPlain(b *testing.B, n, size int) func(i int) {
	b.Helper()
	conn, err := sql.Open("sqlite", sqlite.DSN(filepath.Join(b.TempDir(), "plain.db"), false))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { conn.Close() })
	conn.SetMaxOpenConns(1)
	if _, err := conn.Exec(`CREATE TABLE rows (id INTEGER PRIMARY KEY, body TEXT NOT NULL)`); err != nil {
		b.Fatal(err)
	}
	insert, err := conn.Prepare(`INSERT INTO rows (body) VALUES (?)`)
	if err != nil {
		b.Fatal(err)
	}
	body := strings.Repeat("x", size)
	return func(i int) {
		tx, err := conn.BeginTx(b.Context(), nil)
		if err != nil {
			b.Fatal(err)
		}
		for range n {
			if _, err := tx.Stmt(insert).Exec(body); err != nil {
				b.Fatal(err)
			}
		}
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
	}
}
