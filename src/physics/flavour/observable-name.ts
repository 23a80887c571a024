/**
 * flavio's observable names, parsed and written in one place.
 *
 * A name is flavio's observable (`<dBR/dq2>(B+->Kmumu)`, `<P5p>(B0->K*mumu)`, `BR(Bs->mumu)`,
 * `<Rmue>(B+->Kll)` …) followed, for a q²-binned observable, by its bin as smeftfit writes it:
 * `<P5p>(B0->K*mumu)[4.0,6.0]`. flavio keeps the bin in separate arguments (measurements.yml's
 * `q2min`/`q2max`); this is the single spelling of both in one string. Which names can be computed is decided
 * by the observables themselves (observables.ts, point-observables.ts), not here.
 */
import { InputError } from '../../errors.ts';

export interface ObservableName {
  /** The quantity: 'FL', 'P5p', 'dBR/dq2', 'Rmue' for a binned `<q>(…)`; 'BR' for `BR(…)`. */
  quantity: string;
  /** The decay as flavio writes it: 'B0->K*mumu', 'B+->Kll', 'Bs->mumu', 'B0->K*gamma'. */
  decay: string;
  /** q² bin in GeV² (binned observables only). */
  bin?: [number, number];
}

const NUM = String.raw`(-?\d+(?:\.\d+)?(?:e-?\d+)?)`;
const BINNED = new RegExp(String.raw`^<([A-Za-z0-9/]+)>\(([^()]+)\)\[${NUM},${NUM}\]$`);
const UNBINNED = /^([A-Za-z]+)\(([^()]+)\)$/;

/** flavio's bin formatting: integers keep one decimal ("6.0"), others as written ("0.045"). */
export const formatBinEdge = (x: number): string => (Number.isInteger(x) ? x.toFixed(1) : String(x));

/** `<q>(decay)` → `<q>(decay)[a,b]`; flavio's unbinned names (`BR(Bs->mumu)`) pass through unchanged. */
export function withBin(observable: string, q2min?: number, q2max?: number): string {
  if (q2min === undefined || q2max === undefined) return observable;
  return `${observable}[${formatBinEdge(q2min)},${formatBinEdge(q2max)}]`;
}

/** The name of a parsed observable (inverse of parseObservableName). */
export const formatObservableName = (o: ObservableName): string =>
  o.bin ? withBin(`<${o.quantity}>(${o.decay})`, o.bin[0], o.bin[1]) : `${o.quantity}(${o.decay})`;

/** Parse a name; a name of neither form raises InputError (its physics is checked where it is computed). */
export function parseObservableName(name: string): ObservableName {
  const b = BINNED.exec(name);
  if (b) return { quantity: b[1], decay: b[2], bin: [Number(b[3]), Number(b[4])] };
  const u = UNBINNED.exec(name);
  if (u) return { quantity: u[1], decay: u[2] };
  throw new InputError(`unknown flavour observable '${name}'`);
}
