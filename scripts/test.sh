#!/bin/sh
# README command (b), and what CI runs: install what is missing, then
# configure, build and run every test with ctest (dev preset: Debug,
# warnings as errors), then the same suite under AddressSanitizer + UBSan.
set -eu
cd "$(dirname "$0")/.."
./scripts/install-deps.sh
cmake --workflow --preset asan
cmake --workflow --preset dev
