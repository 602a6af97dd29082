#!/usr/bin/env bash
# The end-to-end suite on PostgreSQL (npm run test:postgres; npm test runs it
# after the SQLite run). The server is TEST_POSTGRES_URL, by default
# postgres@127.0.0.1:5432 with trust authentication, as on the development and
# CI machines. A machine's own cluster that is installed but stopped is started
# (as root); a server that still does not answer fails the run, loudly: a
# PostgreSQL run never passes without PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."

url="${TEST_POSTGRES_URL:-postgresql://postgres@127.0.0.1:5432/postgres}"
if command -v pg_isready >/dev/null && ! pg_isready -q -d "$url"; then
  if command -v pg_ctlcluster >/dev/null && [ "$(id -u)" = 0 ]; then
    for dir in /etc/postgresql/*/main; do
      [ -d "$dir" ] || continue
      version="$(basename "$(dirname "$dir")")"
      echo "[test-postgres] starting PostgreSQL $version" >&2
      pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    done
  fi
fi

TEST_DATABASE=postgres exec node_modules/.bin/vitest run "$@"
