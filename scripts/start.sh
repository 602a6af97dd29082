#!/usr/bin/env bash
# npm start (and npm run sandbox, which passes --sandbox): set up what is
# missing, compile when the sources changed, then replace this shell with the
# bot under plain node, so that the signals a process manager sends (SIGTERM,
# SIGINT) reach the bot itself.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
entry=dist/src/main.js
if [ "${1:-}" = "--sandbox" ]; then
  shift
  entry=dist/src/sandbox/main.js
fi
exec node --enable-source-maps "$entry" "$@"
