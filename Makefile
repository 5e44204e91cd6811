# OC Pizza — build, test and run. Every target loops over the modules of
# the Go workspace; see README.md.

GO       ?= go
MODULES  := syncproto migrations edge central systemtest deploy/demo
VERSION  ?= $(shell git describe --always --dirty 2>/dev/null || echo dev)
LDFLAGS  := -X main.version=$(VERSION)
BIN      := bin
VAR      := var
PIZZERIA ?= paris-11
ADDR     ?= 127.0.0.1:8080
STATICCHECK := honnef.co/go/tools/cmd/staticcheck@v0.8.2

.PHONY: all build test test-short lint bench bench-sync bench-reports gen-history fuzz run-edge demo restore-drill check-deploy clean

all: lint test build

## build: compile the binaries into ./bin
build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN)/ocpizza-edge ./edge/cmd/ocpizza-edge
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN)/ocpizza-central ./central/cmd/ocpizza-central
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN)/ocpizza-paysim ./central/cmd/ocpizza-paysim
	$(GO) build -o $(BIN)/ocpizza-demo ./deploy/demo/cmd/ocpizza-demo

## test: every test of every module, with the race detector
test:
	@set -e; for m in $(MODULES); do \
		echo "== test $$m"; (cd $$m && $(GO) test -race -count=1 ./...); \
	done

## test-short: the same without the race detector, for a quick check
test-short:
	@set -e; for m in $(MODULES); do (cd $$m && $(GO) test -count=1 ./...); done

## lint: gofmt, go vet and staticcheck on every module
lint:
	@out=$$(gofmt -l $(MODULES)); if [ -n "$$out" ]; then echo "not gofmt-formatted:"; echo "$$out"; exit 1; fi
	@set -e; for m in $(MODULES); do \
		echo "== vet $$m"; (cd $$m && $(GO) vet ./... && $(GO) run $(STATICCHECK) ./...); \
	done

## bench: the storage benchmark (order path against plain SQLite inserts)
bench:
	cd edge && $(GO) test ./sqlite -run '^$$' -bench . -benchtime 2000x

## gen-history: fill $(DATABASE_URL) with two years of 8 pizzerias (~3M orders)
gen-history:
	@test -n "$(DATABASE_URL)" || { echo "set DATABASE_URL to a scratch database"; exit 1; }
	cd central && $(GO) run ./cmd/ocpizza-central migrate --db "$(DATABASE_URL)"
	cd central && $(GO) run ./cmd/ocpizza-central gen-history --db "$(DATABASE_URL)" \
		--pizzerias 8 --days 730 --orders-per-day $${ORDERS_PER_DAY:-500} --jobs 3

## bench-reports: every dashboard query on the generated history, beside a scan
bench-reports:
	@test -n "$(DATABASE_URL)" || { echo "set DATABASE_URL to the gen-history database"; exit 1; }
	cd central && OCPIZZA_BENCH_DATABASE_URL="$(DATABASE_URL)" \
		$(GO) test ./postgres -run '^$$' -bench BenchmarkReports -benchtime 50x

## bench-sync: catch-up, plain CopyFrom and JetStream rates, live lag
bench-sync:
	cd systemtest && $(GO) test -run '^$$' -bench BenchmarkSync -benchtime 1x -timeout 20m .

## fuzz: a short run of each fuzz target
fuzz:
	cd edge && $(GO) test ./http -run '^$$' -fuzz FuzzDecodeOrderCreate -fuzztime 30s
	cd syncproto && $(GO) test . -run '^$$' -fuzz FuzzDecodeCatalog -fuzztime 30s
	cd syncproto && $(GO) test . -run '^$$' -fuzz FuzzDecodeEvent -fuzztime 30s

## run-edge: one pizzeria with demo data on $(ADDR), database in ./var
run-edge: build
	@mkdir -p $(VAR)
	$(BIN)/ocpizza-edge demo-data --db $(VAR)/$(PIZZERIA).db --pizzeria $(PIZZERIA)
	$(BIN)/ocpizza-edge serve --db $(VAR)/$(PIZZERIA).db --pizzeria $(PIZZERIA) --http-addr $(ADDR)

## demo: central, NATS, the payment simulator, two pizzerias (and PostgreSQL unless DATABASE_URL), until Ctrl-C
demo: build
	$(BIN)/ocpizza-demo --var $(VAR) --bin $(BIN)

## restore-drill: back up a live system under load, destroy it, restore it, report
restore-drill:
	cd deploy/demo && OCPIZZA_RESTORE_DRILL=1 $(GO) test -count=1 -v -run TestRestoreDrill -timeout 5m .

## check-deploy: nginx -t, nats-server -t, systemd-analyze, roles.sql, scripts
check-deploy:
	bash deploy/check-deploy.sh

clean:
	rm -rf $(BIN)
