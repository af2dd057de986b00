#include "corslint/model/distribution.hpp"

#include <algorithm>
#include <array>
#include <set>

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

constexpr std::array<std::string_view, 24> kConfigKeys = {
    "CallerReference",   "Aliases",
    "DefaultRootObject", "Origins",
    "OriginGroups",      "DefaultCacheBehavior",
    "CacheBehaviors",    "CustomErrorResponses",
    "Comment",           "Logging",
    "PriceClass",        "Enabled",
    "ViewerCertificate", "Restrictions",
    "WebACLId",          "HttpVersion",
    "IsIPV6Enabled",     "ContinuousDeploymentPolicyId",
    "Staging",           "AnycastIpListId",
    "TenantConfig",      "ConnectionMode",
    "ViewerMtlsConfig",  "ConnectionFunctionAssociation"};
// A list-distributions item (DistributionSummary) has these besides the config's.
constexpr std::array<std::string_view, 7> kSummaryKeys = {
    "Id", "ARN", "ETag", "Status", "LastModifiedTime", "DomainName", "AliasICPRecordals"};
constexpr std::array<std::string_view, 12> kOriginKeys = {"Id",
                                                          "DomainName",
                                                          "OriginPath",
                                                          "CustomHeaders",
                                                          "S3OriginConfig",
                                                          "CustomOriginConfig",
                                                          "VpcOriginConfig",
                                                          "ConnectionAttempts",
                                                          "ConnectionTimeout",
                                                          "ResponseCompletionTimeout",
                                                          "OriginShield",
                                                          "OriginAccessControlId"};
constexpr std::array<std::string_view, 2> kS3OriginKeys = {"OriginAccessIdentity",
                                                           "OriginReadTimeout"};
constexpr std::array<std::string_view, 7> kCustomOriginKeys = {
    "HTTPPort",           "HTTPSPort",         "OriginProtocolPolicy",
    "OriginSslProtocols", "OriginReadTimeout", "OriginKeepaliveTimeout",
    "IpAddressType"};
constexpr std::array<std::string_view, 20> kBehaviorKeys = {"PathPattern",
                                                            "TargetOriginId",
                                                            "TrustedSigners",
                                                            "TrustedKeyGroups",
                                                            "ViewerProtocolPolicy",
                                                            "AllowedMethods",
                                                            "SmoothStreaming",
                                                            "Compress",
                                                            "LambdaFunctionAssociations",
                                                            "FunctionAssociations",
                                                            "FieldLevelEncryptionId",
                                                            "RealtimeLogConfigArn",
                                                            "CachePolicyId",
                                                            "OriginRequestPolicyId",
                                                            "ResponseHeadersPolicyId",
                                                            "GrpcConfig",
                                                            "ForwardedValues",
                                                            "MinTTL",
                                                            "DefaultTTL",
                                                            "MaxTTL"};
constexpr std::array<std::string_view, 4> kLoggingKeys = {"Enabled", "IncludeCookies", "Bucket",
                                                          "Prefix"};
constexpr std::array<std::string_view, 4> kForwardedKeys = {"QueryString", "Cookies", "Headers",
                                                            "QueryStringCacheKeys"};
constexpr std::array<std::string_view, 2> kCookieKeys = {"Forward", "WhitelistedNames"};

constexpr std::array<std::string_view, 3> kViewerProtocolPolicies = {"allow-all", "https-only",
                                                                     "redirect-to-https"};
constexpr std::array<std::string_view, 3> kOriginProtocolPolicies = {"http-only", "match-viewer",
                                                                     "https-only"};
constexpr std::array<std::string_view, 3> kCookieForwards = {"none", "whitelist", "all"};
constexpr std::array<std::string_view, 4> kPriceClasses = {"PriceClass_100", "PriceClass_200",
                                                           "PriceClass_All", "PriceClass_None"};
constexpr std::array<std::string_view, 4> kHttpVersions = {"http1.1", "http2", "http3",
                                                           "http2and3"};
constexpr std::array<std::string_view, 7> kMethods = {"GET",   "HEAD", "OPTIONS", "PUT",
                                                      "PATCH", "POST", "DELETE"};

// CloudFront accepts exactly these method sets (cors-semantics §2.5).
bool same_set(const StringList& l, std::span<const std::string_view> set) {
  std::set<std::string_view> have;
  for (const Value& v : l.items) have.insert(v.text);
  return have.size() == set.size() &&
         std::all_of(set.begin(), set.end(), [&](std::string_view m) { return have.count(m); });
}
constexpr std::array<std::string_view, 2> kGetHead = {"GET", "HEAD"};
constexpr std::array<std::string_view, 3> kGetHeadOptions = {"GET", "HEAD", "OPTIONS"};

class Builder {
 public:
  Builder(const Tree& t, Distribution& d) : t_(t), d_(d), r_(t, d.issues, d.form) {}

  void build(NodeId root) {
    d_.root = root;
    if (!r_.object(root, "the document")) return;
    d_.summary = t_.get(root, "ARN") != kNoNode || t_.get(root, "Status") != kNoNode;
    // Id/ARN/DomainName: on a summary itself, else on the wrapper
    // (get-distribution's Distribution, update-distribution's input).
    for (auto [key, slot] : {std::pair{"Id", &d_.id}, std::pair{"ARN", &d_.arn},
                             std::pair{"DomainName", &d_.domain_name}}) {
      NodeId own = t_.get(root, key);
      if (t_.is(own, Type::String))
        *slot = Value{t_[own].text, own};
      else
        *slot = detail::wrapper_string(t_, root, key);
    }
    NodeId default_behavior = kNoNode;
    for (NodeId m : t_.children(root)) {
      std::string_view k = t_[m].key;
      if (k == "Origins") {
        d_.origins_node = m;
        for (NodeId o : r_.object_list(m, kWhere)) read_origin(o);
      } else if (k == "OriginGroups") {
        for (NodeId g : r_.object_list(m, kWhere)) read_group(g);
      } else if (k == "DefaultCacheBehavior") {
        default_behavior = m;
      } else if (k == "CacheBehaviors") {
        std::size_t i = 0;
        for (NodeId b : r_.object_list(m, kWhere))
          d_.behaviors.push_back(read_behavior(b, false, i++));
      } else if (k == "Aliases") {
        d_.aliases = r_.string_list(m, kWhere);
      } else if (k == "Logging") {
        read_logging(m);
      } else if (k == "PriceClass") {
        r_.enumerated(m, kWhere, kPriceClasses);
      } else if (k == "HttpVersion") {
        r_.enumerated(m, kWhere, kHttpVersions);
      } else if (k == "Enabled" || k == "IsIPV6Enabled" || k == "Staging") {
        r_.boolean(m, kWhere);
      } else if (k == "CallerReference" || k == "Comment" || k == "DefaultRootObject" ||
                 k == "WebACLId") {
        r_.string(m, kWhere);
      } else if (std::find(kConfigKeys.begin(), kConfigKeys.end(), k) != kConfigKeys.end() ||
                 (d_.summary &&
                  std::find(kSummaryKeys.begin(), kSummaryKeys.end(), k) != kSummaryKeys.end())) {
        r_.check_quantities(m);
      } else if (k == "ResponseMetadata") {
        // from an SDK call, not part of the configuration
      } else {
        r_.unknown_key(m, kWhere, kConfigKeys);
      }
    }
    if (default_behavior != kNoNode && r_.object(default_behavior, kWhere)) {
      d_.default_behavior = read_behavior(default_behavior, true, 0);
    }
    if (d_.form == Form::CloudFormation) {
      std::array<std::string_view, 2> required = {"DefaultCacheBehavior", "Enabled"};
      r_.require(root, kWhere, required);
    } else if (d_.summary) {
      std::array<std::string_view, 2> required = {"Origins", "DefaultCacheBehavior"};
      r_.require(root, kWhere, required);
    } else {
      std::array<std::string_view, 5> required = {"CallerReference", "Origins",
                                                  "DefaultCacheBehavior", "Comment", "Enabled"};
      r_.require(root, kWhere, required);
    }
    if (d_.origins_node != kNoNode && d_.origins.empty() && !t_.is(d_.origins_node, Type::String)) {
      r_.issue(d_.origins_node, false,
               "\"Origins\" holds no origin; a distribution needs at least one");
    }
    check_targets();
  }

 private:
  static constexpr std::string_view kWhere = "DistributionConfig";

  void read_logging(NodeId node) {
    if (!r_.object(node, kWhere)) return;
    Logging& l = d_.logging.emplace();
    l.node = node;
    constexpr std::string_view here = "Logging";
    for (NodeId m : t_.children(node)) {
      std::string_view k = t_[m].key;
      if (k == "Enabled") {
        l.enabled = r_.boolean(m, here);
      } else if (k == "IncludeCookies") {
        l.include_cookies = r_.boolean(m, here);
      } else if (k == "Bucket") {
        l.bucket = r_.string(m, here);
      } else if (k == "Prefix") {
        l.prefix = r_.string(m, here);
      } else {
        r_.unknown_key(m, here, kLoggingKeys);
      }
    }
    if (!l.bucket || l.bucket->text.empty()) return;
    // The API wants the bucket's S3 domain; a bare name (no dots) is taken as is.
    S3Endpoint e = classify_origin_domain(l.bucket->text);
    if (e.kind == OriginKind::S3Rest) {
      l.bucket_name = e.bucket;
    } else if (l.bucket->text.find_first_of("./:") == std::string_view::npos) {
      l.bucket_name = l.bucket->text;
    }
  }

  void read_origin(NodeId node) {
    Origin& o = d_.origins.emplace_back();
    o.node = node;
    o.index = d_.origins.size() - 1;
    if (NodeId id = t_.get(node, "Id"); t_.is(id, Type::String)) o.id = Value{t_[id].text, id};
    std::string where = o.id ? o.label() : fmt::format("origin {}", o.index);
    for (NodeId m : t_.children(node)) {
      std::string_view k = t_[m].key;
      if (k == "Id") {
        if (!o.id) r_.string(m, where);
      } else if (k == "DomainName") {
        o.domain_name = r_.string(m, where);
      } else if (k == "OriginPath") {
        o.origin_path = r_.string(m, where);
      } else if (k == "OriginAccessControlId") {
        auto v = r_.string(m, where);
        if (v && !v->text.empty()) o.oac_id = v;
      } else if (k == "S3OriginConfig") {
        if (!r_.object(m, where)) continue;
        o.s3_origin_config = m;
        std::string here = fmt::format("S3OriginConfig of {}", where);
        for (NodeId c : t_.children(m)) {
          if (t_[c].key == "OriginAccessIdentity") {
            auto v = r_.string(c, here);
            if (v && !v->text.empty()) o.oai = v;
          } else if (t_[c].key == "OriginReadTimeout") {
            r_.integer(c, here);
          } else {
            r_.unknown_key(c, here, kS3OriginKeys);
          }
        }
        if (d_.form == Form::Api) {
          std::array<std::string_view, 1> required = {"OriginAccessIdentity"};
          r_.require(m, here, required);
        }
      } else if (k == "CustomOriginConfig") {
        read_custom_origin(m, where);
      } else if (std::find(kOriginKeys.begin(), kOriginKeys.end(), k) != kOriginKeys.end()) {
        r_.check_quantities(m);
      } else {
        r_.unknown_key(m, where, kOriginKeys);
      }
    }
    std::array<std::string_view, 2> required = {"Id", "DomainName"};
    r_.require(node, where, required);
    if (o.domain_name) {
      S3Endpoint e = classify_origin_domain(o.domain_name->text);
      o.kind = e.kind;
      o.bucket = e.bucket;
      o.region = e.region;
    }
  }

  void read_custom_origin(NodeId m, const std::string& where) {
    if (!r_.object(m, where)) return;
    std::string here = fmt::format("CustomOriginConfig of {}", where);
    for (NodeId c : t_.children(m)) {
      std::string_view k = t_[c].key;
      if (k == "OriginProtocolPolicy") {
        r_.enumerated(c, here, kOriginProtocolPolicies);
      } else if (k == "HTTPPort" || k == "HTTPSPort" || k == "OriginReadTimeout" ||
                 k == "OriginKeepaliveTimeout") {
        r_.integer(c, here);
      } else if (k == "OriginSslProtocols") {
        r_.string_list(c, here);
      } else if (k == "IpAddressType") {
        r_.string(c, here);
      } else if (d_.form == Form::Api) {
        r_.unknown_key(c, here, kCustomOriginKeys);
      }
    }
    if (d_.form == Form::Api) {
      std::array<std::string_view, 3> required = {"HTTPPort", "HTTPSPort", "OriginProtocolPolicy"};
      r_.require(m, here, required);
    }
  }

  void read_group(NodeId node) {
    OriginGroup& g = d_.origin_groups.emplace_back();
    g.node = node;
    if (NodeId id = t_.get(node, "Id"); t_.is(id, Type::String)) g.id = Value{t_[id].text, id};
    NodeId members = t_.get(node, "Members");
    if (members == kNoNode) return;
    for (NodeId m : r_.object_list(members, "an origin group")) {
      if (NodeId oid = t_.get(m, "OriginId"); t_.is(oid, Type::String)) {
        g.members.push_back({t_[oid].text, oid});
      }
    }
  }

  CacheBehavior read_behavior(NodeId node, bool is_default, std::size_t index) {
    CacheBehavior b;
    b.node = node;
    b.is_default = is_default;
    b.index = index;
    if (NodeId p = t_.get(node, "PathPattern"); t_.is(p, Type::String)) {
      b.path_pattern = Value{t_[p].text, p};
    }
    std::string where =
        b.path_pattern || is_default ? b.label() : fmt::format("cache behaviour {}", index);
    for (NodeId m : t_.children(node)) {
      std::string_view k = t_[m].key;
      if (k == "PathPattern") {
        if (is_default)
          r_.unknown_key(m, where, kBehaviorKeys);
        else if (!b.path_pattern)
          r_.string(m, where);
      } else if (k == "TargetOriginId") {
        b.target_origin_id = r_.string(m, where);
      } else if (k == "ViewerProtocolPolicy") {
        b.viewer_protocol_policy = r_.enumerated(m, where, kViewerProtocolPolicies);
      } else if (k == "AllowedMethods") {
        read_methods(b, m, where);
      } else if (k == "CachedMethods" && d_.form == Form::CloudFormation) {
        b.cached_methods = r_.string_list(m, where);
      } else if (k == "CachePolicyId") {
        b.cache_policy_id = nonempty(r_.string(m, where));
      } else if (k == "OriginRequestPolicyId") {
        b.origin_request_policy_id = nonempty(r_.string(m, where));
      } else if (k == "ResponseHeadersPolicyId") {
        b.response_headers_policy_id = nonempty(r_.string(m, where));
      } else if (k == "ForwardedValues") {
        read_forwarded(b, m, where);
      } else if (k == "MinTTL") {
        b.min_ttl = r_.integer(m, where);
      } else if (k == "DefaultTTL") {
        b.default_ttl = r_.integer(m, where);
      } else if (k == "MaxTTL") {
        b.max_ttl = r_.integer(m, where);
      } else if (k == "SmoothStreaming" || k == "Compress") {
        r_.boolean(m, where);
      } else if (std::find(kBehaviorKeys.begin(), kBehaviorKeys.end(), k) != kBehaviorKeys.end()) {
        r_.check_quantities(m);
      } else {
        r_.unknown_key(m, where, kBehaviorKeys);
      }
    }
    std::vector<std::string_view> required = {"TargetOriginId", "ViewerProtocolPolicy"};
    if (!is_default) required.insert(required.begin(), "PathPattern");
    r_.require(node, where, required);
    if (b.forwarded_values && b.cache_policy_id) {
      r_.issue(b.forwarded_values->node, true,
               fmt::format("both \"ForwardedValues\" and \"CachePolicyId\" in {}; CloudFront "
                           "takes one or the other, so remove the legacy ForwardedValues",
                           where));
    } else if (!b.forwarded_values && !b.cache_policy_id &&
               t_.get(node, "CachePolicyId") == kNoNode) {
      r_.issue(node, false,
               fmt::format("neither \"CachePolicyId\" nor \"ForwardedValues\" in {}; CloudFront "
                           "requires one, for example the managed CachingOptimized policy",
                           where));
    }
    return b;
  }

  static std::optional<Value> nonempty(std::optional<Value> v) {
    if (v && v->text.empty()) return std::nullopt;
    return v;
  }

  void read_methods(CacheBehavior& b, NodeId m, const std::string& where) {
    b.allowed_methods_node = m;
    b.allowed_methods = r_.string_list(m, where, "CachedMethods");
    check_method_names(b.allowed_methods, where);
    if (t_.is(m, Type::Object)) {
      if (NodeId c = t_.get(m, "CachedMethods"); c != kNoNode) {
        b.cached_methods = r_.string_list(c, fmt::format("AllowedMethods of {}", where));
        check_method_names(b.cached_methods, where);
      }
    }
    const StringList& a = b.allowed_methods;
    if (!a.items.empty() && !same_set(a, kGetHead) && !same_set(a, kGetHeadOptions) &&
        !same_set(a, kMethods)) {
      r_.issue(
          a.node, false,
          fmt::format("allowed methods of {} are not a set CloudFront accepts; use [GET, HEAD], "
                      "[GET, HEAD, OPTIONS] or all seven [GET, HEAD, OPTIONS, PUT, PATCH, "
                      "POST, DELETE]",
                      where));
    }
    const StringList& c = b.cached_methods;
    if (c.items.empty()) return;
    if (!same_set(c, kGetHead) && !same_set(c, kGetHeadOptions)) {
      r_.issue(c.node, false,
               fmt::format("cached methods of {} are not a set CloudFront accepts; use [GET, HEAD] "
                           "or [GET, HEAD, OPTIONS]",
                           where));
    } else if (c.contains("OPTIONS") && !a.items.empty() && !a.contains("OPTIONS")) {
      r_.issue(c.node, false,
               fmt::format("cached methods of {} include OPTIONS, which its AllowedMethods does "
                           "not allow; add OPTIONS to AllowedMethods or cache only [GET, HEAD]",
                           where));
    }
  }

  void check_method_names(const StringList& l, const std::string& where) {
    for (const Value& v : l.items) {
      if (std::find(kMethods.begin(), kMethods.end(), v.text) != kMethods.end()) continue;
      r_.issue(v.node, false,
               fmt::format("method \"{}\" in {} is not one CloudFront knows; methods are GET, "
                           "HEAD, OPTIONS, PUT, PATCH, POST and DELETE, in upper case",
                           v.text, where));
    }
  }

  void read_forwarded(CacheBehavior& b, NodeId m, const std::string& where) {
    if (!r_.object(m, where)) return;
    ForwardedValues& f = b.forwarded_values.emplace();
    f.node = m;
    std::string here = fmt::format("ForwardedValues of {}", where);
    for (NodeId c : t_.children(m)) {
      std::string_view k = t_[c].key;
      if (k == "QueryString") {
        f.query_string = r_.boolean(c, here);
      } else if (k == "Headers") {
        f.headers = r_.string_list(c, here);
      } else if (k == "QueryStringCacheKeys") {
        f.query_string_cache_keys = r_.string_list(c, here);
      } else if (k == "Cookies") {
        if (!r_.object(c, here)) continue;
        std::string cookies = fmt::format("Cookies of {}", where);
        for (NodeId x : t_.children(c)) {
          if (t_[x].key == "Forward") {
            f.cookies_forward = r_.enumerated(x, cookies, kCookieForwards);
          } else if (t_[x].key == "WhitelistedNames") {
            f.cookie_names = r_.string_list(x, cookies);
          } else {
            r_.unknown_key(x, cookies, kCookieKeys);
          }
        }
        std::array<std::string_view, 1> required = {"Forward"};
        r_.require(c, cookies, required);
      } else {
        r_.unknown_key(c, here, kForwardedKeys);
      }
    }
    // CloudFormation defaults Cookies to {"Forward": "none"}: only QueryString
    // is required there (the resource's provider schema, AWS::CloudFront::Distribution).
    std::array<std::string_view, 2> required = {"QueryString", "Cookies"};
    r_.require(
        m, here,
        std::span<const std::string_view>(required).first(d_.form == Form::CloudFormation ? 1 : 2));
  }

  void check_targets() {
    d_.index_ids();
    std::set<std::string_view> seen;
    for (const Origin& o : d_.origins) {
      if (!o.id) continue;
      if (!seen.insert(o.id->text).second) {
        r_.issue(o.id->node, false,
                 fmt::format("origin id \"{}\" is used twice; CloudFront needs unique origin ids",
                             o.id->text));
      }
    }
    if (d_.origins_node == kNoNode) return;
    for (const CacheBehavior* b : d_.all_behaviors()) {
      if (!b->target_origin_id) continue;
      std::string_view id = b->target_origin_id->text;
      if (d_.find_origin(id) != nullptr || d_.find_origin_group(id) != nullptr) continue;
      r_.issue(b->target_origin_id->node, false,
               fmt::format("target origin \"{}\" of {} names no origin or origin group of this "
                           "distribution; CloudFront rejects it",
                           id, b->label()));
    }
  }

  const Tree& t_;
  Distribution& d_;
  Reader r_;
};

bool label_is(std::string_view label, std::string_view want) { return iequals(label, want); }

}  // namespace

std::string_view to_string(OriginKind kind) {
  switch (kind) {
    case OriginKind::S3Rest:
      return "S3 REST endpoint";
    case OriginKind::S3Website:
      return "S3 website endpoint";
    case OriginKind::Custom:
      break;
  }
  return "custom origin";
}

S3Endpoint classify_origin_domain(std::string_view domain) {
  S3Endpoint out;
  if (!domain.empty() && domain.back() == '.') domain.remove_suffix(1);
  std::string_view host;
  for (std::string_view suffix : {".amazonaws.com", ".amazonaws.com.cn"}) {
    if (domain.size() > suffix.size() &&
        iequals(domain.substr(domain.size() - suffix.size()), suffix)) {
      host = domain.substr(0, domain.size() - suffix.size());
    }
  }
  if (host.empty()) return out;
  // Split into labels; the S3 service label is the rightmost "s3" / "s3-..."
  // (a bucket name may itself hold such a label).
  std::vector<std::string_view> labels;
  for (std::size_t start = 0;;) {
    std::size_t dot = host.find('.', start);
    labels.push_back(host.substr(start, dot == std::string_view::npos ? dot : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  for (std::size_t i = labels.size(); i-- > 1;) {  // label 0 would leave no bucket
    std::string_view l = labels[i];
    std::string_view next = i + 1 < labels.size() ? labels[i + 1] : std::string_view{};
    bool s3 = label_is(l, "s3");
    bool dash = l.size() > 3 && istarts_with(l, "s3-");
    if (!s3 && !dash) continue;
    std::size_t bucket_end = static_cast<std::size_t>(l.data() - host.data()) - 1;
    out.bucket = host.substr(0, bucket_end);
    if (istarts_with(l, "s3-website")) {
      out.kind = OriginKind::S3Website;
      out.region =
          l.size() > 11 ? l.substr(11) : next;  // s3-website-<region> or s3-website.<region>
    } else {
      out.kind = OriginKind::S3Rest;
      if (s3) {
        if (label_is(next, "dualstack") && i + 2 < labels.size()) next = labels[i + 2];
        out.region = next;
      } else {
        out.region = l.substr(3);  // s3-<region>, s3-external-1
      }
    }
    return out;
  }
  return out;
}

std::string Origin::label() const {
  if (id) return fmt::format("origin \"{}\"", id->text);
  return fmt::format("origin {}", index);
}

std::string CacheBehavior::label() const {
  if (is_default) return "DefaultCacheBehavior";
  if (path_pattern) return fmt::format("cache behaviour \"{}\"", path_pattern->text);
  return fmt::format("cache behaviour {}", index);
}

bool CacheBehavior::allows_method(std::string_view method) const {
  if (allowed_methods.items.empty()) return method == "GET" || method == "HEAD";
  return allowed_methods.contains(method);
}

bool CacheBehavior::caches_method(std::string_view method) const {
  if (cached_methods.items.empty()) return method == "GET" || method == "HEAD";
  return cached_methods.contains(method) && allows_method(method);
}

std::vector<const CacheBehavior*> Distribution::all_behaviors() const {
  std::vector<const CacheBehavior*> out;
  if (default_behavior) out.push_back(&*default_behavior);
  for (const CacheBehavior& b : behaviors) out.push_back(&b);
  return out;
}

void Distribution::index_ids() {
  origin_index.clear();
  origin_group_index.clear();
  for (std::size_t i = 0; i < origins.size(); ++i) {
    if (origins[i].id) origin_index.emplace(origins[i].id->text, i);
  }
  for (std::size_t i = 0; i < origin_groups.size(); ++i) {
    if (origin_groups[i].id) origin_group_index.emplace(origin_groups[i].id->text, i);
  }
}

const Origin* Distribution::find_origin(std::string_view origin_id) const {
  if (!origin_index.empty()) {
    auto it = origin_index.find(origin_id);
    return it == origin_index.end() ? nullptr : &origins[it->second];
  }
  for (const Origin& o : origins) {
    if (o.id && o.id->text == origin_id) return &o;
  }
  return nullptr;
}

const OriginGroup* Distribution::find_origin_group(std::string_view group_id) const {
  if (!origin_group_index.empty()) {
    auto it = origin_group_index.find(group_id);
    return it == origin_group_index.end() ? nullptr : &origin_groups[it->second];
  }
  for (const OriginGroup& g : origin_groups) {
    if (g.id && g.id->text == group_id) return &g;
  }
  return nullptr;
}

const Origin* Distribution::target_origin(const CacheBehavior& behavior) const {
  if (!behavior.target_origin_id) return nullptr;
  std::string_view target = behavior.target_origin_id->text;
  if (const Origin* o = find_origin(target)) return o;
  if (const OriginGroup* g = find_origin_group(target); g != nullptr && !g->members.empty()) {
    return find_origin(g->members.front().text);
  }
  return nullptr;
}

Distribution build_distribution(const Tree& tree, NodeId root, Form form) {
  Distribution d;
  d.form = form;
  // With --kind the root may be a get-distribution(-config) wrapper.
  if (tree.is(root, Type::Object) && !looks_like_distribution_config(tree, root)) {
    NodeId dist = tree.get(root, "Distribution");
    NodeId inner = tree.is(dist, Type::Object) ? tree.get(dist, "DistributionConfig")
                                               : tree.get(root, "DistributionConfig");
    if (tree.is(inner, Type::Object)) root = inner;
  }
  Builder(tree, d).build(root);
  return d;
}

bool looks_like_distribution_config(const Tree& t, NodeId node) {
  return t.is(node, Type::Object) && t.get(node, "Origins") != kNoNode &&
         t.get(node, "DefaultCacheBehavior") != kNoNode;
}

const CacheBehavior* Distribution::behavior_for(std::string_view path) const {
  for (const CacheBehavior& b : behaviors) {
    if (b.path_pattern && path_pattern_match(b.path_pattern->text, path)) return &b;
  }
  return default_behavior ? &*default_behavior : nullptr;
}

}  // namespace corslint::cloudfront
