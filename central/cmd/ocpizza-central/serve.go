package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	centralhttp "github.com/ocpizza/ocpizza/central/http"
	centralnats "github.com/ocpizza/ocpizza/central/nats"
	"github.com/ocpizza/ocpizza/central/postgres"
	"github.com/ocpizza/ocpizza/syncproto"
	"github.com/ocpizza/ocpizza/syncproto/cmdline"
)

// shutdownTimeout is how long requests in flight get to finish on stop,
// and then again how long NATS gets to drain.
const shutdownTimeout = 10 * time.Second

// serveFlags are the flags of serve besides the database's.
type serveFlags struct {
	addr, natsURL, natsCreds *string
	noMigrate, secureCookies *bool
}

func addServeFlags(fs *flag.FlagSet) *serveFlags {
	return &serveFlags{
		addr: cmdline.EnvString(fs, "http-addr", "OCPIZZA_HTTP_ADDR", ":8090", "address to serve HTTP on"),
		natsURL: cmdline.EnvString(fs, "nats-url", "OCPIZZA_NATS_URL", "nats://127.0.0.1:4222",
			"NATS server of the pizzerias' links"),
		natsCreds: cmdline.EnvString(fs, "nats-creds", "OCPIZZA_NATS_CREDS", "",
			"central's NATS credentials: nkey seed, .creds file or user:password file"),
		noMigrate: fs.Bool("no-migrate", false,
			"do not apply pending migrations at start (when the service's role does not own the schema)"),
		secureCookies: cmdline.EnvBool(fs, "secure-cookies", "OCPIZZA_SECURE_COOKIES", false,
			"mark session cookies Secure: set it when browsers reach central over HTTPS through a proxy"),
	}
}

// validate checks the flags before anything is opened.
func (f *serveFlags) validate() error {
	if _, _, err := net.SplitHostPort(*f.addr); err != nil {
		return fmt.Errorf("--http-addr %q: %w", *f.addr, err)
	}
	u, err := url.Parse(*f.natsURL)
	if err != nil || (u.Scheme != "nats" && u.Scheme != "tls") || u.Host == "" {
		return fmt.Errorf("--nats-url %q: want nats://host:port or tls://host:port", *f.natsURL)
	}
	if *f.natsCreds != "" {
		if _, err := syncproto.Credentials(*f.natsCreds); err != nil {
			return fmt.Errorf("--nats-creds: %w", err)
		}
	}
	return nil
}

// runServe ingests the pizzerias' events, answers their handshakes and
// serves the API until the process is told to stop.
func runServe(ctx context.Context, args []string, _ io.Reader, stdout io.Writer) error {
	fs := program.FlagSet("serve", stdout)
	db := addDBFlags(fs)
	sf := addServeFlags(fs)
	wf := addWebFlags(fs)
	positional, err := db.parse(fs, args)
	if err != nil {
		return err
	}
	if len(positional) != 0 {
		fs.Usage()
		return fmt.Errorf("serve takes no argument, got %q", positional[0])
	}
	if err := sf.validate(); err != nil {
		return err
	}
	if err := wf.validate(); err != nil {
		return err
	}
	log, _ := cmdline.NewLogger(*db.logLevel, *db.logFormat, os.Stderr)

	// The database first: nothing is served from a schema not migrated.
	if !*sf.noMigrate {
		if _, err := postgres.Migrate(ctx, *db.url, log); err != nil {
			return err
		}
	}
	store, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	log.Info("database open", "db", redacted(*db.url))

	// The link to NATS, which comes up in the background if it is down.
	conn, err := centralnats.Connect(*sf.natsURL, *sf.natsCreds, log)
	if err != nil {
		return err
	}
	defer conn.Conn.Close()
	log.Info("nats link starting", "url", *sf.natsURL, "credentials", *sf.natsCreds != "")

	// The metrics, the API and the workers on the link.
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	down, err := centralnats.NewDownPublisher(conn.Conn, store, log, reg)
	if err != nil {
		return err
	}
	payments, verifyWebhook := wf.provider(log)
	if payments == nil {
		log.Warn("no payment provider: online payment is refused (set OCPIZZA_PAYSIM_URL)")
	} else {
		log.Info("payment provider", "url", *wf.paysimURL,
			"payment_page_origin", wf.paymentPageOrigin())
	}
	api := centralhttp.NewServer(centralhttp.Config{
		Logger: log, Registry: reg, Ping: store.Ping, NATSConnected: conn.IsConnected,
		SecureCookies: *sf.secureCookies, VerifyWebhook: verifyWebhook,
		PaymentPageOrigin: wf.paymentPageOrigin(), PublicURL: *wf.publicURL,
		// Stock alerts read the latest catalog published to the
		// pizzerias: its thresholds and recipes are the ones they run.
		ReportCatalog: store.FindPublishedCatalog,
	}, centralhttp.Services{Sync: store, Accounts: store, Reports: store, Customers: store,
		Shop: store, Addresses: store, Catalog: store, Outbox: store, Drivers: store,
		WebOrders: store, Orders: store, Payments: payments,
		CommandsQueued: down.Notify})
	ingest, err := centralnats.NewIngest(conn.Conn, store, log, reg)
	if err != nil {
		return err
	}
	// The report rows of the days the ingest marked, refreshed out of it.
	refresher := postgres.NewReportRefresher(store, time.Second, log)
	ingest.Changed = func() { api.BranchesChanged(); refresher.Wake() }
	responder := centralnats.NewResponder(conn.Conn, store, log, reg)
	responder.Changed = api.BranchesChanged
	// Web orders whose pizzeria stays silent move on; refunds owed are made.
	router := &postgres.WebOrderWorker{DB: store, Payments: payments, Timeout: wf.orderTimeout(),
		Interval: webOrderInterval(wf.orderTimeout()), Log: log,
		Changed: func() { api.WebOrdersChanged(); down.Notify() }}

	srv := &http.Server{
		Addr: *sf.addr, Handler: api,
		ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second, IdleTimeout: 2 * time.Minute,
	}
	return serveUntilDone(ctx, srv, api, []worker{ingest, responder, down, router, refresher}, conn, log)
}

// worker is a loop on the NATS link that runs until its context ends.
type worker interface {
	Run(ctx context.Context) error
}

// serveUntilDone runs the workers and serves HTTP until ctx ends or one of
// them fails. Then it stops in order: the API says it is not ready, the
// requests in flight finish, the workers stop (a batch being applied is
// committed and acknowledged first), and NATS drains.
func serveUntilDone(ctx context.Context, srv *http.Server, api *centralhttp.Server, workers []worker,
	conn *centralnats.Conn, log *slog.Logger) error {
	workCtx, stopWork := context.WithCancel(context.Background())
	defer stopWork()
	errc := make(chan error, len(workers)+1)
	var wg sync.WaitGroup
	for _, w := range workers {
		wg.Go(func() {
			if err := w.Run(workCtx); err != nil {
				errc <- err
			}
		})
	}
	go func() {
		log.Info("serving", "addr", srv.Addr)
		if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
			errc <- fmt.Errorf("serve: %w", err)
		}
	}()

	var failure error
	select {
	case failure = <-errc:
		log.Error("stopping after a failure", "error", failure)
	case <-ctx.Done():
		log.Info("shutting down")
	}

	// Each stage gets a fresh timeout: ctx has already ended.
	api.Stopping()
	httpCtx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(httpCtx); err != nil {
		failure = errors.Join(failure, fmt.Errorf("shutdown: %w", err))
	}
	stopWork()
	wg.Wait()
	natsCtx, cancelNATS := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancelNATS()
	if err := conn.Close(natsCtx); err != nil {
		log.Warn("nats drain", "error", err)
	}
	if failure == nil {
		log.Info("stopped")
	}
	return failure
}

// webOrderInterval is how often the web order worker looks: a tenth of
// the timeout, between 1 and 10 seconds.
func webOrderInterval(timeout time.Duration) time.Duration {
	return min(max(timeout/10, time.Second), 10*time.Second)
}
