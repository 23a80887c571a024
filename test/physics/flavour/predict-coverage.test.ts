/**
 * `predict` prints every observable the likelihoods use (issue: B0 → K*γ, B_s → φγ, B_s → φμμ were missing),
 * from the fits' own float64 code: clean observables as the clean likelihood computes them (checked against it
 * in likelihood.test.ts), the others as the full fits' tables do. Reference: the flavour-pdd scenario's own
 * tables (built without sampled spectator inputs, so that the point needs no spectator slots) evaluated by
 * point-predictions.ts at the central hadronic point; equal to the last bit, since it is the same code.
 */
import { describe, expect, it } from 'vitest';
import { fullFlavourMeasurements } from '../../../src/physics/flavour/data.ts';
import { FlavourTheory } from '../../../src/physics/flavour/bin-kernels.ts';
import { flavourParameters } from '../../../src/physics/flavour/parameters.ts';
import { centralPoint, FULL_FIT_QUADRATURE } from '../../../src/physics/flavour/point-observables.ts';
import { flavourPredictions } from '../../../src/physics/flavour/point-predictions.ts';
import { isFlavourObservable, predictFlavour } from '../../../src/physics/flavour/predict.ts';
import { scratchSize } from '../../../src/likelihood/flavour-point-layout.ts';
import { buildHadronicFlavourScenario } from '../../../src/scenarios/flavour-hadronic.ts';
import type { FlavourPointModel } from '../../../src/likelihood/model.ts';
import { inputDir } from './shared.ts';

describe('predict covers the likelihoods', () => {
  for (const era of ['2020', 'current'] as const) {
    it(`${era}: every observable of the list is predicted, and the full fits' ones equal their tables' value`, () => {
      const names = [...new Set(fullFlavourMeasurements(era).flatMap((b) => b.observables))];
      for (const n of names) expect(isFlavourObservable(n), n).toBe(true);
      const np = { C9_bsmumu: -0.8, C10_bsmumu: 0.3, C9_bsee: 0.1, C10_bsee: -0.05 };
      const predicted = predictFlavour({ observables: names, wet: np, options: { dataDir: inputDir } });
      for (const n of names) expect(Number.isFinite(predicted[n]), n).toBe(true);

      const scenario = buildHadronicFlavourScenario({ variant: 'flavour-pdd', data: era, dataDir: inputDir, spectatorNuisances: false });
      const model = scenario.density as FlavourPointModel;
      const params = flavourParameters('hepfit', inputDir);
      const theory = new FlavourTheory(params, FlavourTheory.centralHadronic(params, inputDir), { nlo: true, spectator: true, ...FULL_FIT_QUADRATURE }, inputDir);
      const x = centralPoint(theory, [np.C9_bsmumu, np.C10_bsmumu, np.C9_bsee, np.C10_bsee], inputDir);
      const out = new Float64Array(model.tables.code.length);
      flavourPredictions(model.tables, x, 0, new Float64Array(scratchSize(model.tables)), out);
      const tableNames = scenario.info.measurements as { observables: string[] }[];
      const ordered = tableNames.flatMap((m) => m.observables);
      expect(ordered).toHaveLength(out.length);
      const isClean = (n: string) => n.startsWith('<Rmue>') || n.startsWith('BR(Bs->');
      let compared = 0;
      ordered.forEach((n, i) => {
        if (isClean(n)) return; // predicted by the clean fits' code; the full fits' value differs by quadrature
        expect(predicted[n], n).toBe(out[i]);
        compared++;
      });
      expect(compared).toBeGreaterThan(90);
    }, 120_000);
  }
});
