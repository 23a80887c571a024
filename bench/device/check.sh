#!/usr/bin/env bash
# GPU-machine check: run from the repository root of a copy that carries .device-bundle/ (built here by
# bench/device/build-bundle.sh). Needs no network and no installed Node. Writes $OUT/gpu-check.json
# (OUT defaults to ./device-out) and prints a summary.
#
#   bash bench/device/check.sh              # on the NVIDIA machine: asserts the adapter is the GPU
#   bash bench/device/check.sh --dry-run    # anywhere: software adapter allowed, small sizes
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
root=$PWD
bundle=$root/.device-bundle
out=${OUT:-$root/device-out}
mkdir -p "$out"
dry=0
[[ "${1:-}" == "--dry-run" ]] && dry=1
start=$SECONDS
stage() { echo "== [$((SECONDS - start)) s] $*"; }

stage "unpack"
# xz may be missing on a bare server: fall back to Python's lzma or busybox.
unxz_to_stdout() {
  if command -v xz >/dev/null 2>&1; then xz -dc "$1"
  elif command -v python3 >/dev/null 2>&1; then python3 -c 'import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), sys.stdout.buffer)' "$1"
  else busybox xz -dc "$1"
  fi
}
runtime=${DEVICE_RUNTIME:-/tmp/smeftfit-device}
mkdir -p "$runtime"
[[ -x "$runtime/bin/node" ]] || unxz_to_stdout "$bundle/node.tar.xz" | tar -C "$runtime" -xf -
if [[ ! -e node_modules ]]; then
  unxz_to_stdout "$bundle/node_modules.tar.xz" | tar -C "$root" -xf -
fi
export PATH=$runtime/bin:$PATH
node --version

if [[ $dry -eq 0 ]]; then
  stage "loaders (Vulkan, EGL/GLVND)"
  if ! ldconfig -p | grep -q 'libvulkan.so.1'; then
    for f in "$bundle"/debs/*.deb; do dpkg -x "$f" /; done
    ldconfig
  fi
  # The NVIDIA container runtime mounts the driver's ICD files under /usr/local/nvidia on some hosts.
  if ! ls /usr/share/vulkan/icd.d/*nvidia* /etc/vulkan/icd.d/*nvidia* >/dev/null 2>&1 \
     && [[ -f /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json ]]; then
    export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
    export VK_ICD_FILENAMES=$VK_DRIVER_FILES
    export __EGL_VENDOR_LIBRARY_FILENAMES=/usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json
  fi
  stage "nvidia-smi"
  nvidia-smi 2>&1 | tee "$out/nvidia-smi.txt" || echo "nvidia-smi not available"
fi

stage "cpu-vs-webgpu checks and benchmark"
if [[ $dry -eq 1 ]]; then
  args=(--sizes "${SIZES:-256,1024}" --budget "${BUDGET:-150}" --posterior-walkers 64 --posterior-steps 300)
else
  args=(--require-nvidia --sizes "${SIZES:-4096,16384,65536}" --budget "${BUDGET:-330}")
fi
# timeout: a hung driver must not eat the whole session; the JSON holds whatever finished.
timeout -k 10 $(( ${BUDGET:-330} + 60 )) node node_modules/tsx/dist/cli.mjs bench/device/gpu-check.ts --out "$out/gpu-check.json" "${args[@]}" \
  2> >(grep -v -e '^Warning: maxDynamic' -e '^$' >&2)
rc=$?
stage "done (exit $rc); results in $out/gpu-check.json"
exit $rc
