#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <variant>

#include "corslint/model/cloudfront.hpp"
#include "corslint/model/cors.hpp"
#include "corslint/model/distribution.hpp"
#include "corslint/model/json.hpp"
#include "corslint/model/policy.hpp"
#include "corslint/model/source.hpp"

namespace corslint {

// What a document is. New kinds are appended; the names are part of `--kind`.
enum class DocKind : unsigned char {
  Unknown = 0,
  S3BucketPolicy,
  S3Cors,
  CloudFrontDistribution,
  CloudFrontResponseHeadersPolicy,
  CloudFrontCachePolicy,
  CloudFrontOriginRequestPolicy,
};
inline constexpr int kDocKindCount = 7;

std::string_view to_string(DocKind kind);
// Accepts the `--kind` names: "policy", "cors", "distribution",
// "response-headers-policy", "cache-policy", "origin-request-policy", "unknown".
std::optional<DocKind> parse_kind(std::string_view name);

// The typed model of a document: one alternative per kind, in DocKind order
// (monostate for Unknown), so a model type names its kind (kind_of<M>) and a
// rule's check signature names the kinds it runs on.
using Model = std::variant<std::monostate, policy::Policy, cors::Config, cloudfront::Distribution,
                           cloudfront::ResponseHeadersPolicy, cloudfront::CachePolicy,
                           cloudfront::OriginRequestPolicy>;
static_assert(std::variant_size_v<Model> == kDocKindCount);

namespace detail {
template <class M, std::size_t I = 0>
constexpr std::size_t model_index() {
  static_assert(I < std::variant_size_v<Model>, "not a document model type");
  if constexpr (std::is_same_v<std::variant_alternative_t<I, Model>, M>) {
    return I;
  } else {
    return model_index<M, I + 1>();
  }
}
}  // namespace detail

// The kind whose model is M: kind_of<cors::Config> == DocKind::S3Cors.
template <class M>
inline constexpr DocKind kind_of = static_cast<DocKind>(detail::model_index<M>());

// A set of kinds, for rules that apply to several.
using DocKindSet = uint32_t;
constexpr DocKindSet kind_bit(DocKind k) { return DocKindSet{1} << static_cast<unsigned>(k); }
template <class... K>
constexpr DocKindSet kinds(K... k) {
  return (kind_bit(k) | ... | 0u);
}

// One recognised document: a subtree of a file's JSON tree plus its typed model.
// Several documents can share one tree (a CloudFormation template yields one
// per resource), so the tree is shared.
class DocumentMap;

struct Document {
  Document();
  ~Document();
  Document(Document&&) noexcept;
  Document& operator=(Document&&) noexcept;

  std::shared_ptr<const Source> source;
  std::shared_ptr<const json::Tree> tree;
  json::NodeId root = json::kNoNode;
  DocKind kind = DocKind::Unknown;
  bool kind_forced = false;  // --kind said so; recognition did not
  // Prepended to every pointer: "/Policy#" for a policy kept in the "Policy"
  // string of a CLI export, so the pointer names both levels.
  std::string pointer_prefix;
  // Container formats (formats.hpp): `tree` is a translation of part of the
  // file; the map gives each node's pointer in the file and marks values the
  // file does not determine. Null for documents read as they are.
  std::shared_ptr<const DocumentMap> map;
  // The file's syntax when it is not JSON: the tree's offsets are the file's
  // own, but a mechanical fix written as JSON text does not fit it (the
  // Reporter offers XML only what it can write as XML: a value's text).
  bool xml = false;
  // The pointer of a node of `tree` in the user's file, prefix included.
  std::string pointer(json::NodeId node) const;
  // True when a finding located at `node` may rest on an unknown value: rules
  // stay silent there (the engine drops such findings).
  bool touches_unknown(json::NodeId node) const;
  // Facts the container format states about the document, for bundling and
  // messages (empty when the format says nothing or the value is unknown):
  // - resource: where it sits in its file ("SiteBucket" for a CloudFormation
  //   logical id, "aws_s3_bucket_policy.site" for a Terraform address);
  // - bucket_name: the bucket a policy or CORS configuration belongs to, when
  //   the format names it (CloudFormation `Bucket`, Terraform `bucket`);
  // - link_group: documents extracted from one template or plan that
  //   reference each other share a non-empty group key; form_bundles treats a
  //   shared group as evidence that they describe one setup.
  std::string resource;
  std::string bucket_name;
  std::string link_group;

  // The typed model, built once after recognition (monostate for Unknown).
  Model model;
  // The model when the document is of M's kind, else null.
  template <class M>
  const M* as() const {
    return std::get_if<M>(&model);
  }
};

}  // namespace corslint
