#!/usr/bin/env bash
# Prints the path of promtool (Prometheus v3.8.0's, from the Go module proxy), building it into the shared
# tool cache on first use. `go install …/cmd/promtool@v0.308.0` is refused (prometheus's go.mod has exclude
# directives), so it is built from a throwaway module that requires it. First build: several minutes.
set -euo pipefail
VERSION=v0.308.0 # Prometheus 3.8.0
CACHE="${FIVESOC_TOOL_CACHE:-$HOME/.cache/fivesoc}/promtool-$VERSION"
BIN="$CACHE/promtool"
if [[ -x $BIN ]]; then
  echo "$BIN"
  exit 0
fi
command -v go >/dev/null || { echo "promtool.sh: go is not on PATH (needed once to build promtool)" >&2; exit 1; }
mkdir -p "$CACHE"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(
  cd "$work"
  go mod init fivesoc.local/promtool >/dev/null 2>&1
  printf '//go:build tools\npackage tools\nimport _ "github.com/prometheus/prometheus/cmd/promtool"\n' >tools.go
  go get "github.com/prometheus/prometheus/cmd/promtool@$VERSION"
  go mod tidy
  go build -o "$BIN.tmp" github.com/prometheus/prometheus/cmd/promtool
) >&2
mv -f "$BIN.tmp" "$BIN"
echo "$BIN"
