#pragma once

// One setup as the cross-document rules and the simulator see it: a bundle's
// documents by role, with CloudFront policy ids resolvable among them. Built
// once per bundle (the engine builds one for the bundle rules, `corslint
// simulate` one for all its requests), so nothing is looked up per use.
#include <string_view>
#include <unordered_map>
#include <vector>

#include "corslint/analysis/cloudfront_eval.hpp"
#include "corslint/model/bundle.hpp"
#include "corslint/model/cors.hpp"
#include "corslint/model/distribution.hpp"
#include "corslint/model/policy.hpp"

namespace corslint {

class Setup {
 public:
  // The bundle must outlive the setup.
  explicit Setup(const Bundle& bundle);
  // lookup() refers back to the setup: it is neither copied nor moved.
  Setup(const Setup&) = delete;
  Setup& operator=(const Setup&) = delete;

  const Bundle& bundle() const { return bundle_; }
  bool ambiguous() const { return bundle_.ambiguous; }

  // The single document of each kind, and its model (null: none, or more than one).
  const Document* cors_doc() const { return cors_doc_; }
  const cors::Config* cors() const { return cors_; }
  const Document* policy_doc() const { return policy_doc_; }
  const policy::Policy* policy() const { return policy_; }
  const Document* distribution_doc() const { return distribution_doc_; }
  const cloudfront::Distribution* distribution() const { return distribution_; }

  // Every response headers policy among the documents, in bundle order.
  struct HeldPolicy {
    const Document* doc;
    const cloudfront::ResponseHeadersPolicy* policy;
  };
  const std::vector<HeldPolicy>& response_headers_policies() const {
    return response_headers_policies_;
  }

  // Custom (account-owned) CloudFront policies by id among the bundle's
  // documents; AWS-managed ids resolve without it.
  const cloudfront::PolicyLookup& lookup() const { return lookup_; }
  // The same, except that an ambiguous bundle resolves managed ids only: a
  // rule about one distribution must not borrow a policy from a document the
  // bundle could not place.
  const cloudfront::PolicyLookup& unambiguous_lookup() const;

  // The document that holds a custom policy model found through lookup(), or null.
  const Document* document_of(const void* policy_model) const;

 private:
  const Bundle& bundle_;
  const Document* cors_doc_ = nullptr;
  const cors::Config* cors_ = nullptr;
  const Document* policy_doc_ = nullptr;
  const policy::Policy* policy_ = nullptr;
  const Document* distribution_doc_ = nullptr;
  const cloudfront::Distribution* distribution_ = nullptr;
  std::vector<HeldPolicy> response_headers_policies_;
  cloudfront::PolicyLookup lookup_;
  std::unordered_map<const void*, const Document*> holders_;
};

}  // namespace corslint
