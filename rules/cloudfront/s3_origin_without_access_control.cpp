#include "corslint/model/distribution.hpp"
#include "corslint/rule.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "F010",
    .name = "cf-s3-origin-without-access-control",
    .default_severity = Severity::Warning,
    .summary = "An S3 REST origin has neither origin access control nor an origin access identity",
    .rationale =
        "Without OAC or an OAI CloudFront sends anonymous requests to the bucket's REST "
        "endpoint, so the distribution works only if the bucket lets everyone read it. Then "
        "anyone can bypass CloudFront and its HTTPS, WAF, signed URLs and logging by fetching "
        "the objects from S3 directly. Website endpoints cannot use OAC and are not reported.",
    .bad_example =
        R"({"DistributionConfig": {"CallerReference": "site", "Comment": "", "Enabled": true,
  "Origins": {"Quantity": 1, "Items": [{"Id": "site", "DomainName": "site.s3.us-east-1.amazonaws.com",
    "S3OriginConfig": {"OriginAccessIdentity": ""}}]},
  "DefaultCacheBehavior": {"TargetOriginId": "site", "ViewerProtocolPolicy": "redirect-to-https",
    "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6"}}})",
    .good_example =
        R"({"DistributionConfig": {"CallerReference": "site", "Comment": "", "Enabled": true,
  "Origins": {"Quantity": 1, "Items": [{"Id": "site", "DomainName": "site.s3.us-east-1.amazonaws.com",
    "S3OriginConfig": {"OriginAccessIdentity": ""}, "OriginAccessControlId": "E2OACEXAMPLE"}]},
  "DefaultCacheBehavior": {"TargetOriginId": "site", "ViewerProtocolPolicy": "redirect-to-https",
    "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6"}}})",
    .fix_hint =
        "Attach an origin access control (OriginAccessControlId), block public access on the "
        "bucket, and allow only this distribution in the bucket policy.",
    .references =
        "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/"
        "private-content-restricting-access-to-s3.html",
};

void check(const cloudfront::Distribution& dist, Reporter& out) {
  for (const cloudfront::Origin& o : dist.origins) {
    if (o.kind != cloudfront::OriginKind::S3Rest || o.oai || o.oac_id) continue;
    out.report(o.domain_name->node,
               "{} reads bucket \"{}\" through its REST endpoint with neither origin access "
               "control nor an origin access identity, so the bucket must be public and anyone "
               "can bypass CloudFront; attach an OAC and allow only this distribution",
               o.label(), o.bucket);
  }
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
