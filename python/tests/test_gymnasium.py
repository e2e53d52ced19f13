"""The bridge under real Gymnasium: its env checker on every registered env, its wrappers, its vector
envs, and no server left behind.

Run by ``test/python-gymnasium.test.ts`` with a venv holding Gymnasium (test/setup/python-venv.sh);
one process and one shared server for all the checks, to keep ``npm test`` fast.
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import unittest
import warnings

import gymnasium
import numpy as np
from gymnasium.utils.env_checker import check_env
from gymnasium.wrappers import NormalizeObservation, RecordEpisodeStatistics, TimeLimit

import execgym_bridge as eg

#: Gymnasium's advice that does not apply to execgym's envs: unbounded observation features (price
#: moves, volatility), action ranges in the env's units (a multiplier in [0, aMax], ticks), and no
#: registration spec to look up render modes (execgym envs do not render).
ADVISORY = ("symmetric and normalized space", "minimum value is -infinity", "maximum value is infinity", "not having a spec")

#: Variants that reach the other action spaces: taker Discrete, passive Discrete (the grid), passive
#: Box in squash mode (unbounded coordinates).
VARIANTS = [
    ("ac-linear-v0", {"action": {"type": "discrete", "levels": [0, 0.5, 1, 2]}}),
    ("passive-ac-linear-v0", {"action": {"type": "discrete", "levels": [0, 1, 2]}}),
    ("passive-regime-v0", {"action": {"type": "box", "aMax": 4, "mode": "squash"}}),
]


def same_bits(a, b) -> bool:
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return a.shape == b.shape and bool(np.array_equal(a.view(np.uint64), b.view(np.uint64)))


def children_of(pids) -> list:
    """The live processes whose parent is one of ``pids`` (from /proc)."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) in pids and fields[0] != "Z":
                found.append(int(entry))
    return found


def alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


SERVER: eg.Server


def setUpModule():
    global SERVER
    SERVER = eg.Server()  # one server for every check that does not test the server itself


def tearDownModule():
    SERVER.close()


class CheckEnvOnEveryEnv(unittest.TestCase):
    def check(self, env_id, overrides=None):
        env = eg.make(env_id, overrides=overrides, server=SERVER)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            check_env(env)
        other = [str(w.message) for w in caught if not any(text in str(w.message) for text in ADVISORY)]
        self.assertEqual(other, [], f"{env_id}: check_env warned")
        env.close()

    def test_gymnasium_check_env_passes_on_every_registered_env_and_every_kind_of_action_space(self):
        ids = eg.registered_envs(SERVER)
        self.assertIn("passive-ac-linear-v0", ids)
        self.assertIn("lobster-queue-v0", ids)
        for env_id in ids:
            with self.subTest(env=env_id):
                self.check(env_id)
        for env_id, overrides in VARIANTS:
            with self.subTest(env=env_id, overrides=overrides):
                self.check(env_id, overrides)
        print(f"check_env passed on {len(ids)} registered envs and {len(VARIANTS)} variants", file=sys.stderr)

    def test_a_passive_env_takes_a_limit_order_and_a_taker_multiplier(self):
        env = eg.make("passive-ac-linear-v0", server=SERVER)
        self.assertEqual(env.action_space.shape, (3,))
        env.reset(seed=3)
        _, _, _, _, limit = env.step(np.array([4.0, 1.0, 5.0]))  # 4 slices as a limit order 5 ticks behind the touch
        env.reset(seed=3)
        _, _, _, _, market = env.step(np.array([4.0, 0.0, 0.0]))  # 4 slices as a market order
        env.reset(seed=3)
        _, _, _, _, taker = env.step(4.0)  # a single number is the taker's [4, 0, 0]
        self.assertLess(limit["fill"]["shares"], market["fill"]["shares"])  # a limit order may not fill
        self.assertEqual(market["fill"]["shares"], 200_000)
        self.assertEqual(taker["ledger"], market["ledger"])
        with self.assertRaises(ValueError) as caught:
            env.step(np.array([1.0, 0.5]))
        self.assertIn("action must be 3 numbers (the Box's coordinates) or 1, got shape (2,)", str(caught.exception))
        env.close()


class Wrappers(unittest.TestCase):
    def test_record_episode_statistics_over_time_limit_over_normalize_observation(self):
        env = RecordEpisodeStatistics(TimeLimit(NormalizeObservation(eg.make("regime-v0", server=SERVER)), max_episode_steps=7))
        observation, _ = env.reset(seed=5)
        self.assertEqual(observation.dtype, np.float32)
        total, steps, truncated, terminated = 0.0, 0, False, False
        while not (terminated or truncated):
            observation, reward, terminated, truncated, info = env.step(env.action_space.sample())
            total += reward
            steps += 1
        self.assertTrue(truncated and not terminated)  # regime-v0 runs 20 steps; the limit cuts at 7
        self.assertEqual((steps, info["episode"]["l"]), (7, 7))
        self.assertAlmostEqual(float(info["episode"]["r"]), total, places=9)
        # NormalizeObservation's running statistics moved off their start (mean 0, var 1).
        rms = env.get_wrapper_attr("obs_rms")
        self.assertEqual(rms.count > 7, True)
        self.assertFalse(np.allclose(rms.mean, 0))
        # A whole episode: the statistics agree with execgym's own summary.
        plain = RecordEpisodeStatistics(eg.make("ac-linear-v0", server=SERVER))
        plain.reset(seed=2)
        rewards, done = [], False
        while not done:
            _, reward, terminated, truncated, info = plain.step(np.array([1.0]))
            rewards.append(reward)
            done = terminated or truncated
        self.assertEqual(info["episode"]["l"], 20)
        self.assertAlmostEqual(float(info["episode"]["r"]), info["episode_summary"]["return"], delta=1e-9 * abs(sum(rewards)))
        env.close()
        plain.close()


class VectorEnvs(unittest.TestCase):
    def rollout(self, envs, seed, actions):
        observations, _ = envs.reset(seed=seed)
        out = [observations]
        for action in actions:
            observations, rewards, terminated, truncated, _ = envs.step(action)
            out += [observations, rewards, terminated, truncated]
        return out

    def test_sync_vector_env_lane_i_is_the_single_env_seeded_seed_plus_i_bit_for_bit(self):
        for env_id, action in (("ac-linear-v0", [1.5]), ("passive-ac-linear-v0", [1.0, 0.5, 1.0])):
            with self.subTest(env=env_id):
                actions = [np.tile(action, (3, 1))] * 22
                sync = gymnasium.vector.SyncVectorEnv([lambda: eg.make(env_id, server=SERVER)] * 3)
                expected = self.rollout(sync, 11, actions)
                sync.close()
                single = eg.make(env_id, server=SERVER)
                lane = 2
                observation, _ = single.reset(seed=11 + lane)
                self.assertTrue(same_bits(expected[0][lane], observation))
                for t in range(3):
                    observation, reward, *_ = single.step(actions[t][lane])
                    self.assertTrue(same_bits(expected[1 + 4 * t][lane], observation))
                    self.assertTrue(same_bits(expected[2 + 4 * t][lane], reward))
                single.close()
                # 22 steps of 20-step episodes: every lane terminated at step 20, then was reset (next-step autoreset).
                self.assertTrue(all(expected[3 + 4 * 19]))
                self.assertFalse(any(expected[3 + 4 * 21]))

    def test_async_vector_env_plays_the_sync_episodes_and_close_reaps_the_servers_its_workers_started(self):
        actions = [np.tile([2.0, 0.25, 2.0], (2, 1))] * 21
        sync = gymnasium.vector.SyncVectorEnv([lambda: eg.make("passive-regime-v0", server=SERVER)] * 2)
        expected = self.rollout(sync, 4, actions)
        sync.close()
        envs = gymnasium.vector.AsyncVectorEnv([lambda: eg.make("passive-regime-v0")] * 2)  # a server per worker
        got = self.rollout(envs, 4, actions)
        self.assertTrue(all(same_bits(a, b) for a, b in zip(expected, got)))
        servers = children_of({process.pid for process in envs.processes})
        self.assertEqual(len(servers), 2)
        envs.close()
        self.assertEqual([pid for pid in servers if alive(pid)], [])


class Reaping(unittest.TestCase):
    def test_close_reaps_the_server_and_its_pipes_without_a_resource_warning(self):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            env = eg.make("ac-linear-v0")
            env.reset(seed=0)
            process = env.unwrapped._server._process
            env.close()
            env.close()  # idempotent
            self.assertIsNotNone(process.poll())
            self.assertTrue(process.stdin.closed and process.stdout.closed)
            with self.assertRaises(eg.ExecgymError):
                env.step(1.0)
            # An env dropped without close() is reaped when collected.
            dropped = eg.make("ac-linear-v0")
            process = dropped._server._process
            del dropped
            gc.collect()
            self.assertIsNotNone(process.poll())
        self.assertEqual([str(w.message) for w in caught if issubclass(w.category, ResourceWarning)], [])

    def test_an_interpreter_that_exits_without_closing_leaves_no_server_and_no_warning(self):
        script = "import execgym_bridge as eg\nenv = eg.make('ac-linear-v0'); env.reset(seed=0)\nvec = eg.make_vec('ac-linear-v0', 4)\nprint(env._server._process.pid, vec._server._process.pid)\n"
        result = subprocess.run([sys.executable, "-X", "dev", "-W", "always::ResourceWarning", "-c", script], capture_output=True, text=True, timeout=60, cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
        self.assertEqual(result.returncode, 0, result.stderr)
        pids = [int(pid) for pid in result.stdout.split()]
        self.assertEqual([pid for pid in pids if alive(pid)], [])
        self.assertNotIn("ResourceWarning", result.stderr)


if __name__ == "__main__":
    unittest.main()
