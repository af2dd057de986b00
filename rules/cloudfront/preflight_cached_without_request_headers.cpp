#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "corslint/analysis/cloudfront_eval.hpp"
#include "corslint/analysis/setup.hpp"
#include "corslint/model/distribution.hpp"
#include "corslint/rule.hpp"

namespace corslint::rules {
namespace {

using cloudfront::Tri;

constexpr RuleMeta kMeta{
    .code = "F008",
    .name = "cf-preflight-cached-without-request-headers",
    .kinds = kinds(DocKind::CloudFrontDistribution),
    .default_severity = Severity::Warning,
    .summary =
        "OPTIONS responses from S3 are cached without the preflight's request headers in "
        "the key",
    .rationale =
        "When CachedMethods holds OPTIONS, CloudFront caches preflight answers. S3 echoes the "
        "requested headers in Access-Control-Allow-Headers, so a preflight cached for one set of "
        "headers or one method is replayed for another, and the browser reports \"Request "
        "header field ... is not allowed by Access-Control-Allow-Headers in preflight "
        "response\". Access-Control-Request-Headers and Access-Control-Request-Method must be "
        "in the cache key (with Origin, F007). Custom cache policy ids cannot be checked here.",
    .bad_example =
        R"({"DistributionConfig": {"CallerReference": "site", "Comment": "", "Enabled": true,
  "Origins": {"Quantity": 1, "Items": [{"Id": "uploads", "DomainName": "uploads.s3.amazonaws.com",
    "S3OriginConfig": {"OriginAccessIdentity": ""}, "OriginAccessControlId": "E2OACEXAMPLE"}]},
  "DefaultCacheBehavior": {"TargetOriginId": "uploads", "ViewerProtocolPolicy": "https-only",
    "AllowedMethods": {"Quantity": 3, "Items": ["GET", "HEAD", "OPTIONS"],
      "CachedMethods": {"Quantity": 3, "Items": ["GET", "HEAD", "OPTIONS"]}},
    "ForwardedValues": {"QueryString": false, "Cookies": {"Forward": "none"},
      "Headers": {"Quantity": 1, "Items": ["Origin"]}},
    "MinTTL": 0, "DefaultTTL": 86400, "MaxTTL": 31536000}}})",
    .good_example =
        R"({"DistributionConfig": {"CallerReference": "site", "Comment": "", "Enabled": true,
  "Origins": {"Quantity": 1, "Items": [{"Id": "uploads", "DomainName": "uploads.s3.amazonaws.com",
    "S3OriginConfig": {"OriginAccessIdentity": ""}, "OriginAccessControlId": "E2OACEXAMPLE"}]},
  "DefaultCacheBehavior": {"TargetOriginId": "uploads", "ViewerProtocolPolicy": "https-only",
    "AllowedMethods": {"Quantity": 3, "Items": ["GET", "HEAD", "OPTIONS"],
      "CachedMethods": {"Quantity": 3, "Items": ["GET", "HEAD", "OPTIONS"]}},
    "ForwardedValues": {"QueryString": false, "Cookies": {"Forward": "none"},
      "Headers": {"Quantity": 3, "Items": ["Origin", "Access-Control-Request-Headers", "Access-Control-Request-Method"]}},
    "MinTTL": 0, "DefaultTTL": 86400, "MaxTTL": 31536000}}})",
    .fix_hint =
        "Key Access-Control-Request-Headers and Access-Control-Request-Method (with Origin) in "
        "the cache policy or ForwardedValues, or cache only GET and HEAD.",
    .references =
        "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/header-caching.html"
        "#header-caching-web-cors",
    .runs_on_ambiguous_bundles = true,
};

void check_behavior(const cloudfront::Distribution& d, const cloudfront::CacheBehavior& b,
                    const cloudfront::PolicyLookup& lookup, Reporter& out) {
  if (!b.caches_method("OPTIONS")) return;
  cloudfront::BehaviorView v = cloudfront::view(d, b, lookup);
  if (v.origin == nullptr || !v.origin->is_s3()) return;
  if (cloudfront::caching_disabled(v) != Tri::No) return;  // nothing cached, or cannot tell
  if (v.response_headers.unresolved()) return;
  // A policy that overrides the origin's Access-Control-Allow-Headers makes the cached value moot.
  const cloudfront::CorsConfig* cors = v.cors();
  if (cors != nullptr && cors->overrides_origin() && !cors->allow_headers.items.empty()) return;
  std::vector<std::string_view> missing;
  for (std::string_view h : {"Access-Control-Request-Headers", "Access-Control-Request-Method"}) {
    if (cloudfront::header_fate(v, h).in_cache_key == Tri::No) missing.push_back(h);
  }
  if (missing.empty()) return;
  json::NodeId at = b.cached_methods.present() ? b.cached_methods.node : b.node;
  Reported f = out.report(at,
                          "preflights cached by {} are replayed for other requests: it caches "
                          "OPTIONS responses from S3 {} but {} leaves {} out of the cache key, "
                          "and S3's Access-Control-Allow-Headers echoes the first request; key "
                          "{} or cache only GET and HEAD",
                          b.label(), v.origin->label(), cloudfront::cache_key_source(v),
                          fmt::join(missing, " and "), missing.size() > 1 ? "them" : "it");
  out.add_related(f, cloudfront::cache_key_node(v), "cache key set here");
}

void check_distribution(const cloudfront::Distribution& dist,
                        const cloudfront::PolicyLookup& lookup, Reporter& out) {
  for (const cloudfront::CacheBehavior* b : dist.all_behaviors()) {
    check_behavior(dist, *b, lookup, out);
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
