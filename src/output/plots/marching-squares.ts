/**
 * Level lines of a grid by marching squares (Lorensen & Cline 1987 in 2-D): each grid cell's corners are
 * classified against the level, the crossing points are interpolated linearly along the cell edges, and
 * the per-cell segments are joined into polylines through their shared edges. Saddle cells are resolved
 * by the mean of the four corners (the "asymptotic decider" simplified to the cell centre).
 */

/** A polyline in grid-index coordinates (x = column index, y = row index); closed when it returns to its start. */
export interface LevelLine {
  points: [number, number][];
  closed: boolean;
}

// Local edges: 0 bottom (v0–v1), 1 right (v1–v2), 2 top (v3–v2), 3 left (v0–v3);
// corners v0 = (i, j), v1 = (i+1, j), v2 = (i+1, j+1), v3 = (i, j+1); case bit k = corner k above the level.
const SEGMENTS: readonly (readonly [number, number][])[] = [
  [], [[3, 0]], [[0, 1]], [[3, 1]], [[1, 2]], [], [[0, 2]], [[3, 2]],
  [[2, 3]], [[0, 2]], [], [[1, 2]], [[3, 1]], [[0, 1]], [[3, 0]], [],
];
// Saddles 5 (v0, v2 above) and 10 (v1, v3 above): which corners the segments cut off depends on the centre.
const SADDLE_CENTRE_ABOVE: Record<number, [number, number][]> = { 5: [[0, 1], [2, 3]], 10: [[3, 0], [1, 2]] };
const SADDLE_CENTRE_BELOW: Record<number, [number, number][]> = { 5: [[3, 0], [1, 2]], 10: [[0, 1], [2, 3]] };

/** values is ny × nx row-major; returns the lines of {value = level}. */
export function levelLines(values: Float64Array, nx: number, ny: number, level: number): LevelLine[] {
  const horizontalEdges = (nx - 1) * ny;
  const edgeId = (i: number, j: number, local: number): number => {
    if (local === 0) return j * (nx - 1) + i;
    if (local === 2) return (j + 1) * (nx - 1) + i;
    if (local === 3) return horizontalEdges + j * nx + i;
    return horizontalEdges + j * nx + i + 1;
  };
  const value = (i: number, j: number) => values[j * nx + i];
  const crossing = new Map<number, [number, number]>();
  const pointOn = (i: number, j: number, local: number): number => {
    const id = edgeId(i, j, local);
    if (!crossing.has(id)) {
      const [ax, ay, bx, by] = local === 0 ? [i, j, i + 1, j] : local === 1 ? [i + 1, j, i + 1, j + 1] : local === 2 ? [i, j + 1, i + 1, j + 1] : [i, j, i, j + 1];
      const va = value(ax, ay);
      const vb = value(bx, by);
      const t = vb === va ? 0.5 : (level - va) / (vb - va);
      crossing.set(id, [ax + t * (bx - ax), ay + t * (by - ay)]);
    }
    return id;
  };

  const segments: [number, number][] = [];
  for (let j = 0; j < ny - 1; j++) {
    for (let i = 0; i < nx - 1; i++) {
      const corners = [value(i, j), value(i + 1, j), value(i + 1, j + 1), value(i, j + 1)];
      let code = 0;
      corners.forEach((v, k) => {
        if (v >= level) code |= 1 << k;
      });
      let pairs = SEGMENTS[code];
      if (code === 5 || code === 10) {
        const centre = (corners[0] + corners[1] + corners[2] + corners[3]) / 4;
        pairs = centre >= level ? SADDLE_CENTRE_ABOVE[code] : SADDLE_CENTRE_BELOW[code];
      }
      for (const [a, b] of pairs) segments.push([pointOn(i, j, a), pointOn(i, j, b)]);
    }
  }
  return joinSegments(segments).map((ids) => ({
    points: ids.map((id) => crossing.get(id)!),
    closed: ids.length > 2 && ids[0] === ids[ids.length - 1],
  }));
}

/** Chains segments that share an edge crossing (every crossing belongs to at most two cells). */
function joinSegments(segments: [number, number][]): number[][] {
  const byEdge = new Map<number, number[]>();
  segments.forEach(([a, b], s) => {
    for (const id of [a, b]) {
      const list = byEdge.get(id);
      if (list) list.push(s);
      else byEdge.set(id, [s]);
    }
  });
  const used = new Uint8Array(segments.length);
  const extend = (line: number[], start: number) => {
    let end = start;
    for (;;) {
      const next = (byEdge.get(end) ?? []).find((s) => !used[s]);
      if (next === undefined) return;
      used[next] = 1;
      const [a, b] = segments[next];
      end = a === end ? b : a;
      line.push(end);
    }
  };
  const lines: number[][] = [];
  for (let s = 0; s < segments.length; s++) {
    if (used[s]) continue;
    used[s] = 1;
    const [a, b] = segments[s];
    const forward = [a, b];
    extend(forward, b);
    const backward: number[] = [];
    extend(backward, a);
    lines.push([...backward.reverse(), ...forward]);
  }
  return lines;
}
