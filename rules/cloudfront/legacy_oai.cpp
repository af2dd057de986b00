#include "corslint/model/distribution.hpp"
#include "corslint/rule.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "F009",
    .name = "cf-legacy-oai",
    .default_severity = Severity::Warning,
    .summary = "An S3 origin uses a legacy origin access identity",
    .rationale =
        "Origin access identities are CloudFront's legacy way to read a private bucket. They do "
        "not sign requests with SigV4, so they cannot read objects encrypted with SSE-KMS, do not "
        "work in the AWS Regions launched after December 2022, and do not support PUT or POST to "
        "the bucket. AWS recommends origin access control (OAC) instead. An OAI on an S3 website "
        "endpoint is F013's finding.",
    .bad_example =
        R"({"DistributionConfig": {"CallerReference": "site", "Comment": "", "Enabled": true,
  "Origins": {"Quantity": 1, "Items": [{"Id": "site", "DomainName": "site.s3.amazonaws.com",
    "S3OriginConfig": {"OriginAccessIdentity": "origin-access-identity/cloudfront/E127EXAMPLE51Z"}}]},
  "DefaultCacheBehavior": {"TargetOriginId": "site", "ViewerProtocolPolicy": "redirect-to-https",
    "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6"}}})",
    .good_example =
        R"({"DistributionConfig": {"CallerReference": "site", "Comment": "", "Enabled": true,
  "Origins": {"Quantity": 1, "Items": [{"Id": "site", "DomainName": "site.s3.amazonaws.com",
    "S3OriginConfig": {"OriginAccessIdentity": ""}, "OriginAccessControlId": "E2OACEXAMPLE"}]},
  "DefaultCacheBehavior": {"TargetOriginId": "site", "ViewerProtocolPolicy": "redirect-to-https",
    "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6"}}})",
    .fix_hint =
        "Create an origin access control, set its id as OriginAccessControlId, set "
        "OriginAccessIdentity to \"\", and grant the cloudfront.amazonaws.com service principal "
        "read access in the bucket policy with an AWS:SourceArn condition for this distribution.",
    .references =
        "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/"
        "private-content-restricting-access-to-s3.html",
};

void check(const cloudfront::Distribution& dist, Reporter& out) {
  for (const cloudfront::Origin& o : dist.origins) {
    if (!o.oai || o.kind == cloudfront::OriginKind::S3Website) continue;
    out.report(o.oai->node,
               "{} reads its bucket through the legacy origin access identity \"{}\", which "
               "cannot read SSE-KMS objects or work in newer Regions; migrate to origin access "
               "control (OAC)",
               o.label(), o.oai->text);
  }
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
