#pragma once

// A CloudFront distribution: DistributionConfig (get-distribution-config,
// get-distribution, the file given to create/update-distribution) or a
// DistributionSummary (list-distributions), with the Id/ARN/DomainName of the
// wrapper when there is one.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "corslint/model/cloudfront.hpp"
#include "corslint/model/json.hpp"

namespace corslint::cloudfront {

enum class OriginKind : unsigned char {
  Custom,     // anything else, including hosts we do not recognise
  S3Rest,     // bucket.s3.amazonaws.com, bucket.s3.<region>.amazonaws.com, bucket.s3-<region>...
  S3Website,  // bucket.s3-website-<region>.amazonaws.com, bucket.s3-website.<region>...
};

std::string_view to_string(OriginKind kind);

// What an origin domain name says about S3. Views into `domain`.
struct S3Endpoint {
  OriginKind kind = OriginKind::Custom;
  std::string_view bucket;  // empty for Custom
  std::string_view region;  // empty for the global endpoint
};
S3Endpoint classify_origin_domain(std::string_view domain);

struct Origin {
  json::NodeId node = json::kNoNode;
  std::size_t index = 0;
  std::optional<Value> id;
  std::optional<Value> domain_name;
  OriginKind kind = OriginKind::Custom;
  std::string_view bucket;
  std::string_view region;
  std::optional<Value> origin_path;
  json::NodeId s3_origin_config = json::kNoNode;
  json::NodeId custom_origin_config = json::kNoNode;
  std::optional<Value> oai;     // S3OriginConfig.OriginAccessIdentity, when not empty
  std::optional<Value> oac_id;  // OriginAccessControlId, when not empty

  bool is_s3() const { return kind != OriginKind::Custom; }
  std::string label() const;  // `origin "Id"`
};

struct OriginGroup {
  json::NodeId node = json::kNoNode;
  std::optional<Value> id;
  std::vector<Value> members;  // origin ids, primary first
};

// Legacy cache settings (before cache policies).
struct ForwardedValues {
  json::NodeId node = json::kNoNode;
  std::optional<Flag> query_string;
  std::optional<Value> cookies_forward;  // none | whitelist | all
  StringList cookie_names;
  StringList headers;  // forwarded AND in the cache key; "*" forwards all, caches nothing
  StringList query_string_cache_keys;

  bool forwards_all_headers() const { return headers.contains("*"); }
};

struct CacheBehavior {
  json::NodeId node = json::kNoNode;
  bool is_default = false;
  std::size_t index = 0;  // position in CacheBehaviors.Items
  std::optional<Value> path_pattern;
  std::optional<Value> target_origin_id;
  std::optional<Value> viewer_protocol_policy;
  json::NodeId allowed_methods_node = json::kNoNode;
  StringList allowed_methods;
  StringList cached_methods;
  std::optional<Value> cache_policy_id;
  std::optional<Value> origin_request_policy_id;
  std::optional<Value> response_headers_policy_id;
  std::optional<ForwardedValues> forwarded_values;
  std::optional<Integer> min_ttl, default_ttl, max_ttl;

  // "DefaultCacheBehavior" or `cache behaviour "/api/*"` for messages.
  std::string label() const;
  // With no AllowedMethods CloudFront allows GET and HEAD, and caches them.
  bool allows_method(std::string_view method) const;
  bool caches_method(std::string_view method) const;
};

// Logging: the bucket CloudFront writes standard (access) logs to. The API
// names it by its S3 domain ("mylogs.s3.amazonaws.com").
struct Logging {
  json::NodeId node = json::kNoNode;
  std::optional<Flag> enabled;  // absent in CloudFormation, where the block means enabled
  std::optional<Value> bucket;
  std::optional<Value> prefix;
  std::optional<Flag> include_cookies;
  std::string_view bucket_name;  // "mylogs"; empty when Bucket names no S3 bucket

  bool disabled() const { return enabled && !enabled->value; }
};

struct Distribution {
  json::NodeId root = json::kNoNode;
  Form form = Form::Api;
  bool summary = false;  // a list-distributions item
  std::optional<Value> id;
  std::optional<Value> arn;
  std::optional<Value> domain_name;
  StringList aliases;
  json::NodeId origins_node = json::kNoNode;
  std::vector<Origin> origins;
  std::vector<OriginGroup> origin_groups;
  std::optional<CacheBehavior> default_behavior;
  std::vector<CacheBehavior> behaviors;  // CacheBehaviors, in order
  // The cache behaviour CloudFront picks for a request path: the first
  // CacheBehaviors PathPattern that matches, else the default behaviour (null
  // when there is neither).
  const CacheBehavior* behavior_for(std::string_view path) const;
  std::optional<Logging> logging;
  std::vector<StructureIssue> issues;
  // Positions in `origins` and `origin_groups` by id (the first of a repeated
  // id), filled by build_distribution: a behaviour's target is looked up per
  // behaviour, and a scan each time made 20,000 behaviours and origins
  // quadratic. Empty: find_origin and find_origin_group scan. Call
  // index_ids() again after changing the lists.
  std::unordered_map<std::string_view, std::size_t> origin_index;
  std::unordered_map<std::string_view, std::size_t> origin_group_index;
  void index_ids();

  // The default behaviour (when present) and then the ordered ones.
  std::vector<const CacheBehavior*> all_behaviors() const;
  const Origin* find_origin(std::string_view id) const;
  const OriginGroup* find_origin_group(std::string_view id) const;
  // The origin a behaviour sends requests to: its TargetOriginId, or the
  // primary member of the origin group it names. Null when it names nothing.
  const Origin* target_origin(const CacheBehavior& behavior) const;
  // The bucket standard logs go to ("" when none is named), whether or not
  // logging is enabled: the configuration names it either way.
  std::string_view logging_bucket() const { return logging ? logging->bucket_name : ""; }
};

Distribution build_distribution(const json::Tree& tree, json::NodeId root, Form form = Form::Api);

// A bare DistributionConfig or DistributionSummary: Origins and DefaultCacheBehavior.
bool looks_like_distribution_config(const json::Tree& tree, json::NodeId node);

}  // namespace corslint::cloudfront
