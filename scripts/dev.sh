#!/usr/bin/env bash
# Sets up a fresh machine and runs the server on the embedded default (FerretDB + Redis on loopback, data in var/).
# The applicant app at / is the H5 build: it is built once here when missing (npm run build:h5 rebuilds it).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ ! -f miniapp/dist/h5/index.html ]; then npm run build:h5; fi
exec npx tsx scripts/dev.ts
