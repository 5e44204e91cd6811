#!/bin/sh
# Firewall of the central droplet (Ubuntu/Debian ufw). Run once as root;
# `ufw status verbose` shows the result. Only SSH, HTTP(S) and NATS are
# open; PostgreSQL (5432), central's own port (8090), NATS monitoring (8222)
# and node_exporter (9100) listen on the loopback or stay closed.
set -eu
ufw default deny incoming
ufw default allow outgoing
ufw limit 22/tcp comment 'ssh, rate-limited'
ufw allow 80/tcp comment 'http: certbot challenge and redirect'
ufw allow 443/tcp comment 'https: nginx to ocpizza-central'
# NATS, TLS: the pizzerias' links. Where pizzerias have fixed addresses,
# allow only them instead:  ufw allow from 203.0.113.10 to any port 4222 proto tcp
ufw allow 4222/tcp comment 'nats (tls) from the pizzerias'
ufw --force enable
