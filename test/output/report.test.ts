import { describe, expect, it } from 'vitest';
import { markdownReport, rowFormatter } from '../../src/output/report.ts';
import { summaryFor } from './fixtures.ts';

/** Rows of the markdown table that follows `heading` (header and separator excluded). */
function tableRows(markdown: string, heading: string): string[] {
  const lines = markdown.split('\n');
  const start = lines.indexOf(heading);
  if (start < 0) return [];
  const table: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('|')) table.push(line);
    else if (table.length > 0) break;
  }
  return table.slice(2);
}

/** Unescaped pipes delimit cells. */
const cellCount = (row: string) => row.split(/(?<!\\)\|/).length - 2;

describe('markdownReport', () => {
  const summary = summaryFor(['phil3_22', 'lu|2233', 'theta'], {
    converged: false,
    info: { K: 0.5, era: '2020' },
    derived: [{ name: 'dgZ_mumu_L', mean: 1.2345e-3, sd: 2.3e-4, q05: 0.9e-3, q50: 1.23e-3, q95: 1.6e-3 }],
    stuck_walkers: [3, 17],
  });
  const report = markdownReport(summary);

  it('has one row per parameter and per derived quantity, with a consistent number of cells', () => {
    const parameters = tableRows(report, '## Parameters');
    expect(parameters).toHaveLength(3);
    expect(parameters.map(cellCount)).toEqual([7, 7, 7]); // name, mean ± sd, interval, R̂, ESS bulk, ESS tail, τ
    expect(parameters[1]).toContain('lu\\|2233');
    const derived = tableRows(report, '## Derived quantities');
    expect(derived).toHaveLength(1);
    expect(cellCount(derived[0])).toBe(4);
  });

  it('puts the run facts on top, including the info entries and warnings', () => {
    const facts = tableRows(report, `# ${summary.name}`);
    const byKey = Object.fromEntries(facts.map((row) => row.split(' | ').map((c) => c.replace(/^\| | \|$/g, ''))));
    expect(byKey.converged).toBe('**no**');
    expect(byKey.steps).toBe('1000 (burn-in 100, thin 1)');
    expect(byKey.walkers).toBe('32 per ensemble × 1 ensemble');
    expect(byKey.K).toBe('0.5');
    expect(byKey.era).toBe('2020');
    expect(byKey['R̂ method']).toBe('walkers-heuristic');
    expect(markdownReport(summaryFor(['a'], { diagnostics_thin: 4 }))).toContain('| R̂ method | walkers-heuristic (diagnostics on 1 of every 4 stored rows) |');
    expect(report).toContain('stuck walkers (acceptance below a fifth of the median): 3, 17');
    expect(report.indexOf('| converged |')).toBeLessThan(report.indexOf('## Parameters'));
  });

  it('omits the derived table when there are none', () => {
    expect(markdownReport(summaryFor(['a']))).not.toContain('Derived');
  });
});

describe('rowFormatter', () => {
  it('gives the mean and interval the decimals of two significant digits of the sd', () => {
    // Convention "value ± uncertainty" with a 2-digit uncertainty: sd 0.0123 → 3 decimals, sd 2.3e-4 → 5, sd 45 → 0.
    expect([rowFormatter(0.0123)(0.45678), rowFormatter(0.0123)(0.0123)]).toEqual(['0.457', '0.012']);
    expect(rowFormatter(2.3e-4)(1.2345e-3)).toBe('0.00123');
    expect(rowFormatter(45)(1234.5)).toBe('1235');
    expect(rowFormatter(Number.NaN)(0.5)).toBe('0.5');
  });
});
