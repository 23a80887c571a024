/**
 * The report page: one self-contained index.html beside its figures (SVG + PNG) and the Vega runtime
 * (vega.min.js, copied from the installed package), so it opens offline; the goodness of fit and the pull
 * figures of every fit follow the paper's figures (report/fit-quality.ts). Each figure's Vega spec is
 * inlined as JSON and drawn interactively (tooltips) by the runtime; the static SVG is the fallback.
 */
import { LEPTOQUARK_STATES, LEPTOQUARK_STATES_NOT_OF_INTEREST } from '../../models/leptoquark-states.ts';
import type { ClaimRow } from './claims.ts';
import type { Figure } from './figures.ts';
import type { FitQualityRow } from './fit-quality.ts';
import type { RunRow } from './run-rows.ts';


const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** JSON safe inside a <script> element. */
const inlineJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

function figureSection(figure: Figure): string {
  const notes = figure.missing.length ? `<p class="missing">Not drawn: ${figure.missing.map(escapeHtml).join('; ')}</p>` : '';
  const body = figure.spec
    ? `<div class="vis" id="vis-${figure.id}" data-spec="spec-${figure.id}"></div>
<script type="application/json" id="spec-${figure.id}">${inlineJson(figure.spec)}</script>
<noscript><img src="${figure.id}.svg" alt="${escapeHtml(figure.title)}"></noscript>
<p class="files"><a href="${figure.id}.svg">SVG</a> · <a href="${figure.id}.png">PNG</a></p>`
    : `<div class="not-run" id="vis-${figure.id}">not run</div>`;
  return `<section class="figure" id="${figure.id}">
<h3>${escapeHtml(figure.title)}</h3>
${body}
<p class="caption">${escapeHtml(figure.caption)}</p>
${notes}
</section>`;
}

function claimsTable(rows: ClaimRow[]): string {
  const body = rows
    .map((r) => `<tr class="verdict-${r.verdict.replace(/ /g, '-')}"><td>${escapeHtml(r.claim)}<br><small>${escapeHtml(r.where)}</small></td><td>${escapeHtml(r.ours['2020'])}</td><td>${escapeHtml(r.ours.current)}</td><td class="verdict">${escapeHtml(r.verdict)}</td><td>${escapeHtml(r.reason)}</td></tr>`)
    .join('\n');
  return `<table id="claims"><thead><tr><th>claim of the paper</th><th>ours, 2020 data</th><th>ours, current data</th><th>verdict (2020)</th><th>reason</th></tr></thead><tbody>
${body}
</tbody></table>`;
}

function table1(fitted: Record<string, string>): string {
  const interest = Object.values(LEPTOQUARK_STATES)
    .map((s) => `<tr><td>${s.spin}</td><td>${escapeHtml(s.interaction)}</td><td>${escapeHtml(s.representation)}</td><td>generates C_${s.operator}(ℓℓ33) ${s.factor > 0 ? '&gt; 0' : '&lt; 0'}: ${s.factor > 0 ? '+' : '−'}${Math.abs(s.factor) === 1 ? '' : '½ '}|λ|²/M²</td><td>${escapeHtml(fitted[s.id] ?? 'selectable (configs: scenario leptoquark, options.state)')}</td></tr>`)
    .join('\n');
  const other = LEPTOQUARK_STATES_NOT_OF_INTEREST.map((s) => `<tr class="muted"><td>${s.spin}</td><td>${escapeHtml(s.interaction)}</td><td>${escapeHtml(s.representation)}</td><td>not of interest</td><td></td></tr>`).join('\n');
  return `<table id="table1"><thead><tr><th>spin</th><th>interaction</th><th>(SU(3)_c, SU(2)_L, U(1)_Y)</th><th>matching (table 1, eq. 5.12)</th><th>in this report</th></tr></thead><tbody>
${interest}
${other}
</tbody></table>`;
}

function runsTable(rows: RunRow[]): string {
  return `<table id="runs"><thead><tr><th>run</th><th>status</th><th>record</th><th>used for</th><th>detail</th></tr></thead><tbody>
${rows.map((r) => `<tr class="status-${r.kind}"><td><code>${escapeHtml(r.id)}</code></td><td>${escapeHtml(r.status)}</td><td>${escapeHtml(r.source)}</td><td>${escapeHtml(r.use)}</td><td>${escapeHtml(r.detail)}</td></tr>`).join('\n')}
</tbody></table>`;
}

function fitQualitySection(input: { rows: FitQualityRow[]; figures: Figure[] }): string {
  const body = input.rows
    .map((r) => `<tr><td><code>${escapeHtml(r.id)}</code></td><td>${escapeHtml(r.chi2)}</td><td>${escapeHtml(r.pValue)}</td><td>${escapeHtml(r.chi2Sm)}</td><td>${escapeHtml(r.deltaChi2)}</td><td>${escapeHtml(r.ic)}</td><td>${escapeHtml(r.measurements)}</td></tr>`)
    .join('\n');
  return `<p>Per fit: χ² (measurements and the Gaussian nuisance priors read as pseudo-measurements) at the stored draw of highest posterior, with dof = measurements + pseudo-measurements − sampled parameters and its p-value; χ² at the SM point (coefficients 0, nuisances central); Δχ² = χ²_SM − χ²_best fit with its Gaussian-equivalent significance for as many dof as the fit has coefficients; HEPfit's information criterion IC = −2⟨log L⟩ + 4 Var(log L) over posterior draws (compare between fits of the same data). “—”: the record predates these numbers (re-run reproduce).</p>
<table id="fit-quality"><thead><tr><th>run</th><th>χ² / dof at max. posterior</th><th>p-value</th><th>χ² SM</th><th>Δχ² SM − best fit</th><th>IC</th><th>measurements</th></tr></thead><tbody>
${body}
</tbody></table>
${input.figures.map(figureSection).join('\n')}`;
}

const STYLE = `body{font-family:"DejaVu Sans",Helvetica,Arial,sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:1em 0;font-size:0.9em}td,th{border:1px solid #ccc;padding:4px 6px;vertical-align:top;text-align:left}
th{background:#f3f3f3}.verdict-reproduced .verdict{color:#1a7f37;font-weight:bold}.verdict-partly .verdict{color:#b35806;font-weight:bold}
.verdict-not-reproduced .verdict{color:#b00020;font-weight:bold}.verdict-not-run .verdict{color:#777}
.muted{color:#888}.status-stale td:nth-child(2){color:#b35806}.figure{margin:2em 0;border-top:1px solid #ddd}.caption{font-size:0.9em;color:#444;max-width:900px}
.missing{font-size:0.85em;color:#b35806}.not-run{width:320px;height:80px;border:1px dashed #aaa;color:#777;display:flex;align-items:center;justify-content:center}
.files{font-size:0.8em}.vis{display:inline-block;min-height:40px}nav a{margin-right:0.8em}`;

const BOOT = `(function(){
  var nodes=document.querySelectorAll('.vis');
  nodes.forEach(function(node){
    var spec=JSON.parse(document.getElementById(node.getAttribute('data-spec')).textContent);
    var view=new vega.View(vega.parse(spec),{renderer:'svg',container:node,hover:true});
    view.runAsync().then(function(){node.setAttribute('data-rendered','true');}).catch(function(e){console.error('figure '+node.id+': '+e);});
  });
})();`;

export function reportHtml(input: { title: string; intro: string[]; claims: ClaimRow[]; figures: Figure[]; runs: RunRow[]; fitted: Record<string, string>; fitQuality?: { rows: FitQualityRow[]; figures: Figure[] } }): string {
  const nav = [...input.figures.map((f) => `<a href="#${f.id}">${escapeHtml(f.id)}</a>`), ...(input.fitQuality ? ['<a href="#goodness-of-fit">goodness of fit, pulls</a>'] : [])].join(' ');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(input.title)}</title>
<style>${STYLE}</style>
<script src="vega.min.js"></script>
</head><body>
<h1>${escapeHtml(input.title)}</h1>
${input.intro.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n')}
<h2>Claims</h2>
${claimsTable(input.claims)}
<h2>Figures</h2>
<nav>${nav}</nav>
${input.figures.map(figureSection).join('\n')}
${input.fitQuality ? `<h2 id="goodness-of-fit">Which measurements pull, and how good is the fit</h2>\n${fitQualitySection(input.fitQuality)}` : ''}
<h2>Table 1 — leptoquark states</h2>
${table1(input.fitted)}
<h2>Runs</h2>
${runsTable(input.runs)}
<script>${BOOT}</script>
</body></html>
`;
}
