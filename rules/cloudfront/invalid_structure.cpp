#include <vector>

#include "corslint/model/cloudfront.hpp"
#include "corslint/model/distribution.hpp"
#include "corslint/rule.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "F001",
    .name = "cf-invalid-structure",
    .default_severity = Severity::Error,
    .summary = "The CloudFront configuration has a shape the CloudFront API rejects",
    .rationale =
        "CloudFront refuses the whole create or update request when a list's Quantity differs "
        "from its number of Items, a required field is missing, a value has the wrong type or "
        "an unknown name, a key is unknown, AllowedMethods is not one of the three sets "
        "CloudFront offers, CachedMethods is not one of its two, or a cache behaviour has both "
        "the legacy ForwardedValues and a CachePolicyId. The deploy fails, or a script keeps "
        "the previous configuration without anyone noticing.",
    .bad_example =
        R"({"ETag": "E2QWRUHEXAMPLE", "DistributionConfig": {"CallerReference": "site", "Comment": "", "Enabled": true,
  "Origins": {"Quantity": 2, "Items": [{"Id": "site", "DomainName": "site.s3.us-east-1.amazonaws.com",
    "S3OriginConfig": {"OriginAccessIdentity": ""}, "OriginAccessControlId": "E2OACEXAMPLE"}]},
  "DefaultCacheBehavior": {"TargetOriginId": "site", "ViewerProtocolPolicy": "redirect-to-https",
    "AllowedMethods": {"Quantity": 2, "Items": ["GET", "HEAD"]},
    "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6"}}})",
    .good_example =
        R"({"ETag": "E2QWRUHEXAMPLE", "DistributionConfig": {"CallerReference": "site", "Comment": "", "Enabled": true,
  "Origins": {"Quantity": 1, "Items": [{"Id": "site", "DomainName": "site.s3.us-east-1.amazonaws.com",
    "S3OriginConfig": {"OriginAccessIdentity": ""}, "OriginAccessControlId": "E2OACEXAMPLE"}]},
  "DefaultCacheBehavior": {"TargetOriginId": "site", "ViewerProtocolPolicy": "redirect-to-https",
    "AllowedMethods": {"Quantity": 2, "Items": ["GET", "HEAD"]},
    "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6"}}})",
    .fix_hint =
        "Keep every Quantity equal to the number of Items, give each object its required "
        "fields with the documented types and values, and use a cache policy instead of "
        "ForwardedValues.",
    .references =
        "https://docs.aws.amazon.com/cloudfront/latest/APIReference/API_DistributionConfig.html",
};

// Every CloudFront model lists its structure issues the same way.
template <class Model>
void check(const Model& model, Reporter& out) {
  for (const StructureIssue& issue : model.issues) {
    Reported f = issue.at_key ? out.report_key(issue.node, "{}", issue.message)
                              : out.report(issue.node, "{}", issue.message);
    if (issue.fix) out.add_fix(f, issue.fix->description, issue.fix->node, issue.fix->replacement);
  }
}

const Registration kRegistration{kMeta,
                                 __FILE__,
                                 &check<cloudfront::Distribution>,
                                 &check<cloudfront::ResponseHeadersPolicy>,
                                 &check<cloudfront::CachePolicy>,
                                 &check<cloudfront::OriginRequestPolicy>};

}  // namespace
}  // namespace corslint::rules
