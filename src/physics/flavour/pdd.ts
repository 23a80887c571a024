/**
 * PDD (phenomenological data-driven) hadronic treatment, HEPfit "KD" (flavour-spec.md §5.1): 8 complex
 * h_λ coefficients with flat priors in |h| and phase (the boxes of
 * flavour-theory-inputs.json PDD_HEPfit_KD), and the Gaussian pseudo-measurements DC7_1, DC7_2, hp0_hm0 and
 * |g̃_{1,2,3}(1 GeV²)| (KMPW at q² = 1 GeV² and the q² → 0 helicity constraints).
 */
import { loadTheoryInputs } from './data-files.ts';
import { H_ORDER } from './vll-point-kernel.ts';

export interface PddPrior {
  /** 16 names (|h|, arg per coefficient in H_ORDER order) and their flat boxes. */
  names: string[];
  lower: number[];
  upper: number[];
}

export function pddPrior(dataDir?: string): PddPrior {
  const set = loadTheoryInputs(dataDir).PDD_HEPfit_KD as { parameters_polar_flat_priors: Record<string, [number, number]> };
  const boxes = Object.values(set.parameters_polar_flat_priors);
  if (boxes.length !== 16) throw new Error(`PDD_HEPfit_KD: expected 16 polar parameters, got ${boxes.length}`);
  const names = H_ORDER.flatMap((h) => [`abs_${h}`, `arg_${h}`]);
  return { names, lower: boxes.map((b) => b[0]), upper: boxes.map((b) => b[1]) };
}

/**
 * How the sampler sees each complex h_λ. 'polar': (|h|, φ) in the boxes of the file, as HEPfit samples
 * them. 'disc' (default): (a, b) on the unit disc with h = R (a, b) √(a² + b²), R the |h| bound of the box.
 * Both carry the same prior — flat in |h| ∈ [0, R] and φ over a full turn: with ρ = √(a² + b²),
 * |h| = Rρ², dh_abs dφ = 2Rρ dρ dφ = 2R da db, a constant Jacobian — but the disc has no edge at |h| = 0
 * and no cut in φ. Those edges are where the polar boxes put the posterior of the h that the data barely
 * constrain (|h_+^(0)|, |h_±^(2)| ≤ 10⁻⁴): there, and around the cut, the affine-invariant moves
 * proposed out of the box most of the time (acceptance 0.03–0.06 on flavour-pdd).
 */
export type PddCoordinates = 'disc' | 'polar';

/** Sampled-coordinate names per coefficient in H_ORDER order (two each). */
export function pddCoordinateNames(coordinates: PddCoordinates): string[] {
  return H_ORDER.flatMap((h) => (coordinates === 'polar' ? [`abs_${h}`, `arg_${h}`] : [`disc_re_${h}`, `disc_im_${h}`]));
}

/** The |h| bound R of each coefficient (H_ORDER order), from the polar boxes; every phase box must be a full turn. */
export function pddRadii(prior: PddPrior): Float64Array {
  const radii = new Float64Array(8);
  for (let i = 0; i < 8; i++) {
    if (prior.lower[2 * i] !== 0) throw new Error(`PDD_HEPfit_KD: the |${H_ORDER[i]}| box must start at 0 for disc coordinates`);
    const turn = prior.upper[2 * i + 1] - prior.lower[2 * i + 1];
    if (Math.abs(turn - 2 * Math.PI) > 1e-6) throw new Error(`PDD_HEPfit_KD: the phase box of ${H_ORDER[i]} is not a full turn`);
    radii[i] = prior.upper[2 * i];
  }
  return radii;
}

/** Disc (a, b) pairs at disc[po..+16] → (re, im) of h = R (a, b) √(a² + b²) at out[oo..+16]. */
export function pddDiscToCartesian(disc: ArrayLike<number>, po: number, radii: Float64Array, out: Float64Array, oo: number): void {
  for (let i = 0; i < 8; i++) {
    const a = disc[po + 2 * i];
    const b = disc[po + 2 * i + 1];
    const scale = radii[i] * Math.sqrt(a * a + b * b);
    out[oo + 2 * i] = scale * a;
    out[oo + 2 * i + 1] = scale * b;
  }
}

/** Polar (|h|, φ) pairs at polar[po..+16] → (re, im) pairs at out[oo..+16]. */
export function pddToCartesian(polar: ArrayLike<number>, po: number, out: Float64Array, oo: number): void {
  for (let i = 0; i < 8; i++) {
    const r = polar[po + 2 * i];
    const phi = polar[po + 2 * i + 1];
    out[oo + 2 * i] = r * Math.cos(phi);
    out[oo + 2 * i + 1] = r * Math.sin(phi);
  }
}

export interface PddPseudoMeasurements {
  names: string[];
  value: Float64Array;
  sigma: Float64Array;
}

export function pddPseudoMeasurements(dataDir?: string): PddPseudoMeasurements {
  const set = loadTheoryInputs(dataDir).PDD_HEPfit_KD as { gaussian_pseudo_observables: { name: string; value: number; sigma: number }[] };
  const list = set.gaussian_pseudo_observables;
  return { names: list.map((o) => o.name), value: Float64Array.from(list, (o) => o.value), sigma: Float64Array.from(list, (o) => o.sigma) };
}
