#include <string_view>

#include "corslint/analysis/http_headers.hpp"
#include "corslint/model/cors.hpp"
#include "corslint/rule.hpp"
#include "corslint/text.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "C011",
    .name = "cors-response-header-as-allowed-header",
    .default_severity = Severity::Warning,
    .summary = "AllowedHeaders lists a header that only responses carry",
    .rationale =
        "AllowedHeaders is matched against the header names a preflight asks to send "
        "(Access-Control-Request-Headers). Access-Control-Allow-Origin, ETag and other "
        "response headers are set by S3, not by the browser, so listing them does "
        "nothing except hide a misunderstanding; the usual one is client code that "
        "sends Access-Control-Allow-Origin itself and so forces a preflight.",
    .bad_example =
        R"([{"AllowedOrigins": ["https://www.example.com"], "AllowedMethods": ["GET"], "AllowedHeaders": ["Access-Control-Allow-Origin", "Content-Type"]}])",
    .good_example =
        R"([{"AllowedOrigins": ["https://www.example.com"], "AllowedMethods": ["GET"], "AllowedHeaders": ["Content-Type"]}])",
    .fix_hint =
        "Remove response headers from AllowedHeaders and stop sending them from client "
        "code; to let scripts read a response header, list it in ExposeHeaders.",
    .references =
        "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/"
        "Access-Control-Request-Headers",
};

void check(const cors::Config& config, Reporter& out) {
  for (const cors::Rule& rule : config.rules) {
    for (const Value& h : rule.allowed_headers) {
      if (!is_response_only_header_pattern(h.text)) continue;
      if (h.text.find('*') != std::string_view::npos) {
        out.report(h.node,
                   "\"{}\" in AllowedHeaders of {} matches only CORS response headers, which "
                   "browsers never need to send; remove it",
                   h.text, rule.label());
        continue;
      }
      if (istarts_with(h.text, "access-control-")) {
        out.report(h.node,
                   "\"{}\" in AllowedHeaders of {} is a CORS response header that S3 sets from "
                   "the matched rule, not a request header; remove it and do not send it from "
                   "client code",
                   h.text, rule.label());
        continue;
      }
      out.report(h.node,
                 "\"{}\" in AllowedHeaders of {} is a response header that browsers never need "
                 "to send; remove it, and list it in ExposeHeaders if scripts must read it",
                 h.text, rule.label());
    }
  }
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
