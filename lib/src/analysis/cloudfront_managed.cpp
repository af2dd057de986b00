#include "corslint/analysis/cloudfront_managed.hpp"

#include <initializer_list>
#include <vector>

namespace corslint::cloudfront {
namespace {

Value v(std::string_view text) { return Value{text, json::kNoNode}; }

StringList list(std::initializer_list<std::string_view> items) {
  StringList l;
  for (std::string_view i : items) l.items.push_back(v(i));
  return l;
}

ParameterSet params(std::string_view behavior, std::initializer_list<std::string_view> items = {}) {
  ParameterSet p;
  p.behavior = v(behavior);
  p.items = list(items);
  return p;
}

Integer ttl(int64_t seconds) { return Integer{seconds, json::kNoNode}; }

// Response headers policies (§2.2). None of them sends
// Access-Control-Allow-Credentials, and "Override origin" is No for all.
ResponseHeadersPolicy rhp(std::string_view id, std::string_view name, bool cors, bool preflight,
                          std::string_view uncertain) {
  ResponseHeadersPolicy p;
  p.id = v(id);
  p.name = v(name);
  p.managed = true;
  p.uncertain = uncertain;
  if (!cors) return p;
  CorsConfig& c = p.cors.emplace();
  c.allow_origins = list({"*"});
  c.allow_credentials = Flag{false, json::kNoNode};
  c.origin_override = Flag{false, json::kNoNode};
  if (preflight) {
    // "All three" on preflights: methods, origin and expose headers. Whether
    // Access-Control-Allow-Headers: * is sent too is [uncertain] (the stored
    // AWS doc leaves the table out and third-party copies disagree), so no
    // AllowHeaders are modelled: a preflight asking for headers relies on the origin.
    c.allow_methods = list({"DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"});
    c.expose_headers = list({"*"});
  }
  // SimpleCORS sends only Access-Control-Allow-Origin: *, so it is modelled
  // with no methods and no headers.
  return p;
}

constexpr std::string_view kPreflightUncertain =
    "whether Access-Control-Allow-Headers: * is included is not confirmed; check with aws "
    "cloudfront get-response-headers-policy";

const std::vector<ResponseHeadersPolicy>& response_headers() {
  static const std::vector<ResponseHeadersPolicy> all = {
      rhp("60669652-455b-4ae9-85a4-c4c02393f86c", "Managed-SimpleCORS", true, false, ""),
      rhp("5cc3b908-e619-4b99-88e5-2cf7f45965bd", "Managed-CORS-With-Preflight", true, true,
          kPreflightUncertain),
      rhp("e61eb60c-9c35-4d20-a928-2b84e02af89c", "Managed-CORS-and-SecurityHeadersPolicy", true,
          false, ""),
      rhp("eaab4381-ed33-4a86-88ca-d9558dc6cd63",
          "Managed-CORS-with-preflight-and-SecurityHeadersPolicy", true, true, kPreflightUncertain),
      rhp("67f7725c-6f97-4210-82d7-5512b31e9d03", "Managed-SecurityHeadersPolicy", false, false,
          "the security header values are from memory, not a primary source"),
  };
  return all;
}

CachePolicy cache(std::string_view id, std::string_view name, int64_t min, int64_t def, int64_t max,
                  ParameterSet headers, ParameterSet cookies, ParameterSet qs,
                  std::string_view uncertain = "") {
  CachePolicy p;
  p.id = v(id);
  p.name = v(name);
  p.min_ttl = ttl(min);
  p.default_ttl = ttl(def);
  p.max_ttl = ttl(max);
  p.headers = std::move(headers);
  p.cookies = std::move(cookies);
  p.query_strings = std::move(qs);
  p.managed = true;
  p.uncertain = uncertain;
  return p;
}

constexpr std::string_view kNewerCacheUncertain =
    "id and settings from consistent public sources (a Terraform import of the live policy), "
    "not from the AWS guide's text; check with aws cloudfront get-cache-policy";

// Cache policies (§2.4): headers in the key are also forwarded to the origin.
// No general-purpose one puts Origin in the key.
const std::vector<CachePolicy>& caches() {
  static const std::vector<CachePolicy> all = {
      cache("658327ea-f89d-4fab-a63d-7e88639e58f6", "Managed-CachingOptimized", 1, 86400, 31536000,
            params("none"), params("none"), params("none")),
      cache("b2884449-e4de-46a7-ac36-70bc7f1ddd6d",
            "Managed-CachingOptimizedForUncompressedObjects", 1, 86400, 31536000, params("none"),
            params("none"), params("none")),
      cache("4135ea2d-6df8-44a3-9df3-4b5a84be39ad", "Managed-CachingDisabled", 0, 0, 0,
            params("none"), params("none"), params("none")),
      cache("2e54312d-136d-493c-8eb9-b001f22f67d2", "Managed-Amplify", 2, 2, 600,
            params("whitelist", {"Authorization", "CloudFront-Viewer-Country", "Host"}),
            params("all"), params("all")),
      cache("08627262-05a9-4f76-9ded-b50ca2e3a84f", "Managed-Elemental-MediaPackage", 0, 86400,
            31536000, params("whitelist", {"Origin"}), params("none"), params("whitelist"),
            "the query strings in the key are not recorded in the reference"),
      // Newer policies, not in the reference's tables ("IDs not verified
      // here"). Checked for this table: the current CloudFront guide
      // (using-managed-cache-policies) lists both names; the ids, TTLs and
      // keys below agree across independent public sources, among them a
      // Terraform import (terraformer) of the live policies of an account,
      // which also shows that AWS names these two without the "Managed-"
      // prefix (Pulumi's getCachePolicy docs say the same). The AWS page's
      // own text with the ids could not be read, so `uncertain` says so.
      // Keys: Host, Origin and the three method-override headers; all
      // cookies; no query strings / all query strings.
      cache("83da9c7e-98b4-4e11-a168-04f0df8e2c65", "UseOriginCacheControlHeaders", 0, 0, 31536000,
            params("whitelist", {"Host", "Origin", "X-HTTP-Method-Override", "X-HTTP-Method",
                                 "X-Method-Override"}),
            params("all"), params("none"), kNewerCacheUncertain),
      cache("4cc15a8a-d715-48a4-82b8-cc0b614638fe", "UseOriginCacheControlHeaders-QueryStrings", 0,
            0, 31536000,
            params("whitelist", {"Host", "Origin", "X-HTTP-Method-Override", "X-HTTP-Method",
                                 "X-Method-Override"}),
            params("all"), params("all"), kNewerCacheUncertain),
  };
  return all;
}

OriginRequestPolicy orp(std::string_view id, std::string_view name, ParameterSet headers,
                        ParameterSet cookies, ParameterSet qs, std::string_view uncertain = "") {
  OriginRequestPolicy p;
  p.id = v(id);
  p.name = v(name);
  p.headers = std::move(headers);
  p.cookies = std::move(cookies);
  p.query_strings = std::move(qs);
  p.managed = true;
  p.uncertain = uncertain;
  return p;
}

// Origin request policies (§2.3): forwarded to the origin, NOT in the cache key.
const std::vector<OriginRequestPolicy>& origin_requests() {
  static const std::vector<OriginRequestPolicy> all = {
      // Forwards the viewer's Host too, which breaks S3 REST origins (F012).
      orp("216adef6-5c7f-47e4-b989-5492eafa07d3", "Managed-AllViewer", params("allViewer"),
          params("all"), params("all")),
      orp("33f36d7e-f396-46d9-90e0-52428a34d9dc", "Managed-AllViewerAndCloudFrontHeaders-2022-06",
          params("allViewerAndWhitelistCloudFront"), params("all"), params("all"),
          "the CloudFront-* headers it adds are not listed"),
      orp("b689b0a8-53d0-40ab-baf2-68738e2966ac", "Managed-AllViewerExceptHostHeader",
          params("allExcept", {"Host"}), params("all"), params("all"),
          "modelled as every viewer header except Host; the CloudFront-* headers it adds are not "
          "listed"),
      orp("59781a5b-3903-41f3-afcb-af62929ccde1", "Managed-CORS-CustomOrigin",
          params("whitelist", {"Origin"}), params("none"), params("none")),
      orp("88a5eaf4-2fd4-4709-b370-b4c650ea3fcf", "Managed-CORS-S3Origin",
          params("whitelist",
                 {"Origin", "Access-Control-Request-Headers", "Access-Control-Request-Method"}),
          params("none"), params("none")),
      orp("775133bc-15f2-49f9-abea-afb2e0bf67d2",
          "Managed-Elemental-MediaTailor-PersonalizedManifests",
          params("whitelist", {"Origin", "Access-Control-Request-Headers",
                               "Access-Control-Request-Method", "User-Agent", "X-Forwarded-For"}),
          params("none"), params("all")),
      orp("acba4595-bd28-49b8-b9fe-13317c0390fa", "Managed-UserAgentRefererHeaders",
          params("whitelist", {"User-Agent", "Referer"}), params("none"), params("all")),
  };
  return all;
}

template <class P>
const P* find(const std::vector<P>& all, std::string_view id) {
  for (const P& p : all) {
    if (p.id->text == id) return &p;
  }
  return nullptr;
}

}  // namespace

const ResponseHeadersPolicy* managed_response_headers_policy(std::string_view id) {
  return find(response_headers(), id);
}
const CachePolicy* managed_cache_policy(std::string_view id) { return find(caches(), id); }
const OriginRequestPolicy* managed_origin_request_policy(std::string_view id) {
  return find(origin_requests(), id);
}

std::span<const ResponseHeadersPolicy> managed_response_headers_policies() {
  return response_headers();
}
std::span<const CachePolicy> managed_cache_policies() { return caches(); }
std::span<const OriginRequestPolicy> managed_origin_request_policies() { return origin_requests(); }

}  // namespace corslint::cloudfront
