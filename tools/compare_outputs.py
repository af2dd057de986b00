#!/usr/bin/env python3
"""Runs two corslint binaries over the same inputs and says where they differ.

A restructuring must keep every output byte-identical. This script is how we
check it: every report format, the text variants, bundles on stderr, fixes as a
diff and as written files, baselines, `rules`, `explain` for every rule, the
Markdown docs and every `simulate` scenario of testdata/simulate (text and
JSON), over testdata/, the shared real-world corpora and any bench corpora.

    tools/compare_outputs.py --before /tmp/base/corslint --after build/release/corslint
    tools/compare_outputs.py ... --corpus /tmp/corslint-bench/mixed-2000-seed1

Run it from the repository root. Exit status 0 when every case is identical,
1 when any differs (the first lines of each difference are printed), 2 on
usage errors. Each binary runs in its own scratch copy where a case writes
files (--fix, baselines, docs), so the two never see each other's output.
"""
import argparse
import concurrent.futures
import difflib
import json
import os
import shutil
import subprocess
import sys
import tempfile

FORMATS = [
    ["-f", "text"],
    ["-f", "text", "-q"],
    ["-f", "text", "--statistics"],
    ["-f", "json"],
    ["-f", "sarif"],
    ["-f", "github"],
    ["-f", "junit"],
    ["-f", "gitlab"],
    ["-f", "text", "-v", "--explain-bundles", "--select", "ALL"],
]


def run(binary, args, cwd, stdin=None):
    p = subprocess.run([binary] + args, cwd=cwd, capture_output=True, input=stdin,
                       env=dict(os.environ, NO_COLOR="1"), timeout=900)
    return p.returncode, p.stdout, p.stderr


def tree_bytes(root):
    """Every file under root, as {relative path: bytes}."""
    out = {}
    for d, _, files in os.walk(root):
        for f in files:
            path = os.path.join(d, f)
            with open(path, "rb") as fh:
                out[os.path.relpath(path, root)] = fh.read()
    return out


def simulate_args(scenario):
    with open(os.path.join(scenario, "request.json")) as fh:
        req = json.load(fh)
    args = ["simulate"]
    bundle = req.get("bundle")
    args.append(os.path.normpath(os.path.join(scenario, bundle)) if bundle else scenario)
    args += ["--origin", req["origin"], "--method", req.get("method", "GET")]
    for header in req.get("headers", []):
        args += ["--header", header]
    if req.get("url"):
        args += ["--url", req["url"]]
    if req.get("path"):
        args += ["--path", req["path"]]
    if req.get("credentials"):
        args.append("--credentials")
    for key in ("api", "browser"):
        if req.get(key):
            args += [f"--{key}", req[key]]
    if req.get("cache"):
        args += ["--cache", req["cache"]]
        if req["cache"] == "after-origin":
            args.append(req.get("cache_origin", ""))
    return args


def cases(repo, corpora, codes):
    """(name, kind, payload): kind 'cmd' runs args in the repo; 'tree' runs in a copy."""
    targets = ["testdata"] + corpora
    for t in targets:
        for fmt in FORMATS:
            yield (f"lint {t} {' '.join(fmt)}", "cmd", ["--isolated", "--jobs", "2"] + fmt + [t])
        yield (f"lint {t} --jobs 1", "cmd", ["--isolated", "--jobs", "1", "-q", t])
    for ex in sorted(os.listdir(os.path.join(repo, "testdata/examples"))):
        path = os.path.join("testdata/examples", ex)
        if os.path.isdir(path):
            yield (f"lint {path}", "cmd", ["--isolated", path])
            yield (f"diff {path}", "cmd", ["--isolated", "--diff", path])
    yield ("diff testdata", "cmd", ["--isolated", "--diff", "testdata"])
    yield ("rules", "cmd", ["rules"])
    yield ("rules json", "cmd", ["rules", "--format", "json"])
    for code in codes:
        yield (f"explain {code}", "cmd", ["explain", code])
    yield ("rules markdown", "tree", [["rules", "--format", "markdown", "--output", "out"]])
    yield ("fix testdata/rules", "tree",
           [["--isolated", "--fix", "-q", "rules"]])
    yield ("baseline", "tree",
           [["--isolated", "--write-baseline", "out/base.json", "rules"],
            ["--isolated", "--baseline", "out/base.json", "rules"]])
    for sc in sorted(os.listdir(os.path.join(repo, "testdata/simulate"))):
        path = os.path.join("testdata/simulate", sc)
        if os.path.exists(os.path.join(path, "request.json")):
            args = simulate_args(path)
            yield (f"simulate {sc}", "cmd", args)
            yield (f"simulate {sc} json", "cmd", args + ["--format", "json"])


def outcome(binary, kind, payload, repo):
    if kind == "cmd":
        rc, out, err = run(binary, payload, repo)
        return {"rc": rc, "stdout": out, "stderr": err}
    with tempfile.TemporaryDirectory(prefix="corslint-compare-") as scratch:
        shutil.copytree(os.path.join(repo, "testdata/rules"), os.path.join(scratch, "rules"))
        os.mkdir(os.path.join(scratch, "out"))
        result = {}
        for i, args in enumerate(payload):
            rc, out, err = run(binary, args, scratch)
            result[f"{i}.rc"] = rc
            result[f"{i}.stdout"] = out
            result[f"{i}.stderr"] = err
        for path, data in tree_bytes(scratch).items():
            result[f"file {path}"] = data
        return result


def show(a, b, limit=12):
    a = (a if isinstance(a, bytes) else str(a).encode()).decode(errors="replace").splitlines()
    b = (b if isinstance(b, bytes) else str(b).encode()).decode(errors="replace").splitlines()
    # difflib is quadratic: on a large report with a difference on every line
    # it ran for over half an hour. Only the first lines are printed, so diff a
    # window that starts at the first differing line.
    start = 0
    while start < len(a) and start < len(b) and a[start] == b[start]:
        start += 1
    window = 4 * limit
    lines = list(difflib.unified_diff(a[start:start + window], b[start:start + window],
                                      "before", "after", lineterm="", n=1))
    # The window's end cuts the two sides at different places after an
    # insertion; the last hunk is then an artefact of the cut: drop it.
    hunks = [i for i, line in enumerate(lines) if line.startswith("@@")]
    if start + window < max(len(a), len(b)) and len(hunks) > 1:
        lines = lines[:hunks[-1]]
    if start:
        lines.insert(2, f"(identical first {start} lines skipped)")
    return "\n".join(lines[:limit])


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--before", required=True)
    ap.add_argument("--after", required=True)
    ap.add_argument("--corpus", action="append", default=[],
                    help="another folder to lint in every format (repeatable)")
    ap.add_argument("--no-shared", action="store_true",
                    help="skip ../shared/corpus/real and ../shared/corpus/iac")
    ap.add_argument("--jobs", type=int, default=2)
    a = ap.parse_args()
    repo = os.getcwd()
    if not os.path.isdir(os.path.join(repo, "testdata/rules")):
        sys.exit("compare_outputs: run from the repository root")
    before, after = os.path.abspath(a.before), os.path.abspath(a.after)
    corpora = [os.path.abspath(c) for c in a.corpus]
    if not a.no_shared:
        for c in ("../shared/corpus/real", "../shared/corpus/iac"):
            if os.path.isdir(os.path.join(repo, c)):
                corpora.append(os.path.abspath(os.path.join(repo, c)))
    rules = json.loads(run(before, ["rules", "--format", "json"], repo)[1])
    codes = [r["code"] for r in rules]
    todo = list(cases(repo, corpora, codes))
    differ = 0

    def compare(case):
        name, kind, payload = case
        x = outcome(before, kind, payload, repo)
        y = outcome(after, kind, payload, repo)
        notes = []
        for key in sorted(set(x) | set(y)):
            if x.get(key) != y.get(key):
                notes.append(f"  {key}:\n{show(x.get(key, b''), y.get(key, b''))}")
        return name, notes

    with concurrent.futures.ThreadPoolExecutor(a.jobs) as pool:
        for name, notes in pool.map(compare, todo):
            if notes:
                differ += 1
                print(f"DIFFERS: {name}")
                print("\n".join(notes))
    print(f"{len(todo) - differ} identical, {differ} differ ({len(todo)} cases)")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
