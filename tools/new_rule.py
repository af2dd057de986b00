#!/usr/bin/env python3
"""Scaffold a new rule: rules/<family>/<snake_name>.cpp and its fixture folder.

    tools/new_rule.py C021 cors-something-wrong --family cors --kind S3Cors

Fill in the metadata and the check, write bad-*/good-* fixtures, then run
CORSLINT_UPDATE_SNAPSHOTS=1 build/dev/tests/corslint_tests "[fixtures]",
review the .expected files, and regenerate docs with
cmake --build --preset dev --target docs.
"""
import argparse
import pathlib
import re
import sys

TEMPLATE = '''#include "corslint/rule.hpp"

namespace corslint::rules {{
namespace {{

constexpr RuleMeta kMeta{{
    .code = "{code}",
    .name = "{name}",
    .kinds = kinds(DocKind::{kind}),
    .default_severity = Severity::Warning,
    .summary = "TODO one line, present tense",
    .rationale = "TODO two or three sentences on the real-world consequence.",
    .bad_example = R"(TODO a small complete document that fires)",
    .good_example = R"(TODO the same document, fixed)",
    .fix_hint = "TODO what to do, in the imperative mood.",
    .references = "TODO https://docs.aws.amazon.com/...",
}};

void check(const Document& doc, Reporter& out) {{
  (void)doc;
  (void)out;
}}

const Registration kRegistration{{kMeta, &check}};

}}  // namespace
}}  // namespace corslint::rules
'''


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("code")
    p.add_argument("name")
    p.add_argument("--family", required=True, help="folder under rules/: cors, policy, cloudfront, cross")
    p.add_argument("--kind", required=True, help="DocKind enumerator, e.g. S3Cors")
    a = p.parse_args()
    if not re.fullmatch(r"[CPFX][0-9]{3}", a.code):
        sys.exit("code must look like C021")
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", a.name) or a.name.startswith("no-"):
        sys.exit("name must be kebab-case and name the hazard, not the fix")
    root = pathlib.Path(__file__).resolve().parent.parent
    src = root / "rules" / a.family / (a.name.replace("-", "_") + ".cpp")
    fixtures = root / "testdata" / "rules" / a.code
    if src.exists() or fixtures.exists():
        sys.exit(f"{src} or {fixtures} already exists")
    src.parent.mkdir(parents=True, exist_ok=True)
    src.write_text(TEMPLATE.format(code=a.code, name=a.name, kind=a.kind))
    fixtures.mkdir(parents=True)
    print(f"created {src.relative_to(root)} and {fixtures.relative_to(root)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
