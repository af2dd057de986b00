#pragma once

// How a CloudFront cache behaviour treats a request (cors-semantics §2.6):
// which policies apply, which viewer headers reach the origin and which are in
// the cache key. Shared by the F-rules and the request simulator.
#include <functional>
#include <string>
#include <string_view>

#include "corslint/model/cloudfront.hpp"
#include "corslint/model/distribution.hpp"

namespace corslint::cloudfront {

// Custom (account-owned) policies by id, found in other documents of a
// bundle. Each function may be empty: then only AWS-managed ids resolve.
struct PolicyLookup {
  std::function<const ResponseHeadersPolicy*(std::string_view id)> response_headers;
  std::function<const CachePolicy*(std::string_view id)> cache;
  std::function<const OriginRequestPolicy*(std::string_view id)> origin_request;
};

// The managed policy with this id, else the lookup's answer, else null.
const ResponseHeadersPolicy* resolve_response_headers_policy(std::string_view id,
                                                             const PolicyLookup& lookup = {});
const CachePolicy* resolve_cache_policy(std::string_view id, const PolicyLookup& lookup = {});
const OriginRequestPolicy* resolve_origin_request_policy(std::string_view id,
                                                         const PolicyLookup& lookup = {});

enum class Resolution : unsigned char {
  None,        // the behaviour names no such policy
  Resolved,    // `policy` is it
  Unresolved,  // it names an id that is neither managed nor found by the lookup
};

template <class P>
struct ResolvedPolicy {
  Resolution state = Resolution::None;
  const P* policy = nullptr;
  const Value* id = nullptr;  // the behaviour's id value, when it names one

  bool resolved() const { return state == Resolution::Resolved; }
  bool unresolved() const { return state == Resolution::Unresolved; }
};

// A behaviour with its target origin and its policies resolved.
struct BehaviorView {
  const CacheBehavior* behavior = nullptr;
  const Origin* origin = nullptr;  // null when TargetOriginId names nothing
  ResolvedPolicy<CachePolicy> cache;
  ResolvedPolicy<OriginRequestPolicy> origin_request;
  ResolvedPolicy<ResponseHeadersPolicy> response_headers;

  bool legacy() const {
    return behavior->forwarded_values.has_value() && !behavior->cache_policy_id;
  }
  // The CORS part of the resolved response headers policy, or null.
  const CorsConfig* cors() const;
};

BehaviorView view(const Distribution& distribution, const CacheBehavior& behavior,
                  const PolicyLookup& lookup = {});

enum class Tri : unsigned char { No, Yes, Unknown };

// What happens to one viewer request header.
struct HeaderFate {
  Tri forwarded = Tri::No;     // reaches the origin
  Tri in_cache_key = Tri::No;  // varies the cached object
};

// Legacy ForwardedValues.Headers: listed names are forwarded and keyed ("*":
// all forwarded, nothing cached). Cache policy: whitelisted names are keyed and
// forwarded. Origin request policy: forwarded only. An unresolved policy makes
// the answer Unknown unless another policy already says Yes.
HeaderFate header_fate(const BehaviorView& view, std::string_view header);

// CloudFront caches nothing for this behaviour: a cache policy with MaxTTL 0
// (CachingDisabled), legacy TTLs all 0, or legacy headers "*".
Tri caching_disabled(const BehaviorView& view);

// The node that decides the cache key, for locating findings: the
// CachePolicyId, the legacy ForwardedValues Headers (or ForwardedValues), else
// the behaviour.
json::NodeId cache_key_node(const BehaviorView& view);

// Does the CORS setup expect preflights? It lists OPTIONS, a method that is not
// CORS-safelisted (anything but GET, HEAD, POST; "ALL" included), or a header
// beyond Accept, Accept-Language and Content-Language ("*", Authorization, and
// Content-Type, which is listed for JSON bodies that need a preflight).
bool expects_preflight(const CorsConfig& cors);
// Why, in a few words ("it allows PUT and DELETE"), or empty.
std::string preflight_reason(const CorsConfig& cors);

// Signs that browsers make CORS requests through this behaviour, as a phrase
// for messages ("allows OPTIONS for CORS preflights"), or empty: OPTIONS is
// allowed (it serves only preflights), the preflight's Access-Control-Request-*
// headers are named in a header whitelist (a legacy one, or the cache or origin
// request policy's), or an origin request policy names Origin. Policies that
// forward every viewer header (AllViewerExceptHostHeader) name none: forwarding
// all headers is no sign of CORS.
std::string_view cors_use(const BehaviorView& view);

// Where the header's fate comes from, for messages: `the managed cache policy
// "Managed-CachingOptimized"`, `its legacy ForwardedValues`, ...
std::string cache_key_source(const BehaviorView& view);

}  // namespace corslint::cloudfront
