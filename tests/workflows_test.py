#!/usr/bin/env python3
"""Every YAML snippet of docs/integrations.md and docs/examples/ is parsed and
its structure checked; the corslint command lines in the workflows are run,
exactly as written, on a copy of testdata/examples, and their reports checked.
Usage: workflows_test.py SOURCE_DIR CORSLINT_BINARY"""
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

try:
    import yaml
except ImportError:
    print("SKIP: python3-yaml is not installed (apt-get install python3-yaml)")
    sys.exit(77)

src, corslint = sys.argv[1], os.path.abspath(sys.argv[2])
failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL:", msg)


doc_path = os.path.join(src, "docs", "integrations.md")
doc = open(doc_path, encoding="utf-8").read()
blocks = re.findall(r"```yaml\n(.*?)```", doc, re.S)
examples_dir = os.path.join(src, "docs", "examples")
examples = sorted(f for f in os.listdir(examples_dir) if f.endswith((".yml", ".yaml")))
snippets = [(f"docs/integrations.md yaml block {i + 1}", b) for i, b in enumerate(blocks)]
for name in examples:
    text = open(os.path.join(examples_dir, name), encoding="utf-8").read()
    snippets.append((f"docs/examples/{name}", text))
    # The doc shows each workflow file in full, so what a reader copies is what is tested.
    if text not in blocks:
        fail(f"docs/integrations.md does not show docs/examples/{name} verbatim in a yaml block")
if len(examples) < 3:
    fail(f"expected the GitHub (SARIF, annotations) and GitLab examples, found {examples}")

hook_ids = {h["id"] for h in yaml.safe_load(open(os.path.join(src, ".pre-commit-hooks.yaml")))}
cmake_lists = open(os.path.join(src, "CMakeLists.txt"), encoding="utf-8").read()
cmake_options = set(re.findall(r"^option\((\w+)", cmake_lists, re.M))
deps_script = open(os.path.join(src, "scripts", "install-deps.sh"), encoding="utf-8").read()
build_packages = set(re.search(r'^PACKAGES="([^"]*)"', deps_script, re.M).group(1).split())
build_packages -= {"catch2", "clang-14", "libclang-rt-14-dev"}  # tests and fuzzer only

commands = []  # (snippet name, corslint command line)
seen = {"github": 0, "gitlab": 0, "pre-commit": 0}


def shell_lines(value):
    if isinstance(value, str):
        return [l.strip() for l in value.splitlines() if l.strip()]
    if isinstance(value, list):
        return [l.strip() for v in value for l in str(v).splitlines() if l.strip()]
    return []


def check_shell(name, lines):
    for line in lines:
        words = shlex.split(line)
        if words and words[0] == "sudo":
            words = words[1:]
        if not words:
            continue
        if words[0] == "corslint":
            commands.append((name, line))
        elif words[0] == "cmake":
            for w in words:
                m = re.match(r"-D(\w+)=", w)
                if m and not m.group(1).startswith("CMAKE_") and m.group(1) not in cmake_options:
                    fail(f"{name}: cmake option {m.group(1)} does not exist in CMakeLists.txt")
        elif words[:2] == ["apt-get", "install"]:
            missing = build_packages - set(words)
            if missing:
                fail(f"{name}: apt-get install lacks build dependencies {sorted(missing)}")


def output_of(line, fmt):
    words = shlex.split(line)
    if "--format" in words and words[words.index("--format") + 1] == fmt and "--output" in words:
        return words[words.index("--output") + 1]
    return None


for name, text in snippets:
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        fail(f"{name}: not a YAML mapping")
        continue
    if "repos" in data:  # .pre-commit-config.yaml
        seen["pre-commit"] += 1
        ids = [h["id"] for r in data["repos"] for h in r["hooks"]]
        for i in ids:
            if i not in hook_ids:
                fail(f"{name}: hook id {i!r} is not in .pre-commit-hooks.yaml")
        continue
    if "jobs" in data:  # GitHub Actions; YAML 1.1 reads the key `on` as True
        seen["github"] += 1
        if not (data.get(True) or data.get("on")):
            fail(f"{name}: no 'on' trigger")
        for job_name, job in data["jobs"].items():
            if "runs-on" not in job or not job.get("steps"):
                fail(f"{name}: job {job_name} needs runs-on and steps")
                continue
            sarif_outputs = []
            for step in job["steps"]:
                if "uses" in step and "@" not in step["uses"]:
                    fail(f"{name}: action {step['uses']} is not pinned to a version")
                lines = shell_lines(step.get("run"))
                check_shell(name, lines)
                sarif_outputs += [o for o in (output_of(l, "sarif") for l in lines) if o]
                if step.get("uses", "").startswith("github/codeql-action/upload-sarif@"):
                    if step.get("with", {}).get("sarif_file") not in sarif_outputs:
                        fail(f"{name}: upload-sarif uploads {step.get('with', {}).get('sarif_file')!r}, "
                             f"which no earlier corslint --format sarif --output writes")
                    if "always()" not in str(step.get("if", "")):
                        fail(f"{name}: upload-sarif must run 'if: always()' (corslint exits 1 on findings)")
                    if data.get("permissions", {}).get("security-events") != "write":
                        fail(f"{name}: upload-sarif needs permissions: security-events: write")
            if not any(l.startswith("corslint ") for s in job["steps"] for l in shell_lines(s.get("run"))):
                fail(f"{name}: job {job_name} never runs corslint")
        continue
    # GitLab CI: every other top-level mapping with a script is a job.
    jobs = {k: v for k, v in data.items() if isinstance(v, dict) and "script" in v}
    if not jobs:
        fail(f"{name}: neither a pre-commit config, a GitHub workflow nor a GitLab CI file")
        continue
    seen["gitlab"] += 1
    for job_name, job in jobs.items():
        lines = shell_lines(job.get("before_script")) + shell_lines(job["script"])
        check_shell(name, lines)
        report = job.get("artifacts", {}).get("reports", {}).get("codequality")
        outputs = [o for o in (output_of(l, "gitlab") for l in lines) if o]
        if report is None or report not in outputs:
            fail(f"{name}: artifacts:reports:codequality ({report!r}) is not what corslint "
                 f"--format gitlab --output writes ({outputs})")
        if job.get("artifacts", {}).get("when") != "always":
            fail(f"{name}: the code quality artifact must be kept 'when: always'")

for kind, n in seen.items():
    if n == 0:
        fail(f"no {kind} snippet found")

# Run every corslint command line as written, in a copy of testdata/examples.
for name, line in commands:
    work = tempfile.mkdtemp()
    try:
        repo = os.path.join(work, "repo")
        shutil.copytree(os.path.join(src, "testdata", "examples"), repo)
        argv = [corslint] + shlex.split(line)[1:]
        r = subprocess.run(argv, cwd=repo, capture_output=True, text=True)
        if r.returncode not in (0, 1):
            fail(f"{name}: `{line}` exited {r.returncode}: {r.stderr.strip()}")
            continue
        words = shlex.split(line)
        fmt = words[words.index("--format") + 1] if "--format" in words else "text"
        out = None
        if "--output" in words:
            path = os.path.join(repo, words[words.index("--output") + 1])
            out = open(path, encoding="utf-8").read() if os.path.exists(path) else None
            if out is None:
                fail(f"{name}: `{line}` did not write its --output file")
                continue
        else:
            out = r.stdout
        if fmt == "sarif":
            log = json.loads(out)
            ok = log.get("version") == "2.1.0" and log["runs"][0]["results"]
        elif fmt == "gitlab":
            issues = json.loads(out)
            ok = isinstance(issues, list) and issues and all("fingerprint" in i for i in issues)
        elif fmt == "github":
            ok = out and all(l.startswith(("::error ", "::warning ", "::notice ")) for l in out.splitlines())
        else:
            ok = "Found " in out
        if not ok:
            fail(f"{name}: `{line}` wrote no usable {fmt} report")
        else:
            print(f"ok: {name}: `{line}` (exit {r.returncode})")
    finally:
        shutil.rmtree(work)

if failures:
    sys.exit(f"{len(failures)} problem(s) in the integration snippets")
print(f"{len(snippets)} YAML snippets parsed and checked, {len(commands)} corslint command lines run")
