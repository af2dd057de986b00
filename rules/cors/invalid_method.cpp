#include <algorithm>
#include <array>

#include <fmt/core.h>

#include "corslint/model/cors.hpp"
#include "corslint/rule.hpp"
#include "corslint/text.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "C002",
    .name = "cors-invalid-method",
    .default_severity = Severity::Error,
    .summary = "AllowedMethods holds a method S3 does not accept",
    .rationale =
        "S3 CORS rules accept only GET, PUT, POST, DELETE and HEAD, in upper case. "
        "PutBucketCors rejects OPTIONS, PATCH, '*' or 'get' with \"Found unsupported "
        "HTTP method in CORS config\"; preflight OPTIONS requests are answered by S3 "
        "without being listed.",
    .bad_example =
        R"([{"AllowedOrigins": ["https://app.example.com"], "AllowedMethods": ["GET", "OPTIONS"]}])",
    .good_example =
        R"([{"AllowedOrigins": ["https://app.example.com"], "AllowedMethods": ["GET", "HEAD"]}])",
    .fix_hint =
        "List only GET, PUT, POST, DELETE and HEAD, in upper case; drop OPTIONS, S3 "
        "answers preflights itself.",
    .references = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/ManageCorsUsing.html",
};

constexpr std::array<std::string_view, 5> kMethods = {"GET", "PUT", "POST", "DELETE", "HEAD"};

void check(const cors::Config& config, Reporter& out) {
  for (const cors::Rule& rule : config.rules) {
    for (const Value& m : rule.allowed_methods) {
      if (std::find(kMethods.begin(), kMethods.end(), m.text) != kMethods.end()) continue;
      auto upper = std::find_if(kMethods.begin(), kMethods.end(),
                                [&](std::string_view k) { return iequals(k, m.text); });
      if (upper != kMethods.end()) {
        Reported f = out.report(m.node, "method \"{}\" in {} must be upper case: S3 rejects \"{}\"",
                                m.text, rule.label(), m.text);
        out.add_fix(f, fmt::format("write \"{}\"", *upper), m.node, fmt::format("\"{}\"", *upper));
      } else if (m.text == "OPTIONS") {
        Reported f = out.report(m.node,
                                "method \"OPTIONS\" in {}: S3 rejects it and answers preflights "
                                "without it; remove it",
                                rule.label());
        out.add_remove_element_fix(f, "remove \"OPTIONS\"", m.node);
      } else {
        out.report(m.node,
                   "method \"{}\" in {} is not supported by S3 CORS; use GET, PUT, POST, DELETE "
                   "or HEAD",
                   m.text, rule.label());
      }
    }
  }
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
