"""One emcee benchmark cell, run by bench/run.ts beside smeftfit's (same target, walkers, steps, kept
walkers and storage interval), so that ESS is computed for both by smeftfit's own diagnostics.

emcee's protocol: one ensemble, the cell's moves ("stretch": StretchMove(a=2), emcee's default;
"de:0.8,desnooker:0.2": DEMove() and DESnookerMove() drawn with probabilities 0.8 and 0.2, emcee's
defaults for both), a vectorised numpy log-probability
(EnsembleSampler(..., vectorize=True): one call per half-ensemble), walkers started from N(0, 1),
`burn` steps discarded, only the `production` steps timed. The positions of `kept` evenly spaced walkers
every `store_every` steps are written as float64 little-endian (rows × kept × ndim) to `out`.

Input: one JSON argument {target, walkers, burn, production, seed, store_every, kept, data, out, moves}.
Output: one JSON line {production_seconds, evaluations, acceptance, rows, emcee, numpy}.
"""
import json
import sys
import time

import emcee
import numpy as np


def gaussian_log_prob(mean, precision):
    def log_prob(x):
        d = x - mean
        return -0.5 * np.sum((d @ precision) * d, axis=1)

    return log_prob


def rosenbrock_log_prob(x):
    return -(100.0 * (x[:, 1] - x[:, 0] ** 2) ** 2 + (1.0 - x[:, 0]) ** 2) / 20.0


def funnel_log_prob(sigma_v):
    # Neal's funnel (scaling-targets.json funnel10): v = x[:, 0], the rest ~ N(0, e^v).
    def log_prob(x):
        v = x[:, 0]
        n = x.shape[1]
        return -0.5 * v * v / (sigma_v * sigma_v) - 0.5 * (n - 1) * v - 0.5 * np.exp(-v) * np.sum(x[:, 1:] ** 2, axis=1)

    return log_prob


def emcee_moves(spec, live_dangerously):
    if spec == "stretch":
        return emcee.moves.StretchMove(a=2.0, live_dangerously=live_dangerously)
    if spec == "de:0.8,desnooker:0.2":
        return [(emcee.moves.DEMove(), 0.8), (emcee.moves.DESnookerMove(), 0.2)]
    raise SystemExit(f"emcee_runner: no emcee equivalent for moves '{spec}'")


def main():
    c = json.loads(sys.argv[1])
    with open(c["data"]) as f:
        entry = json.load(f)["targets"][c["target"]]
    ndim = entry["ndim"]
    if entry["kind"] == "rosenbrock" or c["target"] == "rosen2":
        inner = rosenbrock_log_prob
    elif entry["kind"] == "funnel":
        inner = funnel_log_prob(entry["log_scale_sd"])
    else:
        inner = gaussian_log_prob(np.array(entry["mean"]), np.array(entry["prec"]))
    evaluations = [0]

    def log_prob(x):
        evaluations[0] += x.shape[0]
        return inner(x)

    walkers = c["walkers"]
    rng = np.random.default_rng(c["seed"])
    p0 = rng.standard_normal((walkers, ndim))
    moves = emcee_moves(c.get("moves", "stretch"), walkers < 2 * ndim)
    sampler = emcee.EnsembleSampler(walkers, ndim, log_prob, vectorize=True, moves=moves)
    sampler._random = np.random.mtrand.RandomState(c["seed"])
    # Fewer walkers than 2·ndim (gauss50 at 64) is refused by emcee unless asked for (live_dangerously), as by smeftfit.
    state = sampler.run_mcmc(p0, c["burn"], progress=False, store=False, skip_initial_state_check=True)
    kept = c["kept"]
    stride = walkers / kept
    pick = np.array([int(np.floor(k * stride)) for k in range(kept)])
    store_every = c["store_every"]
    rows = c["production"] // store_every
    chain = np.empty((rows, kept, ndim))
    evaluations[0] = 0
    # emcee counts acceptances only when it stores the chain: a move is accepted iff log p changed.
    accepted = 0
    previous = state.log_prob.copy()
    row = 0
    start = time.perf_counter()
    for t, s in enumerate(sampler.sample(state, iterations=c["production"], store=False, skip_initial_state_check=True), start=1):
        if t % store_every == 0 and row < rows:
            chain[row] = s.coords[pick]
            row += 1
        accepted += int(np.count_nonzero(s.log_prob != previous))
        previous = s.log_prob.copy()
    seconds = time.perf_counter() - start
    chain.astype("<f8").tofile(c["out"])
    print(json.dumps({"production_seconds": seconds, "evaluations": evaluations[0], "acceptance": accepted / (walkers * c["production"]), "rows": rows, "emcee": emcee.__version__, "numpy": np.__version__}))


if __name__ == "__main__":
    main()
