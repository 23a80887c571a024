/**
 * Physics notation for WCxf names in figures and tables: phil1_22 → C_Hl⁽¹⁾ with flavour indices 22,
 * lu_2233 → C_lu(2233), as the paper writes them. Plain Unicode (sub/superscript digits, Greek), so the
 * same text works in SVG, PNG (resvg with DejaVu Sans) and HTML.
 */
const OPERATORS: Record<string, { op: string; sup?: string }> = {
  phil1: { op: 'Hl', sup: '⁽¹⁾' },
  phil3: { op: 'Hl', sup: '⁽³⁾' },
  phie: { op: 'He' },
  phiq1: { op: 'Hq', sup: '⁽¹⁾' },
  phiq3: { op: 'Hq', sup: '⁽³⁾' },
  phiu: { op: 'Hu' },
  phid: { op: 'Hd' },
  ll: { op: 'll' },
  lu: { op: 'lu' },
  eu: { op: 'eu' },
};

const SUBSCRIPT_DIGITS = '₀₁₂₃₄₅₆₇₈₉';
const subscriptDigits = (s: string) => s.replace(/\d/g, (d) => SUBSCRIPT_DIGITS[Number(d)]);

const OTHER: Record<string, string> = {
  xi_T: 'ξ_T',
  xi_M: 'ξ_M',
  M_LQ: 'M [TeV]',
  lambda: 'λ',
  yS_over_MS: 'Y_S/M_S [TeV⁻¹]',
  yT_over_MT: 'Y_T/M_T [TeV⁻¹]',
  delta_gZ_ee_L: 'δg_Z,L^ee',
  delta_gZ_ee_R: 'δg_Z,R^ee',
  delta_gZ_mumu_L: 'δg_Z,L^μμ',
  delta_gZ_mumu_R: 'δg_Z,R^μμ',
  'dRK[1.0,6.0]': 'δR_K',
  'dRKstar[1.0,6.0]': 'δR_K*',
};

/** "C_Hl⁽¹⁾₂₂" for phil1_22; other known names get their symbol; unknown names pass through. */
export function physicsLabel(name: string): string {
  const m = /^([a-z]+?)(1|3)?_(\d+)$/.exec(name);
  if (m) {
    const key = `${m[1]}${m[2] ?? ''}`;
    const entry = OPERATORS[key] ?? OPERATORS[m[1]];
    if (entry) return `C_${entry.op}${entry.sup ?? ''}${subscriptDigits(m[3])}`;
  }
  return OTHER[name] ?? name;
}

/** Axis title of a Wilson coefficient (Λ = 1 TeV): "C_Hl⁽¹⁾₂₂ [TeV⁻²]". */
export function coefficientAxisTitle(name: string): string {
  const label = physicsLabel(name);
  return label.startsWith('C_') ? `${label} [TeV⁻²]` : label;
}
