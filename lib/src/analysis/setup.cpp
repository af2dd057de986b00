#include "corslint/analysis/setup.hpp"

#include <string>

#include "corslint/model/cloudfront.hpp"

namespace corslint {
namespace {

// Policies of one kind by id, first document first (as the bundle lists them).
template <class P>
using ById = std::unordered_map<std::string_view, const P*>;

template <class P>
void index(const Document& d, ById<P>& by_id,
           std::unordered_map<const void*, const Document*>& holders) {
  const P* model = d.as<P>();
  if (model == nullptr) return;
  holders.emplace(model, &d);
  if (model->id) by_id.emplace(model->id->text, model);
}

template <class P>
std::function<const P*(std::string_view)> finder(std::shared_ptr<const ById<P>> by_id) {
  return [by_id](std::string_view id) -> const P* {
    auto it = by_id->find(id);
    return it == by_id->end() ? nullptr : it->second;
  };
}

}  // namespace

Setup::Setup(const Bundle& bundle) : bundle_(bundle) {
  cors_doc_ = bundle.only(DocKind::S3Cors);
  if (cors_doc_ != nullptr) cors_ = cors_doc_->as<cors::Config>();
  policy_doc_ = bundle.only(DocKind::S3BucketPolicy);
  if (policy_doc_ != nullptr) policy_ = policy_doc_->as<policy::Policy>();
  distribution_doc_ = bundle.only(DocKind::CloudFrontDistribution);
  if (distribution_doc_ != nullptr) {
    distribution_ = distribution_doc_->as<cloudfront::Distribution>();
  }

  auto rhp = std::make_shared<ById<cloudfront::ResponseHeadersPolicy>>();
  auto cache = std::make_shared<ById<cloudfront::CachePolicy>>();
  auto orp = std::make_shared<ById<cloudfront::OriginRequestPolicy>>();
  for (const Document* d : bundle.documents) {
    index(*d, *rhp, holders_);
    if (const auto* p = d->as<cloudfront::ResponseHeadersPolicy>()) {
      response_headers_policies_.push_back({d, p});
    }
    index(*d, *cache, holders_);
    index(*d, *orp, holders_);
  }
  lookup_.response_headers = finder<cloudfront::ResponseHeadersPolicy>(std::move(rhp));
  lookup_.cache = finder<cloudfront::CachePolicy>(std::move(cache));
  lookup_.origin_request = finder<cloudfront::OriginRequestPolicy>(std::move(orp));
}

const cloudfront::PolicyLookup& Setup::unambiguous_lookup() const {
  static const cloudfront::PolicyLookup kManagedOnly;
  return bundle_.ambiguous ? kManagedOnly : lookup_;
}

const Document* Setup::document_of(const void* policy_model) const {
  auto it = holders_.find(policy_model);
  return it == holders_.end() ? nullptr : it->second;
}

}  // namespace corslint
