/**
 * Plain-string SVG building blocks shared by the plots: escaping, compact coordinates, text and the
 * document wrapper. No DOM: every plot is a pure function from numbers to an SVG string, which makes
 * it testable and renderable by resvg without a browser.
 */

/** Font stack: DejaVu Sans first (the font the PNG renderer is tested with), then common fallbacks. */
export const FONT_FAMILY = 'DejaVu Sans, Liberation Sans, Noto Sans, FreeSans, Arial, Helvetica, sans-serif';

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** A coordinate with two decimals (sub-pixel enough at any zoom, and keeps the files small). */
export function coord(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

/** Rough advance width of a string at a font size (DejaVu Sans averages ≈ 0.6 em per character). */
export function approximateTextWidth(text: string, fontSize: number): number {
  return text.length * fontSize * 0.6;
}

export interface TextOptions {
  size?: number;
  anchor?: 'start' | 'middle' | 'end';
  /** Vertical alignment through dy, because resvg and browsers agree on dy but not on dominant-baseline. */
  baseline?: 'alphabetic' | 'middle' | 'hanging';
  fill?: string;
  weight?: 'normal' | 'bold';
  transform?: string;
}

export function textElement(x: number, y: number, content: string, options: TextOptions = {}): string {
  const size = options.size ?? 12;
  const dy = options.baseline === 'middle' ? ' dy="0.35em"' : options.baseline === 'hanging' ? ' dy="0.8em"' : '';
  const anchor = options.anchor && options.anchor !== 'start' ? ` text-anchor="${options.anchor}"` : '';
  const fill = options.fill ? ` fill="${options.fill}"` : '';
  const weight = options.weight === 'bold' ? ' font-weight="bold"' : '';
  const position = options.transform ? ` transform="${options.transform}"` : ` x="${coord(x)}" y="${coord(y)}"`;
  return `<text${position}${dy}${anchor} font-size="${size}"${fill}${weight}>${escapeXml(content)}</text>`;
}

export function lineElement(x1: number, y1: number, x2: number, y2: number, stroke: string, width = 1, extra = ''): string {
  return `<line x1="${coord(x1)}" y1="${coord(y1)}" x2="${coord(x2)}" y2="${coord(y2)}" stroke="${stroke}" stroke-width="${width}"${extra ? ' ' + extra : ''}/>`;
}

export function rectElement(x: number, y: number, width: number, height: number, fill: string, extra = ''): string {
  return `<rect x="${coord(x)}" y="${coord(y)}" width="${coord(width)}" height="${coord(height)}" fill="${fill}"${extra ? ' ' + extra : ''}/>`;
}

/** A complete standalone SVG document: integer pixel size (the PNG gets exactly this size), white background. */
export function svgDocument(width: number, height: number, title: string, body: string[]): string {
  const w = Math.ceil(width);
  const h = Math.ceil(height);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" font-family="${FONT_FAMILY}">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect x="0" y="0" width="${w}" height="${h}" fill="#ffffff"/>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}
