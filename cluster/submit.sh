#!/usr/bin/env bash
# Submits a K-ensemble smeftfit run to Slurm: a job array with one ensemble per task
# (smeftfit-array.sbatch) and a merge job that starts when all of them have succeeded
# (smeftfit-merge.sbatch, --dependency=afterok). The merged run lands in RUN_DIR/merged, task logs in
# RUN_DIR/logs/.
#
#   cluster/submit.sh CONFIG K RUN_DIR [smeftfit run options...]
#
# Extra sbatch options for both jobs: SBATCH_PARTITION, SBATCH_ACCOUNT, SBATCH_TIMELIMIT, ... in the
# environment (sbatch reads them), or SMEFTFIT_SBATCH_OPTIONS="--qos=... --mem=...". Prints the two
# job ids as `array_job=ID` and `merge_job=ID`.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

if (($# < 3)); then
  echo "usage: $0 CONFIG K RUN_DIR [smeftfit run options...]" >&2
  exit 2
fi
config=$(realpath "$1")
ensembles=$2
run_dir=$(realpath -m "$3")
shift 3
if ! [[ "$ensembles" =~ ^[1-9][0-9]*$ ]]; then
  echo "$0: K must be a positive integer, got '$ensembles'" >&2
  exit 2
fi
if [[ -e "$run_dir/merged" ]]; then
  echo "$0: $run_dir/merged already exists" >&2
  exit 2
fi
mkdir -p "$run_dir/logs"

# sbatch copies the batch script into its spool, so the job cannot find this checkout from $0:
# tell it, unless the caller already chose how to start smeftfit.
export SMEFTFIT=${SMEFTFIT:-"$(command -v node) $(cd "$here/.." && pwd)/bin/smeftfit.js"}
# shellcheck disable=SC2206  # word splitting of the extra options is intended
extra=(${SMEFTFIT_SBATCH_OPTIONS:-})

array_job=$(sbatch --parsable "${extra[@]}" --array="0-$((ensembles - 1))" --chdir="$run_dir" \
  --output="$run_dir/logs/ensemble-%a.out" \
  "$here/smeftfit-array.sbatch" "$config" "$ensembles" "$run_dir" "$@")
array_job=${array_job%%;*}
merge_job=$(sbatch --parsable "${extra[@]}" --dependency="afterok:$array_job" --kill-on-invalid-dep=yes --chdir="$run_dir" \
  --output="$run_dir/logs/merge.out" \
  "$here/smeftfit-merge.sbatch" "$ensembles" "$run_dir")
merge_job=${merge_job%%;*}
echo "array_job=$array_job"
echo "merge_job=$merge_job"
