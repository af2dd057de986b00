#pragma once

// ARNs, account ids and principal forms, shared by the policy rules, the
// CloudFront rules and the bundle linker.
#include <optional>
#include <string_view>

#include "corslint/model/policy.hpp"

namespace corslint {

// arn:partition:service:region:account:resource. The resource keeps any
// further colons ("distribution/E1", "user/a:b").
struct Arn {
  std::string_view partition;
  std::string_view service;
  std::string_view region;
  std::string_view account;
  std::string_view resource;
};

// Splits an ARN into its six fields; nullopt when it is not "arn:" plus five colons.
std::optional<Arn> parse_arn(std::string_view text);
bool is_account_id(std::string_view s);  // exactly 12 digits

// An S3 ARN's bucket and key pattern: arn:aws:s3:::bucket/key -> ("bucket", "key", true).
struct S3ArnTarget {
  std::string_view bucket;
  std::string_view key;  // empty for a bucket ARN
  bool object = false;   // had a "/": object-level
};
std::optional<S3ArnTarget> s3_target(const Arn& arn);

enum class PrincipalKind : unsigned char {
  Everyone,              // "*", {"AWS": "*"}
  Account,               // {"AWS": "111122223333"} or arn:aws:iam::111122223333:root
  IamIdentity,           // arn:aws:iam::acct:user/..., role/..., group/...
  AssumedRole,           // arn:aws:sts::acct:assumed-role/role/session, federated-user/...
  OriginAccessIdentity,  // arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E...
  CanonicalUser,         // {"CanonicalUser": "<64 hex>"}
  Service,               // {"Service": "name.amazonaws.com"}
  Federated,             // {"Federated": ...}
  UniqueId,              // AROA..., AIDA...: a deleted identity in an exported policy
  Invalid,               // anything else (partial wildcards, malformed ARNs, ...)
};

struct PrincipalInfo {
  PrincipalKind kind = PrincipalKind::Invalid;
  std::string_view account;  // the owning account when the form names one
  std::string_view name;     // OAI id, service name, unique id, ...
};

PrincipalInfo classify_principal(const policy::PrincipalEntry& entry);

// The CloudFront distribution an AWS:SourceArn names:
// arn:aws:cloudfront::111122223333:distribution/EDFDVBD6EXAMPLE -> account, id.
struct DistributionArn {
  std::string_view account;
  std::string_view id;
};
std::optional<DistributionArn> parse_distribution_arn(std::string_view text);

}  // namespace corslint
