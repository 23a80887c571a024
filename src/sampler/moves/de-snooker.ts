import type { Move, ProposalGroup } from './move.ts';

/**
 * DE snooker move (ter Braak & Vrugt 2008), as emcee's DESnookerMove (anchors.md §1.4): the ensemble is
 * split in 4 groups; per walker one walker z from the complement defines the direction u = (x − z)/|x − z|,
 * two more (z1, z2) set the step q = x + u γ (u·z1 − u·z2); log factor (ndim − 1)(log|q − z| − log|x − z|).
 *
 * emcee draws z, z1, z2 one from each of the 3 complementary groups; here the complement is pooled and
 * three distinct walkers are drawn from it, which keeps detailed balance (the draw does not depend on x)
 * and is what emcee's shuffle of the three achieves in distribution.
 */
export class DESnookerMove implements Move {
  readonly name = 'desnooker';
  readonly kind = 'red-blue' as const;
  readonly nsplits = 4;
  readonly randomizeSplit = true;

  constructor(readonly gamma = 1.7) {}

  propose(g: ProposalGroup): void {
    const { nDim } = g;
    if (g.nComplement < 3) throw new RangeError('desnooker move: needs at least 3 complementary walkers');
    const u = new Float64Array(nDim);
    for (let k = 0; k < g.nActive; k++) {
      const a = g.random.integer(g.nComplement);
      let b = g.random.integer(g.nComplement - 1);
      if (b >= a) b += 1;
      let c = g.random.integer(g.nComplement - 2);
      if (c >= Math.min(a, b)) c += 1;
      if (c >= Math.max(a, b)) c += 1;
      const x = g.active[k] * nDim;
      const out = k * nDim;
      const z = g.complement[a] * nDim;
      const z1 = g.complement[b] * nDim;
      const z2 = g.complement[c] * nDim;
      let norm = 0;
      for (let d = 0; d < nDim; d++) {
        u[d] = g.coords[x + d] - g.coords[z + d];
        norm += u[d] * u[d];
      }
      norm = Math.sqrt(norm);
      let projection = 0;
      for (let d = 0; d < nDim; d++) {
        u[d] /= norm;
        projection += u[d] * (g.coords[z1 + d] - g.coords[z2 + d]);
      }
      let distanceNew = 0;
      for (let d = 0; d < nDim; d++) {
        const q = g.coords[x + d] + u[d] * this.gamma * projection;
        g.proposal[out + d] = q;
        distanceNew += (q - g.coords[z + d]) ** 2;
      }
      g.logFactor[k] = (nDim - 1) * (0.5 * Math.log(distanceNew) - Math.log(norm));
    }
  }
}
