#!/usr/bin/env python3
"""Every report is valid in its format, and no input forges a line, whatever
the bytes of file names and values (issue 22, items 14 and 15;
docs/security.md, "Reports").

Creates real files with hostile names (newline, CR, ESC, C1 controls, bytes
that are not UTF-8, "::error", "%0A", "##[", bidi overrides) and hostile
values (the same, as JSON escapes and as raw bytes, cp1252 "smart quotes",
U+FFFE/U+FFFF, lone surrogates), then rounds of random names and values from a
fixed seed, lints each directory in every format and checks:

- json, gitlab, sarif: strict UTF-8 (bytes.decode('utf-8', 'strict')) and JSON;
- junit: strict UTF-8 and `xmllint --noout` (well-formed XML 1.0);
- sarif: Microsoft's SARIF multitool, through tests/sarif_validate_test.sh
  (skipped, with a note, when the multitool is not installed);
- github: one line per finding, every line a workflow command the runner
  parses as ours (starts with "::", properties are exactly ours, `file=`
  unescapes to the real name when the name can be carried), no raw control
  character;
- text: strict UTF-8, no control character but LF and tab, and each hostile
  name shown with its escapes;
- every format but github: no line the GitHub runner would take for a command
  ("::" after leading blanks, or "##[" anywhere), since any report may be
  printed in a workflow step.

Usage: report_validity_test.py CORSLINT SOURCE_DIR WORK_PARENT [--rounds N] [--seed N]
WORK_PARENT is where the scratch directory goes (the build tree, never /tmp).
"""
import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

FORMATS = ["text", "json", "sarif", "github", "junit", "gitlab"]

# Names that once forged a line, a command or an escape, or broke a format.
HOSTILE_NAMES = [
    b"nl\n::error file=forged.json,line=1::forged by a name.json",
    b"\n::warning::a name that starts with a newline.json",
    b"::error file=x.json::a name that starts with colons.json",
    b"  \xc2\xa0::error::blanks then colons.json",
    b"cr\r::error::carriage return.json",
    b"esc\x1b[31mred\x1b]0;title\x07\x1b[0m.json",
    b"c1 \xc2\x9b31m \xc2\x9d0;t\xc2\x9c \xc2\x85.json",
    b"bad\xff\xfe\xc3(\xed\xa0\x80\xc0\xaf.json",
    b"pct%0A%25%3A%2C.json",
    b"legacy ##[error]forged by a name.json",
    b"bidi \xe2\x80\xae \xe2\x81\xa6 \xe2\x80\xa8.json",
    b"nonchar \xef\xbf\xbf \xef\xbf\xbe.json",
    b"amp&<>\"'.json",
    b"tab\t del\x7f bs\\.json",
]

# Value fragments, as JSON-string content (escapes) or raw bytes.
HOSTILE_VALUES = [
    rb"\n::error file=forged.json,line=1::forged by a value",
    rb"\r::error::cr",
    rb"\u001b[31mred\u001b]0;t\u0007",
    rb"\u009b31m\u0085",
    rb"##[error]forged by a value",
    rb"\uffff\ufffe",
    rb"\ud800 lone surrogate",
    rb"\u202e bidi \u2028 ls",
    rb"\u0000\u0001\u001f\u007f",
    b"\x93smart quotes\x94 \x91cp1252\x92",
    b"raw \xff\xfe\xc3( bytes",
    b"raw \x1b[2J esc",
    b"\xc2\x9b raw c1",
]


def policy(version, sid, resource):
    return (b'{"Version":"' + version + b'","Statement":[{"Sid":"' + sid +
            b'","Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"'
            b'arn:aws:s3:::b/' + resource + b'","' + sid + b'":1}]}\n')


def cors(origin):
    return (b'{"CORSRules":[{"AllowedOrigins":["' + origin + b'"],"AllowedMethods":["GET","'
            + origin + b'"],"AllowedHeaders":["' + origin + b'"]}]}\n')


def content_for(value):
    return [policy(value, value, value), cors(value)]


def random_name(rng):
    n = rng.randint(1, 24)
    pool = [rng.randint(1, 255) for _ in range(n)]
    raw = bytes(b for b in pool if b != ord("/"))
    if rng.random() < 0.5:
        raw += rng.choice([b"\n::error::x", b"%0A", b"\x1b[1m", b"\xff", b"##[debug]x"])
    return raw + b".json"


def random_value(rng):
    parts = []
    for _ in range(rng.randint(1, 6)):
        kind = rng.random()
        if kind < 0.4:  # a JSON escape of any code unit, surrogates and noncharacters included
            cp = rng.choice([rng.randint(0, 0x40), rng.randint(0x7F, 0xA0), rng.randint(0, 0xFFFF),
                             0xFFFE, 0xFFFF, 0xD800, 0xDFFF, 0x2028, 0x202E])
            parts.append(b"\\u%04x" % cp)
        elif kind < 0.8:  # raw bytes, not a quote or a backslash
            parts.append(bytes(b for b in rng.randbytes(rng.randint(1, 8)) if b not in b'"\\'))
        else:
            parts.append(rng.choice(HOSTILE_VALUES))
    return b"".join(parts)


def write_files(directory, names_and_contents):
    os.makedirs(directory)
    written = []
    for name, data in names_and_contents:
        path = os.path.join(os.fsencode(directory), name)
        if os.path.exists(path):
            continue
        with open(path, "wb") as f:
            f.write(data)
        written.append(name)
    return written


class Failures:
    def __init__(self):
        self.items = []

    def add(self, where, what):
        self.items.append(f"{where}: {what}")


def lint(corslint, directory, fmt, inside=False):
    """`inside`: run in the directory over ".", so each line starts with a bare name."""
    r = subprocess.run([corslint, "--isolated", "--format", fmt,
                        "." if inside else os.fsencode(directory)],
                       cwd=directory if inside else None, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=120)
    if r.returncode not in (0, 1):
        raise SystemExit(f"FAIL: corslint --format {fmt} exited {r.returncode}: "
                         f"{r.stderr.decode('utf-8', 'replace')}")
    return r.stdout


def strict_utf8(data, where, fail):
    try:
        return data.decode("utf-8", "strict")
    except UnicodeDecodeError as e:
        fail.add(where, f"not UTF-8: {e}")
        return None


def check_json(data, where, fail):
    text = strict_utf8(data, where, fail)
    if text is None:
        return None
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        fail.add(where, f"not JSON: {e}")
        return None


def check_junit(data, where, fail):
    strict_utf8(data, where, fail)
    r = subprocess.run(["xmllint", "--noout", "-"], input=data, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE)
    if r.returncode != 0:
        fail.add(where, "xmllint: " + r.stderr.decode("utf-8", "replace")[:400])


# Characters no line of ours holds raw: C0 but tab and LF, DEL, C1, line and
# paragraph separators, bidi controls (escape.hpp).
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029"
                         "\u202a-\u202e\u2066-\u2069]")


def github_unescape_property(s):
    # actions/runner ActionCommand.cs, _escapePropertyMappings, in its order.
    for token, repl in (("\r", "%0D"), ("\n", "%0A"), (":", "%3A"), (",", "%2C"), ("%", "%25")):
        s = s.replace(repl, token)
    return s


def check_github(data, where, fail, findings, names):
    text = strict_utf8(data, where, fail)
    if text is None:
        return
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if findings is not None and len(lines) != findings:
        fail.add(where, f"{len(lines)} lines for {findings} findings")
    carried = {n.decode("utf-8") for n in names if is_plain(n)}
    for line in lines:
        if RAW_CONTROL.search(line):
            fail.add(where, f"raw control character in {line[:120]!r}")
        m = re.match(r"::(notice|warning|error) (.*?)::", line)
        if not m:
            fail.add(where, f"not one of our workflow commands: {line[:120]!r}")
            continue
        props = dict(p.split("=", 1) for p in m.group(2).split(","))
        if not set(props) <= {"file", "line", "col", "endLine", "endColumn", "title"}:
            fail.add(where, f"forged properties {sorted(props)} in {line[:120]!r}")
        file = github_unescape_property(props.get("file", ""))
        base = file.rsplit("/", 1)[-1]
        shown_escaped = "\\" in base or "\ufffd" in base
        if base not in carried and not shown_escaped:
            fail.add(where, f"file= does not unescape to a linted file: {file!r}")


def is_plain(name):
    """A name the github format carries as itself: UTF-8 with nothing it shows
    escaped but CR and LF, which GitHub's own escapes carry."""
    try:
        s = name.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return RAW_CONTROL.search(s.replace("\r", "")) is None


def check_text(data, where, fail):
    text = strict_utf8(data, where, fail)
    if text is None:
        return None
    for line in text.split("\n"):
        if RAW_CONTROL.search(line):
            fail.add(where, f"raw control character in {line[:120]!r}")
        if line.lstrip().startswith("::"):
            fail.add(where, f"a line the runner takes for a workflow command: {line[:120]!r}")
        if "##[" in line:
            fail.add(where, f"a legacy runner command: {line[:120]!r}")
    return text


def check_no_command(data, where, fail):
    """No line the GitHub runner would take for a command, in any format but
    github (whose own lines are commands): a report may be printed in a step."""
    for line in data.decode("utf-8", "replace").split("\n"):
        if line.lstrip().startswith("::") or "##[" in line:
            fail.add(where, f"a line the runner takes for a command: {line[:120]!r}")


def check_directory(corslint, directory, names, fail):
    outputs = {fmt: lint(corslint, directory, fmt) for fmt in FORMATS}
    label = os.path.basename(directory)
    report = check_json(outputs["json"], f"{label} json", fail)
    findings = len(report["findings"]) if report else None
    if findings == 0:
        fail.add(f"{label} json", "no findings: the hostile values were not echoed")
    check_json(outputs["gitlab"], f"{label} gitlab", fail)
    check_json(outputs["sarif"], f"{label} sarif", fail)
    check_junit(outputs["junit"], f"{label} junit", fail)
    for fmt in ("json", "gitlab", "sarif", "junit"):
        check_no_command(outputs[fmt], f"{label} {fmt}", fail)
    check_github(outputs["github"], f"{label} github", fail, findings, names)
    text = check_text(outputs["text"], f"{label} text", fail)
    inside = check_text(lint(corslint, directory, "text", True), f"{label} text in it", fail)
    check_messages(corslint, directory, label, fail)
    return None if text is None or inside is None else text + inside


def check_messages(corslint, directory, label, fail):
    """What the CLI prints besides reports: -v and --explain-bundles lines on
    stderr (file names, resource ids), and simulate's transcript and errors
    (origins, header names and rule ids from the files)."""
    r = subprocess.run([corslint, "--isolated", "-v", "--explain-bundles", "--select", "ALL",
                        "--format", "json", os.fsencode(directory)],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=120)
    check_text(r.stderr, f"{label} -v stderr", fail)
    for name in sorted(os.listdir(os.fsencode(directory))):
        path = os.path.join(os.fsencode(directory), name)
        for origin in ("https://app.acme-widgets.io", "null"):
            r = subprocess.run([corslint, "simulate", path, "--origin", origin, "--method", "PUT",
                                "--header", "X-Custom: 1"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
            check_text(r.stdout, f"{label} simulate {name!r}", fail)
            check_text(r.stderr, f"{label} simulate stderr {name!r}", fail)


def hostile_round(corslint, work, fail):
    directory = os.path.join(work, "hostile")
    files = []
    for i, name in enumerate(HOSTILE_NAMES):
        value = HOSTILE_VALUES[i % len(HOSTILE_VALUES)]
        files.append((name, content_for(value)[i % 2]))
    names = write_files(directory, files)
    text = check_directory(corslint, directory, names, fail)
    if text is not None:
        # The forged attempts are shown, escaped, where they were.
        for expected in [r"nl\u000a::error file=forged.json", r"\u000a::warning::",
                         r"\u003a:error file=x.json", r"cr\u000d::error",
                         r"esc\u001b[31mred", r"legacy ##\u005berror]", r"bad\xff\xfe\xc3(",
                         'version "' + r"\u000a::error file=forged.json"]:
            if expected not in text:
                fail.add("hostile text", f"expected the escaped form {expected!r}")
    return directory


def random_round(corslint, work, rng, index, fail):
    directory = os.path.join(work, f"random-{index}")
    files = []
    for _ in range(8):
        files.append((random_name(rng), content_for(random_value(rng))[rng.randint(0, 1)]))
    names = write_files(directory, files)
    check_directory(corslint, directory, names, fail)
    return directory


def sarif_multitool(source_dir, corslint, directories):
    script = os.path.join(source_dir, "tests", "sarif_validate_test.sh")
    r = subprocess.run(["sh", script, source_dir, corslint] + directories,
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = r.stdout.decode("utf-8", "replace")
    if r.returncode == 77:
        print("note: SARIF multitool not installed, SARIF checked as strict UTF-8 JSON only")
        return None
    print(out.strip())
    return r.returncode == 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("corslint")
    ap.add_argument("source_dir")
    ap.add_argument("work_parent")
    ap.add_argument("--rounds", type=int, default=12)
    ap.add_argument("--seed", type=int, default=22)
    args = ap.parse_args()
    args.corslint = os.path.abspath(args.corslint)
    if shutil.which("xmllint") is None:
        print("SKIP: xmllint is not installed (apt-get install libxml2-utils)")
        return 77
    os.makedirs(args.work_parent, exist_ok=True)
    work = tempfile.mkdtemp(prefix="report-validity-", dir=args.work_parent)
    fail = Failures()
    rng = random.Random(args.seed)
    try:
        dirs = [hostile_round(args.corslint, work, fail)]
        for i in range(args.rounds):
            dirs.append(random_round(args.corslint, work, rng, i, fail))
        multitool_ok = sarif_multitool(args.source_dir, args.corslint, dirs)
        if multitool_ok is False:
            fail.add("sarif", "the SARIF multitool found errors (above)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if fail.items:
        print("\n".join(fail.items[:60]))
        print(f"FAIL: {len(fail.items)} problems")
        return 1
    print(f"every format valid over {len(dirs)} directories "
          f"({len(HOSTILE_NAMES)} hostile names, {args.rounds} random rounds, seed {args.seed})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
