/**
 * Correlations among the leptonic operators drawn as the paper's fig. 4: operators as nodes on a circle,
 * one link per pair with |ρ| above a threshold, its width and colour (blue–red on [−1, 1]) set by ρ;
 * one panel per fit.
 */
import { physicsLabel } from './physics-labels.ts';
import { FIGURE_CONFIG, VEGA_LITE_SCHEMA, type VegaLiteSpec } from './vega-render.ts';

export interface NetworkPanel {
  title: string;
  names: string[];
  matrix: number[][];
}

const RADIUS = 100;

export function correlationNetworkSpec(input: { title: string; panels: NetworkPanel[]; operators: string[]; threshold?: number }): VegaLiteSpec {
  const threshold = input.threshold ?? 0.1;
  const n = input.operators.length;
  const position = new Map(input.operators.map((name, k) => {
    const angle = Math.PI / 2 - (2 * Math.PI * k) / n;
    return [name, { x: RADIUS * Math.cos(angle), y: RADIUS * Math.sin(angle) }];
  }));
  const panels = input.panels.map((panel) => {
    const present = panel.names.filter((name) => position.has(name));
    const links: object[] = [];
    for (let a = 0; a < present.length; a++) {
      for (let b = a + 1; b < present.length; b++) {
        const rho = panel.matrix[panel.names.indexOf(present[a])][panel.names.indexOf(present[b])];
        if (!(Math.abs(rho) >= threshold)) continue;
        const p = position.get(present[a])!;
        const q = position.get(present[b])!;
        links.push({ x: p.x, y: p.y, x2: q.x, y2: q.y, rho, width: 0.5 + 6 * Math.abs(rho), pair: `${physicsLabel(present[a])} – ${physicsLabel(present[b])}` });
      }
    }
    const nodes = input.operators.map((name) => ({ ...position.get(name)!, label: physicsLabel(name), present: present.includes(name), lx: position.get(name)!.x * 1.32, ly: position.get(name)!.y * 1.25 }));
    const axis = { scale: { domain: [-1.65 * RADIUS, 1.65 * RADIUS] }, axis: null };
    return {
      title: panel.title,
      width: 230,
      height: 230,
      layer: [
        {
          data: { values: links },
          mark: { type: 'rule', strokeCap: 'round' },
          encoding: {
            x: { field: 'x', type: 'quantitative', ...axis },
            y: { field: 'y', type: 'quantitative', ...axis },
            x2: { field: 'x2' },
            y2: { field: 'y2' },
            strokeWidth: { field: 'width', type: 'quantitative', scale: null, legend: null },
            color: { field: 'rho', type: 'quantitative', title: 'ρ', scale: { domain: [-1, 1], scheme: 'redblue', reverse: true } },
            tooltip: [{ field: 'pair' }, { field: 'rho', format: '.2f' }],
          },
        },
        {
          data: { values: nodes },
          mark: { type: 'circle', size: 70, stroke: 'black', strokeWidth: 0.8 },
          encoding: {
            x: { field: 'x', type: 'quantitative', ...axis },
            y: { field: 'y', type: 'quantitative', ...axis },
            fill: { condition: { test: 'datum.present', value: '#444' }, value: 'white' },
          },
        },
        {
          data: { values: nodes },
          mark: { type: 'text', fontSize: 10 },
          encoding: { x: { field: 'lx', type: 'quantitative', ...axis }, y: { field: 'ly', type: 'quantitative', ...axis }, text: { field: 'label' } },
        },
      ],
    };
  });
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: input.title,
    config: { ...FIGURE_CONFIG, view: { stroke: null } },
    concat: panels,
    columns: 3,
    resolve: { scale: { color: 'shared' } },
  } as unknown as VegaLiteSpec;
}
