# Debian packages installed when missing: one function for scripts/setup.sh,
# scripts/test-tools.sh and test/support/ensure-chromium.sh. Source it (bash);
# messages go through the caller's say(), or plainly to stderr.
#
#   apt_install_missing <check> <what> <missing> <macos> <package>...
#
# <check> is a command (a function) that succeeds when what is needed is there.
# When it succeeds: nothing else happens, no lock, no apt-get (fast when present).
# Otherwise, as root where apt-get exists: under one machine-wide lock, so that
# parallel runs (from any checkout) never fight over apt, it checks again
# (another run may have installed the packages while this one waited), then
# says "installing <what>: <packages>" and installs them, running apt-get update
# only when the install cannot find them (a fresh machine has no package lists).
# Elsewhere (not root, no apt-get, a Mac) it says <missing>, how to install the
# packages on Debian, and the <macos> line, and returns 1.

APT_INSTALL_LOCK=/tmp/board-bot-apt.lock

declare -F say >/dev/null || say() { printf '%s\n' "$*" >&2; }

# Whether this process can install Debian packages itself.
can_apt_install() { command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; }

apt_install_missing() {
  local check="$1" what="$2" missing="$3" macos="$4"
  shift 4
  "$check" && return 0
  if ! can_apt_install; then
    say "$missing"
    say "  Debian/Ubuntu (as root): apt-get install $*"
    say "  $macos"
    return 1
  fi
  local status=0
  if command -v flock >/dev/null; then
    exec 8>"$APT_INSTALL_LOCK"
    flock 8
  fi
  if ! "$check"; then
    say "installing $what: $*"
    # DPkg::Lock::Timeout: wait for an apt run that is not ours (unattended upgrades) rather than fail.
    local apt=(apt-get install -y -qq --no-install-recommends -o DPkg::Lock::Timeout=600 "$@")
    DEBIAN_FRONTEND=noninteractive "${apt[@]}" >&2 2>/dev/null \
      || { DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive "${apt[@]}" >&2; } \
      || status=$?
  fi
  exec 8>&-
  return "$status"
}
