#include "recognise_cloudfront.hpp"

#include <string_view>

#include "corslint/model/cloudfront.hpp"
#include "corslint/model/distribution.hpp"

namespace corslint::detect {
namespace {

using json::kNoNode;
using json::NodeId;
using json::Tree;
using json::Type;

NodeId object_member(const Tree& t, NodeId obj, std::string_view key) {
  if (!t.is(obj, Type::Object)) return kNoNode;
  NodeId m = t.get(obj, key);
  return t.is(m, Type::Object) ? m : kNoNode;
}

struct PolicyShape {
  std::string_view wrapper;  // "ResponseHeadersPolicy"
  std::string_view config;   // "ResponseHeadersPolicyConfig"
  std::string_view list;     // "ResponseHeadersPolicyList"
  DocKind kind;
  bool (*looks_like)(const Tree&, NodeId);
};

constexpr PolicyShape kResponseHeaders{"ResponseHeadersPolicy", "ResponseHeadersPolicyConfig",
                                       "ResponseHeadersPolicyList",
                                       DocKind::CloudFrontResponseHeadersPolicy,
                                       &cloudfront::looks_like_response_headers_policy_config};
constexpr PolicyShape kCache{"CachePolicy", "CachePolicyConfig", "CachePolicyList",
                             DocKind::CloudFrontCachePolicy,
                             &cloudfront::looks_like_cache_policy_config};
constexpr PolicyShape kOriginRequest{
    "OriginRequestPolicy", "OriginRequestPolicyConfig", "OriginRequestPolicyList",
    DocKind::CloudFrontOriginRequestPolicy, &cloudfront::looks_like_origin_request_policy_config};

bool policy(const PolicyShape& s, const Tree& t, NodeId root, std::vector<Recognised>& out) {
  if (!t.is(root, Type::Object)) return false;
  NodeId config = object_member(t, object_member(t, root, s.wrapper), s.config);
  if (config == kNoNode) config = object_member(t, root, s.config);
  if (config == kNoNode && s.looks_like(t, root)) config = root;
  if (config == kNoNode) return false;
  out.push_back({config, s.kind});
  return true;
}

bool policy_list(const PolicyShape& s, const Tree& t, NodeId root, std::vector<Recognised>& out) {
  NodeId list = object_member(t, root, s.list);
  if (list == kNoNode) return false;
  NodeId items = t.get(list, "Items");
  if (!t.is(items, Type::Array)) return true;  // an empty list: nothing to lint
  for (NodeId item : t.children(items)) {
    if (t.str(t.get(item, "Type")) == "managed") continue;
    NodeId config = object_member(t, object_member(t, item, s.wrapper), s.config);
    if (config != kNoNode) out.push_back({config, s.kind});
  }
  return true;
}

}  // namespace

bool get_distribution(const Tree& t, NodeId root, std::vector<Recognised>& out) {
  NodeId config = object_member(t, object_member(t, root, "Distribution"), "DistributionConfig");
  if (config == kNoNode) return false;
  out.push_back({config, DocKind::CloudFrontDistribution});
  return true;
}

bool get_distribution_config(const Tree& t, NodeId root, std::vector<Recognised>& out) {
  NodeId config = object_member(t, root, "DistributionConfig");
  if (config == kNoNode && t.is(t.get(root, "ETag"), Type::String)) {
    // get-distribution-config output saved with its member renamed ("Config").
    for (NodeId m : t.children(root)) {
      if (cloudfront::looks_like_distribution_config(t, m)) config = m;
    }
  }
  if (config == kNoNode) return false;
  out.push_back({config, DocKind::CloudFrontDistribution});
  return true;
}

bool list_distributions(const Tree& t, NodeId root, std::vector<Recognised>& out) {
  NodeId items = kNoNode;
  if (NodeId list = object_member(t, root, "DistributionList"); list != kNoNode) {
    items = t.get(list, "Items");
    if (!t.is(items, Type::Array)) return true;  // an empty list
  } else if (t.is(root, Type::Array) && !t.children(root).empty()) {
    items = root;
    for (NodeId item : t.children(root)) {
      if (!cloudfront::looks_like_distribution_config(t, item)) return false;
    }
  } else {
    return false;
  }
  for (NodeId item : t.children(items)) {
    if (t.is(item, Type::Object)) out.push_back({item, DocKind::CloudFrontDistribution});
  }
  return true;
}

bool distribution_config(const Tree& t, NodeId root, std::vector<Recognised>& out) {
  if (!cloudfront::looks_like_distribution_config(t, root)) return false;
  out.push_back({root, DocKind::CloudFrontDistribution});
  return true;
}

bool response_headers_policy(const Tree& t, NodeId root, std::vector<Recognised>& out) {
  return policy(kResponseHeaders, t, root, out);
}
bool cache_policy(const Tree& t, NodeId root, std::vector<Recognised>& out) {
  return policy(kCache, t, root, out);
}
bool origin_request_policy(const Tree& t, NodeId root, std::vector<Recognised>& out) {
  return policy(kOriginRequest, t, root, out);
}
bool list_response_headers_policies(const Tree& t, NodeId root, std::vector<Recognised>& out) {
  return policy_list(kResponseHeaders, t, root, out);
}
bool list_cache_policies(const Tree& t, NodeId root, std::vector<Recognised>& out) {
  return policy_list(kCache, t, root, out);
}
bool list_origin_request_policies(const Tree& t, NodeId root, std::vector<Recognised>& out) {
  return policy_list(kOriginRequest, t, root, out);
}

}  // namespace corslint::detect
