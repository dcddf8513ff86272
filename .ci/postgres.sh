#!/usr/bin/env bash
# Starts a local PostgreSQL for the store's PostgreSQL test (installing it when missing).
# Exits non-zero when no server can be had; the test then skips.
set -euo pipefail
if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  command -v apt-get >/dev/null || exit 1
  timeout 300 apt-get update -qq
  DEBIAN_FRONTEND=noninteractive timeout 600 apt-get install -y -qq postgresql >/dev/null
fi
version=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
pg_lsclusters -h 2>/dev/null | grep -q "^$version main" || pg_createcluster "$version" main >/dev/null
pg_ctlcluster "$version" main start 2>/dev/null || pg_ctlcluster "$version" main status >/dev/null
for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 && break; sleep 1; done
su postgres -c "psql -tAc \"select 1 from pg_roles where rolname='eventwire'\"" | grep -q 1 \
  || su postgres -c "psql -qc \"create role eventwire login password 'eventwire'\""
su postgres -c "psql -tAc \"select 1 from pg_database where datname='eventwire_test'\"" | grep -q 1 \
  || su postgres -c "createdb -O eventwire eventwire_test"
