#include "corslint/model/distribution.hpp"
#include "corslint/rule.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "F013",
    .name = "cf-oac-on-website-endpoint",
    .default_severity = Severity::Error,
    .summary = "Origin access control or an OAI is set on an S3 website endpoint",
    .rationale =
        "An S3 website endpoint (bucket.s3-website-<region>.amazonaws.com) is an ordinary "
        "HTTP server to CloudFront, a custom origin: it serves only public objects and ignores "
        "signed or OAI requests. Origin access control and origin access identities work only "
        "with the bucket's REST endpoint, so the setting either is rejected or leaves requests "
        "failing with 403.",
    .bad_example =
        R"({"DistributionConfig": {"CallerReference": "site", "Comment": "", "Enabled": true,
  "Origins": {"Quantity": 1, "Items": [{"Id": "site", "DomainName": "site.s3-website-us-east-1.amazonaws.com",
    "OriginAccessControlId": "E2OACEXAMPLE",
    "CustomOriginConfig": {"HTTPPort": 80, "HTTPSPort": 443, "OriginProtocolPolicy": "http-only"}}]},
  "DefaultCacheBehavior": {"TargetOriginId": "site", "ViewerProtocolPolicy": "redirect-to-https",
    "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6"}}})",
    .good_example =
        R"({"DistributionConfig": {"CallerReference": "site", "Comment": "", "Enabled": true,
  "Origins": {"Quantity": 1, "Items": [{"Id": "site", "DomainName": "site.s3.us-east-1.amazonaws.com",
    "OriginAccessControlId": "E2OACEXAMPLE", "S3OriginConfig": {"OriginAccessIdentity": ""}}]},
  "DefaultCacheBehavior": {"TargetOriginId": "site", "ViewerProtocolPolicy": "redirect-to-https",
    "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6"}}})",
    .fix_hint =
        "Point the origin at the REST endpoint (bucket.s3.<region>.amazonaws.com) with "
        "S3OriginConfig and OAC, or keep the website endpoint as a custom origin without OAC "
        "or OAI.",
    .references =
        "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/"
        "private-content-restricting-access-to-s3.html",
};

void check(const cloudfront::Distribution& dist, Reporter& out) {
  for (const cloudfront::Origin& o : dist.origins) {
    if (o.kind != cloudfront::OriginKind::S3Website) continue;
    const Value* setting = o.oac_id ? &*o.oac_id : o.oai ? &*o.oai : nullptr;
    if (setting == nullptr) continue;
    out.report(setting->node,
               "{} points at the S3 website endpoint \"{}\" but sets {}: website endpoints are "
               "custom origins that serve only public objects, so requests fail; use the REST "
               "endpoint \"{}.s3.{}.amazonaws.com\" with OAC, or drop the setting",
               o.label(), o.domain_name->text,
               o.oac_id ? "origin access control" : "an origin access identity", o.bucket,
               o.region.empty() ? "us-east-1" : o.region);
  }
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
