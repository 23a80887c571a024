#!/usr/bin/env python3
"""
Writes data/physics/flavour/measurements.yaml, the one b -> s ll measurement catalogue, in flavio's
measurements.yml format (named measurements, experiment/inspire, `values` entries with flavio error strings,
`correlation` blocks), plus `arxiv` and `source` (repository, commit, file) per measurement.

Inputs:
  - flavio's measurements.yml at the commit given below (path as the first argument): every measurement the
    likelihood lists name that flavio has is copied verbatim (values, error strings, correlations);
  - data/physics/flavour/flavour-data.json and flavour-data-post2020.json for what flavio does not have:
    HEPfit's Gaussians of the arXiv:1903.09632 card (HEPfit commit below), ATLAS 1805.04000 per-bin blocks,
    Belle 1612.05014, HFLAV B -> K* gamma, LHCb B_s -> phi gamma, CMS R_K 2024 and the two fork entries.
Run: python3 scripts/build-measurement-catalogue.py flavio-measurements.yml > data/physics/flavour/measurements.yaml
"""
import json
import math
import sys

import yaml

FLAVIO = {'repo': 'flav-io/flavio', 'commit': '2591f8c3e881bf43b243a803aa57f1dd7e51de9c', 'file': 'flavio/data/measurements.yml'}
HEPFIT = {'repo': 'silvest/HEPfit', 'commit': '3ae47e9d72167f3afd2582a7505e5e8193fe9871',
          'file': 'Configurations/Publications/arXiv_1903.09632v1/config/Observables.conf'}
OWN = {'file': 'data/physics/flavour/flavour-data.json'}

flavio = yaml.safe_load(open(sys.argv[1]))
old = json.load(open('data/physics/flavour/flavour-data.json'))
post = json.load(open('data/physics/flavour/flavour-data-post2020.json'))

ARXIV = {}
for era in ('era_2020', 'current'):
    for m in old[era]['measurements']:
        if m.get('flavio_key') and m.get('arxiv'):
            ARXIV[m['flavio_key']] = m['arxiv'].split()[0]
for m in post['measurements']:
    ARXIV[m['flavio_key']] = m['arxiv']
ARXIV.update({'CMS B->K*mumu 2013 combined with 2015 BR': '1507.08126', 'GSSS combination Bs->mumu 2022': '2212.10497'})

def flavio_string(central, asym=(), sym=()):
    """A flavio error string: mantissas with one overall power of ten for small numbers ('3.05 ± 0.65 e-9')."""
    exponent = math.floor(math.log10(abs(central))) if central != 0 and abs(central) < 1e-3 else 0
    m = lambda x: repr(round(x / 10 ** exponent, 12)) if exponent else repr(x)
    s = m(central)
    for up, down in asym:
        s += f' + {m(up)} - {m(down)}'
    for e in sym:
        s += f' ± {m(e)}'
    return s + (f' e{exponent}' if exponent else '')


def value_string(v):
    """flavio error string of a value of flavour-data.json."""
    if 'errors_asym_plus_minus' in v or 'errors_sym' in v:
        return flavio_string(v['central'], v.get('errors_asym_plus_minus', []), v.get('errors_sym', []))
    return flavio_string(v.get('central', v.get('central_symmetrised')), sym=[v['sigma_total']])


COPIED = [
    *[f'LHCb B->K*mumu 2020 S {b}' for b in ('0.1-0.98', '1.1-2.5', '2.5-4', '4-6', '6-8')],
    *[f'CMS B->K*mumu 2017 {b}' for b in ('1-2', '2-4.3', '4.3-6', '6-8.68')],
    'CMS B->K*mumu 2013 combined with 2015', 'CMS B->K*mumu 2013 combined with 2015 BR',
    'LHCb B0->K*mumu BR 2016', 'LHCb B+->Kmumu BR 2014', 'LHCb B0->Kmumu BR 2014', 'LHCb Bs->phimumu BR 2015',
    *[f'LHCb Bs->phimumu 2015 {b} GeV^2' for b in ('0.1-2.0', '2.0-5.0', '5.0-8.0')],
    'LHCb RK 2019', 'LHCb RK* 2017', 'Belle RK* 2019', 'Belle RK 2019', 'LHCb RK RK* 2022', 'CMS B+->Kmumu BR 2024',
    'GSSS combination Bs->mumu 2022', 'LHCb B->ee 2020',
    *[m['flavio_key'] for m in post['measurements'] if m['flavio_key'] in flavio],
]

catalogue = {}
for key in COPIED:
    entry = dict(flavio[key])
    if 'values' in entry and isinstance(entry['values'], dict):
        entry['values'] = {k: v for k, v in entry['values'].items()}
    entry.pop('url', None)
    if key in ARXIV:
        entry['arxiv'] = ARXIV[key]
    entry['source'] = FLAVIO
    catalogue[key] = entry
    # flavio's numerical likelihoods of LHCb R_K 2019 and R_K* 2017: the published value as the Gaussian summary
    published = [m for m in old['era_2020']['measurements'] if m.get('flavio_key') == key and ('published_value' in m or 'published_values' in m)]
    if published:
        pv = published[0].get('published_values') or [published[0]['published_value']]
        entry['values'] = [dict(v) for v in entry['values']]
        for v, p in zip(entry['values'], pv):
            assert (v['q2min'], v['q2max']) == (p['q2min'], p['q2max'])
            v['value'] = dict(v['value'])
            v['value']['gaussian_summary'] = p['raw'].replace('(stat)', '').replace('(syst)', '').replace('+-', '±')
    for m in post['measurements']:
        if m['flavio_key'] == key and 'flavio_summary' in m['values'][0]:
            summary = m['values'][0]['flavio_summary']
            entry['values'][0] = dict(entry['values'][0])
            entry['values'][0]['value'] = dict(entry['values'][0]['value'])
            entry['values'][0]['value']['gaussian_summary'] = flavio_string(summary['central'], [(summary['error_right'], summary['error_left'])])


def binned(v, value):
    out = {'name': v['observable']}
    if 'q2min' in v:
        out['q2min'] = v['q2min']
        out['q2max'] = v['q2max']
    out['value'] = value
    return out


def lower_mirrored(c):
    return [[c[max(i, j)][min(i, j)] for j in range(len(c))] for i in range(len(c))]


by_arxiv = {}
for m in old['era_2020']['measurements'] + old['current']['measurements']:
    by_arxiv.setdefault(((m.get('experiment') or '').split() or [''])[0] + ' ' + str(m.get('arxiv')), []).append(m)

# ATLAS 1805.04000: one block per q2 bin with the correlation of the paper's tables
for m in by_arxiv['ATLAS 1805.04000']:
    v0 = m['values'][0]
    name = f"ATLAS B->K*mumu 2018 {v0['q2min']:g}-{v0['q2max']:g}"
    catalogue[name] = {'experiment': 'ATLAS', 'inspire': m['inspire'], 'arxiv': '1805.04000',
                       'values': [binned(v, value_string(v)) for v in m['values']], 'correlation': lower_mirrored(m['correlation']),
                       'source': {**OWN, 'note': 'correlation: HEPfit 1903.09632 card (ATLAS-CONF-2017-023 = 1805.04000); the card\'s 2-4 GeV^2 '
                                  'matrix is not symmetric ((S3,S8) = +0.20 vs (S8,S3) = -0.20, (S4,S8) = -0.12 vs (S8,S4) = +0.12): its lower '
                                  'triangle, which a Cholesky factorisation reads, is kept and mirrored'}}
belle = by_arxiv['Belle 1612.05014'][0]
catalogue['Belle B->K*ll 2016 P4p P5p'] = {'experiment': 'Belle', 'inspire': belle['inspire'], 'arxiv': '1612.05014',
                                           'values': [binned(v, value_string(v)) for v in belle['values']],
                                           'source': {**OWN, 'note': 'P4p in Belle\'s sign convention (differs from LHCb\'s)'}}
hflav = [m for m in old['era_2020']['measurements'] if m.get('experiment') == 'HFLAV'][0]
catalogue['HFLAV B->K*gamma 2019'] = {'experiment': 'HFLAV', 'values': {v['observable']: value_string(v) for v in hflav['values']},
                                      'source': {**HEPFIT, 'note': 'HFLAV average as entered in the card'}}
phig = [m for m in old['era_2020']['measurements'] if m.get('arxiv') == '1209.0313'][0]
catalogue['LHCb Bs->phigamma 2012'] = {'experiment': 'LHCb', 'arxiv': '1209.0313',
                                       'values': {v['observable']: value_string(v) for v in phig['values']}, 'source': HEPFIT}
# HEPfit's Gaussians of the 1903.09632 card (already symmetrised there)
rk = [m for m in old['era_2020']['measurements'] if m.get('flavio_key') == 'LHCb RK 2019'][0]
g = rk['hepfit_gaussian']
catalogue['HEPfit 1903.09632 LHCb RK 2019'] = {'experiment': 'LHCb', 'inspire': rk['inspire'], 'arxiv': '1903.09252',
                                               'values': [{'name': '<Rmue>(B+->Kll)', 'q2min': 1.1, 'q2max': 6.0, 'value': flavio_string(g['central'], sym=[g['sigma']])}],
                                               'source': HEPFIT}
rks = [m for m in old['era_2020']['measurements'] if m.get('flavio_key') == 'LHCb RK* 2017'][0]
catalogue['HEPfit 1903.09632 LHCb RK* 2017'] = {'experiment': 'LHCb', 'inspire': rks['inspire'], 'arxiv': '1705.05802',
                                                'values': [{'name': '<Rmue>(B0->K*ll)', 'q2min': g['q2min'], 'q2max': g['q2max'], 'value': flavio_string(g['central'], sym=[g['sigma']])} for g in rks['hepfit_gaussian']],
                                                'source': HEPFIT}
bs = [m for m in old['era_2020']['measurements'] if (m.get('process') or '').startswith('Bs->mu mu')][0]
for v in bs['values']:
    if 'hepfit_gaussian' not in v:
        continue
    year = {'1703.05747': 2017, '1812.03017': 2018, '1307.5025': 2013}[v['arxiv']]
    catalogue[f"HEPfit 1903.09632 {v['experiment']} Bs->mumu {year}"] = {
        'experiment': v['experiment'], 'arxiv': v['arxiv'],
        'values': {'BR(Bs->mumu)': flavio_string(v['hepfit_gaussian'][0], sym=[v['hepfit_gaussian'][1]])}, 'source': HEPFIT}
# the card's own Gaussians where they differ from flavio's numbers: B_s -> phi mu mu rates without the
# normalisation error, B0 -> K0 mu mu rates with the published (unshifted) central value
card = {o['name']: o for b in old['hepfit_1903_09632_config_likelihood_inputs']['blocks'] for o in b['observables']}
for name, label, observable, arxiv, inspire, lines in (
    ('HEPfit 1903.09632 LHCb Bs->phimumu BR 2015', 'LHCb', '<dBR/dq2>(Bs->phimumu)', '1506.08777', 'Aaij:2015esa', ['BR_LQ1_PHI', 'BR_LQ2_PHI', 'BR_LQ3_PHI']),
    ('HEPfit 1903.09632 LHCb B0->Kmumu BR 2014', 'LHCb', '<dBR/dq2>(B0->Kmumu)', '1403.8044', 'Aaij:2014pli', ['dBR_B0_K0_mu_1', 'dBR_B0_K0_mu_2', 'dBR_B0_K0_mu_3', 'dBR_B0_K0_mu_4']),
):
    catalogue[name] = {'experiment': label, 'inspire': inspire, 'arxiv': arxiv,
                       'values': [{'name': observable, 'q2min': card[l]['q2min'], 'q2max': card[l]['q2max'],
                                   'value': flavio_string(card[l]['ave'], sym=[card[l]['errg']])} for l in lines],
                       'source': HEPFIT}
cms = [m for m in old['current']['measurements'] if m.get('experiment') == 'CMS' and (m.get('process') or '').startswith('R_K')][0]
catalogue['CMS RK 2024'] = {'experiment': 'CMS', 'arxiv': '2401.07090',
                            'values': [binned(v, value_string(v)) for v in cms['values']],
                            'source': {**OWN, 'note': 'from the paper (CMS-BPH-22-005); not in flavio at this commit'}}
for m in post['measurements']:
    if m['flavio_key'] in flavio:
        continue
    catalogue[m['flavio_key']] = {'experiment': m['experiment'], 'inspire': m.get('inspire'), 'arxiv': m['arxiv'],
                                  'values': [binned(v, v['raw']) for v in m['values']], 'source': m['source']}

header = f"""# The b -> s ll measurement catalogue: every measurement smeftfit can put into a likelihood, in flavio's
# measurements.yml format (a flavio user's file reads the same way). Written by
# scripts/build-measurement-catalogue.py; data/README.md gives the provenance. Per measurement: experiment,
# inspire, arxiv, `values` (flavio error strings: central + up - down ± sym ..., a trailing `e-9` scales
# all), `correlation` where published, and `source` (repository, commit, file it was transcribed from).
# Which measurements a fit uses is decided by data/likelihoods/<era>.yaml.
"""
class NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data):
        return True


sys.stdout.write(header + yaml.dump(catalogue, Dumper=NoAliases, sort_keys=False, allow_unicode=True, width=140, default_flow_style=None))
