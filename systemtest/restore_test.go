package systemtest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/ocpizza/ocpizza/edge/sqlite"
	"github.com/ocpizza/ocpizza/syncproto/natstest"
)

var errNotYet = errors.New("not yet")

// TestRestoredEdgeStartsNewEpoch: a pizzeria's database is put back from
// an older copy while central holds more of its epoch — a backup made by
// ocpizza-edge backup (which starts a new epoch when opened), or a plain
// copy of the file taken while the pizzeria was stopped (which the
// handshake catches). Either way the edge works under a new epoch, the
// console reports it, no sequence number is used twice for different
// events, and nothing central had is lost.
func TestRestoredEdgeStartsNewEpoch(t *testing.T) {
	for name, save := range map[string]func(t *testing.T, e *edgeNode) string{
		"backup": func(t *testing.T, e *edgeNode) string {
			path := filepath.Join(t.TempDir(), "backup.db")
			if err := sqlite.Backup(context.Background(), e.path, path); err != nil {
				t.Fatal(err)
			}
			return path
		},
		"file copy": func(t *testing.T, e *edgeNode) string {
			e.close()
			path := filepath.Join(t.TempDir(), "copy.db")
			copyFile(t, e.path, path)
			e.open()
			e.start()
			return path
		},
	} {
		t.Run(name, func(t *testing.T) { testRestore(t, save) })
	}
}

func testRestore(t *testing.T, save func(t *testing.T, e *edgeNode) string) {
	h := natstest.Unstarted(t)
	h.Start()
	c := newCentral(t, h.URL(), "paris-11")
	c.start()
	e := newEdge(t, "paris-11", h.URL())
	e.start()

	// A copy halfway, then more orders; central has them all.
	for i := range 100 {
		e.order(i)
	}
	copied := save(t, e)
	for i := 100; i < 200; i++ {
		e.order(i)
	}
	waitConverged(t, e, c, time.Minute)
	oldEpoch := e.status().Epoch
	before := c.orderCount("paris-11")

	// The disk dies; the copy goes back in place, and the pizzeria takes
	// a few orders before the link returns.
	e.close()
	for _, suffix := range []string{"", "-wal", "-shm"} {
		_ = os.Remove(e.path + suffix)
	}
	copyFile(t, copied, e.path)
	e.open()
	for i := 1000; i < 1010; i++ {
		e.order(i)
	}
	e.start()

	// A new epoch, reported; central kept everything it had.
	waitFor(t, time.Minute, "new epoch", func() error {
		if e.status().Epoch == oldEpoch {
			return errNotYet
		}
		return nil
	})
	waitConverged(t, e, c, time.Minute)
	branches, err := c.db.FindBranches(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(branches) != 1 || branches[0].Epochs != 2 || branches[0].Epoch != e.status().Epoch {
		t.Fatalf("console = %+v, want 2 epochs and the new one current", branches[0])
	}
	if got := c.orderCount("paris-11"); got != before+10 {
		t.Errorf("central has %d orders, want the %d it had and the 10 new ones", got, before)
	}
	if n := c.divergences("paris-11"); n != 0 {
		t.Errorf("%d divergences: a sequence number was reused", n)
	}
	c.checkEpochsContiguous(t, "paris-11")
}

func copyFile(t testing.TB, src, dst string) {
	t.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

func (c *centralNode) orderCount(pizzeria string) int {
	c.t.Helper()
	var n int
	err := c.db.Pool.QueryRow(context.Background(), `SELECT count(*) FROM orders WHERE pizzeria_id = $1`,
		pizzeria).Scan(&n)
	if err != nil {
		c.t.Fatal(err)
	}
	return n
}

func (c *centralNode) divergences(pizzeria string) int {
	c.t.Helper()
	var n int
	err := c.db.Pool.QueryRow(context.Background(), `SELECT count(*) FROM divergences WHERE pizzeria_id = $1`,
		pizzeria).Scan(&n)
	if err != nil {
		c.t.Fatal(err)
	}
	return n
}

// checkEpochsContiguous checks that each epoch's events run from 1 to its
// cursor, each once.
func (c *centralNode) checkEpochsContiguous(t testing.TB, pizzeria string) {
	t.Helper()
	rows, err := c.db.Pool.Query(context.Background(), `
		SELECT p.epoch, p.applied_seq, count(e.seq), coalesce(max(e.seq), 0)
		FROM epochs p LEFT JOIN events e ON e.pizzeria_id = p.pizzeria_id AND e.epoch = p.epoch
		WHERE p.pizzeria_id = $1 GROUP BY p.epoch, p.applied_seq`, pizzeria)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var epoch string
		var applied, count, hi int64
		if err := rows.Scan(&epoch, &applied, &count, &hi); err != nil {
			t.Fatal(err)
		}
		if count != applied || hi != applied {
			t.Errorf("epoch %s: %d events up to %d, cursor %d", epoch, count, hi, applied)
		}
	}
}
