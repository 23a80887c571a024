#!/usr/bin/env bash
# Runs every physics scenario of the paper (§3, §4.2) on both data eras where flavour data enter and
# keeps the small outputs (summary, report, plots; not the chains) under results/<scenario>[-<era>]/.
# Usage: npm run reproduce [-- scenario ...]   (default: all)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

ew_only=(ew ew-tree ew-sl4f)
with_flavour=(flavour-clean minimal-mu minimal-e ew-flavour-clean)
selected=("$@")
wanted() { ((${#selected[@]} == 0)) || [[ " ${selected[*]} " == *" $1 "* ]]; }

keep() {
  local run=$1 dest=$2
  mkdir -p "$dest"
  for f in summary.json report.md correlation.json correlation.svg correlation.png intervals.svg intervals.png contour.svg contour.png; do
    if [[ -f "$run/$f" ]]; then cp "$run/$f" "$dest/"; fi
  done
}

for scenario in "${ew_only[@]}"; do
  wanted "$scenario" || continue
  rm -rf "runs/$scenario"
  npx smeftfit run "configs/$scenario.yaml" --out "runs/$scenario" --quiet >/dev/null
  keep "runs/$scenario" "results/$scenario"
  echo "results/$scenario"
done
for scenario in "${with_flavour[@]}"; do
  wanted "$scenario" || continue
  for era in 2020 current; do
    rm -rf "runs/$scenario-$era"
    npx smeftfit run "configs/$scenario.yaml" --data "$era" --out "runs/$scenario-$era" --quiet >/dev/null
    keep "runs/$scenario-$era" "results/$scenario-$era"
    echo "results/$scenario-$era"
  done
done
