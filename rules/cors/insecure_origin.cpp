#include <string>

#include <fmt/core.h>

#include "corslint/analysis/origin.hpp"
#include "corslint/model/cors.hpp"
#include "corslint/rule.hpp"
#include "corslint/text.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "C008",
    .name = "cors-insecure-origin",
    .default_severity = Severity::Warning,
    .summary = "AllowedOrigins admits a plain-HTTP site",
    .rationale =
        "A page served over http:// can be altered by anyone on the network path (public "
        "Wi-Fi, a hostile ISP), and the injected script runs with that origin, so it can "
        "read whatever the bucket returns to it. Loopback origins such as "
        "http://localhost:3000 never leave the machine and are left to C009; scheme "
        "wildcards like \"http*://\" are C006.",
    .bad_example = R"([{"AllowedOrigins": ["http://app.example.com"], "AllowedMethods": ["GET"]}])",
    .good_example =
        R"([{"AllowedOrigins": ["https://app.example.com", "http://localhost:3000"], "AllowedMethods": ["GET"]}])",
    .fix_hint = "Serve the site over HTTPS and list its https:// origin instead.",
    .references = "https://developer.mozilla.org/en-US/docs/Web/Security/Secure_Contexts",
};

void check(const cors::Config& config, Reporter& out) {
  for (const cors::Rule& rule : config.rules) {
    for (const Value& o : rule.allowed_origins) {
      OriginParts p = parse_origin(o.text);
      if (!p.has_scheme || !iequals(p.scheme, "http") || p.host.empty()) continue;
      if (is_dev_host(p.host)) continue;  // C009
      std::string port = p.port.empty() || p.port == "80" ? "" : fmt::format(":{}", p.port);
      out.report(o.node,
                 "origin \"{}\" in {} is plain HTTP: anyone on the network path can inject script "
                 "into that site and read these responses through it; serve it over HTTPS and "
                 "list \"https://{}{}\"",
                 o.text, rule.label(), p.host, port);
    }
  }
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
