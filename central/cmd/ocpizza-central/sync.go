package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
	"time"

	centralnats "github.com/ocpizza/ocpizza/central/nats"
	"github.com/ocpizza/ocpizza/syncproto"
	"github.com/ocpizza/ocpizza/syncproto/cmdline"
)

// replayTimeout bounds the whole of sync replay: a connection, a few
// looks at the consumer, one deletion.
const replayTimeout = 30 * time.Second

// runSync acts on central's side of the NATS link; its one command is
// replay, the last step of restoring central's database (OPERATIONS.md,
// "Restoring central").
func runSync(ctx context.Context, args []string, _ io.Reader, stdout io.Writer) error {
	fs := program.FlagSet("sync", stdout)
	natsURL := cmdline.EnvString(fs, "nats-url", "OCPIZZA_NATS_URL", "nats://127.0.0.1:4222",
		"NATS server of the pizzerias' links")
	natsCreds := cmdline.EnvString(fs, "nats-creds", "OCPIZZA_NATS_CREDS", "",
		"central's NATS credentials: nkey seed, .creds file or user:password file")
	positional, err := cmdline.ParseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(positional) != 1 || positional[0] != "replay" {
		fs.Usage()
		return fmt.Errorf("unknown sync command %q: want sync replay", strings.Join(positional, " "))
	}
	if err := validateNATS(*natsURL, *natsCreds); err != nil {
		return err
	}
	return replayUp(ctx, *natsURL, *natsCreds, stdout)
}

// replayUp deletes central's ingest consumer, so that central applies
// again every event of the up stream at its next start.
func replayUp(ctx context.Context, natsURL, creds string, stdout io.Writer) error {
	ctx, cancel := context.WithTimeout(ctx, replayTimeout)
	defer cancel()
	nc, err := centralnats.DialOnce(natsURL, creds, "ocpizza-central sync replay")
	if err != nil {
		return err
	}
	defer nc.Close()

	r, err := centralnats.ReplayUp(ctx, nc)
	if errors.Is(err, centralnats.ErrIngestRunning) {
		return fmt.Errorf("sync replay: %w (systemctl stop ocpizza-central)", err)
	}
	if err != nil {
		return fmt.Errorf("sync replay: %w", err)
	}
	what := "ingest consumer deleted"
	if !r.Deleted {
		what = "no ingest consumer to delete"
	}
	fmt.Fprintf(stdout, "%s: at its next start ocpizza-central applies again the %d events of %s",
		what, r.Events, syncproto.UpStream)
	if r.Events > 0 {
		fmt.Fprintf(stdout, ", from %s on", r.First.Format(time.RFC3339))
	}
	fmt.Fprintln(stdout)
	return nil
}

// validateNATS checks a NATS URL and, when one is given, a credentials
// file, before anything is opened.
func validateNATS(natsURL, creds string) error {
	u, err := url.Parse(natsURL)
	if err != nil || (u.Scheme != "nats" && u.Scheme != "tls") || u.Host == "" {
		return fmt.Errorf("--nats-url %q: want nats://host:port or tls://host:port", natsURL)
	}
	if creds != "" {
		if _, err := syncproto.Credentials(creds); err != nil {
			return fmt.Errorf("--nats-creds: %w", err)
		}
	}
	return nil
}
