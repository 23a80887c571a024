/**
 * SVG → PNG in-process with resvg (a Rust SVG renderer; no browser). Text needs a system font: the plots
 * ask for DejaVu Sans first. Without any font resvg draws the shapes and leaves the text out, which still
 * gives a valid, readable-by-shape PNG; the SVG beside it always carries the text.
 */
import { Resvg } from '@resvg/resvg-js';

export function svgToPng(svg: string): Buffer {
  const renderer = new Resvg(svg, {
    fitTo: { mode: 'original' },
    background: '#ffffff',
    font: { loadSystemFonts: true, sansSerifFamily: 'DejaVu Sans' },
    logLevel: 'off',
  });
  return renderer.render().asPng();
}
