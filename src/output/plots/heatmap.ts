/**
 * Correlation heatmap (the paper's fig. 2): one cell per coefficient pair coloured on a blue–white–red
 * diverging scale over [−1, 1], the value printed in each cell with two decimals, parameter names along
 * both axes (rotated on the x axis so long WCxf names do not collide) and a colour bar.
 */
import { divergingColour, needsLightText, PALETTE_STOPS } from './diverging-palette.ts';
import { approximateTextWidth, coord, lineElement, rectElement, svgDocument, textElement } from './svg-document.ts';

export interface HeatmapInput {
  names: readonly string[];
  matrix: readonly (readonly number[])[];
  title: string;
}

const LABEL_SIZE = 12;
const TITLE_SIZE = 15;
const BAR_WIDTH = 16;

export function correlationHeatmapSvg({ names, matrix, title }: HeatmapInput): string {
  const n = names.length;
  if (matrix.length !== n || matrix.some((row) => row.length !== n)) {
    throw new Error(`correlationHeatmapSvg: matrix is not ${n} × ${n}`);
  }
  // Cells shrink with n so the whole matrix stays near 560 px, but not below legibility of "-0.00".
  const cell = Math.max(26, Math.min(56, Math.round(560 / Math.max(1, n))));
  const valueSize = Math.min(12, Math.round(cell * 0.3));
  const longestLabel = Math.max(0, ...names.map((name) => approximateTextWidth(name, LABEL_SIZE)));
  const left = 16 + longestLabel;
  const top = 24 + TITLE_SIZE;
  const gridSize = n * cell;
  const bottom = 16 + longestLabel * Math.SQRT1_2 + LABEL_SIZE; // x labels at −45°
  const barX = left + gridSize + 24;
  // Wide enough for the title too (small matrices would clip it).
  const width = Math.max(barX + BAR_WIDTH + 48, approximateTextWidth(title, TITLE_SIZE) + 32);
  const height = top + gridSize + bottom;

  const body: string[] = [textElement(width / 2, 16 + TITLE_SIZE / 2, title, { size: TITLE_SIZE, anchor: 'middle', baseline: 'middle', weight: 'bold' })];
  body.push('<g class="cells">');
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      const value = matrix[row][col];
      const x = left + col * cell;
      const y = top + row * cell;
      body.push(rectElement(x, y, cell, cell, divergingColour(value), 'stroke="#ffffff" stroke-width="1"'));
      const label = Number.isNaN(value) ? 'n/a' : formatCoefficient(value);
      body.push(textElement(x + cell / 2, y + cell / 2, label, { size: valueSize, anchor: 'middle', baseline: 'middle', fill: needsLightText(value) ? '#ffffff' : '#000000' }));
    }
  }
  body.push('</g>');
  body.push('<g class="labels">');
  for (let k = 0; k < n; k++) {
    const y = top + (k + 0.5) * cell;
    body.push(textElement(left - 6, y, names[k], { size: LABEL_SIZE, anchor: 'end', baseline: 'middle' }));
    const x = left + (k + 0.5) * cell;
    const labelTop = top + gridSize + 6;
    body.push(textElement(0, 0, names[k], { size: LABEL_SIZE, anchor: 'end', baseline: 'middle', transform: `translate(${coord(x)} ${coord(labelTop)}) rotate(-45)` }));
  }
  body.push('</g>');
  body.push(...colourBar(barX, top, gridSize));
  return svgDocument(width, height, title, body);
}

/** "0.53", "-0.07", "1.00"; a value that rounds to zero prints as "0.00" without a sign. */
export function formatCoefficient(value: number): string {
  const text = value.toFixed(2);
  return text === '-0.00' ? '0.00' : text;
}

/** Vertical gradient from +1 (top) to −1 (bottom) with ticks every 0.5. */
function colourBar(x: number, top: number, height: number): string[] {
  const stops = PALETTE_STOPS.map((colour, k) => {
    const offset = 1 - k / (PALETTE_STOPS.length - 1); // stop 0 is −1, drawn at the bottom
    return `<stop offset="${coord(offset * 100)}%" stop-color="${colour}"/>`;
  }).reverse();
  const parts = [
    `<defs><linearGradient id="correlation-scale" x1="0" y1="0" x2="0" y2="1">${stops.join('')}</linearGradient></defs>`,
    rectElement(x, top, BAR_WIDTH, height, 'url(#correlation-scale)', 'stroke="#333333" stroke-width="0.5"'),
  ];
  for (const tick of [1, 0.5, 0, -0.5, -1]) {
    const y = top + ((1 - tick) / 2) * height;
    parts.push(lineElement(x + BAR_WIDTH, y, x + BAR_WIDTH + 4, y, '#333333'));
    parts.push(textElement(x + BAR_WIDTH + 7, y, tick.toFixed(1), { size: 11, baseline: 'middle' }));
  }
  return parts;
}
