#!/usr/bin/env python3
"""The include graph of lib/ follows the pipeline (docs/architecture.md).

Every file of lib/ belongs to a stage; a file may include its own stage and
lower ones, never a higher one, and no include chain may come back to where
it started. Fails with one line per violation; exits 0 when the graph is
sound. Usage: include_graph_test.py REPO_ROOT
"""
import os
import re
import sys

# Lowest first. A stage may include itself and the stages before it.
STAGES = ["base", "input", "model", "recognise", "analysis", "bundle", "simulate", "engine",
          "report"]

# Public headers at the top of lib/include/corslint/, by the stage they belong to.
PUBLIC = {
    "severity.hpp": "base", "finding.hpp": "base", "settings.hpp": "base", "text.hpp": "base",
    "file_write.hpp": "base",
    "document.hpp": "model", "rule.hpp": "analysis", "simulate.hpp": "simulate",
    "config.hpp": "engine", "engine.hpp": "engine", "report.hpp": "report",
}
# Public model headers that belong to an earlier stage than model/.
PUBLIC_MODEL = {"json.hpp": "input", "source.hpp": "input"}

# Known exceptions as (file, include) pairs, each with why. None today: the
# policy model's precomputed facts moved to analysis/facts.cpp.
ALLOWED: set = set()

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def stage_of(rel):
    """The stage of a path relative to lib/, or None for files outside the map."""
    parts = rel.split("/")
    if parts[0] == "include":
        name = parts[-1]
        if len(parts) == 3:
            return PUBLIC.get(name)
        if parts[2] == "model":
            return PUBLIC_MODEL.get(name, "model")
        if parts[2] == "analysis":
            return "analysis"
        return None
    if parts[0] == "src" and len(parts) >= 3 and parts[1] in STAGES:
        return parts[1]
    return None


def resolve(lib, including, target):
    """The lib/-relative path an include names, or None for a header outside lib/."""
    for base in (os.path.dirname(including), "include", "src"):
        cand = os.path.normpath(os.path.join(base, target))
        if os.path.isfile(os.path.join(lib, cand)):
            return cand
    return None


def main():
    lib = os.path.join(sys.argv[1], "lib")
    files = []
    for d, _, names in os.walk(lib):
        for n in names:
            if n.endswith((".hpp", ".cpp", ".inc")):
                files.append(os.path.relpath(os.path.join(d, n), lib))
    problems = []
    graph = {}
    for f in sorted(files):
        s = stage_of(f)
        if s is None:
            problems.append(f"{f}: belongs to no stage (add it to a stage folder or to PUBLIC)")
            continue
        with open(os.path.join(lib, f), encoding="utf-8") as fh:
            targets = INCLUDE.findall(fh.read())
        graph[f] = []
        for t in targets:
            r = resolve(lib, f, t)
            if r is None:
                continue
            graph[f].append(r)
            ts = stage_of(r)
            if (f, t) in ALLOWED:
                continue
            if ts is not None and STAGES.index(ts) > STAGES.index(s):
                problems.append(f"{f} ({s}) includes {t} ({ts}), a later stage")
    # Cycles: depth-first search with colours.
    colour = {}

    def visit(node, path):
        colour[node] = 1
        for nxt in graph.get(node, []):
            if colour.get(nxt) == 1:
                cycle = path[path.index(nxt):] + [nxt] if nxt in path else [node, nxt]
                problems.append("include cycle: " + " -> ".join(cycle))
            elif colour.get(nxt) is None:
                visit(nxt, path + [nxt])
        colour[node] = 2

    for f in sorted(graph):
        if colour.get(f) is None:
            visit(f, [f])
    for p in problems:
        print(p)
    print(f"{len(graph)} files, {sum(len(v) for v in graph.values())} includes, "
          f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
