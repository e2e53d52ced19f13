"""A long-lived ``execgym serve`` process and one request/reply exchange with it."""

from __future__ import annotations

import os
import shlex
import subprocess
import weakref
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Sequence, Tuple, Union

import numpy as np

from .frames import FrameError, read_frame, write_frame

#: The repository this package sits in (python/execgym_bridge/ -> the repo root).
REPO_ROOT = Path(__file__).resolve().parents[2]


class ExecgymError(RuntimeError):
    """The server refused a request: the message is its one-line error (field, value, what is allowed)."""


def default_command() -> List[str]:
    """How to start the server: ``$EXECGYM_SERVE_COMMAND`` (a shell-quoted command line), else the
    built server of the repository this package is in (``dist/experiments/serve/main.js``: the
    envs without the CLI, which starts 5x faster), else ``execgym serve`` from the PATH."""
    configured = os.environ.get("EXECGYM_SERVE_COMMAND")
    if configured:
        return shlex.split(configured)
    server = REPO_ROOT / "dist" / "experiments" / "serve" / "main.js"
    if server.exists():
        return ["node", str(server)]
    return ["execgym", "serve"]


def _reap(process: subprocess.Popen) -> None:
    """Ends ``process``: closing its input lets it finish (``serve`` exits when stdin ends); killed
    if it has not within 10 s; waited for, and its pipes closed, so nothing is left behind."""
    try:
        if process.poll() is None:
            try:
                process.stdin.close()
            except OSError:  # its end of the pipe is gone already
                pass
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    finally:
        for pipe in (process.stdin, process.stdout):
            if pipe is not None and not pipe.closed:
                try:
                    pipe.close()
                except OSError:
                    pass


class Server:
    """One ``execgym serve`` child process; envs made through it share it.

    The process is reaped by :meth:`close`, when the Server is garbage-collected, and at interpreter
    exit, whichever comes first (a ``weakref.finalize``): no server outlives its Python process.

    Args:
        command: the command line (a list, or a string split like a shell); default :func:`default_command`.
    """

    def __init__(self, command: Union[None, str, Sequence[str]] = None):
        argv = default_command() if command is None else shlex.split(command) if isinstance(command, str) else list(command)
        self.command = argv
        try:
            self._process = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        except OSError as error:
            raise ExecgymError(f"cannot start execgym serve with {shlex.join(argv)}: {error}") from None
        self._stdin = self._process.stdin
        self._stdout = self._process.stdout
        self._finalizer = weakref.finalize(self, _reap, self._process)

    def request(self, header: Dict, arrays: Iterable[Tuple[str, np.ndarray]] = ()) -> Tuple[dict, Dict[str, np.ndarray]]:
        """Sends one request and returns the reply's (header, arrays).

        Raises:
            ExecgymError: the server refused the request (its one-line message), or has exited.
        """
        if self.closed:
            raise ExecgymError("this execgym serve was closed; make a new env")
        if self._process.poll() is not None:
            raise ExecgymError(f"execgym serve has exited (code {self._process.returncode})")
        try:
            write_frame(self._stdin, header, arrays)
            reply = read_frame(self._stdout)
        except (BrokenPipeError, FrameError) as error:
            reply = None
            detail = str(error)
        else:
            detail = "no reply"
        if reply is None:
            code = self._process.wait(timeout=5)
            raise ExecgymError(f"execgym serve exited (code {code}) during {header.get('op')!r}: {detail}")
        head, payload = reply
        if not head.pop("ok", False):
            raise ExecgymError(head.get("error", f"malformed reply {head!r}"))
        return head, payload

    @property
    def closed(self) -> bool:
        return not self._finalizer.alive

    def close(self) -> None:
        """Ends the server and waits for it (idempotent)."""
        self._finalizer()

    def __enter__(self) -> "Server":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
