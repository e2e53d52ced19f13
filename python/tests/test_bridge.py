"""The Python bridge against the TypeScript envs, bit for bit.

``test/python-bridge.test.ts`` (vitest) writes seeded TypeScript episodes into the directory named by
``EXECGYM_BRIDGE_REFERENCE`` (see test/helpers/bridge-reference.ts for the record layout) and runs
this module; here the same resets and actions go through ``execgym serve`` and the records must be
the same doubles. Without that variable the reference tests are skipped (vitest fails on a skip).
"""

from __future__ import annotations

import io
import json
import os
import unittest
from pathlib import Path

import numpy as np

import execgym_bridge as eg
from execgym_bridge.frames import encode_frame, read_frame, write_frame

REFERENCE = os.environ.get("EXECGYM_BRIDGE_REFERENCE")
LEDGER = ("fixed", "temporary", "permanent", "timing", "shortfall", "riskPenalty")
SUMMARY = ("shortfall", "shortfallBps", "riskPenaltyBps", "return", "averagePrice", "marketVwap", "vwapSlippageBps", "objectiveBps", "sharesExecuted")
VECTOR_SUMMARY = ("shortfallBps", "riskPenaltyBps", "return", "vwapSlippageBps", "objectiveBps", "sharesExecuted")


def load_cases():
    directory = Path(REFERENCE)
    for path in sorted(directory.glob("*.json")):
        case = json.loads(path.read_text())
        expected = np.fromfile(directory / f"{case['name']}.f64", dtype="<f8")
        assert expected.size == case["records"], f"{path}: {expected.size} records, header says {case['records']}"
        yield case, expected


def single_env_records(case, server) -> np.ndarray:
    env = eg.ExecgymEnv(case["env"], overrides=case["overrides"], server=server)
    records = []
    for seed, actions in zip(case["seeds"], case["actions"]):
        observation, info = env.reset(seed=seed)
        records += [observation, [info["inventory"]]]
        for step, action in enumerate(actions):
            observation, reward, terminated, truncated, info = env.step(action)
            assert not truncated
            assert terminated == (step == len(actions) - 1), f"terminated at step {step} of {len(actions)}"
            records += [observation, [reward, float(terminated), info["fill"]["shares"], info["fill"]["price"], info["marketVolume"], info["price"]]]
            records.append([info["ledger"][key] for key in LEDGER])
            if terminated:
                records.append([info["episode_summary"][key] for key in SUMMARY])
                records.append([info["episode_summary"]["ledger"][key] for key in LEDGER])
    env.close()
    return np.concatenate([np.asarray(r, dtype=np.float64) for r in records])


def vector_env_records(case, server) -> np.ndarray:
    env = eg.ExecgymVecEnv(case["env"], case["numEnvs"], overrides=case["overrides"], server=server)
    env.seed(case["seeds"][0])
    records = [env.reset().reshape(-1)]
    for actions in case["actions"]:
        observations, rewards, dones, infos = env.step(np.asarray(actions))
        records += [observations.reshape(-1), rewards, dones.astype(np.float64)]
        records += [[info["ledger"][key] for info in infos] for key in LEDGER]
        for info, done in zip(infos, dones):
            if done:
                records += [info["terminal_observation"], [info["episode_summary"][key] for key in VECTOR_SUMMARY]]
                records.append([info["episode_summary"]["ledger"][key] for key in LEDGER])
    env.close()
    return np.concatenate([np.asarray(r, dtype=np.float64) for r in records])


def same_bits(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape and bool(np.array_equal(a.view(np.uint64), b.view(np.uint64)))


@unittest.skipUnless(REFERENCE, "EXECGYM_BRIDGE_REFERENCE not set (run through vitest: test/python-bridge.test.ts)")
class BridgeMatchesTypeScript(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = eg.Server()

    @classmethod
    def tearDownClass(cls):
        cls.server.close()

    def test_seeded_episodes_through_python_equal_the_typescript_episodes_bit_for_bit(self):
        cases = list(load_cases())
        self.assertGreaterEqual(len(cases), 4)
        for case, expected in cases:
            with self.subTest(case=case["name"]):
                records = vector_env_records(case, self.server) if "numEnvs" in case else single_env_records(case, self.server)
                if not same_bits(records, expected):
                    diff = np.flatnonzero(records.view(np.uint64) != expected.view(np.uint64)) if records.shape == expected.shape else []
                    self.fail(f"{case['name']}: {records.size} records vs {expected.size}; first differing index {diff[:5]}")

    def test_a_bad_request_gets_a_one_line_error_and_the_server_goes_on(self):
        env = eg.ExecgymEnv("ac-linear-v0", server=self.server)
        env.reset(seed=1)
        for bad, expected in [(9.0, "action must be a multiplier in [0, 4]"), (float("nan"), "got NaN")]:
            with self.assertRaises(eg.ExecgymError) as caught:
                env.step(bad)
            self.assertIn(expected, str(caught.exception))
            self.assertNotIn("\n", str(caught.exception))
        with self.assertRaises(eg.ExecgymError) as caught:
            eg.ExecgymEnv("no-such-env-v0", server=self.server)
        self.assertIn('unknown id "no-such-env-v0"', str(caught.exception))
        with self.assertRaises(eg.ExecgymError) as caught:
            eg.ExecgymEnv("ac-linear-v0", overrides={"riskAversion": -1}, server=self.server)
        self.assertIn("spec.riskAversion", str(caught.exception))
        with self.assertRaises(eg.ExecgymError) as caught:
            env.reset(seed=1, options={"start": 3})
        self.assertIn("request.options", str(caught.exception))
        _, reward, *_ = env.step(1.0)  # the failed requests left the episode where it was
        self.assertLess(reward, 0)
        env.close()

    def test_spaces_and_feature_names_describe_the_typescript_env(self):
        env = eg.ExecgymEnv("regime-observed-v0", server=self.server)
        self.assertEqual(env.feature_names[:5], ["time_left", "inventory_left", "price_move", "realised_vol", "volume_ratio"])
        self.assertEqual(env.feature_names[5:], ["regime_calm", "regime_volatile", "regime_illiquid"])
        self.assertEqual(env.observation_space.shape, (8,))
        self.assertEqual(env.observation_space.dtype, np.float32)
        self.assertTrue(np.isinf(env.observation_space.high[2]) and np.isinf(env.observation_space.low[2]))
        self.assertEqual(float(env.action_space.high[0]), env.spec_json["action"]["aMax"])
        observation, _ = env.reset(seed=0)
        self.assertTrue(env.observation_space.contains(observation))
        env.close()
        vec = eg.ExecgymVecEnv("ac-linear-v0", 4, overrides={"action": {"type": "discrete", "levels": [0, 1, 2]}}, server=self.server)
        self.assertEqual((vec.num_envs, vec.action_space.n), (4, 3))
        vec.close()

    def test_a_server_that_dies_or_cannot_start_gives_an_error_naming_it(self):
        env = eg.ExecgymEnv("ac-linear-v0")
        env.reset(seed=0)
        env._server._process.kill()
        with self.assertRaises(eg.ExecgymError) as caught:
            env.step(1.0)
        self.assertRegex(str(caught.exception), r"execgym serve (has )?exited")
        with self.assertRaises(eg.ExecgymError) as caught:
            eg.ExecgymEnv("ac-linear-v0", command=["no-such-execgym-binary", "serve"])
        self.assertIn("cannot start execgym serve with no-such-execgym-binary serve", str(caught.exception))

    def test_the_vector_env_rejects_a_wrong_number_of_actions_and_per_lane_seeds_it_cannot_honour(self):
        vec = eg.ExecgymVecEnv("ac-linear-v0", 3, server=self.server)
        vec.seed(4)
        vec.reset()
        with self.assertRaises(ValueError):
            vec.step(np.ones(2))
        vec._seeds = [1, 5, 9]
        with self.assertRaises(ValueError):
            vec.reset()
        vec.close()


class FramesRoundTrip(unittest.TestCase):
    def test_doubles_singles_and_integers_round_trip_bit_for_bit(self):
        specials = np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 5e-324, 1 / 3, -1e308])
        arrays = [("a", specials), ("b", np.array([-0.0, np.inf, np.nan, 1e-45, 1 / 3], dtype=np.float32)), ("c", np.array([-7, 2**31 - 1], dtype=np.int32)), ("d", np.array([True, False]))]
        header, decoded = read_frame(io.BytesIO(encode_frame({"op": "x"}, arrays)))
        self.assertEqual(header, {"op": "x"})
        for name, array in arrays:
            expected = np.asarray(array, dtype=np.uint8) if array.dtype == bool else array
            self.assertEqual(decoded[name].dtype, expected.dtype)
            self.assertEqual(decoded[name].tobytes(), expected.tobytes())

    def test_a_stream_ending_inside_a_frame_is_an_error_not_a_short_read(self):
        frame = encode_frame({"op": "x"}, [("a", np.ones(4))])
        self.assertIsNone(read_frame(io.BytesIO(b"")))
        with self.assertRaises(eg.FrameError):
            read_frame(io.BytesIO(frame[:-3]))


class ServePolicyLoop(unittest.TestCase):
    def test_serve_policy_answers_init_and_observation_batches_and_reports_errors(self):
        requests = io.BytesIO()
        write_frame(requests, {"op": "init", "env": "ac-linear-v0", "obsDim": 2})
        public = lambda lanes: [("step", np.zeros(lanes, dtype=np.int32)), ("inventory", np.full(lanes, 7.0))]
        write_frame(requests, {"op": "act", "lanes": 3, "obsDim": 2}, [("observations", np.arange(6, dtype=np.float32)), *public(3)])
        write_frame(requests, {"op": "act", "lanes": 1, "obsDim": 2}, [("observations", np.array([-1, 0], dtype=np.float32)), *public(1)])
        requests.seek(0)
        replies = io.BytesIO()
        seen = []

        def act(observations, state):
            if observations[0, 0] < 0:
                raise ValueError("negative time")
            return observations[:, 1] * 2 + state["inventory"] - 7

        eg.serve_policy(act, on_init=seen.append, stdin=requests, stdout=replies)
        replies.seek(0)
        self.assertEqual(read_frame(replies), ({"ok": True}, {}))
        header, arrays = read_frame(replies)
        self.assertEqual(arrays["actions"].tolist(), [2.0, 6.0, 10.0])
        self.assertEqual(read_frame(replies)[0], {"ok": False, "error": "ValueError: negative time"})
        self.assertEqual(seen[0]["env"], "ac-linear-v0")


if __name__ == "__main__":
    unittest.main()
