import fs from 'node:fs';
import { parseDocument, isNode, type Document, type LineCounter } from 'yaml';
import type { z } from 'zod';
import { InputError } from '../errors.ts';
import { parseYamlLinear } from '../yaml-document.ts';
import { ignoredSamplerField } from './bounds.ts';
import { runConfigSchema, type RunConfig } from './schema.ts';
import { shippedConfigNames, shippedConfigPath } from './shipped-configs.ts';

/** A config is a few hundred bytes (the shipped ones are under 4 KiB); anything past this is not one. */
export const MAX_CONFIG_BYTES = 1 << 18;

/**
 * Reads and validates a YAML run config. Any problem becomes one InputError line naming the file, the
 * line and the field: `configs/x.yaml:7: sampler.walkers: Too small: expected number to be >0`.
 */
export function loadRunConfig(file: string): RunConfig {
  let text: string;
  try {
    if (fs.statSync(file).size > MAX_CONFIG_BYTES) throw new InputError(`${file}: not a run config (larger than ${MAX_CONFIG_BYTES} bytes)`);
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(`${file}: cannot read the config file`);
  }
  return parseRunConfig(text, file);
}

export function parseRunConfig(text: string, file = '<config>'): RunConfig {
  if (text.length > MAX_CONFIG_BYTES) throw new InputError(`${file}: not a run config (larger than ${MAX_CONFIG_BYTES} bytes)`);
  const { doc, lineCounter, error } = parseYamlLinear(text);
  if (error !== undefined) throw new InputError(`${file}:${error.line}: YAML: ${error.message}`);
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (error) {
    throw new InputError(`${file}:1: YAML: ${(error as Error).message.split('\n')[0]}`);
  }
  const ignored = ignoredSamplerField(data);
  if (ignored !== undefined) throw new InputError(`${file}:${lineOfPath(doc, lineCounter, ignored.path)}: ${ignored.message}`);
  data = withBase(data, file, doc, lineCounter);
  const parsed = runConfigSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new InputError(`${file}:${lineOf(doc, lineCounter, issue)}: ${describeIssue(issue)}`);
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `base` ⊕ `override`: objects merge key by key, anything else in `override` replaces. */
function deepMerge(base: unknown, override: unknown): unknown {
  if (!isPlainObject(base) || !isPlainObject(override)) return override;
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) out[key] = key in base ? deepMerge(base[key], value) : value;
  return out;
}

/**
 * `base: ew` starts a config from a shipped one (configs/ew.yaml) and changes only what it names, e.g.
 * `base: ew` + `sampler: { steps: 5000 }`.
 */
function withBase(data: unknown, file: string, doc: Document.Parsed, lineCounter: LineCounter): unknown {
  if (!isPlainObject(data) || !('base' in data)) return data;
  const { base, ...rest } = data;
  const basePath = typeof base === 'string' ? shippedConfigPath(base) : undefined;
  if (basePath === undefined) {
    const node = doc.getIn(['base'], true);
    const line = isNode(node) && node.range ? lineCounter.linePos(node.range[0]).line : 1;
    throw new InputError(`${file}:${line}: base: expected the name of a shipped config (${shippedConfigNames().join(', ')}), got ${JSON.stringify(base)}`);
  }
  return deepMerge(parseDocument(fs.readFileSync(basePath, 'utf8')).toJS(), rest);
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const field = issue.path.join('.') || '(top level)';
  if (issue.code === 'unrecognized_keys') {
    const keys = (issue as { keys: string[] }).keys;
    return `${field === '(top level)' ? '' : `${field}: `}unknown field${keys.length > 1 ? 's' : ''} ${keys.map((k) => `'${k}'`).join(', ')}`;
  }
  return `${field}: ${issue.message}`;
}

/** Line of the deepest node on the issue's path that exists in the document (1 if none). */
function lineOf(doc: Document.Parsed, lineCounter: LineCounter, issue: z.core.$ZodIssue): number {
  const path = [...issue.path] as (string | number)[];
  if (issue.code === 'unrecognized_keys') path.push((issue as { keys: string[] }).keys[0]);
  return lineOfPath(doc, lineCounter, path);
}

function lineOfPath(doc: Document.Parsed, lineCounter: LineCounter, path: (string | number)[]): number {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) {
      // For an unknown key, point at the key itself rather than its value.
      return lineCounter.linePos(node.range[0]).line;
    }
  }
  return 1;
}
