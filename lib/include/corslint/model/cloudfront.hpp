#pragma once

// CloudFront models shared by the distribution and the three policy kinds:
// located values, structure issues (F001), lists in either the API shape
// {"Quantity": N, "Items": [...]} or the CloudFormation shape, and the
// response-headers, cache and origin-request policy models. Like the S3 CORS
// model they are lenient: a wrong type or unknown key becomes a StructureIssue
// and the rest of the document is still read.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "corslint/model/json.hpp"
#include "corslint/model/value.hpp"

namespace corslint::cloudfront {

struct Flag {
  bool value = false;
  json::NodeId node = json::kNoNode;
};
struct Integer {
  int64_t value = 0;
  json::NodeId node = json::kNoNode;
};

// Which spelling of the configuration is read. The API (CLI, SDK, the files
// given to `--distribution-config file://`) wraps every list as
// {"Quantity": N, "Items": [...]}; CloudFormation writes bare arrays (or
// {"Items": [...]} in response headers policies) and puts CachedMethods next to
// AllowedMethods.
enum class Form : unsigned char { Api, CloudFormation };

// A list of strings. `node` is the member that holds it (kNoNode when absent).
struct StringList {
  json::NodeId node = json::kNoNode;
  std::vector<Value> items;

  bool present() const { return node != json::kNoNode; }
  bool contains(std::string_view s) const;        // exact
  bool contains_icase(std::string_view s) const;  // ASCII case-insensitive (header names)
};

// --- response headers policy ------------------------------------------------

struct CorsConfig {
  json::NodeId node = json::kNoNode;
  StringList allow_origins;
  StringList allow_headers;
  StringList allow_methods;  // may hold "ALL"
  StringList expose_headers;
  std::optional<Flag> allow_credentials;
  json::NodeId max_age_node = json::kNoNode;  // any type; F001 judges the type
  std::optional<Integer> max_age;             // when an integer
  std::optional<Flag> origin_override;

  bool credentials() const { return allow_credentials && allow_credentials->value; }
  bool overrides_origin() const { return origin_override && origin_override->value; }
  bool allows_any_origin() const { return allow_origins.contains("*"); }
  // Listed, or covered by "ALL".
  bool allows_method(std::string_view method) const;
  // The seven methods CloudFront knows, in its order, that the policy lists.
  std::vector<std::string_view> methods() const;
};

struct ResponseHeadersPolicy {
  json::NodeId root = json::kNoNode;
  std::optional<Value> id;  // from the get-response-headers-policy wrapper, when present
  std::optional<Value> name;
  std::optional<CorsConfig> cors;
  bool managed = false;
  // For a managed policy: what the reference could not confirm (empty when nothing).
  std::string_view uncertain;
  std::vector<StructureIssue> issues;

  // `response headers policy "Name"` (or its id) for messages.
  std::string label() const;
};

// --- cache and origin request policies --------------------------------------

// HeadersConfig / CookiesConfig / QueryStringsConfig: a behaviour and names.
struct ParameterSet {
  json::NodeId node = json::kNoNode;
  std::optional<Value> behavior;  // HeaderBehavior, CookieBehavior, QueryStringBehavior
  StringList items;

  bool behavior_is(std::string_view b) const { return behavior && behavior->text == b; }
};

struct CachePolicy {
  json::NodeId root = json::kNoNode;
  std::optional<Value> id;
  std::optional<Value> name;
  std::optional<Integer> min_ttl, default_ttl, max_ttl;
  ParameterSet headers, cookies, query_strings;
  bool managed = false;
  std::string_view uncertain;
  std::vector<StructureIssue> issues;

  std::string label() const;  // `cache policy "Name"`
  // Nothing is cached: MaxTTL 0 (CloudFront then also keys nothing).
  bool caching_disabled() const;
  // The header is in the cache key (and therefore forwarded to the origin).
  bool header_in_key(std::string_view header) const;
};

struct OriginRequestPolicy {
  json::NodeId root = json::kNoNode;
  std::optional<Value> id;
  std::optional<Value> name;
  ParameterSet headers, cookies, query_strings;
  bool managed = false;
  std::string_view uncertain;
  std::vector<StructureIssue> issues;

  std::string label() const;  // `origin request policy "Name"`
  // The viewer's header reaches the origin: listed (whitelist,
  // allViewerAndWhitelistCloudFront), every viewer header (allViewer,
  // allViewerAndWhitelistCloudFront), or not excepted (allExcept).
  bool forwards_header(std::string_view header) const;
};

// Builders. `root` is the config object (ResponseHeadersPolicyConfig, ...); the
// Id is taken from the wrapper around it when there is one.
ResponseHeadersPolicy build_response_headers_policy(const json::Tree& tree, json::NodeId root,
                                                    Form form = Form::Api);
CachePolicy build_cache_policy(const json::Tree& tree, json::NodeId root, Form form = Form::Api);
OriginRequestPolicy build_origin_request_policy(const json::Tree& tree, json::NodeId root,
                                                Form form = Form::Api);

// Shape tests for recognition: a bare config object of each kind.
bool looks_like_response_headers_policy_config(const json::Tree& tree, json::NodeId node);
bool looks_like_cache_policy_config(const json::Tree& tree, json::NodeId node);
bool looks_like_origin_request_policy_config(const json::Tree& tree, json::NodeId node);

}  // namespace corslint::cloudfront
