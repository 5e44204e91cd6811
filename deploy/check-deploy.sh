#!/usr/bin/env bash
# Checks of the deployment files, run by `make check-deploy` (and so by CI):
#   nginx -t on the site, with a throwaway self-signed certificate
#   the NATS configuration accepted by nats-server -t (TLS paths made local)
#   systemd-analyze verify on every unit, and their security exposure
#   roles.sql applied twice to a scratch database, then the service role
#     tried: it may read and write rows, and may not create or drop tables
#   shell scripts parsed, the supervisord file read
# Each check that needs a missing tool says so and fails: .ci/run installs
# nginx and systemd when missing.
set -euo pipefail
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0
step() { echo "== check-deploy: $*"; }
fail() { echo "check-deploy: FAIL: $*" >&2; failed=1; }

# A self-signed certificate standing for certbot's and the NATS one.
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=pizza.example.fr \
	-keyout "$tmp/privkey.pem" -out "$tmp/fullchain.pem" 2>/dev/null

step "nginx -t on nginx/ocpizza-central.conf"
if command -v nginx >/dev/null; then
	mkdir -p "$tmp/nginx/www" "$tmp/nginx/logs" "$tmp/nginx/tmp"
	sed -e "s#/etc/letsencrypt/live/pizza.example.fr/#$tmp/#g" -e "s#/var/www/letsencrypt#$tmp/nginx/www#g" \
		nginx/ocpizza-central.conf > "$tmp/nginx/site.conf"
	cat > "$tmp/nginx/nginx.conf" <<CONF
pid $tmp/nginx/nginx.pid;
error_log $tmp/nginx/logs/error.log;
events {}
http {
    access_log off;
    client_body_temp_path $tmp/nginx/tmp;
    proxy_temp_path $tmp/nginx/tmp;
    include $tmp/nginx/site.conf;
}
CONF
	nginx -t -q -p "$tmp/nginx" -c "$tmp/nginx/nginx.conf" || fail "nginx -t"
else
	fail "nginx not installed (apt-get install nginx)"
fi

step "nats-server -t on nats/nats-server.conf"
nats=${NATS_SERVER:-$(command -v nats-server || echo /usr/sbin/nats-server)}
if [ -x "$nats" ]; then
	mkdir -p "$tmp/nats"
	sed -e "s#/etc/nats/tls/server.crt#$tmp/fullchain.pem#" -e "s#/etc/nats/tls/server.key#$tmp/privkey.pem#" \
		-e "s#/var/lib/nats#$tmp/nats#" nats/nats-server.conf > "$tmp/nats/nats-server.conf"
	cp nats/accounts.conf "$tmp/nats/"
	"$nats" -t -c "$tmp/nats/nats-server.conf" >/dev/null || fail "nats-server -t"
	echo "   accepted by $("$nats" --version)"
else
	fail "nats-server not installed: syncproto/deploytest parses the files in process too"
fi

step "systemd-analyze verify and security on systemd/"
if command -v systemd-analyze >/dev/null; then
	# The programs at their real paths may be absent here: stand-ins.
	mkdir -p "$tmp/units/bin"
	for b in ocpizza-central ocpizza-edge ocpizza-backup nats-server kill; do
		printf '#!/bin/sh\n' > "$tmp/units/bin/$b"
		chmod +x "$tmp/units/bin/$b"
	done
	for f in systemd/*; do
		sed -e "s#/usr/local/bin/#$tmp/units/bin/#g" -e "s#/usr/sbin/nats-server#$tmp/units/bin/nats-server#g" \
			-e "s#/bin/kill#$tmp/units/bin/kill#g" "$f" > "$tmp/units/$(basename "$f" | sed 's/@\./@paris-11./')"
	done
	(cd "$tmp/units" && systemd-analyze verify ./*.service ./*.timer) || fail "systemd-analyze verify"
	for unit in "$tmp"/units/*.service; do
		score=$(systemd-analyze security --offline=true "$unit" 2>/dev/null |
			sed -n 's/.*Overall exposure level for .*: \([0-9.]*\) .*/\1/p')
		printf '   %-40s exposure %s\n' "$(basename "$unit")" "${score:-?}"
		if [ -z "$score" ] || awk -v s="$score" 'BEGIN { exit !(s > 2.0) }'; then
			fail "$(basename "$unit"): exposure ${score:-unknown}, above 2.0"
		fi
	done
else
	fail "systemd-analyze not installed (apt-get install systemd)"
fi

step "postgres/roles.sql on a scratch database"
admin=${OCPIZZA_TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}
if psql "$admin" -tAc 'SELECT 1' >/dev/null 2>&1; then
	n=chk_$$
	vars=(-v db="ocpizza_$n" -v owner="ocpizza_${n}_owner" -v app="ocpizza_${n}_app" -v backup="ocpizza_${n}_backup")
	cleanup_roles() {
		psql "$admin" -q -c "DROP DATABASE IF EXISTS ocpizza_$n WITH (FORCE)" \
			-c "DROP ROLE IF EXISTS ocpizza_${n}_owner, ocpizza_${n}_app, ocpizza_${n}_backup" >/dev/null 2>&1 || true
	}
	trap 'cleanup_roles; rm -rf "$tmp"' EXIT
	psql "$admin" -q "${vars[@]}" -f postgres/roles.sql >/dev/null 2>&1 &&
		psql "$admin" -q "${vars[@]}" -f postgres/roles.sql >/dev/null 2>&1 || fail "roles.sql (run twice)"
	base=${admin%/*}
	owner_url="${base/postgres@/ocpizza_${n}_owner@}/ocpizza_$n"
	app_url="${base/postgres@/ocpizza_${n}_app@}/ocpizza_$n"
	backup_url="${base/postgres@/ocpizza_${n}_backup@}/ocpizza_$n"
	psql "$owner_url" -q -c 'CREATE TABLE orders_check (id int PRIMARY KEY)' || fail "owner cannot create"
	psql "$app_url" -q -c 'INSERT INTO orders_check VALUES (1)' -c 'UPDATE orders_check SET id = 2' \
		-c 'SELECT count(*) FROM orders_check' >/dev/null || fail "service role cannot use rows"
	for forbidden in 'CREATE TABLE x (i int)' 'DROP TABLE orders_check' 'ALTER TABLE orders_check ADD c int'; do
		if psql "$app_url" -q -c "$forbidden" >/dev/null 2>&1; then fail "service role may: $forbidden"; fi
	done
	if psql "$backup_url" -q -c 'DELETE FROM orders_check' >/dev/null 2>&1; then fail "backup role may delete"; fi
	pg_dump --format=custom --file="$tmp/check.dump" "$backup_url" || fail "backup role cannot pg_dump"
	echo "   owner creates, service reads and writes rows only, backup dumps and cannot write"
else
	fail "no PostgreSQL at $admin"
fi

step "shell scripts and supervisord"
for s in backup/ocpizza-backup backup/ocpizza-restore ufw/*.sh nginx/certbot-reload.sh check-deploy.sh; do
	bash -n "$s" || fail "bash -n $s"
done
if command -v shellcheck >/dev/null; then
	shellcheck backup/ocpizza-backup backup/ocpizza-restore ufw/*.sh nginx/certbot-reload.sh || fail shellcheck
fi
python3 - supervisor/ocpizza.conf <<'PY' || fail "supervisor/ocpizza.conf"
import configparser, sys
c = configparser.ConfigParser(interpolation=None)
c.read(sys.argv[1])
programs = [s for s in c.sections() if s.startswith("program:")]
assert programs and all(c[p].get("command") and c[p].get("user") for p in programs), programs
PY

if [ "$failed" != 0 ]; then
	echo "check-deploy: some checks failed" >&2
	exit 1
fi
echo "check-deploy: all checks passed"
