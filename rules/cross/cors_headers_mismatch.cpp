#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "corslint/analysis/bundle_facts.hpp"
#include "corslint/analysis/cloudfront_eval.hpp"
#include "corslint/analysis/cors_eval.hpp"
#include "corslint/analysis/cors_fronts.hpp"
#include "corslint/analysis/http_headers.hpp"
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
    .code = "X006",
    .name = "cors-headers-mismatch",
    .kinds = kinds(DocKind::S3Cors, DocKind::CloudFrontResponseHeadersPolicy,
                   DocKind::CloudFrontDistribution),
    .default_severity = Severity::Warning,
    .summary =
        "S3 CORS and the response headers policy disagree on allowed or exposed "
        "headers in a way that breaks requests",
    .rationale =
        "Preflights pass the behaviour to S3, which matches a rule only if every requested "
        "header is in its AllowedHeaders: a header the policy allows but the bucket does not "
        "gets S3's 403, whatever the policy says. With OriginOverride true the policy's "
        "Access-Control-Allow-Headers and Access-Control-Expose-Headers replace S3's, so a "
        "header only the bucket allows or exposes is lost; with OriginOverride false S3's "
        "Access-Control-Expose-Headers is kept when it sends one, so a header only the "
        "policy exposes stays unreadable. corslint compares the S3 rules that share an "
        "allowed origin with the policy, ignores headers a browser never lists in a preflight "
        "(Accept, Accept-Language, Content-Language, forbidden and response-only names), and "
        "reports the preflight case only when the behaviour allows OPTIONS and forwards "
        "Origin and Access-Control-Request-Headers to S3. The exposed headers of the "
        "AWS-managed CORS policies are not compared: which responses carry them is not "
        "confirmed.",
    .bad_example =
        R"((a bundle: S3 CORS exposing ETag, and a response headers policy exposing only x-request-id with
OriginOverride true, in front of that bucket)
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
    .good_example = R"((the same bundle with the policy exposing ETag and x-request-id)
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
  "ResponseHeadersPolicyId": "4b1f3a52-7c2e-4d8b-9e61-0a5c2d7f8e93"}}}
// file: response-headers-policy.json
{"ResponseHeadersPolicy": {"Id": "4b1f3a52-7c2e-4d8b-9e61-0a5c2d7f8e93",
  "ResponseHeadersPolicyConfig": {"Name": "assets-cors",
  "CorsConfig": {"AccessControlAllowOrigins": {"Quantity": 1,
  "Items": ["https://app.example.com"]}, "AccessControlAllowHeaders": {"Quantity": 1,
  "Items": ["Content-Type"]}, "AccessControlAllowMethods": {"Quantity": 4, "Items": ["GET",
  "HEAD", "OPTIONS", "PUT"]}, "AccessControlAllowCredentials": false,
  "AccessControlExposeHeaders": {"Quantity": 2, "Items": ["ETag", "x-request-id"]},
  "AccessControlMaxAgeSec": 600, "OriginOverride": true}}}})",
    .fix_hint =
        "Allow and expose the same headers in the bucket's CORS rules and in the "
        "response headers policy.",
    .references =
        "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/"
        "understanding-response-headers-policies.html#understanding-response-headers-"
        "policies-cors",
};

// Could a browser list this name (or pattern) in Access-Control-Request-Headers?
bool requestable(std::string_view h) {
  if (is_forbidden_request_header_pattern(h) || is_response_only_header_pattern(h)) return false;
  // Safelisted names need no preflight, except Content-Type and Range with
  // values beyond the safelist (a JSON body, a multi-range).
  return !is_cors_safelisted_request_header_name(h) || iequals(h, "content-type") ||
         iequals(h, "range");
}

// The policy's list (names or "*") covers the S3 entry (a name or pattern).
// With credentials "*" is a literal name.
bool policy_list_covers(const cloudfront::StringList& list, bool credentials,
                        std::string_view entry) {
  for (const Value& p : list.items) {
    if (p.text == "*" && !credentials) return true;
    if (wildcard_covers(p.text, entry, true)) return true;
  }
  return false;
}

bool s3_list_has(const std::vector<Value>& list, std::string_view name) {
  for (const Value& v : list) {
    if (wildcard_covers(v.text, name, true)) return true;
  }
  return false;
}

std::string names(const std::vector<std::string_view>& v) {
  std::vector<std::string> q;
  for (std::string_view s : v) {
    q.push_back(s == "*" ? std::string("any header (\"*\")") : fmt::format("\"{}\"", s));
  }
  return fmt::format("{}", fmt::join(q, ", "));
}

json::NodeId rule_node(json::NodeId list, const cors::Rule& rule) {
  return list != json::kNoNode ? list : rule.node;
}

// The policy allows a header that no S3 rule for the same origins allows: the
// preflight reaches S3, no rule matches, and S3 answers 403. (A rule that
// lacks the header is skipped and a later one may match, so every rule that
// shares an origin with the policy counts.)
void check_policy_headers(const CorsFront& f, const cloudfront::CorsConfig& c,
                          const std::vector<const cors::Rule*>& sharing, Reporter& out) {
  const cloudfront::CacheBehavior& b = *f.view.behavior;
  bool preflights_reach_s3 =
      b.allows_method("OPTIONS") &&
      cloudfront::header_fate(f.view, "Origin").forwarded == Tri::Yes &&
      cloudfront::header_fate(f.view, "Access-Control-Request-Headers").forwarded == Tri::Yes;
  if (!preflights_reach_s3 || sharing.empty()) return;
  std::vector<std::string_view> missing;
  for (const Value& h : c.allow_headers.items) {
    bool allowed = false;
    if (h.text == "*") {
      for (const cors::Rule* r : sharing) {
        allowed = allowed || std::any_of(r->allowed_headers.begin(), r->allowed_headers.end(),
                                         [](const Value& v) { return v.text == "*"; });
      }
    } else if (!requestable(h.text)) {
      continue;
    } else {
      std::string_view one[] = {h.text};
      for (const cors::Rule* r : sharing) allowed = allowed || cors::headers_allowed(*r, one);
    }
    if (!allowed) missing.push_back(h.text);
  }
  if (missing.empty()) return;
  const cors::Rule& rule = *sharing.front();
  Reported finding = out.report(
      *f.cors, rule_node(rule.allowed_headers_node, rule),
      "preflights asking for {} pass {} to S3 and fail there: {} allows {} but no rule of S3 "
      "CORS for the same origins does, so S3 matches no rule and answers 403; add {} to the "
      "AllowedHeaders of {}",
      names(missing), b.label(), f.policy_name(), missing.size() > 1 ? "them" : "it",
      missing.size() > 1 ? "them" : "it", rule.label());
  Place at = policy_place(f, c.allow_headers.node);
  out.add_related(finding, *at.doc, at.node, "the policy's allowed headers");
}

void check_rule(const CorsFront& f, const cloudfront::CorsConfig& c, const cors::Rule& rule,
                Reporter& out) {
  std::string policy = f.policy_name();
  bool override_known = c.origin_override.has_value();
  bool overrides = c.overrides_origin();
  // The reference has the managed CORS policies send Access-Control-Expose-Headers
  // on preflights only, which is [uncertain]: their exposed headers are not compared.
  bool expose_known = !f.view.response_headers.policy->managed;

  // 2. OriginOverride true: the policy's lists replace S3's.
  if (override_known && overrides) {
    std::vector<std::string_view> lost;
    for (const Value& h : rule.allowed_headers) {
      if (requestable(h.text) && !policy_list_covers(c.allow_headers, c.credentials(), h.text))
        lost.push_back(h.text);
    }
    if (!lost.empty() && !c.allow_headers.items.empty()) {
      Place at = policy_place(f, c.allow_headers.node);
      Reported finding = out.report(
          *at.doc, at.node,
          "{} replaces S3's Access-Control-Allow-Headers (OriginOverride true) with a list "
          "without {}, which S3 CORS {} ({}) allows: preflights asking for {} fail with "
          "\"Request header field ... is not allowed by Access-Control-Allow-Headers\"; allow "
          "{} in the policy too",
          policy, names(lost), rule.label(), file_label(*f.cors), lost.size() > 1 ? "them" : "it",
          lost.size() > 1 ? "them" : "it");
      out.add_related(finding, *f.cors, rule_node(rule.allowed_headers_node, rule),
                      "the S3 rule's allowed headers");
    }
    std::vector<std::string_view> hidden;
    for (const Value& h : rule.expose_headers) {
      if (!policy_list_covers(c.expose_headers, c.credentials(), h.text)) hidden.push_back(h.text);
    }
    if (!hidden.empty() && !c.expose_headers.items.empty() && expose_known) {
      Place at = policy_place(f, c.expose_headers.node);
      Reported finding = out.report(
          *at.doc, at.node,
          "scripts cannot read {}: S3 CORS {} ({}) exposes {}, but {} replaces S3's "
          "Access-Control-Expose-Headers (OriginOverride true) with a list without {}; expose "
          "{} in the policy too",
          names(hidden), rule.label(), file_label(*f.cors), hidden.size() > 1 ? "them" : "it",
          policy, hidden.size() > 1 ? "them" : "it", hidden.size() > 1 ? "them" : "it");
      out.add_related(finding, *f.cors, rule_node(rule.expose_headers_node, rule),
                      "the S3 rule's exposed headers");
    }
  }

  // 3. OriginOverride false: S3's Access-Control-Expose-Headers, when it sends
  // one, is kept, and the policy's extra names never reach the browser.
  if (override_known && !overrides && !rule.expose_headers.empty() && expose_known &&
      cloudfront::header_fate(f.view, "Origin").forwarded == Tri::Yes) {
    std::vector<std::string_view> dropped;
    bool every = false;
    for (const Value& h : c.expose_headers.items) {
      if (h.text == "*" && !c.credentials()) {
        every = true;
      } else if (!s3_list_has(rule.expose_headers, h.text)) {
        dropped.push_back(h.text);
      }
    }
    Place at = policy_place(f, c.expose_headers.node);
    if (every) {
      // S3 cannot expose "*": the rule's list is all scripts get from it.
      std::vector<std::string_view> s3;
      for (const Value& h : rule.expose_headers) s3.push_back(h.text);
      Reported finding = out.report(
          *at.doc, at.node,
          "on responses S3 answers scripts can read only {} and the safelisted headers: {} "
          "exposes every header (\"*\"), but with OriginOverride false S3's own "
          "Access-Control-Expose-Headers from S3 CORS {} ({}) is kept; list the headers scripts "
          "need in the bucket's rule, or set OriginOverride true",
          names(s3), policy, rule.label(), file_label(*f.cors));
      out.add_related(finding, *f.cors, rule_node(rule.expose_headers_node, rule),
                      "the S3 rule's exposed headers");
    } else if (!dropped.empty()) {
      Reported finding = out.report(
          *at.doc, at.node,
          "scripts cannot read {} on responses S3 answers: {} exposes {}, but with "
          "OriginOverride false S3's own Access-Control-Expose-Headers from S3 CORS {} ({}) is "
          "kept; expose {} in the bucket's rule too, or set OriginOverride true",
          names(dropped), policy, dropped.size() > 1 ? "them" : "it", rule.label(),
          file_label(*f.cors), dropped.size() > 1 ? "them" : "it");
      out.add_related(finding, *f.cors, rule_node(rule.expose_headers_node, rule),
                      "the S3 rule's exposed headers");
    }
  }
}

void check(const Setup& setup, Reporter& out) {
  std::vector<const cloudfront::ResponseHeadersPolicy*> seen;
  for (const CorsFront& f : cors_fronts(setup)) {
    const cloudfront::CorsConfig* c = f.policy_cors();
    if (c == nullptr) continue;
    const cloudfront::ResponseHeadersPolicy* policy = f.view.response_headers.policy;
    if (std::find(seen.begin(), seen.end(), policy) != seen.end()) continue;
    seen.push_back(policy);
    std::vector<const cors::Rule*> sharing;
    for (const cors::Rule& rule : f.cors->as<cors::Config>()->rules) {
      if (shares_origin(rule, *c)) sharing.push_back(&rule);
    }
    check_policy_headers(f, *c, sharing, out);
    for (const cors::Rule* rule : sharing) check_rule(f, *c, *rule, out);
  }
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
