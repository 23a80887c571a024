/**
 * Figures are Vega-Lite (or, where Vega-Lite has no mark for it, Vega) specifications: the same spec is
 * rendered to SVG here with Vega's headless View.toSVG() (no browser) and embedded in the HTML report,
 * where the Vega runtime draws it interactively. Vega-Lite compiles to Vega once, in Node, so the report
 * needs only the Vega runtime.
 */
import * as vega from 'vega';
import * as vegaLite from 'vega-lite';

export type VegaSpec = vega.Spec;
export type VegaLiteSpec = vegaLite.TopLevelSpec;

/** The figure font: DejaVu Sans carries the Greek letters, sub/superscript digits and ℓ the labels use. */
export const FIGURE_FONT = 'DejaVu Sans, Helvetica, Arial, sans-serif';

/** Shared look of every figure (fonts, no view border, white background). */
export const FIGURE_CONFIG = {
  font: FIGURE_FONT,
  background: 'white',
  view: { stroke: '#888' },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal' },
  legend: { labelFontSize: 11, titleFontSize: 11, titleFontWeight: 'normal', labelLimit: 0 },
  title: { fontSize: 13, fontWeight: 'normal', anchor: 'start' },
} as const;

/** The same look for hand-written Vega specs (Vega's config has no global font). */
export const VEGA_FIGURE_CONFIG = {
  background: 'white',
  axis: { labelFont: FIGURE_FONT, titleFont: FIGURE_FONT, labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal' },
  legend: { labelFont: FIGURE_FONT, titleFont: FIGURE_FONT, labelFontSize: 11, labelLimit: 0 },
  title: { font: FIGURE_FONT, subtitleFont: FIGURE_FONT, fontSize: 13, fontWeight: 'normal', anchor: 'start' },
  text: { font: FIGURE_FONT },
} as const;

/** A figure: Vega-Lite or Vega, always available as Vega. */
export function toVega(spec: VegaLiteSpec | VegaSpec): VegaSpec {
  const schema = (spec as { $schema?: string }).$schema ?? '';
  if (schema.includes('vega-lite')) return vegaLite.compile(spec as VegaLiteSpec).spec as VegaSpec;
  return spec as VegaSpec;
}

/** Renders a spec to a standalone SVG string (headless, no browser). */
export async function renderSvg(spec: VegaLiteSpec | VegaSpec): Promise<string> {
  const view = new vega.View(vega.parse(toVega(spec)), { renderer: 'none', logLevel: vega.Error });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
export const VEGA_SCHEMA = 'https://vega.github.io/schema/vega/v6.json';
