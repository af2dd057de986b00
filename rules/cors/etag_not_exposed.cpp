#include <algorithm>

#include "corslint/model/cors.hpp"
#include "corslint/rule.hpp"
#include "corslint/text.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "C014",
    .name = "cors-etag-not-exposed",
    .default_severity = Severity::Info,
    .summary = "A rule allows PUT uploads but does not expose ETag",
    .rationale =
        "Scripts can read only the response headers named in "
        "Access-Control-Expose-Headers, which S3 fills from ExposeHeaders. A browser "
        "multipart upload sends each part with PUT and needs every part's ETag to "
        "complete the upload, so without it the SDK fails after all parts were sent.",
    .bad_example =
        R"([{"AllowedOrigins": ["https://app.example.com"], "AllowedMethods": ["PUT", "POST"], "AllowedHeaders": ["*"]}])",
    .good_example =
        R"([{"AllowedOrigins": ["https://app.example.com"], "AllowedMethods": ["PUT", "POST"], "AllowedHeaders": ["*"], "ExposeHeaders": ["ETag"]}])",
    .fix_hint = "Add \"ETag\" to the rule's ExposeHeaders.",
    .references = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/ManageCorsUsing.html",
};

void check(const cors::Config& config, Reporter& out) {
  for (const cors::Rule& rule : config.rules) {
    // Multipart parts are uploaded with PUT (UploadPart); a POST-only rule serves
    // form uploads, whose ETag nothing needs.
    auto upload = std::find_if(rule.allowed_methods.begin(), rule.allowed_methods.end(),
                               [](const Value& m) { return m.text == "PUT"; });
    if (upload == rule.allowed_methods.end()) continue;
    // A wildcard entry is C015's finding (S3 does not support it); do not pile on.
    bool exposed = std::any_of(rule.expose_headers.begin(), rule.expose_headers.end(),
                               [](const Value& h) { return wildcard_match_icase(h.text, "ETag"); });
    if (exposed) continue;
    json::NodeId at =
        rule.expose_headers_node != json::kNoNode ? rule.expose_headers_node : upload->node;
    out.report(at,
               "{} allows PUT but does not expose ETag, so scripts cannot read it and browser "
               "multipart uploads, which need each part's ETag, cannot complete; add \"ETag\" "
               "to ExposeHeaders",
               rule.label());
  }
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
