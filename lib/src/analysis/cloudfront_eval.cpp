#include "corslint/analysis/cloudfront_eval.hpp"

#include <vector>

#include <fmt/core.h>
#include <fmt/format.h>

#include "corslint/analysis/cloudfront_managed.hpp"
#include "corslint/text.hpp"

namespace corslint::cloudfront {
namespace {

template <class P, class Resolve>
ResolvedPolicy<P> resolve(const std::optional<Value>& id, Resolve&& fn) {
  ResolvedPolicy<P> r;
  if (!id || id->text.empty()) return r;
  r.id = &*id;
  r.policy = fn(id->text);
  r.state = r.policy != nullptr ? Resolution::Resolved : Resolution::Unresolved;
  return r;
}

Tri either(Tri a, Tri b) {
  if (a == Tri::Yes || b == Tri::Yes) return Tri::Yes;
  if (a == Tri::Unknown || b == Tri::Unknown) return Tri::Unknown;
  return Tri::No;
}

}  // namespace

const ResponseHeadersPolicy* resolve_response_headers_policy(std::string_view id,
                                                             const PolicyLookup& lookup) {
  if (const auto* p = managed_response_headers_policy(id)) return p;
  return lookup.response_headers ? lookup.response_headers(id) : nullptr;
}

const CachePolicy* resolve_cache_policy(std::string_view id, const PolicyLookup& lookup) {
  if (const auto* p = managed_cache_policy(id)) return p;
  return lookup.cache ? lookup.cache(id) : nullptr;
}

const OriginRequestPolicy* resolve_origin_request_policy(std::string_view id,
                                                         const PolicyLookup& lookup) {
  if (const auto* p = managed_origin_request_policy(id)) return p;
  return lookup.origin_request ? lookup.origin_request(id) : nullptr;
}

const CorsConfig* BehaviorView::cors() const {
  if (!response_headers.resolved() || !response_headers.policy->cors) return nullptr;
  return &*response_headers.policy->cors;
}

BehaviorView view(const Distribution& d, const CacheBehavior& b, const PolicyLookup& lookup) {
  BehaviorView v;
  v.behavior = &b;
  v.origin = d.target_origin(b);
  v.cache = resolve<CachePolicy>(
      b.cache_policy_id, [&](std::string_view id) { return resolve_cache_policy(id, lookup); });
  v.origin_request = resolve<OriginRequestPolicy>(
      b.origin_request_policy_id,
      [&](std::string_view id) { return resolve_origin_request_policy(id, lookup); });
  v.response_headers = resolve<ResponseHeadersPolicy>(
      b.response_headers_policy_id,
      [&](std::string_view id) { return resolve_response_headers_policy(id, lookup); });
  return v;
}

HeaderFate header_fate(const BehaviorView& v, std::string_view header) {
  HeaderFate f;
  const CacheBehavior& b = *v.behavior;
  if (v.legacy()) {
    const ForwardedValues& fv = *b.forwarded_values;
    if (fv.forwards_all_headers() || fv.headers.contains_icase(header)) {
      f.forwarded = f.in_cache_key = Tri::Yes;
    }
  } else if (v.cache.resolved()) {
    if (v.cache.policy->header_in_key(header)) f.forwarded = f.in_cache_key = Tri::Yes;
  } else if (v.cache.unresolved()) {
    f.forwarded = f.in_cache_key = Tri::Unknown;
  }
  Tri orp = Tri::No;
  if (v.origin_request.resolved()) {
    orp = v.origin_request.policy->forwards_header(header) ? Tri::Yes : Tri::No;
  } else if (v.origin_request.unresolved()) {
    orp = Tri::Unknown;
  }
  f.forwarded = either(f.forwarded, orp);
  return f;
}

Tri caching_disabled(const BehaviorView& v) {
  const CacheBehavior& b = *v.behavior;
  if (v.legacy()) {
    if (b.forwarded_values->forwards_all_headers()) return Tri::Yes;
    bool zero = b.max_ttl && b.max_ttl->value == 0 && (!b.default_ttl || b.default_ttl->value == 0);
    return zero ? Tri::Yes : Tri::No;
  }
  if (v.cache.resolved()) return v.cache.policy->caching_disabled() ? Tri::Yes : Tri::No;
  if (v.cache.unresolved()) return Tri::Unknown;
  return Tri::No;
}

json::NodeId cache_key_node(const BehaviorView& v) {
  const CacheBehavior& b = *v.behavior;
  if (b.cache_policy_id) return b.cache_policy_id->node;
  if (b.forwarded_values) {
    return b.forwarded_values->headers.present() ? b.forwarded_values->headers.node
                                                 : b.forwarded_values->node;
  }
  return b.node;
}

namespace {
std::vector<std::string_view> unsafe_methods(const CorsConfig& c) {
  std::vector<std::string_view> out;
  for (std::string_view m : c.methods()) {
    if (m != "GET" && m != "HEAD" && m != "POST" && m != "OPTIONS") out.push_back(m);
  }
  return out;
}
std::vector<std::string_view> unsafe_headers(const CorsConfig& c) {
  std::vector<std::string_view> out;
  for (const Value& h : c.allow_headers.items) {
    if (iequals(h.text, "Accept") || iequals(h.text, "Accept-Language") ||
        iequals(h.text, "Content-Language")) {
      continue;
    }
    out.push_back(h.text);
  }
  return out;
}
}  // namespace

bool expects_preflight(const CorsConfig& c) { return !preflight_reason(c).empty(); }

std::string preflight_reason(const CorsConfig& c) {
  if (auto m = unsafe_methods(c); !m.empty()) {
    return fmt::format("it allows {}", fmt::join(m, ", "));
  }
  if (auto h = unsafe_headers(c); !h.empty()) {
    return fmt::format("it allows the request header{} {}", h.size() > 1 ? "s" : "",
                       fmt::join(h, ", "));
  }
  if (c.allow_methods.contains("OPTIONS")) return "it lists OPTIONS";
  return {};
}

namespace {
// The behaviour's settings list this header by name: a legacy header
// whitelist, or a whitelist in its cache or origin request policy. Forwarding
// every viewer header (AllViewer, AllViewerExceptHostHeader, legacy "*")
// names none, so it is no sign of CORS use.
bool names_header(const BehaviorView& v, std::string_view header) {
  if (v.legacy()) return v.behavior->forwarded_values->headers.contains_icase(header);
  if (v.cache.resolved() && v.cache.policy->header_in_key(header)) return true;
  return v.origin_request.resolved() && v.origin_request.policy->headers.behavior_is("whitelist") &&
         v.origin_request.policy->headers.items.contains_icase(header);
}
}  // namespace

std::string_view cors_use(const BehaviorView& v) {
  if (v.behavior->allows_method("OPTIONS")) return "allows OPTIONS for CORS preflights";
  if (names_header(v, "Access-Control-Request-Headers") ||
      names_header(v, "Access-Control-Request-Method")) {
    return "forwards the CORS preflight headers";
  }
  if (v.origin_request.resolved() && v.origin_request.policy->headers.behavior_is("whitelist") &&
      v.origin_request.policy->headers.items.contains_icase("Origin")) {
    return "forwards Origin for CORS";
  }
  return {};
}

std::string cache_key_source(const BehaviorView& v) {
  if (v.legacy()) return "its legacy ForwardedValues";
  if (v.cache.resolved()) {
    return fmt::format("{}{}", v.cache.policy->managed ? "the managed " : "",
                       v.cache.policy->label());
  }
  if (v.cache.unresolved()) return fmt::format("cache policy {}", v.cache.id->text);
  return "its settings";
}

}  // namespace corslint::cloudfront
