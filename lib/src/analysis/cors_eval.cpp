#include "corslint/analysis/cors_eval.hpp"

#include <algorithm>

#include "corslint/text.hpp"

namespace corslint::cors {
namespace {

bool any(const std::vector<Value>& list, auto pred) {
  return std::any_of(list.begin(), list.end(), pred);
}

// Every set of header names `later` accepts is accepted by `earlier`. A rule
// without AllowedHeaders accepts only "no Access-Control-Request-Headers",
// which every rule accepts.
bool headers_covered(const Rule& earlier, const Rule& later) {
  return std::all_of(later.allowed_headers.begin(), later.allowed_headers.end(),
                     [&](const Value& inner) {
                       return any(earlier.allowed_headers, [&](const Value& outer) {
                         return wildcard_covers(outer.text, inner.text, true);
                       });
                     });
}

}  // namespace

bool origin_allowed(const Rule& rule, std::string_view origin) {
  return any(rule.allowed_origins, [&](const Value& o) { return wildcard_match(o.text, origin); });
}

bool method_allowed(const Rule& rule, std::string_view method) {
  return rule.allows_method(method);
}

bool headers_allowed(const Rule& rule, std::span<const std::string_view> request_headers) {
  return std::all_of(request_headers.begin(), request_headers.end(), [&](std::string_view name) {
    return any(rule.allowed_headers,
               [&](const Value& h) { return wildcard_match_icase(h.text, name); });
  });
}

bool rule_matches(const Rule& rule, std::string_view origin, std::string_view method,
                  std::span<const std::string_view> request_headers) {
  return origin_allowed(rule, origin) && method_allowed(rule, method) &&
         headers_allowed(rule, request_headers);
}

const Rule* first_match(const Config& config, std::string_view origin, std::string_view method,
                        std::span<const std::string_view> request_headers) {
  for (const Rule& rule : config.rules) {
    if (rule_matches(rule, origin, method, request_headers)) return &rule;
  }
  return nullptr;
}

bool answers_with_wildcard_origin(const Rule& rule) {
  return any(rule.allowed_origins, [](const Value& o) { return o.text == "*"; });
}

bool may_answer_preflight(const Rule& rule) {
  if (!rule.allowed_headers.empty()) return true;
  // Compared ignoring case: "get" is C002's finding, not a preflight method.
  return any(rule.allowed_methods,
             [](const Value& m) { return !iequals(m.text, "GET") && !iequals(m.text, "HEAD"); });
}

bool covers(const Rule& earlier, const Rule& later, std::string_view origin_pattern,
            std::string_view method) {
  return method_allowed(earlier, method) &&
         any(earlier.allowed_origins,
             [&](const Value& o) { return wildcard_covers(o.text, origin_pattern, false); }) &&
         headers_covered(earlier, later);
}

bool covers(const Rule& earlier, const Rule& later) {
  if (later.allowed_origins.empty() || later.allowed_methods.empty()) return false;
  for (const Value& o : later.allowed_origins) {
    for (const Value& m : later.allowed_methods) {
      if (!covers(earlier, later, o.text, m.text)) return false;
    }
  }
  return true;
}

std::vector<std::size_t> shadowing_rules(const Config& config, std::size_t pos) {
  const Rule& later = config.rules.at(pos);
  if (later.allowed_origins.empty() || later.allowed_methods.empty()) return {};
  std::vector<std::size_t> by;
  for (const Value& o : later.allowed_origins) {
    for (const Value& m : later.allowed_methods) {
      std::size_t i = 0;
      while (i < pos && !covers(config.rules[i], later, o.text, m.text)) ++i;
      if (i == pos) return {};
      if (std::find(by.begin(), by.end(), i) == by.end()) by.push_back(i);
    }
  }
  std::sort(by.begin(), by.end());
  return by;
}

std::vector<Preemption> wildcard_preemptions(const Config& config, std::size_t pos) {
  const Rule& later = config.rules.at(pos);
  if (later.allowed_origins.empty() || answers_with_wildcard_origin(later)) return {};
  std::vector<Preemption> out;
  std::vector<std::string_view> taken;
  for (std::size_t i = 0; i < pos; ++i) {
    const Rule& star = config.rules[i];
    if (!answers_with_wildcard_origin(star)) continue;
    Preemption p{i, {}};
    for (const Value& m : later.allowed_methods) {
      if (!star.allows_method(m.text)) continue;
      if (std::find(taken.begin(), taken.end(), m.text) != taken.end()) continue;
      taken.push_back(m.text);
      p.methods.push_back(m.text);
    }
    if (!p.methods.empty()) out.push_back(std::move(p));
  }
  return out;
}

}  // namespace corslint::cors
