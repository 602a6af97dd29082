#!/usr/bin/env bash
# What the tests need beyond scripts/setup.sh: poppler-utils (pdftotext,
# pdfinfo), to read the board pack's PDF back as a reader's tools would.
# Idempotent and silent when already there; installed under the same lock as
# the set-up's packages (scripts/lib/apt-install.sh), so parallel runs never
# both call apt-get. The bot itself never needs it.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '[test-tools] %s\n' "$*" >&2; }
# shellcheck source=scripts/lib/apt-install.sh
source scripts/lib/apt-install.sh

have_pdf_tools() { command -v pdftotext >/dev/null && command -v pdfinfo >/dev/null; }
apt_install_missing have_pdf_tools "what the tests use to read PDFs" \
  "the tests read PDFs with pdftotext and pdfinfo, and they are missing." \
  "macOS (Homebrew):        brew install poppler" \
  poppler-utils
