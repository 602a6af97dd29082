#!/usr/bin/env bash
# The compiled bot under plain node, with the settings it is measured with:
# what `npm start` ends with, what the benchmark starts, and what a service
# manager should run (README, "Running it as a service"). No set-up and no
# compiling here: `npm run build` first. `exec`, so that the signals a process
# manager sends (SIGTERM, SIGINT) reach the bot itself. The working directory
# is left alone (a relative DATABASE_URL is relative to it).
#   scripts/run.sh              the bot
#   scripts/run.sh --sandbox    the sandbox
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
# glibc keeps a malloc arena per thread that has allocated (the front thread,
# libuv's, canvas's) and rarely gives their freed memory back; two arenas in
# all kept the process about 10 MB smaller idle and after drawing (npm run
# bench, when charts were drawn in threads). The chart-drawing process is given
# both settings too (services/chart-pool.ts).
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
# glibc also serves large blocks (a chart's pixels, its PNG) from its heap once
# one has been freed (its mmap threshold rises to match), and that heap cannot
# shrink past a block still in use: about 30 MB stayed resident after drawing
# charts. A fixed threshold of 32 KB maps such blocks on their own and unmaps
# them when freed: 112-113 MB idle after 30 charts, not 135-161
# (bench/probes/memory.ts, CHARTS=15, three runs each).
export MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-32768}"
entry="$here/dist/src/main.js"
if [ "${1:-}" = "--sandbox" ]; then
  shift
  entry="$here/dist/src/sandbox/main.js"
fi
# BOT_NODE_ARGS: more node arguments, to look inside a run (e.g. --cpu-prof).
# shellcheck disable=SC2046,SC2086 # one flag per word
exec node $(grep -v '^#' "$here/scripts/node-flags") ${BOT_NODE_ARGS:-} "$entry" "$@"
