#include "corslint/model/cloudfront.hpp"
#include "corslint/rule.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "F002",
    .name = "cf-cors-wildcard-with-credentials",
    .default_severity = Severity::Error,
    .summary = "A response headers policy allows credentials together with \"*\"",
    .rationale =
        "With AccessControlAllowCredentials true, browsers refuse Access-Control-Allow-Origin "
        "\"*\" on credentialed requests, so every fetch with cookies or Authorization fails. "
        "CloudFront itself rejects \"*\" in AccessControlAllowHeaders when credentials are "
        "allowed (\"The parameter Access-Control-Allow-Headers cannot contain * when "
        "allowCredentials is true\"), so the policy cannot even be saved.",
    .bad_example = R"({"ResponseHeadersPolicyConfig": {"Name": "api-cors", "CorsConfig": {
  "AccessControlAllowOrigins": {"Quantity": 1, "Items": ["*"]},
  "AccessControlAllowHeaders": {"Quantity": 1, "Items": ["Authorization"]},
  "AccessControlAllowMethods": {"Quantity": 2, "Items": ["GET", "HEAD"]},
  "AccessControlAllowCredentials": true, "OriginOverride": true}}})",
    .good_example = R"({"ResponseHeadersPolicyConfig": {"Name": "api-cors", "CorsConfig": {
  "AccessControlAllowOrigins": {"Quantity": 1, "Items": ["https://app.example.com"]},
  "AccessControlAllowHeaders": {"Quantity": 1, "Items": ["Authorization"]},
  "AccessControlAllowMethods": {"Quantity": 2, "Items": ["GET", "HEAD"]},
  "AccessControlAllowCredentials": true, "OriginOverride": true}}})",
    .fix_hint =
        "List the exact origins and header names that send credentials, or set "
        "AccessControlAllowCredentials to false if the requests carry no cookies or "
        "Authorization.",
    .references =
        "https://docs.aws.amazon.com/cloudfront/latest/APIReference/"
        "API_ResponseHeadersPolicyCorsConfig.html",
};

void check(const cloudfront::ResponseHeadersPolicy& p, Reporter& out) {
  if (!p.cors || !p.cors->credentials()) return;
  json::NodeId credentials = p.cors->allow_credentials->node;
  for (const Value& o : p.cors->allow_origins.items) {
    if (o.text != "*") continue;
    Reported f = out.report(o.node,
                            "{} allows credentials and every origin (\"*\"): browsers refuse "
                            "Access-Control-Allow-Origin \"*\" on credentialed requests, so they "
                            "all fail; list the origins that send credentials",
                            p.label());
    out.add_related(f, credentials, "credentials allowed here");
  }
  for (const Value& h : p.cors->allow_headers.items) {
    if (h.text != "*") continue;
    Reported f = out.report(h.node,
                            "{} allows credentials and lists \"*\" in AccessControlAllowHeaders: "
                            "CloudFront rejects this combination, so the policy cannot be saved; "
                            "list the header names",
                            p.label());
    out.add_related(f, credentials, "credentials allowed here");
  }
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
