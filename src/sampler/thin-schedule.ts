/**
 * Which sampler steps a chain stores: its thin schedule. A run stores every `thin`-th step (emcee's thin_by)
 * unless `sampler.diskCapMB` bounds the file; then the cap's R rows are split into stages, each storing
 * every other step of the one before:
 *
 *   stage 0: about R/2 rows at thin t,   stage 1: about R/4 rows at 2t,   stage k: about R/2^(k+1) rows at 2^k t, …
 *
 * so every stage covers about R·t/2 steps and the stages together never store more than R rows: a
 * geometric bound on the file whatever the number of steps it covers. Halving stops when a stage would get
 * fewer than MIN_STAGE_ROWS rows; the last stage takes what is left, and the schedule then covers a finite
 * number of steps, ≈ (R·t/2)·log₂(R/MIN_STAGE_ROWS) (`coveredSteps`): a run whose step cap passes it is
 * refused before it starts (disk-budget.ts), with the thin that would fit.
 *
 * A stage ends only on a step that is a multiple of its doubled thin (it may take one row more than its
 * budget for that, the next stage one row less), so stage k's rows lie on the grid of multiples of 2^k·t:
 * every stored row is also a row of the same run stored at any finer thin, and the chain decimates evenly
 * (the in-memory reservoir of chain-store.ts relies on this). Row r of stage k, which starts after row
 * `firstRow` − 1 at step `startStep`, is step startStep + (r − firstRow + 1)·thin.
 */
export interface ThinStage {
  /** First stored row (0-based) of the stage. */
  firstRow: number;
  /** Sampler step of the row before the stage (0 for the first stage): a multiple of `thin`. */
  startStep: number;
  /** Sampler steps per stored row within the stage. */
  thin: number;
}

/** Fewest rows a stage is given before the halving stops (two keeps the row count of a stage even). */
const MIN_STAGE_ROWS = 2;

export class ThinSchedule {
  private constructor(
    readonly stages: readonly ThinStage[],
    /** Rows the schedule may store at all (Infinity without a cap). */
    readonly rowLimit: number,
  ) {}

  /** Every `thin`-th step, without end (no disk cap). */
  static uniform(thin: number): ThinSchedule {
    return new ThinSchedule([{ firstRow: 0, startStep: 0, thin }], Infinity);
  }

  /** The schedule of a chain of at most `rowLimit` rows whose first stage stores every `thin`-th step. */
  static underCap(thin: number, rowLimit: number): ThinSchedule {
    const stages: ThinStage[] = [{ firstRow: 0, startStep: 0, thin }];
    for (;;) {
      const stage = stages[stages.length - 1];
      const budget = Math.floor((rowLimit - stage.firstRow) / 2);
      // The next stage must still get its MIN_STAGE_ROWS after this one's possible extra row.
      if (budget < MIN_STAGE_ROWS || rowLimit - stage.firstRow - budget - 1 < MIN_STAGE_ROWS) break;
      // End on an even multiple of the stage's thin: the next stage's rows stay on the grid of 2·thin.
      const rows = (stage.startStep / stage.thin + budget) % 2 === 0 ? budget : budget + 1;
      stages.push({ firstRow: stage.firstRow + rows, startStep: stage.startStep + rows * stage.thin, thin: 2 * stage.thin });
    }
    return new ThinSchedule(stages, rowLimit);
  }

  /**
   * The schedule recorded in a chain file: `thin_schedule` pairs [first_row, thin] (see `pairs`), with
   * no row limit (a reader only maps the rows the file holds). Throws a message naming what is wrong.
   */
  static fromPairs(pairs: readonly (readonly [number, number])[]): ThinSchedule {
    if (pairs.length === 0 || pairs[0][0] !== 0) throw new Error('thin_schedule must start at row 0');
    const stages: ThinStage[] = [];
    for (const [firstRow, thin] of pairs) {
      if (!(Number.isSafeInteger(firstRow) && Number.isSafeInteger(thin) && thin >= 1)) throw new Error('thin_schedule holds a non-integer or non-positive entry');
      const before = stages[stages.length - 1];
      if (before !== undefined && firstRow <= before.firstRow) throw new Error('thin_schedule rows must increase');
      const startStep = before === undefined ? 0 : before.startStep + (firstRow - before.firstRow) * before.thin;
      stages.push({ firstRow, startStep, thin });
    }
    return new ThinSchedule(stages, Infinity);
  }

  /** The thin of the first stage (the config's `thin`; chain.h5's `thin_by`). */
  get thin(): number {
    return this.stages[0].thin;
  }

  /** [first_row, thin] of every stage: chain.h5's `thin_schedule`. */
  pairs(): [number, number][] {
    return this.stages.map((s) => [s.firstRow, s.thin]);
  }

  /** The same stages (row limits aside), e.g. a chain file's schedule against the one the cap gives. */
  sameStages(other: ThinSchedule): boolean {
    return this.stages.length === other.stages.length && this.stages.every((s, i) => s.firstRow === other.stages[i].firstRow && s.thin === other.stages[i].thin);
  }

  /** The stage holding row `row` (the last stage for rows past every start). */
  stageOfRow(row: number): ThinStage {
    let k = this.stages.length - 1;
    while (k > 0 && this.stages[k].firstRow > row) k -= 1;
    return this.stages[k];
  }

  /** The sampler step stored as row `row` (0-based); Infinity past the row limit (never stored). */
  stepOfRow(row: number): number {
    if (row >= this.rowLimit) return Infinity;
    const stage = this.stageOfRow(row);
    return stage.startStep + (row - stage.firstRow + 1) * stage.thin;
  }

  /** Rows stored by the end of step `step`. */
  rowsUpToStep(step: number): number {
    let k = this.stages.length - 1;
    while (k > 0 && this.stages[k].startStep >= step) k -= 1;
    const stage = this.stages[k];
    return Math.min(this.rowLimit, stage.firstRow + Math.floor(Math.max(0, step - stage.startStep) / stage.thin));
  }

  /** Rows a burn-in of `burnSteps` steps drops: ⌈burnSteps / thin⌉ for one thin (emcee's `discard`). */
  discardRows(burnSteps: number): number {
    return burnSteps > 0 ? this.rowsUpToStep(burnSteps - 1) + 1 : 0;
  }

  /** The last step the schedule stores (Infinity without a row limit). */
  get coveredSteps(): number {
    return this.rowLimit === Infinity ? Infinity : this.stepOfRow(this.rowLimit - 1);
  }

  /** Whether the rows up to `rows` switch thin at least once (a reader needing one uniform thin refuses them). */
  switchesWithin(rows: number): boolean {
    return this.stages.length > 1 && this.stages[1].firstRow < rows;
  }
}
