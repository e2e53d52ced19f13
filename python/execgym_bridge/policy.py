"""The other side of execgym's ``proc:CMD`` policy: a Python process that answers observation batches.

Protocol (frames as in :mod:`execgym_bridge.frames`), execgym asking, this process answering in order:

- ``{"op": "init", "env": id, "features": [...], "action": {...}, "obsDim": d, "steps": N,
  "orderShares": X, "spec": {...}}`` -> ``{"ok": true}``
- ``{"op": "act", "lanes": L, "obsDim": d}`` with ``observations`` (float32, L x d), ``step``
  (int32, L) and ``inventory`` (float64, L: shares held) -> ``{"ok": true}`` with ``actions``
  (float64, L): one action per lane
- end of input: exit.

A reply ``{"ok": false, "error": "..."}`` makes the benchmark stop with that message.
"""

from __future__ import annotations

import sys
from typing import BinaryIO, Callable, Dict, Optional

import numpy as np

from .frames import read_frame, write_frame

Act = Callable[[np.ndarray, Dict[str, np.ndarray]], "np.ndarray | list"]


def serve_policy(act: Act, on_init: Optional[Callable[[Dict], None]] = None, stdin: Optional[BinaryIO] = None, stdout: Optional[BinaryIO] = None) -> None:
    """Answers execgym's requests until its input ends.

    Args:
        act: ``act(observations, public)``: observations (float32, lanes x obsDim) and the public
            state per lane (``public["step"]``, ``public["inventory"]`` in shares, exact) -> one
            action per lane (a Box value or a level index).
        on_init: called once with the env's description (id, feature names, action space).
    """
    source = stdin if stdin is not None else sys.stdin.buffer
    sink = stdout if stdout is not None else sys.stdout.buffer
    if stdout is None:
        sys.stdout = sys.stderr  # stdout carries frames: a stray print() must not land in the stream
    while True:
        frame = read_frame(source)
        if frame is None:
            return
        header, arrays = frame
        op = header.get("op")
        try:
            if op == "init":
                if on_init is not None:
                    on_init(header)
                write_frame(sink, {"ok": True})
            elif op == "act":
                observations = arrays["observations"].reshape(header["lanes"], header["obsDim"])
                public = {"step": arrays["step"], "inventory": arrays["inventory"]}
                actions = np.asarray(act(observations, public), dtype=np.float64).reshape(-1)
                write_frame(sink, {"ok": True}, [("actions", actions)])
            else:
                write_frame(sink, {"ok": False, "error": f"unknown op {op!r}"})
        except Exception as error:  # the error goes back to execgym as its one-line message
            write_frame(sink, {"ok": False, "error": f"{type(error).__name__}: {error}".replace("\n", " ")})
