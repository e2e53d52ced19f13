"""A policy trained by ``ppo_torch.py --save FILE``, scored by execgym on its seeded test episodes:

    npx execgym benchmark --env ac-linear-v0 --policies "ac,twap,proc:python3 python/examples/torch_policy.py FILE"

execgym starts this process and sends it one batch of lanes' observations per step; it answers with
the greedy multipliers ``clip(1 + mu(obs), 0, aMax)``, the action ``ppo_torch.py`` trained. Any
model fits the same slot: ``serve_policy(lambda obs, public: model.predict(obs, deterministic=True)[0])``
for Stable-Baselines3.
"""

import os
import sys

import numpy as np
import torch
import torch.nn as nn

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from execgym_bridge import serve_policy  # noqa: E402

saved = torch.load(sys.argv[1], weights_only=False)
weights = saved["actor_mean"]
obs_dim, hidden = weights["0.weight"].shape[1], weights["0.weight"].shape[0]
actor_mean = nn.Sequential(nn.Linear(obs_dim, hidden), nn.Tanh(), nn.Linear(hidden, hidden), nn.Tanh(), nn.Linear(hidden, 1))
actor_mean.load_state_dict(weights)
scale = np.sqrt(saved["obs_var"] + 1e-8)


def on_init(env):
    if env["env"] != saved["env"] or env["obsDim"] != obs_dim:
        raise ValueError(f"this policy was trained on {saved['env']} ({obs_dim} features), not {env['env']} ({env['obsDim']})")


def act(observations, public):
    with torch.no_grad():
        u = actor_mean(torch.as_tensor((observations - saved["obs_mean"]) / scale, dtype=torch.float32))
    return np.clip(1.0 + u.numpy().reshape(-1), 0.0, saved["a_max"])


if __name__ == "__main__":
    torch.set_num_threads(1)
    serve_policy(act, on_init=on_init)
