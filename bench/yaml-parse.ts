/**
 * `npx tsx bench/yaml-parse.ts [--sizes 5000,10000,20000,40000]`: seconds to parse a flat YAML mapping of
 * n keys with smeftfit's parser (src/yaml-document.ts: the yaml package with its duplicate-key scan off,
 * duplicates checked with a set) beside the yaml package's default (`uniqueKeys` on: every new key is
 * compared with every earlier one). Linear time shows as a constant time per key across the sizes; the
 * default grows with n. Writes bench/results/yaml-parse-<date>-<host>.json and .md and prints the table.
 * Timings are measurements, never test assertions.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { REPO_ROOT } from '../src/data-dir.ts';
import { parseYamlLinear } from '../src/yaml-document.ts';

function mapping(n: number): string {
  let text = 'values:\n';
  for (let i = 0; i < n; i++) text += `  x_${i}: ${i}\n`;
  return text;
}

/** Best of `repeats` wall-clock seconds. */
function seconds(parse: () => void, repeats: number): number {
  let best = Infinity;
  for (let r = 0; r < repeats; r++) {
    const start = performance.now();
    parse();
    best = Math.min(best, (performance.now() - start) / 1000);
  }
  return best;
}

const sizesFlag = process.argv.indexOf('--sizes');
const sizes = sizesFlag > 0 ? process.argv[sizesFlag + 1].split(',').map(Number) : [5000, 10000, 20000, 40000];
const rows = sizes.map((n) => {
  const text = mapping(n);
  const linear = seconds(() => parseYamlLinear(text), 3);
  const builtin = seconds(() => parseDocument(text), n > 20000 ? 1 : 3);
  return { keys: n, bytes: text.length, smeftfitSeconds: linear, yamlDefaultSeconds: builtin, smeftfitMicrosecondsPerKey: (linear / n) * 1e6, yamlDefaultMicrosecondsPerKey: (builtin / n) * 1e6 };
});

const machine = { host: os.hostname(), cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? '', node: process.version, loadAverage: os.loadavg() };
const date = new Date().toISOString().slice(0, 10);
const table = [
  '| keys | bytes | smeftfit (s) | µs/key | yaml default (s) | µs/key |',
  '|---:|---:|---:|---:|---:|---:|',
  ...rows.map((r) => `| ${r.keys} | ${r.bytes} | ${r.smeftfitSeconds.toFixed(3)} | ${r.smeftfitMicrosecondsPerKey.toFixed(1)} | ${r.yamlDefaultSeconds.toFixed(3)} | ${r.yamlDefaultMicrosecondsPerKey.toFixed(1)} |`),
].join('\n');
const markdown = `# YAML parse time against size (${date}, ${machine.host}, ${machine.cpus} cpus, load ${machine.loadAverage.map((l) => l.toFixed(1)).join('/')})\n\n${table}\n`;
const dir = path.join(REPO_ROOT, 'bench/results');
fs.mkdirSync(dir, { recursive: true });
const base = path.join(dir, `yaml-parse-${date}-${machine.host}`);
fs.writeFileSync(`${base}.json`, JSON.stringify({ date, machine, rows }, null, 2) + '\n');
fs.writeFileSync(`${base}.md`, markdown);
console.log(markdown);
