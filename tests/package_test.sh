#!/bin/sh
# Install and packages: `cmake --install` into a scratch prefix (binary, man
# page, bash completion, library, headers, CMake package), a consumer program
# built against it with find_package(corslint), then `cpack -G DEB`: package
# contents and metadata, and the packaged binary run from `dpkg -x`.
# Usage: package_test.sh SOURCE_DIR BUILD_DIR
set -eu
src=$1
build=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# --- cmake --install ---------------------------------------------------------
prefix=$work/prefix
cmake --install "$build" --prefix "$prefix" >"$work/install.log" || { cat "$work/install.log"; fail "cmake --install"; }
for f in bin/corslint share/man/man1/corslint.1 share/bash-completion/completions/corslint \
         lib/libcorslint.a include/corslint/engine.hpp include/corslint/model/cors.hpp \
         lib/cmake/corslint/corslintConfig.cmake lib/cmake/corslint/corslintConfigVersion.cmake \
         lib/cmake/corslint/corslintTargets.cmake; do
  [ -e "$prefix/$f" ] || fail "cmake --install did not install $f"
done
"$prefix/bin/corslint" --version | grep -q '^corslint ' || fail "installed binary does not run"
# The completion loads in a plain bash and completes formats.
if command -v bash >/dev/null 2>&1; then
  out=$(bash -c ". '$prefix/share/bash-completion/completions/corslint'
    COMP_WORDS=(corslint --format s); COMP_CWORD=2; _corslint; echo \"\${COMPREPLY[*]}\"")
  [ "$out" = "sarif" ] || fail "bash completion of '--format s' gave '$out'"
fi
echo "cmake --install: binary, man page, completion, library, headers, CMake package"

# --- a consumer built against the installed tree -----------------------------
cmake -S "$src/tests/consumer" -B "$work/consumer" -G Ninja -DCMAKE_BUILD_TYPE=Debug \
  -DCMAKE_PREFIX_PATH="$prefix" >"$work/consumer.log" 2>&1 || { cat "$work/consumer.log"; fail "consumer configure"; }
cmake --build "$work/consumer" >>"$work/consumer.log" 2>&1 || { cat "$work/consumer.log"; fail "consumer build"; }
"$work/consumer/consumer" "$src/testdata/examples/seed-post/cors.json" >"$work/consumer.out" ||
  { cat "$work/consumer.out"; fail "consumer run"; }
grep -q '^rules: [1-9]' "$work/consumer.out" || { cat "$work/consumer.out"; fail "consumer sees no rules"; }
grep -q 'cors.json:13:13 C019$' "$work/consumer.out" || { cat "$work/consumer.out"; fail "consumer did not lint"; }
echo "find_package(corslint): consumer built and linted ($(grep -c ' [A-Z][0-9]' "$work/consumer.out") findings)"

# --- cpack -G DEB --------------------------------------------------------------
if ! command -v dpkg-deb >/dev/null 2>&1 || ! command -v dpkg-shlibdeps >/dev/null 2>&1; then
  echo "SKIP: the .deb checks need dpkg-deb and dpkg-shlibdeps (apt-get install dpkg-dev)"
  exit 77
fi
(cd "$work" && cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/pkg") >"$work/cpack.log" 2>&1 ||
  { cat "$work/cpack.log"; fail "cpack -G DEB"; }
deb=$(ls "$work"/pkg/corslint_*.deb)
dev=$(ls "$work"/pkg/corslint-dev_*.deb)
dpkg-deb -I "$deb" >"$work/info.txt"
dpkg-deb -c "$deb" >"$work/contents.txt"
grep -q '^ Package: corslint$' "$work/info.txt" || { cat "$work/info.txt"; fail "package name"; }
grep -q '^ Version: 0\.' "$work/info.txt" || fail "version"
# Dependencies from dpkg-shlibdeps: the C++ runtime and the shared fmt and simdjson.
for d in libc6 libstdc++6 libfmt libsimdjson; do
  grep '^ Depends:' "$work/info.txt" | grep -q "$d" || { cat "$work/info.txt"; fail "Depends lacks $d"; }
done
for f in ./usr/bin/corslint ./usr/share/man/man1/corslint.1 ./usr/share/bash-completion/completions/corslint; do
  grep -q " $f\$" "$work/contents.txt" || { cat "$work/contents.txt"; fail "$f not in the .deb"; }
done
# The command package carries no library or headers; corslint-dev does.
! grep -q 'include/corslint' "$work/contents.txt" || fail "headers in the command package"
dpkg-deb -c "$dev" >"$work/dev-contents.txt"
dpkg-deb -I "$dev" >"$work/dev-info.txt"
grep -q ' ./usr/include/corslint/engine.hpp$' "$work/dev-contents.txt" || fail "headers missing from corslint-dev"
grep -q ' ./usr/lib/.*cmake/corslint/corslintConfig.cmake$' "$work/dev-contents.txt" || fail "CMake package missing from corslint-dev"
grep '^ Depends:' "$work/dev-info.txt" | grep -q 'libfmt-dev' || fail "corslint-dev should depend on libfmt-dev"
# Unpacked (no root install needed), the binary runs and lints.
dpkg-deb -x "$deb" "$work/root"
"$work/root/usr/bin/corslint" --version | grep -q '^corslint 0\.' || fail "packaged binary does not run"
status=0
"$work/root/usr/bin/corslint" -q "$src/testdata/examples/seed-post/cors.json" >"$work/run.txt" || status=$?
[ "$status" -eq 1 ] && grep -q 'C019' "$work/run.txt" || { cat "$work/run.txt"; fail "packaged binary did not lint"; }
echo "cpack -G DEB: $(basename "$deb") and $(basename "$dev"); $(grep '^ Depends:' "$work/info.txt" | sed 's/^ //')"
