import fs from 'node:fs';
import { InputError } from '../errors.ts';

/**
 * Parameter-name mapping between two sides (HEPfit names ↔ WCxf names): one pair per line,
 * `external_name  name_in_comparison` separated by whitespace, a comma or a colon; '#' starts a comment.
 * Names not listed are compared as they are.
 */
export function readNameMapping(file: string): Map<string, string> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new InputError(`${file}: cannot read the name mapping`);
  }
  const mapping = new Map<string, string>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/#.*$/, '').trim();
    if (line === '') return;
    const parts = line.split(/\s*[,:]\s*|\s+/).filter(Boolean);
    if (parts.length !== 2) throw new InputError(`${file}:${index + 1}: expected 'external_name name', got '${raw.trim()}'`);
    if (mapping.has(parts[0])) throw new InputError(`${file}:${index + 1}: ${parts[0]} is mapped twice`);
    mapping.set(parts[0], parts[1]);
  });
  return mapping;
}
