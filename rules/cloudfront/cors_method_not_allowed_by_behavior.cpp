#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "corslint/analysis/cloudfront_eval.hpp"
#include "corslint/analysis/setup.hpp"
#include "corslint/model/distribution.hpp"
#include "corslint/rule.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "F006",
    .name = "cf-cors-method-not-allowed-by-behavior",
    .kinds = kinds(DocKind::CloudFrontDistribution),
    .default_severity = Severity::Warning,
    .summary = "The response headers policy advertises methods the cache behaviour refuses",
    .rationale =
        "Access-Control-Allow-Methods tells the browser that PUT, POST, PATCH or DELETE may "
        "follow the preflight, but a behaviour whose AllowedMethods is [GET, HEAD] or [GET, "
        "HEAD, OPTIONS] answers those requests with CloudFront's own 403 page (\"This "
        "distribution is not configured to allow the HTTP request method...\"), which carries no "
        "CORS headers, so the page sees a CORS error instead of the real cause. OPTIONS itself "
        "is F005's finding.",
    .bad_example =
        R"({"DistributionConfig": {"CallerReference": "site", "Comment": "", "Enabled": true,
  "Origins": {"Quantity": 1, "Items": [{"Id": "api", "DomainName": "api.example.com",
    "CustomOriginConfig": {"HTTPPort": 80, "HTTPSPort": 443, "OriginProtocolPolicy": "https-only"}}]},
  "DefaultCacheBehavior": {"TargetOriginId": "api", "ViewerProtocolPolicy": "https-only",
    "AllowedMethods": {"Quantity": 3, "Items": ["GET", "HEAD", "OPTIONS"]},
    "CachePolicyId": "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
    "ResponseHeadersPolicyId": "5cc3b908-e619-4b99-88e5-2cf7f45965bd"}}})",
    .good_example =
        R"({"DistributionConfig": {"CallerReference": "site", "Comment": "", "Enabled": true,
  "Origins": {"Quantity": 1, "Items": [{"Id": "api", "DomainName": "api.example.com",
    "CustomOriginConfig": {"HTTPPort": 80, "HTTPSPort": 443, "OriginProtocolPolicy": "https-only"}}]},
  "DefaultCacheBehavior": {"TargetOriginId": "api", "ViewerProtocolPolicy": "https-only",
    "AllowedMethods": {"Quantity": 7, "Items": ["GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"]},
    "CachePolicyId": "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
    "ResponseHeadersPolicyId": "5cc3b908-e619-4b99-88e5-2cf7f45965bd"}}})",
    .fix_hint =
        "Allow all seven methods in the behaviour if the site sends them, or attach a response "
        "headers policy that lists only the methods the behaviour allows.",
    .references =
        "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/"
        "DownloadDistValuesCacheBehavior.html#DownloadDistValuesAllowedHTTPMethods",
    .runs_on_ambiguous_bundles = true,
};

void check_distribution(const cloudfront::Distribution& d, const cloudfront::PolicyLookup& lookup,
                        Reporter& out) {
  for (const cloudfront::CacheBehavior* b : d.all_behaviors()) {
    cloudfront::BehaviorView v = cloudfront::view(d, *b, lookup);
    const cloudfront::CorsConfig* cors = v.cors();
    if (cors == nullptr) continue;
    std::vector<std::string_view> refused;
    for (std::string_view m : cors->methods()) {
      if (m != "OPTIONS" && !b->allows_method(m)) refused.push_back(m);
    }
    if (refused.empty()) continue;
    json::NodeId at = b->allowed_methods.present() ? b->allowed_methods.node : b->node;
    Reported f = out.report(at,
                            "requests with {} get CloudFront's own 403 without CORS headers from "
                            "{}, although its {} advertises {}; allow all seven methods or use a "
                            "policy that lists only GET, HEAD and OPTIONS",
                            fmt::join(refused, ", "), b->label(),
                            v.response_headers.policy->label(), refused.size() > 1 ? "them" : "it");
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
