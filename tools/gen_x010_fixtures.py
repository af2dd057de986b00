# Writes testdata/rules/X010 fixtures (run from the repository root; review the diff).
import json, os, shutil
exec(open('tools/gen_simulate_scenarios.py').read().split("write(\"seed-blog\"")[0].replace("root = 'testdata/simulate'","root = 'testdata/rules/X010'"))
def wdir(name, files):
    d = os.path.join(root, name)
    if os.path.isdir(d): shutil.rmtree(d)
    os.makedirs(d)
    for fn, content in files.items():
        with open(os.path.join(d, fn), 'w') as f:
            json.dump(content, f, indent=2); f.write('\n')
pid = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee"
d7 = dist({"AllowedMethods": methods(*SEVEN), "CachePolicyId": DISABLED, "OriginRequestPolicyId": CORS_S3, "ResponseHeadersPolicyId": pid})
def pol(headers, override=True, methods_=("GET", "PUT", "OPTIONS")):
    return rhp(pid, {"AccessControlAllowOrigins": lst(APP), "AccessControlAllowHeaders": lst(*headers),
                     "AccessControlAllowMethods": lst(*methods_), "AccessControlAllowCredentials": False,
                     "AccessControlMaxAgeSec": 600, "OriginOverride": override})
wdir("bad-policy-header-refused-by-s3", {"distribution.json": d7, "response-headers-policy.json": pol(["x-api-key"]),
     "cors.json": [cors_rule([APP], ["GET", "PUT"], headers=["content-type"])]})
wdir("good-policy-and-s3-agree", {"distribution.json": d7, "response-headers-policy.json": pol(["x-api-key", "content-type"]),
     "cors.json": [cors_rule([APP], ["GET", "PUT"], headers=["x-api-key", "content-type"])]})
wdir("good-no-cors-file", {"distribution.json": d7, "response-headers-policy.json": pol(["x-api-key"])})
wdir("good-s3-only", {"cors.json": [cors_rule(["*"], ["GET"]), cors_rule([APP], ["GET", "PUT"], headers=["content-type", "x-amz-*"])]})
# Failures other rules report (F005 here) are left to them.
wdir("good-left-to-f005", {"distribution.json": dist({"AllowedMethods": methods("GET", "HEAD"), "CachePolicyId": OPT, "ResponseHeadersPolicyId": "5cc3b908-e619-4b99-88e5-2cf7f45965bd"}),
     "cors.json": [cors_rule([APP], ["GET", "PUT"], headers=["*"])]})
print("ok")
wdir("good-left-to-f007", {"distribution.json": dist({"AllowedMethods": methods("GET", "HEAD", "OPTIONS"), "CachePolicyId": OPT}),
     "cors.json": [cors_rule([APP], ["GET"], headers=["*"])]})
