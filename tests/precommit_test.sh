#!/bin/sh
# The pre-commit hook for real: a scratch repository uses this repository's
# .pre-commit-hooks.yaml; a commit with a bad S3 CORS file is refused with the
# finding shown, a good one is accepted. Usage: precommit_test.sh SOURCE_DIR BIN_DIR
set -eu
src=$1
bin=$2
if ! command -v pre-commit >/dev/null 2>&1; then
  echo "SKIP: pre-commit is not installed (apt-get install pre-commit)"
  exit 77
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export PATH="$bin:$PATH" PRE_COMMIT_HOME="$work/cache" HOME="$work"
# pre-commit clones the hook repository at a commit: snapshot this tree's hook
# definition into a throwaway repository so uncommitted edits are tested too.
mkdir "$work/hooks"
cp "$src/.pre-commit-hooks.yaml" "$work/hooks/"
git -C "$work/hooks" init -q
git -C "$work/hooks" -c user.email=t@example.invalid -c user.name=t add .
git -C "$work/hooks" -c user.email=t@example.invalid -c user.name=t commit -qm hooks
rev=$(git -C "$work/hooks" rev-parse HEAD)
mkdir "$work/repo"
cd "$work/repo"
git init -q
git config user.email t@example.invalid
git config user.name t
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $work/hooks
    rev: $rev
    hooks:
      - id: corslint
YAML
git add .pre-commit-config.yaml
git commit -qm config
pre-commit install >/dev/null
printf '[{"AllowedOrigins": ["https://app.acme-widgets.io/"], "AllowedMethods": ["get"]}]\n' > cors.json
git add cors.json
if git commit -qm bad >"$work/out.txt" 2>&1; then
  cat "$work/out.txt"
  echo "FAIL: the commit with a bad CORS file was accepted"
  exit 1
fi
grep -q 'C002 cors-invalid-method' "$work/out.txt" || { cat "$work/out.txt"; echo "FAIL: finding not shown"; exit 1; }
printf '[{"AllowedOrigins": ["https://app.acme-widgets.io"], "AllowedMethods": ["GET"]}]\n' > cors.json
git add cors.json
if ! git commit -qm good >"$work/out.txt" 2>&1; then
  cat "$work/out.txt"
  echo "FAIL: the commit with a good CORS file was refused"
  exit 1
fi
echo "pre-commit hook: bad commit refused, good commit accepted"
