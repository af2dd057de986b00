#!/usr/bin/env python3
"""Lists functions longer than a limit in C++ sources, and fails on those
without a why-comment.

    tools/long_functions.py [--limit 80] DIR...

A function is a brace block opened after a parameter list `)` (optionally
followed by const, noexcept, override, a trailing return type or a
constructor's initialiser list) outside any other function. Lambdas and
blocks inside a function count towards it. Its length is the number of lines
from its signature's first line to its closing brace.

A long function is accepted when the comment just above it (or on the lines
right after its opening brace) says why, with a line starting
`// Long:` — for example `// Long: one table of every option, read top to
bottom.` The script exits 1 when a long function lacks one.
"""
import argparse
import os
import re
import sys

CONTROL = re.compile(r"\b(if|for|while|switch|catch|do|else|return|try)\s*(\(|\{|$)")
NOT_FUNCTION = re.compile(r"^\s*(namespace|class|struct|enum|union|extern)\b|=\s*$|=\s*\{")


def strip(text):
    """Blanks out comments, strings and character literals, keeping newlines."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif text.startswith('R"', i):
            m = re.match(r'R"([^(\s]*)\(', text[i:])
            if not m:
                out.append(c)
                i += 1
                continue
            end = ")" + m.group(1) + '"'
            j = text.find(end, i + m.end())
            j = n if j < 0 else j + len(end)
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c and text[j] != "\n":
                j += 2 if text[j] == "\\" else 1
            j = min(j + 1, n)
            out.append(" " * (j - i))
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)


def functions(text):
    """Yields (first_line, last_line, signature) of each top-level function body."""
    code = strip(text)
    stack = []  # per open brace: True when it opens a function body (or is inside one)
    stmt_start = 0  # offset where the current statement's text began
    line_of = [0] * (len(code) + 1)
    line = 1
    for i, ch in enumerate(code):
        line_of[i] = line
        if ch == "\n":
            line += 1
    starts = {}
    for i, ch in enumerate(code):
        if ch == "{":
            inside = any(stack)
            head = code[stmt_start:i]
            is_fn = False
            if not inside:
                h = " ".join(head.split())
                if (")" in h and not NOT_FUNCTION.search(h) and not CONTROL.search(h)
                        and not h.startswith("#")):
                    is_fn = True
            stack.append(is_fn or inside)
            if is_fn:
                first = stmt_start
                while first < i and code[first].isspace():
                    first += 1
                starts[len(stack)] = (line_of[first], " ".join(head.split())[:90])
            stmt_start = i + 1
        elif ch == "}":
            if stack:
                depth = len(stack)
                was_fn = stack.pop()
                if was_fn and not any(stack) and depth in starts:
                    first, sig = starts.pop(depth)
                    yield first, line_of[i], sig
            stmt_start = i + 1
        elif ch == ";":
            stmt_start = i + 1
        elif ch == ":" and not any(stack):
            # `public:` and friends end a "statement" in a class body
            if re.search(r"\b(public|private|protected)\s*$", code[stmt_start:i]):
                stmt_start = i + 1


def has_why(lines, first, last):
    above = first - 2  # index of the line above the signature
    while above >= 0 and lines[above].strip().startswith("//"):
        if lines[above].strip().startswith("// Long:"):
            return True
        above -= 1
    for k in range(first, min(first + 4, last)):
        if lines[k].strip().startswith("// Long:"):
            return True
    return False


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=80)
    ap.add_argument("dirs", nargs="+")
    args = ap.parse_args()
    missing = []
    for d in args.dirs:
        for root, _, files in os.walk(d):
            for f in sorted(files):
                if not f.endswith((".cpp", ".hpp")):
                    continue
                path = os.path.join(root, f)
                text = open(path, encoding="utf-8").read()
                lines = text.split("\n")
                for first, last, sig in functions(text):
                    length = last - first + 1
                    if length <= args.limit:
                        continue
                    ok = has_why(lines, first, last)
                    print(f"{path}:{first}: {length} lines{'' if ok else ' (no // Long: comment)'}: {sig}")
                    if not ok:
                        missing.append(path)
    if missing:
        print(f"{len(missing)} function(s) over {args.limit} lines without a '// Long:' comment")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
