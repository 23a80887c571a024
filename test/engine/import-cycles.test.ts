/**
 * No import circles among the floors the kernels stand on: physics, likelihood, engine and kernels (type-only
 * imports included: a circle of types is still two files that cannot be read one after the other). Shared types
 * and constants go one floor down instead (kernels/wgsl-common.ts, physics/flavour/angular-table.ts).
 * Strongly connected components of the relative-import graph (Tarjan); a circle found names its files.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const FLOORS = ['src/physics', 'src/likelihood', 'src/engine', 'kernels'];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sourceFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function importCircles(files: string[]): string[][] {
  const known = new Set(files);
  const edges = new Map<string, string[]>();
  for (const f of files) {
    const text = fs.readFileSync(f, 'utf8');
    const targets = [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]/gs)].map((m) => path.resolve(path.dirname(f), m[1]));
    edges.set(f, targets.filter((t) => known.has(t)));
  }
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v)!) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(path.relative(root, w));
    } while (w !== v);
    if (component.length > 1) circles.push(component);
  };
  for (const f of files) if (!index.has(f)) visit(f);
  return circles;
}

describe('import circles', () => {
  it('none among physics, likelihood, engine and kernels', () => {
    const files = FLOORS.flatMap((d) => sourceFiles(path.join(root, d)));
    expect(files.length).toBeGreaterThan(80);
    expect(importCircles(files)).toEqual([]);
  });

  it('the check finds a circle where there is one', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'smeftfit-circle-'));
    try {
      fs.writeFileSync(path.join(dir, 'a.ts'), "import type { B } from './b.ts';\nexport type A = B;\n");
      fs.writeFileSync(path.join(dir, 'b.ts'), "import { type A } from './a.ts';\nexport type B = A | 1;\n");
      expect(importCircles([path.join(dir, 'a.ts'), path.join(dir, 'b.ts')]).map((c) => c.length)).toEqual([2]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
