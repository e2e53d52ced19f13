"""A single execgym env as a ``gymnasium.Env`` (or a minimal base class with the same API)."""

from __future__ import annotations

from typing import Any, Dict, Optional, Sequence, Tuple, Union

import numpy as np

from .info import unflatten
from .server import ExecgymError, Server
from .spaces import HAVE_GYMNASIUM, gymnasium, make_spaces

if HAVE_GYMNASIUM:  # pragma: no cover - depends on the environment
    EnvBase = gymnasium.Env
else:

    class EnvBase:  # type: ignore[no-redef]
        """Gymnasium's ``Env`` API without Gymnasium: reset, step, close, spaces, metadata."""

        metadata: Dict[str, Any] = {"render_modes": []}
        render_mode = None
        observation_space: Any
        action_space: Any

        def reset(self, *, seed: Optional[int] = None, options: Optional[dict] = None):
            raise NotImplementedError

        def step(self, action):
            raise NotImplementedError

        def close(self) -> None:
            pass

        @property
        def unwrapped(self):
            return self

        def __enter__(self):
            return self

        def __exit__(self, *exc) -> None:
            self.close()


def action_size(header: Dict) -> int:
    """Numbers per lane of an action: a Box's coordinates (3 on a passive env: multiplier, limit
    fraction, offset), or 1 (a Discrete index)."""
    action = header["action"]
    return int(np.prod(action["shape"])) if action["type"] == "box" else 1


def encode_actions(action, lanes: int, size: int) -> np.ndarray:
    """``lanes`` actions as the float64 numbers the server takes: ``size`` numbers per lane (a Box's
    coordinates) or one (a Discrete index; on a passive Box env, a taker's multiplier ``[a, 0, 0]``).

    Raises:
        ValueError: naming the shape received and the shapes allowed.
    """
    values = np.asarray(action, dtype=np.float64).reshape(-1)
    if values.size != lanes * size and values.size != lanes:
        per_lane = f"{size} numbers (the Box's coordinates) or 1" if size > 1 else "one number (a Box value or a Discrete index)"
        where = "" if lanes == 1 else f" for each of {lanes} lanes"
        raise ValueError(f"action must be {per_lane}{where}, got shape {np.shape(action)}")
    return values


def episode_info(arrays: Dict[str, np.ndarray], regime_names: Sequence[str]) -> Dict:
    """The TypeScript env's info, with ``regimeName`` added and the episode summary under ``episode_summary``
    (Gymnasium's and SB3's episode-statistics wrappers own ``info["episode"]``)."""
    info = unflatten(arrays, "info.", scalars=True)
    info["regimeName"] = regime_names[info["regime"]]
    if "episode" in info:
        info["episode_summary"] = info.pop("episode")
    return info


class ExecgymEnv(EnvBase):
    """An execgym execution env hosted by ``execgym serve``.

    Observation: float32 vector (``feature_names``); action: a multiplier of the even split (Box of
    shape (1,)), on a passive env ``[multiplier, limit fraction, offset in ticks]`` (Box of shape
    (3,); a single number is a taker's multiplier), or a grid index (Discrete); reward: float, in
    bps of the arrival notional. ``info`` is the TypeScript env's (``ledger``: fixed, temporary,
    permanent, timing, shortfall, riskPenalty in $; on the last step ``episode_summary``). Numbers
    are the TypeScript env's bit for bit.

    Args:
        env_id: a registered env id or the path of a JSON spec file.
        overrides: spec fields replacing the base spec's (as ``make(id, overrides)`` in TypeScript).
        server: a running :class:`Server` to share; by default the env starts (and closes) its own.
        command: the server command when the env starts its own.
    """

    metadata = {"render_modes": []}

    def __init__(self, env_id: str = "ac-linear-v0", overrides: Optional[Dict] = None, server: Optional[Server] = None, command: Union[None, str, Sequence[str]] = None):
        self._owns_server = server is None
        self._server = server if server is not None else Server(command)
        self._handle: Optional[int] = None
        try:
            header, arrays = self._server.request({"op": "make", "env": env_id, "overrides": overrides or {}})
        except Exception:
            self.close()
            raise
        self._handle = header["handle"]
        self.spec_json: Dict = header["spec"]
        self.features = header["features"]
        self.feature_names = [f["name"] for f in self.features]
        self.regime_names = header["regimeNames"]
        self.steps_per_episode: int = header["steps"]
        self._action_size = action_size(header)
        self.observation_space, self.action_space = make_spaces(header, arrays)

    def reset(self, *, seed: Optional[int] = None, options: Optional[dict] = None) -> Tuple[np.ndarray, Dict]:
        if HAVE_GYMNASIUM:  # seeds self.np_random, as Gymnasium expects
            super().reset(seed=seed)
        _, arrays = self._live().request({"op": "reset", "handle": self._handle, "seed": seed, "options": options})
        return arrays["observation"], episode_info(arrays, self.regime_names)

    def step(self, action) -> Tuple[np.ndarray, float, bool, bool, Dict]:
        _, arrays = self._live().request({"op": "step", "handle": self._handle}, [("action", encode_actions(action, 1, self._action_size))])
        return (
            arrays["observation"],
            arrays["reward"].item(),
            bool(arrays["terminated"][0]),
            bool(arrays["truncated"][0]),
            episode_info(arrays, self.regime_names),
        )

    def _live(self) -> Server:
        if self._server is None:
            raise ExecgymError("this env was closed; make a new one")
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
