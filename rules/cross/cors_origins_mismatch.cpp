#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "corslint/analysis/bundle_facts.hpp"
#include "corslint/analysis/cloudfront_eval.hpp"
#include "corslint/analysis/cors_fronts.hpp"
#include "corslint/analysis/setup.hpp"
#include "corslint/model/bundle.hpp"
#include "corslint/model/cloudfront.hpp"
#include "corslint/model/cors.hpp"
#include "corslint/model/distribution.hpp"
#include "corslint/rule.hpp"
#include "corslint/text.hpp"

namespace corslint::rules {
namespace {

using cloudfront::Tri;

constexpr RuleMeta kMeta{
    .code = "X005",
    .name = "cors-origins-mismatch",
    .kinds = kinds(DocKind::S3Cors, DocKind::CloudFrontResponseHeadersPolicy,
                   DocKind::CloudFrontDistribution),
    .default_severity = Severity::Warning,
    .summary =
        "S3 CORS and the response headers policy in front of the bucket allow "
        "different origins",
    .rationale =
        "When a distribution serves a bucket, two lists decide which sites may read it: the "
        "bucket's CORS rules and the CORS part of the response headers policy. Where they "
        "disagree, the answer depends on which of the two handles the request. An origin only "
        "the policy allows gets CORS headers on simple requests, but its preflights reach S3, "
        "which has no rule for it and answers 403. An origin only S3 allows is blocked "
        "whenever Origin does not reach S3, and otherwise depends on S3 alone while the "
        "policy suggests it is not allowed. The bucket is the one the bundle's S3 CORS "
        "configuration belongs to (the only bucket among the distribution's S3 origins, "
        "unless the file format names it); entries no browser can send are left to C003 and "
        "F004.",
    .bad_example =
        R"((a bundle: S3 CORS allowing https://app.example.com, and a response headers policy allowing
https://www.example.com on the behaviour in front of that bucket)
// file: cors.json
{"CORSRules": [{"AllowedOrigins": ["https://app.example.com"], "AllowedMethods": ["GET",
  "HEAD"]}]}
// file: distribution.json
{"DistributionConfig": {"CallerReference": "assets-2024", "Comment": "assets", "Enabled": true,
  "Origins": {"Quantity": 1, "Items": [{"Id": "assets",
  "DomainName": "example-assets.s3.us-east-1.amazonaws.com",
  "OriginAccessControlId": "E3QYQ2EXAMPLE"}]},
  "DefaultCacheBehavior": {"TargetOriginId": "assets",
  "ViewerProtocolPolicy": "redirect-to-https", "AllowedMethods": {"Quantity": 3,
  "Items": ["GET", "HEAD", "OPTIONS"]},
  "CachePolicyId": "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
  "OriginRequestPolicyId": "88a5eaf4-2fd4-4709-b370-b4c650ea3fcf",
  "ResponseHeadersPolicyId": "4b1f3a52-7c2e-4d8b-9e61-0a5c2d7f8e93"}}}
// file: response-headers-policy.json
{"ResponseHeadersPolicy": {"Id": "4b1f3a52-7c2e-4d8b-9e61-0a5c2d7f8e93",
  "ResponseHeadersPolicyConfig": {"Name": "assets-cors",
  "CorsConfig": {"AccessControlAllowOrigins": {"Quantity": 1,
  "Items": ["https://www.example.com"]}, "AccessControlAllowHeaders": {"Quantity": 1,
  "Items": ["Content-Type"]}, "AccessControlAllowMethods": {"Quantity": 3, "Items": ["GET",
  "HEAD", "OPTIONS"]}, "AccessControlAllowCredentials": false, "AccessControlMaxAgeSec": 600,
  "OriginOverride": true}}}})",
    .good_example = R"((the same bundle with both allowing https://app.example.com)
// file: cors.json
{"CORSRules": [{"AllowedOrigins": ["https://app.example.com"], "AllowedMethods": ["GET",
  "HEAD"]}]}
// file: distribution.json
{"DistributionConfig": {"CallerReference": "assets-2024", "Comment": "assets", "Enabled": true,
  "Origins": {"Quantity": 1, "Items": [{"Id": "assets",
  "DomainName": "example-assets.s3.us-east-1.amazonaws.com",
  "OriginAccessControlId": "E3QYQ2EXAMPLE"}]},
  "DefaultCacheBehavior": {"TargetOriginId": "assets",
  "ViewerProtocolPolicy": "redirect-to-https", "AllowedMethods": {"Quantity": 3,
  "Items": ["GET", "HEAD", "OPTIONS"]},
  "CachePolicyId": "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
  "OriginRequestPolicyId": "88a5eaf4-2fd4-4709-b370-b4c650ea3fcf",
  "ResponseHeadersPolicyId": "4b1f3a52-7c2e-4d8b-9e61-0a5c2d7f8e93"}}}
// file: response-headers-policy.json
{"ResponseHeadersPolicy": {"Id": "4b1f3a52-7c2e-4d8b-9e61-0a5c2d7f8e93",
  "ResponseHeadersPolicyConfig": {"Name": "assets-cors",
  "CorsConfig": {"AccessControlAllowOrigins": {"Quantity": 1,
  "Items": ["https://app.example.com"]}, "AccessControlAllowHeaders": {"Quantity": 1,
  "Items": ["Content-Type"]}, "AccessControlAllowMethods": {"Quantity": 3, "Items": ["GET",
  "HEAD", "OPTIONS"]}, "AccessControlAllowCredentials": false, "AccessControlMaxAgeSec": 600,
  "OriginOverride": true}}}})",
    .fix_hint =
        "List the same origins in the bucket's CORS rules and in the response headers "
        "policy.",
    .references =
        "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/"
        "understanding-response-headers-policies.html#understanding-response-headers-"
        "policies-cors",
};

bool policy_covers(const cloudfront::CorsConfig& c, std::string_view s3_origin) {
  for (const Value& p : c.allow_origins.items) {
    if (usable_origin_entry(p.text) && wildcard_covers(p.text, s3_origin, true)) return true;
  }
  return false;
}

bool s3_covers(const cors::Config& config, std::string_view policy_origin) {
  for (const cors::Rule& r : config.rules) {
    for (const Value& s : r.allowed_origins) {
      if (usable_origin_entry(s.text) && wildcard_covers(s.text, policy_origin, true)) return true;
    }
  }
  return false;
}

std::string quoted_origin(std::string_view entry) {
  return entry == "*" ? std::string("every origin (\"*\")") : fmt::format("\"{}\"", entry);
}

void check_front(const CorsFront& f, const cloudfront::CorsConfig& c, Reporter& out) {
  const cors::Config& config = *f.cors->as<cors::Config>();
  const cloudfront::CacheBehavior& b = *f.view.behavior;
  Tri origin_forwarded = cloudfront::header_fate(f.view, "Origin").forwarded;
  std::string policy = f.policy_name();
  Place list = policy_place(f, c.allow_origins.node);
  // Only S3 allows it.
  for (const cors::Rule& rule : config.rules) {
    for (const Value& s : rule.allowed_origins) {
      if (!usable_origin_entry(s.text) || policy_covers(c, s.text)) continue;
      bool every = s.text == "*";
      std::string who =
          every ? std::string("origins the policy does not list") : quoted_origin(s.text);
      std::string why =
          origin_forwarded == Tri::No
              ? fmt::format(
                    "Origin never reaches S3 through {}, so requests from {} get no "
                    "Access-Control-Allow-Origin",
                    b.label(), who)
              : fmt::format("whether {} {} CORS headers through {} depends on S3 alone", who,
                            every ? "get" : "gets", b.label());
      Reported finding =
          out.report(*f.cors, s.node,
                     "S3 CORS {} allows {} but {} does not: {}; list the same origins in both",
                     rule.label(), quoted_origin(s.text), policy, why);
      out.add_related(finding, *list.doc, list.node, "the policy's allowed origins");
    }
  }
  // Only the policy allows it.
  for (const Value& p : c.allow_origins.items) {
    if (!usable_origin_entry(p.text) || s3_covers(config, p.text)) continue;
    bool every = p.text == "*";
    std::string who =
        every ? std::string("origins the bucket does not list") : quoted_origin(p.text);
    std::string why = b.allows_method("OPTIONS") && origin_forwarded == Tri::Yes
                          ? fmt::format(
                                "preflights from {} pass {} to S3, which has no rule for {} and "
                                "answers 403, so only simple requests work",
                                who, b.label(), every ? "them" : "it")
                          : fmt::format(
                                "CORS headers for {} come from the policy alone, and the bucket's "
                                "list does not restrict {}",
                                who, every ? "them" : "it");
    Place at = policy_place(f, p.node);
    Reported finding = out.report(*at.doc, at.node,
                                  "{} allows {} but S3 CORS ({}) does not: {}; list the same "
                                  "origins in both",
                                  policy, quoted_origin(p.text), file_label(*f.cors), why);
    out.add_related(finding, *f.cors, config.rules_node, "the bucket's CORS rules");
  }
}

void check(const Setup& setup, Reporter& out) {
  std::vector<const cloudfront::ResponseHeadersPolicy*> seen;
  for (const CorsFront& f : cors_fronts(setup)) {
    const cloudfront::CorsConfig* c = f.policy_cors();
    if (c == nullptr || c->allow_origins.items.empty()) continue;
    const cloudfront::ResponseHeadersPolicy* policy = f.view.response_headers.policy;
    // Each policy is compared once, through the first behaviour that uses it.
    if (std::find(seen.begin(), seen.end(), policy) != seen.end()) continue;
    seen.push_back(policy);
    check_front(f, *c, out);
  }
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
