package nats

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/syncproto"
)

// QueueGroup is the queue group of central's subscriptions, so that two
// central processes share the pizzerias' requests instead of both
// answering each one.
const QueueGroup = "central"

// responderTimeout bounds the database work of one hello or heartbeat.
const responderTimeout = 5 * time.Second

// Responder answers the pizzerias' hellos with their cursor, read from
// PostgreSQL, and records their heartbeats.
type Responder struct {
	// Changed, when set, is called after each heartbeat recorded, for
	// views of the sync state to refresh. It must not block.
	Changed func()

	nc      *nats.Conn
	svc     central.SyncService
	log     *slog.Logger
	metrics *responderMetrics
}

// NewResponder returns a responder on nc for svc, with its metrics
// registered in reg.
func NewResponder(nc *nats.Conn, svc central.SyncService, log *slog.Logger,
	reg prometheus.Registerer) *Responder {
	return &Responder{nc: nc, svc: svc, log: log, metrics: newResponderMetrics(reg)}
}

// Run subscribes to every pizzeria's hello and heartbeat subjects and
// answers until ctx ends; then it drains its subscriptions, so that the
// messages it holds are still answered. The subscriptions survive a NATS
// restart: the client subscribes again when it reconnects.
func (r *Responder) Run(ctx context.Context) error {
	hello, err := r.nc.QueueSubscribe(syncproto.HelloSubjects, QueueGroup, r.handleHello)
	if err != nil {
		return fmt.Errorf("responder: %w", err)
	}
	beat, err := r.nc.QueueSubscribe(syncproto.BeatSubjects, QueueGroup, r.handleBeat)
	if err != nil {
		_ = hello.Unsubscribe()
		return fmt.Errorf("responder: %w", err)
	}
	r.log.Info("responder answering", "hello", syncproto.HelloSubjects, "beat", syncproto.BeatSubjects)

	<-ctx.Done()
	return errors.Join(drain(hello), drain(beat))
}

// drain stops a subscription once the messages it holds are handled.
func drain(sub *nats.Subscription) error {
	if err := sub.Drain(); err != nil && !errors.Is(err, nats.ErrConnectionClosed) &&
		!errors.Is(err, nats.ErrConnectionDraining) && !errors.Is(err, nats.ErrBadSubscription) {
		return fmt.Errorf("responder: drain %s: %w", sub.Subject, err)
	}
	return nil
}

// handleHello answers a hello with the pizzeria's cursor, or with the
// reason it cannot be answered.
//
// The requester chooses the reply subject, and central may publish where a
// pizzeria may not (ocpizza.down.*, the JetStream API): a hello is answered
// only when its reply subject is in the inbox of the pizzeria of its
// subject, which NATS lets that pizzeria alone read (deploy/nats).
func (r *Responder) handleHello(m *nats.Msg) {
	pizzeria, err := pizzeriaOf(m.Subject)
	if err == nil && !strings.HasPrefix(m.Reply, syncproto.InboxPrefix(pizzeria)+".") {
		err = &syncproto.Error{Code: syncproto.CodeInvalid,
			Message: fmt.Sprintf("reply subject %q is not in the inbox of %s", m.Reply, pizzeria)}
	}
	if err != nil {
		r.metrics.messages.WithLabelValues("hello", r.refuse("hello", m.Subject, err).Code).Inc()
		return
	}

	cur := r.cursor(m.Subject, pizzeria, m.Data)
	result := "ok"
	if cur.Error != nil {
		result = cur.Error.Code
	}
	r.metrics.messages.WithLabelValues("hello", result).Inc()
	data, err := syncproto.Encode(cur)
	if err == nil {
		err = m.Respond(data)
	}
	if err != nil {
		r.log.Warn("hello not answered", "subject", m.Subject, "error", err)
	}
}

// cursor reads a hello and returns the cursor that answers it.
func (r *Responder) cursor(subject, pizzeria string, data []byte) *syncproto.Cursor {
	hello, err := syncproto.DecodeHello(data, pizzeria)
	if err != nil {
		return &syncproto.Cursor{Pizzeria: pizzeria, Error: r.refuse("hello", subject, err)}
	}

	ctx, cancel := context.WithTimeout(context.Background(), responderTimeout)
	defer cancel()
	cur, err := r.svc.Cursor(ctx, hello)
	if err != nil {
		return &syncproto.Cursor{Pizzeria: hello.Pizzeria, Epoch: hello.Epoch,
			Error: r.refuse("hello", subject, r.serviceError("hello", hello.Pizzeria, err))}
	}
	r.log.Debug("hello answered",
		"pizzeria", hello.Pizzeria,
		"epoch", hello.Epoch,
		"last_seq", hello.LastSeq,
		"applied_seq", cur.AppliedSeq,
		"behind", cur.Behind,
	)
	return cur
}

// handleBeat records a heartbeat. Heartbeats are not answered.
func (r *Responder) handleBeat(m *nats.Msg) {
	result := "ok"
	defer func() { r.metrics.messages.WithLabelValues("beat", result).Inc() }()

	pizzeria, err := pizzeriaOf(m.Subject)
	if err == nil {
		var beat *syncproto.Heartbeat
		if beat, err = syncproto.DecodeHeartbeat(m.Data, pizzeria); err == nil {
			err = r.record(beat)
		}
	}
	if err != nil {
		result = r.refuse("beat", m.Subject, err).Code
	}
}

// record stores a heartbeat, returning a protocol error when it cannot.
func (r *Responder) record(beat *syncproto.Heartbeat) error {
	ctx, cancel := context.WithTimeout(context.Background(), responderTimeout)
	defer cancel()
	if err := r.svc.RecordHeartbeat(ctx, beat); err != nil {
		return r.serviceError("beat", beat.Pizzeria, err)
	}
	if r.Changed != nil {
		r.Changed()
	}
	return nil
}

// pizzeriaOf returns the pizzeria of a subject, or a protocol error.
func pizzeriaOf(subject string) (string, error) {
	pizzeria, err := syncproto.PizzeriaOfSubject(subject)
	if err != nil {
		return "", &syncproto.Error{Code: syncproto.CodeInvalid, Message: err.Error()}
	}
	return pizzeria, nil
}

// refuse returns the protocol error of a message that cannot be handled,
// and logs it at warn when it is the sender's fault (service failures are
// logged where they happen).
func (r *Responder) refuse(kind, subject string, err error) *syncproto.Error {
	var e *syncproto.Error
	if !errors.As(err, &e) {
		e = &syncproto.Error{Code: syncproto.CodeInternal, Message: err.Error()}
	}
	if e.Code != syncproto.CodeInternal {
		r.log.Warn(kind+" refused", "subject", subject, "code", e.Code, "error", e.Message)
	}
	return e
}

// serviceError returns the protocol error that stands for an error of the
// service: the service's own message when it is about the input, otherwise
// a plain "try again" that leaks nothing, the cause being logged here.
func (r *Responder) serviceError(kind, pizzeria string, err error) *syncproto.Error {
	switch central.ErrorCode(err) {
	case central.EINVALID, central.ENOTFOUND, central.EBADREQUEST, central.ECONFLICT:
		var e *central.Error
		errors.As(err, &e)
		return &syncproto.Error{Code: syncproto.CodeInvalid, Message: e.Message}
	}
	r.log.Error(kind+" not handled", "pizzeria", pizzeria, "error", err)
	return &syncproto.Error{Code: syncproto.CodeInternal,
		Message: "central could not handle it; try again"}
}
