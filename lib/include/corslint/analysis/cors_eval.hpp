#pragma once

#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

#include "corslint/model/cors.hpp"

namespace corslint::cors {

// How S3 evaluates a CORS request against a configuration
// (https://docs.aws.amazon.com/AmazonS3/latest/userguide/cors.html): rules are
// tried in order and the first rule whose origin, method and (for a preflight)
// every requested header match is used; a rule that fails any condition is
// skipped. The linter's shadowing rule and the request simulator share this.

// `origin` matches one of the rule's AllowedOrigins (one '*' wildcard, case-sensitive).
bool origin_allowed(const Rule& rule, std::string_view origin);
// `method` is one of the rule's AllowedMethods (exact, case-sensitive).
bool method_allowed(const Rule& rule, std::string_view method);
// Every name matches an AllowedHeaders entry, case-insensitively. No names
// (no Access-Control-Request-Headers) always passes; names with no
// AllowedHeaders never do.
bool headers_allowed(const Rule& rule, std::span<const std::string_view> request_headers);

// Does `rule` fully match the request? For a preflight pass the
// Access-Control-Request-Method and the Access-Control-Request-Headers names;
// for an actual request pass its method and no headers (S3 checks headers on
// preflights only).
bool rule_matches(const Rule& rule, std::string_view origin, std::string_view method,
                  std::span<const std::string_view> request_headers = {});

// The rule S3 uses for the request (the first full match), or null.
const Rule* first_match(const Config& config, std::string_view origin, std::string_view method,
                        std::span<const std::string_view> request_headers = {});

// When this rule matches, S3 answers `Access-Control-Allow-Origin: *` and no
// `Access-Control-Allow-Credentials` (the rule lists the origin "*"); otherwise
// it echoes the request's Origin and sends `Access-Control-Allow-Credentials: true`.
bool answers_with_wildcard_origin(const Rule& rule);

// Can the rule match a preflight? A rule with only GET/HEAD and no
// AllowedHeaders cannot: browsers preflight GET/HEAD only when they send
// headers beyond the safelist, and then the rule lacks them.
bool may_answer_preflight(const Rule& rule);

// Does `earlier` match every request that `later` matches with an origin that
// `origin_pattern` (one of later's AllowedOrigins) matches and method `method`?
// Conservative: true only when provable by pattern containment.
bool covers(const Rule& earlier, const Rule& later, std::string_view origin_pattern,
            std::string_view method);
// ... for every origin and method of `later`.
bool covers(const Rule& earlier, const Rule& later);

// Positions (in config.rules) of earlier rules that between them match every
// request rule `pos` matches, so it is never the first full match: for each of
// its origins × methods the first earlier rule that covers it. Empty when some
// request can reach the rule, when that cannot be proven, or when the rule has
// no origin or no method (it matches nothing; C001 reports that).
std::vector<std::size_t> shadowing_rules(const Config& config, std::size_t pos);

// An earlier rule listing origin "*" that S3 uses instead of a later rule for
// `methods`, answering `Access-Control-Allow-Origin: *` without credentials.
struct Preemption {
  std::size_t by = 0;  // position in config.rules
  std::vector<std::string_view> methods;
};

// For rule `pos` that echoes origins (no "*" among its AllowedOrigins): the
// earlier "*" rules that match first on actual requests for some of its methods
// (S3 checks headers on preflights only, so headers do not save it), each
// method credited to the first such rule. Empty for a "*" rule or one without
// origins.
std::vector<Preemption> wildcard_preemptions(const Config& config, std::size_t pos);

}  // namespace corslint::cors
