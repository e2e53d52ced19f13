#!/usr/bin/env bash
# The system packages some tests drive (a browser for the report, Redis for the queue, Python with
# numpy, venv and torch for the Python bridge and its PPO example), installed from Debian when
# missing, so that `npm test` passes on a fresh machine by itself, not only through .ci/run; then
# starts building the bridge's private venv with real Gymnasium (python-venv.sh) in the background.
# Idempotent and quiet when all are present.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
# The Python bridge's tests (test/python-*.test.ts) use whichever of these has numpy; Gymnasium goes
# into a venv of Debian's python3 (ensurepip is in python3-venv), which also sees python3-torch.
python3 -c 'import numpy' >/dev/null 2>&1 || /usr/bin/python3 -c 'import numpy' >/dev/null 2>&1 || missing+=(python3 python3-numpy)
if [ -x /usr/bin/python3 ] || [ ${#missing[@]} -gt 0 ]; then
  /usr/bin/python3 -c 'import ensurepip' >/dev/null 2>&1 || missing+=(python3-venv)
  # find_spec, not import: importing torch takes seconds.
  /usr/bin/python3 -c 'import importlib.util, sys; sys.exit(importlib.util.find_spec("torch") is None)' >/dev/null 2>&1 || missing+=(python3-torch)
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "execgym tests need: ${missing[*]} (Debian packages); install them or run as root" >&2
    exit 1
  fi
  echo "installing test dependencies: ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# In the background: on a fresh clone building the venv is 10-80 s of mostly waiting on the disk
# (about 5 CPU-seconds), which the build and type check that follow can use (issue 26). The Python
# tests call python-venv.sh themselves, and its lock makes them wait for this build to finish.
bash "$(dirname "${BASH_SOURCE[0]}")/python-venv.sh" >/dev/null 2>&1 &
