#!/usr/bin/env bash
# Sets helmdeck up (scripts/setup.sh) and runs the whole test suite:
# build, typecheck, lint, unit and integration tests against kubesim with
# the real helm and kubectl.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/setup.sh
export PATH="$(bash scripts/ensure-node.sh):$PATH"
npm test "$@"
