package demo

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	_ "modernc.org/sqlite"
)

// drill is the running system of the restore drill and its keys.
type drill struct {
	t           *testing.T
	cfg         Config
	dir         string
	stack       *Stack
	tills       []*client
	backupFiles [3]string // paris-11, lyon-2, central
}

// newDrill starts the demo, makes the age key pair of the backups, and
// stocks both pizzerias for the load.
func newDrill(t *testing.T) *drill {
	t.Helper()
	if _, err := exec.LookPath("age"); err != nil {
		t.Fatal("the drill needs age (apt-get install age)")
	}
	d := &drill{t: t, cfg: testConfig(t)}
	d.dir = filepath.Dir(d.cfg.VarDir)
	identity := filepath.Join(d.dir, "identity.txt")
	if out, err := exec.Command("age-keygen", "-o", identity).CombinedOutput(); err != nil {
		t.Fatalf("age-keygen: %v: %s", err, out)
	}
	recipient, err := exec.Command("age-keygen", "-y", identity).Output()
	if err != nil {
		t.Fatalf("age-keygen -y: %v", err)
	}
	if err := os.WriteFile(filepath.Join(d.dir, "recipients.txt"), recipient, 0o600); err != nil {
		t.Fatal(err)
	}

	stack, err := Start(context.Background(), d.cfg)
	if err != nil {
		t.Fatal(err)
	}
	d.stack = stack
	t.Cleanup(func() {
		if err := stack.Stop(); err != nil {
			t.Errorf("stop: %v", err)
		}
	})
	for i := range d.cfg.Pizzerias {
		d.tills = append(d.tills, login(t, stack.EdgeURL(i), "caisse"))
		manager := login(t, stack.EdgeURL(i), "gerant")
		for _, ing := range []string{"pate", "sauce-tomate", "mozzarella", "basilic"} {
			manager.call("POST", "/api/v1/stock/movements", map[string]any{
				"ingredient_id": ing, "kind": "receipt", "quantity": 1_000_000, "note": "exercice",
			}, http.StatusCreated, nil)
		}
	}
	return d
}

// orderRow is what a pizzeria and central must agree on about an order.
type orderRow struct {
	Status, PaymentStatus string
	Total, Version        int64
}

// checksum is a SHA-256 over the rows in id order.
func checksum(rows map[string]orderRow) string {
	ids := make([]string, 0, len(rows))
	for id := range rows {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	h := sha256.New()
	for _, id := range ids {
		fmt.Fprintf(h, "%s|%+v\n", id, rows[id])
	}
	return hex.EncodeToString(h.Sum(nil))
}

// truthUnion merges the pizzerias' rows.
func truthUnion(maps []map[string]orderRow) map[string]orderRow {
	all := map[string]orderRow{}
	for _, m := range maps {
		for id, r := range m {
			all[id] = r
		}
	}
	return all
}

// edgeOrders reads the orders of the i-th pizzeria from its database file.
func (d *drill) edgeOrders(i int) map[string]orderRow {
	d.t.Helper()
	db, err := sql.Open("sqlite", "file:"+d.stack.EdgeDB(i)+"?mode=ro&_pragma=busy_timeout(5000)")
	if err != nil {
		d.t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT id, status, payment_status, total_cents, version FROM orders`)
	if err != nil {
		d.t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]orderRow{}
	for rows.Next() {
		var id string
		var r orderRow
		if err := rows.Scan(&id, &r.Status, &r.PaymentStatus, &r.Total, &r.Version); err != nil {
			d.t.Fatal(err)
		}
		out[id] = r
	}
	if err := rows.Err(); err != nil {
		d.t.Fatal(err)
	}
	return out
}

// centralOrders reads central's orders of the i-th pizzeria, or of all
// when i < 0.
func (d *drill) centralOrders(i int) map[string]orderRow {
	d.t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, d.stack.DatabaseURL())
	if err != nil {
		d.t.Fatal(err)
	}
	defer conn.Close(ctx)
	filter := ""
	if i >= 0 {
		filter = d.cfg.Pizzerias[i].ID
	}
	rows, err := conn.Query(ctx, `
		SELECT id::text, status, payment_status, total_cents, version FROM orders
		WHERE $1 = '' OR pizzeria_id = $1`, filter)
	if err != nil {
		d.t.Fatal(err)
	}
	out := map[string]orderRow{}
	for rows.Next() {
		var id string
		var r orderRow
		if err := rows.Scan(&id, &r.Status, &r.PaymentStatus, &r.Total, &r.Version); err != nil {
			d.t.Fatal(err)
		}
		out[id] = r
	}
	if err := rows.Err(); err != nil {
		d.t.Fatal(err)
	}
	return out
}

// recreateDatabase drops central's database and makes it again, empty.
func (d *drill) recreateDatabase(ctx context.Context) {
	d.t.Helper()
	admin := strings.Replace(d.stack.DatabaseURL(), "/ocpizza?", "/postgres?", 1)
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		d.t.Fatal(err)
	}
	defer conn.Close(ctx)
	for _, q := range []string{`DROP DATABASE ocpizza WITH (FORCE)`, `CREATE DATABASE ocpizza`} {
		if _, err := conn.Exec(ctx, q); err != nil {
			d.t.Fatalf("%s: %v", q, err)
		}
	}
}

// edgeSync is the i-th pizzeria's sync status.
func (d *drill) edgeSync(i int) syncStatus {
	d.t.Helper()
	var st syncStatus
	login(d.t, d.stack.EdgeURL(i), "gerant").call("GET", "/api/v1/sync", nil, http.StatusOK, &st)
	return st
}

// waitConverged waits until central has applied everything each pizzeria
// wrote, in its current epoch, and each pizzeria knows it.
func (d *drill) waitConverged() {
	d.t.Helper()
	ops := login(d.t, d.stack.CentralURL(), "ops")
	for i, p := range d.cfg.Pizzerias {
		manager := login(d.t, d.stack.EdgeURL(i), "gerant")
		waitFor(d.t, time.Minute, p.ID+" converged", func() error {
			var st syncStatus
			if err := manager.try("GET", "/api/v1/sync", nil, http.StatusOK, &st); err != nil {
				return err
			}
			b, err := ops.branchOf(p.ID)
			switch {
			case err != nil:
				return err
			case b.Epoch != st.Epoch || b.LastSeq != st.LastSeq || st.Backlog != 0:
				return fmt.Errorf("central at %s:%d, pizzeria at %s:%d with %d waiting",
					b.Epoch, b.LastSeq, st.Epoch, st.LastSeq, st.Backlog)
			}
			return nil
		})
	}
}

// count runs a count query on central's database.
func (d *drill) count(ctx context.Context, query string) int64 {
	d.t.Helper()
	conn, err := pgx.Connect(ctx, d.stack.DatabaseURL())
	if err != nil {
		d.t.Fatal(err)
	}
	defer conn.Close(ctx)
	var n int64
	if err := conn.QueryRow(ctx, query).Scan(&n); err != nil {
		d.t.Fatal(err)
	}
	return n
}

// checkBackupMetrics checks the series the backup script leaves for
// node_exporter, on which OcpizzaBackupMissing alerts.
func (d *drill) checkBackupMetrics() {
	d.t.Helper()
	for _, target := range []string{"central", "paris-11", "lyon-2"} {
		data, err := os.ReadFile(filepath.Join(d.dir, "ocpizza_backup_"+target+".prom"))
		if err != nil {
			d.t.Fatal(err)
		}
		want := `ocpizza_backup_last_success_timestamp_seconds{kind=`
		if !strings.Contains(string(data), want) || !strings.Contains(string(data), `target="`+target+`"`) {
			d.t.Errorf("backup metrics of %s lack %s:\n%s", target, want, data)
		}
	}
}
