/**
 * The fingerprint of a reproduce run: sha256 of its config file, its data era and the contents of every
 * file that can change a chain (src/, kernels/, data/). The figure and report code (src/output/plots/,
 * src/output/report/), the reproduce command itself and the CLI are left out: they never touch a chain and
 * the report is redrawn on every reproduce anyway.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const FINGERPRINTED = ['src', 'kernels', 'data'];
const NOT_FINGERPRINTED = ['src/output/plots', 'src/output/report', 'src/commands/reproduce.ts', 'src/commands/code-fingerprint.ts', 'src/cli.ts'];

function listFiles(root: string, relative: string, out: string[]): void {
  const full = path.join(root, relative);
  if (!fs.existsSync(full)) return;
  if (NOT_FINGERPRINTED.includes(relative.split(path.sep).join('/'))) return;
  const stat = fs.statSync(full);
  if (stat.isDirectory()) {
    for (const entry of fs.readdirSync(full).sort()) listFiles(root, path.join(relative, entry), out);
  } else if (stat.isFile()) {
    out.push(relative.split(path.sep).join('/'));
  }
}

/** Hash of the code and data that determine a chain, under `root` (the package root). */
export function codeFingerprint(root: string): string {
  const files: string[] = [];
  for (const dir of FINGERPRINTED) listFiles(root, dir, files);
  const hash = crypto.createHash('sha256');
  for (const file of files) {
    hash.update(file + '\0');
    hash.update(fs.readFileSync(path.join(root, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

export function runFingerprint(codeHash: string, configFile: string, era: string | undefined): string {
  return crypto.createHash('sha256').update(codeHash).update('\0').update(fs.readFileSync(configFile)).update('\0').update(era ?? 'none').digest('hex').slice(0, 24);
}
