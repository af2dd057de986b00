#include "corslint/analysis/origin.hpp"
#include "corslint/model/cors.hpp"
#include "corslint/rule.hpp"
#include "corslint/text.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "C019",
    .name = "cors-placeholder-value",
    .default_severity = Severity::Error,
    .summary = "An origin is a placeholder copied from documentation or a template",
    .rationale =
        "Values such as \"https://your-cloudfront-domain.com\", \"<your-domain>\", "
        "\"${origin}\" or \"CHANGEME\" were never replaced, so the site that needs "
        "access is refused, and a placeholder that is a valid domain name admits "
        "whoever registers it. Reserved documentation domains (example.com, .test, "
        ".example, .invalid) are reported as info, since they are also used on purpose "
        "in samples and tests.",
    .bad_example =
        R"([{"AllowedOrigins": ["https://your-cloudfront-domain.com"], "AllowedMethods": ["GET"]}])",
    .good_example =
        R"([{"AllowedOrigins": ["https://d111111abcdef8.cloudfront.net"], "AllowedMethods": ["GET"]}])",
    .fix_hint = "Replace the placeholder with the real origin of the site that calls the bucket.",
    .references = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/ManageCorsUsing.html",
};

void check(const cors::Config& config, Reporter& out) {
  for (const cors::Rule& rule : config.rules) {
    for (const Value& o : rule.allowed_origins) {
      if (std::string_view marker = placeholder_marker(o.text); !marker.empty()) {
        bool registrable =
            o.text.find_first_of("<>{}") == std::string_view::npos && origin_defect(o.text).empty();
        out.report(o.node,
                   "origin \"{}\" in {} is an unfilled placeholder (\"{}\"): the site you meant is "
                   "refused{}; replace it with the real origin",
                   o.text, rule.label(), marker,
                   registrable ? " and whoever registers that name is admitted" : "");
      } else if (std::string_view d = reserved_example_domain(parse_origin(o.text).host);
                 !d.empty()) {
        out.report(Severity::Info, o.node,
                   "origin \"{}\" in {} uses \"{}\", which is reserved for documentation and "
                   "tests, so no site of yours sends it; replace it with the real origin",
                   o.text, rule.label(), d);
      }
    }
  }
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
