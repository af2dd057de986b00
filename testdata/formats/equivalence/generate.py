#!/usr/bin/env python3
"""Writes testdata/formats/equivalence/<case>/{raw,export,cloudformation,
cloudformation-yaml,terraform,terraform-hcl,xml}/.

Each case is one configuration in the API's own shape (what `aws` prints and
takes); this script writes it six ways: raw JSON files, AWS CLI exports, a
CloudFormation JSON template, the same template in YAML (block style, every
string double-quoted so its token is the JSON one; short-form tags in every
other case, the long form in the rest), a Terraform plan (`terraform show
-json`) and Terraform's native syntax (`main.tf`); a case with an S3 CORS configuration also gets an `xml/` form, where
the CORS configuration is `cors.xml` (the PutBucketCors body) and the other
documents stay raw JSON. tests/formats_test.cpp asserts that every form gives
the same findings, each located at the same token of its own file. Re-run
after editing a case:
    python3 testdata/formats/equivalence/generate.py
"""
import copy
import json
import os
import re
import shutil

HERE = os.path.dirname(os.path.abspath(__file__))


def cors(*rules):
    return ("cors", {"CORSRules": list(rules)})


def policy(*statements):
    return ("policy", {"Version": "2012-10-17", "Statement": list(statements)})


def items(xs):
    return {"Quantity": len(xs), "Items": xs}


def s3_origin(oid, domain, oai="", oac=None):
    o = {"Id": oid, "DomainName": domain, "OriginPath": "",
         "S3OriginConfig": {"OriginAccessIdentity": oai}}
    if oac:
        o["OriginAccessControlId"] = oac
    return o


def custom_origin(oid, domain):
    return {"Id": oid, "DomainName": domain, "OriginPath": "",
            "CustomOriginConfig": {"HTTPPort": 80, "HTTPSPort": 443,
                                   "OriginProtocolPolicy": "https-only",
                                   "OriginSslProtocols": items(["TLSv1.2"])}}


def behavior(target, viewer="redirect-to-https", methods=("GET", "HEAD"), cache_policy=None,
             rhp=None, path=None):
    b = {}
    if path:
        b["PathPattern"] = path
    b["TargetOriginId"] = target
    b["ViewerProtocolPolicy"] = viewer
    b["AllowedMethods"] = dict(items(list(methods)), CachedMethods=items(["GET", "HEAD"]))
    b["CachePolicyId"] = cache_policy or "658327ea-f89d-4fab-a63d-7e88639e58f6"
    if rhp:
        b["ResponseHeadersPolicyId"] = rhp
    return b


def distribution(origins, default, behaviors=(), aliases=()):
    d = {"CallerReference": "equivalence", "Comment": "", "Enabled": True}
    if aliases:
        d["Aliases"] = items(list(aliases))
    d["Origins"] = items(list(origins))
    d["DefaultCacheBehavior"] = default
    if behaviors:
        d["CacheBehaviors"] = items(list(behaviors))
    return ("distribution", d)


def rhp(name, origins, methods, headers=("*",), credentials=False, max_age=600):
    return ("response-headers-policy", {
        "Name": name,
        "CorsConfig": {
            "AccessControlAllowOrigins": items(list(origins)),
            "AccessControlAllowHeaders": items(list(headers)),
            "AccessControlAllowMethods": items(list(methods)),
            "AccessControlAllowCredentials": credentials,
            "AccessControlMaxAgeSec": max_age,
            "OriginOverride": True,
        }})


CASES = {
    "cors-wildcard-write": [cors(
        {"AllowedOrigins": ["*"], "AllowedMethods": ["GET", "PUT"], "MaxAgeSeconds": 3000})],
    "cors-null-origin": [cors(
        {"AllowedOrigins": ["null"], "AllowedMethods": ["GET"], "AllowedHeaders": ["*"]})],
    "cors-insecure-origin": [cors(
        {"AllowedOrigins": ["http://shop.acme-widgets.io"], "AllowedMethods": ["GET", "HEAD"]})],
    "cors-invalid-method": [cors(
        {"ID": "uploads", "AllowedOrigins": ["https://shop.acme-widgets.io"],
         "AllowedMethods": ["GET", "OPTIONS", "PATCH"], "AllowedHeaders": ["Content-Type"],
         "ExposeHeaders": ["ETag"]})],
    "cors-max-age": [cors(
        {"AllowedOrigins": ["https://shop.acme-widgets.io"], "AllowedMethods": ["GET"],
         "MaxAgeSeconds": 31536000})],
    "policy-public-read": [policy(
        {"Sid": "PublicRead", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject",
         "Resource": "arn:aws:s3:::acme-widgets-site/*"})],
    "policy-wildcard-action": [policy(
        {"Sid": "Partner", "Effect": "Allow",
         "Principal": {"AWS": "arn:aws:iam::210987654321:root"}, "Action": "s3:*",
         "Resource": ["arn:aws:s3:::acme-widgets-site", "arn:aws:s3:::acme-widgets-site/*"]})],
    "policy-secure-transport": [policy(
        {"Sid": "DenyHttp", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
         "Resource": ["arn:aws:s3:::acme-widgets-site", "arn:aws:s3:::acme-widgets-site/*"],
         "Condition": {"Bool": {"aws:SecureTransport": "true"}}})],
    "policy-invalid-resource": [policy(
        {"Sid": "Reader", "Effect": "Allow",
         "Principal": {"AWS": "arn:aws:iam::210987654321:role/reader"},
         "Action": ["s3:GetObject", "s3:ListBucket"],
         "Resource": "arn:aws:s3:::acme-widgets-site"})],
    "cloudfront-viewer-http": [distribution(
        [s3_origin("site", "acme-widgets-site.s3.us-east-1.amazonaws.com")],
        behavior("site", viewer="allow-all"))],
    "cloudfront-wildcard-credentials": [rhp(
        "api-cors", ["*"], ["GET", "HEAD", "OPTIONS"], credentials=True)],
    "cross-cors-own-domain": [
        cors({"AllowedOrigins": ["https://www.acme-widgets.io"], "AllowedMethods": ["GET"]}),
        distribution([s3_origin("site", "acme-widgets-site.s3.us-east-1.amazonaws.com",
                                oac="E2OAC0EXAMPLE")],
                     behavior("site"), aliases=["www.acme-widgets.io"]),
    ],
}

FILE = {"cors": "cors.json", "policy": "bucket-policy.json",
        "distribution": "distribution.json",
        "response-headers-policy": "response-headers-policy.json"}
BUCKET = "acme-widgets-site"


def dump(path, value):
    with open(path, "w") as f:
        json.dump(value, f, indent=2)
        f.write("\n")


# --- AWS CLI exports ---------------------------------------------------------

def export(kind, doc):
    if kind == "cors":
        return doc  # get-bucket-cors prints {"CORSRules": [...]}
    if kind == "policy":
        return {"Policy": json.dumps(doc, separators=(",", ":"))}
    if kind == "distribution":
        return {"ETag": "E2QWRUHEXAMPLE", "DistributionConfig": doc}
    return {"ETag": "E23ZP02EXAMPLE", "ResponseHeadersPolicy": {
        "Id": "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111",
        "LastModifiedTime": "2024-06-10T12:00:00Z", "ResponseHeadersPolicyConfig": doc}}


# --- S3 CORS XML (the PutBucketCors request body) ---------------------------

XML_LISTS = {"AllowedOrigins": "AllowedOrigin", "AllowedMethods": "AllowedMethod",
             "AllowedHeaders": "AllowedHeader", "ExposeHeaders": "ExposeHeader"}


def xml_text(v):
    return str(v).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def cors_xml(doc):
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<CORSConfiguration xmlns="http://s3.amazonaws.com/doc/2006-03-01/">']
    for rule in doc["CORSRules"]:
        out.append("  <CORSRule>")
        for k, v in rule.items():
            if k in XML_LISTS:
                out += [f"    <{XML_LISTS[k]}>{xml_text(x)}</{XML_LISTS[k]}>" for x in v]
            else:
                out.append(f"    <{k}>{xml_text(v)}</{k}>")
        out.append("  </CORSRule>")
    out.append("</CORSConfiguration>")
    return "\n".join(out) + "\n"


# --- CloudFormation ----------------------------------------------------------

def unlist(v):
    """{"Quantity", "Items"} → bare list (CloudFormation's shape)."""
    if isinstance(v, dict):
        if "Quantity" in v and set(v) <= {"Quantity", "Items", "CachedMethods"}:
            return [unlist(x) for x in v.get("Items", [])]
        return {k: unlist(x) for k, x in v.items()}
    if isinstance(v, list):
        return [unlist(x) for x in v]
    return v


def cfn_behavior(b):
    out = {}
    for k, v in b.items():
        if k == "AllowedMethods":
            out["AllowedMethods"] = v["Items"]
            out["CachedMethods"] = v["CachedMethods"]["Items"]
        else:
            out[k] = unlist(v)
    return out


def cfn_distribution(d):
    out = {}
    for k, v in d.items():
        if k == "CallerReference":
            continue
        if k == "DefaultCacheBehavior":
            out[k] = cfn_behavior(v)
        elif k == "CacheBehaviors":
            out[k] = [cfn_behavior(b) for b in v["Items"]]
        elif k == "Origins":
            out[k] = []
            for o in v["Items"]:
                o = unlist(o)
                if "CustomOriginConfig" in o:
                    c = o["CustomOriginConfig"]
                    c["OriginSSLProtocols"] = c.pop("OriginSslProtocols")
                out[k].append(o)
        else:
            out[k] = unlist(v)
    return out


def cfn_rhp(p):
    c = p["CorsConfig"]
    cc = {k: ({"Items": v["Items"]} if isinstance(v, dict) else v) for k, v in c.items()}
    return {"Name": p["Name"], "CorsConfig": cc}


def cloudformation(docs):
    res = {"SiteBucket": {"Type": "AWS::S3::Bucket", "Properties": {"BucketName": BUCKET}}}
    for kind, doc in docs:
        if kind == "cors":
            rules = []
            for r in doc["CORSRules"]:
                names = {"ExposeHeaders": "ExposedHeaders", "MaxAgeSeconds": "MaxAge", "ID": "Id"}
                rules.append({names.get(k, k): v for k, v in r.items()})
            res["SiteBucket"]["Properties"]["CorsConfiguration"] = {"CorsRules": rules}
        elif kind == "policy":
            res["SiteBucketPolicy"] = {"Type": "AWS::S3::BucketPolicy", "Properties": {
                "Bucket": {"Ref": "SiteBucket"}, "PolicyDocument": doc}}
        elif kind == "distribution":
            res["SiteDistribution"] = {"Type": "AWS::CloudFront::Distribution",
                                       "Properties": {"DistributionConfig": cfn_distribution(doc)}}
        else:
            res["ApiCorsPolicy"] = {"Type": "AWS::CloudFront::ResponseHeadersPolicy",
                                    "Properties": {"ResponseHeadersPolicyConfig": cfn_rhp(doc)}}
    return {"AWSTemplateFormatVersion": "2010-09-09", "Resources": res}


# --- CloudFormation YAML ------------------------------------------------------

PLAIN_KEY = re.compile(r"^[A-Za-z][A-Za-z0-9_:.-]*$")


def yaml_scalar(v):
    if v is True or v is False:
        return "true" if v else "false"
    if v is None:
        return "null"
    if isinstance(v, (int, float)):
        return json.dumps(v)
    return json.dumps(v)  # a double-quoted YAML scalar: same token as in JSON


def yaml_key(k):
    return k if PLAIN_KEY.match(k) else json.dumps(k)


def short_form(v):
    """{"Ref": x} -> "!Ref x"; {"Fn::Join": [...]} -> "!Join [...]" (flow)."""
    if isinstance(v, dict) and len(v) == 1:
        (k, arg), = v.items()
        if k == "Ref" and isinstance(arg, str):
            return "!Ref " + json.dumps(arg)
        if k == "Fn::Join":
            return "!Join " + json.dumps(arg)
    return None


def yaml_lines(v, indent, short):
    """The block-style lines of a mapping or sequence, at `indent` spaces."""
    pad = " " * indent
    out = []
    entries = v.items() if isinstance(v, dict) else ((None, x) for x in v)
    for k, x in entries:
        lead = pad + (yaml_key(k) + ":" if k is not None else "-")
        tag = short_form(x) if short else None
        if tag:
            out.append(lead + " " + tag)
        elif isinstance(x, (dict, list)) and x:
            if k is None:
                inner = yaml_lines(x, indent + 2, short)
                out.append(pad + "- " + inner[0].lstrip())
                out.extend(inner[1:])
            else:
                out.append(lead)
                out.extend(yaml_lines(x, indent + 2, short))
        elif isinstance(x, (dict, list)):
            out.append(lead + (" {}" if isinstance(x, dict) else " []"))
        else:
            out.append(lead + " " + yaml_scalar(x))
    return out


def cloudformation_yaml(template, short):
    """The template in YAML. Short form: tags, and the bucket's name as a
    !Join of two parts (resolved to the same name)."""
    res = template["Resources"]
    name = res["SiteBucket"]["Properties"]["BucketName"]
    res["SiteBucket"]["Properties"]["BucketName"] = {
        "Fn::Join": ["", [name[:6], name[6:]]]} if short else name
    head = "# The CloudFormation template of ../cloudformation, in YAML ({} tags).\n".format(
        "short-form" if short else "long-form")
    return head + "\n".join(yaml_lines(template, 0, short)) + "\n"


# --- Terraform ---------------------------------------------------------------

def tf_list(v):
    return v["Items"] if isinstance(v, dict) and "Items" in v else v


def tf_behavior(b):
    out = {"allowed_methods": b["AllowedMethods"]["Items"],
           "cached_methods": b["AllowedMethods"]["CachedMethods"]["Items"],
           "cache_policy_id": b.get("CachePolicyId", ""),
           "compress": False, "default_ttl": 0, "forwarded_values": [],
           "max_ttl": 0, "min_ttl": 0,
           "origin_request_policy_id": "",
           "response_headers_policy_id": b.get("ResponseHeadersPolicyId", ""),
           "target_origin_id": b["TargetOriginId"],
           "viewer_protocol_policy": b["ViewerProtocolPolicy"]}
    if "PathPattern" in b:
        out["path_pattern"] = b["PathPattern"]
    return out


def tf_origin(o):
    out = {"domain_name": o["DomainName"], "origin_id": o["Id"], "origin_path": "",
           "origin_access_control_id": o.get("OriginAccessControlId", ""),
           "custom_header": [], "custom_origin_config": [], "s3_origin_config": []}
    if "S3OriginConfig" in o:
        oai = o["S3OriginConfig"]["OriginAccessIdentity"]
        if oai:
            out["s3_origin_config"] = [{"origin_access_identity": oai}]
    if "CustomOriginConfig" in o:
        c = o["CustomOriginConfig"]
        out["custom_origin_config"] = [{
            "http_port": c["HTTPPort"], "https_port": c["HTTPSPort"],
            "origin_keepalive_timeout": 5, "origin_read_timeout": 30,
            "origin_protocol_policy": c["OriginProtocolPolicy"],
            "origin_ssl_protocols": tf_list(c["OriginSslProtocols"])}]
    return out


def terraform(docs):
    changes = []

    def add(rtype, name, after, unknown):
        changes.append({"address": f"{rtype}.{name}", "mode": "managed", "type": rtype,
                        "name": name, "provider_name": "registry.terraform.io/hashicorp/aws",
                        "change": {"actions": ["create"], "before": None, "after": after,
                                   "after_unknown": unknown}})

    add("aws_s3_bucket", "site", {"bucket": BUCKET, "force_destroy": False, "tags": None},
        {"arn": True, "id": True, "cors_rule": True, "policy": True})
    for kind, doc in docs:
        if kind == "cors":
            rules = []
            for r in doc["CORSRules"]:
                rules.append({"allowed_headers": r.get("AllowedHeaders", []),
                              "allowed_methods": r["AllowedMethods"],
                              "allowed_origins": r["AllowedOrigins"],
                              "expose_headers": r.get("ExposeHeaders", []),
                              "id": r.get("ID"),
                              "max_age_seconds": r.get("MaxAgeSeconds")})
            add("aws_s3_bucket_cors_configuration", "site",
                {"bucket": BUCKET, "cors_rule": rules, "expected_bucket_owner": None},
                {"cors_rule": [{"allowed_headers": [], "allowed_methods": [],
                                "allowed_origins": [], "expose_headers": []} for _ in rules],
                 "id": True})
        elif kind == "policy":
            add("aws_s3_bucket_policy", "site",
                {"bucket": BUCKET, "policy": json.dumps(doc, separators=(",", ":"))},
                {"id": True})
        elif kind == "distribution":
            after = {"aliases": tf_list(doc.get("Aliases", {"Items": []})),
                     "comment": doc.get("Comment"), "enabled": doc["Enabled"],
                     "default_root_object": "",
                     "origin": [tf_origin(o) for o in doc["Origins"]["Items"]],
                     "default_cache_behavior": [tf_behavior(doc["DefaultCacheBehavior"])],
                     "ordered_cache_behavior": [tf_behavior(b) for b in
                                                doc.get("CacheBehaviors", {"Items": []})["Items"]],
                     "restrictions": [{"geo_restriction": [{"locations": [],
                                                            "restriction_type": "none"}]}],
                     "viewer_certificate": [{"cloudfront_default_certificate": True}]}
            add("aws_cloudfront_distribution", "site", after,
                {"arn": True, "domain_name": True, "id": True, "etag": True})
        else:
            c = doc["CorsConfig"]
            after = {"name": doc["Name"], "comment": None, "cors_config": [{
                "access_control_allow_credentials": c["AccessControlAllowCredentials"],
                "access_control_allow_headers": [{"items": c["AccessControlAllowHeaders"]["Items"]}],
                "access_control_allow_methods": [{"items": c["AccessControlAllowMethods"]["Items"]}],
                "access_control_allow_origins": [{"items": c["AccessControlAllowOrigins"]["Items"]}],
                "access_control_expose_headers": [],
                "access_control_max_age_sec": c["AccessControlMaxAgeSec"],
                "origin_override": c["OriginOverride"]}]}
            add("aws_cloudfront_response_headers_policy", "api_cors", after,
                {"id": True, "etag": True})
    return {"format_version": "1.2", "terraform_version": "1.9.5",
            "planned_values": {"root_module": {"resources": []}},
            "resource_changes": changes, "configuration": {}}


# --- Terraform HCL (main.tf) -------------------------------------------------

def hcl(v, indent="  "):
    """A Python value as an HCL expression (objects one member a line)."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return str(v)
    if isinstance(v, str):
        return json.dumps(v)
    if isinstance(v, list):
        return "[" + ", ".join(hcl(x, indent) for x in v) + "]"
    inner = indent + "  "
    lines = [f"{inner}{json.dumps(k)} = {hcl(x, inner)}" for k, x in v.items()]
    return "{\n" + "\n".join(lines) + "\n" + indent + "}"


class Hcl:
    def __init__(self):
        self.lines = []

    def block(self, head, body, indent=""):
        self.lines.append(f"{indent}{head} {{")
        for k, v in body:
            if isinstance(v, Hcl.Blocks):
                for b in v.items:
                    self.block(k, b, indent + "  ")
            else:
                self.lines.append(f"{indent}  {k} = {hcl(v, indent + '  ')}")
        self.lines.append(f"{indent}}}")

    class Blocks:
        def __init__(self, *items):
            self.items = items


def hcl_behavior(b):
    out = [("target_origin_id", b["TargetOriginId"]),
           ("viewer_protocol_policy", b["ViewerProtocolPolicy"]),
           ("allowed_methods", b["AllowedMethods"]["Items"]),
           ("cached_methods", b["AllowedMethods"]["CachedMethods"]["Items"]),
           ("cache_policy_id", b["CachePolicyId"])]
    if "PathPattern" in b:
        out.insert(0, ("path_pattern", b["PathPattern"]))
    if "ResponseHeadersPolicyId" in b:
        out.append(("response_headers_policy_id", b["ResponseHeadersPolicyId"]))
    return out


def hcl_origin(o):
    out = [("domain_name", o["DomainName"]), ("origin_id", o["Id"])]
    if o.get("OriginAccessControlId"):
        out.append(("origin_access_control_id", o["OriginAccessControlId"]))
    if "S3OriginConfig" in o and o["S3OriginConfig"]["OriginAccessIdentity"]:
        out.append(("s3_origin_config", Hcl.Blocks(
            [("origin_access_identity", o["S3OriginConfig"]["OriginAccessIdentity"])])))
    if "CustomOriginConfig" in o:
        c = o["CustomOriginConfig"]
        out.append(("custom_origin_config", Hcl.Blocks([
            ("http_port", c["HTTPPort"]), ("https_port", c["HTTPSPort"]),
            ("origin_protocol_policy", c["OriginProtocolPolicy"]),
            ("origin_ssl_protocols", tf_list(c["OriginSslProtocols"]))])))
    return out


def terraform_hcl(docs):
    out = Hcl()
    out.lines.append("# The same configuration in Terraform's native syntax.")
    out.block('resource "aws_s3_bucket" "site"', [("bucket", BUCKET)])
    for kind, doc in docs:
        out.lines.append("")
        if kind == "cors":
            rules = []
            for r in doc["CORSRules"]:
                names = [("ID", "id"), ("AllowedHeaders", "allowed_headers"),
                         ("AllowedMethods", "allowed_methods"),
                         ("AllowedOrigins", "allowed_origins"),
                         ("ExposeHeaders", "expose_headers"),
                         ("MaxAgeSeconds", "max_age_seconds")]
                rules.append([(tf, r[api]) for api, tf in names if api in r])
            out.block('resource "aws_s3_bucket_cors_configuration" "site"',
                      [("bucket", BUCKET), ("cors_rule", Hcl.Blocks(*rules))])
        elif kind == "policy":
            out.lines.append('resource "aws_s3_bucket_policy" "site" {')
            out.lines.append(f"  bucket = {json.dumps(BUCKET)}")
            out.lines.append(f"  policy = jsonencode({hcl(doc, '  ')})")
            out.lines.append("}")
        elif kind == "distribution":
            body = [("enabled", doc["Enabled"]), ("comment", doc["Comment"])]
            if "Aliases" in doc:
                body.append(("aliases", doc["Aliases"]["Items"]))
            body.append(("origin", Hcl.Blocks(*[hcl_origin(o) for o in doc["Origins"]["Items"]])))
            body.append(("default_cache_behavior",
                         Hcl.Blocks(hcl_behavior(doc["DefaultCacheBehavior"]))))
            for b in doc.get("CacheBehaviors", {"Items": []})["Items"]:
                body.append(("ordered_cache_behavior", Hcl.Blocks(hcl_behavior(b))))
            body.append(("restrictions", Hcl.Blocks(
                [("geo_restriction", Hcl.Blocks([("restriction_type", "none")]))])))
            body.append(("viewer_certificate", Hcl.Blocks(
                [("cloudfront_default_certificate", True)])))
            out.block('resource "aws_cloudfront_distribution" "site"', body)
        else:
            c = doc["CorsConfig"]
            cors_config = [
                ("access_control_allow_credentials", c["AccessControlAllowCredentials"])]
            for api, tf in [("AccessControlAllowHeaders", "access_control_allow_headers"),
                            ("AccessControlAllowMethods", "access_control_allow_methods"),
                            ("AccessControlAllowOrigins", "access_control_allow_origins")]:
                cors_config.append((tf, Hcl.Blocks([("items", c[api]["Items"])])))
            cors_config += [("access_control_max_age_sec", c["AccessControlMaxAgeSec"]),
                            ("origin_override", c["OriginOverride"])]
            out.block('resource "aws_cloudfront_response_headers_policy" "api_cors"',
                      [("name", doc["Name"]), ("cors_config", Hcl.Blocks(cors_config))])
    return "\n".join(out.lines) + "\n"


def main():
    for number, (case, docs) in enumerate(CASES.items()):
        root = os.path.join(HERE, case)
        shutil.rmtree(root, ignore_errors=True)
        for form in ("raw", "export", "cloudformation", "cloudformation-yaml", "terraform", "terraform-hcl"):
            os.makedirs(os.path.join(root, form))
        for kind, doc in docs:
            dump(os.path.join(root, "raw", FILE[kind]), doc)
            dump(os.path.join(root, "export", FILE[kind]), export(kind, copy.deepcopy(doc)))
        dump(os.path.join(root, "cloudformation", "template.json"),
             cloudformation(copy.deepcopy(docs)))
        with open(os.path.join(root, "cloudformation-yaml", "template.yaml"), "w") as f:
            f.write(cloudformation_yaml(cloudformation(copy.deepcopy(docs)), number % 2 == 0))
        dump(os.path.join(root, "terraform", "plan.json"), terraform(copy.deepcopy(docs)))
        with open(os.path.join(root, "terraform-hcl", "main.tf"), "w") as f:
            f.write(terraform_hcl(copy.deepcopy(docs)))
        if any(kind == "cors" for kind, _ in docs):
            os.makedirs(os.path.join(root, "xml"))
            for kind, doc in docs:
                if kind == "cors":
                    with open(os.path.join(root, "xml", "cors.xml"), "w") as f:
                        f.write(cors_xml(doc))
                else:
                    dump(os.path.join(root, "xml", FILE[kind]), doc)


if __name__ == "__main__":
    main()
