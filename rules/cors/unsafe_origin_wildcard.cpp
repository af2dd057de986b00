#include <cctype>
#include <string>

#include <fmt/core.h>

#include "corslint/analysis/origin.hpp"
#include "corslint/model/cors.hpp"
#include "corslint/rule.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "C006",
    .name = "cors-unsafe-origin-wildcard",
    .default_severity = Severity::Error,
    .summary = "An origin wildcard admits sites that anyone can register, or plain HTTP",
    .rationale =
        "S3's '*' matches any run of characters, dots and \"://\" included, so "
        "\"https://*example.com\" admits https://evilexample.com, \"https://example.*\" "
        "admits https://example.evil.com and \"*.example.com\" or \"http*://\" admits "
        "plain-HTTP pages a network attacker can tamper with. S3 echoes a matching "
        "origin back, so those sites' scripts read the responses as if they were yours; "
        "a wildcard is only safe as \"scheme://*.\" followed by a domain you own.",
    .bad_example = R"([{"AllowedOrigins": ["https://*example.com"], "AllowedMethods": ["GET"]}])",
    .good_example = R"([{"AllowedOrigins": ["https://*.example.com"], "AllowedMethods": ["GET"]}])",
    .fix_hint =
        "Write wildcards as \"https://*.\" followed by a domain you own, or list the exact "
        "origins.",
    .references = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/ManageCorsUsing.html",
};

// `after` is the host text that follows the '*'. True when a name anyone can
// register fits in front of it ("example.com" after "*" admits "evilexample.com").
bool open_after(std::string_view after) {
  auto dot = after.find('.');
  return dot == std::string_view::npos || is_open_registration_domain(after.substr(dot + 1));
}

std::string replace_star(std::string_view t, std::string_view with) {
  std::string out(t);
  out.replace(out.find('*'), 1, with);
  return out;
}

void report_open(const cors::Rule& rule, const Value& o, std::string_view scheme,
                 std::string_view after, std::string example, Reporter& out) {
  std::string_view under =
      after.substr(after.find('.') == std::string_view::npos ? after.size() : after.find('.') + 1);
  std::string advice = "list the exact origins instead";
  if (std::isalnum(static_cast<unsigned char>(after.front())) != 0 &&
      !is_open_registration_domain(after)) {
    advice = fmt::format("write \"{}://*.{}\" if you own {}", scheme, after, after);
  }
  out.report(o.node,
             "origin \"{}\" in {} lets sites anyone can register under \"{}\" read "
             "these responses, such as \"{}\"; {}",
             o.text, rule.label(), under.empty() ? after : under, example, advice);
}

void check_origin(const cors::Rule& rule, const Value& o, Reporter& out) {
  std::string_view t = o.text;
  OriginParts p = parse_origin(t);
  if (t == "*" || p.wildcards != 1) return;  // C005, C004
  if (!p.has_scheme) {
    if (p.star != 0) return;  // C003: no scheme at all
    std::string_view after = t.substr(1);
    if (open_after(after))
      return report_open(rule, o, "https", after, fmt::format("https://evil{}", after), out);
    out.report(o.node,
               "origin \"{}\" in {} has no scheme, so its \"*\" also covers the scheme "
               "and admits plain-HTTP pages such as \"http://x{}\"; write \"https://*{}\"",
               t, rule.label(), after, after);
    return;
  }
  if (p.star < p.scheme.size()) {
    out.report(o.node,
               "origin \"{}\" in {} has \"*\" in its scheme, so plain-HTTP "
               "\"http://{}\" is admitted as well as HTTPS; list \"https://{}\" instead",
               t, rule.label(), p.host, p.host);
    return;
  }
  std::size_t host_start = p.scheme.size() + 3;
  if (p.star >= host_start + p.host.size()) return;  // in the port or path (C003)
  std::string_view after = p.host.substr(p.star - host_start + 1);
  if (after.empty()) {
    out.report(o.node,
               "origin \"{}\" in {} ends its host with \"*\", which matches any domain, "
               "such as \"{}\"; list the exact origins instead",
               t, rule.label(), replace_star(t, "evil.com"));
  } else if (open_after(after)) {
    report_open(rule, o, p.scheme, after, replace_star(t, "evil"), out);
  }
}

void check(const cors::Config& config, Reporter& out) {
  for (const cors::Rule& rule : config.rules) {
    for (const Value& o : rule.allowed_origins) check_origin(rule, o, out);
  }
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
