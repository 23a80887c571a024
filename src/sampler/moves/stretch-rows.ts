/**
 * The arithmetic of the stretch move for a range of proposal rows, with every random number already drawn
 * (StretchMove.planRows): Y_b = X_j + z_b (X_k − X_j), j = partner[b], k = row[b]. It reads nothing but its
 * arguments, so any thread can run any range of rows and the doubles are the same whichever does.
 */
export function stretchRows(
  coords: Float64Array,
  row: Int32Array,
  partner: Int32Array,
  scale: Float64Array,
  proposal: Float64Array,
  nDim: number,
  from: number,
  to: number,
): void {
  for (let b = from; b < to; b++) {
    const z = scale[b];
    const j = partner[b] * nDim;
    const x = row[b] * nDim;
    const out = b * nDim;
    for (let d = 0; d < nDim; d++) {
      const cj = coords[j + d];
      proposal[out + d] = cj - (cj - coords[x + d]) * z;
    }
  }
}

/** Copies rows fromRow[i] of `source` to rows toRow[i] of `target` for i in [from, to) (accepted proposals). */
export function copyRows(source: Float64Array, target: Float64Array, fromRow: Int32Array, toRow: Int32Array, nDim: number, from: number, to: number): void {
  for (let i = from; i < to; i++) {
    const s = fromRow[i] * nDim;
    const t = toRow[i] * nDim;
    for (let d = 0; d < nDim; d++) target[t + d] = source[s + d];
  }
}
