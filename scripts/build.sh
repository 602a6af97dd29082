#!/usr/bin/env bash
# Compile src/ to dist/ with tsc, only when the sources, the generated Prisma
# clients or the compiler settings changed since the last build (so a second
# `npm start` does not wait for the compiler). `--force` always compiles.
# Under a lock, so that `npm start` and `npm run cli` started together do not
# both write dist/.
set -euo pipefail
cd "$(dirname "$0")/.."

sources_hash() {
  { find src -type f \( -name '*.ts' -o -name '*.js' -o -name '*.json' -o -name '*.wasm' -o -name '*.node' \) -print0 | sort -z | xargs -0 sha256sum
    sha256sum tsconfig.json tsconfig.build.json package-lock.json; } | sha256sum | cut -d' ' -f1
}

build() {
  local want
  want="$(sources_hash)"
  if [ "${1:-}" != "--force" ] && [ -f dist/src/main.js ] && [ "$(cat dist/.build-hash 2>/dev/null)" = "$want" ]; then
    return 0
  fi
  printf '[build] compiling src/ to dist/\n' >&2
  rm -rf dist
  node node_modules/typescript/bin/tsc -p tsconfig.build.json
  echo "$want" > dist/.build-hash
}

if command -v flock >/dev/null; then
  exec 8>.build.lock
  flock 8
fi
build "${1:-}"
