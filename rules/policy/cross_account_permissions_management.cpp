#include <algorithm>
#include <string>

#include <fmt/core.h>

#include "corslint/analysis/aws_names.hpp"
#include "corslint/analysis/policy_access.hpp"
#include "corslint/model/policy.hpp"
#include "corslint/rule.hpp"
#include "corslint/text.hpp"

namespace corslint::rules {
namespace {

constexpr RuleMeta kMeta{
    .code = "P024",
    .name = "policy-cross-account-permissions-management",
    .default_severity = Severity::Error,
    .summary =
        "A principal outside the owner account may change the bucket policy, ACLs or "
        "encryption",
    .rationale =
        "Whoever may call s3:PutBucketPolicy, s3:PutBucketAcl, s3:PutObjectAcl or "
        "s3:PutEncryptionConfiguration can grant themselves everything else or lock the "
        "owner out (Security Hub S3.6). The owner comes from account_id and "
        "trusted_accounts in .corslint.json; without them the rule cannot tell who is "
        "outside and stays silent. Public grants are left to P010.",
    .bad_example = R"({"Version": "2012-10-17", "Statement": [{"Sid": "PartnerAdmin",
        "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
        "Action": ["s3:GetObject", "s3:PutBucketPolicy"],
        "Resource": ["arn:aws:s3:::my-bucket", "arn:aws:s3:::my-bucket/*"]}]})",
    .good_example = R"({"Version": "2012-10-17", "Statement": [{"Sid": "PartnerRead",
        "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"},
        "Action": "s3:GetObject", "Resource": "arn:aws:s3:::my-bucket/*"}]})",
    .fix_hint =
        "Grant other accounts only data actions; keep policy, ACL and encryption changes "
        "with the owner account's administrators.",
    .references = "https://docs.aws.amazon.com/securityhub/latest/userguide/s3-controls.html",
};

// Principal "*" limited by aws:PrincipalAccount or aws:PrincipalArn to owner accounts.
bool limited_to_owners(const policy::Statement& st, std::span<const std::string_view> owners) {
  for (const policy::Condition& c : st.conditions) {
    bool account = iequals(c.key, "aws:PrincipalAccount");
    if ((!account && !iequals(c.key, "aws:PrincipalArn")) || !judge_restriction(c).restricts) {
      continue;
    }
    bool all = std::all_of(c.values.begin(), c.values.end(), [&](const Value& v) {
      std::string_view acct = v.text;
      if (!account) {
        auto arn = parse_arn(v.text);
        acct = arn ? arn->account : std::string_view();
      }
      return std::find(owners.begin(), owners.end(), acct) != owners.end();
    });
    if (all) return true;
  }
  return false;
}

void check(const policy::Policy& policy, Reporter& out) {
  std::vector<std::string_view> owners = owner_accounts(out.settings());
  if (owners.empty()) return;
  const std::string& id = out.settings().account_id;
  std::string owner =
      id.empty() ? std::string("the trusted accounts") : fmt::format("the owner account {}", id);
  for (const policy::Statement& st : policy.statements) {
    if (!st.is_allow() || !st.principal || st.principal->negated) continue;
    const AccessSummary& s = st.access;
    if (s.permissions.empty()) continue;
    for (const policy::PrincipalEntry& e : st.principal->entries) {
      PrincipalInfo info = classify_principal(e);
      bool open = info.kind == PrincipalKind::Everyone || info.kind == PrincipalKind::Federated;
      if (open && (public_access(st).is_public() || limited_to_owners(st, owners))) continue;
      if (outside_owner(info, owners) != true) continue;
      out.report(e.value.node,
                 "{} lets {}, outside {}, call {}: permissions management lets it change who "
                 "may access the bucket or how its data is protected, and grant itself "
                 "everything else; keep it with the owner and grant only data actions",
                 st.label(), describe_principal(e, info), owner, s.permissions);
    }
  }
}

const Registration kRegistration{kMeta, &check};

}  // namespace
}  // namespace corslint::rules
