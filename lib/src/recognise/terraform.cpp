// Terraform plan JSON (`terraform show -json`) and Terraform JSON
// configuration (`*.tf.json`): one document per relevant resource, its
// attributes renamed to the shapes the models read (see docs/formats.md).
#include <map>
#include <optional>
#include <span>
#include <string>

#include "recognise/formats.hpp"
#include "recognise/recognise.hpp"

namespace corslint::formats {
namespace {

using json::kNoNode;
using json::NodeId;
using json::Tree;
using json::Type;

// How one Terraform attribute becomes one API/CloudFormation member.
struct Field {
  std::string_view tf;
  std::string_view api;
  enum Shape : unsigned char {
    Scalar,  // a string, number or bool
    List,    // a list/set of scalars → a bare array
    Block,   // a nested block (a one-element list of objects) → an object
    Blocks,  // repeated blocks → an array of objects
  } shape = Scalar;
  std::span<const Field> sub = {};
  // Optional in the provider with default false: a configuration that omits
  // it means false (a plan always shows it).
  bool default_false = false;
};

// S3 CORS (aws_s3_bucket_cors_configuration, the legacy aws_s3_bucket cors_rule).
constexpr Field kCorsRule[] = {
    {"id", "ID"},
    {"allowed_headers", "AllowedHeaders", Field::List},
    {"allowed_methods", "AllowedMethods", Field::List},
    {"allowed_origins", "AllowedOrigins", Field::List},
    {"expose_headers", "ExposeHeaders", Field::List},
    {"max_age_seconds", "MaxAgeSeconds"},
};
constexpr Field kCorsConfig[] = {{"cors_rule", "CORSRules", Field::Blocks, kCorsRule}};

// CloudFront, in CloudFormation's list shapes (bare arrays, no Quantity).
constexpr Field kItems[] = {{"items", "", Field::List}};  // see Field::Block + kItems below
constexpr Field kS3OriginConfig[] = {{"origin_access_identity", "OriginAccessIdentity"}};
constexpr Field kCustomOriginConfig[] = {
    {"http_port", "HTTPPort"},
    {"https_port", "HTTPSPort"},
    {"origin_protocol_policy", "OriginProtocolPolicy"},
    {"origin_ssl_protocols", "OriginSSLProtocols", Field::List},
    {"origin_read_timeout", "OriginReadTimeout"},
    {"origin_keepalive_timeout", "OriginKeepaliveTimeout"},
};
constexpr Field kOrigin[] = {
    {"origin_id", "Id"},
    {"domain_name", "DomainName"},
    {"origin_path", "OriginPath"},
    {"origin_access_control_id", "OriginAccessControlId"},
    {"s3_origin_config", "S3OriginConfig", Field::Block, kS3OriginConfig},
    {"custom_origin_config", "CustomOriginConfig", Field::Block, kCustomOriginConfig},
};
constexpr Field kCookies[] = {{"forward", "Forward"},
                              {"whitelisted_names", "WhitelistedNames", Field::List}};
constexpr Field kForwardedValues[] = {
    {"query_string", "QueryString"},
    {"query_string_cache_keys", "QueryStringCacheKeys", Field::List},
    {"headers", "Headers", Field::List},
    {"cookies", "Cookies", Field::Block, kCookies},
};
constexpr Field kBehavior[] = {
    {"path_pattern", "PathPattern"},
    {"target_origin_id", "TargetOriginId"},
    {"viewer_protocol_policy", "ViewerProtocolPolicy"},
    {"allowed_methods", "AllowedMethods", Field::List},
    {"cached_methods", "CachedMethods", Field::List},
    {"cache_policy_id", "CachePolicyId"},
    {"origin_request_policy_id", "OriginRequestPolicyId"},
    {"response_headers_policy_id", "ResponseHeadersPolicyId"},
    {"forwarded_values", "ForwardedValues", Field::Block, kForwardedValues},
    {"min_ttl", "MinTTL"},
    {"default_ttl", "DefaultTTL"},
    {"max_ttl", "MaxTTL"},
    {"compress", "Compress"},
};
constexpr Field kLogging[] = {
    {"bucket", "Bucket"}, {"include_cookies", "IncludeCookies"}, {"prefix", "Prefix"}};
constexpr Field kDistribution[] = {
    {"enabled", "Enabled"},
    {"comment", "Comment"},
    {"default_root_object", "DefaultRootObject"},
    {"aliases", "Aliases", Field::List},
    {"origin", "Origins", Field::Blocks, kOrigin},
    {"default_cache_behavior", "DefaultCacheBehavior", Field::Block, kBehavior},
    {"ordered_cache_behavior", "CacheBehaviors", Field::Blocks, kBehavior},
    {"logging_config", "Logging", Field::Block, kLogging},
};
// Response headers policy: Terraform's {"items": [...]} blocks become bare lists.
constexpr Field kRhpCors[] = {
    {"access_control_allow_credentials", "AccessControlAllowCredentials"},
    {"access_control_allow_headers", "AccessControlAllowHeaders", Field::Block, kItems},
    {"access_control_allow_methods", "AccessControlAllowMethods", Field::Block, kItems},
    {"access_control_allow_origins", "AccessControlAllowOrigins", Field::Block, kItems},
    {"access_control_expose_headers", "AccessControlExposeHeaders", Field::Block, kItems},
    {"access_control_max_age_sec", "AccessControlMaxAgeSec"},
    {"origin_override", "OriginOverride"},
};
constexpr Field kRhp[] = {
    {"name", "Name"},
    {"comment", "Comment"},
    {"cors_config", "CorsConfig", Field::Block, kRhpCors},
};
constexpr Field kHeadersConfig[] = {{"header_behavior", "HeaderBehavior"},
                                    {"headers", "Headers", Field::Block, kItems}};
constexpr Field kCookiesConfig[] = {{"cookie_behavior", "CookieBehavior"},
                                    {"cookies", "Cookies", Field::Block, kItems}};
constexpr Field kQueryConfig[] = {{"query_string_behavior", "QueryStringBehavior"},
                                  {"query_strings", "QueryStrings", Field::Block, kItems}};
constexpr Field kCacheKey[] = {
    {"enable_accept_encoding_brotli", "EnableAcceptEncodingBrotli", Field::Scalar, {}, true},
    {"enable_accept_encoding_gzip", "EnableAcceptEncodingGzip", Field::Scalar, {}, true},
    {"headers_config", "HeadersConfig", Field::Block, kHeadersConfig},
    {"cookies_config", "CookiesConfig", Field::Block, kCookiesConfig},
    {"query_strings_config", "QueryStringsConfig", Field::Block, kQueryConfig},
};
constexpr Field kCachePolicy[] = {
    {"name", "Name"},
    {"comment", "Comment"},
    {"min_ttl", "MinTTL"},
    {"default_ttl", "DefaultTTL"},
    {"max_ttl", "MaxTTL"},
    {"parameters_in_cache_key_and_forwarded_to_origin", "ParametersInCacheKeyAndForwardedToOrigin",
     Field::Block, kCacheKey},
};
constexpr Field kOrpHeaders[] = {{"header_behavior", "HeaderBehavior"},
                                 {"headers", "Headers", Field::Block, kItems}};
constexpr Field kOrpCookies[] = {{"cookie_behavior", "CookieBehavior"},
                                 {"cookies", "Cookies", Field::Block, kItems}};
constexpr Field kOrpQuery[] = {{"query_string_behavior", "QueryStringBehavior"},
                               {"query_strings", "QueryStrings", Field::Block, kItems}};
constexpr Field kOriginRequestPolicy[] = {
    {"name", "Name"},
    {"comment", "Comment"},
    {"headers_config", "HeadersConfig", Field::Block, kOrpHeaders},
    {"cookies_config", "CookiesConfig", Field::Block, kOrpCookies},
    {"query_strings_config", "QueryStringsConfig", Field::Block, kOrpQuery},
};

// Walks a resource's attributes (`values`) next to its unknown marks
// (`after_unknown`, or nothing) and writes the translated tree.
class Walk {
 public:
  Walk(Translator& tr, const Tree& t, bool interpolations)
      : tr_(tr), t_(t), interpolations_(interpolations) {}

  // Members of `obj` (and of the parallel `unk`) named in `fields`.
  void members(NodeId obj, NodeId unk, std::span<const Field> fields) {
    for (const Field& f : fields) {
      NodeId v = t_.is(obj, Type::Object) ? t_.get(obj, f.tf) : kNoNode;
      NodeId u = t_.is(unk, Type::Object) ? t_.get(unk, f.tf) : kNoNode;
      if (v == kNoNode && f.default_false && interpolations_ && t_.is(obj, Type::Object)) {
        tr_.boolean(obj, f.api, false);  // terraform-provider-aws: optional, default false
        continue;
      }
      field(f, v, u);
    }
  }

  void field(const Field& f, NodeId v, NodeId u) {
    if (t_.is(u, Type::Bool) && t_[u].boolean) {  // "known after apply"
      tr_.unknown(v != kNoNode ? v : u, f.api);
      return;
    }
    if (v == kNoNode || t_.is(v, Type::Null)) return;  // not set
    if (interpolated(v)) {
      tr_.unknown(v, f.api);
      return;
    }
    switch (f.shape) {
      case Field::Scalar:
        tr_.scalar(v, f.api);
        return;
      case Field::List:
        list(f, v, u);
        return;
      case Field::Block:
        block(f, v, u);
        return;
      case Field::Blocks:
        blocks(f, v, u);
        return;
    }
  }

 private:
  void list(const Field& f, NodeId v, NodeId u) {
    if (!t_.is(v, Type::Array)) {
      tr_.unknown(v, f.api);  // an expression (tf.json) or a shape we do not know
      return;
    }
    // A plan shows an unset list attribute as []: the same as absent.
    if (t_.children(v).empty() && !t_.is(u, Type::Array)) return;
    if (t_.children(v).empty() && t_.children(u).empty()) return;
    NodeId a = tr_.open(Type::Array, v, f.api);
    auto kids = t_.children(v);
    for (std::size_t i = 0; i < kids.size(); ++i) {
      NodeId ui = element(u, i);
      if ((t_.is(ui, Type::Bool) && t_[ui].boolean) || interpolated(kids[i])) {
        tr_.unknown(kids[i], "");
      } else {
        tr_.scalar(kids[i], "");
      }
    }
    if (t_.is(u, Type::Array) && t_.children(u).size() > kids.size()) {
      tr_.unknown(u, "");  // elements not known yet
    }
    tr_.close(a);
  }

  void block(const Field& f, NodeId v, NodeId u) {
    NodeId obj = t_.is(v, Type::Array) ? element(v, 0) : v;
    NodeId uo = t_.is(u, Type::Array) ? element(u, 0) : u;
    if (!t_.is(obj, Type::Object)) {
      if (t_.is(v, Type::Array) && t_.children(v).empty()) return;  // no block
      tr_.unknown(v, f.api);
      return;
    }
    // {"items": [...]} blocks of CloudFront policies become the list itself.
    if (f.sub.size() == 1 && f.sub[0].api.empty()) {
      NodeId items = t_.get(obj, "items");
      Field inner{"items", f.api, Field::List};
      field(inner, items, t_.is(uo, Type::Object) ? t_.get(uo, "items") : kNoNode);
      return;
    }
    NodeId o = tr_.open(Type::Object, obj, f.api);
    members(obj, uo, f.sub);
    tr_.close(o);
  }

  void blocks(const Field& f, NodeId v, NodeId u) {
    if (t_.is(v, Type::Object)) {  // tf.json: one block written as an object
      NodeId a = tr_.open(Type::Array, v, f.api);
      NodeId o = tr_.open(Type::Object, v, "");
      members(v, kNoNode, f.sub);
      tr_.close(o);
      tr_.close(a);
      return;
    }
    if (!t_.is(v, Type::Array)) {
      tr_.unknown(v, f.api);
      return;
    }
    NodeId a = tr_.open(Type::Array, v, f.api);
    auto kids = t_.children(v);
    for (std::size_t i = 0; i < kids.size(); ++i) {
      if (!t_.is(kids[i], Type::Object)) {
        tr_.unknown(kids[i], "");
        continue;
      }
      NodeId o = tr_.open(Type::Object, kids[i], "");
      members(kids[i], element(u, i), f.sub);
      tr_.close(o);
    }
    tr_.close(a);
  }

  NodeId element(NodeId arr, std::size_t i) const {
    if (!t_.is(arr, Type::Array) || i >= t_.children(arr).size()) return kNoNode;
    return t_.children(arr)[i];
  }
  // tf.json: a string holding an interpolation is an expression, not a value.
  bool interpolated(NodeId v) const {
    return interpolations_ && t_.is(v, Type::String) &&
           t_[v].text.find("${") != std::string_view::npos;
  }

  Translator& tr_;
  const Tree& t_;
  bool interpolations_;
};

struct Resource {
  std::string address;
  std::string_view type;
  NodeId values = kNoNode;
  NodeId unknown = kNoNode;
  NodeId at = kNoNode;  // where the resource is, when values are missing
};

std::optional<Recognised> translated(const Tree& t, const Resource& r, DocKind kind,
                                     std::span<const Field> fields, bool wrap_id,
                                     std::string_view config_key, bool interpolations) {
  Translator tr(t);
  Walk w(tr, t, interpolations);
  NodeId root;
  if (wrap_id) {
    // {"Id": id, "XConfig": {...}}: the policy's id, for behaviours that name it.
    NodeId outer = tr.open(Type::Object, r.values, "");
    w.field(Field{"id", "Id"}, t.get(r.values, "id"),
            t.is(r.unknown, Type::Object) ? t.get(r.unknown, "id") : kNoNode);
    root = tr.open(Type::Object, r.values, config_key);
    w.members(r.values, r.unknown, fields);
    tr.close(root);
    tr.close(outer);
  } else {
    root = tr.open(Type::Object, r.values, config_key);
    w.members(r.values, r.unknown, fields);
    tr.close(root);
  }
  Translator::Result res = tr.finish(root);
  Recognised out;
  out.root = root;
  out.kind = kind;
  out.tree = res.tree;
  out.map = res.map;
  out.cloudformation_form = kind != DocKind::S3Cors;
  return out;
}

bool unknown_attr(const Tree& t, const Resource& r, std::string_view name) {
  NodeId u = t.is(r.unknown, Type::Object) ? t.get(r.unknown, name) : kNoNode;
  return t.is(u, Type::Bool) && t[u].boolean;
}

std::string known_string(const Tree& t, const Resource& r, std::string_view name,
                         bool interpolations) {
  if (unknown_attr(t, r, name)) return {};
  std::string_view s = t.str(t.get(r.values, name));
  if (interpolations && s.find("${") != std::string_view::npos) return {};
  return std::string(s);
}

// A copy of a configuration's value in which "${...}" strings are unknown.
void copy_marking(Translator& tr, const Tree& t, NodeId v, std::string_view key) {
  const json::Node& n = t[v];
  if (n.type == Type::String && n.text.find("${") != std::string_view::npos) {
    tr.unknown(v, key);
  } else if (n.type == Type::Array || n.type == Type::Object) {
    NodeId c = tr.open(n.type, v, key);
    for (NodeId k : t.children(v)) copy_marking(tr, t, k, t[k].key);
    tr.close(c);
  } else {
    tr.scalar(v, key);
  }
}

// A bucket policy written as an object in the configuration.
std::optional<Recognised> policy_object(const Tree& t, NodeId p) {
  Translator tr(t);
  NodeId root = tr.open(Type::Object, p, "");
  for (NodeId k : t.children(p)) copy_marking(tr, t, k, t[k].key);
  tr.close(root);
  Translator::Result res = tr.finish(root);
  Recognised out(root, DocKind::S3BucketPolicy);
  out.tree = res.tree;
  out.map = res.map;
  return out;
}

// One resource → its documents.
void extract(const Tree& t, const Resource& r, bool interpolations, std::vector<Recognised>& out) {
  if (!t.is(r.values, Type::Object)) return;
  auto push = [&](std::optional<Recognised> d, std::string bucket) {
    if (!d) return;
    d->resource = r.address;
    d->bucket_name = std::move(bucket);
    out.push_back(std::move(*d));
  };
  std::string bucket = known_string(t, r, "bucket", interpolations);
  auto policy_string = [&](std::string_view name) {
    NodeId p = t.get(r.values, name);
    if (interpolations && t.is(p, Type::Object)) {
      // HCL (terraform_hcl.hpp): jsonencode({...}), an aws_iam_policy_document,
      // or a policy string already parsed, located at its HCL tokens.
      push(policy_object(t, p), bucket);
      return;
    }
    if (!t.is(p, Type::String) || unknown_attr(t, r, name)) return;
    std::string_view text = t[p].text;
    auto first = text.find_first_not_of(" \t\r\n");
    if (first == std::string_view::npos || text[first] != '{') return;  // empty or an expression
    // tf.json: "${...}" inside the string is an interpolation (a literal IAM
    // variable is written "$${aws:username}"), so the policy is not known.
    if (interpolations && text.find("${") != std::string_view::npos) return;
    Recognised d(p, DocKind::S3BucketPolicy, true);
    d.resource = r.address;
    d.bucket_name = bucket;
    out.push_back(std::move(d));
  };
  auto has_blocks = [&](std::string_view name) {
    NodeId b = t.get(r.values, name);
    // Unknown here is the provider's computed copy (AWS provider v4+), not
    // configuration: only blocks the plan shows are read.
    return (t.is(b, Type::Array) && !t.children(b).empty()) || t.is(b, Type::Object);
  };
  if (r.type == "aws_s3_bucket_policy") {
    policy_string("policy");
  } else if (r.type == "aws_s3_bucket_cors_configuration") {
    push(translated(t, r, DocKind::S3Cors, kCorsConfig, false, "", interpolations), bucket);
  } else if (r.type == "aws_s3_bucket") {
    // The legacy inline arguments (AWS provider v3 and earlier).
    if (has_blocks("cors_rule")) {
      push(translated(t, r, DocKind::S3Cors, kCorsConfig, false, "", interpolations), bucket);
    }
    policy_string("policy");
  } else if (r.type == "aws_cloudfront_distribution") {
    push(
        translated(t, r, DocKind::CloudFrontDistribution, kDistribution, false, "", interpolations),
        {});
  } else if (r.type == "aws_cloudfront_response_headers_policy") {
    push(translated(t, r, DocKind::CloudFrontResponseHeadersPolicy, kRhp, true,
                    "ResponseHeadersPolicyConfig", interpolations),
         {});
  } else if (r.type == "aws_cloudfront_cache_policy") {
    push(translated(t, r, DocKind::CloudFrontCachePolicy, kCachePolicy, true, "CachePolicyConfig",
                    interpolations),
         {});
  } else if (r.type == "aws_cloudfront_origin_request_policy") {
    push(translated(t, r, DocKind::CloudFrontOriginRequestPolicy, kOriginRequestPolicy, true,
                    "OriginRequestPolicyConfig", interpolations),
         {});
  }
  // aws_cloudfront_origin_access_control / _identity: no document of their
  // own; the plan's group links them with the rest.
}

void module_resources(const Tree& t, NodeId module, std::vector<Resource>& out, int depth) {
  if (!t.is(module, Type::Object) || depth > 64) return;
  NodeId resources = t.get(module, "resources");
  if (t.is(resources, Type::Array)) {
    for (NodeId r : t.children(resources)) {
      if (t.str(t.get(r, "mode")) == "data") continue;
      out.push_back({std::string(t.str(t.get(r, "address"))), t.str(t.get(r, "type")),
                     t.get(r, "values"), kNoNode, r});
    }
  }
  NodeId children = t.get(module, "child_modules");
  if (t.is(children, Type::Array)) {
    for (NodeId c : t.children(children)) module_resources(t, c, out, depth + 1);
  }
}

// Every document of one plan or configuration is one link group: resources
// of one Terraform root module are meant to work together.
void finish(std::vector<Recognised>& out, std::size_t first, std::string_view group) {
  std::size_t n = out.size() - first;
  if (n < 2) return;
  for (std::size_t i = first; i < out.size(); ++i) out[i].link_group = std::string(group);
}

}  // namespace

bool terraform_plan(const Tree& t, NodeId root, std::vector<Recognised>& out) {
  if (!t.is(root, Type::Object) || !t.is(t.get(root, "format_version"), Type::String)) return false;
  NodeId changes = t.get(root, "resource_changes");
  NodeId planned = t.get(root, "planned_values");
  NodeId values = t.get(root, "values");  // `terraform show -json` of a state
  if (changes == kNoNode && planned == kNoNode && values == kNoNode) return false;
  std::vector<Resource> resources;
  if (t.is(changes, Type::Array)) {
    // resource_changes says what is unknown (after_unknown); planned_values
    // holds the same resources without that, so it is only read when a plan
    // has no resource_changes.
    for (NodeId c : t.children(changes)) {
      if (t.str(t.get(c, "mode")) == "data") continue;
      NodeId change = t.get(c, "change");
      NodeId after = t.get(change, "after");
      if (!t.is(after, Type::Object)) continue;  // deleted
      resources.push_back({std::string(t.str(t.get(c, "address"))), t.str(t.get(c, "type")), after,
                           t.get(change, "after_unknown"), c});
    }
  } else {
    NodeId holder = t.is(planned, Type::Object) ? planned : values;
    module_resources(t, t.get(holder, "root_module"), resources, 0);
  }
  std::size_t first = out.size();
  for (const Resource& r : resources) extract(t, r, false, out);
  finish(out, first, "terraform");
  return true;
}

bool terraform_config(const Tree& t, NodeId root, std::vector<Recognised>& out) {
  // {"resource": {"aws_s3_bucket_policy": {"site": {...}}}} (also an array
  // of such objects, which Terraform accepts).
  if (!t.is(root, Type::Object)) return false;
  NodeId resource = t.get(root, "resource");
  if (!t.is(resource, Type::Object) && !t.is(resource, Type::Array)) return false;
  std::vector<NodeId> blocks;
  if (t.is(resource, Type::Array)) {
    for (NodeId b : t.children(resource)) blocks.push_back(b);
  } else {
    blocks.push_back(resource);
  }
  bool any = false;
  std::vector<Resource> resources;
  for (NodeId b : blocks) {
    if (!t.is(b, Type::Object)) continue;
    for (NodeId type : t.children(b)) {
      if (!t[type].key.starts_with("aws_") || !t.is(type, Type::Object)) continue;
      any = true;
      for (NodeId name : t.children(type)) {
        NodeId body = name;
        if (t.is(body, Type::Array) && !t.children(body).empty()) body = t.children(body)[0];
        resources.push_back({std::string(t[type].key) + "." + std::string(t[name].key), t[type].key,
                             body, kNoNode, name});
      }
    }
  }
  if (!any) return false;
  std::size_t first = out.size();
  for (const Resource& r : resources) {
    // In configuration, blocks are written as objects, not one-element lists.
    extract(t, r, true, out);
  }
  finish(out, first, "terraform");
  return true;
}

}  // namespace corslint::formats
