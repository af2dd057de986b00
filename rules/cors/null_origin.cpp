#include "corslint/model/cors.hpp"
#include "corslint/rule.hpp"
#include "corslint/text.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "C007",
    .name = "cors-null-origin",
    .default_severity = Severity::Error,
    .summary = "AllowedOrigins admits the \"null\" origin",
    .rationale =
        "Browsers send Origin: null from sandboxed iframes, file: pages and after some "
        "redirects, and any website can put its script in a sandboxed iframe. Allowing "
        "\"null\" therefore lets every site read the responses, while looking much "
        "narrower than \"*\".",
    .bad_example =
        R"([{"AllowedOrigins": ["https://app.example.com", "null"], "AllowedMethods": ["GET"]}])",
    .good_example =
        R"([{"AllowedOrigins": ["https://app.example.com"], "AllowedMethods": ["GET"]}])",
    .fix_hint = "Remove \"null\" and serve the page that needs access from a real https:// origin.",
    .references = "https://fetch.spec.whatwg.org/#origin-header",
};

void check(const cors::Config& config, Reporter& out) {
  for (const cors::Rule& rule : config.rules) {
    for (const Value& o : rule.allowed_origins) {
      if (!iequals(o.text, "null")) continue;
      Reported f = out.report(o.node,
                              "origin \"{}\" in {} admits sandboxed iframes and file: pages, which "
                              "any website can create, so every site can read these responses; "
                              "remove it",
                              o.text, rule.label());
      if (rule.allowed_origins.size() > 1) {
        out.add_remove_element_fix(f, "remove \"null\"", o.node);
      }
    }
  }
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
