#!/usr/bin/env python3
"""Writes data/physics/flavour/flavour-data-post2020.json from flavio's measurement file.

Usage:
  git -C flavio show 2591f8c3e881bf43b243a803aa57f1dd7e51de9c:flavio/data/measurements.yml > flavio.yml
  git -C MJKirk-flavio show 10d969ece8d106b7ea39ff136c5afefb8438b825:flavio/data/measurements.yml > fork.yml
  python3 scripts/extract-flavour-post2020.py flavio.yml fork.yml > data/physics/flavour/flavour-data-post2020.json

Values are copied as flavio stores them ("raw"), then split into central value, symmetric and asymmetric
errors with flavio's own regular expressions (flavio/_parse_errors.py, errors_from_string), and
symmetrised as HEPfit does (central + sum (up - down)/2, sigma^2 = sum ((up + down)/2)^2 + sum sym^2).
Correlation matrices are stored in full (flavio gives the upper triangle). Numerical likelihoods (x, y)
are copied unchanged; their summary (mode, left and right 68.27 % errors) follows flavio's
NumericalDistribution with method 'hpd' (flavio/statistics/probability.py): the equal-likelihood
68.27 % interval, the construction behind asymmetric errors that HEPfit's symmetrisation expects.
"""
import json
import math
import re
import sys

import numpy as np
import yaml

FLAVIO = {'repo': 'flav-io/flavio', 'commit': '2591f8c3e881bf43b243a803aa57f1dd7e51de9c', 'path': 'flavio/data/measurements.yml'}
FORK = {'repo': 'MJKirk/flavio', 'branch': '2026-new-measurements', 'commit': '10d969ece8d106b7ea39ff136c5afefb8438b825', 'path': 'flavio/data/measurements.yml'}

# flavio/_parse_errors.py at 2591f8c
_pattern_plusminus = re.compile(r"^\s*\(?\s*(-?\d+\.?\d*)\s*((?:[+\-±\\pm]+\s*\d+\.?\d*\s*)+)\)?\s*\*?\s*(?:(?:e|E|1e|1E|10\^)\(?([+-]?\d+)\)?)?$")
_sym = re.compile(r"(?:±|\\pm|\+\-)(\s*\d+\.?\d*)")
_asym = re.compile(r"\+\s*(\d+\.?\d*)\s*\-\s*(\d+\.?\d*)")


def errors_from_string(s):
    m = _pattern_plusminus.match(s)
    if m is None:
        raise ValueError(s)
    factor = 1 if m.group(3) is None else 10 ** float(m.group(3))
    err = m.group(2)
    return {
        'central': float(m.group(1)) * factor,
        'errors_sym': [float(e) * factor for e in _sym.findall(err)],
        'errors_asym_plus_minus': [[float(u) * factor, float(d) * factor] for u, d in _asym.findall(err)],
    }


def symmetrised(v):
    c = v['central'] + sum((u - d) / 2 for u, d in v['errors_asym_plus_minus'])
    var = sum(((u + d) / 2) ** 2 for u, d in v['errors_asym_plus_minus']) + sum(s * s for s in v['errors_sym'])
    return c, math.sqrt(var)


def numerical_summary(x, y, cl=0.682689492137086):
    """flavio NumericalDistribution: the mode, and the errors of get_error_left/right(method='hpd'): the
    interval holding 68.27 % of the probability whose two ends have equal density (flavio finds the
    left-end CDF value a with brentq on logpdf(ppf(a)) - logpdf(ppf(a + cl)); bisection finds the same root)."""
    x = np.asarray(x, float)
    y = np.asarray(y, float)
    mode = x[np.argmax(y)]
    yn = y / np.trapezoid(y, x=x)
    yn[yn < 0] = 0
    cdf = np.zeros(len(x))
    cdf[1:] = np.cumsum(yn[:-1] * np.diff(x))
    cdf = cdf / cdf[-1]
    pdf = lambda t: np.interp(t, x, yn)
    ppf = lambda c: np.interp(c, cdf, x)
    lo, hi = 0.0, 1 - cl
    for _ in range(200):
        a = (lo + hi) / 2
        if pdf(ppf(a)) < pdf(ppf(a + cl)):
            lo = a
        else:
            hi = a
    a = (lo + hi) / 2
    return float(mode), float(mode - ppf(a)), float(ppf(a + cl) - mode)


def full_correlation(upper, n):
    if upper is None:
        return None
    if len(upper) == n and all(len(r) == n for r in upper):
        return [[float(c) for c in r] for r in upper]
    c = np.eye(n)
    for i, row in enumerate(upper):
        for k, r in enumerate(row):
            c[i, i + k] = c[i + k, i] = float(r)
    return c.tolist()


def value_entry(v):
    out = {'observable': v['name']}
    if 'q2min' in v:
        out['q2min'] = float(v['q2min'])
        out['q2max'] = float(v['q2max'])
    val = v['value']
    if isinstance(val, dict):
        assert val['distribution'] == 'numerical'
        mode, left, right = numerical_summary(val['x'], val['y'])
        out['numerical'] = {'x': [float(t) for t in val['x']], 'y': [float(t) for t in val['y']]}
        out['flavio_summary'] = {'method': "NumericalDistribution mode, get_error_left/right(method='hpd')", 'central': mode, 'error_left': left, 'error_right': right}
        out['central_symmetrised'] = mode + (right - left) / 2
        out['sigma_total'] = (right + left) / 2
        return out
    raw = str(val)
    out['raw'] = raw
    e = errors_from_string(raw)
    out.update(e)
    out['central_symmetrised'], out['sigma_total'] = symmetrised(e)
    return out


def entry(ms, key, source, arxiv, note=None):
    m = ms[key]
    values = [value_entry(v) for v in m['values']]
    e = {'flavio_key': key, 'experiment': m['experiment'], 'inspire': m.get('inspire'), 'arxiv': arxiv, 'source': source}
    if m.get('url'):
        e['url'] = m['url']
    if note:
        e['note'] = note
    e['values'] = values
    corr = full_correlation(m.get('correlation'), len(values))
    if corr is not None:
        e['correlation'] = corr
    return e


def main():
    with open(sys.argv[1]) as f:
        ms = yaml.safe_load(f)
    with open(sys.argv[2]) as f:
        fork = yaml.safe_load(f)
    out = []
    src = {'repo': FLAVIO['repo'], 'commit': FLAVIO['commit']}
    for b in ['0.1-0.98', '1.1-2.5', '2.5-4', '4-6', '6-8', '11-12.5', '15-17', '17-19', '1.1-6', '15-19']:
        out.append(entry(ms, f'LHCb B+->K*mumu 2020 S {b}', src, '2012.13241'))
    out.append(entry(ms, 'LHCb RKS 2021', src, '2110.09501', 'numerical likelihood in R_K_S^0 as flavio stores it'))
    out.append(entry(ms, 'LHCb RKstplus 2021', src, '2110.09501', 'numerical likelihood in R_K*+ as flavio stores it'))
    out.append(entry(ms, 'LHCb Bs->phimumu BR 2021', src, '2105.14007', 'the third error is the uncertainty of the normalisation mode BR(Bs->J/psi phi), common to all bins; flavio (and this file) give no correlation'))
    for b in ['0.1-0.98', '1.1-4.0', '4.0-6.0', '6.0-8.0', '11.0-12.5', '1.1-6.0', '15.0-18.9']:
        out.append(entry(ms, f'LHCb Bs->phimumu 2021 {b} GeV^2', src, '2107.13428'))
    for b in ['1.1-2', '2-4.3', '4.3-6', '6-8.68', '10.09-12.86', '14.18-16']:
        out.append(entry(ms, f'CMS B->K*mumu 2024 {b}', src, '2411.11820'))
    out.append(entry(ms, 'LHCb B->K*ee 2020', src, '2010.06011'))
    fsrc = {'repo': FORK['repo'], 'branch': FORK['branch'], 'commit': FORK['commit']}
    out.append(entry(fork, 'LHCb RK 2025', fsrc, '2505.03483', 'flavio fork branch, headline number (the fork notes the likelihood is non-Gaussian and a numerical one is to come)'))
    out.append(entry(fork, 'LHCb RK* 2026', fsrc, '2604.08631', 'flavio fork branch, headline number (the fork notes the likelihood is non-Gaussian and a numerical one is to come)'))
    doc = {
        'meta': {
            'title': 'b -> s ll measurements published after arXiv:2007.04400, for the current data era',
            'sources': [FLAVIO, FORK],
            'conventions': {
                'raw': 'the value string exactly as in the source measurements.yml',
                'errors': 'central + errors_sym (symmetric errors) + errors_asym_plus_minus ([up, down] magnitudes), parsed with flavio/_parse_errors.py errors_from_string',
                'central_symmetrised, sigma_total': 'HEPfit Gaussian: central + sum (up - down)/2, sigma^2 = sum ((up + down)/2)^2 + sum sym^2 (flavour-spec.md section 9); for numerical likelihoods the same applied to flavio_summary (mode, error_left, error_right)',
                'correlation': 'full symmetric matrix in the order of values (the source gives the upper triangle)',
                'dBR/dq2': 'bin averages in GeV^-2',
            },
            'not_copied': [
                'LHCb B+->K*mumu 2020 P <bin>: the same events as the S entries in the P basis',
                'LHCb RK 2021 (numerical): superseded by LHCb RK RK* 2022 (flavour-data.json current)',
                'CMS R_K 2024 and CMS B+->Kmumu BR 2024: already in flavour-data.json current',
            ],
            'missing': [
                'LHCb B0->K*0 mumu amplitude analyses, arXiv:2312.09115 and 2312.09102 (2023): results are Wilson coefficients and non-local hadronic parameters of an unbinned fit, not binned observables; not in flavio at 2591f8c nor in the fork',
                'LHCb B0->K*0 mumu angular analysis, full Run 1 + Run 2, arXiv:2512.18053 (2025): the fork branch has only an empty "LHCb B->K*mumu 2025" key, no numbers',
                'LHCb R_phi, arXiv:2410.13748; LHCb Bs->phi ee, arXiv:2504.06346; CMS Bs->phi mumu (INSPIRE 3136604): listed in flavio issue #298 as missing from flavio, not in any flavio snapshot read (R_phi would not be computable here anyway: PointObservables has no Bs->phi ratio)',
            ],
        },
        'measurements': out,
    }
    json.dump(doc, sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main()
