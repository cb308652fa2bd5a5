#!/usr/bin/env bash
# A local Ceramic node for the Ceramic adapter's integration test, kept out of the main package:
#   test/ceramic/node.sh install   # once (several minutes; into $CERAMIC_NODE_DIR)
#   test/ceramic/node.sh start     # js-ipfs sidecar + `ceramic daemon --network inmemory`, in the foreground
# The test finds the node at CERAMIC_URL (default http://127.0.0.1:7007) and says why it skips without it.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
DIR="${CERAMIC_NODE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/cosmolocal-ceramic}"
IPFS_PORT="${CERAMIC_IPFS_PORT:-5012}"
CERAMIC_PORT="${CERAMIC_PORT:-7007}"

install() {
  mkdir -p "$DIR/empty-fs"
  # `fs` on npm is a placeholder package that some old dependency names; an empty local package
  # replaces it so nothing shadows Node's own fs.
  printf '{ "name": "fs", "version": "0.0.2", "main": "index.js" }\n' > "$DIR/empty-fs/package.json"
  echo 'module.exports = require("node:fs");' > "$DIR/empty-fs/index.js"
  cat > "$DIR/package.json" <<JSON
{
  "name": "cosmolocal-ceramic-node",
  "private": true,
  "type": "module",
  "dependencies": {
    "@ceramicnetwork/cli": "6.11.0",
    "ipfs-core": "0.18.1",
    "ipfs-http-server": "0.15.1"
  },
  "overrides": {
    "fs": "file:./empty-fs",
    "mortice": "3.0.4",
    "@libp2p/tcp": "6.1.2",
    "@multiformats/mafmt": "11.0.4"
  }
}
JSON
  cp "$HERE/ipfs-sidecar.mjs" "$DIR/ipfs-sidecar.mjs"
  (cd "$DIR" && npm install --ignore-scripts --no-audit --no-fund && npm rebuild sqlite3 classic-level secp256k1)
  echo "Ceramic node installed in $DIR"
}

start() {
  [ -x "$DIR/node_modules/.bin/ceramic" ] || { echo "not installed: run $0 install" >&2; exit 1; }
  cp "$HERE/ipfs-sidecar.mjs" "$DIR/ipfs-sidecar.mjs"
  rm -rf "$DIR/run" && mkdir -p "$DIR/run/state" "$DIR/run/indexing"
  (cd "$DIR" && IPFS_PORT="$IPFS_PORT" IPFS_REPO="$DIR/run/ipfs" node ipfs-sidecar.mjs) &
  SIDECAR=$!
  trap 'kill $SIDECAR 2>/dev/null || true' EXIT
  for _ in $(seq 1 60); do curl -sf -X POST "http://127.0.0.1:$IPFS_PORT/api/v0/id" >/dev/null && break; sleep 1; done
  cat > "$DIR/run/daemon.config.json" <<JSON
{
  "anchor": {},
  "http-api": { "cors-allowed-origins": [".*"], "admin-dids": [] },
  "ipfs": { "mode": "remote", "host": "http://127.0.0.1:$IPFS_PORT" },
  "logger": { "log-level": 2, "log-to-files": false },
  "metrics": { "metrics-exporter-enabled": false },
  "network": { "name": "inmemory" },
  "node": {},
  "state-store": { "mode": "fs", "local-directory": "$DIR/run/state" },
  "indexing": { "db": "sqlite://$DIR/run/indexing/db.sqlite3", "allow-queries-before-historical-sync": true, "disable-composedb": false, "enable-historical-sync": false }
}
JSON
  cd "$DIR" && CERAMIC_ENABLE_EXPERIMENTAL_COMPOSE_DB=true ./node_modules/.bin/ceramic daemon --config "$DIR/run/daemon.config.json" --port "$CERAMIC_PORT"
}

case "${1:-}" in
  install) install ;;
  start) start ;;
  *) echo "usage: $0 install|start" >&2; exit 64 ;;
esac
