"""Turns a reply's dotted arrays (``info.ledger.fixed``) back into the TypeScript env's nested info."""

from __future__ import annotations

from typing import Dict

import numpy as np

#: Arrays that stay arrays even when they have one element.
_ARRAY_KEYS = {"actionMask"}


def unflatten(arrays: Dict[str, np.ndarray], prefix: str, scalars: bool) -> Dict:
    """The arrays under ``prefix`` as a nested dict. With ``scalars``, one-element arrays become Python
    ``int``/``float`` (exact: a float64 converts to a Python float bit for bit)."""
    out: Dict = {}
    for name, array in arrays.items():
        if not name.startswith(prefix):
            continue
        *parents, leaf = name[len(prefix):].split(".")
        node = out
        for key in parents:
            node = node.setdefault(key, {})
        node[leaf] = array.item() if scalars and array.size == 1 and leaf not in _ARRAY_KEYS else array
    return out
