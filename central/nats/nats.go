// Package nats is central's side of the NATS link: the ingest that applies
// the events of every pizzeria from the up stream, and the responder that
// answers the pizzerias' handshakes and records their heartbeats. Both
// call the central domain's SyncService; neither touches a database.
package nats

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/ocpizza/ocpizza/syncproto"
)

// Conn is central's connection to NATS. It reconnects by itself for as
// long as the process runs; IsConnected says whether the link is up now.
type Conn struct {
	*nats.Conn
	closed chan struct{}
}

// Connect opens central's link to the NATS server at url, authenticated by
// the credentials file when one is given (see syncproto.Credentials). It returns at
// once even when the server is down: the client keeps trying in the
// background, and every change of the link is logged.
func Connect(url, credsFile string, log *slog.Logger) (*Conn, error) {
	c := &Conn{closed: make(chan struct{})}
	opts := []nats.Option{
		nats.Name("ocpizza-central"),
		nats.MaxReconnects(-1),
		nats.RetryOnFailedConnect(true),
		nats.ReconnectWait(time.Second),
		nats.ConnectHandler(func(nc *nats.Conn) {
			log.Info("nats link up", "url", nc.ConnectedUrlRedacted())
		}),
		nats.ReconnectHandler(func(nc *nats.Conn) {
			log.Info("nats link up again", "url", nc.ConnectedUrlRedacted())
		}),
		nats.DisconnectErrHandler(func(nc *nats.Conn, err error) {
			if err == nil && nc.IsClosed() {
				log.Info("nats link closed")
				return
			}
			log.Warn("nats link down", "error", err)
		}),
		nats.ErrorHandler(func(_ *nats.Conn, sub *nats.Subscription, err error) {
			subject := ""
			if sub != nil {
				subject = sub.Subject
			}
			log.Error("nats error", "subject", subject, "error", err)
		}),
		nats.ClosedHandler(func(*nats.Conn) { close(c.closed) }),
	}
	if credsFile != "" {
		auth, err := syncproto.Credentials(credsFile)
		if err != nil {
			return nil, err
		}
		opts = append(opts, auth)
	}

	nc, err := nats.Connect(url, opts...)
	if err != nil {
		return nil, fmt.Errorf("connect to nats: %w", err)
	}
	c.Conn = nc
	return c, nil
}

// Close drains the connection — subscriptions stop taking messages, the
// handlers finish those they hold, pending publishes and acks are flushed —
// and waits until it is closed or ctx ends.
func (c *Conn) Close(ctx context.Context) error {
	if err := c.Drain(); err != nil && !errors.Is(err, nats.ErrConnectionClosed) {
		c.Conn.Close()
		return fmt.Errorf("drain nats: %w", err)
	}
	select {
	case <-c.closed:
		return nil
	case <-ctx.Done():
		c.Conn.Close()
		return fmt.Errorf("drain nats: %w", ctx.Err())
	}
}
