#!/usr/bin/env bash
# npm test's build (dist/, which the CLI tests run) and its type check of everything, tests
# included, side by side: each is one core of tsc for about 20 s, and the machine has two (issue 26).
# Fails if either fails, after both have printed their errors.
set -uo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
tsc -p tsconfig.build.json &
build=$!
tsc --noEmit -p .
check=$?
wait "$build"
built=$?
exit $((built != 0 ? built : check))
