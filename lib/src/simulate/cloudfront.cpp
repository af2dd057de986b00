// CloudFront between the browser and the origin (docs/reference/cors-semantics.md
// §2): which cache behaviour serves the path, what it forwards and keys, and
// whether an earlier request's answer is replayed from the cache.
#include <algorithm>

#include <fmt/core.h>
#include <fmt/format.h>

#include "corslint/analysis/bundle_facts.hpp"
#include "corslint/model/cloudfront.hpp"
#include "corslint/model/distribution.hpp"
#include "corslint/text.hpp"
#include "simulate/stages.hpp"

namespace corslint::simulate {
namespace {

using cloudfront::Tri;

std::string behavior_reason(const Context& c, const cloudfront::CacheBehavior& b) {
  if (!b.is_default) {
    return fmt::format("PathPattern \"{}\" matches \"{}\" (first match in order)",
                       b.path_pattern->text, c.path);
  }
  return c.s.distribution()->behaviors.empty()
             ? "the distribution has only the default behaviour"
             : fmt::format("no CacheBehaviors PathPattern matches \"{}\"", c.path);
}

// The origin and the policies the behaviour attaches, with what cannot be resolved.
void describe_behavior(const Context& c, Exchange& ex, Routed& r) {
  const cloudfront::BehaviorView& v = *c.view;
  if (v.origin != nullptr) {
    ex.origin_label = v.origin->label();
    r.to_s3 = v.origin->is_s3();
    ex.origin_kind = r.to_s3 ? OriginKind::S3 : OriginKind::Custom;
  } else {
    ex.origin_kind = OriginKind::None;
    ex.origin_label = "no origin (TargetOriginId names none)";
  }
  if (v.response_headers.resolved()) {
    ex.policy = v.response_headers.policy->label();
    r.policy = v.cors();
  } else if (v.response_headers.unresolved()) {
    ex.policy =
        fmt::format("response headers policy {} (not in the bundle)", v.response_headers.id->text);
    ex.uncertain.push_back(fmt::format(
        "response headers policy {} is not among the files: its CORS settings are unknown and "
        "taken as none",
        v.response_headers.id->text));
  }
  if (v.cache.unresolved()) {
    ex.uncertain.push_back(
        fmt::format("cache policy {} is not among the files: taken to forward and key no header",
                    v.cache.id->text));
  }
  if (v.origin_request.unresolved()) {
    ex.uncertain.push_back(
        fmt::format("origin request policy {} is not among the files: taken to forward no header",
                    v.origin_request.id->text));
  }
}

// The request that filled the cache, as it reached the origin; false when
// nothing stored under this exchange's URL could answer it.
bool filler_of(const Context& c, Exchange& ex, const Routed& r, std::vector<Header>& filler) {
  if (!ex.cacheable || c.req.cache == CacheState::Cold) return false;
  bool preflight = ex.kind == Stage::Preflight;
  if (c.req.cache == CacheState::AfterNonCors) {
    if (preflight) {
      ex.cache_note = "a request without Origin is never a preflight: the OPTIONS entry is cold";
      return false;
    }
    for (const Header& h : r.forwarded) {
      if (!iequals(h.name, "Origin")) filler.push_back(h);
    }
    return true;
  }
  for (const Header& h : r.forwarded) {
    if (iequals(h.name, "Origin")) {
      filler.push_back({h.name, c.req.cache_origin});
    } else if (!(preflight && iequals(h.name, kAcrh))) {
      filler.push_back(h);
    }
  }
  return true;
}

void note_hit(const Context& c, Exchange& ex, const Routed& r) {
  bool preflight = ex.kind == Stage::Preflight;
  std::string who =
      c.req.cache == CacheState::AfterNonCors
          ? "a request without Origin"
          : fmt::format("{} from {}{}", preflight ? "a preflight" : "a request", c.req.cache_origin,
                        preflight ? " for the same method without "
                                    "Access-Control-Request-Headers"
                                  : "");
  ex.cache_note = fmt::format(
      "cache hit: {} filled the cache first and its key ({}) is the same, so CloudFront serves "
      "the answer S3 gave to that request",
      who, r.key_names.empty() ? "the path only" : fmt::format("{}", fmt::join(r.key_names, ", ")));
}

void note_miss(const Context& c, Exchange& ex, const Routed& r, bool filled) {
  if (filled) {
    ex.cache_note = fmt::format(
        "cache miss: the earlier request has another value for {} in the cache key, so this "
        "one goes to the origin",
        fmt::join(r.key_names, ", "));
  } else if (ex.cache_note.empty()) {
    ex.cache_note =
        ex.cacheable ? "cache cold: the request goes to the origin"
                     : (c.view ? fmt::format("{} is not cached by this behaviour", ex.method) : "");
  }
  bool origin_keyed =
      std::find(r.key_names.begin(), r.key_names.end(), "Origin") != r.key_names.end();
  if (ex.cacheable && !filled && !origin_keyed && find(r.forwarded, "Origin") != nullptr) {
    ex.cache_note +=
        "; hazard: Origin is forwarded but not in the cache key, so this answer is stored for "
        "every site (--cache after-non-cors / after-origin URL shows the next request)";
  }
}

}  // namespace

void choose_behavior(Context& c) {
  c.behavior = c.s.distribution() ? c.s.distribution()->behavior_for(c.path) : nullptr;
  if (c.behavior != nullptr) {
    c.view = cloudfront::view(*c.s.distribution(), *c.behavior, c.s.lookup());
  }
}

Routed route(const Context& c, Exchange& ex, const std::vector<Header>& sent) {
  Routed r;
  r.forwarded = sent;
  if (!c.view) {
    ex.origin_kind = OriginKind::S3;
    ex.origin_label = c.s.cors_doc() != nullptr
                          ? fmt::format("the bucket ({})", file_label(*c.s.cors_doc()))
                          : "the bucket (no CORS configuration in the files)";
    return r;
  }
  const cloudfront::CacheBehavior& b = *c.behavior;
  ex.behavior = b.label();
  ex.behavior_location = locate(c.s.distribution_doc(), b.node);
  ex.behavior_reason = behavior_reason(c, b);
  ex.method_allowed = b.allows_method(ex.method);
  describe_behavior(c, ex, r);
  if (!ex.method_allowed) {
    r.refused = true;
    return r;
  }
  r.forwarded.clear();
  for (const Header& h : sent) {
    cloudfront::HeaderFate f = cloudfront::header_fate(*c.view, h.name);
    if (f.forwarded == Tri::Yes) {
      r.forwarded.push_back(h);
      ex.forwarded.push_back(h.name);
    } else {
      ex.not_forwarded.push_back(h.name);
    }
    if (f.in_cache_key == Tri::Yes) {
      ex.cache_key.push_back(h.name);
      r.key_names.push_back(h.name);
    }
  }
  ex.cacheable = b.caches_method(ex.method) && cloudfront::caching_disabled(*c.view) != Tri::Yes;
  return r;
}

void refuse(Exchange& ex) {
  ex.origin_kind = OriginKind::None;
  ex.status = 403;
  ex.origin_status = 403;
  ex.origin_error =
      "CloudFront: This distribution is not configured to allow the HTTP request method that "
      "was used for this request. The distribution supports only cachable requests.";
}

CacheLookup consult_cache(const Context& c, Exchange& ex, const Routed& r) {
  CacheLookup out;
  bool filled = filler_of(c, ex, r, out.filler);
  if (filled) {
    out.hit = std::all_of(r.key_names.begin(), r.key_names.end(), [&](const std::string& n) {
      const Header* a = find(r.forwarded, n);
      const Header* b = find(out.filler, n);
      if (a == nullptr || b == nullptr) return a == b;
      return a->value == b->value;
    });
  }
  ex.served_from_cache = out.hit;
  if (out.hit) {
    note_hit(c, ex, r);
  } else {
    note_miss(c, ex, r, filled);
  }
  return out;
}

}  // namespace corslint::simulate
