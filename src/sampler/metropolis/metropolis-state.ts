import type { EnsembleState } from '../ensemble-state.ts';
import { emptyMoments, type RunningMoments } from './adaptation.ts';

/** Settings of the adaptive Metropolis sampler (BAT 1.x defaults as HEPfit runs them; anchors §3.1–3.2). */
export interface MetropolisSettings {
  /** Independent chains (HEPfit suggests at least 5). */
  chains: number;
  /** Student-t proposal with `dof` degrees of freedom (BAT's default, dof 1) or a Gaussian. */
  proposal: 'student-t' | 'gaussian';
  dof: number;
  /** Iterations per pre-run block between efficiency/R checks (BAT NIterationsPreRunCheck, HEPfit NIterationsUpdateMax). */
  preRunCheck: number;
  preRunMin: number;
  preRunMax: number;
  efficiencyMin: number;
  efficiencyMax: number;
  scaleMultiplier: number;
  covarianceLambda: number;
  /** Pre-run convergence: every parameter's Brooks–Gelman R below this. */
  rValue: number;
}

/**
 * The adaptation state of BAT's pre-run, kept beside the chains so a checkpoint holds everything that
 * decides the future: per-chain scale factors, proposal covariances and their Cholesky factors, the
 * number of covariance updates t, the cumulative pre-run moments, the current block's acceptance counts,
 * the last efficiencies and R values, and the phase. Plain arrays of float64 numbers (JSON-exact).
 */
export interface MetropolisTuning {
  phase: 'pre-run' | 'main';
  preRunIterations: number;
  blockIterations: number;
  blockAccepted: number[];
  scale: number[];
  /** Per chain, n × n row-major. */
  covariance: number[][];
  /** Per chain, lower-triangular Cholesky factor of scale · covariance, n × n row-major. */
  cholesky: number[][];
  updates: number;
  checks: number;
  moments: RunningMoments[];
  efficiency: number[];
  rValues: number[];
  allEfficient: boolean;
  converged: boolean;
  /** How the pre-run ended: 'converged' (efficiencies in range, R < criterion) or 'pre-run cap'. */
  preRunOutcome?: 'converged' | 'pre-run cap';
  /** Evaluations spent in the pre-run (set when it ends). */
  preRunEvaluations: number;
  /** Main-run iterations per chain (fixed when the pre-run ends). */
  mainIterations: number;
}

/** K chains as the walkers of K one-walker "ensembles": R̂ then compares chains, as BAT does. */
export interface MetropolisState extends EnsembleState {
  tuning: MetropolisTuning;
}

/** BAT's initial proposal: scale 2.38²/n per chain, Σ = diag(initial variances), L = diag(√(scale·var)). */
export function initialTuning(nChains: number, initialVariances: readonly number[]): MetropolisTuning {
  const n = initialVariances.length;
  const scale = (2.38 * 2.38) / n;
  const covariance = new Array<number>(n * n).fill(0);
  const cholesky = new Array<number>(n * n).fill(0);
  for (let i = 0; i < n; i++) {
    covariance[i * n + i] = initialVariances[i];
    cholesky[i * n + i] = Math.sqrt(scale * initialVariances[i]);
  }
  return {
    phase: 'pre-run',
    preRunIterations: 0,
    blockIterations: 0,
    blockAccepted: new Array<number>(nChains).fill(0),
    scale: new Array<number>(nChains).fill(scale),
    covariance: Array.from({ length: nChains }, () => covariance.slice()),
    cholesky: Array.from({ length: nChains }, () => cholesky.slice()),
    updates: 0,
    checks: 0,
    moments: Array.from({ length: nChains }, () => emptyMoments(n)),
    efficiency: new Array<number>(nChains).fill(NaN),
    rValues: new Array<number>(n).fill(NaN),
    allEfficient: false,
    converged: false,
    preRunEvaluations: 0,
    mainIterations: 0,
  };
}

/** JSON form: non-finite numbers (NaN/∞ R values and efficiencies) become strings, as checkpoints do for log p. */
export function tuningToJson(t: MetropolisTuning): unknown {
  const finite = (a: number[]) => a.map((v) => (Number.isFinite(v) ? v : String(v)));
  return { ...t, efficiency: finite(t.efficiency), rValues: finite(t.rValues) };
}

export function tuningFromJson(raw: unknown): MetropolisTuning {
  const t = raw as MetropolisTuning & { efficiency: (number | string)[]; rValues: (number | string)[] };
  return { ...t, efficiency: t.efficiency.map(Number), rValues: t.rValues.map(Number) };
}
