#!/usr/bin/env bash
# A private Python virtual environment with real Gymnasium, for the bridge's tests
# (test/python-gymnasium.test.ts). Prints one line: the venv's python, or "unavailable: <why>".
#
# Gymnasium comes from the machine's wheel store when there is one ($EXECGYM_WHEELS, or a folder
# holding gymnasium-*.whl; installed with --no-index, offline), else from the package index. The venv
# sees the system's site-packages, so Debian's python3-numpy and python3-torch (the PPO example) are
# used as installed. Idempotent: once built (keyed by the interpreter and the wheel found) it only
# checks that gymnasium still imports, well under a second.
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cache="${EXECGYM_VENV_CACHE:-$root/node_modules/.cache/execgym-python}"
base="${EXECGYM_PYTHON:-}"
if [ -z "$base" ]; then
  # Debian's interpreter first: python3-torch and python3-numpy install for it.
  for candidate in /usr/bin/python3 python3; do
    if command -v "$candidate" >/dev/null 2>&1; then base="$(command -v "$candidate")"; break; fi
  done
fi
[ -n "$base" ] || { echo "unavailable: no python3 on this machine"; exit 0; }

current="$cache/current"
if [ -f "$current" ]; then
  python="$(cat "$current")"
  if [ -x "$python" ] && "$python" -c 'import gymnasium' >/dev/null 2>&1; then echo "$python"; exit 0; fi
fi

# $EXECGYM_WHEELS names the wheel store (a folder without gymnasium, e.g. "none": use the index);
# else the usual folders, else a search of this file system.
wheels=""
if [ -n "${EXECGYM_WHEELS:-}" ]; then
  if compgen -G "$EXECGYM_WHEELS/gymnasium-*.whl" >/dev/null; then wheels="$EXECGYM_WHEELS"; fi
else
  for dir in /opt/pypi/files /opt/wheels /opt/pypi-more/files; do
    if compgen -G "$dir/gymnasium-*.whl" >/dev/null; then wheels="$dir"; break; fi
  done
  if [ -z "$wheels" ]; then
    found="$(find / -xdev \( -path /proc -o -path /sys \) -prune -o -name 'gymnasium-*.whl' -print -quit 2>/dev/null)"
    if [ -n "$found" ]; then wheels="$(dirname "$found")"; fi
  fi
fi

version="$("$base" -c 'import sys; print("%d.%d" % sys.version_info[:2])')"
key="py$version-$( (echo "$base"; ls "$wheels"/gymnasium-*.whl 2>/dev/null) | sha256sum | cut -c1-12)"
mkdir -p "$cache" && cache="$(cd "$cache" && pwd -P)"
# Test files ask in parallel: one builds, the others wait for it (then take the fast path below).
exec 9>"$cache/.lock"
command -v flock >/dev/null 2>&1 && flock 9
if [ -f "$current" ] && [ -x "$(cat "$current")" ] && "$(cat "$current")" -c 'import gymnasium' >/dev/null 2>&1; then cat "$current"; exit 0; fi
venv="$cache/$key"
log="$cache/$key.log"
failed="$cache/$key.unavailable"
# A failed install is not retried for an hour: each test file asks, and each try can take 15 s offline.
if [ -n "$(find "$failed" -mmin -60 2>/dev/null)" ]; then cat "$failed"; exit 0; fi
if [ ! -x "$venv/bin/python" ]; then
  rm -rf "$venv"
  if ! "$base" -m venv --system-site-packages "$venv" >"$log" 2>&1; then
    echo "unavailable: $base -m venv failed (Debian: apt-get install python3-venv; see $log)" | tee "$failed"
    exit 0
  fi
fi
if [ -n "$wheels" ]; then
  "$venv/bin/python" -m pip install -q --disable-pip-version-check --no-index --find-links "$wheels" gymnasium >>"$log" 2>&1
else
  "$venv/bin/python" -m pip install -q --disable-pip-version-check --retries 1 --timeout 15 gymnasium >>"$log" 2>&1
fi
if ! "$venv/bin/python" -c 'import gymnasium, numpy' >>"$log" 2>&1; then
  echo "unavailable: gymnasium could not be installed from ${wheels:-the package index} (see $log)" | tee "$failed"
  exit 0
fi
rm -f "$failed"
echo "$venv/bin/python" >"$current"
echo "$venv/bin/python"
