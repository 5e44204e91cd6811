package nats

import (
	"context"
	"fmt"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/syncproto"
)

// defaultApplyTimeout bounds a round of ApplyBatch calls when the
// consumer has no AckWait.
const defaultApplyTimeout = 30 * time.Second

// applyRound applies the messages of one fetch. The round runs to its end
// even when ctx ends, within the consumer's AckWait, so that a stop does
// not throw away a batch being committed.
//
// When the batch fails, applyRound looks for the message at fault by
// halves: it applies the first half of what failed and goes on into the
// second half if that commits, or into the first half if not. Whatever is
// not committed goes back to the stream, delivered again after delay. A
// message that ApplyBatch cannot apply thus holds up itself and the
// messages after it of its own pizzeria, not every pizzeria, and the error
// names it. A failure of the database costs one attempt per halving; a
// link that is down, none, since nothing could be acknowledged.
func (in *Ingest) applyRound(ctx context.Context, msgs []jetstream.Msg, delay time.Duration) error {
	timeout := in.Consumer.AckWait
	if timeout <= 0 {
		timeout = defaultApplyTimeout
	}
	actx, cancel := context.WithTimeout(context.WithoutCancel(ctx), timeout)
	defer cancel()

	err := in.apply(actx, msgs)
	if err == nil {
		return nil
	}
	suspect, committed := msgs, 0
	for len(suspect) > 1 && ctx.Err() == nil && in.nc.IsConnected() {
		half := len(suspect) / 2
		if in.apply(actx, suspect[:half]) == nil {
			committed += half
			suspect = suspect[half:]
			continue
		}
		nak(suspect[half:], delay)
		suspect = suspect[:half]
	}
	nak(suspect, delay)

	if len(suspect) == 1 && len(msgs) > 1 {
		return fmt.Errorf("%d of %d messages committed; the rest delivered again in %s; suspect %s: %w",
			committed, len(msgs), delay, describe(suspect[0]), err)
	}
	return fmt.Errorf("%d of %d messages committed; the rest delivered again in %s: %w",
		committed, len(msgs), delay, err)
}

// apply applies one batch and acknowledges its messages once it has
// committed.
func (in *Ingest) apply(ctx context.Context, msgs []jetstream.Msg) error {
	batch := make([]central.Received, len(msgs))
	for i, m := range msgs {
		batch[i] = receive(m.Subject(), m.Data())
	}
	start := time.Now()
	res, err := in.svc.ApplyBatch(ctx, batch)
	in.metrics.batchSeconds.Observe(time.Since(start).Seconds())
	if err != nil {
		return err
	}

	// Acknowledged only now that the batch has committed. A lost ack
	// delivers the message again, and it is found a duplicate.
	var ackErr error
	for _, m := range msgs {
		if err := m.Ack(); err != nil && ackErr == nil {
			ackErr = err
		}
	}
	if ackErr != nil {
		in.log.Warn("ingest ack; the batch will be delivered again and found applied", "error", ackErr)
	}

	in.count(res, len(msgs))
	if in.Changed != nil {
		in.Changed()
	}
	attrs := []any{
		"messages", len(msgs),
		"stored", res.Stored,
		"projected", res.Projected,
		"duplicates", res.Duplicates,
		"divergences", res.Divergences,
		"dead_letters", res.DeadLetters,
		"duration", time.Since(start),
	}
	if res.Divergences > 0 || res.DeadLetters > 0 {
		in.log.Warn("ingest batch applied with refused or divergent events", attrs...)
	} else {
		in.log.Debug("ingest batch applied", attrs...)
	}
	return nil
}

// receive reads one message of the up stream: the pizzeria of its subject
// and its envelope, or the reason it cannot be read.
func receive(subject string, data []byte) central.Received {
	r := central.Received{Subject: subject, Data: data}
	pizzeria, err := syncproto.PizzeriaOfSubject(subject)
	if err != nil {
		r.Err = &syncproto.Error{Code: syncproto.CodeInvalid, Message: err.Error()}
		return r
	}
	r.Pizzeria = pizzeria
	r.Event, r.Err = syncproto.DecodeEvent(data, pizzeria)
	return r
}

// nak hands messages back to the stream, to be delivered again after
// delay. A nak that does not reach the server changes nothing but the
// wait: the message comes back after the consumer's AckWait instead.
func nak(msgs []jetstream.Msg, delay time.Duration) {
	for _, m := range msgs {
		_ = m.NakWithDelay(delay)
	}
}

// describe names a message for the log: subject and stream sequence.
func describe(m jetstream.Msg) string {
	meta, err := m.Metadata()
	if err != nil {
		return m.Subject()
	}
	return fmt.Sprintf("%s stream seq %d (delivered %d times)",
		m.Subject(), meta.Sequence.Stream, meta.NumDelivered)
}

// ingestSummary is what the ingest did since its last summary.
type ingestSummary struct {
	since                                time.Time
	batches, messages, stored, projected int
	duplicates, divergences, deadLetters int
	failed                               int // batches not applied
}

// count adds a committed batch to the metrics and the summary.
func (in *Ingest) count(res central.BatchResult, messages int) {
	m := in.metrics
	m.batches.Inc()
	m.events.Add(float64(res.Stored))
	m.duplicates.Add(float64(res.Duplicates))
	m.divergences.Add(float64(res.Divergences))
	m.deadLetters.Add(float64(res.DeadLetters))
	m.projected.Add(float64(res.Projected))

	s := &in.summary
	s.batches++
	s.messages += messages
	s.stored += res.Stored
	s.projected += res.Projected
	s.duplicates += res.Duplicates
	s.divergences += res.Divergences
	s.deadLetters += res.DeadLetters
}

// logSummary logs at info what the ingest did, every summaryEvery or when
// final, and only when it did something.
func (in *Ingest) logSummary(final bool) {
	s := in.summary
	if !final && time.Since(s.since) < summaryEvery {
		return
	}
	if s.batches > 0 || s.failed > 0 {
		in.log.Info("ingest summary",
			"seconds", int(time.Since(s.since).Seconds()),
			"batches", s.batches,
			"messages", s.messages,
			"stored", s.stored,
			"projected", s.projected,
			"duplicates", s.duplicates,
			"divergences", s.divergences,
			"dead_letters", s.deadLetters,
			"failed", s.failed,
		)
	}
	in.summary = ingestSummary{since: time.Now()}
}
