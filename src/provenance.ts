import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { COMPILED, REPO_ROOT } from './data-dir.ts';

/** Written by `npm run build` beside the compiled code: the version and code hash of the sources it was built from. */
export const BUILD_INFO_FILE = path.join('dist', 'build-info.json');

export const PROVENANCE_FILE = 'provenance.json';

/** Which program made a run: recorded in every run directory, compared by `smeftfit merge`. */
export interface Provenance {
  program: 'smeftfit';
  version: string;
  /** Content hash of the package's code and data (see codeFingerprint). */
  code: string;
  /** Recorded, not compared: the JavaScript engine is not part of the package. */
  node: string;
}

/**
 * What a chain depends on besides its config: every file under src/, kernels/ and data/, and
 * package.json + package-lock.json (the dependency versions, seedrandom's among them), hashed by
 * relative path and content in sorted order. A git-free content hash, so it is the same for a checkout,
 * a copy on a cluster's shared disk and an installed package with the same files, and differs as soon
 * as one byte of code or data does.
 */
export function codeFingerprint(root = REPO_ROOT): string {
  const files: string[] = [];
  for (const top of ['src', 'kernels', 'data']) collectFiles(root, top, files);
  for (const single of ['package.json', 'package-lock.json']) if (fs.existsSync(path.join(root, single))) files.push(single);
  files.sort();
  const hash = crypto.createHash('sha256');
  for (const relative of files) {
    const content = fs.readFileSync(path.join(root, relative));
    hash.update(`${relative}\0${content.byteLength}\0`).update(content);
  }
  return `sha256:${hash.digest('hex').slice(0, 32)}`;
}

function collectFiles(root: string, relative: string, out: string[]): void {
  const full = path.join(root, relative);
  if (!fs.existsSync(full)) return;
  for (const entry of fs.readdirSync(full, { withFileTypes: true })) {
    const child = path.posix.join(relative, entry.name);
    if (entry.isDirectory()) collectFiles(root, child, out);
    else if (entry.isFile()) out.push(child);
  }
}

/**
 * The code hash of this package. The compiled package reads the one computed when it was built (hashing
 * 2–3 MB of sources and data would cost every start, `smeftfit --version` included); the sources run
 * through tsx hash themselves, so an edit shows at once.
 */
export function packageFingerprint(): string {
  fingerprint ??= COMPILED ? readBuildInfo().code : codeFingerprint();
  return fingerprint;
}

export function packageVersion(): string {
  version ??= (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;
  return version;
}

function readBuildInfo(): { version: string; code: string } {
  return JSON.parse(fs.readFileSync(path.join(REPO_ROOT, BUILD_INFO_FILE), 'utf8')) as { version: string; code: string };
}

let fingerprint: string | undefined;
let version: string | undefined;

export function provenance(): Provenance {
  return { program: 'smeftfit', version: packageVersion(), code: packageFingerprint(), node: process.version };
}
