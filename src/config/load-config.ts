import fs from 'node:fs';
import { LineCounter, parseDocument, isNode } from 'yaml';
import type { z } from 'zod';
import { InputError } from '../errors.ts';
import { runConfigSchema, type RunConfig } from './schema.ts';

/**
 * Reads and validates a YAML run config. Any problem becomes one InputError line naming the file, the
 * line and the field: `configs/x.yaml:7: sampler.walkers: Too small: expected number to be >0`.
 */
export function loadRunConfig(file: string): RunConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new InputError(`${file}: cannot read the config file`);
  }
  return parseRunConfig(text, file);
}

export function parseRunConfig(text: string, file = '<config>'): RunConfig {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    const line = lineCounter.linePos(error.pos[0]).line;
    throw new InputError(`${file}:${line}: YAML: ${error.message.split('\n')[0]}`);
  }
  const data = doc.toJS() ?? {};
  const parsed = runConfigSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new InputError(`${file}:${lineOf(doc, lineCounter, issue)}: ${describeIssue(issue)}`);
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
function lineOf(doc: ReturnType<typeof parseDocument>, lineCounter: LineCounter, issue: z.core.$ZodIssue): number {
  const path = [...issue.path] as (string | number)[];
  if (issue.code === 'unrecognized_keys') path.push((issue as { keys: string[] }).keys[0]);
  for (let depth = path.length; depth >= 0; depth--) {
    const node = depth === 0 ? doc.contents : doc.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) {
      // For an unknown key, point at the key itself rather than its value.
      return lineCounter.linePos(node.range[0]).line;
    }
  }
  return 1;
}
