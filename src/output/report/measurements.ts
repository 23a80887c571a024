/**
 * The LHCb R_K and R_K* measurements in q² ∈ [1.1, 6] GeV² of each data era, as the flavour likelihood
 * uses them (symmetrised; with their correlation where published together), for the boxes of fig. 3 and
 * the tension claims.
 */
import { dataDir } from '../../data-dir.ts';
import { flavourMeasurements } from '../../physics/flavour/data.ts';

export interface RatioMeasurement {
  central: number;
  sigma: number;
  source: string;
}

export interface RatioMeasurements {
  rk: RatioMeasurement;
  rkstar: RatioMeasurement;
  /** Correlation of the two measurements (0 when published separately). */
  rho: number;
  /** SM predictions of the two ratios in the same bins. */
  smRk: number;
  smRkstar: number;
}

export const RK_NAME = '<Rmue>(B+->Kll)[1.1,6.0]';
export const RKSTAR_NAME = '<Rmue>(B0->K*ll)[1.1,6.0]';

export function ratioMeasurements(era: '2020' | 'current', sm: { rk: number; rkstar: number } = { rk: 1, rkstar: 1 }): RatioMeasurements {
  const blocks = flavourMeasurements(era, dataDir());
  const find = (name: string) => {
    // The first (LHCb) block that measures it.
    for (const b of blocks) {
      const i = b.observables.indexOf(name);
      if (i >= 0) return { block: b, index: i };
    }
    throw new Error(`no ${name} measurement in the ${era} data`);
  };
  const k = find(RK_NAME);
  const ks = find(RKSTAR_NAME);
  const rho = k.block === ks.block && k.block.correlation ? k.block.correlation[k.index][ks.index] : 0;
  return {
    rk: { central: k.block.central[k.index], sigma: k.block.sigma[k.index], source: k.block.source },
    rkstar: { central: ks.block.central[ks.index], sigma: ks.block.sigma[ks.index], source: ks.block.source },
    rho,
    smRk: sm.rk,
    smRkstar: sm.rkstar,
  };
}
