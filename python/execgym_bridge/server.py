"""A long-lived ``execgym serve`` process and one request/reply exchange with it."""

from __future__ import annotations

import os
import shlex
import subprocess
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
    built CLI of the repository this package is in, else ``execgym serve`` from the PATH."""
    configured = os.environ.get("EXECGYM_SERVE_COMMAND")
    if configured:
        return shlex.split(configured)
    cli = REPO_ROOT / "dist" / "experiments" / "cli" / "main.js"
    if cli.exists():
        return ["node", str(cli), "serve"]
    return ["execgym", "serve"]


class Server:
    """One ``execgym serve`` child process; envs made through it share it.

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

    def request(self, header: Dict, arrays: Iterable[Tuple[str, np.ndarray]] = ()) -> Tuple[dict, Dict[str, np.ndarray]]:
        """Sends one request and returns the reply's (header, arrays).

        Raises:
            ExecgymError: the server refused the request (its one-line message), or has exited.
        """
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

    def close(self) -> None:
        """Ends the server: closing its input lets it finish and exit."""
        if self._process.poll() is None:
            self._stdin.close()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait()
        self._stdout.close()

    def __enter__(self) -> "Server":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
