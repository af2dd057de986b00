#pragma once

// How a bundled distribution reaches its S3 bucket and what the bucket policy
// grants CloudFront there: shared by X001-X003 and X008.
#include <string_view>
#include <vector>

#include "corslint/model/bundle.hpp"
#include "corslint/model/distribution.hpp"
#include "corslint/model/policy.hpp"

namespace corslint {

// An S3 origin of a bundled distribution and the bucket policy that governs
// its bucket. Paired when the policy governs the origin's bucket (see
// governed_buckets); when either bucket is unknown, only when the bundle holds
// exactly one policy and the distribution exactly one S3 origin. A policy that
// governs only the distribution's logging bucket (Logging.Bucket) is never
// paired with an origin.
struct OriginPolicy {
  const Document* distribution = nullptr;
  const cloudfront::Origin* origin = nullptr;
  const Document* policy = nullptr;
};
std::vector<OriginPolicy> origin_policies(const Bundle& bundle);

// The bucket of an S3 origin, or empty when unknown (a placeholder, ${...}).
std::string_view origin_bucket(const cloudfront::Origin& origin);

// Does the statement's Resource reach objects of `bucket` ("*", bucket/*,
// bucket/prefix/*, a pattern matching the bucket)? With an empty (unknown)
// bucket, any object ARN counts. NotResource never counts.
bool statement_reaches_objects(const policy::Statement& st, std::string_view bucket);

// What a bucket policy grants CloudFront to do with `bucket`'s objects: one
// object action, s3:GetObject (reading) unless told otherwise.
struct CloudFrontGrants {
  // Allow statements to Service cloudfront.amazonaws.com covering the action.
  std::vector<const policy::Statement*> service;
  // Allow entries to origin access identities covering the action.
  std::vector<const policy::PrincipalEntry*> oai;
  // A CanonicalUser grant covering the action: may be an OAI's canonical
  // id, which cannot be compared offline.
  bool canonical_user = false;
  // An Allow to everyone (Principal "*"), with or without conditions: it may
  // admit CloudFront's requests too, so the access rules stay silent.
  bool everyone = false;
  // An unconditional Deny of the action on the objects to everyone (or to
  // CloudFront): it wins over every grant.
  const policy::Statement* deny = nullptr;
};
CloudFrontGrants cloudfront_grants(const policy::Policy& policy, std::string_view bucket,
                                   std::string_view action = "s3:GetObject");

}  // namespace corslint
