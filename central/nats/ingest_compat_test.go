package nats_test

import (
	"fmt"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/ocpizza/ocpizza/central/postgres/pgtest"
	"github.com/ocpizza/ocpizza/syncproto/natstest"
)

// TestIngestOnTheMachinesNATSServer runs the ingest against the
// nats-server binary of the machine when there is one: Debian 12 ships
// the 2.9 series, which knows neither consumers with several filter
// subjects nor some newer stream fields. The stream, the consumer and a
// catch-up must work there too.
func TestIngestOnTheMachinesNATSServer(t *testing.T) {
	bin, err := exec.LookPath("nats-server")
	if err != nil {
		t.Skip("no nats-server in PATH")
	}
	version, _ := exec.Command(bin, "--version").Output()
	t.Logf("%s", version)

	// The server, on a free port, stopped when the test ends.
	port := natstest.FreePort(t)
	dir := t.TempDir()
	cmd := exec.Command(bin, "-a", "127.0.0.1", "-p", fmt.Sprint(port), "-js", "-sd", dir,
		"-l", filepath.Join(dir, "nats.log"))
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	url := fmt.Sprintf("nats://127.0.0.1:%d", port)
	conn := connect(t, url)

	db := pgtest.Open(t)
	openPizzerias(t, db, "paris-11", "lyon-2")
	startIngest(t, conn, db, prometheus.NewRegistry(), nil)
	paris, lyon := newEdge(t, url, "paris-11"), newEdge(t, url, "lyon-2")
	checkFor(t, 10*time.Second, func() error {
		_, err := paris.js.Stream(t.Context(), "OCPIZZA_UP")
		return err
	})
	paris.publishRange(t, 1, 500)
	lyon.publishRange(t, 1, 500)

	applied(t, db, "paris-11", 500, 20*time.Second)
	applied(t, db, "lyon-2", 500, 20*time.Second)
	consumerDone(t, paris.js, 20*time.Second)
}
