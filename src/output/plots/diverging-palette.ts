/**
 * Blue–white–red diverging palette on [−1, 1] for correlation coefficients (the style of the paper's
 * fig. 2). The coloured stops are ColorBrewer's 9-class RdBu (C. Brewer, colorbrewer2.org), ordered
 * negative = blue, positive = red, with its near-white centre replaced by pure white so that ρ = 0 reads
 * as "no colour". Between stops the colour is interpolated linearly in sRGB.
 */

export const PALETTE_STOPS: readonly string[] = [
  '#2166ac', // −1
  '#4393c3',
  '#92c5de',
  '#d1e5f0',
  '#ffffff', // 0
  '#fddbc7',
  '#f4a582',
  '#d6604d',
  '#b2182b', // +1
];

/** Colour of cells whose coefficient is undefined (a parameter with zero variance). */
export const UNDEFINED_COLOUR = '#cccccc';

function parseHex(hex: string): [number, number, number] {
  return [parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16)];
}

function toHex(channels: readonly number[]): string {
  return '#' + channels.map((c) => Math.round(Math.min(255, Math.max(0, c))).toString(16).padStart(2, '0')).join('');
}

/** Colour of a value in [−1, 1] (clamped); NaN gives the undefined colour. */
export function divergingColour(value: number): string {
  if (Number.isNaN(value)) return UNDEFINED_COLOUR;
  const t = ((Math.min(1, Math.max(-1, value)) + 1) / 2) * (PALETTE_STOPS.length - 1);
  const lower = Math.min(PALETTE_STOPS.length - 2, Math.floor(t));
  const fraction = t - lower;
  const a = parseHex(PALETTE_STOPS[lower]);
  const b = parseHex(PALETTE_STOPS[lower + 1]);
  return toHex(a.map((c, k) => c + (b[k] - c) * fraction));
}

/** Whether text printed on a cell of this value needs to be white to stay readable (dark ends of the palette). */
export function needsLightText(value: number): boolean {
  return Math.abs(value) > 0.65;
}
