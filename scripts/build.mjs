// Builds the compiled package (run by `npm run build`, and by npm at `prepare`: after `npm ci` in a
// checkout and before `npm pack`/`npm publish`). tsc compiles src/ and kernels/ to JavaScript and
// declarations under dist/ (tsconfig.build.json); then the code hash of the sources is computed once and
// written to dist/build-info.json, so the compiled CLI answers `--version` and records provenance without
// hashing its own files at every start. build-info.json is written last: its presence marks a complete
// build (bin/smeftfit.js runs dist/ only then, and only while no source is newer than it).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
// Built beside dist/ and swapped in at the end, so a smeftfit started from this checkout meanwhile (the
// package test packs while other tests run the command) finds either the old build or the new one whole.
const staging = path.join(root, `dist.building-${process.pid}`);
fs.rmSync(staging, { recursive: true, force: true });

// typescript's package.json is exported; its bin entry is not.
const typescript = path.dirname(createRequire(import.meta.url).resolve('typescript/package.json'));
const tsc = path.join(typescript, 'bin', 'tsc');
const compiled = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json'), '--outDir', staging], { cwd: root, stdio: 'inherit' });
if (compiled.status !== 0) {
  fs.rmSync(staging, { recursive: true, force: true });
  process.stderr.write(`smeftfit build: tsc failed (exit ${compiled.status ?? compiled.signal})\n`);
  process.exit(1);
}

const { codeFingerprint } = await import(pathToFileURL(path.join(staging, 'src', 'provenance.js')).href);
const { version } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
fs.writeFileSync(path.join(staging, 'build-info.json'), JSON.stringify({ version, code: codeFingerprint(root) }, null, 2) + '\n');

const retired = `${dist}.old-${process.pid}`;
if (fs.existsSync(dist)) fs.renameSync(dist, retired);
fs.renameSync(staging, dist);
fs.rmSync(retired, { recursive: true, force: true });
