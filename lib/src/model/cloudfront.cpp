#include "corslint/model/cloudfront.hpp"

#include <algorithm>
#include <array>
#include <span>

#include <fmt/core.h>

#include "cloudfront_reader.hpp"
#include "corslint/text.hpp"

namespace corslint::cloudfront {
namespace {

using detail::Reader;
using json::kNoNode;
using json::NodeId;
using json::Tree;
using json::Type;

constexpr std::array<std::string_view, 7> kRhpKeys = {"Name",
                                                      "Comment",
                                                      "CorsConfig",
                                                      "SecurityHeadersConfig",
                                                      "CustomHeadersConfig",
                                                      "RemoveHeadersConfig",
                                                      "ServerTimingHeadersConfig"};
constexpr std::array<std::string_view, 7> kCorsKeys = {"AccessControlAllowOrigins",
                                                       "AccessControlAllowHeaders",
                                                       "AccessControlAllowMethods",
                                                       "AccessControlAllowCredentials",
                                                       "AccessControlExposeHeaders",
                                                       "AccessControlMaxAgeSec",
                                                       "OriginOverride"};
constexpr std::array<std::string_view, 5> kCorsRequired = {
    "AccessControlAllowOrigins", "AccessControlAllowHeaders", "AccessControlAllowMethods",
    "AccessControlAllowCredentials", "OriginOverride"};
constexpr std::array<std::string_view, 8> kCorsMethods = {"GET",   "DELETE", "HEAD", "OPTIONS",
                                                          "PATCH", "POST",   "PUT",  "ALL"};
// CloudFront's own order for the seven methods.
constexpr std::array<std::string_view, 7> kSevenMethods = {"GET",   "HEAD", "OPTIONS", "PUT",
                                                           "PATCH", "POST", "DELETE"};

constexpr std::array<std::string_view, 6> kCachePolicyKeys = {
    "Name",       "Comment", "MinTTL",
    "DefaultTTL", "MaxTTL",  "ParametersInCacheKeyAndForwardedToOrigin"};
constexpr std::array<std::string_view, 5> kParamKeys = {
    "EnableAcceptEncodingGzip", "EnableAcceptEncodingBrotli", "HeadersConfig", "CookiesConfig",
    "QueryStringsConfig"};
constexpr std::array<std::string_view, 5> kOrpKeys = {"Name", "Comment", "HeadersConfig",
                                                      "CookiesConfig", "QueryStringsConfig"};

constexpr std::array<std::string_view, 2> kCacheHeaderBehaviors = {"none", "whitelist"};
constexpr std::array<std::string_view, 4> kCacheCookieBehaviors = {"none", "whitelist", "allExcept",
                                                                   "all"};
constexpr std::array<std::string_view, 5> kOrpHeaderBehaviors = {
    "none", "whitelist", "allViewer", "allViewerAndWhitelistCloudFront", "allExcept"};
constexpr std::array<std::string_view, 4> kOrpCookieBehaviors = {"none", "whitelist", "all",
                                                                 "allExcept"};

std::string policy_label(std::string_view what, const std::optional<Value>& name,
                         const std::optional<Value>& id) {
  if (name && !name->text.empty()) return fmt::format("{} \"{}\"", what, name->text);
  if (id && !id->text.empty()) return fmt::format("{} {}", what, id->text);
  return fmt::format("the {}", what);
}

// The config object, or a wrapper's config when --kind forced a whole file.
NodeId unwrap(const Tree& t, NodeId root, std::string_view wrapper, std::string_view config) {
  if (!t.is(root, Type::Object)) return root;
  NodeId w = t.get(root, wrapper);
  if (t.is(w, Type::Object) && t.is(t.get(w, config), Type::Object)) return t.get(w, config);
  NodeId c = t.get(root, config);
  if (t.is(c, Type::Object)) return c;
  return root;
}

void read_name(Reader& r, NodeId m, std::string_view where, std::optional<Value>& name) {
  if (!name) name = r.string(m, where);
}

CorsConfig read_cors(Reader& r, NodeId node) {
  const Tree& t = r.tree();
  CorsConfig c;
  c.node = node;
  constexpr std::string_view kWhere = "CorsConfig";
  for (NodeId m : t.children(node)) {
    std::string_view k = t[m].key;
    if (k == "AccessControlAllowOrigins") {
      c.allow_origins = r.string_list(m, kWhere);
    } else if (k == "AccessControlAllowHeaders") {
      c.allow_headers = r.string_list(m, kWhere);
    } else if (k == "AccessControlAllowMethods") {
      c.allow_methods = r.string_list(m, kWhere);
      for (const Value& v : c.allow_methods.items) {
        bool ok = false;
        for (std::string_view a : kCorsMethods) ok = ok || a == v.text;
        if (!ok) {
          r.issue(v.node, false,
                  fmt::format("method \"{}\" in AccessControlAllowMethods is not one CloudFront "
                              "accepts; use {}",
                              v.text, detail::one_of(kCorsMethods)));
        }
      }
    } else if (k == "AccessControlExposeHeaders") {
      c.expose_headers = r.string_list(m, kWhere);
    } else if (k == "AccessControlAllowCredentials") {
      c.allow_credentials = r.boolean(m, kWhere);
    } else if (k == "OriginOverride") {
      c.origin_override = r.boolean(m, kWhere);
    } else if (k == "AccessControlMaxAgeSec") {
      c.max_age_node = m;
      c.max_age = r.integer(m, kWhere);
    } else {
      r.unknown_key(m, kWhere, kCorsKeys);
    }
  }
  r.require(node, kWhere, kCorsRequired);
  for (const StringList* l : {&c.allow_origins, &c.allow_headers, &c.allow_methods}) {
    if (l->present() && l->items.empty() &&
        (t.is(l->node, Type::Object) || t.is(l->node, Type::Array))) {
      r.issue(l->node, false,
              fmt::format("\"{}\" in CorsConfig is empty; CloudFront requires at least one item",
                          t[l->node].key));
    }
  }
  return c;
}

ParameterSet read_params(Reader& r, NodeId node, std::string_view where,
                         std::string_view behavior_key, std::string_view items_key,
                         std::span<const std::string_view> behaviors) {
  ParameterSet p;
  p.node = node;
  if (!r.object(node, where)) return p;
  const Tree& t = r.tree();
  std::string here = fmt::format("\"{}\"", t[node].key);
  std::array<std::string_view, 2> known = {behavior_key, items_key};
  for (NodeId m : t.children(node)) {
    std::string_view k = t[m].key;
    if (k == behavior_key) {
      if (!p.behavior) p.behavior = r.enumerated(m, here, behaviors);
    } else if (k == items_key) {
      p.items = r.string_list(m, here);
    } else {
      r.unknown_key(m, here, known);
    }
  }
  std::array<std::string_view, 1> required = {behavior_key};
  r.require(node, here, required);
  return p;
}

struct ParamKinds {
  std::span<const std::string_view> headers, cookies, query_strings;
};

// HeadersConfig / CookiesConfig / QueryStringsConfig, shared by both policy kinds.
bool read_param_member(Reader& r, NodeId m, std::string_view where, const ParamKinds& kinds,
                       ParameterSet& headers, ParameterSet& cookies, ParameterSet& qs) {
  std::string_view k = r.tree()[m].key;
  if (k == "HeadersConfig") {
    headers = read_params(r, m, where, "HeaderBehavior", "Headers", kinds.headers);
  } else if (k == "CookiesConfig") {
    cookies = read_params(r, m, where, "CookieBehavior", "Cookies", kinds.cookies);
  } else if (k == "QueryStringsConfig") {
    qs = read_params(r, m, where, "QueryStringBehavior", "QueryStrings", kinds.query_strings);
  } else {
    return false;
  }
  return true;
}

}  // namespace

bool StringList::contains(std::string_view s) const {
  for (const Value& v : items) {
    if (v.text == s) return true;
  }
  return false;
}

bool StringList::contains_icase(std::string_view s) const {
  for (const Value& v : items) {
    if (iequals(v.text, s)) return true;
  }
  return false;
}

bool CorsConfig::allows_method(std::string_view method) const {
  return allow_methods.contains(method) ||
         (allow_methods.contains("ALL") && method != "ALL" &&
          std::find(kSevenMethods.begin(), kSevenMethods.end(), method) != kSevenMethods.end());
}

std::vector<std::string_view> CorsConfig::methods() const {
  std::vector<std::string_view> out;
  for (std::string_view m : kSevenMethods) {
    if (allows_method(m)) out.push_back(m);
  }
  return out;
}

std::string ResponseHeadersPolicy::label() const {
  return policy_label("response headers policy", name, id);
}
std::string CachePolicy::label() const { return policy_label("cache policy", name, id); }
std::string OriginRequestPolicy::label() const {
  return policy_label("origin request policy", name, id);
}

bool CachePolicy::caching_disabled() const { return max_ttl && max_ttl->value == 0; }

bool CachePolicy::header_in_key(std::string_view header) const {
  return headers.behavior_is("whitelist") && headers.items.contains_icase(header);
}

bool OriginRequestPolicy::forwards_header(std::string_view header) const {
  if (headers.behavior_is("allViewer") || headers.behavior_is("allViewerAndWhitelistCloudFront")) {
    return true;
  }
  if (headers.behavior_is("whitelist")) return headers.items.contains_icase(header);
  if (headers.behavior_is("allExcept")) return !headers.items.contains_icase(header);
  return false;
}

ResponseHeadersPolicy build_response_headers_policy(const Tree& t, NodeId root, Form form) {
  ResponseHeadersPolicy p;
  root = unwrap(t, root, "ResponseHeadersPolicy", "ResponseHeadersPolicyConfig");
  p.root = root;
  p.id = detail::wrapper_string(t, root, "Id");
  Reader r(t, p.issues, form);
  if (!t.is(root, Type::Object)) {
    r.issue(root, false,
            fmt::format("a response headers policy must be an object, found {}",
                        json::to_string(t[root].type)));
    return p;
  }
  constexpr std::string_view kWhere = "ResponseHeadersPolicyConfig";
  for (NodeId m : t.children(root)) {
    std::string_view k = t[m].key;
    if (k == "Name") {
      read_name(r, m, kWhere, p.name);
    } else if (k == "Comment") {
      r.string(m, kWhere);
    } else if (k == "CorsConfig") {
      if (r.object(m, kWhere) && !p.cors) p.cors = read_cors(r, m);
    } else if (k == "SecurityHeadersConfig" || k == "CustomHeadersConfig" ||
               k == "RemoveHeadersConfig" || k == "ServerTimingHeadersConfig") {
      r.object(m, kWhere);  // not modelled: corslint judges CORS only
    } else {
      r.unknown_key(m, kWhere, kRhpKeys);
    }
  }
  std::array<std::string_view, 1> required = {"Name"};
  r.require(root, kWhere, required);
  return p;
}

CachePolicy build_cache_policy(const Tree& t, NodeId root, Form form) {
  CachePolicy p;
  root = unwrap(t, root, "CachePolicy", "CachePolicyConfig");
  p.root = root;
  p.id = detail::wrapper_string(t, root, "Id");
  Reader r(t, p.issues, form);
  if (!r.object(root, "the document")) return p;
  constexpr std::string_view kWhere = "CachePolicyConfig";
  ParamKinds kinds{kCacheHeaderBehaviors, kCacheCookieBehaviors, kCacheCookieBehaviors};
  for (NodeId m : t.children(root)) {
    std::string_view k = t[m].key;
    if (k == "Name") {
      read_name(r, m, kWhere, p.name);
    } else if (k == "Comment") {
      r.string(m, kWhere);
    } else if (k == "MinTTL") {
      p.min_ttl = r.integer(m, kWhere);
    } else if (k == "DefaultTTL") {
      p.default_ttl = r.integer(m, kWhere);
    } else if (k == "MaxTTL") {
      p.max_ttl = r.integer(m, kWhere);
    } else if (k == "ParametersInCacheKeyAndForwardedToOrigin") {
      if (!r.object(m, kWhere)) continue;
      constexpr std::string_view kParams = "ParametersInCacheKeyAndForwardedToOrigin";
      for (NodeId c : t.children(m)) {
        if (read_param_member(r, c, kParams, kinds, p.headers, p.cookies, p.query_strings))
          continue;
        std::string_view ck = t[c].key;
        if (ck == "EnableAcceptEncodingGzip" || ck == "EnableAcceptEncodingBrotli") {
          r.boolean(c, kParams);
        } else {
          r.unknown_key(c, kParams, kParamKeys);
        }
      }
      std::array<std::string_view, 4> required = {"EnableAcceptEncodingGzip", "HeadersConfig",
                                                  "CookiesConfig", "QueryStringsConfig"};
      r.require(m, kParams, required);
    } else {
      r.unknown_key(m, kWhere, kCachePolicyKeys);
    }
  }
  std::array<std::string_view, 3> required = {"Name", "MinTTL",
                                              "ParametersInCacheKeyAndForwardedToOrigin"};
  r.require(root, kWhere, required);
  return p;
}

OriginRequestPolicy build_origin_request_policy(const Tree& t, NodeId root, Form form) {
  OriginRequestPolicy p;
  root = unwrap(t, root, "OriginRequestPolicy", "OriginRequestPolicyConfig");
  p.root = root;
  p.id = detail::wrapper_string(t, root, "Id");
  Reader r(t, p.issues, form);
  if (!r.object(root, "the document")) return p;
  constexpr std::string_view kWhere = "OriginRequestPolicyConfig";
  ParamKinds kinds{kOrpHeaderBehaviors, kOrpCookieBehaviors, kOrpCookieBehaviors};
  for (NodeId m : t.children(root)) {
    std::string_view k = t[m].key;
    if (k == "Name") {
      read_name(r, m, kWhere, p.name);
    } else if (k == "Comment") {
      r.string(m, kWhere);
    } else if (!read_param_member(r, m, kWhere, kinds, p.headers, p.cookies, p.query_strings)) {
      r.unknown_key(m, kWhere, kOrpKeys);
    }
  }
  std::array<std::string_view, 4> required = {"Name", "HeadersConfig", "CookiesConfig",
                                              "QueryStringsConfig"};
  r.require(root, kWhere, required);
  return p;
}

bool looks_like_response_headers_policy_config(const Tree& t, NodeId node) {
  if (!t.is(node, Type::Object) || t.get(node, "Name") == kNoNode) return false;
  for (std::string_view k : {"CorsConfig", "SecurityHeadersConfig", "CustomHeadersConfig",
                             "RemoveHeadersConfig", "ServerTimingHeadersConfig"}) {
    if (t.get(node, k) != kNoNode) return true;
  }
  return false;
}

bool looks_like_cache_policy_config(const Tree& t, NodeId node) {
  return t.is(node, Type::Object) &&
         t.get(node, "ParametersInCacheKeyAndForwardedToOrigin") != kNoNode;
}

bool looks_like_origin_request_policy_config(const Tree& t, NodeId node) {
  return t.is(node, Type::Object) && t.get(node, "HeadersConfig") != kNoNode &&
         t.get(node, "CookiesConfig") != kNoNode && t.get(node, "QueryStringsConfig") != kNoNode;
}

}  // namespace corslint::cloudfront
