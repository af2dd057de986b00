#include "corslint/model/cloudfront.hpp"
#include "corslint/rule.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "F003",
    .name = "cf-cors-wildcard-origin",
    .default_severity = Severity::Warning,
    .summary = "A response headers policy allows every origin",
    .rationale =
        "With \"*\" in AccessControlAllowOrigins CloudFront adds Access-Control-Allow-Origin to "
        "responses for any website, so every site a visitor opens can read what this "
        "distribution serves through the visitor's browser. That is right for public assets "
        "such as fonts or images, and a leak for anything personal or internal. A policy that "
        "also allows credentials is F002's finding.",
    .bad_example = R"({"ResponseHeadersPolicyConfig": {"Name": "assets-cors", "CorsConfig": {
  "AccessControlAllowOrigins": {"Quantity": 1, "Items": ["*"]},
  "AccessControlAllowHeaders": {"Quantity": 1, "Items": ["Content-Type"]},
  "AccessControlAllowMethods": {"Quantity": 2, "Items": ["GET", "HEAD"]},
  "AccessControlAllowCredentials": false, "OriginOverride": true}}})",
    .good_example = R"({"ResponseHeadersPolicyConfig": {"Name": "assets-cors", "CorsConfig": {
  "AccessControlAllowOrigins": {"Quantity": 1, "Items": ["https://app.example.com"]},
  "AccessControlAllowHeaders": {"Quantity": 1, "Items": ["Content-Type"]},
  "AccessControlAllowMethods": {"Quantity": 2, "Items": ["GET", "HEAD"]},
  "AccessControlAllowCredentials": false, "OriginOverride": true}}})",
    .fix_hint =
        "List the origins of the sites that need the responses; keep \"*\" only for truly "
        "public content.",
    .references =
        "https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/"
        "understanding-response-headers-policies.html",
};

void check(const cloudfront::ResponseHeadersPolicy& p, Reporter& out) {
  if (!p.cors || p.cors->credentials()) return;  // F002
  for (const Value& o : p.cors->allow_origins.items) {
    if (o.text != "*") continue;
    out.report(o.node,
               "{} allows every origin (\"*\"): any website a visitor opens can read these "
               "responses through the visitor's browser; list the origins that need them unless "
               "the content is public",
               p.label());
  }
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
