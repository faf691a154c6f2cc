#!/usr/bin/env bash
# Installs the system packages the tests need and the lockfile cannot: the Postgres
# server (the indexer's suites also run on a throwaway Postgres cluster) and Chromium
# (browser tests drive it with playwright-core). Idempotent: installs only what is
# missing, so running it again is a quick no-op. Debian/Ubuntu (apt-get); sudo when not root.
set -euo pipefail

say() { echo "setup-system: $*"; }

has_postgres() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    [[ -x "$dir/initdb" && -x "$dir/postgres" ]] && return 0
  done
  return 1
}
has_chromium() { command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; }

missing=()
if has_postgres; then say "postgresql present"; else missing+=(postgresql); fi
if has_chromium; then say "chromium present"; else missing+=(chromium); fi
if [[ ${#missing[@]} -eq 0 ]]; then
  say "nothing to install"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  say "apt-get not found: install ${missing[*]} with this system's package manager, then run the command again" >&2
  exit 1
fi
as_root=()
if [[ "$(id -u)" -ne 0 ]]; then
  if ! command -v sudo >/dev/null 2>&1; then
    say "not root and no sudo: run \`apt-get update && apt-get install -y ${missing[*]}\` as root, then run the command again" >&2
    exit 1
  fi
  as_root=(sudo)
fi

# apt's own output goes to a log, shown only when a step fails.
log="$(mktemp -t setup-system.XXXXXX.log)"
trap 'rm -f "$log"' EXIT
apt() {
  if ! "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get "$@" >"$log" 2>&1; then
    say "apt-get $* failed:" >&2
    tail -n 30 "$log" >&2
    exit 1
  fi
}

say "updating the package lists"
apt update -q
say "installing ${missing[*]}"
apt install -y -q --no-install-recommends "${missing[@]}"

has_postgres || { say "postgresql installed but initdb/postgres not found under /usr/lib/postgresql" >&2; exit 1; }
has_chromium || { say "chromium installed but not on PATH" >&2; exit 1; }
say "done"
