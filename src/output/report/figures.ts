/**
 * The paper's figures as specs, built from the loaded runs: fig. 1 (bounds per coefficient and fit),
 * figs. 2 and 8 (EW correlations with and without LL running), fig. 3 (δg_Z and δR_K(*) with the
 * measurements), fig. 4 (leptonic correlations as a network), fig. 5 (minimal EFT plane with the
 * single-operator bands), figs. 6 and 7 (Z′ and leptoquark parameter regions), fig. 9 (tree vs LL bounds).
 * A figure whose inputs are missing lists what is missing instead of being left out.
 */
import { EW_TREE_LEVEL_COEFFICIENTS, SEMILEPTONIC_TOP_COEFFICIENTS } from '../../physics/ew/wilson-coefficients.ts';
import { credibleRegionSpec, type BandLayer, type RegionLayer } from '../plots/contour.ts';
import { correlationNetworkSpec } from '../plots/correlation-network.ts';
import { deviationsSpec, type DeviationSeries, type ExperimentalBox } from '../plots/deviations.ts';
import { correlationHeatmapSpec } from '../plots/heatmap.ts';
import { groupedIntervalsSpec, type IntervalSeries } from '../plots/intervals.ts';
import { ROLE_COLOURS, scenarioColour } from '../plots/paper-colours.ts';
import { coefficientAxisTitle } from '../plots/physics-labels.ts';
import { toVega, type VegaSpec } from '../plots/vega-render.ts';
import { convergenceOf, mark, type Convergence } from './convergence.ts';
import { moments, type LoadedRun } from './load-runs.ts';
import type { RatioMeasurements } from './measurements.ts';
import { gaussianPseudoSample } from './pseudo-sample.ts';

export type Era = '2020' | 'current';

export interface Figure {
  id: string;
  title: string;
  caption: string;
  spec?: VegaSpec;
  /** Inputs that were not available (shown under the figure). */
  missing: string[];
}

export interface FigureContext {
  eras: Era[];
  /** The run of a config on an era (EW-only configs ignore the era). */
  run(config: string, era?: Era): LoadedRun | undefined;
  measurements(era: Era): RatioMeasurements;
}

// The clean-observable fits are not in the paper; drawn in a light shade of their role so that they stay
// apart from the PDD (role colour) and PMD (dark shade) fits beside them.
const CLEAN_SHADES: Record<string, string> = { 'flavour-clean': '#fdc086', 'ew-flavour-clean': '#e78ac3' };
const fitColour = (config: string) => CLEAN_SHADES[config] ?? scenarioColour(config);

const FIT_SCENARIOS: { config: string; label: string }[] = [
  { config: 'ew', label: 'EW' },
  { config: 'flavour-clean', label: 'Flavour (clean)' },
  { config: 'ew-flavour-clean', label: 'EW & Flavour (clean)' },
  { config: 'flavour-pdd', label: 'Flavour PDD' },
  { config: 'flavour-pmd', label: 'Flavour PMD' },
  { config: 'ew-flavour-pdd', label: 'EW & Flavour PDD' },
  { config: 'ew-flavour-pmd', label: 'EW & Flavour PMD' },
];
const LEPTONIC = ['phil1_11', 'phil1_22', 'phil3_11', 'phil3_22', 'phie_11', 'phie_22', 'lu_1133', 'lu_2233', 'eu_1133', 'eu_2233'];
const ALL_COEFFICIENTS = [...EW_TREE_LEVEL_COEFFICIENTS, ...SEMILEPTONIC_TOP_COEFFICIENTS];

function eraTitle(era: Era): string {
  return era === '2020' ? '2020 data' : 'current data';
}

/** The scenario fits with results on an era; a fit that has not converged keeps its place, labelled so. */
function fitsOn(ctx: FigureContext, era: Era, missing: string[]) {
  return FIT_SCENARIOS.flatMap((s) => {
    const run = ctx.run(s.config, era);
    if (!run) {
      missing.push(`${s.label} (${s.config}): not run`);
      return [];
    }
    const convergence = convergenceOf(run, run.summary.parameters.map((p) => p.name));
    return [{ ...s, label: `${s.label}${mark(convergence)}`, run, convergence }];
  });
}

/** Caption sentence naming the drawn fits that have not converged. */
function convergenceNote(fits: { config: string; convergence: Convergence }[]): string {
  const bad = fits.filter((f) => !f.convergence.converged);
  return bad.length === 0 ? '' : ` Marked "(not converged)": ${bad.map((f) => `${f.config} (${f.convergence.why})`).join('; ')} — drawn as provisional.`;
}

function figure1(ctx: FigureContext, era: Era): Figure {
  const missing: string[] = [];
  const fits = fitsOn(ctx, era, missing);
  const series: IntervalSeries[] = fits.map((f) => ({ label: f.label, colour: fitColour(f.config), rows: f.run.intervals }));
  return {
    id: `fig1-${era}`,
    title: `Fig. 1 — 1σ and 2σ bounds of every coefficient in every fit (${eraTitle(era)})`,
    caption: 'Central 68.27 % (thick) and 95.45 % (thin) credible intervals and the median (tick) of each Wilson coefficient at Λ = 1 TeV, one panel per operator with its own scale; fits coloured by role (EW grey, flavour orange, EW & flavour magenta; clean-observable fits light, PDD in the role colour, PMD dark). Fits taken from the summary of an earlier release show mean ± sd and ± 2 sd.' + convergenceNote(fits),
    spec: series.length > 0 ? toVega(groupedIntervalsSpec({ title: `Bounds per coefficient, ${eraTitle(era)}`, series, order: ALL_COEFFICIENTS, xScale: 'independent' })) : undefined,
    missing,
  };
}

function heatmapFigure(ctx: FigureContext, id: string, config: string, title: string, caption: string): Figure {
  const run = ctx.run(config);
  const correlation = run?.correlation;
  return {
    id,
    title,
    caption,
    spec: correlation ? toVega(correlationHeatmapSpec({ names: correlation.names, matrix: correlation.matrix, title: `${config}: posterior correlation` })) : undefined,
    missing: correlation ? [] : [`${config}: not run`],
  };
}

function figure3(ctx: FigureContext, era: Era): Figure {
  const missing: string[] = [];
  const names = ['delta_gZ_ee_L', 'delta_gZ_ee_R', 'delta_gZ_mumu_L', 'delta_gZ_mumu_R', 'dRK[1.0,6.0]', 'dRKstar[1.0,6.0]'];
  const fits = fitsOn(ctx, era, missing);
  const series: DeviationSeries[] = fits.map((f) => ({
    label: f.label,
    colour: fitColour(f.config),
    values: names.flatMap((n) => {
      const m = moments(f.run, n);
      return m ? [{ name: n, ...m }] : [];
    }),
  }));
  const meas = ctx.measurements(era);
  const boxes: ExperimentalBox[] = [
    { name: 'dRK[1.0,6.0]', low: meas.rk.central - meas.rk.sigma - meas.smRk, high: meas.rk.central + meas.rk.sigma - meas.smRk, label: `${meas.rk.source} (1σ, minus SM)` },
    { name: 'dRKstar[1.0,6.0]', low: meas.rkstar.central - meas.rkstar.sigma - meas.smRkstar, high: meas.rkstar.central + meas.rkstar.sigma - meas.smRkstar, label: `${meas.rkstar.source} (1σ, minus SM)` },
  ];
  const ew = ctx.run('ew');
  for (const n of names.slice(0, 4)) {
    const m = moments(ew, n);
    if (m) boxes.push({ name: n, low: m.mean - m.sd, high: m.mean + m.sd, label: 'EW precision data (EW fit, 1σ)' });
  }
  return {
    id: `fig3-${era}`,
    title: `Fig. 3 — δg_Z^ℓℓ and δR_K(*) per fit (${eraTitle(era)})`,
    caption: 'Shifts of the Z couplings to left- and right-handed electrons and muons (eq. 4.1) and of R_K, R_K* in q² ∈ [1, 6] GeV² predicted by each fit: mean ± sd (thick) and ± 2 sd (thin). Blue boxes: the LHCb measurements minus the SM prediction (1σ; bin [1.1, 6] GeV²) and, for δg_Z, the 1σ range the EW precision data allow (EW fit).' + convergenceNote(fits),
    spec: series.length > 0 ? toVega(deviationsSpec({ title: `δg_Z and δR_K(*), ${eraTitle(era)}`, series, boxes })) : undefined,
    missing,
  };
}

function figure4(ctx: FigureContext, era: Era): Figure {
  const missing: string[] = [];
  const fits = fitsOn(ctx, era, missing);
  const panels = fits
    .filter((f) => f.run.correlation)
    .map((f) => ({ title: f.label, names: f.run.correlation!.names, matrix: f.run.correlation!.matrix }));
  return {
    id: `fig4-${era}`,
    title: `Fig. 4 — correlations among the leptonic operators (${eraTitle(era)})`,
    caption: 'Each node is a leptonic operator (filled where the fit floats it); each link a posterior correlation with |ρ| ≥ 0.1, its width ∝ |ρ| and its colour ρ (blue negative, red positive).' + convergenceNote(fits),
    spec: panels.length > 0 ? toVega(correlationNetworkSpec({ title: `Leptonic correlations, ${eraTitle(era)}`, panels, operators: LEPTONIC })) : undefined,
    missing,
  };
}

function interval(run: LoadedRun | undefined, name: string): { one: [number, number]; two: [number, number] } | undefined {
  const row = run?.intervals.find((r) => r.name === name);
  return row ? { one: [row.q16, row.q84], two: [row.q025, row.q975] } : undefined;
}

/** The 2-D posterior of a run: its thinned sample, or a Gaussian stand-in from an earlier release's summary. */
function regionSample(run: LoadedRun, xName: string, yName: string): { x: number[]; y: number[]; approximate: boolean } | undefined {
  const s = run.samples;
  if (s && s.names.includes(xName) && s.names.includes(yName)) return { x: s.columns[s.names.indexOf(xName)], y: s.columns[s.names.indexOf(yName)], approximate: false };
  const mx = moments(run, xName);
  const my = moments(run, yName);
  const c = run.correlation;
  if (!mx || !my || !c) return undefined;
  const rho = c.matrix[c.names.indexOf(xName)]?.[c.names.indexOf(yName)];
  if (!Number.isFinite(rho)) return undefined;
  return { ...gaussianPseudoSample(mx, my, rho, 4000, `${run.id}:${xName}:${yName}`), approximate: true };
}

function figure5(ctx: FigureContext, era: Era, lepton: 'mu' | 'e'): Figure {
  const g = lepton === 'mu' ? '22' : '11';
  const lu = `lu_${g}33`;
  const hl = `phil1_${g}`;
  const missing: string[] = [];
  const regions: RegionLayer[] = [];
  const subtitle: string[] = [];
  const combined = ctx.run(`minimal-${lepton}`, era);
  const sample = combined && regionSample(combined, lu, hl);
  const notConverged: string[] = [];
  const combinedConvergence = convergenceOf(combined, [lu, hl]);
  if (!combinedConvergence.converged) notConverged.push(`minimal-${lepton} (${combinedConvergence.why})`);
  if (sample) {
    regions.push({ label: `EW & flavour (clean), 1σ/2σ${mark(combinedConvergence)}`, colour: ROLE_COLOURS.combined, x: sample.x, y: sample.y });
    if (sample.approximate) subtitle.push('magenta: Gaussian approximation from the summary of an earlier release');
  } else missing.push(`minimal-${lepton}: not run`);
  const bands: BandLayer[] = [];
  const pdd = lepton === 'mu' ? ctx.run('flavour-lu2233-pdd', era) : undefined;
  const flavourBand = pdd ?? ctx.run(`flavour-clean-lu-${g}33`, era);
  const fb = interval(flavourBand, lu);
  const bandConvergence = convergenceOf(flavourBand, [lu]);
  if (fb && !bandConvergence.converged) notConverged.push(`${pdd ? 'flavour-lu2233-pdd' : `flavour-clean-lu-${g}33`} (${bandConvergence.why})`);
  if (fb) bands.push({ label: `${pdd ? 'flavour only (PDD), single operator' : 'flavour only (clean observables), single operator'}${mark(bandConvergence)}`, colour: ROLE_COLOURS.flavour, axis: 'x', oneSigma: fb.one, twoSigma: fb.two });
  if (pdd) subtitle.push(`orange: PDD single-operator flavour fit (flavour-lu2233-pdd)${mark(bandConvergence)}`);
  if (!pdd) {
    missing.push(lepton === 'mu' ? 'flavour-lu2233-pdd (orange PDD band): no results, the clean single-operator band is drawn instead' : 'a PDD single-operator fit for the electrons: not part of the paper runs');
    subtitle.push(lepton === 'mu' ? 'orange: clean observables only (flavour-clean-lu-2233; the PDD single-operator fit has no results)' : 'orange: clean observables only (flavour-clean-lu-1133)');
  }
  const ewLu = interval(ctx.run(`ew-lu-${g}33`), lu);
  if (ewLu) bands.push({ label: `EW only, ${coefficientAxisTitle(lu).split(' [')[0]} alone`, colour: ROLE_COLOURS.ew, axis: 'x', oneSigma: ewLu.one, twoSigma: ewLu.two });
  else missing.push(`ew-lu-${g}33: not run`);
  const ewHl = interval(ctx.run(`ew-phil1-${g}`), hl);
  if (ewHl) bands.push({ label: `EW only, ${coefficientAxisTitle(hl).split(' [')[0]} alone`, colour: ROLE_COLOURS.ew, axis: 'y', oneSigma: ewHl.one, twoSigma: ewHl.two });
  else missing.push(`ew-phil1-${g}: not run`);
  const leptonName = lepton === 'mu' ? 'muons' : 'electrons';
  return {
    id: `fig5-${lepton}-${era}`,
    title: `Fig. 5 (${lepton === 'mu' ? 'left' : 'right'}) — minimal EFT for ${leptonName} (${eraTitle(era)})`,
    caption: `Magenta: 68 % and 95 % regions of the fit of ${coefficientAxisTitle(lu)} and ${coefficientAxisTitle(hl)} to EW + clean b → sℓℓ data. Orange vertical band: ${lu} alone fitted to flavour data only; grey vertical band: ${lu} alone fitted to EW data; grey horizontal band: ${hl} alone fitted to EW data (1σ dark, 2σ light). Cross: SM.${notConverged.length ? ` Marked "(not converged)": ${notConverged.join('; ')}.` : ''}`,
    spec: regions.length + bands.length > 0 ? credibleRegionSpec({ title: `Minimal EFT, ${leptonName}, ${eraTitle(era)}`, subtitle, xTitle: coefficientAxisTitle(lu), yTitle: coefficientAxisTitle(hl), regions, bands, reference: { x: 0, y: 0, label: 'SM' } }) : undefined,
    missing,
  };
}

function uvFigure(ctx: FigureContext, era: Era, o: { id: string; config: string; title: string; caption: string; x: string; y: string; xTitle: string; yTitle: string; xDomain: [number, number]; yDomain: [number, number] }): Figure {
  const run = ctx.run(o.config, era);
  const sample = run && regionSample(run, o.x, o.y);
  return {
    id: `${o.id}-${era}`,
    title: `${o.title} (${eraTitle(era)})`,
    caption: o.caption,
    spec: sample ? credibleRegionSpec({ title: `${o.config}, ${eraTitle(era)}`, xTitle: o.xTitle, yTitle: o.yTitle, regions: [{ label: 'EW & flavour (clean), 1σ/2σ', colour: ROLE_COLOURS.uv, x: sample.x, y: sample.y }], xDomain: o.xDomain, yDomain: o.yDomain }) : undefined,
    missing: sample ? [] : [`${o.config}: not run`],
  };
}

function figure9(ctx: FigureContext): Figure {
  const missing: string[] = [];
  const series: IntervalSeries[] = [];
  for (const [config, label, colour] of [['ew-tree', 'EW, tree level', ROLE_COLOURS.ewTree], ['ew', 'EW, LL running', ROLE_COLOURS.ew]] as const) {
    const run = ctx.run(config);
    if (run) series.push({ label, colour, rows: run.intervals });
    else missing.push(`${config}: not run`);
  }
  return {
    id: 'fig9',
    title: 'Fig. 9 — EW bounds at tree level and with leading-log running',
    caption: '68.27 % and 95.45 % intervals of the 17 EW operators without (light grey) and with (dark grey) the leading-log top-Yukawa running of eq. 2.7, one panel per operator.',
    spec: series.length > 0 ? toVega(groupedIntervalsSpec({ title: 'EW fit: tree level vs LL running', series, order: [...EW_TREE_LEVEL_COEFFICIENTS], xScale: 'independent' })) : undefined,
    missing,
  };
}

export function paperFigures(ctx: FigureContext): Figure[] {
  const figures: Figure[] = [];
  for (const era of ctx.eras) figures.push(figure1(ctx, era));
  figures.push(heatmapFigure(ctx, 'fig2', 'ew', 'Fig. 2 — correlations of the EW fit (LL running)', 'Posterior correlation matrix of the 17 Wilson coefficients of the EW fit with leading-log running (nuisances marginalised).'));
  for (const era of ctx.eras) figures.push(figure3(ctx, era));
  for (const era of ctx.eras) figures.push(figure4(ctx, era));
  for (const era of ctx.eras) for (const lepton of ['mu', 'e'] as const) figures.push(figure5(ctx, era, lepton));
  for (const era of ctx.eras) {
    for (const [config, side, eta] of [['zprime-eta250', 'left', 'm_Z′/4'], ['zprime-eta500', 'right', 'm_Z′/2']] as const) {
      figures.push(uvFigure(ctx, era, { id: `fig6-${side}`, config, title: `Fig. 6 (${side}) — Z′ with vector-like partners, η = ${eta}, m_Z′ = 1 TeV`, caption: `68 % (dark) and 95 % (light) regions in (ξ_T, ξ_M) of the Z′ model sampled through eq. 5.8 (g_X = m_Z′/η) with C_Hl⁽¹⁾₂₂ free, fitted to EW + clean b → sℓℓ data. Flat priors ξ ∈ [0, 6]; the collider bounds of the paper's figure are not redrawn.`, x: 'xi_T', y: 'xi_M', xTitle: 'ξ_T', yTitle: 'ξ_M', xDomain: [0, 6], yDomain: [0, 6] }));
    }
    figures.push(uvFigure(ctx, era, { id: 'fig7-left', config: 'lq-scalar-mu', title: 'Fig. 7 (left) — scalar leptoquark S ∼ (3,2,−7/6), muons', caption: '68 % and 95 % regions in (M, λ_tμ) for C_lu(2233) = −λ²/(2M²) (eq. 5.12) with C_Hl⁽¹⁾₂₂ free, EW + clean b → sℓℓ data; flat priors M ∈ [1, 3] TeV, λ ∈ [0, 5].', x: 'M_LQ', y: 'lambda', xTitle: 'M [TeV]', yTitle: 'λ_tμ', xDomain: [1, 3], yDomain: [0, 5] }));
    figures.push(uvFigure(ctx, era, { id: 'fig7-right', config: 'lq-vector-e', title: 'Fig. 7 (right) — vector leptoquark V ∼ (3,2,−1/6), electrons', caption: '68 % and 95 % regions in (M, λ̃_te) for C_lu(1133) = +λ²/M² (eq. 5.12) with C_Hl⁽¹⁾₁₁ free, EW + clean b → sℓℓ data; flat priors M ∈ [1, 3] TeV, λ ∈ [0, 5].', x: 'M_LQ', y: 'lambda', xTitle: 'M [TeV]', yTitle: 'λ̃_te', xDomain: [1, 3], yDomain: [0, 5] }));
  }
  figures.push(heatmapFigure(ctx, 'fig8', 'ew-tree', 'Fig. 8 — correlations of the EW fit at tree level', 'Posterior correlation matrix of the 17 Wilson coefficients of the EW fit without the leading-log running (appendix).'));
  figures.push(figure9(ctx));
  return figures;
}
