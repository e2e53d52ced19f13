"""execgym from Python: the TypeScript envs hosted by ``execgym serve``, as a ``gymnasium.Env`` and an
SB3-shaped vector env, plus :func:`serve_policy` to benchmark a Python policy with ``proc:CMD``."""

from .env import ExecgymEnv
from .frames import FrameError, encode_frame, read_frame, write_frame
from .policy import serve_policy
from .server import ExecgymError, Server, default_command
from .spaces import HAVE_GYMNASIUM
from .vec_env import HAVE_SB3, ExecgymVecEnv


def make(env_id: str = "ac-linear-v0", **kwargs) -> ExecgymEnv:
    """``make("ac-linear-v0", overrides={"riskAversion": 2e-6})``: a single env (see :class:`ExecgymEnv`)."""
    return ExecgymEnv(env_id, **kwargs)


def registered_envs(server: Server = None) -> list:
    """The ids of every env ``execgym serve`` has registered (asks ``server``, else a short-lived one)."""
    if server is not None:
        return server.request({"op": "envs"})[0]["ids"]
    with Server() as own:
        return own.request({"op": "envs"})[0]["ids"]


def make_vec(env_id: str = "ac-linear-v0", num_envs: int = 8, **kwargs) -> ExecgymVecEnv:
    """A vector env of ``num_envs`` lanes (see :class:`ExecgymVecEnv`)."""
    return ExecgymVecEnv(env_id, num_envs, **kwargs)


__all__ = [
    "ExecgymEnv",
    "ExecgymVecEnv",
    "ExecgymError",
    "FrameError",
    "HAVE_GYMNASIUM",
    "HAVE_SB3",
    "Server",
    "default_command",
    "encode_frame",
    "make",
    "make_vec",
    "read_frame",
    "registered_envs",
    "serve_policy",
    "write_frame",
]
