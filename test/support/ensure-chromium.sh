#!/usr/bin/env bash
# The browser tests drive Debian's Chromium (/usr/bin/chromium, or CHROMIUM_PATH).
# Installs it when missing: as root with apt-get, once, under a lock so that
# parallel test runs wait for one another instead of fighting over apt.
# Emoji glyphs come with it, so screenshots show the RAG circles.
set -euo pipefail
BIN="${CHROMIUM_PATH:-/usr/bin/chromium}"
have() { [ -x "$BIN" ] && fc-list 2>/dev/null | grep -qi "emoji"; }
have && exit 0
if ! command -v apt-get >/dev/null || [ "$(id -u)" != 0 ]; then
  echo "The browser tests need Chromium at $BIN (set CHROMIUM_PATH to use another)." >&2
  echo "  Debian/Ubuntu (as root): apt-get install chromium fonts-noto-color-emoji" >&2
  echo "  macOS: install Chromium or Chrome and set CHROMIUM_PATH to its binary" >&2
  exit 1
fi
exec 9>/tmp/board-bot-chromium.lock
flock 9
have && exit 0 # another run installed it while we waited
export DEBIAN_FRONTEND=noninteractive
echo "[test setup] installing chromium for the browser tests (apt-get)" >&2
install() { apt-get install -y -qq -o DPkg::Lock::Timeout=600 chromium fonts-noto-color-emoji >&2; }
# A fresh machine has no package lists yet: update only when the first try cannot find the packages.
install || { apt-get update -qq >&2 && install; }
