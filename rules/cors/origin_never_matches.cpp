#include <string>
#include <vector>

#include <fmt/format.h>

#include "corslint/analysis/origin.hpp"
#include "corslint/model/cors.hpp"
#include "corslint/rule.hpp"
#include "corslint/text.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "C003",
    .name = "cors-origin-never-matches",
    .default_severity = Severity::Error,
    .summary = "An AllowedOrigins entry can never equal the Origin a browser sends",
    .rationale =
        "A browser sends Origin as scheme://host[:port] in lower case, without the "
        "default port, a path or a trailing slash, and S3 compares it with each entry "
        "as an exact string. S3 accepts a malformed entry without complaint, so the "
        "intended site is refused and its requests fail with \"No "
        "'Access-Control-Allow-Origin' header is present\". The bare \"*\" (C005), "
        "\"null\" (C007), scheme-less \"*...\" patterns (C006) and template "
        "placeholders (C019) are left to their own rules.",
    .bad_example =
        R"([{"AllowedOrigins": ["https://app.example.com/"], "AllowedMethods": ["GET"]}])",
    .good_example =
        R"([{"AllowedOrigins": ["https://app.example.com"], "AllowedMethods": ["GET"]}])",
    .fix_hint =
        "Write each origin as scheme://host[:port] in lower case, with no path, no "
        "trailing slash and no :443 or :80, one origin per entry.",
    .references = "https://fetch.spec.whatwg.org/#origin-header",
};

void check_origin(const cors::Rule& rule, const Value& o, Reporter& out) {
  std::string_view t = o.text;
  if (t == "*" || iequals(t, "null") || t.find_first_of("{}<>") != std::string_view::npos) return;
  std::vector<std::string_view> items = split_origin_list(t);
  if (items.empty()) {
    Reported f = out.report(o.node, "origin \"{}\" in {} is empty, so it never matches; remove it",
                            t, rule.label());
    if (rule.allowed_origins.size() > 1) out.add_remove_element_fix(f, "remove the entry", o.node);
    return;
  }
  if (items.size() > 1) {
    Reported f = out.report(o.node,
                            "origin \"{}\" in {} holds {} origins in one string: S3 compares the "
                            "whole string with the browser's Origin, so this never matches; put "
                            "each origin in its own entry",
                            t, rule.label(), items.size());
    std::vector<std::string> quoted;
    for (std::string_view i : items) quoted.push_back(json_quote(i));
    out.add_fix(f, "split into one entry per origin", o.node,
                fmt::format("{}", fmt::join(quoted, ", ")));
    return;
  }
  OriginParts p = parse_origin(items[0]);
  if (!p.has_scheme && p.star == 0) return;  // C006: the "*" stands in for the scheme
  std::string why = origin_defect(t);
  if (why.empty()) return;
  std::optional<std::string> suggestion = suggested_origin(t);
  if (suggestion && *suggestion != t) {
    Reported f = out.report(o.node, "origin \"{}\" in {} {}, so this never matches; write \"{}\"",
                            t, rule.label(), why, *suggestion);
    // Only a scheme the author did not write is a guess; everything else is mechanical.
    if (p.has_scheme) {
      out.add_fix(f, fmt::format("write \"{}\"", *suggestion), o.node, json_quote(*suggestion));
    }
  } else {
    out.report(o.node, "origin \"{}\" in {} {}, so this never matches; write it as {}", t,
               rule.label(), why,
               why.starts_with("has non-ASCII") ? "punycode (xn--...)" : "scheme://host[:port]");
  }
}

void check(const cors::Config& config, Reporter& out) {
  for (const cors::Rule& rule : config.rules) {
    for (const Value& o : rule.allowed_origins) check_origin(rule, o, out);
  }
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
