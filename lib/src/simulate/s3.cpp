// S3's answer (docs/reference/cors-semantics.md §1.3-1.5): the first CORS rule
// whose origin, method and headers match answers, and its CORS headers are
// the response's; a preflight that no rule matches is refused.
#include <array>

#include <fmt/core.h>

#include "corslint/analysis/cors_eval.hpp"
#include "corslint/model/cors.hpp"
#include "simulate/stages.hpp"

namespace corslint::simulate {
namespace {

std::string quoted_list(const std::vector<Value>& values) {
  std::string out = "[";
  for (std::size_t i = 0; i < values.size(); ++i) {
    out += fmt::format("{}\"{}\"", i ? ", " : "", values[i].text);
  }
  return out + "]";
}

std::string joined(const std::vector<Value>& values) {
  std::string out;
  for (const Value& v : values) out += (out.empty() ? "" : ", ") + std::string(v.text);
  return out;
}

// What S3 matches a request against.
struct Asked {
  std::string_view origin;
  std::string_view method;           // Access-Control-Request-Method for a preflight
  std::vector<std::string> headers;  // Access-Control-Request-Headers, lower case
  bool preflight = false;
};

// One rule against the request: the first condition it fails, in S3's order.
RuleCheck check_rule(const Setup& s, const cors::Rule& rule, std::size_t pos, const Asked& q) {
  RuleCheck c;
  c.index = pos;
  c.label = rule.label();
  c.location = locate(s.cors_doc(), rule.node);
  if (!cors::origin_allowed(rule, q.origin)) {
    c.failed = Mismatch::Origin;
    c.detail = fmt::format("Origin \"{}\" is not in AllowedOrigins {}", q.origin,
                           quoted_list(rule.allowed_origins));
  } else if (!cors::method_allowed(rule, q.method)) {
    c.failed = Mismatch::Method;
    c.detail =
        fmt::format("{}{} is not in AllowedMethods {}", q.preflight ? "requested method " : "",
                    q.method, quoted_list(rule.allowed_methods));
  } else {
    for (std::string_view n : q.headers) {
      std::array<std::string_view, 1> one{n};
      if (cors::headers_allowed(rule, one)) continue;
      c.failed = Mismatch::Headers;
      c.detail = rule.allowed_headers.empty()
                     ? fmt::format("requested header {} but the rule has no AllowedHeaders", n)
                     : fmt::format("requested header {} is not in AllowedHeaders {}", n,
                                   quoted_list(rule.allowed_headers));
      break;
    }
  }
  c.matched = c.failed == Mismatch::None;
  if (c.matched) {
    c.detail = q.preflight ? "origin, method and headers match: S3 uses this rule"
                           : "origin and method match: S3 uses this rule";
  }
  return c;
}

// The CORS headers S3 sends for the rule that matched (§1.4).
void answer_with(const Setup& s, const cors::Rule& rule, const Asked& q, OriginAnswer& a) {
  auto add = [&](std::string_view name, std::string value) {
    a.headers.push_back({std::string(name), std::move(value), SetBy::S3});
  };
  bool star = cors::answers_with_wildcard_origin(rule);
  add(kAcao, star ? "*" : std::string(q.origin));
  if (!star) add(kAcac, "true");
  add("Vary", "Origin, Access-Control-Request-Headers, Access-Control-Request-Method");
  add(kAcam, joined(rule.allowed_methods));
  if (q.preflight && !q.headers.empty()) {
    std::string echo;
    for (const auto& n : q.headers) echo += (echo.empty() ? "" : ", ") + n;
    add(kAcah, echo);
  }
  if (!rule.expose_headers.empty()) add(kAceh, joined(rule.expose_headers));
  if (q.preflight && rule.max_age_node != json::kNoNode) {
    const json::Node& n = (*s.cors_doc()->tree)[rule.max_age_node];
    if (n.type == json::Type::Number) add(kMaxAge, std::string(n.text));
  }
}

}  // namespace

OriginAnswer s3_answer(const Setup& s, const std::vector<Header>& fwd, std::string_view method,
                       Stage stage) {
  OriginAnswer a;
  bool preflight = stage == Stage::Preflight;
  const Header* origin = find(fwd, "Origin");
  a.saw_origin = origin != nullptr;
  const Header* acrm = find(fwd, kAcrm);
  const Header* acrh = find(fwd, kAcrh);
  if (preflight) {
    if (origin == nullptr) {
      a.status = 400;
      a.error = "BadRequest: Insufficient information. Origin request header needed.";
      return a;
    }
    if (acrm == nullptr) {
      // [uncertain] S3-compatible servers answer 400 "Invalid
      // Access-Control-Request-Method: null"; AWS's exact text is not recorded.
      a.status = 400;
      a.error = "BadRequest: Invalid Access-Control-Request-Method: null";
      return a;
    }
  } else if (origin == nullptr) {
    return a;  // not a CORS request for S3: no CORS headers
  }
  if (s.cors() == nullptr) {
    if (preflight) {
      a.status = 403;
      a.error = "AccessForbidden: CORSResponse: CORS is not enabled for this bucket.";
    }
    return a;
  }
  Asked q{origin->value, preflight ? std::string_view(acrm->value) : method, {}, preflight};
  if (preflight && acrh != nullptr) {
    std::vector<std::string> parsed;
    parse_list(acrh->value, parsed);
    for (auto& n : parsed) q.headers.push_back(lower(n));
  }
  for (std::size_t pos = 0; pos < s.cors()->rules.size(); ++pos) {
    const cors::Rule& rule = s.cors()->rules[pos];
    a.rules.push_back(check_rule(s, rule, pos, q));
    if (!a.rules.back().matched) continue;
    a.matched = static_cast<int>(a.rules.size() - 1);
    answer_with(s, rule, q, a);
    return a;
  }
  if (preflight) {
    a.status = 403;
    a.error =
        "AccessForbidden: CORSResponse: This CORS request is not allowed. This is usually because "
        "the evalution of Origin, request method / Access-Control-Request-Method or "
        "Access-Control-Request-Headers are not whitelisted by the resource's CORS spec.";
  }
  return a;
}

}  // namespace corslint::simulate
