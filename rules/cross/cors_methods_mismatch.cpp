#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "corslint/analysis/bundle_facts.hpp"
#include "corslint/analysis/cloudfront_eval.hpp"
#include "corslint/analysis/cors_fronts.hpp"
#include "corslint/analysis/origin_access.hpp"
#include "corslint/analysis/setup.hpp"
#include "corslint/model/bundle.hpp"
#include "corslint/model/cloudfront.hpp"
#include "corslint/model/cors.hpp"
#include "corslint/model/distribution.hpp"
#include "corslint/rule.hpp"

namespace corslint::rules {
namespace {

using cloudfront::Tri;

constexpr RuleMeta kMeta{
    .code = "X007",
    .name = "cors-methods-mismatch",
    .kinds = kinds(DocKind::S3Cors, DocKind::CloudFrontResponseHeadersPolicy,
                   DocKind::CloudFrontDistribution, DocKind::S3BucketPolicy),
    .default_severity = Severity::Warning,
    .summary =
        "Uploads meant to pass CloudFront meet a behaviour that refuses them, or the policy "
        "advertises methods S3 CORS does not allow",
    .rationale =
        "A request passes two gates on its way to the bucket. The cache behaviours' "
        "AllowedMethods: a PUT, POST or DELETE the bucket's CORS rules allow gets CloudFront's "
        "own 403 without CORS headers when no behaviour in front of the bucket allows it. "
        "S3 CORS alone does not say the browser sends it through CloudFront: uploads with "
        "presigned URLs go straight to the bucket's endpoint, a common and correct setup, so "
        "corslint reports this only when the bundled bucket policy lets CloudFront write "
        "(s3:PutObject for PUT and POST, s3:DeleteObject for DELETE, granted to "
        "cloudfront.amazonaws.com or an origin access identity). A response headers policy "
        "that advertises a method the behaviour refuses is F006's finding. And the bucket's "
        "rules: a method the response headers policy advertises and the behaviour allows, but "
        "no S3 rule for the same origins allows, fails at its preflight (PUT and DELETE, "
        "which browsers always preflight), because S3 matches no rule and answers 403 "
        "whatever the policy adds (reported when the behaviour allows OPTIONS and forwards "
        "Origin and Access-Control-Request-Method to S3). PATCH is left out, since S3 CORS "
        "cannot list it. A behaviour that allows all seven methods without a policy that "
        "advertises them is not reported, since CloudFront only offers the methods as that "
        "set.",
    .bad_example =
        R"((a bundle: S3 CORS allowing GET and PUT from https://app.example.com, a bucket policy granting
cloudfront.amazonaws.com s3:GetObject and s3:PutObject, and the only behaviour in front of the
bucket with the default AllowedMethods, GET and HEAD)
// file: bucket-policy.json
{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
  "Principal": {"Service": "cloudfront.amazonaws.com"}, "Action": ["s3:GetObject",
  "s3:PutObject"], "Resource": "arn:aws:s3:::example-assets/*",
  "Condition": {"StringEquals": {"AWS:SourceArn": "arn:aws:cloudfront::111122223333:distribution/EDFDVBD6EXAMPLE"}}}]}
// file: cors.json
{"CORSRules": [{"AllowedOrigins": ["https://app.example.com"], "AllowedMethods": ["GET",
  "PUT"], "AllowedHeaders": ["Content-Type"], "MaxAgeSeconds": 3000}]}
// file: distribution.json
{"DistributionConfig": {"CallerReference": "assets-2024", "Comment": "assets", "Enabled": true,
  "Origins": {"Quantity": 1, "Items": [{"Id": "assets",
  "DomainName": "example-assets.s3.us-east-1.amazonaws.com",
  "OriginAccessControlId": "E3QYQ2EXAMPLE"}]},
  "DefaultCacheBehavior": {"TargetOriginId": "assets",
  "ViewerProtocolPolicy": "redirect-to-https",
  "CachePolicyId": "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"}}})",
    .good_example =
        R"((the same bundle with the policy granting CloudFront only s3:GetObject: the browser uploads
straight to the bucket with presigned URLs)
// file: bucket-policy.json
{"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
  "Principal": {"Service": "cloudfront.amazonaws.com"}, "Action": "s3:GetObject",
  "Resource": "arn:aws:s3:::example-assets/*",
  "Condition": {"StringEquals": {"AWS:SourceArn": "arn:aws:cloudfront::111122223333:distribution/EDFDVBD6EXAMPLE"}}}]}
// file: cors.json
{"CORSRules": [{"AllowedOrigins": ["https://app.example.com"], "AllowedMethods": ["GET",
  "PUT"], "AllowedHeaders": ["Content-Type"], "MaxAgeSeconds": 3000}]}
// file: distribution.json
{"DistributionConfig": {"CallerReference": "assets-2024", "Comment": "assets", "Enabled": true,
  "Origins": {"Quantity": 1, "Items": [{"Id": "assets",
  "DomainName": "example-assets.s3.us-east-1.amazonaws.com",
  "OriginAccessControlId": "E3QYQ2EXAMPLE"}]},
  "DefaultCacheBehavior": {"TargetOriginId": "assets",
  "ViewerProtocolPolicy": "redirect-to-https",
  "CachePolicyId": "4135ea2d-6df8-44a3-9df3-4b5a84be39ad"}}})",
    .fix_hint =
        "Allow all seven methods in the behaviour that serves uploads when the site sends PUT, "
        "POST or DELETE through the distribution, and allow every method the policy "
        "advertises in the bucket's CORS rule for the same origins (or advertise fewer).",
    .references =
        "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/"
        "DownloadDistValuesCacheBehavior.html#DownloadDistValuesAllowedHTTPMethods",
};

// Methods S3 CORS can allow (PutBucketCors accepts only these).
constexpr std::string_view kS3Methods[] = {"GET", "HEAD", "POST", "PUT", "DELETE"};
// Of those, the ones a browser always preflights (not CORS-safelisted).
constexpr std::string_view kPreflighted[] = {"PUT", "DELETE"};

// What a method does to an object, as the action a bucket policy grants.
std::string_view object_action(std::string_view method) {
  if (method == "PUT" || method == "POST") return "s3:PutObject";
  if (method == "DELETE") return "s3:DeleteObject";
  return {};
}

// Where the bundled bucket policy lets CloudFront perform `action` on the
// front's bucket, or nothing: the proof that the site sends that method
// through the distribution rather than straight to S3.
struct WriteGrant {
  const Document* policy = nullptr;
  json::NodeId node = json::kNoNode;
  std::string what;  // for the related location
};
WriteGrant cloudfront_write_grant(const Bundle& bundle, const CorsFront& f,
                                  std::string_view action) {
  for (const OriginPolicy& op : origin_policies(bundle)) {
    if (op.distribution != f.distribution || op.origin != f.view.origin) continue;
    CloudFrontGrants g =
        cloudfront_grants(*op.policy->as<policy::Policy>(), origin_bucket(*op.origin), action);
    if (!g.service.empty()) {
      return {
          op.policy, g.service.front()->node,
          fmt::format("{} grants cloudfront.amazonaws.com {}", g.service.front()->label(), action)};
    }
    if (!g.oai.empty()) {
      return {op.policy, g.oai.front()->value.node,
              fmt::format("the origin access identity is granted {}", action)};
    }
  }
  return {};
}

// S3 CORS allows a write the behaviours in front of the bucket all refuse,
// while the bucket policy shows CloudFront is meant to carry it. Reported
// once, at the first such behaviour.
void check_refused(const Bundle& bundle, const std::vector<CorsFront>& fronts, Reporter& out) {
  if (fronts.empty()) return;
  auto allowed_somewhere = [&](std::string_view m) {
    return std::any_of(fronts.begin(), fronts.end(),
                       [&](const CorsFront& f) { return f.view.behavior->allows_method(m); });
  };
  std::vector<std::string_view> refused;
  const cors::Rule* first = nullptr;
  const Value* first_value = nullptr;
  WriteGrant grant;
  for (const cors::Rule& rule : fronts.front().cors->as<cors::Config>()->rules) {
    for (const Value& m : rule.allowed_methods) {
      bool known =
          std::find(std::begin(kS3Methods), std::end(kS3Methods), m.text) != std::end(kS3Methods);
      if (!known || object_action(m.text).empty() || allowed_somewhere(m.text)) continue;
      if (std::find(refused.begin(), refused.end(), m.text) != refused.end()) continue;
      WriteGrant g = cloudfront_write_grant(bundle, fronts.front(), object_action(m.text));
      if (g.policy == nullptr) continue;  // maybe straight to S3 (presigned URLs): silent
      refused.push_back(m.text);
      if (first == nullptr) {
        first = &rule;
        first_value = &m;
        grant = g;
      }
    }
  }
  if (refused.empty()) return;
  const CorsFront& f = fronts.front();
  const cloudfront::CacheBehavior& b = *f.view.behavior;
  json::NodeId at = b.allowed_methods.present() ? b.allowed_methods.node : b.node;
  Reported finding = out.report(
      *f.distribution, at,
      "S3 CORS ({}) allows {} and the bucket policy lets CloudFront write to the bucket, but "
      "{} refuses {}{}: sent through the distribution, {} CloudFront's own 403 without CORS "
      "headers; allow all seven methods in the behaviour that serves uploads",
      file_label(*f.cors), fmt::join(refused, ", "), b.label(), refused.size() > 1 ? "them" : "it",
      fronts.size() > 1 ? ", as does every behaviour in front of the bucket" : "",
      refused.size() > 1 ? "they get" : "it gets");
  out.add_related(finding, *f.cors, first_value->node,
                  fmt::format("allowed by S3 CORS {}", first->label()));
  out.add_related(finding, *grant.policy, grant.node, grant.what);
}

bool check_unmatched(const CorsFront& f, const cloudfront::CorsConfig& c, Reporter& out) {
  const cloudfront::CacheBehavior& b = *f.view.behavior;
  if (!b.allows_method("OPTIONS")) return false;  // F005's finding
  if (cloudfront::header_fate(f.view, "Origin").forwarded != Tri::Yes ||
      cloudfront::header_fate(f.view, "Access-Control-Request-Method").forwarded != Tri::Yes)
    return false;
  std::vector<const cors::Rule*> sharing;
  for (const cors::Rule& rule : f.cors->as<cors::Config>()->rules) {
    if (shares_origin(rule, c)) sharing.push_back(&rule);
  }
  if (sharing.empty()) return false;  // no origin in common: X005's finding
  std::vector<std::string_view> unmatched;
  for (std::string_view m : kPreflighted) {
    if (!c.allows_method(m) || !b.allows_method(m)) continue;
    bool allowed = std::any_of(sharing.begin(), sharing.end(),
                               [&](const cors::Rule* r) { return r->allows_method(m); });
    if (!allowed) unmatched.push_back(m);
  }
  if (unmatched.empty()) return false;
  Place at = policy_place(f, c.allow_methods.node);
  Reported finding = out.report(
      *at.doc, at.node,
      "preflights for {} pass {} to S3 and fail there: {} advertises {}, but no rule of S3 "
      "CORS ({}) for the same origins allows {}, so S3 answers 403; allow {} in the bucket's "
      "rule or stop advertising {}",
      fmt::join(unmatched, ", "), b.label(), f.policy_name(), unmatched.size() > 1 ? "them" : "it",
      file_label(*f.cors), unmatched.size() > 1 ? "them" : "it",
      unmatched.size() > 1 ? "them" : "it", unmatched.size() > 1 ? "them" : "it");
  out.add_related(finding, *f.cors,
                  sharing.front()->allowed_methods_node != json::kNoNode
                      ? sharing.front()->allowed_methods_node
                      : sharing.front()->node,
                  fmt::format("S3 CORS {} allows these methods", sharing.front()->label()));
  return true;
}

void check(const Setup& setup, Reporter& out) {
  const Bundle& bundle = setup.bundle();
  std::vector<CorsFront> fronts = cors_fronts(setup);
  check_refused(bundle, fronts, out);
  std::vector<const cloudfront::ResponseHeadersPolicy*> seen;
  for (const CorsFront& f : fronts) {
    const cloudfront::CorsConfig* c = f.policy_cors();
    if (c == nullptr) continue;
    // A policy file is one place: report it through the first behaviour that shows it.
    const cloudfront::ResponseHeadersPolicy* policy = f.view.response_headers.policy;
    if (f.policy_doc != nullptr && std::find(seen.begin(), seen.end(), policy) != seen.end())
      continue;
    if (check_unmatched(f, *c, out) && f.policy_doc != nullptr) seen.push_back(policy);
  }
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
