#include <cstdint>
#include <string_view>

#include "corslint/analysis/cors_eval.hpp"
#include "corslint/model/cors.hpp"
#include "corslint/rule.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "C016",
    .name = "cors-max-age",
    .default_severity = Severity::Info,
    .summary = "MaxAgeSeconds is missing, invalid or above what browsers honour",
    .rationale =
        "Without MaxAgeSeconds S3 sends no Access-Control-Max-Age and browsers cache a "
        "preflight for 5 seconds, so uploads pay an extra round trip almost every time. "
        "S3 takes a non-negative whole number; browsers cap the value at 7200 seconds "
        "(Chromium) or 86400 (Firefox), so a larger one does not do what it says.",
    .bad_example =
        R"([{"AllowedOrigins": ["https://app.example.com"], "AllowedMethods": ["PUT"], "AllowedHeaders": ["Content-Type"]}])",
    .good_example =
        R"([{"AllowedOrigins": ["https://app.example.com"], "AllowedMethods": ["PUT"], "AllowedHeaders": ["Content-Type"], "MaxAgeSeconds": 3000}])",
    .fix_hint = "Set MaxAgeSeconds to a whole number of seconds up to 7200, for example 3000.",
    .references =
        "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Access-Control-Max-Age",
};

constexpr int64_t kChromiumCap = 7200;
constexpr int64_t kFirefoxCap = 86400;

void check_value(const cors::Rule& rule, const json::Node& n, Reporter& out) {
  json::NodeId at = rule.max_age_node;
  if (!n.is_integer) {
    bool fraction = n.text.find_first_of(".eE") != std::string_view::npos;
    out.report(Severity::Error, at,
               "MaxAgeSeconds {} in {} is {}; S3 takes a whole number of seconds, write one such "
               "as 3000",
               n.text, rule.label(), fraction ? "not written as an integer" : "too large for S3");
  } else if (n.integer < 0) {
    out.report(Severity::Error, at,
               "MaxAgeSeconds {} in {} is negative; a preflight cache time is 0 or more "
               "seconds, write one such as 3000",
               n.text, rule.label());
  } else if (n.integer > kFirefoxCap) {
    out.report(at,
               "MaxAgeSeconds {} in {} exceeds what browsers honour: Chromium caps preflight "
               "caching at {} s and Firefox at {} s; set {} or less",
               n.text, rule.label(), kChromiumCap, kFirefoxCap, kChromiumCap);
  } else if (n.integer > kChromiumCap) {
    out.report(at,
               "MaxAgeSeconds {} in {} exceeds Chromium's cap of {} s, so Chrome repeats the "
               "preflight after 2 hours anyway; set {} or less",
               n.text, rule.label(), kChromiumCap, kChromiumCap);
  }
}

void check(const cors::Config& config, Reporter& out) {
  const json::Tree& t = out.tree();
  for (const cors::Rule& rule : config.rules) {
    if (rule.max_age_node == json::kNoNode) {
      // A GET/HEAD rule without AllowedHeaders never answers a preflight, so
      // there is nothing to cache.
      if (!cors::may_answer_preflight(rule)) continue;
      out.report(rule.node,
                 "{} has no MaxAgeSeconds, so browsers cache its preflights for only 5 s and "
                 "repeat them; add \"MaxAgeSeconds\", for example 3000",
                 rule.label());
      continue;
    }
    // A non-number is C001's finding (wrong type).
    if (!t.is(rule.max_age_node, json::Type::Number)) continue;
    check_value(rule, t[rule.max_age_node], out);
  }
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
