"""Writes data/sampler/scaling-targets.json: the benchmark targets added beside baseline-targets.json.

gauss100 is G(100, seed=100) of baseline-targets.json's recipe (its `doc`, repeated in the output):
exact 32-bit LCG, modified Gram-Schmidt on the columns, eigenvalues 10**(4k/(n-1)) (condition number
exactly 1e4), cov and prec summed for i <= j then mirrored, mean -1 + 2i/(n-1). Plain loops in the
documented order, no library random numbers and no BLAS, so src/likelihood/targets.ts re-derives the
numbers (the tests compare). The same code reproduces gauss20 and gauss50 of baseline-targets.json
bit for bit (checked below before writing).

funnel10 is Neal's funnel (Neal 2003, "Slice sampling", Ann. Stat. 31, 705, section 8) in 10 dimensions
with a narrower neck scale: v ~ N(0, sigma_v^2), x_i | v ~ N(0, e^v), i = 1..9, sigma_v = 1.5. Exact
moments: E v = 0, sd v = sigma_v; E x_i = 0, Var x_i = E e^v = e^(sigma_v^2/2).

Run: python3 scripts/generate-scaling-targets.py (no arguments; standard library only).
"""
import json
import math
import os

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data", "sampler")


def correlated_gaussian(n, seed):
    s = seed

    def u():
        nonlocal s
        s = (1664525 * s + 1013904223) % 4294967296
        return s / 4294967296

    a = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(n):
            a[i][j] = u() - 0.5
    q = [[0.0] * n for _ in range(n)]
    for k in range(n):
        v = [a[i][k] for i in range(n)]
        for p in range(k):
            dot = 0.0
            for i in range(n):
                dot += q[i][p] * v[i]
            for i in range(n):
                v[i] -= dot * q[i][p]
        norm2 = 0.0
        for i in range(n):
            norm2 += v[i] * v[i]
        norm = math.sqrt(norm2)
        for i in range(n):
            q[i][k] = v[i] / norm
    lam = [10 ** (4 * k / (n - 1)) for k in range(n)]
    cov = [[0.0] * n for _ in range(n)]
    prec = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i, n):
            c = 0.0
            p = 0.0
            for k in range(n):
                c += q[i][k] * lam[k] * q[j][k]
                p += q[i][k] * (1 / lam[k]) * q[j][k]
            cov[i][j] = cov[j][i] = c
            prec[i][j] = prec[j][i] = p
    mean = [-1 + 2 * i / (n - 1) for i in range(n)]
    return {
        "kind": "gaussian",
        "ndim": n,
        "recipe": {"lcg_seed": seed, "eigenvalues": "10**(4*k/(n-1))", "mean": "-1 + 2*i/(n-1)"},
        "mean": mean,
        "eigenvalues": lam,
        "Q": q,
        "cov": cov,
        "prec": prec,
        "truth_mean": mean,
        "truth_std": [math.sqrt(cov[i][i]) for i in range(n)],
    }


def funnel(ndim, sigma_v):
    sd_x = math.sqrt(math.exp(sigma_v * sigma_v / 2))
    return {
        "kind": "funnel",
        "ndim": ndim,
        "log_scale_sd": sigma_v,
        "logp": "-v^2/(2 sigma_v^2) - (ndim-1) v/2 - e^(-v) sum_i x_i^2 / 2, parameters (v, x_1..x_(ndim-1))",
        "truth_mean": [0.0] * ndim,
        "truth_std": [sigma_v] + [sd_x] * (ndim - 1),
    }


def main():
    with open(os.path.join(DATA, "baseline-targets.json")) as f:
        baseline = json.load(f)
    for name, n in (("gauss20", 20), ("gauss50", 50)):
        entry = correlated_gaussian(n, n)
        for key in ("mean", "Q", "cov", "prec", "truth_std"):
            if entry[key] != baseline["targets"][name][key]:
                raise SystemExit(f"recipe does not reproduce {name}.{key} of baseline-targets.json")
    out = {
        "version": 1,
        "doc": baseline["doc"].split("Targets:")[0]
        + "Targets (this file, written by scripts/generate-scaling-targets.py, which first checks that the\n"
        + "same code reproduces gauss20 and gauss50 of baseline-targets.json bit for bit):\n"
        + "  gauss100: G(100, seed=100)\n"
        + "  funnel10: Neal's funnel, v ~ N(0, 1.5^2), x_i | v ~ N(0, e^v), i = 1..9;\n"
        + "            exact moments E v = 0, sd v = 1.5, E x_i = 0, Var x_i = e^(1.5^2/2).\n",
        "targets": {"gauss100": correlated_gaussian(100, 100), "funnel10": funnel(10, 1.5)},
    }
    with open(os.path.join(DATA, "scaling-targets.json"), "w") as f:
        json.dump(out, f)


if __name__ == "__main__":
    main()
