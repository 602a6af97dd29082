#!/usr/bin/env bash
# npm run cli -- <command>: the same set-up and build as npm start (on stderr,
# so that `export` to stdout stays clean), then the compiled CLI.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
bash "$here/scripts/setup.sh" >&2
bash "$here/scripts/build.sh" >&2
exec node --enable-source-maps "$here/dist/src/cli/main.js" "$@"
