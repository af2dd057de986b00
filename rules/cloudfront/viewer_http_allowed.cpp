#include "corslint/model/distribution.hpp"
#include "corslint/rule.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "F011",
    .name = "cf-viewer-http-allowed",
    .default_severity = Severity::Warning,
    .summary = "A cache behaviour serves viewers over plain HTTP",
    .rationale =
        "ViewerProtocolPolicy \"allow-all\" answers http:// requests without redirecting them, "
        "so anyone on the network path can read or rewrite the responses, inject script into "
        "pages, or strip the CORS headers. A page on https:// cannot load these http:// URLs "
        "anyway (mixed content), so the only visitors who use them are the unprotected ones.",
    .bad_example =
        R"({"DistributionConfig": {"CallerReference": "site", "Comment": "", "Enabled": true,
  "Origins": {"Quantity": 1, "Items": [{"Id": "site", "DomainName": "site.s3.amazonaws.com",
    "S3OriginConfig": {"OriginAccessIdentity": ""}, "OriginAccessControlId": "E2OACEXAMPLE"}]},
  "DefaultCacheBehavior": {"TargetOriginId": "site", "ViewerProtocolPolicy": "allow-all",
    "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6"}}})",
    .good_example =
        R"({"DistributionConfig": {"CallerReference": "site", "Comment": "", "Enabled": true,
  "Origins": {"Quantity": 1, "Items": [{"Id": "site", "DomainName": "site.s3.amazonaws.com",
    "S3OriginConfig": {"OriginAccessIdentity": ""}, "OriginAccessControlId": "E2OACEXAMPLE"}]},
  "DefaultCacheBehavior": {"TargetOriginId": "site", "ViewerProtocolPolicy": "redirect-to-https",
    "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6"}}})",
    .fix_hint = "Set ViewerProtocolPolicy to \"redirect-to-https\" (or \"https-only\").",
    .references =
        "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/"
        "using-https-viewers-to-cloudfront.html",
};

void check(const cloudfront::Distribution& dist, Reporter& out) {
  for (const cloudfront::CacheBehavior* b : dist.all_behaviors()) {
    if (!b->viewer_protocol_policy || b->viewer_protocol_policy->text != "allow-all") continue;
    Reported f = out.report(b->viewer_protocol_policy->node,
                            "plain HTTP is served by {} (ViewerProtocolPolicy \"allow-all\"), "
                            "where anyone on the path can read or change the responses; set "
                            "\"redirect-to-https\"",
                            b->label());
    out.add_fix(f, "set \"redirect-to-https\"", b->viewer_protocol_policy->node,
                "\"redirect-to-https\"");
  }
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
