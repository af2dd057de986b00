#!/bin/sh
# corslint's SARIF checked by an independent validator: Microsoft's SARIF
# multitool (npm package @microsoft/sarif-multitool-linux, installed into
# .tools/ by scripts/install-deps.sh). Validates `--format sarif` over
# testdata/examples, over the formats snapshot input, and the committed
# snapshot testdata/formats/sarif.json; every error or warning fails the test.
# A deliberately broken log is validated in the same run and must be flagged,
# so the test cannot pass because the validator checked nothing.
# Usage: sarif_validate_test.sh SOURCE_DIR CORSLINT_BINARY [DIR...]
# Each DIR (an absolute path) is linted to SARIF and validated too
# (tests/report_validity_test.py passes its directories of hostile names).
set -eu
src=$1
corslint=$2
shift 2
tool=${CORSLINT_SARIF_MULTITOOL:-$src/.tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool}
if [ ! -x "$tool" ]; then
  tool=$(command -v Sarif.Multitool || true)
fi
if [ -z "$tool" ] || [ ! -x "$tool" ]; then
  echo "SKIP: the SARIF multitool is not installed (scripts/install-deps.sh puts it in .tools/:"
  echo "      npm install --prefix .tools @microsoft/sarif-multitool-linux)"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$src"
status=0
"$corslint" --isolated --format sarif testdata/examples >"$work/examples.sarif" || status=$?
[ "$status" -le 1 ] || { echo "FAIL: corslint exited $status on testdata/examples"; exit 1; }
status=0
"$corslint" --isolated --format sarif testdata/formats/input >"$work/formats.sarif" || status=$?
[ "$status" -le 1 ] || { echo "FAIL: corslint exited $status on testdata/formats/input"; exit 1; }
cp testdata/formats/sarif.json "$work/snapshot.sarif"
extra=""
n=0
for dir in "$@"; do
  n=$((n + 1))
  status=0
  "$corslint" --isolated --format sarif "$dir" >"$work/extra-$n.sarif" || status=$?
  [ "$status" -le 1 ] || { echo "FAIL: corslint exited $status on $dir"; exit 1; }
  extra="$extra $work/extra-$n.sarif"
done
# Missing version, a driver without a name, a message without text.
printf '{"runs":[{"tool":{"driver":{}},"results":[{"message":{}}]}]}\n' >"$work/broken.sarif"

# Rule SARIF2006 fetches every helpUri; without a network that only costs time
# (and it is a note), so run without one where we can.
run=""
# It is a .NET program: without this it needs ICU (libicu72), which a minimal
# Debian may lack; validation needs no culture data.
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
if unshare -n true 2>/dev/null; then run="unshare -n"; fi
# The validator exits 0 even when it finds errors: read its own SARIF log.
# shellcheck disable=SC2086 # $extra: paths under mktemp -d, no blanks
$run "$tool" validate "$work/examples.sarif" "$work/formats.sarif" "$work/snapshot.sarif" $extra \
  "$work/broken.sarif" -o "$work/validation.sarif" --log ForceOverwrite >"$work/out.txt" 2>&1 || {
  cat "$work/out.txt"
  echo "FAIL: the SARIF multitool did not run"
  exit 1
}
# shellcheck disable=SC2086
python3 - "$work/validation.sarif" $extra <<'PY'
import json, sys
log = json.load(open(sys.argv[1]))
problems, broken = [], 0
for run in log["runs"]:
    for r in run.get("results", []):
        level = r.get("level", "warning")
        if level not in ("error", "warning"):
            continue
        uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        if uri.endswith("/broken.sarif"):
            broken += 1
            continue
        args = r.get("message", {}).get("arguments", [])
        problems.append(f"{uri}: {level} {r['ruleId']} {args}")
if broken == 0:
    sys.exit("FAIL: the validator did not flag a broken SARIF log; is it validating at all?")
if problems:
    print("\n".join(problems))
    sys.exit(f"FAIL: {len(problems)} SARIF validation errors/warnings")
print(f"SARIF multitool: examples, formats, snapshot and {len(sys.argv) - 2} more logs valid "
      f"(0 errors, 0 warnings; the broken control log had {broken})")
PY
