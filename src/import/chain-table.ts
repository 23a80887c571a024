import fs from 'node:fs';
import path from 'node:path';
import { InputError } from '../errors.ts';
import { sideFromChains, type PosteriorSide } from './posterior-side.ts';

/**
 * Plain chains: CSV with a header row of parameter names (an optional `chain` column splits the rows
 * into chains; '#' lines are comments), or NumPy .npy float64/float32 arrays, 2-D (draws × parameters,
 * one chain) or 3-D (steps × chains × parameters, emcee's get_chain layout), with the names in a names
 * file (one per line, or comma-separated). The first `discard` draws of every chain are dropped.
 */
export function readChainTable(file: string, options: { names?: string[]; discard?: number; label?: string } = {}): PosteriorSide {
  if (!fs.existsSync(file)) throw new InputError(`${file}: no such file`);
  const ext = path.extname(file).toLowerCase();
  const table = ext === '.npy' ? readNpy(file) : readCsv(file);
  const names = options.names ?? table.names;
  if (!names) throw new InputError(`${file}: a .npy chain needs its parameter names (--names FILE)`);
  if (names.length !== table.nDim) throw new InputError(`${file}: ${names.length} names for ${table.nDim} columns`);
  const discard = options.discard ?? 0;
  const chains = table.chains.map((c, i) => {
    const steps = c.length / table.nDim;
    if (discard >= steps - 3) throw new InputError(`${file}: chain ${i} has ${steps} draws; discarding ${discard} leaves fewer than 4`);
    return c.slice(discard * table.nDim);
  });
  const shortest = Math.min(...chains.map((c) => c.length));
  // R̂ and the MCSE need equally long chains: ragged CSV chains are cut to the shortest.
  return sideFromChains(options.label ?? path.basename(file), file, names, chains.map((c) => c.subarray(0, shortest)), { sampler: 'external chain' });
}

export function readNamesFile(file: string): string[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new InputError(`${file}: cannot read the names file`);
  }
  return text.split(/[\n,]/).map((s) => s.trim()).filter((s) => s.length > 0 && !s.startsWith('#'));
}

interface Table {
  names?: string[];
  nDim: number;
  chains: Float64Array[];
}

function readCsv(file: string): Table {
  const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
  let header: string[] | undefined;
  const rows = new Map<string, number[]>();
  let chainColumn = -1;
  let nDim = 0;
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const cells = line.split(',').map((c) => c.trim());
    if (!header) {
      header = cells;
      chainColumn = cells.findIndex((c) => c === 'chain' || c === 'walker');
      nDim = cells.length - (chainColumn >= 0 ? 1 : 0);
      return;
    }
    if (cells.length !== header.length) throw new InputError(`${file}:${index + 1}: ${cells.length} cells, the header has ${header.length}`);
    const key = chainColumn >= 0 ? cells[chainColumn] : '0';
    let row = rows.get(key);
    if (!row) rows.set(key, (row = []));
    cells.forEach((cell, j) => {
      if (j === chainColumn) return;
      const v = Number(cell);
      if (cell === '' || Number.isNaN(v)) throw new InputError(`${file}:${index + 1}: column ${header![j]}: '${cell}' is not a number`);
      row!.push(v);
    });
  });
  if (!header) throw new InputError(`${file}: empty CSV (a header row of parameter names is needed)`);
  const names = header.filter((_, j) => j !== chainColumn);
  return { names, nDim, chains: [...rows.values()].map((r) => Float64Array.from(r)) };
}

/** NumPy format 1.0–3.0 (numpy.lib.format): magic, version, little-endian header length, a Python dict literal. */
function readNpy(file: string): Table {
  const bytes = fs.readFileSync(file);
  if (bytes.length < 10 || bytes[0] !== 0x93 || bytes.toString('latin1', 1, 6) !== 'NUMPY') throw new InputError(`${file}: not a NumPy .npy file`);
  const major = bytes[6];
  const headerLength = major === 1 ? bytes.readUInt16LE(8) : bytes.readUInt32LE(8);
  const start = major === 1 ? 10 : 12;
  const header = bytes.toString('latin1', start, start + headerLength);
  const descr = /'descr':\s*'([^']+)'/.exec(header)?.[1];
  const fortran = /'fortran_order':\s*(True|False)/.exec(header)?.[1] === 'True';
  const shape = /'shape':\s*\(([^)]*)\)/.exec(header)?.[1].split(',').map((s) => s.trim()).filter(Boolean).map(Number);
  if (!descr || !shape) throw new InputError(`${file}: unreadable .npy header`);
  if (fortran) throw new InputError(`${file}: Fortran-ordered arrays are not supported (save with np.ascontiguousarray)`);
  if (descr !== '<f8' && descr !== '<f4') throw new InputError(`${file}: dtype ${descr}; float64 or float32 (little-endian) expected`);
  const count = shape.reduce((a, b) => a * b, 1);
  const offset = start + headerLength;
  const body = bytes.subarray(offset, offset + count * (descr === '<f8' ? 8 : 4));
  const aligned = new Uint8Array(body.length);
  aligned.set(body);
  const values = descr === '<f8' ? new Float64Array(aligned.buffer) : Float64Array.from(new Float32Array(aligned.buffer));
  if (values.length !== count) throw new InputError(`${file}: holds ${values.length} values, its shape says ${count}`);
  if (shape.length === 2) return { nDim: shape[1], chains: [values] };
  if (shape.length === 3) {
    const [nSteps, nChains, nDim] = shape;
    const chains = Array.from({ length: nChains }, (_, w) => {
      const c = new Float64Array(nSteps * nDim);
      for (let t = 0; t < nSteps; t++) c.set(values.subarray((t * nChains + w) * nDim, (t * nChains + w + 1) * nDim), t * nDim);
      return c;
    });
    return { nDim, chains };
  }
  throw new InputError(`${file}: shape (${shape.join(', ')}); 2-D (draws × parameters) or 3-D (steps × chains × parameters) expected`);
}
