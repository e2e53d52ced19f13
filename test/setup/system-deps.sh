#!/usr/bin/env bash
# The system packages some tests drive (a browser for the report, Redis for the queue, Python with
# numpy for the Python adapter), installed from Debian when missing, so that `npm test` passes on a
# fresh machine by itself, not only through .ci/run. Idempotent and quiet when all are present.
set -euo pipefail
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
# The Python bridge's tests (test/python-bridge.test.ts) use whichever of these has numpy.
python3 -c 'import numpy' >/dev/null 2>&1 || /usr/bin/python3 -c 'import numpy' >/dev/null 2>&1 || missing+=(python3 python3-numpy)
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "execgym tests need: ${missing[*]} (Debian packages); install them or run as root" >&2
  exit 1
fi
echo "installing test dependencies: ${missing[*]}" >&2
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
