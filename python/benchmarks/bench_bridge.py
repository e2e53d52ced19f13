"""Steps per second through the Python bridge (``npm run bench:serve`` runs this and prints medians).

Prints one JSON line per case: {"case": ..., "rates": [steps/s of each run], "cpu_us": [CPU
microseconds per step of each run, Python and server together]}; each run lasts about ``--seconds``
after one warm-up run. On a shared machine the wall-clock rate swings with the load; the CPU time
per step (from /proc, Linux) does much less.
"""

import argparse
import json
import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import execgym_bridge as eg  # noqa: E402


def server_cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process, from /proc (0 where there is no /proc)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def measure(step_block, server_pid: int, runs: int, seconds: float):
    step_block()  # warm-up
    rates, cpu_us = [], []
    for _ in range(runs):
        start, cpu, server = time.perf_counter(), time.process_time(), server_cpu_seconds(server_pid)
        steps = 0
        while time.perf_counter() - start < seconds:
            steps += step_block()
        rates.append(steps / (time.perf_counter() - start))
        cpu_us.append(1e6 * (time.process_time() - cpu + server_cpu_seconds(server_pid) - server) / steps)
    return rates, cpu_us


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
        rates, cpu_us = measure(block, env._server._process.pid, args.runs, args.seconds)
        print(json.dumps({"case": name, "rates": rates, "cpu_us": cpu_us}), flush=True)
        env.close()


if __name__ == "__main__":
    main()
