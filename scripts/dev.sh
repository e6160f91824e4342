#!/usr/bin/env bash
# Sets up a fresh machine and runs the server on the embedded default (FerretDB + Redis on loopback, data in var/).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec npx tsx scripts/dev.ts
