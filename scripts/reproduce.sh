#!/usr/bin/env bash
# Reproduces the paper: every fit it uses on both data eras (unchanged ones are skipped) and the report in
# results/report/ (index.html, figures as SVG and PNG, claims table). Same as `smeftfit reproduce`.
# Usage: npm run reproduce [-- --data 2020|current|both] [-- --only minimal-mu,zprime-eta250]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
exec node bin/smeftfit.js reproduce "$@"
