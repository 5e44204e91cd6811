package demo

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestRestoreDrill is `make restore-drill`: two pizzerias and central
// under load are backed up with deploy/backup/ocpizza-backup; then central's
// database and one pizzeria's disk are destroyed and put back with
// deploy/backup/ocpizza-restore. It checks that what was restored is what
// the backups held (counts and row checksums), that the restored pizzeria
// starts a new epoch, that sync resumes for both, and reports how long the
// restore took and what was lost.
func TestRestoreDrill(t *testing.T) {
	if os.Getenv("OCPIZZA_RESTORE_DRILL") == "" {
		t.Skip("run by make restore-drill (OCPIZZA_RESTORE_DRILL=1)")
	}
	d := newDrill(t)
	ctx := context.Background()

	// Load on both pizzeria, until central has seen some of it.
	stop := d.startLoad()
	waitFor(t, time.Minute, "orders at central", func() error {
		for i := range d.cfg.Pizzerias {
			if n := len(d.centralOrders(i)); n < 30 {
				return fmt.Errorf("%d orders of %s at central", n, d.cfg.Pizzerias[i].ID)
			}
		}
		return nil
	})

	// The backups, under load: each pizzeria, then central.
	var bounds [3]span
	for i := range d.cfg.Pizzerias {
		bounds[i] = d.timed(func() map[string]orderRow { return d.edgeOrders(i) },
			func() { d.backupFiles[i] = d.backup("edge", i) })
	}
	bounds[2] = d.timed(func() map[string]orderRow { return d.centralOrders(-1) },
		func() { d.backupFiles[2] = d.backup("central", -1) })
	for i, name := range []string{"paris-11", "lyon-2", "central"} {
		st, err := os.Stat(d.backupFiles[i])
		must(t, err)
		t.Logf("backup of %-9s under load: %4d ms, %7d bytes encrypted", name, bounds[i].took.Milliseconds(), st.Size())
	}
	d.checkBackupMetrics()
	time.Sleep(time.Second) // more load after the backups: what a disaster loses
	loaded := stop()

	// The state before the disaster, once central has everything.
	d.waitConverged()
	truthEdge := []map[string]orderRow{d.edgeOrders(0), d.edgeOrders(1)}
	oldEpoch := d.edgeSync(0).Epoch

	// The disaster: central's database and paris-11's disk are gone.
	began := time.Now()
	must(t, d.stack.StopProcess("central"))
	must(t, d.stack.StopProcess("edge-paris-11"))
	d.recreateDatabase(ctx)
	for _, suffix := range []string{"", "-wal", "-shm"} {
		must(t, os.Remove(d.stack.EdgeDB(0)+suffix), os.ErrNotExist)
	}

	// The restore, with the real script, and the checks of what it put back.
	d.restore("central", -1)
	d.checkRestored("central", d.centralOrders(-1), bounds[2], truthUnion(truthEdge))
	d.restore("edge", 0)
	d.checkRestored("paris-11", d.edgeOrders(0), bounds[0], truthEdge[0])
	must(t, d.stack.StartProcess(ctx, "central"))
	must(t, d.stack.StartProcess(ctx, "edge-paris-11"))

	// Sync resumes: a new order on each pizzeria reaches central.
	for i := range d.cfg.Pizzerias {
		d.tills[i].call("POST", "/api/v1/orders", orderBody(1), http.StatusCreated, nil)
	}
	d.waitConverged()
	took := time.Since(began)
	if epoch := d.edgeSync(0).Epoch; epoch == oldEpoch {
		t.Errorf("paris-11 restored kept its epoch %s; want a new one", epoch)
	}
	if n := d.count(ctx, `SELECT count(*) FROM divergences`); n != 0 {
		t.Errorf("%d divergences at central: a sequence number was reused", n)
	}
	d.report(loaded, took, truthEdge)
}

// span is what a backup must hold: at least the rows there before it
// began, and nothing made after it ended.
type span struct {
	before, after map[string]orderRow
	took          time.Duration
}

// timed runs a backup between two reads of the rows it copies.
func (d *drill) timed(read func() map[string]orderRow, backup func()) span {
	s := span{before: read()}
	began := time.Now()
	backup()
	s.took = time.Since(began)
	s.after = read()
	return s
}

// checkRestored checks what a restore put back against its backup's span:
// every row there before the backup began, none made after it ended, and
// each row identical to the live one (a checksum over the rows).
func (d *drill) checkRestored(what string, got map[string]orderRow, s span, truth map[string]orderRow) {
	d.t.Helper()
	for id := range s.before {
		if _, ok := got[id]; !ok {
			d.t.Errorf("%s restored lacks order %s, which was there before the backup began", what, id)
			break
		}
	}
	for id := range got {
		if _, ok := s.after[id]; !ok {
			d.t.Errorf("%s restored holds order %s, made after the backup ended", what, id)
			break
		}
	}
	want := map[string]orderRow{}
	for id := range got {
		want[id] = truth[id]
	}
	if checksum(got) != checksum(want) {
		d.t.Errorf("%s restored: checksum %s of %d orders, the live rows give %s",
			what, checksum(got), len(got), checksum(want))
	}
	d.t.Logf("%-9s restored: %d orders (backup began with %d, ended with %d), checksum %s matches",
		what, len(got), len(s.before), len(s.after), checksum(got)[:12])
}

// report prints the figures of the drill and checks that no order is lost
// everywhere: what the destroyed pizzeria took after its backup is still
// at central, since the restored central read the up stream again.
func (d *drill) report(loaded int, took time.Duration, truthEdge []map[string]orderRow) {
	d.t.Helper()
	d.t.Logf("load: %d orders taken during the drill", loaded)
	d.t.Logf("restore: %.1fs from the disaster to both pizzerias synced with the restored central",
		took.Seconds())
	for i, p := range d.cfg.Pizzerias {
		edgeNow, centralNow := d.edgeOrders(i), d.centralOrders(i)
		var lostOnEdge, notAtCentral, lost int
		for id := range truthEdge[i] {
			_, onEdge := edgeNow[id]
			_, atCentral := centralNow[id]
			switch {
			case !onEdge && !atCentral:
				lost++
			case !onEdge:
				lostOnEdge++
			}
		}
		for id := range edgeNow {
			if _, ok := centralNow[id]; !ok {
				notAtCentral++
			}
		}
		d.t.Logf("%-9s %d orders before; lost: %d everywhere, %d on the pizzeria only (central has them); "+
			"%d held by the pizzeria but missing at central", p.ID, len(truthEdge[i]), lost, lostOnEdge, notAtCentral)
		if lost > 0 {
			d.t.Errorf("%s: %d orders are neither on the pizzeria nor at central", p.ID, lost)
		}
	}
}

// backup runs deploy/backup/ocpizza-backup for central (i < 0) or a
// pizzeria, and returns the encrypted file it wrote.
func (d *drill) backup(kind string, i int) string {
	d.t.Helper()
	out := d.script("ocpizza-backup", kind, "", i)
	for _, word := range strings.Fields(out) {
		if strings.HasSuffix(word, ".age") {
			return word
		}
	}
	d.t.Fatalf("ocpizza-backup %s named no file:\n%s", kind, out)
	return ""
}

// restore runs deploy/backup/ocpizza-restore on the backup of central or
// of a pizzeria; central's must make central read the up stream again
// (ocpizza-central sync replay).
func (d *drill) restore(kind string, i int) {
	d.t.Helper()
	file := d.backupFiles[2]
	if i >= 0 {
		file = d.backupFiles[i]
	}
	out := d.script("ocpizza-restore", kind, file, i)
	if kind == "central" && !strings.Contains(out, "ingest consumer deleted") {
		d.t.Errorf("ocpizza-restore central did not replay the up stream:\n%s", out)
	}
}

// script runs a backup script with the environment of central or of a
// pizzeria.
func (d *drill) script(name, kind, file string, i int) string {
	d.t.Helper()
	args := []string{filepath.Join("..", "backup", name), kind}
	if file != "" {
		args = append(args, file)
	}
	env := append(d.stack.childEnv(nil),
		"OCPIZZA_BIN_DIR="+d.cfg.BinDir,
		"OCPIZZA_BACKUP_DIR="+filepath.Join(d.dir, "backups"),
		"OCPIZZA_BACKUP_RECIPIENTS="+filepath.Join(d.dir, "recipients.txt"),
		"OCPIZZA_BACKUP_IDENTITY="+filepath.Join(d.dir, "identity.txt"),
		"OCPIZZA_BACKUP_TEXTFILE_DIR="+d.dir,
		"OCPIZZA_RESTORE_DB="+d.stack.DatabaseURL())
	if i >= 0 {
		env = append(env, d.stack.edgeEnv(i)...)
	} else {
		env = append(env, d.stack.centralEnv()...)
	}
	cmd := exec.Command("bash", args...)
	cmd.Env = env
	out, err := cmd.CombinedOutput()
	if err != nil {
		d.t.Fatalf("%s %s: %v\n%s", name, kind, err, out)
	}
	return string(out)
}

// startLoad takes orders at the tills of both pizzerias, 20 a second
// each, until the returned function stops it and says how many it took.
func (d *drill) startLoad() func() int {
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	counts := make([]int, len(d.tills))
	for i, till := range d.tills {
		wg.Go(func() {
			tick := time.NewTicker(50 * time.Millisecond)
			defer tick.Stop()
			for n := 0; ; n++ {
				select {
				case <-ctx.Done():
					return
				case <-tick.C:
				}
				if err := till.try("POST", "/api/v1/orders", orderBody(n%3+1), http.StatusCreated, nil); err != nil {
					d.t.Errorf("load on %s: %v", d.cfg.Pizzerias[i].ID, err)
					return
				}
				counts[i]++
			}
		})
	}
	return func() int {
		cancel()
		wg.Wait()
		return counts[0] + counts[1]
	}
}

func must(t *testing.T, err error, ignore ...error) {
	t.Helper()
	for _, e := range ignore {
		if os.IsNotExist(err) && e == os.ErrNotExist {
			return
		}
	}
	if err != nil {
		t.Fatal(err)
	}
}
