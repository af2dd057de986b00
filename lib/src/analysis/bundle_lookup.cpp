#include "corslint/analysis/bundle_lookup.hpp"

#include "corslint/model/cloudfront.hpp"

namespace corslint {
namespace {

template <class P>
const P* find_by_id(const Bundle& b, DocKind kind, std::unique_ptr<const P> Document::*member,
                    std::string_view id) {
  for (const Document* d : b.of(kind)) {
    const P* p = (d->*member).get();
    if (p != nullptr && p->id && p->id->text == id) return p;
  }
  return nullptr;
}

}  // namespace

cloudfront::PolicyLookup policy_lookup(const Bundle& b) {
  cloudfront::PolicyLookup l;
  const Bundle* bp = &b;
  l.response_headers = [bp](std::string_view id) {
    return find_by_id(*bp, DocKind::CloudFrontResponseHeadersPolicy,
                      &Document::response_headers_policy, id);
  };
  l.cache = [bp](std::string_view id) {
    return find_by_id(*bp, DocKind::CloudFrontCachePolicy, &Document::cache_policy, id);
  };
  l.origin_request = [bp](std::string_view id) {
    return find_by_id(*bp, DocKind::CloudFrontOriginRequestPolicy, &Document::origin_request_policy,
                      id);
  };
  return l;
}

cloudfront::PolicyLookup policy_lookup(const Document& doc) {
  if (doc.bundle == nullptr || doc.bundle->ambiguous) return {};
  return policy_lookup(*doc.bundle);
}

}  // namespace corslint
