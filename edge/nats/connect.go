package nats

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/ocpizza/ocpizza/syncproto"
)

// drainTimeout bounds the drain of the connection at shutdown.
const drainTimeout = 5 * time.Second

// maxBackoff caps the waits between attempts: to reach the server, to get
// an answer from central, to publish again after a failure.
const maxBackoff = 5 * time.Second

// connect returns a connection to the NATS server that connects, and
// reconnects, by itself for as long as it is open: if the server cannot be
// reached now, it is returned in the reconnecting state. Its handlers keep
// Online and wake the loop.
func (p *Publisher) connect() (*nats.Conn, error) {
	opts := []nats.Option{
		nats.Name("ocpizza-edge " + p.cfg.Pizzeria),
		nats.CustomInboxPrefix(syncproto.InboxPrefix(p.cfg.Pizzeria)),
		nats.RetryOnFailedConnect(true),
		nats.MaxReconnects(-1),
		nats.IgnoreAuthErrorAbort(), // credentials fixed on the server side are picked up
		nats.CustomReconnectDelay(backoff),
		nats.PingInterval(10 * time.Second), // a dead link is noticed within about 30s
		nats.DrainTimeout(drainTimeout),
		// The outbox is the buffer: nothing is kept in memory while the link
		// is down, so a publish fails at once and is retried from SQLite.
		nats.ReconnectBufSize(-1),
		nats.ConnectHandler(p.linkUp),
		nats.ReconnectHandler(p.linkUp),
		nats.DisconnectErrHandler(p.linkDown),
		nats.ClosedHandler(func(*nats.Conn) { p.setOnline(false) }),
		nats.ErrorHandler(func(_ *nats.Conn, _ *nats.Subscription, err error) {
			p.log.Warn("nats error", "error", err)
		}),
	}
	if p.cfg.CredsFile != "" {
		auth, err := syncproto.Credentials(p.cfg.CredsFile)
		if err != nil {
			return nil, err
		}
		opts = append(opts, auth)
	}
	nc, err := nats.Connect(p.cfg.URL, opts...)
	if err != nil {
		return nil, fmt.Errorf("nats connect: %w", err)
	}
	return nc, nil
}

// linkUp records a new connection to the server.
func (p *Publisher) linkUp(nc *nats.Conn) {
	p.log.Info("link up", "server", nc.ConnectedUrlRedacted())
	p.gen.Add(1)
	p.setOnline(true)
}

// linkDown records the loss of the connection; without an error, it is
// the publisher closing it.
func (p *Publisher) linkDown(_ *nats.Conn, err error) {
	if p.online.Load() && err != nil {
		p.log.Info("link down", "error", err)
	}
	p.setOnline(false)
}

// setOnline records the link state and wakes the loop.
func (p *Publisher) setOnline(online bool) {
	p.online.Store(online)
	if online {
		p.metrics.online.Set(1)
	} else {
		p.metrics.online.Set(0)
	}
	select {
	case p.link <- struct{}{}:
	default:
	}
}

// backoff returns the wait before attempt n (from 1) of something that
// failed: doubling from 100ms up to maxBackoff, with up to a fifth of
// random jitter so that pizzerias cut off together do not return together.
func backoff(n int) time.Duration {
	d := maxBackoff
	if n < 7 {
		d = min(maxBackoff, 100*time.Millisecond<<max(n-1, 0))
	}
	return d + rand.N(d/5+1)
}
