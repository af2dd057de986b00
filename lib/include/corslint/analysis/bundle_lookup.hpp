#pragma once

// Resolving CloudFront policy ids against the documents of a bundle.
#include "corslint/analysis/cloudfront_eval.hpp"
#include "corslint/model/bundle.hpp"

namespace corslint {

// A lookup that finds custom (account-owned) policies among the bundle's
// documents by their Id. The bundle must outlive the lookup.
cloudfront::PolicyLookup policy_lookup(const Bundle& bundle);

}  // namespace corslint
