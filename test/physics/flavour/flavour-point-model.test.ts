/**
 * The full flavour likelihood as a flavour-point model (flat tables, flavour-point-layout.ts) gives the
 * same log-density on the cpu backend as the per-point physics it is built from, as the scenario evaluated
 * before the tables existed: the model's reference θ step `map` (pdd.ts maps and pseudo-observables, the
 * Gaussian priors by forward substitution) and PointObservables (vll-point-kernel.ts, pll-point-kernel.ts,
 * radiative.ts) with a forward substitution by the Cholesky factor of the measurement covariance.
 *
 * Predictions: PointObservables and the tables go through the one float64 evaluation
 * (physics/flavour/point-predictions.ts), so the scenario's tables must give bit-identical predictions to
 * PointObservables built from the same measurement list (a mismatch means the scenario assembled other
 * tables: other bins, theory options or plan offsets). Their physics is checked against direct evaluations
 * and flavio in point-kernels.test.ts, bs-phi-time-integration.test.ts and validation.test.ts.
 * Tolerance of log p: 1e-12 · (1 + |log p|) (L⁻¹ diag(σ) applied as a matrix instead of a triangular solve:
 * rounding of order n·ε|χ²|, n = 118).
 */
import { describe, expect, it } from 'vitest';
import { compileModel } from '../../../src/engine/compile.ts';
import { scratchSize } from '../../../src/likelihood/flavour-point-tables.ts';
import { flavourPredictions } from '../../../src/physics/flavour/point-predictions.ts';
import type { FlavourPointModel } from '../../../src/likelihood/model.ts';
import { requireCholesky } from '../../../src/numerics/linear-algebra.ts';
import { FlavourTheory } from '../../../src/physics/flavour/bin-kernels.ts';
import { flavourParameters } from '../../../src/physics/flavour/parameters.ts';
import type { PddCoordinates } from '../../../src/physics/flavour/pdd.ts';
import { POINT_LAYOUT, PointObservables } from '../../../src/physics/flavour/point-observables.ts';
import { buildHadronicFlavourScenario, hadronicMeasurements, type HadronicVariant } from '../../../src/scenarios/flavour-hadronic.ts';
import { inputDir } from './shared.ts';

describe('flavour-point tables equal the per-point physics classes', () => {
  const cases: [HadronicVariant, PddCoordinates][] = [
    ['flavour-pdd', 'disc'],
    ['flavour-pdd', 'polar'],
    ['flavour-pmd', 'disc'],
  ];
  for (const [variant, pddCoordinates] of cases) {
    it(`${variant}${variant === 'flavour-pdd' ? ` (${pddCoordinates})` : ''}: predictions identical, log p within 1e-12 (1 + |log p|) at the probe points`, () => {
      const s = buildHadronicFlavourScenario({ variant, data: '2020', dataDir: inputDir, pddCoordinates });
      const model = s.density as FlavourPointModel;
      expect(model.kind).toBe('flavour-point');
      const { names, measured, covariance } = hadronicMeasurements('2020', inputDir, 0.01);
      const params = flavourParameters('hepfit', inputDir);
      const theory = new FlavourTheory(params, FlavourTheory.centralHadronic(params, inputDir), { nlo: true, spectator: true, subintervals: 2, order: 8 }, inputDir);
      const classes = new PointObservables(names, theory, 'lhcb', inputDir, variant === 'flavour-pdd' ? 'pdd' : 'pmd', {}, true);
      const nobs = names.length;
      const L = requireCholesky(covariance, nobs);
      const { points, count } = model.probePoints();
      const cpu = compileModel(model, { backend: 'cpu', maxBatch: count });
      const logp = new Float64Array(count);
      void cpu.density.logProbBatch(points, count, logp);
      const x = new Float64Array(POINT_LAYOUT.size);
      const fromClasses = new Float64Array(nobs);
      const fromTables = new Float64Array(nobs);
      const scratch = new Float64Array(scratchSize(model.tables));
      const resid = new Float64Array(nobs);
      let finite = 0;
      for (let p = 0; p < count; p++) {
        const cpuTerms = model.map(points, p, x, 0);
        if (cpuTerms === -Infinity) {
          expect(logp[p]).toBe(-Infinity);
          continue;
        }
        classes.evaluate(x, 0, fromClasses, 0);
        flavourPredictions(model.tables, x, 0, scratch, fromTables);
        for (let o = 0; o < nobs; o++) expect(fromTables[o], names[o]).toBe(fromClasses[o]);
        let chi2 = 0;
        for (let i = 0; i < nobs; i++) {
          let r = fromClasses[i] - measured[i];
          for (let j = 0; j < i; j++) r -= L[i * nobs + j] * resid[j];
          resid[i] = r / L[i * nobs + i];
          chi2 += resid[i] * resid[i];
        }
        const reference = cpuTerms - 0.5 * chi2;
        expect(Math.abs(logp[p] - reference)).toBeLessThanOrEqual(1e-12 * (1 + Math.abs(reference)));
        finite++;
      }
      expect(finite).toBeGreaterThan(count / 2);
    });
  }
});
