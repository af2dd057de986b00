#include "corslint/analysis/origin.hpp"
#include "corslint/model/cors.hpp"
#include "corslint/rule.hpp"
#include "corslint/text.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "C009",
    .name = "cors-dev-origin",
    .default_severity = Severity::Warning,
    .summary = "AllowedOrigins still admits a local development server",
    .rationale =
        "localhost, 127.0.0.1, [::1], 0.0.0.0 and *.local name the visitor's own machine "
        "or network, so in production they admit whatever happens to run there: another "
        "developer tool, a local page or malware listening on that port. They usually "
        "ship by accident with the configuration used during development.",
    .bad_example =
        R"([{"AllowedOrigins": ["https://app.example.com", "http://localhost:3000"], "AllowedMethods": ["GET"]}])",
    .good_example =
        R"([{"AllowedOrigins": ["https://app.example.com"], "AllowedMethods": ["GET"]}])",
    .fix_hint =
        "Remove development origins from the production configuration, or keep them in a "
        "separate bucket used only for development.",
    .references = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/cors.html",
};

void check(const cors::Config& config, Reporter& out) {
  for (const cors::Rule& rule : config.rules) {
    for (const Value& o : rule.allowed_origins) {
      OriginParts p = parse_origin(o.text);
      // Other schemes on localhost are apps, not dev servers (capacitor://localhost).
      if (!iequals(p.scheme, "http") && !iequals(p.scheme, "https")) continue;
      if (!is_dev_host(p.host)) continue;
      out.report(o.node,
                 "origin \"{}\" in {} is a development server on the visitor's own machine or "
                 "network, which in production admits whatever runs there; remove it or keep it "
                 "in a development-only configuration",
                 o.text, rule.label());
    }
  }
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
