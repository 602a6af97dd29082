#!/usr/bin/env bash
# npm start (and npm run sandbox, which passes --sandbox): set up what is
# missing, compile when the sources changed, then replace this shell with the
# bot under plain node (scripts/run.sh), so that the signals a process manager
# sends (SIGTERM, SIGINT) reach the bot itself.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
exec bash scripts/run.sh "$@"
