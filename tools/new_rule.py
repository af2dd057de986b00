#!/usr/bin/env python3
"""Scaffold a rule: rules/<family>/<snake_name>.cpp and testdata/rules/<CODE>/.

    tools/new_rule.py C021 cors-something-wrong
    tools/new_rule.py X012 cors-vary-missing --kind cors --kind distribution

The code's letter picks the family folder (C cors, P policy, F cloudfront,
X cross) and the rule's shape: a document rule checks one document, a bundle
rule (X, or --bundle) the documents linked into one bundle. The file is named
after the rule minus its family prefix (cors-max-age -> rules/cors/max_age.cpp;
--file overrides). Fixtures: bad-example and good-example, one .json file each
for a document rule, one folder of files each for a bundle rule.

Then fill in the metadata (bad_example/good_example run in the registry test;
a bundle rule's are file maps, `// file: NAME` sections), the check and the
fixtures, run CORSLINT_UPDATE_SNAPSHOTS=1 build/dev/tests/corslint_tests
"[fixtures]", review the .expected files, and regenerate docs with
cmake --build --preset dev --target docs.
"""
import argparse
import json
import pathlib
import re
import shutil
import subprocess
import sys

# The check each shape of rule defines: the only lines that know the rule API's
# signatures. {model} is the checked kind's model type, for signatures that take it.
# A document rule's kind is its check's model type; a bundle rule reads a Setup
# and names the kinds it compares in its metadata.
DOCUMENT_CHECK = "void check(const {model}& model, Reporter& out)"
BUNDLE_CHECK = "void check(const Setup& setup, Reporter& out)"
DOCUMENT_INCLUDES = ['"corslint/rule.hpp"']
BUNDLE_INCLUDES = ['"corslint/analysis/setup.hpp"', '"corslint/rule.hpp"']

# --kind name -> (DocKind enumerator, model type, fixture file name, smallest document).
KINDS = {
    "policy": ("S3BucketPolicy", "policy::Policy", "bucket-policy.json",
               {"Version": "2012-10-17", "Statement": [{
                   "Sid": "TODO", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
                   "Action": "s3:GetObject", "Resource": "arn:aws:s3:::example-bucket/*"}]}),
    "cors": ("S3Cors", "cors::Config", "cors.json",
             {"CORSRules": [{"AllowedOrigins": ["https://app.example.com"], "AllowedMethods": ["GET"]}]}),
    "distribution": ("CloudFrontDistribution", "cloudfront::Distribution", "distribution.json",
                     {"DistributionConfig": {
                         "CallerReference": "TODO", "Comment": "", "Enabled": True,
                         "Origins": {"Quantity": 1, "Items": [{
                             "Id": "site", "DomainName": "example-bucket.s3.us-east-1.amazonaws.com",
                             "S3OriginConfig": {"OriginAccessIdentity": ""},
                             "OriginAccessControlId": "E3QYQ2EXAMPLE"}]},
                         "DefaultCacheBehavior": {
                             "TargetOriginId": "site", "ViewerProtocolPolicy": "redirect-to-https",
                             "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6"}}}),
    "response-headers-policy": ("CloudFrontResponseHeadersPolicy", "cloudfront::ResponseHeadersPolicy",
                                "response-headers-policy.json",
                                {"ResponseHeadersPolicyConfig": {"Name": "TODO", "CorsConfig": {
                                    "AccessControlAllowOrigins": {"Quantity": 1, "Items": ["https://app.example.com"]},
                                    "AccessControlAllowHeaders": {"Quantity": 0},
                                    "AccessControlAllowMethods": {"Quantity": 1, "Items": ["GET"]},
                                    "AccessControlAllowCredentials": False, "OriginOverride": True}}}),
    "cache-policy": ("CloudFrontCachePolicy", "cloudfront::CachePolicy", "cache-policy.json",
                     {"CachePolicyConfig": {"Name": "TODO", "MinTTL": 0, "ParametersInCacheKeyAndForwardedToOrigin": {
                         "EnableAcceptEncodingGzip": True, "HeadersConfig": {"HeaderBehavior": "none"},
                         "CookiesConfig": {"CookieBehavior": "none"},
                         "QueryStringsConfig": {"QueryStringBehavior": "none"}}}}),
    "origin-request-policy": ("CloudFrontOriginRequestPolicy", "cloudfront::OriginRequestPolicy",
                              "origin-request-policy.json",
                              {"OriginRequestPolicyConfig": {"Name": "TODO",
                                                             "HeadersConfig": {"HeaderBehavior": "none"},
                                                             "CookiesConfig": {"CookieBehavior": "none"},
                                                             "QueryStringsConfig": {"QueryStringBehavior": "none"}}}),
}
FAMILIES = {"C": ("cors", "cors-", ["cors"]), "P": ("policy", "policy-", ["policy"]),
            "F": ("cloudfront", "cf-", ["distribution"]),
            "X": ("cross", "", ["cors", "distribution"])}

TEMPLATE = '''{includes}

namespace corslint::rules {{
namespace {{

constexpr RuleMeta kMeta{{
    .code = "{code}",
    .name = "{name}",
{kinds_line}    .default_severity = Severity::Warning,
    .summary = "TODO one line, present tense",
    .rationale = "TODO two or three sentences on the real-world consequence.",
    .bad_example = R"({bad})",
    .good_example = R"({good})",
    .fix_hint = "TODO what to do, in the imperative mood.",
    .references = "TODO https://docs.aws.amazon.com/...",
}};

{check} {{
  // TODO: skip what does not apply, then report once, e.g.
  // out.report(node, "statement {{}} ...", label);
{unused}}}

const Registration kRegistration{{kMeta, &check}};

}}  // namespace
}}  // namespace corslint::rules
'''


def compact(doc) -> str:
    return json.dumps(doc, separators=(", ", ": "))


def parameter_names(signature: str):
    inside = signature[signature.index("(") + 1:signature.rindex(")")]
    return [p.split()[-1].lstrip("&*") for p in inside.split(",") if p.strip()]


def render(code, name, kinds, bundle):
    check = (BUNDLE_CHECK if bundle else DOCUMENT_CHECK).format(model=KINDS[kinds[0]][1])
    includes = BUNDLE_INCLUDES if bundle else DOCUMENT_INCLUDES
    if bundle:
        # A file map: a caption, then each file of the bundle.
        files = "".join(f"\n// file: {KINDS[k][2]}\n{compact(KINDS[k][3])}" for k in kinds)
        bad = "(TODO caption: what in this bundle is wrong)" + files
        good = "(TODO caption: the same bundle, fixed)" + files
    else:
        bad = good = compact(KINDS[kinds[0]][3])
    return TEMPLATE.format(
        includes="\n".join(f"#include {i}" for i in includes), code=code, name=name,
        kinds_line=("    .kinds = kinds(" + ", ".join(f"DocKind::{KINDS[k][0]}" for k in kinds) + "),\n")
        if bundle else "", bad=bad, good=good, check=check,
        unused="".join(f"  (void){p};\n" for p in parameter_names(check)))


def write_fixtures(fixtures: pathlib.Path, kinds, bundle):
    for label in ("bad-example", "good-example"):
        if not bundle:
            (fixtures / f"{label}.json").write_text(json.dumps(KINDS[kinds[0]][3], indent=2) + "\n")
            continue
        (fixtures / label).mkdir()
        for k in kinds:
            (fixtures / label / KINDS[k][2]).write_text(json.dumps(KINDS[k][3], indent=2) + "\n")


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("code", help="e.g. C021: the letter picks the family folder")
    p.add_argument("name", help="kebab-case, naming the hazard: cors-something-wrong")
    p.add_argument("--kind", action="append", choices=sorted(KINDS),
                   help="a document kind the rule reads (repeat for a bundle rule); "
                        "default: the family's")
    p.add_argument("--bundle", action="store_true", help="a cross-document rule (implied by X codes)")
    p.add_argument("--file", help="file name under rules/<family>/ without .cpp (default: from the name)")
    p.add_argument("--root", default=pathlib.Path(__file__).resolve().parent.parent, type=pathlib.Path,
                   help=argparse.SUPPRESS)
    a = p.parse_args()
    if not re.fullmatch(r"[CPFX][0-9]{3}", a.code):
        sys.exit("code must look like C021 (C cors, P policy, F cloudfront, X cross)")
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", a.name) or a.name.startswith(("no-", "disallow-")):
        sys.exit("name must be kebab-case and name the hazard, not the fix")
    family, prefix, default_kinds = FAMILIES[a.code[0]]
    bundle = a.bundle or a.code[0] == "X"
    kinds = a.kind or default_kinds
    if not bundle and len(kinds) != 1:
        sys.exit("a document rule reads one kind; pass --bundle for a cross-document rule")
    stem = a.file or (a.name[len(prefix):] if prefix and a.name.startswith(prefix) else a.name)
    src = a.root / "rules" / family / (stem.replace("-", "_") + ".cpp")
    fixtures = a.root / "testdata" / "rules" / a.code
    if src.exists() or fixtures.exists():
        sys.exit(f"{src} or {fixtures} already exists")
    src.parent.mkdir(parents=True, exist_ok=True)
    src.write_text(render(a.code, a.name, kinds, bundle))
    if shutil.which("clang-format"):
        subprocess.run(["clang-format", "-i", str(src)], check=False)
    fixtures.mkdir(parents=True)
    write_fixtures(fixtures, kinds, bundle)
    print(f"created {src.relative_to(a.root)} ({'bundle' if bundle else 'document'} rule) "
          f"and {fixtures.relative_to(a.root)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
