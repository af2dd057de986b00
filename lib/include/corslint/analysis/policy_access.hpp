#pragma once

// What a bucket-policy statement grants and to whom: access levels of
// actions, S3's "is this grant public" test, owner accounts. Shared by the
// P01x/P02x rules; the access-level table is the one place to swap for the
// generated S3 catalog.
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "corslint/analysis/aws_names.hpp"
#include "corslint/model/policy.hpp"
#include "corslint/settings.hpp"

namespace corslint {

// ---- actions -------------------------------------------------------------

// IAM wildcards: glob_match (corslint/text.hpp).
bool has_iam_wildcard(std::string_view s);

enum class AccessLevel : unsigned char { Read, Write, PermissionsManagement };
std::string_view to_string(AccessLevel level);  // "read", "write", "permissions-management"

// The access level of one concrete S3 action ("s3:PutBucketAcl"), by name:
// policy/ACL/ownership/encryption/public-access-block changes are permissions
// management, Get*/List*/Head*/Describe* read, the rest write.
AccessLevel action_access_level(std::string_view action);

// AccessSummary (model/policy.hpp): what a statement's Action reaches. The
// model keeps it per statement (Statement::access, computed once when the
// document is loaded); this computes it.
AccessSummary statement_access(const policy::Statement& st);

// Does the statement's Action (or NotAction, inverted) cover this concrete action?
bool statement_covers_action(const policy::Statement& st, std::string_view action);
// "*" or "s3:*" (any case): every action a bucket policy can name.
bool is_every_action(std::string_view pattern);

// ---- who an Allow admits (S3's "meaning of public") ----------------------

struct RestrictionVerdict {
  bool classification_key = false;  // one of the keys S3's public test reads
  bool restricts = false;           // limits callers to fixed values of that key
  std::string reason;               // why it does not restrict, for messages
};
// Judges one condition the way S3 decides whether a grant is public: only a
// positive operator (not negated, not ...IfExists, not ForAllValues:) on one of
// S3's keys with fixed values (no wildcard account, no "/0") restricts.
RestrictionVerdict judge_restriction(const policy::Condition& c);

struct PublicAccess {
  // Principal entries that admit everyone: "*", {"AWS": "*"}, Federated.
  std::vector<const policy::PrincipalEntry*> open_principals;
  // Conditions that restrict (see judge_restriction).
  std::vector<const policy::Condition*> restricting;
  // The first condition on a classification key that does not restrict.
  const policy::Condition* weak = nullptr;
  std::string weak_reason;

  // Everyone is admitted and nothing restricts: S3 calls the policy public.
  bool is_public() const { return !open_principals.empty() && restricting.empty(); }
  // Everyone is admitted and only aws:SourceIp restricts.
  bool only_source_ip() const;
};
// For an Allow with Principal (not NotPrincipal); empty for anything else.
PublicAccess public_access(const policy::Statement& st);

bool is_source_ip_key(std::string_view key);
// An ARN pattern that names one account: a 12-digit account field, or for S3
// ARNs (which carry no account) a bucket name without wildcards.
bool arn_pins_account(std::string_view arn_pattern);

// ---- resources -------------------------------------------------------------

// The bucket names the policy's Resource entries name, in order, without
// wildcard or placeholder names.
std::vector<std::string_view> policy_buckets(const policy::Policy& p);
// Does a Resource of `st` cover bucket `bucket` itself (object == false) or
// every object in it ("bucket/*")? "*" covers both; NotResource never counts.
bool statement_covers_bucket(const policy::Statement& st, std::string_view bucket, bool object);

// ---- accounts and placeholders ------------------------------------------

// The accounts that are "us": settings' account_id plus trusted_accounts.
std::vector<std::string_view> owner_accounts(const LintSettings& settings);
// Is this principal outside the owner accounts? true for everyone, federated
// users, services and CloudFront OAIs; for account principals only when the
// owners are known; nullopt when it cannot be told.
std::optional<bool> outside_owner(const PrincipalInfo& p, std::span<const std::string_view> owners);

// A principal for messages: "service cloudfront.amazonaws.com", "account
// 444455556666", "\"arn:aws:iam::444455556666:role/R\" (account 444455556666)",
// "anyone meeting the statement's condition (Principal \"*\")", ...
std::string describe_principal(const policy::PrincipalEntry& e, const PrincipalInfo& info);

// A value copied from a template and never filled in ("your-account-id",
// "<ACCOUNT>", "{id}", "ACCOUNT-ID"); "${aws:username}" is a policy variable,
// not a placeholder. Rules skip such values: P029 reports them.
bool looks_like_placeholder(std::string_view value);

}  // namespace corslint
