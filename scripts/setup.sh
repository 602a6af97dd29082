#!/usr/bin/env bash
# Everything `npm start`, `npm test` and `npm run cli` need before they run,
# idempotent and fast when already done: system libraries for node-canvas,
# npm dependencies, and the generated Prisma clients. Database migrations are
# applied by the app itself (src/db/migrate.ts), because only it knows the
# validated DATABASE_URL.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '[setup] %s\n' "$*" >&2; }

hash_of() { cat "$@" 2>/dev/null | sha256sum | cut -d' ' -f1; }

# Concurrent runs (npm start beside npm run cli, parallel tests) take turns, so
# that they never both run apt-get or npm ci; each re-checks under the lock.
if command -v flock >/dev/null; then
  exec 9>.setup.lock
  flock 9
fi

# 1. System libraries: node-canvas (charts) builds from source here and needs Cairo and Pango.
# shellcheck source=scripts/lib/apt-install.sh
source scripts/lib/apt-install.sh
CANVAS_DEBS=(build-essential pkg-config libcairo2-dev libpango1.0-dev libjpeg-dev libgif-dev librsvg2-dev libpixman-1-dev fonts-dejavu-core)
# No pipes in this check: under pipefail, `fc-list | grep -q .` fails with
# SIGPIPE whenever grep exits before fc-list has written everything.
have_fonts() { local fonts; fonts="$(fc-list 2>/dev/null || true)"; [ -n "$fonts" ]; }
have_chart_libraries() { command -v pkg-config >/dev/null && pkg-config --exists cairo pangocairo pixman-1 && have_fonts; }
apt_install_missing have_chart_libraries "the system libraries that charts need" \
  "charts need Cairo and Pango development libraries, and they are missing." \
  "macOS (Homebrew):        brew install pkg-config cairo pango libpng jpeg giflib librsvg pixman" \
  "${CANVAS_DEBS[@]}"

# 1b. The board pack embeds DejaVu Sans (src/pack/fonts.ts). A Debian machine with Cairo and other
# fonts may still lack it; elsewhere (a Mac) the pack says what to install when it is asked for.
have_pack_font() { [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf ]; }
if can_apt_install; then
  apt_install_missing have_pack_font "the font the board pack embeds" "" "" fonts-dejavu-core
fi

# 2. npm dependencies, reinstalled only when the lockfile changes.
deps_hash="$(hash_of package-lock.json) $(node --version)"
if [ ! -d node_modules ] || [ "$(cat node_modules/.setup-deps 2>/dev/null)" != "$deps_hash" ]; then
  say "installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund >&2
  echo "$deps_hash" > node_modules/.setup-deps
fi

# 3. Prisma clients for both providers, regenerated only when a schema changes.
gen_hash="$(hash_of prisma/sqlite/schema.prisma prisma/postgres/schema.prisma node_modules/prisma/package.json)"
if [ ! -f src/generated/sqlite/client.ts ] || [ ! -f src/generated/postgres/client.ts ] \
   || [ "$(cat src/generated/.setup-gen 2>/dev/null)" != "$gen_hash" ]; then
  say "generating the Prisma clients"
  DATABASE_URL="file:./data/bot.db" npx prisma generate >&2
  DATABASE_URL="postgresql://localhost/generate" npx prisma generate >&2
  echo "$gen_hash" > src/generated/.setup-gen
fi
