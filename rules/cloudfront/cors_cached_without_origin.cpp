#include <string_view>

#include "corslint/analysis/cloudfront_eval.hpp"
#include "corslint/analysis/setup.hpp"
#include "corslint/model/distribution.hpp"
#include "corslint/rule.hpp"

namespace corslint::rules {
namespace {

using cloudfront::Tri;

constexpr RuleMeta kMeta{
    .code = "F007",
    .name = "cf-cors-cached-without-origin",
    .kinds = kinds(DocKind::CloudFrontDistribution),
    .default_severity = Severity::Error,
    .summary = "An S3 origin's CORS answers are lost or cached without Origin in the cache key",
    .rationale =
        "S3 adds CORS headers only when the request carries Origin. If Origin never reaches S3 "
        "(a cache policy such as CachingOptimized and no origin request policy), S3 never sends "
        "them; if it is forwarded but not in the cache key (CORS-S3Origin with "
        "CachingOptimized), the first response is cached for every later request, so a copy "
        "without CORS headers, or with another site's echoed Access-Control-Allow-Origin, is "
        "replayed until the TTL ends. A response headers policy with CORS prevents both, since "
        "CloudFront adds its headers to cached responses too; with OriginOverride false it keeps "
        "a cached echoed origin, which is reported as a warning. Without the bucket's CORS file, "
        "corslint treats S3 as the CORS source only when the behaviour shows CORS use (OPTIONS "
        "allowed, the preflight headers named in a header whitelist, or Origin named in its "
        "origin request policy; forwarding every viewer header, as AllViewerExceptHostHeader "
        "does, is no sign of it); a plain static site is not reported. A custom cache policy id "
        "gets an info "
        "finding, since it cannot be checked from the distribution alone.",
    .bad_example =
        R"({"DistributionConfig": {"CallerReference": "site", "Comment": "", "Enabled": true,
  "Origins": {"Quantity": 1, "Items": [{"Id": "assets", "DomainName": "assets.s3.us-east-1.amazonaws.com",
    "S3OriginConfig": {"OriginAccessIdentity": ""}, "OriginAccessControlId": "E2OACEXAMPLE"}]},
  "DefaultCacheBehavior": {"TargetOriginId": "assets", "ViewerProtocolPolicy": "redirect-to-https",
    "AllowedMethods": {"Quantity": 3, "Items": ["GET", "HEAD", "OPTIONS"]},
    "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6",
    "OriginRequestPolicyId": "88a5eaf4-2fd4-4709-b370-b4c650ea3fcf"}}})",
    .good_example =
        R"({"DistributionConfig": {"CallerReference": "site", "Comment": "", "Enabled": true,
  "Origins": {"Quantity": 1, "Items": [{"Id": "assets", "DomainName": "assets.s3.us-east-1.amazonaws.com",
    "S3OriginConfig": {"OriginAccessIdentity": ""}, "OriginAccessControlId": "E2OACEXAMPLE"}]},
  "DefaultCacheBehavior": {"TargetOriginId": "assets", "ViewerProtocolPolicy": "redirect-to-https",
    "AllowedMethods": {"Quantity": 3, "Items": ["GET", "HEAD", "OPTIONS"]},
    "CachePolicyId": "658327ea-f89d-4fab-a63d-7e88639e58f6",
    "ResponseHeadersPolicyId": "60669652-455b-4ae9-85a4-c4c02393f86c"}}})",
    .fix_hint =
        "Use a cache policy whose key holds Origin (plus Access-Control-Request-Headers and "
        "-Method when OPTIONS is cached), or legacy ForwardedValues Headers with those three, or "
        "attach a response headers policy that adds the CORS headers itself.",
    .references =
        "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/header-caching.html"
        "#header-caching-web-cors",
    .runs_on_ambiguous_bundles = true,
};

void check_behavior(const cloudfront::Distribution& d, const cloudfront::CacheBehavior& b,
                    const cloudfront::PolicyLookup& lookup, Reporter& out) {
  cloudfront::BehaviorView v = cloudfront::view(d, b, lookup);
  if (v.origin == nullptr || !v.origin->is_s3()) return;
  // A custom response headers policy may add the CORS headers itself: silent.
  if (v.response_headers.unresolved()) return;
  const cloudfront::CorsConfig* cors = v.cors();
  if (cors != nullptr && cors->overrides_origin()) return;  // the policy decides every CORS header
  cloudfront::HeaderFate origin = cloudfront::header_fate(v, "Origin");
  std::string_view cors_use = cloudfront::cors_use(v);
  json::NodeId at = cloudfront::cache_key_node(v);
  std::string source = cloudfront::cache_key_source(v);
  if (v.cache.unresolved()) {
    if (!cors_use.empty() && (cors == nullptr || origin.forwarded == Tri::Yes)) {
      out.report(Severity::Info, at,
                 "cannot verify that Origin is in the cache key of {}: it sends requests to S3 "
                 "{} with {}, which is not an AWS-managed policy; without Origin in the key S3's "
                 "CORS headers are lost or cached for the wrong site, so check that policy",
                 b.label(), v.origin->label(), source);
    }
    return;
  }
  if (origin.in_cache_key == Tri::Yes || origin.forwarded == Tri::Unknown) return;
  // Without a sign of CORS use S3 is not assumed to supply CORS here.
  if (cors_use.empty()) return;
  if (origin.forwarded == Tri::No) {
    if (cors != nullptr) return;  // S3 never sends CORS headers, so the policy's always apply
    out.report(at,
               "S3 {} never adds CORS headers for {}: it {}, but {} never forwards Origin, so "
               "cross-origin requests fail with \"No 'Access-Control-Allow-Origin' header\"; use "
               "a cache policy that keys Origin, Access-Control-Request-Headers and -Method",
               v.origin->label(), b.label(), cors_use, source);
    return;
  }
  if (cloudfront::caching_disabled(v) == Tri::Yes) return;
  if (cors != nullptr) {
    out.report(Severity::Warning, at,
               "one site's cached Access-Control-Allow-Origin can reach other sites through {}: "
               "it forwards Origin to S3 {} but {} leaves it out of the cache key, and {} keeps "
               "an echoed origin from the bucket (OriginOverride false); key Origin or set "
               "OriginOverride true",
               b.label(), v.origin->label(), source, v.response_headers.policy->label());
    return;
  }
  out.report(at,
             "cached answers of S3 {} are replayed to every site by {}: it forwards Origin but "
             "{} leaves it out of the cache key, so a copy without CORS headers (or with another "
             "site's Access-Control-Allow-Origin) is served; use a cache policy that keys Origin",
             v.origin->label(), b.label(), source);
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
