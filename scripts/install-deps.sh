#!/bin/sh
# Installs the Debian packages corslint builds with, only when one is missing,
# so running it again is quick and changes nothing. Uses sudo when not root.
# With --test (scripts/test.sh), also what the tests use: pre-commit, git,
# python3-yaml, chromium (the real-browser test), dpkg-dev (cpack's DEB generator) and Microsoft's SARIF
# multitool from npm, into the project-local, git-ignored .tools/.
set -eu
cd "$(dirname "$0")/.."
PACKAGES="cmake ninja-build g++ pkg-config libsimdjson-dev libyaml-dev libfmt-dev libcxxopts-dev libexpat1-dev catch2 clang-14 libclang-rt-14-dev"
test_tools=0
if [ "${1:-}" = "--test" ]; then
  test_tools=1
  PACKAGES="$PACKAGES pre-commit git python3 python3-yaml dpkg-dev chromium"
fi
missing=""
for p in $PACKAGES; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done
# npm: Debian's package, unless some npm (e.g. bundled with a nodejs build) is there already.
if [ "$test_tools" -eq 1 ] && ! command -v npm >/dev/null 2>&1; then
  missing="$missing npm"
fi
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
if [ -n "$missing" ]; then
  echo "corslint: installing$missing" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
[ "$test_tools" -eq 1 ] || exit 0
# The SARIF validator (tests/sarif_validate_test.sh). Not fatal: without it
# that test skips and says why.
SARIF_MULTITOOL_VERSION=5.7.0
tool=.tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool
if [ ! -f "$tool" ] || ! grep -q "\"version\": \"$SARIF_MULTITOOL_VERSION\"" \
    .tools/node_modules/@microsoft/sarif-multitool-linux/package.json 2>/dev/null; then
  echo "corslint: installing @microsoft/sarif-multitool-linux@$SARIF_MULTITOOL_VERSION into .tools/" >&2
  npm install --prefix .tools --no-audit --no-fund --no-save --loglevel=error \
    "@microsoft/sarif-multitool-linux@$SARIF_MULTITOOL_VERSION" >/dev/null ||
    echo "corslint: warning: could not install the SARIF multitool; its test will skip" >&2
fi
# Its postinstall script (chmod u+x) does not run where npm holds back install scripts.
[ -f "$tool" ] && chmod u+x "$tool"
exit 0
