#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "corslint/analysis/bundle_facts.hpp"
#include "corslint/analysis/cloudfront_eval.hpp"
#include "corslint/analysis/cors_eval.hpp"
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

constexpr RuleMeta kMeta{
    .code = "F015",
    .name = "cf-origin-override-conflict",
    .kinds = kinds(DocKind::CloudFrontResponseHeadersPolicy, DocKind::CloudFrontDistribution,
                   DocKind::S3Cors),
    .default_severity = Severity::Warning,
    .summary =
        "A CORS policy with OriginOverride false sits in front of an S3 bucket that "
        "answers CORS itself, with other values",
    .rationale =
        "With OriginOverride false CloudFront keeps every CORS header the origin already sent "
        "and adds the policy's only where the origin sent none. When the bucket's own CORS "
        "rules answer the same origins with other values (a wildcard against an echoed "
        "origin, Access-Control-Allow-Credentials, the allowed methods or the exposed "
        "headers; of the methods only PUT and DELETE count, since the browser never checks "
        "GET, HEAD and POST), the browser sees S3's values for requests whose Origin reached S3 "
        "and "
        "matched a rule, and the policy's for the rest (requests S3 did not match, cached "
        "copies): the same page works or fails depending on the request. corslint reports "
        "this only when the distribution forwards Origin to S3 (otherwise S3 never answers "
        "CORS and the policy alone decides) and the two share an allowed origin; origins "
        "only one side allows are X005's finding. The exposed headers of the AWS-managed "
        "CORS policies are not compared, since which responses carry them is not confirmed.",
    .bad_example =
        R"((a bundle: S3 CORS exposing ETag and a response headers policy exposing x-request-id with
OriginOverride false, both for https://app.example.com, on a behaviour that forwards Origin to
the bucket)
// file: cors.json
{"CORSRules": [{"AllowedOrigins": ["https://app.example.com"], "AllowedMethods": ["GET",
  "PUT"], "AllowedHeaders": ["Content-Type"], "ExposeHeaders": ["ETag"],
  "MaxAgeSeconds": 3000}]}
// file: distribution.json
{"DistributionConfig": {"CallerReference": "assets-2024", "Comment": "assets", "Enabled": true,
  "Origins": {"Quantity": 1, "Items": [{"Id": "assets",
  "DomainName": "example-assets.s3.us-east-1.amazonaws.com",
  "OriginAccessControlId": "E3QYQ2EXAMPLE"}]},
  "DefaultCacheBehavior": {"TargetOriginId": "assets",
  "ViewerProtocolPolicy": "redirect-to-https", "AllowedMethods": {"Quantity": 7,
  "Items": ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"]},
  "CachePolicyId": "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
  "OriginRequestPolicyId": "88a5eaf4-2fd4-4709-b370-b4c650ea3fcf",
  "ResponseHeadersPolicyId": "4b1f3a52-7c2e-4d8b-9e61-0a5c2d7f8e93"}}}
// file: response-headers-policy.json
{"ResponseHeadersPolicy": {"Id": "4b1f3a52-7c2e-4d8b-9e61-0a5c2d7f8e93",
  "ResponseHeadersPolicyConfig": {"Name": "assets-cors",
  "CorsConfig": {"AccessControlAllowOrigins": {"Quantity": 1,
  "Items": ["https://app.example.com"]}, "AccessControlAllowHeaders": {"Quantity": 1,
  "Items": ["Content-Type"]}, "AccessControlAllowMethods": {"Quantity": 4, "Items": ["GET",
  "HEAD", "OPTIONS", "PUT"]}, "AccessControlAllowCredentials": false,
  "AccessControlExposeHeaders": {"Quantity": 1, "Items": ["x-request-id"]},
  "AccessControlMaxAgeSec": 600, "OriginOverride": false}}}})",
    .good_example =
        R"((the same bundle with OriginOverride true: the policy decides every CORS header, whatever S3
sends)
// file: cors.json
{"CORSRules": [{"AllowedOrigins": ["https://app.example.com"], "AllowedMethods": ["GET",
  "PUT"], "AllowedHeaders": ["Content-Type"], "ExposeHeaders": ["ETag"],
  "MaxAgeSeconds": 3000}]}
// file: distribution.json
{"DistributionConfig": {"CallerReference": "assets-2024", "Comment": "assets", "Enabled": true,
  "Origins": {"Quantity": 1, "Items": [{"Id": "assets",
  "DomainName": "example-assets.s3.us-east-1.amazonaws.com",
  "OriginAccessControlId": "E3QYQ2EXAMPLE"}]},
  "DefaultCacheBehavior": {"TargetOriginId": "assets",
  "ViewerProtocolPolicy": "redirect-to-https", "AllowedMethods": {"Quantity": 7,
  "Items": ["GET", "HEAD", "OPTIONS", "PUT", "POST", "PATCH", "DELETE"]},
  "CachePolicyId": "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
  "OriginRequestPolicyId": "88a5eaf4-2fd4-4709-b370-b4c650ea3fcf",
  "ResponseHeadersPolicyId": "4b1f3a52-7c2e-4d8b-9e61-0a5c2d7f8e93"}}}
// file: response-headers-policy.json
{"ResponseHeadersPolicy": {"Id": "4b1f3a52-7c2e-4d8b-9e61-0a5c2d7f8e93",
  "ResponseHeadersPolicyConfig": {"Name": "assets-cors",
  "CorsConfig": {"AccessControlAllowOrigins": {"Quantity": 1,
  "Items": ["https://app.example.com"]}, "AccessControlAllowHeaders": {"Quantity": 1,
  "Items": ["Content-Type"]}, "AccessControlAllowMethods": {"Quantity": 4, "Items": ["GET",
  "HEAD", "OPTIONS", "PUT"]}, "AccessControlAllowCredentials": false,
  "AccessControlExposeHeaders": {"Quantity": 1, "Items": ["x-request-id"]},
  "AccessControlMaxAgeSec": 600, "OriginOverride": true}}}})",
    .fix_hint =
        "Set OriginOverride true so the policy decides, or make the policy and the bucket's "
        "CORS rules say the same thing.",
    .references =
        "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/"
        "understanding-response-headers-policies.html#understanding-response-headers-"
        "policies-cors",
};

// The methods whose place in Access-Control-Allow-Methods matters: GET, HEAD
// and POST pass the browser's method check anyway (CORS-safelisted), and S3
// can list neither OPTIONS nor PATCH.
constexpr std::string_view kMethods[] = {"PUT", "DELETE"};

bool lists_header(const std::vector<Value>& list, std::string_view name) {
  for (const Value& v : list) {
    if (iequals(v.text, name)) return true;
  }
  return false;
}

// How the browser-visible headers differ between S3's answer (this rule) and
// the policy's, as "Header (S3: x; policy: y)" phrases.
std::vector<std::string> differences(const cors::Rule& rule, const cloudfront::CorsConfig& c,
                                     const cloudfront::CacheBehavior& behavior, bool expose_known) {
  std::vector<std::string> out;
  bool s3_star = cors::answers_with_wildcard_origin(rule);
  bool policy_star = c.allows_any_origin();
  if (s3_star != policy_star) {
    out.push_back(fmt::format("Access-Control-Allow-Origin (S3: {}; policy: {})",
                              s3_star ? "*" : "the echoed origin",
                              policy_star ? "*" : "the echoed origin"));
  }
  // S3 sends Access-Control-Allow-Credentials: true exactly when it echoes.
  bool s3_credentials = !s3_star;
  if (c.allow_credentials && s3_credentials != c.credentials()) {
    out.push_back(fmt::format("Access-Control-Allow-Credentials (S3: {}; policy: {})",
                              s3_credentials ? "true" : "not sent",
                              c.credentials() ? "true" : "not sent"));
  }
  if (!c.methods().empty()) {
    std::vector<std::string_view> s3, policy;
    for (std::string_view m : kMethods) {
      if (!behavior.allows_method(m)) continue;  // CloudFront refuses it anyway (F006)
      if (rule.allows_method(m)) s3.push_back(m);
      if (c.allows_method(m)) policy.push_back(m);
    }
    if (s3 != policy) {
      auto list = [](const std::vector<std::string_view>& v) {
        return v.empty() ? std::string("neither PUT nor DELETE")
                         : fmt::format("{}", fmt::join(v, ", "));
      };
      out.push_back(
          fmt::format("Access-Control-Allow-Methods (S3: {}; policy: {})", list(s3), list(policy)));
    }
  }
  // S3 sends Access-Control-Expose-Headers only when the rule lists some.
  if (expose_known && !rule.expose_headers.empty() && !c.expose_headers.items.empty()) {
    bool same = rule.expose_headers.size() == c.expose_headers.items.size();
    for (const Value& e : c.expose_headers.items) {
      same = same && lists_header(rule.expose_headers, e.text);
    }
    if (!same) {
      std::vector<std::string_view> s3, policy;
      for (const Value& e : rule.expose_headers) s3.push_back(e.text);
      for (const Value& e : c.expose_headers.items) policy.push_back(e.text);
      out.push_back(fmt::format("Access-Control-Expose-Headers (S3: {}; policy: {})",
                                fmt::join(s3, ", "), fmt::join(policy, ", ")));
    }
  }
  return out;
}

void check(const Setup& setup, Reporter& out) {
  std::vector<const cloudfront::ResponseHeadersPolicy*> seen;
  for (const CorsFront& f : cors_fronts(setup)) {
    const cloudfront::CorsConfig* c = f.policy_cors();
    // Unknown (missing) or true: nothing of S3's survives next to the policy's.
    if (c == nullptr || !c->origin_override || c->origin_override->value) continue;
    const cloudfront::ResponseHeadersPolicy* policy = f.view.response_headers.policy;
    if (std::find(seen.begin(), seen.end(), policy) != seen.end()) continue;
    // S3 answers CORS only to requests that carry Origin.
    if (cloudfront::header_fate(f.view, "Origin").forwarded != cloudfront::Tri::Yes) continue;
    seen.push_back(policy);
    for (const cors::Rule& rule : f.cors->as<cors::Config>()->rules) {
      if (!shares_origin(rule, *c)) continue;
      // Which responses of the managed CORS policies carry their exposed
      // headers is [uncertain] in the reference: not compared.
      std::vector<std::string> diff = differences(rule, *c, *f.view.behavior, !policy->managed);
      if (diff.empty()) continue;
      Place at = policy_place(f, c->origin_override->node);
      Reported finding = out.report(
          *at.doc, at.node,
          "{} keeps the CORS headers S3 sends (OriginOverride false), and S3 CORS {} ({}) "
          "answers origins both allow with other values: {}; the browser sees S3's when Origin "
          "reaches S3 through {} and the rule matches, the policy's otherwise (unmatched "
          "requests, cached copies); set OriginOverride true or make both say the same",
          f.policy_name(), rule.label(), file_label(*f.cors), fmt::join(diff, ", "),
          f.view.behavior->label());
      out.add_related(finding, *f.cors, rule.node, "the S3 CORS rule whose values win");
      if (at.doc != f.distribution && f.view.response_headers.id != nullptr) {
        out.add_related(finding, *f.distribution, f.view.response_headers.id->node,
                        "the policy is attached here");
      }
    }
  }
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
