#!/usr/bin/env bash
# Prints the path of rulecheck (infra/rulecheck: Prometheus's own rule-file parser, rulefmt with the PromQL
# parser, the check `promtool check rules` makes), building it into the shared tool cache on first use from
# the Go module proxy (about two minutes on a fresh machine; promtool itself takes fifteen, so the test run
# uses this and runs promtool's rule unit tests only where promtool is built: infra/promtool.sh).
set -euo pipefail
SRC="$(cd "$(dirname "${BASH_SOURCE[0]}")/rulecheck" && pwd)"
HASH=$(cat "$SRC/go.mod" "$SRC/go.sum" "$SRC/main.go" | sha256sum | cut -c1-12)
CACHE="${FIVESOC_TOOL_CACHE:-$HOME/.cache/fivesoc}/rulecheck-$HASH"
BIN="$CACHE/rulecheck"
if [[ -x $BIN ]]; then
  echo "$BIN"
  exit 0
fi
command -v go >/dev/null || { echo "rulecheck.sh: go is not on PATH (needed once to build rulecheck)" >&2; exit 1; }
mkdir -p "$CACHE"
(cd "$SRC" && go build -trimpath -o "$BIN.tmp.$$" .) >&2
mv -f "$BIN.tmp.$$" "$BIN"
echo "$BIN"
