"""PPO on an execgym env over the Python bridge, in CleanRL's shape (``ppo_continuous_action.py``):
one file, top to bottom: config, seeding, envs, network, storage, rollout, GAE, update, logging.

    python3 python/examples/ppo_torch.py --total-steps 20480

Needs numpy and PyTorch (Debian: ``apt-get install python3-torch``) and a built checkout
(``npm ci``); the envs are the TypeScript ones, hosted by ``execgym serve``, one round trip per
step for all lanes (``ExecgymVecEnv.step_arrays``). The policy's action is a multiplier of the
even split, ``a = clip(1 + u, 0, aMax)`` with ``u ~ Normal(mu(obs), sigma)``: it starts near TWAP
and learns when to trade faster. Rewards are the env's, in bps of the arrival notional (minus the
risk penalty), so an episode's return is minus the execution objective. Before and after training,
the greedy policy (``u = mu``) is scored on the same seeded test episodes as TWAP (``u = 0``), so
the three means are paired. The last line printed is a JSON record of the run. With ``--save``
the greedy policy is saved for ``python/examples/torch_policy.py``, which ``execgym benchmark``
scores against the baselines as ``proc:python3 python/examples/torch_policy.py FILE``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

import numpy as np
import torch
import torch.nn as nn
from torch.distributions.normal import Normal

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import execgym_bridge as eg  # noqa: E402


# ---- config ----
def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--env-id", default="ac-linear-v0")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--total-steps", type=int, default=20480, help="env steps over all lanes")
    p.add_argument("--num-envs", type=int, default=16)
    p.add_argument("--num-steps", type=int, default=40, help="steps per lane per rollout")
    p.add_argument("--learning-rate", type=float, default=3e-3)
    p.add_argument("--gamma", type=float, default=1.0, help="1: the objective is the whole episode's cost")
    p.add_argument("--gae-lambda", type=float, default=0.95)
    p.add_argument("--num-minibatches", type=int, default=4)
    p.add_argument("--update-epochs", type=int, default=4)
    p.add_argument("--clip-coef", type=float, default=0.2)
    p.add_argument("--vf-coef", type=float, default=0.5)
    p.add_argument("--max-grad-norm", type=float, default=0.5)
    p.add_argument("--reward-scale", type=float, default=0.01, help="rewards are bps; returns of ~-400 bps become ~-4")
    p.add_argument("--test-episodes", type=int, default=256)
    p.add_argument("--test-seed", type=int, default=1_000_000, help="test episode i plays seed test-seed + i")
    p.add_argument("--save", default=None, help="write the trained policy here (torch.save), for python/examples/torch_policy.py")
    return p.parse_args(argv)


args = parse_args()
batch_size = args.num_envs * args.num_steps
minibatch_size = batch_size // args.num_minibatches
num_iterations = max(1, args.total_steps // batch_size)

# ---- seeding ----
torch.manual_seed(args.seed)
torch.set_num_threads(1)  # tiny networks: threads cost more than they give

# ---- envs ----
envs = eg.make_vec(args.env_id, num_envs=args.num_envs)
obs_dim = len(envs.feature_names)
a_max = float(envs.action_space.high[0])
horizon = envs.steps_per_episode


class RunningMeanStd:
    """Observation statistics (CleanRL's NormalizeObservation): frozen for the test episodes."""

    def __init__(self, dim):
        self.mean, self.var, self.count = np.zeros(dim), np.ones(dim), 1e-4

    def update(self, x):
        batch_mean, batch_var, n = x.mean(0), x.var(0), x.shape[0]
        delta, total = batch_mean - self.mean, self.count + n
        self.mean = self.mean + delta * n / total
        self.var = (self.var * self.count + batch_var * n + delta**2 * self.count * n / total) / total
        self.count = total

    def __call__(self, x):
        return torch.as_tensor((x - self.mean) / np.sqrt(self.var + 1e-8), dtype=torch.float32)


obs_rms = RunningMeanStd(obs_dim)


def to_multiplier(u: torch.Tensor) -> np.ndarray:
    return np.clip(1.0 + u.numpy().reshape(-1), 0.0, a_max)


# ---- network ----
def layer(n_in, n_out, std=np.sqrt(2)):
    linear = nn.Linear(n_in, n_out)
    nn.init.orthogonal_(linear.weight, std)
    nn.init.constant_(linear.bias, 0.0)
    return linear


class Agent(nn.Module):
    def __init__(self):
        super().__init__()
        self.critic = nn.Sequential(layer(obs_dim, 64), nn.Tanh(), layer(64, 64), nn.Tanh(), layer(64, 1, std=1.0))
        self.actor_mean = nn.Sequential(layer(obs_dim, 64), nn.Tanh(), layer(64, 64), nn.Tanh(), layer(64, 1, std=0.01))
        self.actor_logstd = nn.Parameter(torch.full((1, 1), -0.5))

    def value(self, x):
        return self.critic(x)

    def act(self, x, u=None):
        mean = self.actor_mean(x)
        dist = Normal(mean, self.actor_logstd.expand_as(mean).exp())
        if u is None:
            u = dist.sample()
        return u, dist.log_prob(u).sum(1), dist.entropy().sum(1), self.critic(x)


agent = Agent()
optimizer = torch.optim.Adam(agent.parameters(), lr=args.learning_rate, eps=1e-5)


# ---- test episodes: the greedy policy and TWAP on the same seeds ----
def test_return(policy) -> float:
    """Mean return (bps) of ``policy(observations) -> multipliers`` over the seeded test episodes."""
    test = eg.make_vec(args.env_id, num_envs=args.num_envs, server=envs._server)
    returns = []
    for first in range(0, args.test_episodes, args.num_envs):
        test.seed(args.test_seed + first)
        observations = test.reset()
        total = np.zeros(args.num_envs)
        for _ in range(horizon):  # every lane's episode has the same length: they end together
            step = test.step_arrays(policy(observations))
            total += step["rewards"]
            observations = step["observations"]
        returns += total.tolist()
    test.close()
    return float(np.mean(returns[: args.test_episodes]))


def greedy(observations):
    with torch.no_grad():
        return to_multiplier(agent.actor_mean(obs_rms(observations)))


return_twap = test_return(lambda observations: np.ones(len(observations)))
return_before = test_return(greedy)

# ---- storage ----
obs = torch.zeros((args.num_steps, args.num_envs, obs_dim))
actions = torch.zeros((args.num_steps, args.num_envs, 1))
logprobs = torch.zeros((args.num_steps, args.num_envs))
rewards = torch.zeros((args.num_steps, args.num_envs))
dones = torch.zeros((args.num_steps, args.num_envs))
values = torch.zeros((args.num_steps, args.num_envs))

# ---- rollout ----
start = time.time()
global_step = 0
envs.seed(args.seed)
raw_obs = envs.reset()
obs_rms.update(raw_obs)
next_obs, next_done = obs_rms(raw_obs), torch.zeros(args.num_envs)
episode_returns, finished = np.zeros(args.num_envs), []
for iteration in range(1, num_iterations + 1):
    for step in range(args.num_steps):
        global_step += args.num_envs
        obs[step], dones[step] = next_obs, next_done
        with torch.no_grad():
            u, logprob, _, value = agent.act(next_obs)
        actions[step], logprobs[step], values[step] = u, logprob, value.flatten()
        result = envs.step_arrays(to_multiplier(u))
        done = result["terminated"].astype(bool) | result["truncated"].astype(bool)
        episode_returns += result["rewards"]
        finished += episode_returns[done].tolist()
        episode_returns[done] = 0.0
        rewards[step] = torch.as_tensor(result["rewards"] * args.reward_scale, dtype=torch.float32)
        obs_rms.update(result["observations"])
        next_obs, next_done = obs_rms(result["observations"]), torch.as_tensor(done, dtype=torch.float32)

    # ---- GAE ----
    with torch.no_grad():
        next_value = agent.value(next_obs).reshape(1, -1)
        advantages = torch.zeros_like(rewards)
        last_gae_lam = 0
        for t in reversed(range(args.num_steps)):
            next_non_terminal = 1.0 - (next_done if t == args.num_steps - 1 else dones[t + 1])
            next_values = next_value if t == args.num_steps - 1 else values[t + 1]
            delta = rewards[t] + args.gamma * next_values * next_non_terminal - values[t]
            advantages[t] = last_gae_lam = delta + args.gamma * args.gae_lambda * next_non_terminal * last_gae_lam
        returns = advantages + values

    # ---- update ----
    b_obs, b_actions = obs.reshape(-1, obs_dim), actions.reshape(-1, 1)
    b_logprobs, b_advantages, b_returns = logprobs.reshape(-1), advantages.reshape(-1), returns.reshape(-1)
    indices = np.arange(batch_size)
    for epoch in range(args.update_epochs):
        np.random.default_rng(args.seed * 1000 + iteration * 10 + epoch).shuffle(indices)
        for first in range(0, batch_size, minibatch_size):
            mb = indices[first : first + minibatch_size]
            _, new_logprob, entropy, new_value = agent.act(b_obs[mb], b_actions[mb])
            ratio = (new_logprob - b_logprobs[mb]).exp()
            mb_advantages = (b_advantages[mb] - b_advantages[mb].mean()) / (b_advantages[mb].std() + 1e-8)
            pg_loss = torch.max(-mb_advantages * ratio, -mb_advantages * ratio.clamp(1 - args.clip_coef, 1 + args.clip_coef)).mean()
            v_loss = 0.5 * ((new_value.view(-1) - b_returns[mb]) ** 2).mean()
            loss = pg_loss + args.vf_coef * v_loss
            optimizer.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(agent.parameters(), args.max_grad_norm)
            optimizer.step()

    # ---- logging ----
    recent = np.mean(finished[-args.num_envs :]) if finished else float("nan")
    sigma = agent.actor_logstd.exp().item()
    print(f"iteration {iteration}/{num_iterations}  steps {global_step}  episodes {len(finished)}  return (last {args.num_envs}) {recent:.1f} bps  sigma {sigma:.3f}  {time.time() - start:.1f} s", file=sys.stderr)

train_seconds = time.time() - start
return_after = test_return(greedy)
envs.close()
if args.save:  # what a proc: policy needs to act as the greedy policy: the actor and the observation statistics
    torch.save({"env": args.env_id, "actor_mean": agent.actor_mean.state_dict(), "obs_mean": obs_rms.mean, "obs_var": obs_rms.var, "a_max": a_max}, args.save)
print(f"{args.env_id}: {global_step} steps in {train_seconds:.1f} s; greedy return on {args.test_episodes} test episodes: before {return_before:.1f} bps, after {return_after:.1f} bps (TWAP {return_twap:.1f} bps)", file=sys.stderr)
print(json.dumps({"env": args.env_id, "steps": global_step, "seconds": round(train_seconds, 2), "test_episodes": args.test_episodes, "return_before": return_before, "return_after": return_after, "return_twap": return_twap}))
