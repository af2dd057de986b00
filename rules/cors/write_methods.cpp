#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "corslint/model/cors.hpp"
#include "corslint/rule.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "C010",
    .name = "cors-write-methods",
    .default_severity = Severity::Info,
    .summary = "A CORS rule allows PUT, POST or DELETE",
    .rationale =
        "A bucket that only serves content needs GET and HEAD. With PUT, POST or DELETE "
        "allowed, browsers let pages on the listed origins send writes and read the "
        "answers; CORS grants no access by itself, but a leaked pre-signed URL or a "
        "bucket policy that allows writes becomes usable from any of those pages.",
    .bad_example =
        R"([{"AllowedOrigins": ["https://www.example.com"], "AllowedMethods": ["GET", "PUT", "DELETE"], "AllowedHeaders": ["*"]}])",
    .good_example =
        R"([{"AllowedOrigins": ["https://www.example.com"], "AllowedMethods": ["GET", "HEAD"]}])",
    .fix_hint =
        "Allow only GET and HEAD unless browsers really upload or delete objects; keep "
        "write methods in a separate rule limited to the uploading origin.",
    .references = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/cors.html",
};

bool is_write(std::string_view m) { return m == "PUT" || m == "POST" || m == "DELETE"; }

void check(const cors::Config& config, Reporter& out) {
  for (const cors::Rule& rule : config.rules) {
    std::vector<std::string_view> writes;
    json::NodeId first = json::kNoNode;
    for (const Value& m : rule.allowed_methods) {
      if (!is_write(m.text)) continue;
      if (std::find(writes.begin(), writes.end(), m.text) != writes.end()) continue;
      if (first == json::kNoNode) first = m.node;
      writes.push_back(m.text);
    }
    if (writes.empty()) continue;
    std::string list(writes.back());
    if (writes.size() > 1) {
      writes.pop_back();
      list = fmt::format("{} and {}", fmt::join(writes, ", "), list);
    }
    out.report(first,
               "{} allows {} from browsers: if the bucket only serves content, allow GET and "
               "HEAD only",
               rule.label(), list);
  }
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
