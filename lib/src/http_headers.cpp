#include "corslint/http_headers.hpp"

#include <algorithm>
#include <array>

#include "corslint/match.hpp"

namespace corslint {
namespace {

// https://fetch.spec.whatwg.org/#forbidden-request-header
constexpr std::array<std::string_view, 21> kForbidden = {
    "accept-charset",
    "accept-encoding",
    "access-control-request-headers",
    "access-control-request-method",
    "connection",
    "content-length",
    "cookie",
    "cookie2",
    "date",
    "dnt",
    "expect",
    "host",
    "keep-alive",
    "origin",
    "referer",
    "set-cookie",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "via",
};
constexpr std::array<std::string_view, 2> kForbiddenPrefixes = {"proxy-", "sec-"};

// Response headers a browser never sends. Deliberately short: entity headers
// that S3 also accepts on PUT (Expires, Cache-Control, Content-Disposition, ...)
// are request headers too and stay out.
constexpr std::array<std::string_view, 14> kResponseOnly = {
    "access-control-expose-headers",
    "access-control-max-age",
    "accept-ranges",
    "age",
    "etag",
    "last-modified",
    "location",
    "retry-after",
    "server",
    "strict-transport-security",
    "vary",
    "www-authenticate",
    "x-amz-id-2",
    "x-amz-request-id",
};
// Access-Control-Allow-Origin, -Credentials, -Methods, -Headers, and the
// Private Network Access -Private-Network.
constexpr std::string_view kAllowPrefix = "access-control-allow-";

// https://fetch.spec.whatwg.org/#cors-safelisted-request-header
constexpr std::array<std::string_view, 5> kSafelisted = {
    "accept", "accept-language", "content-language", "content-type", "range"};

template <std::size_t N>
bool contains(const std::array<std::string_view, N>& list, std::string_view name) {
  return std::any_of(list.begin(), list.end(),
                     [&](std::string_view k) { return iequals(k, name); });
}

bool has_forbidden_prefix(std::string_view name) {
  return std::any_of(kForbiddenPrefixes.begin(), kForbiddenPrefixes.end(),
                     [&](std::string_view p) { return istarts_with(name, p); });
}

// The literal text before a pattern's '*'.
std::string_view literal_prefix(std::string_view pattern) {
  return pattern.substr(0, pattern.find('*'));
}

}  // namespace

bool is_forbidden_request_header(std::string_view name) {
  return contains(kForbidden, name) || has_forbidden_prefix(name);
}

bool is_response_only_header(std::string_view name) {
  return contains(kResponseOnly, name) || istarts_with(name, kAllowPrefix);
}

bool is_cors_safelisted_request_header_name(std::string_view name) {
  return contains(kSafelisted, name);
}

bool is_forbidden_request_header_pattern(std::string_view pattern) {
  if (pattern.find('*') == std::string_view::npos) return is_forbidden_request_header(pattern);
  return has_forbidden_prefix(literal_prefix(pattern));
}

bool is_response_only_header_pattern(std::string_view pattern) {
  if (pattern.find('*') == std::string_view::npos) return is_response_only_header(pattern);
  return istarts_with(literal_prefix(pattern), kAllowPrefix);
}

}  // namespace corslint
