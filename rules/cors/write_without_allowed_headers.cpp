#include "corslint/model/cors.hpp"
#include "corslint/rule.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "C013",
    .name = "cors-write-without-allowed-headers",
    .default_severity = Severity::Warning,
    .summary = "A rule allows PUT, POST or DELETE but no request headers",
    .rationale =
        "S3 skips a rule for a preflight whose Access-Control-Request-Headers names any "
        "header the rule's AllowedHeaders does not list, and a rule without "
        "AllowedHeaders lists none. Uploads with Content-Type: application/json or an "
        "image type, an Authorization header or x-amz-* headers from the AWS SDK then "
        "fail with a CORS error in the browser.",
    .bad_example =
        R"([{"AllowedOrigins": ["https://app.example.com"], "AllowedMethods": ["GET", "PUT"]}])",
    .good_example =
        R"([{"AllowedOrigins": ["https://app.example.com"], "AllowedMethods": ["GET", "PUT"], "AllowedHeaders": ["Content-Type", "x-amz-*"]}])",
    .fix_hint =
        "Add AllowedHeaders with the headers your upload code sends, for example "
        "[\"Content-Type\", \"Authorization\", \"x-amz-*\"], or [\"*\"].",
    .references = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/cors.html",
};

json::NodeId first_write(const cors::Rule& rule) {
  for (const Value& m : rule.allowed_methods) {
    if (m.text == "PUT" || m.text == "POST" || m.text == "DELETE") return m.node;
  }
  return json::kNoNode;
}

void check(const cors::Config& config, Reporter& out) {
  for (const cors::Rule& rule : config.rules) {
    if (!rule.allowed_headers.empty()) continue;
    json::NodeId write = first_write(rule);
    if (write == json::kNoNode) continue;
    // An empty AllowedHeaders list is the most specific place; else the method.
    // Any other AllowedHeaders without string entries is C001's finding.
    bool empty_list = rule.allowed_headers_node != json::kNoNode;
    if (empty_list && !(out.tree().is(rule.allowed_headers_node, json::Type::Array) &&
                        out.tree().children(rule.allowed_headers_node).empty())) {
      continue;
    }
    json::NodeId at = empty_list ? rule.allowed_headers_node : write;
    out.report(at,
               "{} allows {} but has {} AllowedHeaders: S3 skips it for every preflight that asks "
               "for a header, such as Content-Type: application/json, Authorization or "
               "x-amz-*; list the headers your requests send",
               rule.label(), out.tree()[write].text, empty_list ? "an empty" : "no");
  }
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
