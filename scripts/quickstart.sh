#!/bin/sh
# README command (a): install what is missing, build the release preset, and
# lint the bundled examples. Findings in the examples are expected (they hold
# the mistakes corslint exists to catch), so exit status 1 is success here.
set -eu
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake --preset release >/dev/null
# Only the binary: the test suite is command (b)'s job and would double the build.
cmake --build --preset release --target corslint
echo
echo "\$ ./build/release/corslint testdata/examples/"
status=0
./build/release/corslint testdata/examples/ || status=$?
[ "$status" -le 1 ] || exit "$status"
