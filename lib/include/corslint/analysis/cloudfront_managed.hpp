#pragma once

// AWS-managed CloudFront policies, known by id without any file
// (docs/reference/cors-semantics.md §2.2–2.4). They are returned as the same
// models a file builds, with no nodes; `uncertain` says what the reference
// could not confirm.
#include <span>
#include <string_view>

#include "corslint/model/cloudfront.hpp"

namespace corslint::cloudfront {

// Null when `id` is not a managed policy of that kind.
const ResponseHeadersPolicy* managed_response_headers_policy(std::string_view id);
const CachePolicy* managed_cache_policy(std::string_view id);
const OriginRequestPolicy* managed_origin_request_policy(std::string_view id);

// Every managed policy of each kind, for listings and tests.
std::span<const ResponseHeadersPolicy> managed_response_headers_policies();
std::span<const CachePolicy> managed_cache_policies();
std::span<const OriginRequestPolicy> managed_origin_request_policies();

}  // namespace corslint::cloudfront
