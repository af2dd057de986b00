#include <string>
#include <vector>

#include <fmt/format.h>

#include "corslint/analysis/origin.hpp"
#include "corslint/model/cloudfront.hpp"
#include "corslint/rule.hpp"
#include "corslint/text.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "F004",
    .name = "cf-cors-invalid-origin",
    .default_severity = Severity::Error,
    .summary = "An AccessControlAllowOrigins entry can never equal the Origin a browser sends",
    .rationale =
        "A browser sends Origin as scheme://host[:port] in lower case, without the default "
        "port, a path or a trailing slash. CloudFront adds Access-Control-Allow-Origin only when "
        "the request's Origin matches an entry, and it accepts \"*\" only as a whole entry or as "
        "the leftmost label (https://*.example.com), not inside a label, in the middle or in the "
        "top-level domain. A malformed entry never matches, so the intended site gets no CORS "
        "headers and its requests fail.",
    .bad_example = R"({"ResponseHeadersPolicyConfig": {"Name": "app-cors", "CorsConfig": {
  "AccessControlAllowOrigins": {"Quantity": 2, "Items": ["https://app.example.com/", "https://*.example.*"]},
  "AccessControlAllowHeaders": {"Quantity": 1, "Items": ["Content-Type"]},
  "AccessControlAllowMethods": {"Quantity": 2, "Items": ["GET", "HEAD"]},
  "AccessControlAllowCredentials": false, "OriginOverride": true}}})",
    .good_example = R"({"ResponseHeadersPolicyConfig": {"Name": "app-cors", "CorsConfig": {
  "AccessControlAllowOrigins": {"Quantity": 2, "Items": ["https://app.example.com", "https://*.example.org"]},
  "AccessControlAllowHeaders": {"Quantity": 1, "Items": ["Content-Type"]},
  "AccessControlAllowMethods": {"Quantity": 2, "Items": ["GET", "HEAD"]},
  "AccessControlAllowCredentials": false, "OriginOverride": true}}})",
    .fix_hint =
        "Write each origin as scheme://host[:port] in lower case with no path or trailing slash, "
        "one per entry, and use \"*\" only as the leftmost label (https://*.example.com).",
    .references =
        "https://docs.aws.amazon.com/cloudfront/latest/APIReference/"
        "API_ResponseHeadersPolicyAccessControlAllowOrigins.html",
};

// CloudFront's wildcard: the whole entry, or the whole leftmost host label.
bool wildcard_ok(const OriginParts& p) {
  return p.wildcards == 1 && p.has_scheme && p.host.size() > 2 && p.host.starts_with("*.") &&
         p.host.find('*', 1) == std::string_view::npos;
}

void check_origin(const std::string& policy, const Value& o, Reporter& out) {
  std::string_view t = o.text;
  if (t == "*" || iequals(t, "null")) return;
  if (t == "ALL") {
    out.report(o.node,
               "origin \"ALL\" in {} is a method keyword, not an origin, so it never matches; "
               "write \"*\" to allow every origin or list the origins",
               policy);
    return;
  }
  std::vector<std::string_view> items = split_origin_list(t);
  if (items.size() > 1) {
    Reported f = out.report(o.node,
                            "origin \"{}\" in {} holds {} origins in one string, so it never "
                            "matches; put each origin in its own item",
                            t, policy, items.size());
    std::vector<std::string> quoted;
    for (std::string_view i : items) quoted.push_back(json_quote(i));
    out.add_fix(f, "split into one item per origin", o.node,
                fmt::format("{}", fmt::join(quoted, ", ")));
    return;
  }
  OriginParts p = parse_origin(t);
  if (p.wildcards > 0 && (p.has_scheme || p.star != 0) && !wildcard_ok(p)) {
    out.report(o.node,
               "origin \"{}\" in {} puts \"*\" where CloudFront does not accept it: a wildcard "
               "may only replace the whole leftmost label, so this never matches; write it like "
               "\"https://*.example.com\"",
               t, policy);
    return;
  }
  if (!p.has_scheme && p.star == 0) return;  // "*.example.com": the "*" stands in for the scheme
  std::string why = origin_defect(t);
  if (why.empty()) return;
  std::optional<std::string> suggestion = suggested_origin(t);
  if (suggestion && *suggestion != t) {
    Reported f = out.report(o.node, "origin \"{}\" in {} {}, so it never matches; write \"{}\"", t,
                            policy, why, *suggestion);
    if (p.has_scheme) {
      out.add_fix(f, fmt::format("write \"{}\"", *suggestion), o.node, json_quote(*suggestion));
    }
  } else {
    out.report(o.node, "origin \"{}\" in {} {}, so it never matches; write it as {}", t, policy,
               why,
               why.starts_with("has non-ASCII") ? "punycode (xn--...)" : "scheme://host[:port]");
  }
}

void check(const cloudfront::ResponseHeadersPolicy& p, Reporter& out) {
  if (!p.cors) return;
  std::string label = p.label();
  for (const Value& o : p.cors->allow_origins.items) check_origin(label, o, out);
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
