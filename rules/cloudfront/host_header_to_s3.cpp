#include "corslint/analysis/cloudfront_eval.hpp"
#include "corslint/analysis/setup.hpp"
#include "corslint/model/distribution.hpp"
#include "corslint/rule.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "F012",
    .name = "cf-host-header-to-s3",
    .kinds = kinds(DocKind::CloudFrontDistribution),
    .default_severity = Severity::Error,
    .summary = "The viewer's Host header is forwarded to an S3 REST origin",
    .rationale =
        "S3 picks the bucket from the Host header. When an origin request policy forwards "
        "every viewer header (Managed-AllViewer) or a cache policy keys Host, S3 receives your "
        "site's domain instead of the bucket's endpoint and answers with an error (or serves "
        "another bucket of that name), so nothing loads. Managed-AllViewerExceptHostHeader and "
        "Managed-CORS-S3Origin exist for this case. Custom policy ids cannot be checked from the "
        "distribution alone.",
    .bad_example =
        R"({"DistributionConfig": {"CallerReference": "site", "Comment": "", "Enabled": true,
  "Origins": {"Quantity": 1, "Items": [{"Id": "site", "DomainName": "site.s3.us-east-1.amazonaws.com",
    "S3OriginConfig": {"OriginAccessIdentity": ""}, "OriginAccessControlId": "E2OACEXAMPLE"}]},
  "DefaultCacheBehavior": {"TargetOriginId": "site", "ViewerProtocolPolicy": "redirect-to-https",
    "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6",
    "OriginRequestPolicyId": "216adef6-5c7f-47e4-b989-5492eafa07d3"}}})",
    .good_example =
        R"({"DistributionConfig": {"CallerReference": "site", "Comment": "", "Enabled": true,
  "Origins": {"Quantity": 1, "Items": [{"Id": "site", "DomainName": "site.s3.us-east-1.amazonaws.com",
    "S3OriginConfig": {"OriginAccessIdentity": ""}, "OriginAccessControlId": "E2OACEXAMPLE"}]},
  "DefaultCacheBehavior": {"TargetOriginId": "site", "ViewerProtocolPolicy": "redirect-to-https",
    "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6",
    "OriginRequestPolicyId": "b689b0a8-53d0-40ab-baf2-68738e2966ac"}}})",
    .fix_hint =
        "Use Managed-AllViewerExceptHostHeader (b689b0a8-53d0-40ab-baf2-68738e2966ac) or "
        "Managed-CORS-S3Origin (88a5eaf4-2fd4-4709-b370-b4c650ea3fcf) for S3 origins.",
    .references =
        "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/"
        "using-managed-origin-request-policies.html",
    .runs_on_ambiguous_bundles = true,
};

void check_distribution(const cloudfront::Distribution& d, const cloudfront::PolicyLookup& lookup,
                        Reporter& out) {
  for (const cloudfront::CacheBehavior* b : d.all_behaviors()) {
    cloudfront::BehaviorView v = cloudfront::view(d, *b, lookup);
    if (v.origin == nullptr || v.origin->kind != cloudfront::OriginKind::S3Rest) continue;
    json::NodeId at = json::kNoNode;
    std::string policy;
    if (v.origin_request.resolved() && v.origin_request.policy->forwards_header("Host")) {
      at = v.origin_request.id->node;
      policy = v.origin_request.policy->label();
    } else if (v.cache.resolved() && v.cache.policy->header_in_key("Host")) {
      at = v.cache.id->node;
      policy = v.cache.policy->label();
    } else {
      continue;
    }
    out.report(at,
               "the viewer's Host header reaches S3 {} from {} through {}, so S3 looks for a "
               "bucket named after the site's domain and the requests fail; use "
               "Managed-AllViewerExceptHostHeader or Managed-CORS-S3Origin",
               v.origin->label(), b->label(), policy);
  }
}

// A behaviour names its custom policies by id; they are other documents of
// the distribution's setup (an ambiguous one resolves AWS-managed ids only).
void check(const Setup& setup, Reporter& out) {
  for (const Document* doc : setup.bundle().of(DocKind::CloudFrontDistribution)) {
    out.focus(*doc);
    check_distribution(*doc->as<cloudfront::Distribution>(), setup.unambiguous_lookup(), out);
  }
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
