#!/bin/sh
# README command (b), and what CI runs: install what is missing, then
# configure, build and run every test with ctest: the suite under
# AddressSanitizer + UBSan, a bounded libFuzzer run (60 s, clang-14), then the
# suite in the dev preset (Debug, warnings as errors), whose summary closes.
set -eu
cd "$(dirname "$0")/.."
./scripts/install-deps.sh --test
cmake --workflow --preset asan
cmake --workflow --preset fuzz
cmake --workflow --preset dev
