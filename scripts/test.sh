#!/usr/bin/env bash
# Sets up a fresh machine and runs every test: type checks, the server's HTTP and browser tests against
# run-owned FerretDB and Redis, and the mini-program's component and end-to-end tests.
set -euo pipefail
cd "$(dirname "$0")/.."
WITH_BROWSER=1 bash scripts/setup.sh

echo "== type check"
npx tsc --noEmit -p tsconfig.json

echo "== server tests"
npx jest --ci

if [ -f miniapp/package.json ]; then
  echo "== mini-program"
  bash miniapp/scripts/install.sh
  npm --prefix miniapp run typecheck
  npm --prefix miniapp test
  npm --prefix miniapp run build:h5
  npm --prefix miniapp run build:weapp
  npx jest --ci --config miniapp/e2e/jest.config.js
fi
