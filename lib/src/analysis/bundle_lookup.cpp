#include "corslint/analysis/bundle_lookup.hpp"

#include "corslint/model/cloudfront.hpp"

namespace corslint {
namespace {

template <class P>
const P* find_by_id(const Bundle& b, std::string_view id) {
  for (const Document* d : b.of(kind_of<P>)) {
    const P* p = d->as<P>();
    if (p != nullptr && p->id && p->id->text == id) return p;
  }
  return nullptr;
}

}  // namespace

cloudfront::PolicyLookup policy_lookup(const Bundle& b) {
  cloudfront::PolicyLookup l;
  const Bundle* bp = &b;
  l.response_headers = [bp](std::string_view id) {
    return find_by_id<cloudfront::ResponseHeadersPolicy>(*bp, id);
  };
  l.cache = [bp](std::string_view id) { return find_by_id<cloudfront::CachePolicy>(*bp, id); };
  l.origin_request = [bp](std::string_view id) {
    return find_by_id<cloudfront::OriginRequestPolicy>(*bp, id);
  };
  return l;
}

}  // namespace corslint
