#!/bin/sh
# Firewall of a pizzeria's machine. The staff app is served to the
# pizzeria's LAN only (set LAN to its network); the link to central is
# outgoing only (NATS over TLS, port 4222), so nothing else comes in.
set -eu
LAN=${LAN:-192.168.1.0/24}
ufw default deny incoming
ufw default allow outgoing
ufw limit from "$LAN" to any port 22 proto tcp comment 'ssh from the LAN'
ufw allow from "$LAN" to any port 8080 proto tcp comment 'ocpizza-edge, staff app'
ufw --force enable
