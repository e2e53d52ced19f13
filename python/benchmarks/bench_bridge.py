"""Steps per second through the Python bridge (``npm run bench:serve`` runs this and prints medians).

Prints one JSON line per case: {"case": ..., "rates": [steps/s of each run]}; each run lasts about
``--seconds`` after one warm-up run.
"""

import argparse
import json
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import execgym_bridge as eg  # noqa: E402


def rates(step_block, runs: int, seconds: float):
    step_block()  # warm-up
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        steps = 0
        while time.perf_counter() - start < seconds:
            steps += step_block()
        out.append(steps / (time.perf_counter() - start))
    return out


def single_env(env_id: str):
    env = eg.make(env_id)
    env.reset(seed=1)

    def block():
        for _ in range(200):
            if env.step(1.0)[2]:
                env.reset()
        return 200

    return env, block


def vector_env(env_id: str, lanes: int, sb3_shape: bool):
    env = eg.make_vec(env_id, lanes)
    env.seed(1)
    env.reset()
    actions = np.ones(lanes)
    step = env.step if sb3_shape else env.step_arrays

    def block():
        for _ in range(20):
            step(actions)
        return 20 * lanes

    return env, block


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--env", default="ac-linear-v0")
    parser.add_argument("--lanes", type=int, default=64)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--seconds", type=float, default=1.0)
    args = parser.parse_args()
    cases = [
        ("single env (gymnasium.Env step)", lambda: single_env(args.env)),
        (f"vector M={args.lanes} (SB3 step: per-lane info dicts)", lambda: vector_env(args.env, args.lanes, True)),
        (f"vector M={args.lanes} (step_arrays: raw arrays)", lambda: vector_env(args.env, args.lanes, False)),
    ]
    for name, build in cases:
        env, block = build()
        print(json.dumps({"case": name, "rates": rates(block, args.runs, args.seconds)}), flush=True)
        env.close()


if __name__ == "__main__":
    main()
