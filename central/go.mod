module github.com/ocpizza/ocpizza/central

go 1.26.0

require (
	github.com/jackc/pgx/v5 v5.13.0
	github.com/ocpizza/ocpizza/migrations v0.0.0
	github.com/ocpizza/ocpizza/syncproto v0.0.0
	github.com/pressly/goose/v3 v3.30.1
)

require (
	github.com/jackc/pgpassfile v1.0.0 // indirect
	github.com/jackc/pgservicefile v0.0.0-20240606120523-5a60cdf6a761 // indirect
	github.com/jackc/puddle/v2 v2.2.3 // indirect
	github.com/klauspost/compress v1.20.4 // indirect
	github.com/mfridman/interpolate v0.2.0 // indirect
	github.com/nats-io/nats.go v1.56.0 // indirect
	github.com/nats-io/nkeys v0.4.16 // indirect
	github.com/nats-io/nuid v1.0.1 // indirect
	github.com/sethvargo/go-retry v0.5.0 // indirect
	go.uber.org/multierr v1.11.0 // indirect
	golang.org/x/crypto v0.59.0 // indirect
	golang.org/x/sync v0.25.0 // indirect
	golang.org/x/sys v0.50.0 // indirect
	golang.org/x/text v0.44.0 // indirect
)

replace github.com/ocpizza/ocpizza/syncproto => ../syncproto

replace github.com/ocpizza/ocpizza/migrations => ../migrations
