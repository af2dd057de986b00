#include "corslint/analysis/policy_access.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include <fmt/core.h>

#include "corslint/analysis/catalog.hpp"
#include "corslint/analysis/ip_cidr.hpp"
#include "corslint/text.hpp"

namespace corslint {
namespace {

using policy::Condition;
using policy::SetQualifier;
using policy::Statement;

// Permissions management in the sense of Security Hub S3.6 and the IAM
// reference: who may do what (policy, ACLs, ownership, public access block)
// and how data is protected (default encryption).
constexpr std::array<std::string_view, 14> kPermissionsManagement = {
    "PutBucketPolicy",
    "DeleteBucketPolicy",
    "PutBucketAcl",
    "PutObjectAcl",
    "PutObjectVersionAcl",
    "PutBucketOwnershipControls",
    "PutEncryptionConfiguration",
    "PutBucketPublicAccessBlock",
    "PutAccessPointPolicy",
    "DeleteAccessPointPolicy",
    "PutAccessPointPublicAccessBlock",
    "PutAccountPublicAccessBlock",
    "ObjectOwnerOverrideToBucketOwner",
    "PutMultiRegionAccessPointPolicy",
};

// Concrete actions a wildcard or NotAction is expanded against. Permissions
// management first, so an example names the most serious one.
constexpr std::array<std::string_view, 38> kSampleActions = {
    "s3:PutBucketPolicy",
    "s3:DeleteBucketPolicy",
    "s3:PutBucketAcl",
    "s3:PutObjectAcl",
    "s3:PutObjectVersionAcl",
    "s3:PutBucketOwnershipControls",
    "s3:PutEncryptionConfiguration",
    "s3:PutBucketPublicAccessBlock",
    "s3:GetObject",
    "s3:GetObjectVersion",
    "s3:GetObjectAcl",
    "s3:GetObjectTagging",
    "s3:GetBucketPolicy",
    "s3:GetBucketAcl",
    "s3:GetBucketLocation",
    "s3:GetBucketCORS",
    "s3:ListBucket",
    "s3:ListBucketVersions",
    "s3:ListBucketMultipartUploads",
    "s3:ListMultipartUploadParts",
    "s3:PutObject",
    "s3:DeleteObject",
    "s3:DeleteObjectVersion",
    "s3:AbortMultipartUpload",
    "s3:RestoreObject",
    "s3:PutObjectTagging",
    "s3:DeleteObjectTagging",
    "s3:PutObjectRetention",
    "s3:PutObjectLegalHold",
    "s3:BypassGovernanceRetention",
    "s3:DeleteBucket",
    "s3:PutBucketCORS",
    "s3:PutBucketWebsite",
    "s3:PutBucketVersioning",
    "s3:PutLifecycleConfiguration",
    "s3:PutReplicationConfiguration",
    "s3:ReplicateObject",
    "s3:ReplicateDelete",
};

bool is_s3_action(std::string_view a) { return istarts_with(a, "s3:"); }

bool pattern_covers(std::string_view pattern, std::string_view action) {
  return glob_match(pattern, action, true);
}

// ---- restriction keys ----

enum class KeyClass : unsigned char { Ip, Arn, Account, Org, OrgPath, UserId, Id };

struct RestrictingKey {
  std::string_view key;
  KeyClass cls;
};

// S3's list of keys whose fixed values make a grant non-public (Block Public
// Access, "The meaning of public"), plus the newer network/source keys the
// reference's classification table counts.
constexpr std::array<RestrictingKey, 24> kRestrictingKeys = {{
    {"aws:SourceIp", KeyClass::Ip},
    {"aws:SourceVpc", KeyClass::Id},
    {"aws:SourceVpce", KeyClass::Id},
    {"aws:SourceArn", KeyClass::Arn},
    {"aws:SourceAccount", KeyClass::Account},
    {"aws:SourceOwner", KeyClass::Account},
    {"aws:SourceOrgID", KeyClass::Org},
    {"aws:SourceOrgPaths", KeyClass::OrgPath},
    {"aws:PrincipalArn", KeyClass::Arn},
    {"aws:PrincipalAccount", KeyClass::Account},
    {"aws:PrincipalOrgID", KeyClass::Org},
    {"aws:PrincipalOrgPaths", KeyClass::OrgPath},
    {"aws:userid", KeyClass::UserId},
    {"aws:VpceAccount", KeyClass::Account},
    {"aws:VpceOrgID", KeyClass::Org},
    {"aws:VpceOrgPaths", KeyClass::OrgPath},
    {"aws:SourceVpcArn", KeyClass::Arn},
    {"aws:Ec2InstanceSourceVpc", KeyClass::Id},
    {"ec2:SourceInstanceArn", KeyClass::Arn},
    {"lambda:SourceFunctionArn", KeyClass::Arn},
    {"ssm:SourceInstanceArn", KeyClass::Arn},
    {"s3:x-amz-server-side-encryption-aws-kms-key-id", KeyClass::Arn},
    {"s3:DataAccessPointArn", KeyClass::Arn},
    {"s3:DataAccessPointAccount", KeyClass::Account},
}};

const RestrictingKey* restricting_key(std::string_view key) {
  for (const RestrictingKey& k : kRestrictingKeys) {
    if (iequals(k.key, key)) return &k;
  }
  return nullptr;
}

// Operators that compare the key with the listed values (wildcards or not).
bool literal_operator(std::string_view op) {
  return iequals(op, "StringEquals") || iequals(op, "StringEqualsIgnoreCase");
}
bool pattern_operator(std::string_view op) {
  return iequals(op, "StringLike") || iequals(op, "ArnEquals") || iequals(op, "ArnLike");
}

// Why `v` is not a fixed value of a key of class `cls` under a wildcard-aware
// operator; empty when it is fixed.
std::string wildcard_gap(KeyClass cls, std::string_view key, std::string_view v) {
  if (!has_iam_wildcard(v)) return {};
  switch (cls) {
    case KeyClass::Arn:
      if (arn_pins_account(v)) return {};
      return fmt::format(
          "value \"{}\" of {} leaves the account open, so it matches resources of "
          "every AWS account",
          v, key);
    case KeyClass::OrgPath: {
      std::string_view org = v.substr(0, v.find('/'));
      if (org.starts_with("o-") && !has_iam_wildcard(org)) return {};
      break;
    }
    case KeyClass::UserId: {
      // "AROAEXAMPLEID:*" (every session of one role) counts as fixed.
      auto colon = v.find(':');
      if (colon != std::string_view::npos && colon > 0 && v.substr(colon + 1) == "*" &&
          !has_iam_wildcard(v.substr(0, colon))) {
        return {};
      }
      break;
    }
    default:
      break;
  }
  return fmt::format("value \"{}\" of {} is a wildcard, not a fixed value", v, key);
}

}  // namespace

// ---- actions ----

bool has_iam_wildcard(std::string_view s) {
  // A plain loop: find_first_of calls memchr once per character.
  return std::any_of(s.begin(), s.end(), [](char c) { return c == '*' || c == '?'; });
}

std::string_view to_string(AccessLevel level) {
  switch (level) {
    case AccessLevel::Read:
      return "read";
    case AccessLevel::Write:
      return "write";
    case AccessLevel::PermissionsManagement:
      return "permissions-management";
  }
  return "write";
}

AccessLevel action_access_level(std::string_view action) {
  std::string_view name = action.substr(action.find(':') + 1);
  // Encryption and ownership settings count as permissions management for
  // P024 even where the catalog calls them Write.
  for (std::string_view pm : kPermissionsManagement) {
    if (iequals(pm, name)) return AccessLevel::PermissionsManagement;
  }
  // The catalog's access level when it knows the action; names otherwise.
  if (const catalog::Action* a = catalog::find_s3_action(name)) {
    switch (a->level) {
      case catalog::AccessLevel::List:
      case catalog::AccessLevel::Read:
        return AccessLevel::Read;
      case catalog::AccessLevel::PermissionsManagement:
        return AccessLevel::PermissionsManagement;
      case catalog::AccessLevel::Write:
      case catalog::AccessLevel::Tagging:
        return AccessLevel::Write;
    }
  }
  for (std::string_view pm : kPermissionsManagement) {
    if (iequals(pm, name)) return AccessLevel::PermissionsManagement;
  }
  for (std::string_view prefix : {"Get", "List", "Head", "Describe"}) {
    if (istarts_with(name, prefix)) return AccessLevel::Read;
  }
  return AccessLevel::Write;
}

std::string AccessSummary::levels() const {
  std::vector<std::string_view> parts;
  if (!read.empty()) parts.push_back("read");
  if (!write.empty()) parts.push_back("write");
  if (!permissions.empty()) parts.push_back("permissions-management");
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += i + 1 == parts.size() ? " and " : ", ";
    out += parts[i];
  }
  return out;
}

namespace {
// For each level (Read, Write, PermissionsManagement), the first sample the
// pattern covers, or kSampleActions.size(). Policies repeat a few patterns
// ("s3:*", "s3:Get*") in many statements, so the answers are kept per thread
// (no locks; bounded) instead of matching all samples each time.
std::array<std::uint8_t, 3> first_samples_covered(std::string_view pattern) {
  thread_local std::unordered_map<std::string, std::array<std::uint8_t, 3>> cache;
  std::string key(pattern);
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  constexpr auto kNone = static_cast<std::uint8_t>(kSampleActions.size());
  std::array<std::uint8_t, 3> out = {kNone, kNone, kNone};
  for (std::size_t i = 0; i < kSampleActions.size(); ++i) {
    auto& slot = out[static_cast<std::size_t>(action_access_level(kSampleActions[i]))];
    if (slot == kNone && pattern_covers(pattern, kSampleActions[i])) {
      slot = static_cast<std::uint8_t>(i);
    }
  }
  if (cache.size() >= 1024) cache.clear();
  cache.emplace(std::move(key), out);
  return out;
}
}  // namespace

AccessSummary statement_access(const Statement& st) {
  // The samples' levels never change: looked up once, not per statement and pattern.
  static const auto kSampleLevels = [] {
    std::array<AccessLevel, kSampleActions.size()> out{};
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = action_access_level(kSampleActions[i]);
    return out;
  }();
  AccessSummary s;
  auto note = [&](std::string_view action, AccessLevel level) {
    std::string_view* slot = nullptr;
    switch (level) {
      case AccessLevel::Read:
        slot = &s.read;
        break;
      case AccessLevel::Write:
        slot = &s.write;
        break;
      case AccessLevel::PermissionsManagement:
        slot = &s.permissions;
        break;
    }
    if (slot->empty()) *slot = action;
  };
  if (st.not_action) {
    for (std::size_t i = 0; i < kSampleActions.size(); ++i) {
      if (statement_covers_action(st, kSampleActions[i])) note(kSampleActions[i], kSampleLevels[i]);
    }
    return s;
  }
  for (const Value& a : st.actions) {
    if (!has_iam_wildcard(a.text)) {
      if (is_s3_action(a.text)) note(a.text, action_access_level(a.text));
      continue;
    }
    for (std::uint8_t i : first_samples_covered(a.text)) {
      if (i < kSampleActions.size()) note(kSampleActions[i], kSampleLevels[i]);
    }
  }
  return s;
}

bool statement_covers_action(const Statement& st, std::string_view action) {
  bool listed = std::any_of(st.actions.begin(), st.actions.end(),
                            [&](const Value& a) { return pattern_covers(a.text, action); });
  return st.not_action ? !listed : listed;
}

bool is_every_action(std::string_view pattern) {
  return pattern == "*" || iequals(pattern, "s3:*");
}

// ---- public access ----

bool is_source_ip_key(std::string_view key) { return iequals(key, "aws:SourceIp"); }

// Bucket names are global, so a fixed bucket pins an S3 ARN to its owner.
bool arn_pins_account(std::string_view v) {
  auto arn = parse_arn(v);
  if (!arn || has_iam_wildcard(arn->partition) || has_iam_wildcard(arn->service)) return false;
  if (arn->service == "s3" && arn->account.empty()) {
    std::string_view bucket = arn->resource.substr(0, arn->resource.find('/'));
    return !bucket.empty() && !has_iam_wildcard(bucket);
  }
  return is_account_id(arn->account);
}

RestrictionVerdict judge_restriction(const Condition& c) {
  RestrictionVerdict r;
  const RestrictingKey* k = restricting_key(c.key);
  if (k == nullptr) return r;
  r.classification_key = true;
  if (c.true_when_key_absent()) {
    r.reason = fmt::format(
        "\"{}\" on {} is true for requests without {}, as every anonymous "
        "request from the internet is",
        c.op, c.key, c.key);
    return r;
  }
  bool ip = k->cls == KeyClass::Ip;
  bool literal = literal_operator(c.base_op);
  if (ip ? !iequals(c.base_op, "IpAddress") : !(literal || pattern_operator(c.base_op))) {
    r.reason = fmt::format("\"{}\" on {} does not limit it to fixed values", c.op, c.key);
    return r;
  }
  if (c.values.empty()) {
    r.reason = fmt::format("{} under \"{}\" lists no values", c.key, c.op);
    return r;
  }
  for (const Value& v : c.values) {
    if (ip) {
      auto cidr = parse_ip_cidr(v.text);
      if (cidr && cidr->prefix == 0) {
        r.reason = fmt::format("\"{}\" in {} covers every address", v.text, c.key);
        return r;
      }
    } else if (!literal) {  // String*Equals compares '*' literally: still fixed
      r.reason = wildcard_gap(k->cls, c.key, v.text);
      if (!r.reason.empty()) return r;
    }
  }
  r.restricts = true;
  return r;
}

bool PublicAccess::only_source_ip() const {
  return !open_principals.empty() && !restricting.empty() &&
         std::all_of(restricting.begin(), restricting.end(),
                     [](const Condition* c) { return is_source_ip_key(c->key); });
}

PublicAccess public_access(const Statement& st) {
  PublicAccess out;
  if (!st.is_allow() || !st.principal || st.principal->negated) return out;
  for (const policy::PrincipalEntry& e : st.principal->entries) {
    PrincipalKind kind = classify_principal(e).kind;
    if (kind == PrincipalKind::Everyone || kind == PrincipalKind::Federated) {
      out.open_principals.push_back(&e);
    }
  }
  if (out.open_principals.empty()) return out;
  for (const Condition& c : st.conditions) {
    RestrictionVerdict v = judge_restriction(c);
    if (v.restricts) {
      out.restricting.push_back(&c);
    } else if (v.classification_key && out.weak == nullptr) {
      out.weak = &c;
      out.weak_reason = std::move(v.reason);
    }
  }
  return out;
}

// ---- resources ----

std::vector<std::string_view> policy_buckets(const policy::Policy& p) {
  std::vector<std::string_view> out;
  // Short lists are searched; past 16 names a set keeps 100,000 buckets linear.
  std::unordered_set<std::string_view> seen;
  auto fresh = [&](std::string_view bucket) {
    if (out.size() < 16) return std::find(out.begin(), out.end(), bucket) == out.end();
    if (seen.empty()) seen.insert(out.begin(), out.end());
    return seen.insert(bucket).second;
  };
  for (const Statement& st : p.statements) {
    for (const Value& r : st.resources) {
      auto arn = parse_arn(r.text);
      auto t = arn ? s3_target(*arn) : std::nullopt;
      if (t && !t->bucket.empty() && !has_iam_wildcard(t->bucket) &&
          !looks_like_placeholder(t->bucket) && fresh(t->bucket)) {
        out.push_back(t->bucket);
      }
    }
  }
  return out;
}

bool statement_covers_bucket(const Statement& st, std::string_view bucket, bool object) {
  if (st.not_resource) return false;
  return std::any_of(st.resources.begin(), st.resources.end(), [&](const Value& r) {
    auto arn = parse_arn(r.text);
    auto t = arn ? s3_target(*arn) : std::nullopt;
    if (!t) return r.text == "*";
    if (!glob_match(t->bucket, bucket, false)) return false;
    return object ? t->object && t->key == "*" : !t->object;
  });
}

// ---- accounts and placeholders ----

std::vector<std::string_view> owner_accounts(const LintSettings& settings) {
  std::vector<std::string_view> out;
  if (!settings.account_id.empty()) out.push_back(settings.account_id);
  for (const std::string& a : settings.trusted_accounts) out.push_back(a);
  return out;
}

std::optional<bool> outside_owner(const PrincipalInfo& p,
                                  std::span<const std::string_view> owners) {
  switch (p.kind) {
    case PrincipalKind::Everyone:
    case PrincipalKind::Federated:
    case PrincipalKind::Service:
    case PrincipalKind::OriginAccessIdentity:
      return true;
    case PrincipalKind::Account:
    case PrincipalKind::IamIdentity:
    case PrincipalKind::AssumedRole:
      if (owners.empty() || p.account.empty()) return std::nullopt;
      return std::find(owners.begin(), owners.end(), p.account) == owners.end();
    default:  // canonical users may be the owner; unique ids and invalid forms are unknown
      return std::nullopt;
  }
}

std::string describe_principal(const policy::PrincipalEntry& e, const PrincipalInfo& info) {
  switch (info.kind) {
    case PrincipalKind::Everyone:
      return "anyone meeting the statement's condition (Principal \"*\")";
    case PrincipalKind::Federated:
      return fmt::format("federated users of {}", e.value.text);
    case PrincipalKind::Service:
      return fmt::format("service {}", e.value.text);
    case PrincipalKind::OriginAccessIdentity:
      return fmt::format("CloudFront origin access identity {}", info.name);
    case PrincipalKind::Account:
      return fmt::format("account {}", info.account);
    default:
      if (info.account.empty()) return fmt::format("\"{}\"", e.value.text);
      return fmt::format("\"{}\" (account {})", e.value.text, info.account);
  }
}

bool looks_like_placeholder(std::string_view value) {
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (value[i] == '<' || value[i] == '>') return true;
    if (value[i] == '{' && (i == 0 || value[i - 1] != '$')) return true;
  }
  // A description where an ARN belongs: "cloud-front-distribution-arn".
  if (value.size() >= 4 && (value[value.size() - 4] == '-' || value[value.size() - 4] == '_') &&
      iequals(value.substr(value.size() - 3), "arn")) {
    return true;
  }
  // The markers, lower case, by first letter; matched ignoring case in one pass
  // without a lower-cased copy (this runs on many values of every policy).
  auto at = [&](std::size_t i, std::string_view m) {
    return value.size() - i >= m.size() && iequals(value.substr(i, m.size()), m);
  };
  for (std::size_t i = 0; i < value.size(); ++i) {
    switch (lower(value[i])) {
      case 'y':
        if (at(i, "your-") || at(i, "your_") || at(i, "youraccount")) return true;
        break;
      case 'a':
        if (at(i, "account-id") || at(i, "account_id") || at(i, "accountid")) return true;
        break;
      case 'd':
        if (at(i, "distribution-id") || at(i, "distribution_id") || at(i, "distributionid"))
          return true;
        break;
      case 'r':
        if (at(i, "replace-me") || at(i, "replace_me")) return true;
        break;
      case 'c':
        if (at(i, "changeme")) return true;
        break;
      case 'x':
        if (at(i, "xxxxxx")) return true;
        break;
      default:
        break;
    }
  }
  return false;
}

}  // namespace corslint
