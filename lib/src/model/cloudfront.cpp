#include "corslint/model/cloudfront.hpp"

#include <algorithm>
#include <array>
#include <span>

#include <fmt/core.h>

#include "cloudfront_reader.hpp"
#include "corslint/text.hpp"

namespace corslint::cloudfront {
namespace {

using detail::check_boolean;
using detail::check_object;
using detail::check_string;
using detail::Member;
using detail::read_boolean;
using detail::read_integer;
using detail::read_string_list;
using detail::Reader;
using json::kNoNode;
using json::NodeId;
using json::Tree;
using json::Type;

constexpr std::array<std::string_view, 5> kCorsRequired = {
    "AccessControlAllowOrigins", "AccessControlAllowHeaders", "AccessControlAllowMethods",
    "AccessControlAllowCredentials", "OriginOverride"};
constexpr std::array<std::string_view, 8> kCorsMethods = {"GET",   "DELETE", "HEAD", "OPTIONS",
                                                          "PATCH", "POST",   "PUT",  "ALL"};
// CloudFront's own order for the seven methods.
constexpr std::array<std::string_view, 7> kSevenMethods = {"GET",   "HEAD", "OPTIONS", "PUT",
                                                           "PATCH", "POST", "DELETE"};

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

template <class T>
void read_name(Reader& r, NodeId m, std::string_view where, T& policy) {
  if (!policy.name) policy.name = r.string(m, where);
}

void read_cors_methods(Reader& r, NodeId m, std::string_view where, CorsConfig& c) {
  c.allow_methods = r.string_list(m, where);
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
}

void read_max_age(Reader& r, NodeId m, std::string_view where, CorsConfig& c) {
  c.max_age_node = m;
  c.max_age = r.integer(m, where);
}

constexpr std::array<Member<CorsConfig>, 7> kCorsMembers = {{
    {"AccessControlAllowOrigins", &read_string_list<CorsConfig, &CorsConfig::allow_origins>},
    {"AccessControlAllowHeaders", &read_string_list<CorsConfig, &CorsConfig::allow_headers>},
    {"AccessControlAllowMethods", &read_cors_methods},
    {"AccessControlAllowCredentials", &read_boolean<CorsConfig, &CorsConfig::allow_credentials>},
    {"AccessControlExposeHeaders", &read_string_list<CorsConfig, &CorsConfig::expose_headers>},
    {"AccessControlMaxAgeSec", &read_max_age},
    {"OriginOverride", &read_boolean<CorsConfig, &CorsConfig::origin_override>},
}};

CorsConfig read_cors(Reader& r, NodeId node) {
  const Tree& t = r.tree();
  CorsConfig c;
  c.node = node;
  constexpr std::string_view kWhere = "CorsConfig";
  detail::read_members(r, node, kWhere, kCorsMembers, c);
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

// HeadersConfig / CookiesConfig / QueryStringsConfig, shared by both policy
// kinds, each with its own behaviours.
ParamKinds param_kinds(const CachePolicy&) {
  return {kCacheHeaderBehaviors, kCacheCookieBehaviors, kCacheCookieBehaviors};
}
ParamKinds param_kinds(const OriginRequestPolicy&) {
  return {kOrpHeaderBehaviors, kOrpCookieBehaviors, kOrpCookieBehaviors};
}
template <class P>
void read_headers_config(Reader& r, NodeId m, std::string_view where, P& p) {
  p.headers = read_params(r, m, where, "HeaderBehavior", "Headers", param_kinds(p).headers);
}
template <class P>
void read_cookies_config(Reader& r, NodeId m, std::string_view where, P& p) {
  p.cookies = read_params(r, m, where, "CookieBehavior", "Cookies", param_kinds(p).cookies);
}
template <class P>
void read_query_strings_config(Reader& r, NodeId m, std::string_view where, P& p) {
  p.query_strings =
      read_params(r, m, where, "QueryStringBehavior", "QueryStrings", param_kinds(p).query_strings);
}

constexpr std::array<Member<ResponseHeadersPolicy>, 7> kRhpMembers = {{
    {"Name", &read_name<ResponseHeadersPolicy>},
    {"Comment", &check_string<ResponseHeadersPolicy>},
    {"CorsConfig",
     [](Reader& r, NodeId m, std::string_view where, ResponseHeadersPolicy& p) {
       if (r.object(m, where) && !p.cors) p.cors = read_cors(r, m);
     }},
    // Not modelled: corslint judges CORS only.
    {"SecurityHeadersConfig", &check_object<ResponseHeadersPolicy>},
    {"CustomHeadersConfig", &check_object<ResponseHeadersPolicy>},
    {"RemoveHeadersConfig", &check_object<ResponseHeadersPolicy>},
    {"ServerTimingHeadersConfig", &check_object<ResponseHeadersPolicy>},
}};

constexpr std::array<Member<CachePolicy>, 5> kCacheParamMembers = {{
    {"EnableAcceptEncodingGzip", &check_boolean<CachePolicy>},
    {"EnableAcceptEncodingBrotli", &check_boolean<CachePolicy>},
    {"HeadersConfig", &read_headers_config<CachePolicy>},
    {"CookiesConfig", &read_cookies_config<CachePolicy>},
    {"QueryStringsConfig", &read_query_strings_config<CachePolicy>},
}};

void read_cache_params(Reader& r, NodeId m, std::string_view where, CachePolicy& p) {
  if (!r.object(m, where)) return;
  constexpr std::string_view kParams = "ParametersInCacheKeyAndForwardedToOrigin";
  detail::read_members(r, m, kParams, kCacheParamMembers, p);
  std::array<std::string_view, 4> required = {"EnableAcceptEncodingGzip", "HeadersConfig",
                                              "CookiesConfig", "QueryStringsConfig"};
  r.require(m, kParams, required);
}

constexpr std::array<Member<CachePolicy>, 6> kCachePolicyMembers = {{
    {"Name", &read_name<CachePolicy>},
    {"Comment", &check_string<CachePolicy>},
    {"MinTTL", &read_integer<CachePolicy, &CachePolicy::min_ttl>},
    {"DefaultTTL", &read_integer<CachePolicy, &CachePolicy::default_ttl>},
    {"MaxTTL", &read_integer<CachePolicy, &CachePolicy::max_ttl>},
    {"ParametersInCacheKeyAndForwardedToOrigin", &read_cache_params},
}};

constexpr std::array<Member<OriginRequestPolicy>, 5> kOrpMembers = {{
    {"Name", &read_name<OriginRequestPolicy>},
    {"Comment", &check_string<OriginRequestPolicy>},
    {"HeadersConfig", &read_headers_config<OriginRequestPolicy>},
    {"CookiesConfig", &read_cookies_config<OriginRequestPolicy>},
    {"QueryStringsConfig", &read_query_strings_config<OriginRequestPolicy>},
}};

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

namespace {

// What differs between the three CloudFront policy documents: the wrapper of
// a get-*-policy export, the config object's name, its members and the ones
// CloudFront requires. The reading itself is one function (build_policy).
template <class P>
struct PolicyShape;

template <>
struct PolicyShape<ResponseHeadersPolicy> {
  static constexpr std::string_view kWrapper = "ResponseHeadersPolicy";
  static constexpr std::string_view kConfig = "ResponseHeadersPolicyConfig";
  static constexpr const auto& kMembers = kRhpMembers;
  static constexpr std::array<std::string_view, 1> kRequired = {"Name"};
  static bool is_object(Reader& r, const Tree& t, NodeId root) {
    if (t.is(root, Type::Object)) return true;
    r.issue(root, false,
            fmt::format("a response headers policy must be an object, found {}",
                        json::to_string(t[root].type)));
    return false;
  }
};

template <>
struct PolicyShape<CachePolicy> {
  static constexpr std::string_view kWrapper = "CachePolicy";
  static constexpr std::string_view kConfig = "CachePolicyConfig";
  static constexpr const auto& kMembers = kCachePolicyMembers;
  static constexpr std::array<std::string_view, 3> kRequired = {
      "Name", "MinTTL", "ParametersInCacheKeyAndForwardedToOrigin"};
  static bool is_object(Reader& r, const Tree&, NodeId root) {
    return r.object(root, "the document");
  }
};

template <>
struct PolicyShape<OriginRequestPolicy> {
  static constexpr std::string_view kWrapper = "OriginRequestPolicy";
  static constexpr std::string_view kConfig = "OriginRequestPolicyConfig";
  static constexpr const auto& kMembers = kOrpMembers;
  static constexpr std::array<std::string_view, 4> kRequired = {
      "Name", "HeadersConfig", "CookiesConfig", "QueryStringsConfig"};
  static bool is_object(Reader& r, const Tree&, NodeId root) {
    return r.object(root, "the document");
  }
};

template <class P>
P build_policy(const Tree& t, NodeId root, Form form) {
  using Shape = PolicyShape<P>;
  P p;
  root = unwrap(t, root, Shape::kWrapper, Shape::kConfig);
  p.root = root;
  p.id = detail::wrapper_string(t, root, "Id");
  Reader r(t, p.issues, form);
  if (!Shape::is_object(r, t, root)) return p;
  detail::read_members(r, root, Shape::kConfig, Shape::kMembers, p);
  r.require(root, Shape::kConfig, Shape::kRequired);
  return p;
}

}  // namespace

ResponseHeadersPolicy build_response_headers_policy(const Tree& t, NodeId root, Form form) {
  return build_policy<ResponseHeadersPolicy>(t, root, form);
}

CachePolicy build_cache_policy(const Tree& t, NodeId root, Form form) {
  return build_policy<CachePolicy>(t, root, form);
}

OriginRequestPolicy build_origin_request_policy(const Tree& t, NodeId root, Form form) {
  return build_policy<OriginRequestPolicy>(t, root, form);
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
