#!/usr/bin/env bash
# What the tests need beyond scripts/setup.sh: poppler-utils (pdftotext,
# pdfinfo), to read the board pack's PDF back as a reader's tools would.
# Idempotent and silent when already there; runs under the same lock as the
# set-up, so parallel runs never both call apt-get. The bot itself never needs it.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '[test-tools] %s\n' "$*" >&2; }

if command -v flock >/dev/null; then
  exec 9>.setup.lock
  flock 9
fi

TEST_DEBS="poppler-utils"
if ! { command -v pdftotext >/dev/null && command -v pdfinfo >/dev/null; }; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    say "installing what the tests use to read PDFs: $TEST_DEBS"
    export DEBIAN_FRONTEND=noninteractive
    # A fresh machine has no package lists yet; install straight away when it has them.
    # shellcheck disable=SC2086
    if ! apt-get install -y -qq --no-install-recommends $TEST_DEBS >&2 2>/dev/null; then
      apt-get update -qq >&2
      # shellcheck disable=SC2086
      apt-get install -y -qq --no-install-recommends $TEST_DEBS >&2
    fi
  else
    say "the tests read PDFs with pdftotext and pdfinfo, and they are missing."
    say "  Debian/Ubuntu (as root): apt-get install $TEST_DEBS"
    say "  macOS (Homebrew):        brew install poppler"
    exit 1
  fi
fi
