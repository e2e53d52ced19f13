"""TWAP as an external policy: ``execgym benchmark --policies twap,"proc:python3 python/examples/twap_policy.py"``.

It sells down to the TWAP holdings X (N - k - 1) / N at step k with the same float64 arithmetic as
execgym's ``twap`` baseline, so both pay exactly the same costs on every seed (a test checks it).
"""

import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from execgym_bridge import serve_policy  # noqa: E402

env = {}


def act(observations, public):
    N, X = env["steps"], env["orderShares"]
    k, x = public["step"].astype(np.float64), public["inventory"]
    target = X * (N - k - 1) / N
    shares = np.minimum(x, np.maximum(0.0, x - target))
    # The multiplier of the even split that trades `shares` (execgym's multiplierForShares).
    with np.errstate(divide="ignore", invalid="ignore"):
        multiplier = np.where(x > 0, shares * (N - k) / x, 0.0)
    if env["action"]["type"] == "discrete":
        raise ValueError("this example drives Box actions; give the env a box action space")
    return multiplier


if __name__ == "__main__":
    serve_policy(act, on_init=env.update)
