#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "corslint/analysis/origin.hpp"
#include "corslint/model/cors.hpp"
#include "corslint/rule.hpp"
#include "corslint/text.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "C020",
    .name = "cors-origin-not-allowed-by-config",
    .default_severity = Severity::Error,
    .summary = "An origin is outside the allowed_origins patterns of .corslint.json",
    .rationale =
        "allowed_origins in .corslint.json lists the origin patterns an organisation "
        "has approved (S3 wildcard syntax), so a bucket that admits anything else "
        "shares its responses with a site nobody reviewed. Every origin outside the "
        "list is reported, \"*\" and \"null\" included; an entry that never matches as "
        "written (C003) is judged by the origin it was meant to be, and placeholders are "
        "left to C019. The examples "
        "assume \"allowed_origins\": [\"https://*.example.com\"]; with no list the rule "
        "reports nothing.",
    .bad_example =
        R"([{"AllowedOrigins": ["https://app.example.com", "https://partner.example.net"], "AllowedMethods": ["GET"]}])",
    .good_example =
        R"([{"AllowedOrigins": ["https://app.example.com", "https://*.example.com"], "AllowedMethods": ["GET"]}])",
    .fix_hint =
        "Remove the origin, or get it approved and add it to allowed_origins in "
        ".corslint.json.",
    .references = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/cors.html",
};

bool covered(const std::vector<std::string>& allowed, std::string_view origin) {
  // Case is C003's concern; here only the approved set matters.
  return std::any_of(allowed.begin(), allowed.end(),
                     [&](const std::string& a) { return wildcard_covers(a, origin, true); });
}

std::string shown(const std::vector<std::string>& allowed) {
  constexpr std::size_t kShown = 3;
  std::vector<std::string> head;
  for (std::size_t i = 0; i < allowed.size() && i < kShown; ++i) {
    head.push_back(fmt::format("\"{}\"", allowed[i]));
  }
  std::string out = fmt::format("{}", fmt::join(head, ", "));
  if (allowed.size() > kShown) out += fmt::format(" and {} more", allowed.size() - kShown);
  return out;
}

void check(const cors::Config& config, Reporter& out) {
  const std::vector<std::string>& allowed = out.settings().allowed_origins;
  if (allowed.empty()) return;
  for (const cors::Rule& rule : config.rules) {
    for (const Value& o : rule.allowed_origins) {
      if (covered(allowed, o.text) || !placeholder_marker(o.text).empty()) continue;  // C019
      if (!origin_defect(o.text).empty()) {
        // It never matches as written (C003); judge what the author meant, if that is clear.
        std::optional<std::string> meant = suggested_origin(o.text);
        if (!meant || covered(allowed, *meant)) continue;
      }
      out.report(o.node,
                 "origin \"{}\" in {} is not covered by allowed_origins ({}), so this bucket "
                 "shares its responses with a site nobody approved; remove it, or add it to "
                 "allowed_origins in .corslint.json",
                 o.text, rule.label(), shown(allowed));
    }
  }
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
