package syncproto

import (
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

func TestStreamConfigs(t *testing.T) {
	tests := []struct {
		cfg      jetstream.StreamConfig
		name     string
		subjects string
		subject  func(string) string
	}{
		{UpStreamConfig(), UpStream, UpSubjects, UpSubject},
		{DownStreamConfig(), DownStream, DownSubjects, DownSubject},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cfg := tt.cfg
			if cfg.Name != tt.name {
				t.Errorf("name %q, want %q", cfg.Name, tt.name)
			}
			if len(cfg.Subjects) != 1 || cfg.Subjects[0] != tt.subjects {
				t.Errorf("subjects %q, want [%q]", cfg.Subjects, tt.subjects)
			}
			if !subjectMatches(cfg.Subjects[0], tt.subject("paris-11")) {
				t.Errorf("%q does not capture %q", cfg.Subjects[0], tt.subject("paris-11"))
			}
			// On disk, and kept long enough for a link down for days.
			if cfg.Storage != jetstream.FileStorage || cfg.Retention != jetstream.LimitsPolicy {
				t.Errorf("storage %v, retention %v: want a file stream with limits", cfg.Storage, cfg.Retention)
			}
			if cfg.MaxAge < 3*24*time.Hour {
				t.Errorf("messages kept %v, want at least 3 days", cfg.MaxAge)
			}
			// Messages under the server's 1 MiB, and deduplicated.
			if cfg.MaxMsgSize != MaxMessageBytes || MaxMessageBytes >= 1<<20 {
				t.Errorf("max message size %d (MaxMessageBytes %d), want MaxMessageBytes under 1 MiB",
					cfg.MaxMsgSize, MaxMessageBytes)
			}
			if cfg.Duplicates <= 0 || cfg.Duplicates > cfg.MaxAge {
				t.Errorf("duplicate window %v", cfg.Duplicates)
			}
			// A stream that refused new messages when full would stop the
			// pizzerias' publishers; they resend what is lost.
			if cfg.Discard != jetstream.DiscardOld {
				t.Errorf("discard policy %v, want old", cfg.Discard)
			}
		})
	}

	// No subject belongs to both streams, which JetStream would refuse.
	if subjectMatches(UpSubjects, DownSubject("paris-11")) || subjectMatches(DownSubjects, UpSubject("paris-11")) {
		t.Error("the up and down streams overlap")
	}
}

func TestIngestConsumerConfig(t *testing.T) {
	cfg := IngestConsumerConfig()
	if cfg.Durable != "central-ingest" || cfg.Name != "" && cfg.Name != cfg.Durable {
		t.Errorf("durable %q, name %q: want central-ingest", cfg.Durable, cfg.Name)
	}
	if cfg.AckPolicy != jetstream.AckExplicitPolicy {
		t.Errorf("ack policy %v, want explicit: acks follow the PostgreSQL commit", cfg.AckPolicy)
	}
	if cfg.DeliverPolicy != jetstream.DeliverAllPolicy {
		t.Errorf("deliver policy %v, want all", cfg.DeliverPolicy)
	}
	if cfg.FilterSubject != UpSubjects || len(cfg.FilterSubjects) != 0 {
		t.Errorf("filter %q %q, want the one subject %q (nats-server 2.9 takes no list)",
			cfg.FilterSubject, cfg.FilterSubjects, UpSubjects)
	}
	if cfg.AckWait < 5*time.Second || cfg.MaxAckPending <= 0 {
		t.Errorf("ack wait %v, max ack pending %d", cfg.AckWait, cfg.MaxAckPending)
	}
	if cfg.DeliverSubject != "" {
		t.Errorf("deliver subject %q: want a pull consumer", cfg.DeliverSubject)
	}
}
