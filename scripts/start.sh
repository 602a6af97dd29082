#!/usr/bin/env bash
# npm start: set up what is missing, compile when the sources changed, then
# replace this shell with the bot under plain node, so that the signals a
# process manager sends (SIGTERM, SIGINT) reach the bot itself.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/build.sh
exec node --enable-source-maps dist/src/main.js "$@"
