/**
 * `model.measurements.files` and `--measurements`: a physicist's measurement files (flavio's measurements.yml
 * format) read into `model.measurements.add`, so that the resolved config carries the data it ran on (and a
 * changed file is a changed config). Paths in a config are relative to it, on the command line to the
 * working directory. Every measurement is checked here (reader and observable names), so bad input stops the
 * run before anything is written.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { ModelConfig } from '../config/schema.ts';
import { InputError } from '../errors.ts';
import { type FlavourData, checkMeasurements } from '../physics/flavour/likelihood-list.ts';

export function withMeasurementFiles(model: ModelConfig, configFile: string, cliFiles: readonly string[] = []): ModelConfig {
  const files = [...(model.measurements?.files ?? []).map((f) => path.resolve(path.dirname(configFile), f)), ...cliFiles.map((f) => path.resolve(f))];
  if (model.measurements === undefined && files.length === 0) return model;
  if (model.scenario === undefined) throw new InputError('model.measurements: only physics scenarios with flavour data take measurements');
  const add: Record<string, unknown> = { ...(model.measurements?.add ?? {}) };
  checkMeasurements(add, 'model.measurements.add');
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      throw new InputError(`--measurements: cannot read ${file}`);
    }
    for (const [name, raw] of Object.entries(checkMeasurements(text, file))) {
      if (name in add) throw new InputError(`${file}: measurement '${name}' is given twice (also in another measurements file or model.measurements.add)`);
      const entry = raw as Record<string, unknown>;
      add[name] = { ...entry, source: { ...(typeof entry.source === 'object' && entry.source !== null ? entry.source : {}), file } };
    }
  }
  const { files: _files, ...rest } = model.measurements ?? {};
  return { ...model, measurements: { ...rest, ...(Object.keys(add).length > 0 ? { add } : {}) } };
}

/** The flavour data of a resolved model config: its era (default 2020) and the physicist's edits, if any. */
export function flavourDataOf(model: ModelConfig): FlavourData {
  const era = model.data ?? '2020';
  if (model.measurements === undefined) return era;
  const { files, ...edits } = model.measurements;
  if (files !== undefined && files.length > 0) throw new Error('model.measurements.files must be read first (withMeasurementFiles)');
  return { era, edits };
}
