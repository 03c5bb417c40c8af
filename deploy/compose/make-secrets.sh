#!/bin/sh
# Writes the secret files compose.yaml mounts (docs/deployment.md#containers): the pepper, the audit
# checkpoint and content keys, and PostgreSQL's password with the gateway's connection URL.
#   sh deploy/compose/make-secrets.sh [directory]     # default: deploy/compose/secrets
# Existing files are kept: a new database password would lock the gateway out of an existing volume, and
# new keys would orphan what the old ones sealed. Needs openssl.
set -eu
dir="${1:-$(dirname "$0")/secrets}"
umask 077
mkdir -p "$dir"

keep() { [ -s "$dir/$1" ] && echo "kept $dir/$1"; }

keep secret-pepper || openssl rand -base64 48 > "$dir/secret-pepper"
keep audit-checkpoint.pem || openssl genpkey -algorithm ed25519 -out "$dir/audit-checkpoint.pem"
keep audit-content.key || openssl rand -base64 32 > "$dir/audit-content.key"
if ! keep postgres-password; then
  password="$(openssl rand -hex 24)"
  printf '%s' "$password" > "$dir/postgres-password"
  printf 'postgres://gatehouse:%s@postgres:5432/gatehouse' "$password" > "$dir/database-url"
fi

# The folder stays private; the files must be readable by the containers' own users (node, postgres),
# which compose bind-mounts them to.
chmod 0700 "$dir"
chmod 0644 "$dir"/*
echo "secrets in $dir"
