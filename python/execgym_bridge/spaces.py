"""Spaces: ``gymnasium.spaces`` when Gymnasium is installed, otherwise minimal stand-ins with the same
attributes (``low``, ``high``, ``shape``, ``dtype``, ``n``, ``contains``, ``sample``, ``seed``)."""

from __future__ import annotations

from typing import Dict, Optional, Tuple

import numpy as np

try:  # pragma: no cover - depends on the environment
    import gymnasium

    HAVE_GYMNASIUM = True
except ImportError:  # pragma: no cover
    gymnasium = None
    HAVE_GYMNASIUM = False


class Box:
    """``gymnasium.spaces.Box``'s shape: an n-dimensional box of ``dtype`` between ``low`` and ``high``."""

    def __init__(self, low: np.ndarray, high: np.ndarray, dtype=np.float32):
        self.dtype = np.dtype(dtype)
        self.low = np.asarray(low, dtype=self.dtype)
        self.high = np.asarray(high, dtype=self.dtype)
        self.shape: Tuple[int, ...] = self.low.shape
        self._rng = np.random.default_rng()

    def seed(self, seed: Optional[int] = None) -> None:
        self._rng = np.random.default_rng(seed)

    def contains(self, x) -> bool:
        x = np.asarray(x)
        return x.shape == self.shape and bool(np.all(x >= self.low) and np.all(x <= self.high))

    def sample(self) -> np.ndarray:
        """Gymnasium's rule: uniform on bounded coordinates, exponential on half-bounded, normal on unbounded."""
        lo, hi = self.low.astype(np.float64), self.high.astype(np.float64)
        out = self._rng.standard_normal(self.shape)
        both = np.isfinite(lo) & np.isfinite(hi)
        out[both] = self._rng.uniform(lo[both], hi[both])
        only_low = np.isfinite(lo) & ~np.isfinite(hi)
        out[only_low] = lo[only_low] + self._rng.exponential(size=only_low.sum())
        only_high = ~np.isfinite(lo) & np.isfinite(hi)
        out[only_high] = hi[only_high] - self._rng.exponential(size=only_high.sum())
        return out.astype(self.dtype)

    def __repr__(self) -> str:
        return f"Box({self.low}, {self.high}, {self.shape}, {self.dtype})"


class Discrete:
    """``gymnasium.spaces.Discrete``'s shape: the integers 0 .. n-1."""

    def __init__(self, n: int):
        self.n = int(n)
        self.shape: Tuple[int, ...] = ()
        self.dtype = np.dtype(np.int64)
        self._rng = np.random.default_rng()

    def seed(self, seed: Optional[int] = None) -> None:
        self._rng = np.random.default_rng(seed)

    def contains(self, x) -> bool:
        return np.ndim(x) == 0 and float(x) == int(x) and 0 <= int(x) < self.n

    def sample(self, mask: Optional[np.ndarray] = None) -> int:
        allowed = np.flatnonzero(mask) if mask is not None else np.arange(self.n)
        return int(self._rng.choice(allowed))

    def __repr__(self) -> str:
        return f"Discrete({self.n})"


def make_spaces(header: Dict, arrays: Dict[str, np.ndarray]):
    """The (observation, action) spaces of one env, from the server's ``spaces`` reply."""
    spaces = gymnasium.spaces if HAVE_GYMNASIUM else None
    low, high = arrays["observationLow"], arrays["observationHigh"]
    observation = spaces.Box(low.astype(np.float32), high.astype(np.float32), dtype=np.float32) if spaces else Box(low, high, np.float32)
    action = header["action"]
    if action["type"] == "discrete":
        return observation, spaces.Discrete(action["n"]) if spaces else Discrete(action["n"])
    a_low, a_high = arrays["actionLow"], arrays["actionHigh"]
    return observation, spaces.Box(a_low, a_high, dtype=np.float64) if spaces else Box(a_low, a_high, np.float64)
