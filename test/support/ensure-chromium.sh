#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (/usr/bin/chromium, or CHROMIUM_PATH).
# Installs it when missing: as root with apt-get, once, under the set-up's lock
# (scripts/lib/apt-install.sh) so that parallel test runs wait for one another
# instead of fighting over apt. Emoji glyphs come with it, so screenshots show
# the RAG circles.
set -euo pipefail
BIN="${CHROMIUM_PATH:-/usr/bin/chromium}"

say() { printf '[test setup] %s\n' "$*" >&2; }
# shellcheck source=scripts/lib/apt-install.sh
source "$(dirname "${BASH_SOURCE[0]}")/../../scripts/lib/apt-install.sh"

# No pipe into grep -q: under pipefail it fails with SIGPIPE when grep stops before fc-list has written everything.
have_chromium() { local fonts; fonts="$(fc-list 2>/dev/null || true)"; [ -x "$BIN" ] && grep -qi "emoji" <<<"$fonts"; }
apt_install_missing have_chromium "chromium for the browser tests" \
  "The browser tests need Chromium at $BIN (set CHROMIUM_PATH to use another)." \
  "macOS: install Chromium or Chrome and set CHROMIUM_PATH to its binary" \
  chromium fonts-noto-color-emoji
