package syncproto

import (
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// Stream and consumer names.
const (
	UpStream       = "OCPIZZA_UP"
	DownStream     = "OCPIZZA_DOWN"
	IngestConsumer = "central-ingest"
)

// MaxMessageBytes bounds one message, under the 1 MiB NATS accepts by
// default. Events are far smaller; catalog versions are the large ones.
const MaxMessageBytes = 900 << 10

// UpStreamConfig is the stream of events from every pizzeria. JetStream is
// a transport and buffer here, not the record: the edge keeps each event
// until central confirms it from PostgreSQL, so the default fsync interval
// is enough and a lost message is sent again after the next handshake.
// Messages are kept a week so that central can be down for days.
func UpStreamConfig() jetstream.StreamConfig {
	return jetstream.StreamConfig{
		Name:       UpStream,
		Subjects:   []string{UpSubjects},
		Storage:    jetstream.FileStorage,
		Retention:  jetstream.LimitsPolicy,
		MaxAge:     7 * 24 * time.Hour,
		MaxMsgSize: MaxMessageBytes,
		Duplicates: 2 * time.Minute,
		Discard:    jetstream.DiscardOld,
	}
}

// DownStreamConfig is the stream of commands to every pizzeria.
func DownStreamConfig() jetstream.StreamConfig {
	return jetstream.StreamConfig{
		Name:       DownStream,
		Subjects:   []string{DownSubjects},
		Storage:    jetstream.FileStorage,
		Retention:  jetstream.LimitsPolicy,
		MaxAge:     7 * 24 * time.Hour,
		MaxMsgSize: MaxMessageBytes,
		Duplicates: 2 * time.Minute,
	}
}

// DownConsumerConfig is the durable pull consumer of one pizzeria's
// commands, named edge-<pizzeria>. Central creates it, since a pizzeria's
// NATS user may only read it and ack on it. One command is in flight at a
// time, so that the pizzeria applies them in the order central made them
// even when one is delivered again.
func DownConsumerConfig(pizzeria string) jetstream.ConsumerConfig {
	return jetstream.ConsumerConfig{
		Durable:       DownConsumer(pizzeria),
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       30 * time.Second,
		MaxAckPending: 1,
		DeliverPolicy: jetstream.DeliverAllPolicy,
		FilterSubject: DownSubject(pizzeria),
	}
}

// DownConsumer is the name of a pizzeria's consumer of the down stream.
func DownConsumer(pizzeria string) string { return "edge-" + pizzeria }

// IngestConsumerConfig is central's durable pull consumer of the up
// stream. It acknowledges each message after the PostgreSQL transaction
// that applied it has committed.
func IngestConsumerConfig() jetstream.ConsumerConfig {
	return jetstream.ConsumerConfig{
		Durable:       IngestConsumer,
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       30 * time.Second,
		MaxAckPending: 20_000,
		DeliverPolicy: jetstream.DeliverAllPolicy,
		FilterSubject: UpSubjects,
	}
}
