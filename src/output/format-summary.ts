import type { RunSummary } from './summary.ts';

function fixed(x: number, digits: number): string {
  return Number.isFinite(x) ? x.toFixed(digits) : String(x);
}

function general(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  return Math.abs(x) >= 1e4 || (Math.abs(x) < 1e-3 && x !== 0) ? x.toExponential(3) : x.toPrecision(5);
}

/** Human-readable table of a run summary (the JSON form is the summary itself). */
export function formatSummary(s: RunSummary): string {
  const nameWidth = Math.max(9, ...s.parameters.map((p) => p.name.length), ...s.derived.map((d) => d.name.length));
  const header = `${'parameter'.padEnd(nameWidth)}  ${['mean', 'sd', 'q05', 'q50', 'q95'].map((h) => h.padStart(11)).join('')}${['ess_bulk', 'ess_tail', 'rhat', 'tau'].map((h) => h.padStart(10)).join('')}`;
  const rows = s.parameters.map(
    (p) =>
      `${p.name.padEnd(nameWidth)}  ${[p.mean, p.sd, p.q05, p.q50, p.q95].map((x) => general(x).padStart(11)).join('')}` +
      `${fixed(p.ess_bulk, 0).padStart(10)}${fixed(p.ess_tail, 0).padStart(10)}${fixed(p.rhat, 4).padStart(10)}${fixed(p.tau, 1).padStart(10)}`,
  );
  const derived = s.derived.map((d) => `${d.name.padEnd(nameWidth)}  ${[d.mean, d.sd, d.q05, d.q50, d.q95].map((x) => general(x).padStart(11)).join('')}`);
  const info = Object.entries(s.info).map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
  return [
    `${s.name}: ${s.converged ? 'converged' : 'NOT converged'} (${s.stop_reason}) after ${s.steps} steps × ${s.walkers} walkers × ${s.ensembles} ensembles, burn-in ${s.burn_in_steps}, thin ${s.thin}`,
    `acceptance ${fixed(s.acceptance, 3)}, ${s.evaluations} evaluations${s.evaluations_per_walker_update === undefined ? '' : ` (${fixed(s.evaluations_per_walker_update, 2)} per walker update)`} in ${fixed(s.wall_seconds, 1)} s on backend ${s.backend} (${s.backend_reason}); R̂ ${s.rhat_method}`,
    ...(s.stuck_walkers.length > 0 ? [`stuck walkers (acceptance < median/5): ${s.stuck_walkers.join(', ')}`] : []),
    ...(s.thin_schedule !== undefined
      ? [`diagnostics on ${s.diagnostics_draws.kept_rows} of the ${s.diagnostics_draws.stored_rows} stored rows, ${s.thin * s.diagnostics_draws.thinned_by} steps apart (stored thin ${s.thin_schedule.map(([, thin]) => thin).join(', ')} under sampler.diskCapMB); chain.h5 holds them all`]
      : s.diagnostics_draws?.thinned_by > 1
        ? [`diagnostics on 1 of every ${s.diagnostics_draws.thinned_by} of the ${s.diagnostics_draws.stored_rows} stored rows (sampler.memoryCapMB); chain.h5 holds them all`]
        : []),
    ...(s.tau_too_short ? ['warning: the chain is shorter than 50 τ for some parameter; treat τ with caution'] : []),
    ...info,
    '',
    header,
    ...rows,
    ...(derived.length > 0 ? ['', 'derived', ...derived] : []),
  ].join('\n');
}
