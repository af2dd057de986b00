#include "corslint/document.hpp"

#include "corslint/model/cloudfront.hpp"
#include "corslint/model/cors.hpp"
#include "corslint/model/distribution.hpp"
#include "corslint/model/policy.hpp"
#include "recognise/formats.hpp"

namespace corslint {

std::string_view to_string(DocKind kind) {
  switch (kind) {
    case DocKind::Unknown:
      return "unknown";
    case DocKind::S3BucketPolicy:
      return "policy";
    case DocKind::S3Cors:
      return "cors";
    case DocKind::CloudFrontDistribution:
      return "distribution";
    case DocKind::CloudFrontResponseHeadersPolicy:
      return "response-headers-policy";
    case DocKind::CloudFrontCachePolicy:
      return "cache-policy";
    case DocKind::CloudFrontOriginRequestPolicy:
      return "origin-request-policy";
  }
  return "unknown";
}

std::optional<DocKind> parse_kind(std::string_view name) {
  for (int i = 0; i < kDocKindCount; ++i) {
    auto k = static_cast<DocKind>(i);
    if (to_string(k) == name) return k;
  }
  return std::nullopt;
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
