import { isMap, isScalar, LineCounter, parseDocument, visit, type Document } from 'yaml';

/**
 * YAML parsing in time linear in the document. The yaml package checks duplicate keys by scanning every
 * earlier key of the map for each new one (`uniqueKeys`), which is quadratic: an 80 000-key mapping took
 * minutes. Here the parser runs with that check off and the same rule — a key may appear once per
 * mapping — is applied afterwards with one set per mapping.
 */
export interface ParsedYaml {
  doc: Document.Parsed;
  lineCounter: LineCounter;
  /** The first problem (syntax error or duplicate key): message and 1-based line, or undefined. */
  error?: { message: string; line: number };
}

export function parseYamlLinear(text: string): ParsedYaml {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    return { doc, lineCounter, error: { message: error.message.split('\n')[0], line: lineCounter.linePos(error.pos[0]).line } };
  }
  let duplicate: { message: string; line: number } | undefined;
  visit(doc, {
    Map(_key, map) {
      if (!isMap(map)) return undefined;
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        // Scalar keys compare by value (as YAML's own check does); other keys by their text.
        const key = isScalar(pair.key) ? pair.key.value : String(pair.key);
        if (seen.has(key)) {
          const start = isScalar(pair.key) && pair.key.range ? pair.key.range[0] : (map.range?.[0] ?? 0);
          duplicate = { message: `map keys must be unique ('${String(key).slice(0, 80)}' appears twice)`, line: lineCounter.linePos(start).line };
          return visit.BREAK;
        }
        seen.add(key);
      }
      return undefined;
    },
  });
  return { doc, lineCounter, error: duplicate };
}
