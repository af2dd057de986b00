#include "corslint/analysis/origin_access.hpp"

#include <algorithm>

#include "corslint/analysis/aws_names.hpp"
#include "corslint/analysis/bundle_facts.hpp"
#include "corslint/analysis/policy_access.hpp"
#include "corslint/text.hpp"

namespace corslint {

std::string_view origin_bucket(const cloudfront::Origin& origin) {
  if (!origin.is_s3() || unknown_value(origin.bucket)) return {};
  return origin.bucket;
}

std::vector<OriginPolicy> origin_policies(const Bundle& bundle) {
  std::vector<OriginPolicy> out;
  std::vector<const Document*> policies = bundle.of(DocKind::S3BucketPolicy);
  for (const Document* dist : bundle.of(DocKind::CloudFrontDistribution)) {
    if (dist->as<cloudfront::Distribution>() == nullptr) continue;
    std::size_t s3_origins = std::count_if(dist->as<cloudfront::Distribution>()->origins.begin(),
                                           dist->as<cloudfront::Distribution>()->origins.end(),
                                           [](const cloudfront::Origin& o) { return o.is_s3(); });
    // A policy that governs only the bucket the distribution logs to is not
    // an origin's policy, even when the origin's bucket is unknown.
    std::string_view logs = dist->as<cloudfront::Distribution>()->logging_bucket();
    auto logging_only = [&](const std::vector<std::string_view>& governed) {
      return !logs.empty() && !governed.empty() &&
             std::all_of(governed.begin(), governed.end(),
                         [&](std::string_view b) { return b == logs; });
    };
    std::size_t candidates =
        std::count_if(policies.begin(), policies.end(), [&](const Document* p) {
          return p->as<policy::Policy>() != nullptr && !logging_only(governed_buckets(*p));
        });
    for (const cloudfront::Origin& o : dist->as<cloudfront::Distribution>()->origins) {
      if (!o.is_s3()) continue;
      std::string_view bucket = origin_bucket(o);
      for (const Document* p : policies) {
        if (p->as<policy::Policy>() == nullptr) continue;
        std::vector<std::string_view> governed = governed_buckets(*p);
        bool paired = false;
        if (!bucket.empty() && !governed.empty()) {
          paired = std::find(governed.begin(), governed.end(), bucket) != governed.end();
        } else if (!logging_only(governed)) {
          paired = candidates == 1 && s3_origins == 1;
        }
        if (paired) out.push_back({dist, &o, p});
      }
    }
  }
  return out;
}

bool statement_reaches_objects(const policy::Statement& st, std::string_view bucket) {
  if (st.not_resource) return false;
  return std::any_of(st.resources.begin(), st.resources.end(), [&](const Value& r) {
    if (r.text == "*") return true;
    auto arn = parse_arn(r.text);
    auto t = arn ? s3_target(*arn) : std::nullopt;
    if (!t || !t->object || !arn->region.empty() || !arn->account.empty()) return false;
    return bucket.empty() || unknown_value(t->bucket) || glob_match(t->bucket, bucket, false);
  });
}

namespace {

bool is_cloudfront_service(const policy::PrincipalEntry& e) {
  return e.type == "Service" && iequals(e.value.text, "cloudfront.amazonaws.com");
}

}  // namespace

CloudFrontGrants cloudfront_grants(const policy::Policy& policy, std::string_view bucket,
                                   std::string_view action) {
  CloudFrontGrants g;
  for (const policy::Statement& st : policy.statements) {
    if (!st.principal || !statement_covers_action(st, action) ||
        !statement_reaches_objects(st, bucket)) {
      continue;
    }
    if (st.is_deny()) {
      if (g.deny != nullptr || !st.conditions.empty() || st.principal->negated) continue;
      bool everyone = std::any_of(st.principal->entries.begin(), st.principal->entries.end(),
                                  [](const policy::PrincipalEntry& e) {
                                    return is_cloudfront_service(e) ||
                                           classify_principal(e).kind == PrincipalKind::Everyone;
                                  });
      if (everyone) g.deny = &st;
      continue;
    }
    if (!st.is_allow() || st.principal->negated) continue;
    bool service = false;
    for (const policy::PrincipalEntry& e : st.principal->entries) {
      if (is_cloudfront_service(e)) service = true;
      PrincipalInfo info = classify_principal(e);
      if (info.kind == PrincipalKind::OriginAccessIdentity) g.oai.push_back(&e);
      if (info.kind == PrincipalKind::CanonicalUser) g.canonical_user = true;
      if (info.kind == PrincipalKind::Everyone) g.everyone = true;
    }
    if (service) g.service.push_back(&st);
  }
  return g;
}

}  // namespace corslint
