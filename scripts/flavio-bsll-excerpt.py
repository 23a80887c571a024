#!/usr/bin/env python3
"""
Cuts flavio's measurements.yml down to its b -> s ll measurements (and the b -> s gamma modes the flavour fits
use), text unchanged, for test/fixtures/measurements/flavio-measurements-bsll.yml: the copy that
test/data/likelihood-lists.test.ts compares the catalogue and the current likelihood with, without network.
Run: python3 scripts/flavio-bsll-excerpt.py measurements.yml COMMIT > test/fixtures/measurements/flavio-measurements-bsll.yml
"""
import re
import sys

import yaml

path, commit = sys.argv[1], sys.argv[2]
text = open(path).read()
data = yaml.safe_load(text)
PATTERN = re.compile(r'(B0->K|B\+->K|Bs->phi|Bs->mumu|Bs->ee|B0->mumu|B0->ee|Rmue|Lambdab->Lambda|B->Xs(mumu|ee|ll)|B->K)')


def observables(m):
    out = [o if isinstance(o, str) else o['name'] for o in m.get('observables', [])]
    v = m.get('values')
    if isinstance(v, list):
        out += [x.get('name', '') for x in v]
    elif isinstance(v, dict) and 'distribution' not in v:
        out += list(v)
    return out


def selected(m):
    obs = observables(m)
    if not any(PATTERN.search(o) for o in obs):
        return False
    if any('nu' in o.replace('mu', '') for o in obs):  # b -> s nu nu
        return False
    return not any('tau' in o or ('gamma' in o and 'K*gamma' not in o and 'phigamma' not in o) for o in obs)


keep = {name for name, m in data.items() if selected(m)}
blocks, current = [], None
for line in text.splitlines(keepends=True):
    key = re.match(r'^([^\s#][^:]*):\s*$', line)
    if key:
        current = key.group(1).strip().strip("'\"")
        blocks.append([current, []])
    if current is not None:
        blocks[-1][1].append(line)
sys.stdout.write(f'# flav-io/flavio flavio/data/measurements.yml at commit {commit}: its b -> s ll measurements\n'
                 f'# (and B -> K* gamma, B_s -> phi gamma), text unchanged; cut by scripts/flavio-bsll-excerpt.py.\n')
for name, lines in blocks:
    if name in keep:
        sys.stdout.write(''.join(lines).rstrip('\n') + '\n\n')
