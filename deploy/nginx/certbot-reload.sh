#!/bin/sh
# certbot deploy hook: install as
#   /etc/letsencrypt/renewal-hooks/deploy/ocpizza-reload.sh (mode 0755)
# After each renewal, nginx and NATS (which uses the same certificate for
# the pizzerias' TLS links) load the new files without dropping anyone.
set -eu
host=${RENEWED_DOMAINS%% *}
install -o root -g nats -m 0640 "$RENEWED_LINEAGE/fullchain.pem" /etc/nats/tls/server.crt
install -o root -g nats -m 0640 "$RENEWED_LINEAGE/privkey.pem" /etc/nats/tls/server.key
systemctl reload nginx
systemctl reload nats-server
echo "ocpizza: certificate of $host renewed; nginx and nats-server reloaded"
