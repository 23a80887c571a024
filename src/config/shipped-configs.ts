import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../data-dir.ts';
import { InputError } from '../errors.ts';

/**
 * The run configs that ship with the package (configs/*.yaml): the paper's scenarios and the sampler's
 * test targets, reachable by name from any directory (`smeftfit run ew`, `--scenario ew`, `base: ew`).
 */
export const SHIPPED_CONFIG_DIR = path.join(REPO_ROOT, 'configs');

const BARE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

export function shippedConfigNames(): string[] {
  return fs
    .readdirSync(SHIPPED_CONFIG_DIR)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -'.yaml'.length))
    .sort();
}

/** The file of a shipped config, or undefined when there is none of that name. */
export function shippedConfigPath(name: string): string | undefined {
  if (!BARE_NAME.test(name)) return undefined;
  const file = path.join(SHIPPED_CONFIG_DIR, `${name}.yaml`);
  return fs.existsSync(file) ? file : undefined;
}

/** What a shipped config samples: the first sentence of its leading comment block. */
export function shippedConfigDescription(name: string): string {
  const file = shippedConfigPath(name);
  if (file === undefined) return '';
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const header: string[] = [];
  for (const line of lines) {
    if (!line.startsWith('#')) break;
    header.push(line.replace(/^#\s*/, ''));
  }
  const text = header.join(' ');
  // A full stop ends the sentence unless it closes an abbreviation (eqs., fig., e.g.).
  const end = text.search(/(?<!\b(?:eqs?|figs?|e\.g|i\.e|Ref|ref))[.;](\s|$)/);
  const sentence = end < 0 ? text : text.slice(0, end);
  return sentence.length > 150 ? `${sentence.slice(0, 149)}…` : sentence;
}

/**
 * What `smeftfit run` reads: a config file given by path (an existing file wins), else a shipped config
 * named by the bare argument or by `--scenario`.
 */
export function resolveConfigArgument(argument: string | undefined, scenario: string | undefined): string {
  const known = () => shippedConfigNames().join(', ');
  if (argument !== undefined && scenario !== undefined) {
    throw new InputError(`--scenario: give either a config file or --scenario ${scenario}, not both`);
  }
  if (scenario !== undefined) {
    const file = shippedConfigPath(scenario);
    if (file === undefined) throw new InputError(`--scenario: unknown scenario '${scenario}' (shipped: ${known()})`);
    return file;
  }
  if (argument === undefined) throw new InputError(`run: name a config file or a shipped scenario (${known()})`);
  if (fs.existsSync(argument)) return argument;
  const file = shippedConfigPath(argument);
  if (file !== undefined) return file;
  throw new InputError(`${argument}: no such config file, and no shipped scenario of that name (shipped: ${known()})`);
}
