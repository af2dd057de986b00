#include "corslint/analysis/cloudfront_eval.hpp"
#include "corslint/analysis/setup.hpp"
#include "corslint/model/distribution.hpp"
#include "corslint/rule.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "F005",
    .name = "cf-preflight-not-allowed",
    .kinds = kinds(DocKind::CloudFrontDistribution),
    .default_severity = Severity::Error,
    .summary =
        "A cache behaviour's CORS setup needs preflights but its AllowedMethods lacks OPTIONS",
    .rationale =
        "CloudFront does not answer preflights itself: the OPTIONS request must be allowed by "
        "the behaviour and reach the origin or the cache, and the response headers policy then "
        "adds its headers. When the policy allows methods or headers that make browsers send a "
        "preflight (PUT, DELETE, Authorization, JSON bodies ...) but AllowedMethods is [GET, "
        "HEAD], CloudFront answers every preflight with its own 403 page, which has no "
        "Access-Control-Allow-Origin, and the browser reports \"Response to preflight request "
        "doesn't pass access control check\". AWS-managed policies are resolved by id; custom "
        "policy ids cannot be checked from the distribution alone.",
    .bad_example =
        R"({"DistributionConfig": {"CallerReference": "site", "Comment": "", "Enabled": true,
  "Origins": {"Quantity": 1, "Items": [{"Id": "api", "DomainName": "api.example.com",
    "CustomOriginConfig": {"HTTPPort": 80, "HTTPSPort": 443, "OriginProtocolPolicy": "https-only"}}]},
  "DefaultCacheBehavior": {"TargetOriginId": "api", "ViewerProtocolPolicy": "https-only",
    "AllowedMethods": {"Quantity": 2, "Items": ["GET", "HEAD"]},
    "CachePolicyId": "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
    "ResponseHeadersPolicyId": "5cc3b908-e619-4b99-88e5-2cf7f45965bd"}}})",
    .good_example =
        R"({"DistributionConfig": {"CallerReference": "site", "Comment": "", "Enabled": true,
  "Origins": {"Quantity": 1, "Items": [{"Id": "api", "DomainName": "api.example.com",
    "CustomOriginConfig": {"HTTPPort": 80, "HTTPSPort": 443, "OriginProtocolPolicy": "https-only"}}]},
  "DefaultCacheBehavior": {"TargetOriginId": "api", "ViewerProtocolPolicy": "https-only",
    "AllowedMethods": {"Quantity": 3, "Items": ["GET", "HEAD", "OPTIONS"]},
    "CachePolicyId": "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
    "ResponseHeadersPolicyId": "5cc3b908-e619-4b99-88e5-2cf7f45965bd"}}})",
    .fix_hint =
        "Allow OPTIONS in the behaviour: [GET, HEAD, OPTIONS], or all seven methods when the "
        "site also sends PUT, POST, PATCH or DELETE.",
    .references =
        "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/"
        "understanding-response-headers-policies.html",
    .runs_on_ambiguous_bundles = true,
};

void check_distribution(const cloudfront::Distribution& d, const cloudfront::PolicyLookup& lookup,
                        Reporter& out) {
  for (const cloudfront::CacheBehavior* b : d.all_behaviors()) {
    if (b->allows_method("OPTIONS")) continue;
    cloudfront::BehaviorView v = cloudfront::view(d, *b, lookup);
    const cloudfront::CorsConfig* cors = v.cors();
    if (cors == nullptr || !cloudfront::expects_preflight(*cors)) continue;
    json::NodeId at = b->allowed_methods.present() ? b->allowed_methods.node : b->node;
    Reported f = out.report(at,
                            "preflights to {} get CloudFront's own 403 without CORS headers: it "
                            "uses {}, which needs them ({}), but AllowedMethods lacks OPTIONS; "
                            "allow [GET, HEAD, OPTIONS] or all seven methods",
                            b->label(), v.response_headers.policy->label(),
                            cloudfront::preflight_reason(*cors));
    out.add_related(f, v.response_headers.id->node, "response headers policy attached here");
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
