/**
 * The colour roles of the paper's figures: EW fits grey, flavour-only fits orange, combined EW & flavour
 * fits magenta (fig. 5: magenta 1σ/2σ combined, orange flavour-only, grey EW-only bands); PDD and PMD
 * variants in two shades of their role; the SM as a black point. Correlations use a diverging blue–red
 * scheme on [−1, 1].
 */
export const ROLE_COLOURS = {
  ew: '#6e6e6e',
  ewTree: '#b0b0b0',
  flavour: '#f28e1c',
  flavourPmd: '#b35806',
  combined: '#c2187a',
  combinedPmd: '#7a0f4d',
  uv: '#c2187a',
  experiment: '#9ecae1',
  sm: '#000000',
} as const;

/** Lighter fill for the 2σ region, darker for 1σ (figs. 5–7). */
export const REGION_FILLS = { oneSigma: 0.75, twoSigma: 0.35 } as const;

/** Colour of a scenario by its role in the paper. */
export function scenarioColour(config: string): string {
  if (config === 'ew-tree') return ROLE_COLOURS.ewTree;
  if (config.startsWith('ew-flavour')) return config.includes('pmd') ? ROLE_COLOURS.combinedPmd : ROLE_COLOURS.combined;
  if (config.startsWith('flavour')) return config.includes('pmd') ? ROLE_COLOURS.flavourPmd : ROLE_COLOURS.flavour;
  if (config.startsWith('minimal') || config.startsWith('zprime') || config.startsWith('lq-')) return ROLE_COLOURS.combined;
  return ROLE_COLOURS.ew;
}
