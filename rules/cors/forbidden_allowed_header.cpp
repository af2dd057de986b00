#include <string_view>

#include <fmt/core.h>

#include "corslint/analysis/http_headers.hpp"
#include "corslint/model/cors.hpp"
#include "corslint/rule.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "C012",
    .name = "cors-forbidden-allowed-header",
    .default_severity = Severity::Info,
    .summary = "AllowedHeaders lists a header that scripts cannot set",
    .rationale =
        "Browsers set forbidden request headers such as Origin, Host, Cookie, "
        "Content-Length, Sec-* and Proxy-* themselves and never name them in a "
        "preflight's Access-Control-Request-Headers. Listing them in AllowedHeaders has "
        "no effect and suggests the rule was written for a problem it does not solve.",
    .bad_example =
        R"([{"AllowedOrigins": ["https://www.example.com"], "AllowedMethods": ["PUT"], "AllowedHeaders": ["Origin", "Content-Type"]}])",
    .good_example =
        R"([{"AllowedOrigins": ["https://www.example.com"], "AllowedMethods": ["PUT"], "AllowedHeaders": ["Content-Type"]}])",
    .fix_hint =
        "Remove forbidden request headers from AllowedHeaders; list only headers your "
        "scripts set, such as Content-Type, Authorization or x-amz-*.",
    .references = "https://fetch.spec.whatwg.org/#forbidden-request-header",
};

bool in_array(const json::Tree& t, json::NodeId node) {
  json::NodeId parent = t[node].parent;
  return parent != json::kNoNode && t[parent].type == json::Type::Array;
}

void check(const cors::Config& config, Reporter& out) {
  for (const cors::Rule& rule : config.rules) {
    for (const Value& h : rule.allowed_headers) {
      if (!is_forbidden_request_header_pattern(h.text)) continue;
      std::string_view what = h.text.find('*') == std::string_view::npos
                                  ? "is a forbidden request header"
                                  : "matches only forbidden request headers";
      Reported f =
          out.report(h.node,
                     "\"{}\" in AllowedHeaders of {} {}: browsers set such headers themselves "
                     "and never ask for them in a preflight, so the entry has no "
                     "effect; remove it",
                     h.text, rule.label(), what);
      if (in_array(out.tree(), h.node)) {
        out.add_remove_element_fix(f, fmt::format("remove \"{}\"", h.text), h.node);
      }
    }
  }
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
