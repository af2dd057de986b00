// The response headers policy's CORS settings (docs/reference/cors-semantics.md
// §2.1): CloudFront adds them to the origin's answer, or replaces the origin's
// own headers when OriginOverride is true.
#include <algorithm>

#include <fmt/core.h>

#include "corslint/model/cloudfront.hpp"
#include "corslint/text.hpp"
#include "simulate/stages.hpp"

namespace corslint::simulate {
namespace {

constexpr std::string_view kSevenMethods = "GET, HEAD, OPTIONS, PUT, POST, PATCH, DELETE";

void set_header(Exchange& ex, const cloudfront::CorsConfig& c, std::string_view name,
                std::string value) {
  auto it = std::find_if(ex.response_headers.begin(), ex.response_headers.end(),
                         [&](const ResponseHeader& h) { return iequals(h.name, name); });
  if (it == ex.response_headers.end()) {
    ex.response_headers.push_back({std::string(name), value, SetBy::ResponseHeadersPolicy});
    ex.policy_changes.push_back(fmt::format("added {}: {}", name, value));
    return;
  }
  if (it->value == value) {
    ex.policy_changes.push_back(fmt::format("{}: {} (the origin sent the same)", name, value));
    return;
  }
  if (c.overrides_origin()) {
    ex.policy_changes.push_back(
        fmt::format("replaced {}: {} with {} (OriginOverride true)", name, it->value, value));
    it->value = std::move(value);
    it->set_by = SetBy::ResponseHeadersPolicy;
  } else {
    ex.policy_changes.push_back(fmt::format(
        "kept the origin's {}: {} instead of {} (OriginOverride false)", name, it->value, value));
  }
}

std::string joined(const cloudfront::StringList& list) {
  std::string out;
  for (const auto& v : list.items) out += (out.empty() ? "" : ", ") + std::string(v.text);
  return out;
}

// The Access-Control-Allow-Origin the policy answers `origin` with, or empty.
std::string allowed_origin(const cloudfront::CorsConfig& c, std::string_view origin) {
  for (const Value& o : c.allow_origins.items) {
    if (o.text == "*") return "*";
    if (wildcard_match(o.text, origin)) return std::string(origin);
  }
  return {};
}

}  // namespace

void apply_policy(Exchange& ex, const cloudfront::CorsConfig& c, std::string_view origin) {
  std::string acao = allowed_origin(c, origin);
  if (acao.empty()) {
    ex.policy_changes.push_back(
        fmt::format("added nothing: {} is not in its AccessControlAllowOrigins", origin));
    return;
  }
  set_header(ex, c, kAcao, acao);
  if (c.credentials()) set_header(ex, c, kAcac, "true");
  if (ex.kind == Stage::Preflight) {
    if (!c.allow_methods.items.empty()) {
      set_header(
          ex, c, kAcam,
          c.allow_methods.contains("ALL") ? std::string(kSevenMethods) : joined(c.allow_methods));
    }
    if (!c.allow_headers.items.empty()) set_header(ex, c, kAcah, joined(c.allow_headers));
    if (c.max_age) set_header(ex, c, kMaxAge, std::to_string(c.max_age->value));
  } else if (!c.expose_headers.items.empty()) {
    set_header(ex, c, kAceh, joined(c.expose_headers));
  }
}

}  // namespace corslint::simulate
