/**
 * Linear axes: "nice" tick positions (1, 2, 5 × 10^k steps, the rule of d3-array's `ticks`), tick labels
 * with as many decimals as the step needs, and the SVG of a bottom or left axis.
 */
import { coord, lineElement, textElement } from './svg-document.ts';

/** Maps a data interval onto a pixel interval (the pixel end may be smaller, for a y axis pointing up). */
export class LinearScale {
  constructor(
    readonly domain: readonly [number, number],
    readonly range: readonly [number, number],
  ) {}

  map(value: number): number {
    const [d0, d1] = this.domain;
    const [r0, r1] = this.range;
    return r0 + ((value - d0) / (d1 - d0)) * (r1 - r0);
  }
}

/** Tick step: the power of ten times 1, 2 or 5 closest to span/count from above (d3-array's tickIncrement). */
export function tickStep(start: number, stop: number, count: number): number {
  const rough = Math.abs(stop - start) / Math.max(1, count);
  if (!(rough > 0) || !Number.isFinite(rough)) return 1;
  const power = Math.pow(10, Math.floor(Math.log10(rough)));
  const error = rough / power;
  // d3's thresholds: √50, √10, √2 split the mantissa between the 10, 5, 2 and 1 steps.
  const factor = error >= Math.sqrt(50) ? 10 : error >= Math.sqrt(10) ? 5 : error >= Math.sqrt(2) ? 2 : 1;
  return factor * power;
}

/** Multiples of the tick step inside [start, stop]. */
export function niceTicks(start: number, stop: number, count = 5): number[] {
  const step = tickStep(start, stop, count);
  const first = Math.ceil(start / step - 1e-9);
  const last = Math.floor(stop / step + 1e-9);
  const ticks: number[] = [];
  for (let k = first; k <= last; k++) ticks.push(k * step);
  return ticks;
}

/** The interval widened outward to whole tick steps, so the axis starts and ends on a labelled tick. */
export function niceDomain(start: number, stop: number, count = 5): [number, number] {
  let lo = Math.min(start, stop);
  let hi = Math.max(start, stop);
  if (!(hi > lo)) {
    const half = Math.abs(lo) > 0 ? Math.abs(lo) * 0.1 : 0.5;
    lo -= half;
    hi += half;
  }
  const step = tickStep(lo, hi, count);
  return [Math.floor(lo / step + 1e-9) * step, Math.ceil(hi / step - 1e-9) * step];
}

/** Label of a tick: fixed notation with the decimals the step needs, exponent notation for extreme steps. */
export function formatTick(value: number, step: number): string {
  if (Math.abs(value) < step * 1e-6) return '0';
  if (step >= 1e5 || step < 1e-4) return value.toExponential(Math.max(0, -Math.floor(Math.log10(step)) + Math.floor(Math.log10(Math.abs(value)))));
  const decimals = Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
  return value.toFixed(decimals);
}

const AXIS_COLOUR = '#333333';
const TICK_LENGTH = 5;

/** Bottom axis: baseline, ticks and labels, and the axis title centred below. */
export function bottomAxisSvg(scale: LinearScale, y: number, title: string, count = 6): string[] {
  const [d0, d1] = scale.domain;
  const step = tickStep(d0, d1, count);
  const parts = [lineElement(scale.range[0], y, scale.range[1], y, AXIS_COLOUR)];
  for (const tick of niceTicks(d0, d1, count)) {
    const x = scale.map(tick);
    parts.push(lineElement(x, y, x, y + TICK_LENGTH, AXIS_COLOUR));
    parts.push(textElement(x, y + TICK_LENGTH + 2, formatTick(tick, step), { size: 11, anchor: 'middle', baseline: 'hanging' }));
  }
  parts.push(textElement((scale.range[0] + scale.range[1]) / 2, y + 36, title, { size: 13, anchor: 'middle' }));
  return parts;
}

/** Left axis: baseline, ticks and labels, and the axis title rotated along the axis. */
export function leftAxisSvg(scale: LinearScale, x: number, title: string, count = 6): string[] {
  const [d0, d1] = scale.domain;
  const step = tickStep(d0, d1, count);
  const parts = [lineElement(x, scale.range[0], x, scale.range[1], AXIS_COLOUR)];
  let widest = 0;
  for (const tick of niceTicks(d0, d1, count)) {
    const y = scale.map(tick);
    const label = formatTick(tick, step);
    widest = Math.max(widest, label.length);
    parts.push(lineElement(x - TICK_LENGTH, y, x, y, AXIS_COLOUR));
    parts.push(textElement(x - TICK_LENGTH - 3, y, label, { size: 11, anchor: 'end', baseline: 'middle' }));
  }
  const titleX = x - TICK_LENGTH - 10 - widest * 11 * 0.6;
  const titleY = (scale.range[0] + scale.range[1]) / 2;
  parts.push(textElement(0, 0, title, { size: 13, anchor: 'middle', transform: `translate(${coord(titleX)} ${coord(titleY)}) rotate(-90)` }));
  return parts;
}
