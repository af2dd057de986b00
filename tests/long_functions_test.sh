#!/bin/sh
# tools/long_functions.py must catch what it exists to catch: a function over
# the limit without a `// Long:` comment fails, the same function with one
# passes, and braces inside strings and comments do not fool it.
set -eu
tool="$1/tools/long_functions.py"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
body() {
  i=0
  while [ $i -lt 85 ]; do echo "  x += \"}{\";  // }"; i=$((i + 1)); done
}
{ echo "int f(int x) {"; body; echo "  return x;"; echo "}"; } > "$dir/long.cpp"
if python3 "$tool" "$dir" > "$dir/out"; then
  echo "FAIL: an 88-line function without a why-comment passed"; cat "$dir/out"; exit 1
fi
grep -q "long.cpp:1: 88 lines (no // Long: comment)" "$dir/out" || {
  echo "FAIL: wrong report"; cat "$dir/out"; exit 1; }
{ echo "// Long: one case per line of a table."; echo "int f(int x) {"; body; echo "  return x;"; echo "}"; } > "$dir/long.cpp"
python3 "$tool" "$dir" > "$dir/out" || { echo "FAIL: a why-comment was not accepted"; cat "$dir/out"; exit 1; }
echo ok
