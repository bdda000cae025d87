#!/usr/bin/env bash
# One idempotent setup for a fresh machine (quick on a warm one): Debian packages, npm packages,
# and the pinned Pulumi toolchain built from the Go module proxy into a cache outside the repo.
#   --quiet      print only what changes
#   --no-apt     skip Debian packages (e.g. a developer machine without root)
#   --no-pulumi  skip the Pulumi toolchain
set -euo pipefail
cd "$(dirname "$0")/.."
quiet=0 apt=1 pulumi=1
for arg in "$@"; do
  case "$arg" in
    --quiet) quiet=1 ;;
    --no-apt) apt=0 ;;
    --no-pulumi) pulumi=0 ;;
    *) echo "setup: unknown option $arg" >&2; exit 2 ;;
  esac
done
say() { [ "$quiet" = 1 ] || echo "setup: $*"; }
started=$(date +%s)

# --- Debian packages -------------------------------------------------------------------------
if [ "$apt" = 1 ]; then
  mapfile -t wanted < <(sed -e 's/#.*//' -e '/^\s*$/d' scripts/apt-packages.txt)
  missing=()
  for p in "${wanted[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    if [ "$(id -u)" != 0 ]; then
      echo "setup: missing Debian packages (need root to install): ${missing[*]}" >&2; exit 1
    fi
    echo "setup: installing Debian packages: ${missing[*]}"
    # The daemons must not start on the host: the lab starts its own copies inside namespaces.
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
    export DEBIAN_FRONTEND=noninteractive
    if [ -z "$(find /var/lib/apt/lists -name '*Packages*' -mmin -1440 2>/dev/null | head -1)" ]; then
      apt-get update -qq
    fi
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/tmp/pibx-apt.log 2>&1 \
      || { tail -30 /tmp/pibx-apt.log >&2; echo "setup: apt-get install failed (log: /tmp/pibx-apt.log)" >&2; exit 1; }
    rm -f /usr/sbin/policy-rc.d; trap - EXIT
  fi
fi

# --- npm packages ----------------------------------------------------------------------------
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
fi

# --- Pulumi toolchain --------------------------------------------------------------------------
if [ "$pulumi" = 1 ]; then
  bash scripts/pulumi-toolchain.sh ${quiet:+$([ "$quiet" = 1 ] && echo --quiet)}
fi

say "ready in $(( $(date +%s) - started )) s"
