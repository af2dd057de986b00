#!/bin/sh
# Installs the Debian packages corslint builds with, only when one is missing,
# so running it again is quick and changes nothing. Uses sudo when not root.
set -eu
PACKAGES="cmake ninja-build g++ pkg-config libsimdjson-dev libfmt-dev libcxxopts-dev catch2 clang-14 libclang-rt-14-dev pre-commit git chromium"
missing=""
for p in $PACKAGES; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing="$missing $p"
  fi
done
[ -z "$missing" ] && exit 0
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "corslint: installing$missing" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
