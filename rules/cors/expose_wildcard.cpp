#include <string_view>

#include "corslint/model/cors.hpp"
#include "corslint/rule.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "C015",
    .name = "cors-expose-wildcard",
    .default_severity = Severity::Warning,
    .summary = "ExposeHeaders holds a wildcard, which S3 does not support",
    .rationale =
        "Unlike AllowedHeaders, S3's ExposeHeaders takes only literal header names: the "
        "documentation gives no wildcard form, and S3 answers one with \"We currently do "
        "not support wildcard for ExposeHeader\". Either the deploy fails or scripts "
        "that expect to read ETag or x-amz-* headers through it get nothing.",
    .bad_example =
        R"([{"AllowedOrigins": ["https://app.example.com"], "AllowedMethods": ["GET", "PUT"], "AllowedHeaders": ["*"], "ExposeHeaders": ["*"]}])",
    .good_example =
        R"([{"AllowedOrigins": ["https://app.example.com"], "AllowedMethods": ["GET", "PUT"], "AllowedHeaders": ["*"], "ExposeHeaders": ["ETag", "x-amz-version-id"]}])",
    .fix_hint =
        "List each response header scripts must read, such as ETag, "
        "x-amz-version-id or x-amz-request-id.",
    .references = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/ManageCorsUsing.html",
};

void check(const cors::Config& config, Reporter& out) {
  for (const cors::Rule& rule : config.rules) {
    for (const Value& h : rule.expose_headers) {
      if (h.text.find('*') == std::string_view::npos) continue;
      out.report(h.node,
                 "\"{}\" in ExposeHeaders of {}: S3 does not support wildcards in ExposeHeaders; "
                 "list each header scripts must read, such as ETag",
                 h.text, rule.label());
    }
  }
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
