#include <algorithm>
#include <string>
#include <vector>

#include <fmt/core.h>

#include "corslint/analysis/origin.hpp"
#include "corslint/model/cors.hpp"
#include "corslint/rule.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "C004",
    .name = "cors-too-many-wildcards",
    .default_severity = Severity::Error,
    .summary = "An AllowedOrigins or AllowedHeaders entry has more than one '*'",
    .rationale =
        "S3 allows at most one '*' in each origin and each allowed header. "
        "PutBucketCors rejects the whole configuration (InvalidRequest: AllowedOrigin "
        "\"https://*.example.*\" can not have more than one wildcard.), so the deploy "
        "fails or the previous CORS rules silently stay in place.",
    .bad_example = R"([{"AllowedOrigins": ["https://*.example.*"], "AllowedMethods": ["GET"]}])",
    .good_example = R"([{"AllowedOrigins": ["https://*.example.com"], "AllowedMethods": ["GET"],
        "AllowedHeaders": ["*"]}])",
    .fix_hint = "Keep one '*' per entry; list the extra variants as separate entries.",
    .references = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/ManageCorsUsing.html",
};

// "x-**" and "**" mean the same as with one '*'; collapsing runs is then a safe fix.
std::string collapse_stars(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '*' && !out.empty() && out.back() == '*') continue;
    out += c;
  }
  return out;
}

void check_list(const cors::Rule& rule, const std::vector<Value>& values, std::string_view what,
                std::string_view s3_name, Reporter& out) {
  for (const Value& v : values) {
    auto stars = std::count(v.text.begin(), v.text.end(), '*');
    if (stars < 2) continue;
    Reported f = out.report(v.node,
                            "{} \"{}\" in {} has {} wildcards but S3 allows one per {}, so "
                            "PutBucketCors fails with InvalidRequest; keep a single \"*\" and "
                            "list other variants as separate entries",
                            what, v.text, rule.label(), stars, s3_name);
    std::string collapsed = collapse_stars(v.text);
    if (std::count(collapsed.begin(), collapsed.end(), '*') == 1) {
      out.add_fix(f, fmt::format("write \"{}\"", collapsed), v.node, json_quote(collapsed));
    }
  }
}

void check(const cors::Config& config, Reporter& out) {
  for (const cors::Rule& rule : config.rules) {
    check_list(rule, rule.allowed_origins, "origin", "AllowedOrigin", out);
    check_list(rule, rule.allowed_headers, "header", "AllowedHeader", out);
  }
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
