#include "corslint/analysis/cors_fronts.hpp"

#include <fmt/format.h>

#include "corslint/analysis/bundle_facts.hpp"
#include "corslint/analysis/origin.hpp"
#include "corslint/analysis/setup.hpp"
#include "corslint/model/distribution.hpp"
#include "corslint/text.hpp"

namespace corslint {

std::string CorsFront::policy_name() const {
  const cloudfront::ResponseHeadersPolicy* p = view.response_headers.policy;
  if (p == nullptr) return "no response headers policy";
  if (p->managed) return fmt::format("the AWS-managed {}", p->label());
  if (policy_doc != nullptr) return fmt::format("{} ({})", p->label(), file_label(*policy_doc));
  return p->label();
}

std::vector<CorsFront> cors_fronts(const Setup& setup) {
  std::vector<CorsFront> out;
  if (setup.ambiguous()) return out;
  const Document* cors = setup.cors_doc();
  const Document* dist = setup.distribution_doc();
  if (setup.cors() == nullptr || setup.distribution() == nullptr) return out;
  const cloudfront::Distribution& d = *setup.distribution();
  // Which bucket: the one the format names for the CORS configuration, else
  // the only bucket the distribution reaches through S3 origins.
  std::string_view bucket = cors->bucket_name;
  if (bucket.empty()) {
    for (const cloudfront::Origin& o : d.origins) {
      if (!o.is_s3() || o.bucket.empty()) continue;
      if (bucket.empty()) {
        bucket = o.bucket;
      } else if (o.bucket != bucket) {
        return out;  // several buckets: which one has this CORS is a guess
      }
    }
  }
  if (bucket.empty()) return out;
  for (const cloudfront::CacheBehavior* b : d.all_behaviors()) {
    const cloudfront::Origin* target = d.target_origin(*b);
    if (target == nullptr || !target->is_s3() || target->bucket != bucket) continue;
    CorsFront f;
    f.cors = cors;
    f.distribution = dist;
    f.view = cloudfront::view(d, *b, setup.lookup());
    if (f.view.response_headers.resolved() && !f.view.response_headers.policy->managed) {
      f.policy_doc = setup.document_of(f.view.response_headers.policy);
    }
    out.push_back(std::move(f));
  }
  return out;
}

Place policy_place(const CorsFront& front, json::NodeId node_in_policy) {
  if (front.policy_doc != nullptr && node_in_policy != json::kNoNode)
    return {front.policy_doc, node_in_policy};
  const Value* id = front.view.response_headers.id;
  return {front.distribution, id != nullptr ? id->node : front.view.behavior->node};
}

bool usable_origin_entry(std::string_view entry) { return origin_defect(entry).empty(); }

bool shares_origin(const cors::Rule& rule, const cloudfront::CorsConfig& policy) {
  for (const Value& s : rule.allowed_origins) {
    if (!usable_origin_entry(s.text)) continue;
    for (const Value& p : policy.allow_origins.items) {
      if (usable_origin_entry(p.text) && wildcard_overlaps(s.text, p.text, true)) return true;
    }
  }
  return false;
}

}  // namespace corslint
