#!/usr/bin/env bash
# `npm run lab`: the setup first (it installs tsx itself on a fresh machine, so it cannot run from
# the TypeScript side), timed for the report, then the lab's command line.
set -uo pipefail
cd "$(dirname "$0")/../.."
started=$(date +%s%N)
if ! bash scripts/setup.sh --quiet; then
  echo "lab: FAILED in phase setup (bash scripts/setup.sh --quiet)" >&2
  exit 1
fi
PIBX_LAB_SETUP_SECONDS=$(awk -v ns=$(( $(date +%s%N) - started )) 'BEGIN { printf "%.2f", ns / 1e9 }') \
  exec node_modules/.bin/tsx test/lab/cli.ts "$@"
