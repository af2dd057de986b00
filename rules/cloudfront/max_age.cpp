#include <cstdint>

#include "corslint/analysis/cloudfront_eval.hpp"
#include "corslint/model/cloudfront.hpp"
#include "corslint/rule.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "F014",
    .name = "cf-cors-max-age",
    .default_severity = Severity::Info,
    .summary = "AccessControlMaxAgeSec is missing or above what browsers honour",
    .rationale =
        "Without AccessControlMaxAgeSec CloudFront sends no Access-Control-Max-Age and "
        "browsers cache a preflight for 5 seconds, so requests that need one pay an extra round "
        "trip almost every time. Browsers cap the value at 7200 seconds (Chromium) or 86400 "
        "(Firefox), so a larger one does not do what it says. Policies that never answer a "
        "preflight (only GET, HEAD or POST and no request headers) need no max-age.",
    .bad_example = R"({"ResponseHeadersPolicyConfig": {"Name": "upload-cors", "CorsConfig": {
  "AccessControlAllowOrigins": {"Quantity": 1, "Items": ["https://app.example.com"]},
  "AccessControlAllowHeaders": {"Quantity": 1, "Items": ["Content-Type"]},
  "AccessControlAllowMethods": {"Quantity": 3, "Items": ["GET", "OPTIONS", "PUT"]},
  "AccessControlAllowCredentials": false, "OriginOverride": true}}})",
    .good_example = R"({"ResponseHeadersPolicyConfig": {"Name": "upload-cors", "CorsConfig": {
  "AccessControlAllowOrigins": {"Quantity": 1, "Items": ["https://app.example.com"]},
  "AccessControlAllowHeaders": {"Quantity": 1, "Items": ["Content-Type"]},
  "AccessControlAllowMethods": {"Quantity": 3, "Items": ["GET", "OPTIONS", "PUT"]},
  "AccessControlAllowCredentials": false, "AccessControlMaxAgeSec": 3000,
  "OriginOverride": true}}})",
    .fix_hint = "Set AccessControlMaxAgeSec to a number of seconds up to 7200, for example 3000.",
    .references =
        "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Access-Control-Max-Age",
};

constexpr int64_t kChromiumCap = 7200;
constexpr int64_t kFirefoxCap = 86400;

void check(const cloudfront::ResponseHeadersPolicy& p, Reporter& out) {
  if (!p.cors) return;
  const cloudfront::CorsConfig& c = *p.cors;
  if (c.max_age_node == json::kNoNode) {
    if (!cloudfront::expects_preflight(c)) return;
    out.report(c.node,
               "{} answers preflights ({}) but has no AccessControlMaxAgeSec, so browsers cache "
               "each preflight for only 5 s and repeat it; add \"AccessControlMaxAgeSec\", for "
               "example 3000",
               p.label(), cloudfront::preflight_reason(c));
    return;
  }
  if (!c.max_age) return;  // not an integer: F001
  int64_t v = c.max_age->value;
  if (v < 0) {
    out.report(Severity::Error, c.max_age_node,
               "max age {} (AccessControlMaxAgeSec) in {} is negative; a preflight cache time is 0 "
               "or more "
               "seconds, write one such as 3000",
               v, p.label());
  } else if (v > kFirefoxCap) {
    out.report(
        c.max_age_node,
        "max age {} (AccessControlMaxAgeSec) in {} exceeds what browsers honour: Chromium caps "
        "preflight caching at {} s and Firefox at {} s; set {} or less",
        v, p.label(), kChromiumCap, kFirefoxCap, kChromiumCap);
  } else if (v > kChromiumCap) {
    out.report(
        c.max_age_node,
        "max age {} (AccessControlMaxAgeSec) in {} exceeds Chromium's cap of {} s, so Chrome "
        "repeats the preflight after 2 hours anyway; set {} or less",
        v, p.label(), kChromiumCap, kChromiumCap);
  }
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
