#!/usr/bin/env bash
# The pinned Pulumi toolchain, built from the Go module proxy (no other download is possible on the
# project's machines; ../shared/design/TOOLCHAIN.md has the why of each pin).
#   cache:  ${PIBX_CACHE:-~/.cache/pibx}/pulumi-v<version>/   (outside the repo, shared by clones)
#   in repo: .cache/pulumi-bin/  (links put on PATH by scripts/pulumi-env.sh)
#            .cache/pulumi-home/ (PULUMI_HOME)
# The Go module proxy refuses pulumi-command's provider module (403 on every version), so pibx
# has no command provider: its own dynamic providers run the few commands it needs.
# A `pulumi` already on PATH is used instead of building when its version is the pinned one.
set -euo pipefail
cd "$(dirname "$0")/.."
quiet=0; [ "${1:-}" = --quiet ] && quiet=1
say() { [ "$quiet" = 1 ] || echo "pulumi-toolchain: $*"; }

PULUMI_VERSION=3.248.0

repo=$(pwd)
cache=${PIBX_CACHE:-$HOME/.cache/pibx}/pulumi-v$PULUMI_VERSION
bin=$repo/.cache/pulumi-bin
export PULUMI_HOME=$repo/.cache/pulumi-home
mkdir -p "$cache" "$bin" "$PULUMI_HOME"

# 1. The CLI. (The Go module proxy refuses the Node.js language host's module outright — 403 on
#    its version list — so pibx ships its own language host, scripts/pulumi-language-nodejs.)
if [ ! -x "$cache/bin/pulumi" ]; then
  existing=$(PATH=$(echo "$PATH" | tr ':' '\n' | grep -v "^$bin\$" | paste -sd:) command -v pulumi || true)
  if [ -n "$existing" ] && [ "$("$existing" version 2>/dev/null)" = "v$PULUMI_VERSION" ]; then
    say "using $existing"
    mkdir -p "$cache/bin"
    ln -sfn "$existing" "$cache/bin/pulumi"
  else
    echo "pulumi-toolchain: building Pulumi v$PULUMI_VERSION from the Go module proxy (cold: many minutes)"
    t0=$(date +%s)
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    # pkg/v3 carries relative `replace` lines, so `go install mod@v` refuses it: a throwaway
    # wrapper module requires it instead.
    cat > "$work/go.mod" <<GOMOD
module pibx.local/pulumi-toolchain

go 1.24

replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e
GOMOD
    cat > "$work/tools.go" <<'GO'
//go:build tools

package tools

import (
	_ "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi"
)
GO
    (
      cd "$work"
      go get "github.com/pulumi/pulumi/pkg/v3@v$PULUMI_VERSION" "github.com/pulumi/pulumi/sdk/v3@v$PULUMI_VERSION" \
        >"$work/get.log" 2>&1 \
        || { tail -20 "$work/get.log" >&2; exit 1; }
      go mod tidy >"$work/tidy.log" 2>&1 || { tail -20 "$work/tidy.log" >&2; exit 1; }
      mkdir -p "$cache/bin.tmp"
      CGO_ENABLED=0 go build -trimpath -tags osusergo,grpcnotrace \
        -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION" \
        -o "$cache/bin.tmp/" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
    )
    rm -rf "$cache/bin" && mv "$cache/bin.tmp" "$cache/bin"
    echo "pulumi-toolchain: CLI built in $(( $(date +%s) - t0 )) s"
  fi
fi

# 2. The PATH directory: CLI, pibx's language host, and the dynamic-provider launcher the npm
#    package ships (discovered by this exact name).
ln -sfn "$cache/bin/pulumi" "$bin/pulumi"
ln -sfn "$repo/scripts/pulumi-language-nodejs" "$bin/pulumi-language-nodejs"
ln -sfn "$repo/node_modules/@pulumi/pulumi/pulumi-resource-pulumi-nodejs" "$bin/pulumi-resource-pulumi-nodejs"

say "$("$bin/pulumi" version) ready"
