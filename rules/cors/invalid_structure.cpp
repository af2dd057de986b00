#include "corslint/model/cors.hpp"
#include "corslint/rule.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "C001",
    .name = "cors-invalid-structure",
    .default_severity = Severity::Error,
    .summary = "The CORS configuration has a shape S3's PutBucketCors rejects",
    .rationale =
        "S3 refuses the whole configuration when a rule lacks AllowedOrigins or "
        "AllowedMethods, a value has the wrong type, a key is unknown, the rule list is "
        "empty or longer than 100, the document exceeds 64 KB or an ID exceeds 255 "
        "characters. The deploy fails, or the previous configuration silently stays.",
    .bad_example = R"([{"AllowedOrigin": ["https://app.example.com"], "AllowedMethods": ["GET"]}])",
    .good_example =
        R"([{"AllowedOrigins": ["https://app.example.com"], "AllowedMethods": ["GET"]}])",
    .fix_hint =
        "Use the keys ID, AllowedOrigins, AllowedMethods, AllowedHeaders, ExposeHeaders and "
        "MaxAgeSeconds with arrays of strings, and give every rule at least one origin "
        "and one method.",
    .references = "https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutBucketCors.html",
};

void check(const cors::Config& config, Reporter& out) {
  for (const StructureIssue& issue : config.issues) {
    if (issue.at_key) {
      out.report_key(issue.node, "{}", issue.message);
    } else {
      out.report(issue.node, "{}", issue.message);
    }
  }
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
