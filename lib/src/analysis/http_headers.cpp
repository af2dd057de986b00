#include "corslint/analysis/http_headers.hpp"

#include <algorithm>
#include <array>

#include "corslint/text.hpp"

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

namespace {

bool unsafe_byte(char ch) {
  auto c = static_cast<unsigned char>(ch);
  if (c < 0x20 && c != '\t') return true;
  return c == 0x7F || std::string_view("\"():<>?@[\\]{}").find(ch) != std::string_view::npos;
}

bool language_value(std::string_view v) {
  return std::all_of(v.begin(), v.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
           std::string_view(" *,-.;=").find(c) != std::string_view::npos;
  });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

bool is_cors_safelisted_request_header(std::string_view name, std::string_view value) {
  if (value.size() > 128) return false;
  if (iequals(name, "accept")) {
    return std::none_of(value.begin(), value.end(), unsafe_byte);
  }
  if (iequals(name, "accept-language") || iequals(name, "content-language")) {
    return language_value(value);
  }
  if (iequals(name, "content-type")) {
    if (std::any_of(value.begin(), value.end(), unsafe_byte)) return false;
    std::string_view essence = trim(value.substr(0, value.find(';')));
    return iequals(essence, "application/x-www-form-urlencoded") ||
           iequals(essence, "multipart/form-data") || iequals(essence, "text/plain");
  }
  if (iequals(name, "range")) {
    if (!value.starts_with("bytes=")) return false;
    std::string_view r = value.substr(6);
    auto dash = r.find('-');
    if (dash == std::string_view::npos || !digits(r.substr(0, dash))) return false;
    std::string_view end = r.substr(dash + 1);
    return end.empty() || digits(end);
  }
  return false;
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
