#!/usr/bin/env bash
# Software WebGL for the `gpu` backend tests: installs the Debian packages headless-gl needs to build
# and run (idempotent), makes sure the optional `gl` package is built, and reports whether gpu.js sees
# a headless-gl context under a virtual X display.
#
# Afterwards run the GPU tests under a display, e.g.
#   xvfb-run -a npx vitest run test/engine/gpu-software.test.ts
# (or the whole suite under xvfb-run -a; without a display those tests skip with the reason).
#
# npm 11 runs dependency install scripts only when allowed: package.json has
# "allowScripts": { "gl@8.1.6": true }, so `npm ci` builds gl when the build packages are present
# (it is optional: without them npm ci still succeeds, and this script rebuilds it).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

build_packages=(libxi-dev libx11-dev libxext-dev libgl-dev pkg-config python3 make g++)
run_packages=(xvfb xauth libgl1-mesa-dri)

missing=()
for pkg in "${build_packages[@]}" "${run_packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$pkg")
  fi
done
if ((${#missing[@]} > 0)); then
  echo "gl.sh: installing ${missing[*]}"
  sudo_cmd=()
  if [[ $(id -u) -ne 0 ]]; then sudo_cmd=(sudo); fi
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "gl.sh: Debian packages present"
fi

gl_version=$(node -p "require('./package.json').optionalDependencies.gl")
if [[ ! -d node_modules/gl ]]; then
  # e.g. after `npm ci --omit=optional`; --no-save keeps package.json and the lockfile as they are.
  echo "gl.sh: installing gl@${gl_version} (builds from source, ~5–8 min on 2 cores)"
  npm install --no-save --include=optional "gl@${gl_version}"
fi
if ! node -e "require('gl/build/Release/webgl.node')" 2>/dev/null; then
  echo "gl.sh: building gl (npm rebuild gl; ~5–8 min on 2 cores)"
  npm rebuild gl --foreground-scripts
fi

check='const { GPU } = require("gpu.js");
const ok = GPU.isHeadlessGLSupported;
let renderer = "";
if (ok) { const gl = require("gl")(1, 1); renderer = String(gl.getParameter(gl.RENDERER)); }
const soft = /\b(kms_swrast|swrast)_dri\.so\b/.test(require("fs").readFileSync("/proc/self/maps", "utf8"));
console.log(ok ? `gl.sh: headless-gl works (renderer ${renderer}${soft ? " on Mesa software rasteriser" : ""})`
              : "gl.sh: headless-gl does NOT work (GPU.isHeadlessGLSupported is false)");
process.exit(ok ? 0 : 1);'
xvfb-run -a node -e "$check"
