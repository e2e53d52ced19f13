"""An execgym vector env in Stable-Baselines3's ``VecEnv`` shape (a real ``VecEnv`` when SB3 is installed)."""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence, Union

import numpy as np

from .info import unflatten
from .env import action_size, encode_actions
from .server import ExecgymError, Server
from .spaces import make_spaces

try:  # pragma: no cover - depends on the environment
    from stable_baselines3.common.vec_env import VecEnv as VecEnvBase

    HAVE_SB3 = True
except ImportError:  # pragma: no cover
    HAVE_SB3 = False

    class VecEnvBase:  # type: ignore[no-redef]
        """SB3's ``VecEnv`` API without SB3: reset, step (= step_async + step_wait), seed, close."""

        def __init__(self, num_envs: int, observation_space, action_space):
            self.num_envs = num_envs
            self.observation_space = observation_space
            self.action_space = action_space
            self.reset_infos: List[Dict] = [{} for _ in range(num_envs)]
            self.render_mode = None

        def step(self, actions):
            self.step_async(actions)
            return self.step_wait()

        @property
        def unwrapped(self):
            return self

        def __enter__(self):
            return self

        def __exit__(self, *exc) -> None:
            self.close()


class ExecgymVecEnv(VecEnvBase):
    """M lanes of one execgym market stepped together by ``execgym serve`` (the TypeScript ``VectorEnv``).

    Seeding as in TypeScript and SB3: ``seed(s)`` then ``reset()`` seeds lane i with ``s + i``; lane i
    is then the single env reset with seed ``s + i``. Autoreset is same-step: when a lane terminates,
    ``step_wait`` returns its next episode's first observation, with the final one in
    ``infos[i]["terminal_observation"]`` and the episode's totals in ``infos[i]["episode_summary"]``.

    ``step_arrays(actions)`` is the fast path: the reply's arrays as they are (no per-lane dicts).
    """

    def __init__(self, env_id: str = "ac-linear-v0", num_envs: int = 8, overrides: Optional[Dict] = None, server: Optional[Server] = None, command: Union[None, str, Sequence[str]] = None):
        self._owns_server = server is None
        self._server = server if server is not None else Server(command)
        self._handle: Optional[int] = None
        try:
            header, arrays = self._server.request({"op": "make", "env": env_id, "overrides": overrides or {}, "numEnvs": int(num_envs)})
        except Exception:
            self.close()
            raise
        self._handle = header["handle"]
        self.spec_json: Dict = header["spec"]
        self.feature_names = [f["name"] for f in header["features"]]
        self.steps_per_episode: int = header["steps"]
        self._obs_dim = len(self.feature_names)
        self._action_size = action_size(header)
        observation_space, action_space = make_spaces(header, arrays)
        super().__init__(num_envs, observation_space, action_space)
        self._actions: Optional[np.ndarray] = None
        self._reset_seeds()
        self._reset_options()

    # Seeding and options as SB3 2.x does it, defined here so as not to depend on SB3's internals.
    def seed(self, seed: Optional[int] = None) -> List[Optional[int]]:
        """Seeds the next ``reset()``: lane i with ``seed + i`` (None: the lanes' streams continue)."""
        self._seeds = [None if seed is None else seed + i for i in range(self.num_envs)]
        return self._seeds

    def set_options(self, options=None) -> None:
        self._options = [dict(options or {}) for _ in range(self.num_envs)]

    def _reset_seeds(self) -> None:
        self._seeds: List[Optional[int]] = [None] * self.num_envs

    def _reset_options(self) -> None:
        self._options: List[Dict] = [{} for _ in range(self.num_envs)]

    def reset(self) -> np.ndarray:
        seed = self._seeds[0]
        if seed is not None and list(self._seeds) != [seed + i for i in range(self.num_envs)]:
            raise ValueError(f"execgym seeds lane i with seed + i; got per-lane seeds {self._seeds}")
        if any(self._options):
            raise ValueError(f"execgym envs take no reset options, got {self._options[0]}")
        _, arrays = self._live().request({"op": "reset", "handle": self._handle, "seed": seed})
        self._reset_seeds()
        self._reset_options()
        regime = arrays["regime"].tolist()
        mask = arrays.get("actionMask")
        self.reset_infos = [{"regime": r} for r in regime]
        if mask is not None:
            for i, info in enumerate(self.reset_infos):
                info["actionMask"] = mask.reshape(self.num_envs, -1)[i]
        return arrays["observations"].reshape(self.num_envs, self._obs_dim)

    def step_async(self, actions) -> None:
        self._actions = np.asarray(actions, dtype=np.float64).reshape(-1)

    def step_arrays(self, actions) -> Dict[str, np.ndarray]:
        """One step of every lane; the reply's arrays by name (``observations`` M x d, ``rewards``,
        ``terminated``, ``info.fixed`` ... ``info.finalObservations``, ``info.episode.*``)."""
        actions = encode_actions(actions, self.num_envs, self._action_size)
        _, arrays = self._live().request({"op": "step", "handle": self._handle}, [("action", actions)])
        arrays["observations"] = arrays["observations"].reshape(self.num_envs, self._obs_dim)
        arrays["info.finalObservations"] = arrays["info.finalObservations"].reshape(self.num_envs, self._obs_dim)
        return arrays

    def step_wait(self):
        arrays = self.step_arrays(self._actions)
        terminated = arrays["terminated"].astype(bool)
        truncated = arrays["truncated"].astype(bool)
        return arrays["observations"], arrays["rewards"], terminated | truncated, self._lane_infos(arrays, terminated, truncated)

    def _lane_infos(self, arrays: Dict[str, np.ndarray], terminated: np.ndarray, truncated: np.ndarray) -> List[Dict]:
        info = unflatten(arrays, "info.", scalars=False)
        episode = _to_lists(info.pop("episode"))
        final = info.pop("finalObservations")
        mask = info.pop("actionMask", None)
        ledger_keys = ("fixed", "temporary", "permanent", "timing", "shortfall", "riskPenalty")
        ledger = {key: info.pop(key).tolist() for key in ledger_keys}
        # Converted once, then picked lane by lane (nested dicts: a passive env's ``limit``).
        columns = _to_lists(info)
        infos: List[Dict] = []
        for i in range(self.num_envs):
            lane: Dict[str, Any] = _lane_of(columns, i)
            lane["ledger"] = {key: values[i] for key, values in ledger.items()}
            lane["TimeLimit.truncated"] = bool(truncated[i] and not terminated[i])
            if mask is not None:
                lane["actionMask"] = mask.reshape(self.num_envs, -1)[i]
            if terminated[i] or truncated[i]:
                lane["terminal_observation"] = final[i]
                lane["episode_summary"] = _lane_of(episode, i)
            infos.append(lane)
        return infos

    def _live(self) -> Server:
        if self._server is None:
            raise ExecgymError("this vector env was closed; make a new one")
        return self._server

    def close(self) -> None:
        """Closes the env (idempotent): its own server is reaped; on a shared one, its handle is closed."""
        server, self._server = getattr(self, "_server", None), None
        if server is None:
            return
        if self._owns_server:
            server.close()
        elif self._handle is not None and not server.closed:
            server.request({"op": "close", "handle": self._handle})

    # SB3's VecEnv plumbing for wrappers: there are no per-lane Python env objects to reach into.
    def get_attr(self, attr_name: str, indices=None) -> List[Any]:
        return [getattr(self, attr_name)] * len(self._indices(indices))

    def set_attr(self, attr_name: str, value: Any, indices=None) -> None:
        raise AttributeError(f"execgym lanes are hosted by execgym serve; cannot set {attr_name!r} per lane")

    def env_method(self, method_name: str, *args, indices=None, **kwargs) -> List[Any]:
        raise AttributeError(f"execgym lanes are hosted by execgym serve; they have no method {method_name!r}")

    def env_is_wrapped(self, wrapper_class, indices=None) -> List[bool]:
        return [False] * len(self._indices(indices))

    def _indices(self, indices) -> Sequence[int]:
        if indices is None:
            return range(self.num_envs)
        return [indices] if isinstance(indices, int) else list(indices)



def _to_lists(columns: Dict) -> Dict:
    """Per-lane arrays (nested dicts included) as Python lists, converted once per step."""
    return {key: _to_lists(values) if isinstance(values, dict) else values.tolist() for key, values in columns.items()}


def _lane_of(columns: Dict, i: int) -> Dict:
    """Lane ``i`` of :func:`_to_lists`' columns, nested dicts included (the episode's ``ledger``, a
    passive env's ``passive`` numbers and ``limit`` order)."""
    return {key: _lane_of(values, i) if isinstance(values, dict) else values[i] for key, values in columns.items()}
