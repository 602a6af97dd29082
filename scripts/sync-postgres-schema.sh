#!/usr/bin/env bash
# prisma/postgres/schema.prisma is prisma/sqlite/schema.prisma with another
# provider and output; a test checks that they stay in step.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p prisma/postgres
{
  echo "// GENERATED from prisma/sqlite/schema.prisma by scripts/sync-postgres-schema.sh: do not edit."
  sed -e 's|provider = "sqlite"|provider = "postgresql"|' \
      -e 's|src/generated/sqlite|src/generated/postgres|' \
      -e '/^\/\/ The SQLite schema is the source of truth/,/^$/d' \
      prisma/sqlite/schema.prisma
} > prisma/postgres/schema.prisma
