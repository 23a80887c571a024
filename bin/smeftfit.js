#!/usr/bin/env node
// The smeftfit command. Runs the compiled package (dist/, built by `npm run build`, which npm runs at
// `prepare`: after `npm ci` in a checkout and before `npm pack`). In a git checkout whose sources are
// newer than that build, or that has none, it runs the TypeScript sources through tsx's loader instead, so a
// developer never runs stale code (only slower: tsx transpiles the tree at every start).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Newest modification time of the files under `dir` (0 when it does not exist). */
function newest(dir) {
  let latest = 0;
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(full) : fs.statSync(full).mtimeMs);
  }
  return latest;
}

function compiledIsCurrent() {
  let built;
  try {
    built = fs.statSync(path.join(root, 'dist', 'build-info.json')).mtimeMs;
  } catch {
    return false;
  }
  // An installed package is built once, before packing (npm then gives its files the install time as
  // modification time, so they cannot be compared); only a git checkout is edited after its build.
  if (!fs.existsSync(path.join(root, '.git'))) return true;
  return ['src', 'kernels', 'data'].every((dir) => newest(path.join(root, dir)) <= built) && fs.statSync(path.join(root, 'package.json')).mtimeMs <= built;
}

if (compiledIsCurrent()) {
  const { main } = await import('../dist/src/cli.js');
  await main(process.argv);
} else {
  // h5wasm's Node build is one 4 MB generated file (the HDF5 library compiled to WASM, inlined). Through
  // tsx's loader it would be rewritten with a source map at a cost of about 600 MB of memory; imported
  // natively first, the sources' later import of it finds it in the module cache. Only the commands that
  // read or write chain files pay for loading it.
  const CHAIN_COMMANDS = ['run', 'diagnose', 'merge', 'compare', 'reproduce', 'export'];
  const command = process.argv.slice(2).find((arg) => !arg.startsWith('-'));
  if (CHAIN_COMMANDS.includes(command)) await import('h5wasm/node');
  const { register } = await import('tsx/esm/api');
  register();
  const { main } = await import('../src/cli.ts');
  await main(process.argv);
}
