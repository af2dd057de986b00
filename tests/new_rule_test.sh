#!/bin/sh
# tools/new_rule.py scaffolds rules that compile against today's rule API: a
# document rule of each family and a bundle rule, each checked with the compiler.
set -eu
src=$1
cxx=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 "$src/tools/new_rule.py" --root "$tmp" C999 cors-scaffold-check
python3 "$src/tools/new_rule.py" --root "$tmp" P999 policy-scaffold-check
python3 "$src/tools/new_rule.py" --root "$tmp" F999 cf-scaffold-check --kind response-headers-policy
python3 "$src/tools/new_rule.py" --root "$tmp" X999 scaffold-check --kind cors --kind distribution
for f in "$tmp"/rules/*/*.cpp; do
  "$cxx" -std=c++20 -fsyntax-only -Wall -Wextra -Werror -I"$src/lib/include" "$f"
done
for d in C999 P999 F999; do
  test -f "$tmp/testdata/rules/$d/bad-example.json"
  test -f "$tmp/testdata/rules/$d/good-example.json"
done
test -f "$tmp/testdata/rules/X999/bad-example/cors.json"
test -f "$tmp/testdata/rules/X999/good-example/distribution.json"
test -f "$tmp/rules/cross/scaffold_check.cpp"
test -f "$tmp/rules/cors/scaffold_check.cpp"
