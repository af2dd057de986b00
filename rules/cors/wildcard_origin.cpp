#include <string>
#include <vector>

#include <fmt/format.h>

#include "corslint/model/cors.hpp"
#include "corslint/rule.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "C005",
    .name = "cors-wildcard-origin",
    .default_severity = Severity::Warning,
    .summary = "A rule allows every origin with \"*\"",
    .rationale =
        "With AllowedOrigins \"*\" S3 answers every website with "
        "Access-Control-Allow-Origin: *, so scripts on any page a visitor opens can read "
        "the responses; that suits public assets but is rarely meant for anything else. "
        "When the same rule allows PUT, POST or DELETE, any site can also drive writes "
        "from the visitor's browser (for example with a leaked presigned URL), so the "
        "finding is an error; bucket policies still decide what is allowed at all.",
    .bad_example = R"([{"AllowedOrigins": ["*"], "AllowedMethods": ["GET", "PUT"]}])",
    .good_example =
        R"([{"AllowedOrigins": ["https://app.example.com"], "AllowedMethods": ["GET", "PUT"]}])",
    .fix_hint =
        "List the origins that need access; keep \"*\" only in a GET/HEAD rule for "
        "truly public content.",
    .references = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/cors.html",
};

std::vector<std::string_view> write_methods(const cors::Rule& rule) {
  std::vector<std::string_view> out;
  for (std::string_view m : {"PUT", "POST", "DELETE"}) {
    if (rule.allows_method(m)) out.push_back(m);
  }
  return out;
}

void check(const cors::Config& config, Reporter& out) {
  for (const cors::Rule& rule : config.rules) {
    for (const Value& o : rule.allowed_origins) {
      if (o.text != "*") continue;
      std::vector<std::string_view> writes = write_methods(rule);
      if (writes.empty()) {
        out.report(o.node,
                   "origin \"*\" in {} lets scripts on every website read these responses; list "
                   "the origins that need access unless the content is public",
                   rule.label());
      } else {
        out.report(Severity::Error, o.node,
                   "origin \"*\" in {} lets every website send {} requests here from a "
                   "visitor's browser; list the origins that need to write, or move the write "
                   "methods to a rule with specific origins",
                   rule.label(), fmt::join(writes, "/"));
      }
    }
  }
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
