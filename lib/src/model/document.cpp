#include "corslint/document.hpp"

#include <iterator>

#include "model/build.hpp"

#include "corslint/model/cloudfront.hpp"
#include "corslint/model/cors.hpp"
#include "corslint/model/distribution.hpp"
#include "corslint/model/policy.hpp"
#include "model/document_map.hpp"

namespace corslint {

namespace {

// One row per kind: its `--kind` name and how its model is built. The rows
// are in DocKind order (checked below), as the Model variant's alternatives are.
struct KindRow {
  DocKind kind;
  std::string_view name;
  Model (*build)(const json::Tree& tree, json::NodeId root, std::size_t bytes,
                 cloudfront::Form form);
};

constexpr KindRow kKinds[] = {
    {DocKind::Unknown, "unknown",
     [](const json::Tree&, json::NodeId, std::size_t, cloudfront::Form) { return Model{}; }},
    {DocKind::S3BucketPolicy, "policy",
     [](const json::Tree& t, json::NodeId root, std::size_t bytes, cloudfront::Form) {
       return Model{policy::build(t, root, bytes)};
     }},
    {DocKind::S3Cors, "cors",
     [](const json::Tree& t, json::NodeId root, std::size_t bytes, cloudfront::Form) {
       return Model{cors::build(t, root, bytes)};
     }},
    {DocKind::CloudFrontDistribution, "distribution",
     [](const json::Tree& t, json::NodeId root, std::size_t, cloudfront::Form form) {
       return Model{cloudfront::build_distribution(t, root, form)};
     }},
    {DocKind::CloudFrontResponseHeadersPolicy, "response-headers-policy",
     [](const json::Tree& t, json::NodeId root, std::size_t, cloudfront::Form form) {
       return Model{cloudfront::build_response_headers_policy(t, root, form)};
     }},
    {DocKind::CloudFrontCachePolicy, "cache-policy",
     [](const json::Tree& t, json::NodeId root, std::size_t, cloudfront::Form form) {
       return Model{cloudfront::build_cache_policy(t, root, form)};
     }},
    {DocKind::CloudFrontOriginRequestPolicy, "origin-request-policy",
     [](const json::Tree& t, json::NodeId root, std::size_t, cloudfront::Form form) {
       return Model{cloudfront::build_origin_request_policy(t, root, form)};
     }},
};

constexpr bool rows_in_kind_order() {
  for (std::size_t i = 0; i < std::size(kKinds); ++i) {
    if (static_cast<std::size_t>(kKinds[i].kind) != i) return false;
  }
  return std::size(kKinds) == kDocKindCount;
}
static_assert(rows_in_kind_order(), "one row per DocKind, in order");

}  // namespace

std::string_view to_string(DocKind kind) {
  auto i = static_cast<std::size_t>(kind);
  return i < std::size(kKinds) ? kKinds[i].name : "unknown";
}

std::optional<DocKind> parse_kind(std::string_view name) {
  for (const KindRow& row : kKinds) {
    if (row.name == name) return row.kind;
  }
  return std::nullopt;
}

Model build_model(DocKind kind, const json::Tree& tree, json::NodeId root, std::size_t bytes,
                  cloudfront::Form form) {
  return kKinds[static_cast<std::size_t>(kind)].build(tree, root, bytes, form);
}

std::string Document::pointer(json::NodeId node) const {
  if (map) return pointer_prefix + map->pointer(node);
  return pointer_prefix + tree->pointer(node);
}

bool Document::touches_unknown(json::NodeId node) const {
  return map && map->touches_unknown(node);
}

Document::Document() = default;
Document::~Document() = default;
Document::Document(Document&&) noexcept = default;
Document& Document::operator=(Document&&) noexcept = default;

}  // namespace corslint
